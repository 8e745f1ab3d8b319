// Exact decimal text for the numbers of the Semtech protocol that are written as JSON decimals but are
// integers underneath: frequencies (integer Hz written as MHz), SNR and ack ratios (one decimal). Going
// through a double prints 868.099999999 or 868.1 depending on the compiler's mood; servers then round or
// truncate it differently. Everything here is integer arithmetic on the text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "lorawan/result.hpp"

namespace onechan::semtech {

// Integer Hz as MHz with exactly six decimals: 868100000 -> "868.100000", 868099975 -> "868.099975".
std::string format_mhz(std::uint32_t hz);

// The text of a JSON number in MHz, read exactly into integer Hz: "869.525" -> 869525000, "869" ->
// 869000000. Digits past the sixth decimal are accepted only when they are zeros (they do not change the
// value; "868.1000000" is 868100000 Hz); anything finer than 1 Hz is refused rather than rounded.
// Errors: "freq_not_a_number" (not the plain JSON number grammar), "freq_negative", "freq_exponent"
// (1e3-style notation: no server writes frequencies that way, so it is refused rather than guessed at),
// "freq_sub_hz" (a non-zero digit after the sixth decimal), "freq_out_of_range" (above 4294.967295 MHz,
// the u32 Hz limit).
Result<std::uint32_t> parse_mhz(std::string_view number_text);

// numerator / denominator with exactly one decimal, rounded half to even on the exact value:
// (950, 100) -> "9.5", (-2000, 100) -> "-20.0", (-25, 100) -> "-0.2", (75, 100) -> "0.8". Zero prints as
// "0.0" (never "-0.0"). For the SX1276's quarter-dB SNR steps this is the same text as glibc's
// printf("%.1f"), which is what Semtech's packet forwarder prints. `denominator` must be positive; a
// non-positive denominator prints "0.0".
std::string format_one_decimal(std::int64_t numerator, std::int64_t denominator);

}  // namespace onechan::semtech
