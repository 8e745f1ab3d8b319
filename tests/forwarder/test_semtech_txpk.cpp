// PULL_RESP txpk parsing (forwarder/src/semtech/txpk.hpp). References: the txpk examples of PROTOCOL.TXT v2
// section 6, and the PULL_RESP that ChirpStack's gateway bridge builds in pull_resp_test.go
// (TestGetPullRespPacket, "delay timing - lora"), written as Go's encoding/json writes that struct.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lorawan/hex.hpp"
#include "semtech/tx_ack.hpp"
#include "semtech/txpk.hpp"

namespace onechan::semtech {
namespace {

std::vector<std::uint8_t> bytes_of(const FrameBytes& f) {
  return std::vector<std::uint8_t>(f.begin(), f.end());
}

TEST(SemtechTxpk, ProtocolExampleWithUnpaddedData) {
  // PROTOCOL.TXT section 6, first example ("padding optional": 43 characters for 32 bytes).
  auto r = parse_txpk_json(R"({"txpk":{
	"imme":true,
	"freq":864.123456,
	"rfch":0,
	"powe":14,
	"modu":"LORA",
	"datr":"SF11BW125",
	"codr":"4/6",
	"ipol":false,
	"size":32,
	"data":"H3P3N2i9qc4yt7rK7ldqoeCVJGBybzPY5h1Dd7P7p8v"
}})");
  ASSERT_TRUE(r.ok()) << r.error().code << ": " << r.error().message;
  EXPECT_EQ(r->timing.kind, TxTiming::Kind::Immediate);
  EXPECT_EQ(r->frequency_hz, 864'123'456u);
  EXPECT_EQ(r->rf_chain, 0);
  EXPECT_EQ(r->power_dbm, 14);
  EXPECT_EQ(r->spreading_factor, 11);
  EXPECT_EQ(r->bandwidth_hz, 125'000u);
  EXPECT_EQ(r->coding_rate, 6);
  EXPECT_FALSE(r->invert_iq);
  EXPECT_EQ(r->preamble_symbols, 8);
  EXPECT_FALSE(r->crc_off);
  EXPECT_EQ(bytes_of(r->payload), *from_base64("H3P3N2i9qc4yt7rK7ldqoeCVJGBybzPY5h1Dd7P7p8v="));
  EXPECT_EQ(r->payload.size(), 32u);
}

TEST(SemtechTxpk, ProtocolFskExampleIsRefused) {
  // PROTOCOL.TXT section 6, second example.
  auto r = parse_txpk_json(R"({"txpk":{"imme":true,"freq":861.3,"rfch":0,"powe":12,"modu":"FSK","datr":50000,
                               "fdev":3000,"size":32,"data":"H3P3N2i9qc4yt7rK7ldqoeCVJGBybzPY5h1Dd7P7p8v"}})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "txpk_modu_fsk");
}

