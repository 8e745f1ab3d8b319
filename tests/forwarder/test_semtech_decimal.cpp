// Exact decimal text of the Semtech protocol (forwarder/src/semtech/decimal.hpp).
// Independent references: glibc strtod() and printf("%.1f"), and nlohmann's own number parser.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "semtech/decimal.hpp"

namespace onechan::semtech {
namespace {

TEST(SemtechDecimal, FrequencyIsPrintedWithSixDecimalsFromIntegerHz) {
  EXPECT_EQ(format_mhz(868'100'000), "868.100000");
  EXPECT_EQ(format_mhz(868'099'975), "868.099975");  // an SX1301 IF offset; a float prints 868.09997
  EXPECT_EQ(format_mhz(869'525'000), "869.525000");
  EXPECT_EQ(format_mhz(433'175'000), "433.175000");
  EXPECT_EQ(format_mhz(923'200'000), "923.200000");
  EXPECT_EQ(format_mhz(866'349'812), "866.349812");  // PROTOCOL.TXT section 4, first rxpk
  EXPECT_EQ(format_mhz(0), "0.000000");
  EXPECT_EQ(format_mhz(4'294'967'295u), "4294.967295");
}

// A reader that goes through a double (glibc strtod, nlohmann) gets the Hz value back when it rounds.
TEST(SemtechDecimal, FrequencyTextReadsBackAsTheSameHzThroughIndependentParsers) {
  for (std::uint32_t hz : {868'100'000u, 868'099'975u, 869'525'000u, 433'175'000u, 923'200'000u, 863'000'001u,
                           902'300'000u, 927'500'000u, 470'300'000u, 1u, 999'999u}) {
    const std::string text = format_mhz(hz);
    const double by_strtod = std::strtod(text.c_str(), nullptr);
    EXPECT_EQ(std::llround(by_strtod * 1e6), static_cast<long long>(hz)) << text;
    const double by_nlohmann = nlohmann::json::parse(text).get<double>();
    EXPECT_EQ(std::llround(by_nlohmann * 1e6), static_cast<long long>(hz)) << text;
  }
}

TEST(SemtechDecimal, FrequencyTextIsReadExactlyIntoHz) {
  EXPECT_EQ(*parse_mhz("869.525"), 869'525'000u);
  EXPECT_EQ(*parse_mhz("868.1"), 868'100'000u);
  EXPECT_EQ(*parse_mhz("868.099975"), 868'099'975u);
  EXPECT_EQ(*parse_mhz("864.123456"), 864'123'456u);  // PROTOCOL.TXT section 6 example
  EXPECT_EQ(*parse_mhz("869"), 869'000'000u);
  EXPECT_EQ(*parse_mhz("0.000001"), 1u);
  EXPECT_EQ(*parse_mhz("4294.967295"), 4'294'967'295u);
  // Zeros past the sixth decimal do not change the value.
  EXPECT_EQ(*parse_mhz("868.1000000000"), 868'100'000u);
}

TEST(SemtechDecimal, EveryPrintedFrequencyParsesBack) {
  for (std::uint64_t hz = 0; hz <= 4'294'967'295u; hz += 9'999'991u) {
    auto back = parse_mhz(format_mhz(static_cast<std::uint32_t>(hz)));
    ASSERT_TRUE(back.ok()) << hz;
    EXPECT_EQ(*back, hz);
  }
}

void expect_freq_error(std::string_view text, const char* code) {
  auto r = parse_mhz(text);
  ASSERT_FALSE(r.ok()) << text;
  EXPECT_EQ(r.error().code, code) << text << ": " << r.error().message;
}

TEST(SemtechDecimal, FrequencyTextThatIsNotExactHzIsRefused) {
  expect_freq_error("868.1000001", "freq_sub_hz");
  expect_freq_error("868.1234567", "freq_sub_hz");
  expect_freq_error("868.1e0", "freq_exponent");
  expect_freq_error("8.681E2", "freq_exponent");
  expect_freq_error("-868.1", "freq_negative");
  expect_freq_error("-0", "freq_negative");
  expect_freq_error("4294.967296", "freq_out_of_range");
  expect_freq_error("99999", "freq_out_of_range");
  expect_freq_error("123456789012345678901234567890", "freq_out_of_range");
  expect_freq_error("", "freq_not_a_number");
  expect_freq_error("abc", "freq_not_a_number");
  expect_freq_error("868.", "freq_not_a_number");
  expect_freq_error(".5", "freq_not_a_number");
  expect_freq_error("868.1x", "freq_not_a_number");
  expect_freq_error("868,1", "freq_not_a_number");
  expect_freq_error(" 868.1", "freq_not_a_number");
}

TEST(SemtechDecimal, OneDecimalExamples) {
  EXPECT_EQ(format_one_decimal(-2000, 100), "-20.0");
  EXPECT_EQ(format_one_decimal(950, 100), "9.5");
  EXPECT_EQ(format_one_decimal(0, 100), "0.0");
  EXPECT_EQ(format_one_decimal(510, 100), "5.1");   // PROTOCOL.TXT section 4 lsnr
  EXPECT_EQ(format_one_decimal(-25, 100), "-0.2");  // a tie: half to even
  EXPECT_EQ(format_one_decimal(-75, 100), "-0.8");
  EXPECT_EQ(format_one_decimal(125, 100), "1.2");
  EXPECT_EQ(format_one_decimal(-4, 100), "0.0");  // rounds to zero: no "-0.0"
  EXPECT_EQ(format_one_decimal(10000, 100), "100.0");
  EXPECT_EQ(format_one_decimal(200, 3), "66.7");
  EXPECT_EQ(format_one_decimal(5, 0), "0.0");
}

// Semtech's forwarder prints lsnr with printf("%.1f") of the SX127x's quarter-dB SNR. Every quarter-dB
// value of the signed 8-bit register is exact in binary, so glibc's output is the exact half-to-even
// rounding: the two must agree on all 256 values.
TEST(SemtechDecimal, QuarterDbSnrMatchesGlibcPrintf) {
  for (int reg = -128; reg <= 127; ++reg) {
    char expected[32];
    std::snprintf(expected, sizeof expected, "%.1f", reg / 4.0);
    EXPECT_EQ(format_one_decimal(reg * 25, 100), expected) << "RegPktSnrValue " << reg;
  }
}

// ackr = 100 * acked / sent with one decimal; glibc printf("%.1f") of the double is the reference (every
// exact tie with sent <= 64 is a dyadic fraction, so the double is exact there too).
TEST(SemtechDecimal, AckRatioMatchesGlibcPrintf) {
  for (int sent = 1; sent <= 64; ++sent) {
    for (int acked = 0; acked <= sent; ++acked) {
      char expected[32];
      std::snprintf(expected, sizeof expected, "%.1f", 100.0 * acked / sent);
      EXPECT_EQ(format_one_decimal(std::int64_t{acked} * 100, sent), expected) << acked << "/" << sent;
    }
  }
}

}  // namespace
}  // namespace onechan::semtech
