#include "semtech/decimal.hpp"

#include <cstdio>

namespace onechan::semtech {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

std::string format_mhz(std::uint32_t hz) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%u.%06u", static_cast<unsigned>(hz / 1'000'000u),
                static_cast<unsigned>(hz % 1'000'000u));
  return buf;
}

Result<std::uint32_t> parse_mhz(std::string_view text) {
  const std::string shown(text.substr(0, 32));
  std::size_t i = 0;
  if (i < text.size() && text[i] == '-') {
    return make_error("freq_negative", "freq " + shown + " is negative");
  }
  const std::size_t int_begin = i;
  while (i < text.size() && is_digit(text[i])) ++i;
  const std::size_t int_end = i;
  if (int_end == int_begin) {
    return make_error("freq_not_a_number", "freq '" + shown + "' is not a decimal number of MHz");
  }
  std::size_t frac_begin = i;
  std::size_t frac_end = i;
  if (i < text.size() && text[i] == '.') {
    frac_begin = ++i;
    while (i < text.size() && is_digit(text[i])) ++i;
    frac_end = i;
    if (frac_end == frac_begin) {
      return make_error("freq_not_a_number", "freq '" + shown + "' has no digits after the decimal point");
    }
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    return make_error("freq_exponent",
                      "freq " + shown + " uses exponent notation; write MHz as a plain decimal (e.g. 868.1)");
  }
  if (i != text.size()) {
    return make_error("freq_not_a_number", "freq '" + shown + "' is not a decimal number of MHz");
  }

  // Leading zeros cannot make the value larger; skip them so a long run of them cannot overflow.
  std::size_t first = int_begin;
  while (first + 1 < int_end && text[first] == '0') ++first;
  if (int_end - first > 4) {
    return make_error("freq_out_of_range", "freq " + shown + " MHz is above 4294.967295 MHz");
  }
  std::uint64_t hz = 0;
  for (std::size_t k = first; k < int_end; ++k) hz = hz * 10 + static_cast<std::uint64_t>(text[k] - '0');
  hz *= 1'000'000u;
  std::uint64_t scale = 100'000u;
  for (std::size_t k = frac_begin; k < frac_end; ++k) {
    const auto digit = static_cast<std::uint64_t>(text[k] - '0');
    if (k - frac_begin < 6) {
      hz += digit * scale;
      scale /= 10;
    } else if (digit != 0) {
      return make_error("freq_sub_hz",
                        "freq " + shown + " has a digit finer than 1 Hz (more than 6 decimals)");
    }
  }
  if (hz > UINT32_MAX) {
    return make_error("freq_out_of_range", "freq " + shown + " MHz is above 4294.967295 MHz");
  }
  return static_cast<std::uint32_t>(hz);
}

std::string format_one_decimal(std::int64_t numerator, std::int64_t denominator) {
  if (denominator <= 0) return "0.0";
  const bool negative = numerator < 0;
  // |numerator| * 10 fits: callers pass dB in centi-units and packet counts, far from 2^59.
  const std::uint64_t magnitude =
      (negative ? 0u - static_cast<std::uint64_t>(numerator) : static_cast<std::uint64_t>(numerator)) * 10u;
  const auto den = static_cast<std::uint64_t>(denominator);
  std::uint64_t tenths = magnitude / den;
  const std::uint64_t remainder = magnitude % den;
  if (2 * remainder > den || (2 * remainder == den && (tenths % 2) == 1)) ++tenths;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%llu.%llu", (negative && tenths != 0) ? "-" : "",
                static_cast<unsigned long long>(tenths / 10), static_cast<unsigned long long>(tenths % 10));
  return buf;
}

}  // namespace onechan::semtech
