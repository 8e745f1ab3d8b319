#include "semtech/time_text.hpp"

#include <chrono>
#include <cstdio>

namespace onechan::semtech {
namespace {

struct Civil {
  int year;
  unsigned month, day;
  long long hours, minutes, seconds, micros;
};

Civil to_civil(std::int64_t unix_us) {
  using namespace std::chrono;
  const sys_time<microseconds> t{microseconds{unix_us}};
  const sys_days day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss<microseconds> hms{t - day};
  return Civil{static_cast<int>(ymd.year()),
               static_cast<unsigned>(ymd.month()),
               static_cast<unsigned>(ymd.day()),
               static_cast<long long>(hms.hours().count()),
               static_cast<long long>(hms.minutes().count()),
               static_cast<long long>(hms.seconds().count()),
               static_cast<long long>(hms.subseconds().count())};
}

}  // namespace

std::string format_compact_time(std::int64_t unix_us) {
  const Civil c = to_civil(unix_us);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%06lldZ", c.year, c.month, c.day,
                c.hours, c.minutes, c.seconds, c.micros);
  return buf;
}

std::string format_expanded_time(std::int64_t unix_us) {
  const Civil c = to_civil(unix_us);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02lld:%02lld:%02lld GMT", c.year, c.month, c.day, c.hours,
                c.minutes, c.seconds);
  return buf;
}

}  // namespace onechan::semtech
