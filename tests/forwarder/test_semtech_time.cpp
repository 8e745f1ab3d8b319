// The two time formats of the Semtech protocol (forwarder/src/semtech/time_text.hpp). References: the
// examples of PROTOCOL.TXT section 4, and glibc's timegm()/gmtime_r()/strftime() for the conversion.
#include <gtest/gtest.h>

#include <ctime>

#include "semtech/time_text.hpp"

namespace onechan::semtech {
namespace {

std::int64_t unix_us(int year, int month, int day, int hour, int minute, int second, int micros) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<std::int64_t>(timegm(&tm)) * 1'000'000 + micros;
}

TEST(SemtechTime, CompactTimeAsInTheRxpkExample) {
  // PROTOCOL.TXT section 4: "time":"2013-03-31T16:21:17.528002Z"
  EXPECT_EQ(format_compact_time(unix_us(2013, 3, 31, 16, 21, 17, 528002)), "2013-03-31T16:21:17.528002Z");
  EXPECT_EQ(format_compact_time(unix_us(2013, 3, 31, 16, 21, 17, 530974)), "2013-03-31T16:21:17.530974Z");
}

TEST(SemtechTime, CompactTimeKeepsLeadingZerosAndEdges) {
  EXPECT_EQ(format_compact_time(0), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(format_compact_time(unix_us(2024, 2, 29, 23, 59, 59, 999999)), "2024-02-29T23:59:59.999999Z");
  EXPECT_EQ(format_compact_time(unix_us(2038, 1, 19, 3, 14, 8, 1)), "2038-01-19T03:14:08.000001Z");
  EXPECT_EQ(format_compact_time(-1), "1969-12-31T23:59:59.999999Z");
}

TEST(SemtechTime, ExpandedTimeAsInTheStatExample) {
  // PROTOCOL.TXT section 4: "time":"2014-01-12 08:59:28 GMT"
  EXPECT_EQ(format_expanded_time(unix_us(2014, 1, 12, 8, 59, 28, 999999)), "2014-01-12 08:59:28 GMT");
}

// Semtech's forwarder writes the stat time with strftime("%F %T %Z") on gmtime(): compare with glibc.
TEST(SemtechTime, ExpandedTimeMatchesStrftimeOnGmtime) {
  for (std::time_t t : {std::time_t{0}, std::time_t{1389517168}, std::time_t{1709251199},
                        std::time_t{2147483648}, std::time_t{951782400}, std::time_t{4102444799}}) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char expected[64];
    std::strftime(expected, sizeof expected, "%F %T %Z", &tm);
    EXPECT_EQ(format_expanded_time(static_cast<std::int64_t>(t) * 1'000'000), expected) << t;
  }
}

}  // namespace
}  // namespace onechan::semtech