TEST(SemtechTxpk, ChirpStackClassADownlink) {
  // pull_resp_test.go "delay timing - lora": Tmst 2000000, Freq 868.1, Powe 14, Brd 1, Ant 2, SF12BW125, 4/5,
  // IPol true, Size 4, Data 01 02 03 04. Go's encoding/json writes the struct fields in declaration order and
  // base64 for []byte; unknown fields (brd, ant) are ignored.
  auto r = parse_txpk_json(
      R"({"txpk":{"imme":false,"tmst":2000000,"freq":868.1,"brd":1,"ant":2,"rfch":0,"powe":14,"modu":"LORA",)"
      R"("datr":"SF12BW125","codr":"4/5","ipol":true,"size":4,"data":"AQIDBA=="}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->timing.kind, TxTiming::Kind::Timestamp);
  EXPECT_EQ(r->timing.tmst_us, 2'000'000u);
  EXPECT_EQ(r->frequency_hz, 868'100'000u);
  EXPECT_EQ(r->spreading_factor, 12);
  EXPECT_TRUE(r->invert_iq);
  EXPECT_EQ(bytes_of(r->payload), (std::vector<std::uint8_t>{1, 2, 3, 4}));
}

TEST(SemtechTxpk, TimingPrecedenceAndDefaults) {
  const std::string tail =
      R"("freq":869.525,"modu":"LORA","datr":"SF9BW125","codr":"4/5","size":0,"data":""}})";
  auto gps = parse_txpk_json(R"({"txpk":{"tmms":1234567890123,)" + tail);
  ASSERT_TRUE(gps.ok()) << gps.error().message;
  EXPECT_EQ(gps->timing.kind, TxTiming::Kind::GpsTime);
  EXPECT_EQ(gps->timing.tmms, 1'234'567'890'123u);
  EXPECT_FALSE(gps->power_dbm.has_value());
  EXPECT_EQ(gps->frequency_hz, 869'525'000u);

  auto tmst_wins = parse_txpk_json(R"({"txpk":{"tmst":4294967295,"tmms":5,)" + tail);
  ASSERT_TRUE(tmst_wins.ok());
  EXPECT_EQ(tmst_wins->timing.kind, TxTiming::Kind::Timestamp);
  EXPECT_EQ(tmst_wins->timing.tmst_us, 4'294'967'295u);

  auto imme_wins = parse_txpk_json(R"({"txpk":{"imme":true,"tmst":7,)" + tail);
  ASSERT_TRUE(imme_wins.ok());
  EXPECT_EQ(imme_wins->timing.kind, TxTiming::Kind::Immediate);

  auto none = parse_txpk_json(R"({"txpk":{"imme":false,)" + tail);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, "txpk_no_timing");
}

TEST(SemtechTxpk, OptionalFieldsAndSemtechAliases) {
  auto r = parse_txpk_json(R"({"txpk":{"imme":true,"freq":869,"modu":"LORA","datr":"SF7BW500","codr":"2/3",)"
                           R"("prea":4,"ncrc":true,"ipol":true,"rfch":1,"size":1,"data":"AA"}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->frequency_hz, 869'000'000u);  // an integer number of MHz
  EXPECT_EQ(r->bandwidth_hz, 500'000u);
  EXPECT_EQ(r->coding_rate, 6);       // "2/3" is Semtech's alias of 4/6
  EXPECT_EQ(r->preamble_symbols, 6);  // raised to Semtech's minimum
  EXPECT_TRUE(r->crc_off);
  EXPECT_EQ(r->rf_chain, 1);
  EXPECT_EQ(bytes_of(r->payload), (std::vector<std::uint8_t>{0}));
  auto half =
      parse_txpk_json(R"({"txpk":{"imme":true,"freq":869.1,"modu":"LORA","datr":"SF7BW125","codr":"1/2",)"
                      R"("prea":12,"size":0,"data":""}})");
  ASSERT_TRUE(half.ok());
  EXPECT_EQ(half->coding_rate, 8);
  EXPECT_EQ(half->preamble_symbols, 12);
}

TEST(SemtechTxpk, TrickyFrequenciesAreExact) {
  auto freq_of = [](const std::string& freq) {
    return parse_txpk_json(R"({"txpk":{"imme":true,"freq":)" + freq +
                           R"(,"modu":"LORA","datr":"SF7BW125","codr":"4/5","size":0,"data":""}})");
  };
  EXPECT_EQ(freq_of("868.1")->frequency_hz, 868'100'000u);
  EXPECT_EQ(freq_of("869.525")->frequency_hz, 869'525'000u);  // 869.52499999999998 as a double
  EXPECT_EQ(freq_of("868.099975")->frequency_hz, 868'099'975u);
  EXPECT_EQ(freq_of("433.175")->frequency_hz, 433'175'000u);
  EXPECT_EQ(freq_of("923.2")->frequency_hz, 923'200'000u);
  EXPECT_EQ(freq_of("868.1000000")->frequency_hz, 868'100'000u);
  EXPECT_EQ(freq_of("868.1e0").error().code, "freq_exponent");
  EXPECT_EQ(freq_of("868.1234567").error().code, "freq_sub_hz");
  EXPECT_EQ(freq_of("-868.1").error().code, "freq_negative");
  EXPECT_EQ(freq_of("-868").error().code, "freq_negative");
  EXPECT_EQ(freq_of("5000").error().code, "freq_out_of_range");
  EXPECT_EQ(freq_of("18446744073709551615").error().code, "freq_out_of_range");
  EXPECT_EQ(freq_of("\"868.1\"").error().code, "freq_not_a_number");
  EXPECT_EQ(freq_of("true").error().code, "freq_not_a_number");
  EXPECT_EQ(freq_of("null").error().code, "freq_not_a_number");
  EXPECT_EQ(freq_of("1e400").error().code, "json_invalid");  // overflows a double: nlohmann refuses it
}

struct Hostile {
  const char* name;
  std::string body;
  const char* code;
  TxAckError answer;
};

std::string txpk_with(const std::string& fields) {
  return R"({"txpk":{)" + fields + "}}";
}

const std::string kGood =
    R"("imme":true,"freq":868.1,"powe":14,"modu":"LORA","datr":"SF7BW125","codr":"4/5","ipol":true,"size":4,"data":"AQIDBA==")";

std::string replace(std::string s, const std::string& from, const std::string& to) {
  s.replace(s.find(from), from.size(), to);
  return s;
}

TEST(SemtechTxpk, HostileInputsGetSpecificErrorsAndAnAnswer) {
  const std::vector<Hostile> cases = {
      {"empty", "", "json_invalid", TxAckError::TxFreq},
      {"not json", "not json", "json_invalid", TxAckError::TxFreq},
      {"truncated", R"({"txpk":{"imme":true)", "json_invalid", TxAckError::TxFreq},
      {"trailing garbage", txpk_with(kGood) + "x", "json_invalid", TxAckError::TxFreq},
      {"invalid utf-8", txpk_with(replace(kGood, "LORA", "LO\xff\xfeRA")), "json_invalid",
       TxAckError::TxFreq},
      {"control char", txpk_with(replace(kGood, "LORA", "LO\x01RA")), "json_invalid", TxAckError::TxFreq},
      {"deep nesting", std::string(10000, '[') + std::string(10000, ']'), "json_too_deep",
       TxAckError::TxFreq},
      {"duplicate freq", txpk_with(kGood + R"(,"freq":869.525)"), "json_duplicate_key", TxAckError::TxFreq},
      {"root array", "[]", "json_not_object", TxAckError::TxFreq},
      {"no txpk", "{}", "txpk_missing", TxAckError::TxFreq},
      {"txpk not object", R"({"txpk":[1]})", "txpk_missing", TxAckError::TxFreq},
      {"missing freq", txpk_with(replace(kGood, R"("freq":868.1,)", "")), "freq_missing", TxAckError::TxFreq},
      {"missing modu", txpk_with(replace(kGood, R"("modu":"LORA",)", "")), "txpk_field_missing",
       TxAckError::TxFreq},
      {"missing datr", txpk_with(replace(kGood, R"("datr":"SF7BW125",)", "")), "txpk_field_missing",
       TxAckError::TxFreq},
      {"missing codr", txpk_with(replace(kGood, R"("codr":"4/5",)", "")), "txpk_field_missing",
       TxAckError::TxFreq},
      {"missing size", txpk_with(replace(kGood, R"("size":4,)", "")), "txpk_field_missing",
       TxAckError::TxFreq},
      {"missing data", txpk_with(replace(kGood, R"(,"data":"AQIDBA==")", "")), "txpk_field_missing",
       TxAckError::TxFreq},
      {"size 256", txpk_with(replace(kGood, R"("size":4)", R"("size":256)")), "txpk_size_too_large",
       TxAckError::TxFreq},
      {"huge size", txpk_with(replace(kGood, R"("size":4)", R"("size":4294967295)")), "txpk_size_too_large",
       TxAckError::TxFreq},
      {"size beyond u32", txpk_with(replace(kGood, R"("size":4)", R"("size":18446744073709551615)")),
       "txpk_field_range", TxAckError::TxFreq},
      {"size beyond u64", txpk_with(replace(kGood, R"("size":4)", R"("size":18446744073709551616)")),
       "txpk_field_type", TxAckError::TxFreq},
      {"size float", txpk_with(replace(kGood, R"("size":4)", R"("size":4.0)")), "txpk_field_type",
       TxAckError::TxFreq},
      {"size negative", txpk_with(replace(kGood, R"("size":4)", R"("size":-4)")), "txpk_field_range",
       TxAckError::TxFreq},
      {"size/data mismatch", txpk_with(replace(kGood, R"("size":4)", R"("size":5)")), "txpk_size_mismatch",
       TxAckError::TxFreq},
      {"huge data", txpk_with(replace(kGood, "AQIDBA==", std::string(1000, 'A'))), "txpk_size_too_large",
       TxAckError::TxFreq},
      {"256 bytes of data",
       txpk_with(replace(replace(kGood, R"("size":4)", R"("size":255)"), "AQIDBA==", std::string(344, 'A'))),
       "txpk_size_too_large", TxAckError::TxFreq},
      {"data not base64", txpk_with(replace(kGood, "AQIDBA==", "AQ!DBA==")), "txpk_data_invalid",
       TxAckError::TxFreq},
      {"data bad length", txpk_with(replace(kGood, "AQIDBA==", "AQIDB")), "txpk_data_invalid",
       TxAckError::TxFreq},
      {"data too much padding", txpk_with(replace(kGood, "AQIDBA==", "AQIDBA===")), "txpk_data_invalid",
       TxAckError::TxFreq},
      {"data number", txpk_with(replace(kGood, R"("AQIDBA==")", "1234")), "txpk_field_type",
       TxAckError::TxFreq},
      {"tmst negative", txpk_with(replace(kGood, R"("imme":true)", R"("tmst":-1)")), "txpk_field_range",
       TxAckError::TxFreq},
      {"tmst beyond u32", txpk_with(replace(kGood, R"("imme":true)", R"("tmst":4294967296)")),
       "txpk_field_range", TxAckError::TxFreq},
      {"tmst float", txpk_with(replace(kGood, R"("imme":true)", R"("tmst":1.5)")), "txpk_field_type",
       TxAckError::TxFreq},
      {"tmms negative", txpk_with(replace(kGood, R"("imme":true)", R"("tmms":-5)")), "txpk_field_range",
       TxAckError::TxFreq},
      {"imme string", txpk_with(replace(kGood, R"("imme":true)", R"("imme":"true")")), "txpk_field_type",
       TxAckError::TxFreq},
      {"ipol number", txpk_with(replace(kGood, R"("ipol":true)", R"("ipol":1)")), "txpk_field_type",
       TxAckError::TxFreq},
      {"ncrc string", txpk_with(kGood + R"(,"ncrc":"yes")"), "txpk_field_type", TxAckError::TxFreq},
      {"rfch negative", txpk_with(kGood + R"(,"rfch":-1)"), "txpk_field_range", TxAckError::TxFreq},
      {"prea too big", txpk_with(kGood + R"(,"prea":65536)"), "txpk_field_range", TxAckError::TxFreq},
      {"powe negative", txpk_with(replace(kGood, R"("powe":14)", R"("powe":-3)")), "powe_out_of_range",
       TxAckError::TxPower},
      {"powe huge", txpk_with(replace(kGood, R"("powe":14)", R"("powe":1000)")), "powe_out_of_range",
       TxAckError::TxPower},
      {"powe float", txpk_with(replace(kGood, R"("powe":14)", R"("powe":14.5)")), "powe_not_an_integer",
       TxAckError::TxPower},
      {"powe string", txpk_with(replace(kGood, R"("powe":14)", R"("powe":"14")")), "powe_not_an_integer",
       TxAckError::TxPower},
      {"freq exponent", txpk_with(replace(kGood, "868.1", "868.1e0")), "freq_exponent", TxAckError::TxFreq},
      {"freq 7 decimals", txpk_with(replace(kGood, "868.1", "868.1000001")), "freq_sub_hz",
       TxAckError::TxFreq},
      {"modu lower case", txpk_with(replace(kGood, "LORA", "lora")), "txpk_modu_unknown", TxAckError::TxFreq},
      {"modu number", txpk_with(replace(kGood, R"("LORA")", "1")), "txpk_field_type", TxAckError::TxFreq},
      {"datr SF13", txpk_with(replace(kGood, "SF7BW125", "SF13BW125")), "txpk_datr_invalid",
       TxAckError::TxFreq},
      {"datr BW", txpk_with(replace(kGood, "SF7BW125", "SF7BW126")), "txpk_datr_invalid", TxAckError::TxFreq},
      {"datr suffix", txpk_with(replace(kGood, "SF7BW125", "SF7BW125x")), "txpk_datr_invalid",
       TxAckError::TxFreq},
      {"datr short", txpk_with(replace(kGood, "SF7BW125", "SF7")), "txpk_datr_invalid", TxAckError::TxFreq},
      {"datr FSK number", txpk_with(replace(kGood, R"("SF7BW125")", "50000")), "txpk_field_type",
       TxAckError::TxFreq},
      {"codr", txpk_with(replace(kGood, "4/5", "4/9")), "txpk_codr_invalid", TxAckError::TxFreq},
  };
  for (const Hostile& c : cases) {
    auto r = parse_txpk_json(c.body);
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.error().code, c.code) << c.name << ": " << r.error().message;
    EXPECT_FALSE(r.error().message.empty()) << c.name;
    EXPECT_EQ(tx_ack_error_for_parse_error(r.error()), c.answer) << c.name;
  }
  // The untouched body is fine: each case above fails for its own reason.
  EXPECT_TRUE(parse_txpk_json(txpk_with(kGood)).ok());
}

TEST(SemtechTxpk, ErrorMessagesNameTheField) {
  auto r = parse_txpk_json(txpk_with(replace(kGood, R"("codr":"4/5",)", "")));
  EXPECT_NE(r.error().message.find("codr"), std::string::npos) << r.error().message;
  auto t = parse_txpk_json(txpk_with(replace(kGood, R"("ipol":true)", R"("ipol":1)")));
  EXPECT_NE(t.error().message.find("ipol"), std::string::npos) << t.error().message;
}

// Every truncation and a sweep of single-byte substitutions of a valid body: a value or a specific error,
// never an exception or a crash (ASan/UBSan builds make this test meaningful for memory errors too).
TEST(SemtechTxpk, MutatedBodiesNeverThrow) {
  const std::string body = txpk_with(kGood);
  for (std::size_t n = 0; n <= body.size(); ++n) {
    auto r = parse_txpk_json(std::string_view(body).substr(0, n));
    if (!r.ok()) {
      EXPECT_FALSE(r.error().code.empty());
    }
  }
  for (std::size_t i = 0; i < body.size(); ++i) {
    for (char c : {'\0', '"', '{', '}', '[', ':', ',', '-', '9', 'e', '.', '\\', '\x80'}) {
      std::string copy = body;
      copy[i] = c;
      auto r = parse_txpk_json(copy);
      if (!r.ok()) {
        EXPECT_FALSE(r.error().code.empty());
      }
    }
  }
}

}  // namespace
}  // namespace onechan::semtech
