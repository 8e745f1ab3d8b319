// PUSH_DATA bodies (forwarder/src/semtech/upstream_json.hpp). References:
//  - the rxpk and stat examples of PROTOCOL.TXT v2 section 4 (Lora-net/packet_forwarder), compared byte for
//    byte after removing the "white-spaces, indentation and newlines added for readability";
//  - the rxpk of The Things Stack's pkg/ttnpb/udp/packet_data_test.go (TestUplinkPacket);
//  - nlohmann::json as an independent reader of what we write.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lorawan/hex.hpp"
#include "semtech/upstream_json.hpp"

namespace onechan::semtech {
namespace {

// Drops the whitespace the protocol document adds for readability (outside strings only).
std::string compact(std::string_view pretty) {
  std::string out;
  bool in_string = false;
  for (std::size_t i = 0; i < pretty.size(); ++i) {
    const char c = pretty[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < pretty.size()) {
        out += pretty[++i];
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
      out += c;
    } else if (c != ' ' && c != '\t' && c != '\n') {
      out += c;
    }
  }
  return out;
}

FrameBytes frame(const std::vector<std::uint8_t>& bytes) {
  return FrameBytes(ByteSpan(bytes));
}

std::int64_t unix_us_2013_03_31_16_21_17(int micros) {
  // 2013-03-31T16:21:17Z = 1364746877 s (15795 days * 86400 + 58877 s).
  return 1'364'746'877LL * 1'000'000 + micros;
}

// PROTOCOL.TXT section 4, third rxpk of the example (the first carries a "data" with '-' characters, which
// no base64 encoder produces; the second is FSK).
constexpr const char* kSpecRxpk3 = R"({"rxpk":[
	{
		"time":"2013-03-31T16:21:17.532038Z",
		"tmst":3316387610,
		"chan":0,
		"rfch":0,
		"freq":863.00981,
		"stat":1,
		"modu":"LORA",
		"datr":"SF10BW125",
		"codr":"4/7",
		"rssi":-38,
		"lsnr":5.5,
		"size":32,
		"data":"ysgRl452xNLep9S1NTIg2lomKDxUgn3DJ7DE+b00Ass"
	}
]})";

RxPacket spec_rxpk3() {
  // The example's data is unpadded (the text says "padded"); decode it with the padding added.
  auto payload = from_base64("ysgRl452xNLep9S1NTIg2lomKDxUgn3DJ7DE+b00Ass=");
  EXPECT_TRUE(payload.ok());
  RxPacket p;
  p.time_unix_us = unix_us_2013_03_31_16_21_17(532038);
  p.tmst_us = 3316387610u;
  p.chan = 0;
  p.rfch = 0;
  p.frequency_hz = 863'009'810;
  p.crc = CrcStatus::Ok;
  p.spreading_factor = 10;
  p.bandwidth_hz = 125'000;
  p.coding_rate = 7;
  p.rssi_dbm = -38;
  p.snr_centi_db = 550;
  p.payload = frame(*payload);
  return p;
}

TEST(SemtechUpstreamJson, RxpkIsByteExactAgainstTheProtocolExample) {
  const RxPacket p = spec_rxpk3();
  auto json = build_rxpk_json(std::span(&p, 1));
  ASSERT_TRUE(json.ok()) << json.error().message;
  // Two deliberate differences from the example, both rules of the same document: freq is printed with six
  // decimals (Hz precision), and data is padded base64 ("Base64 encoded RF packet payload, padded").
  std::string expected = compact(kSpecRxpk3);
  expected.replace(expected.find("863.00981"), 9, "863.009810");
  expected.replace(expected.find("Ass\""), 4, "Ass=\"");
  EXPECT_EQ(*json, expected);
}

TEST(SemtechUpstreamJson, RxpkReadsLikeTheProtocolExampleInAnIndependentParser) {
  const RxPacket p = spec_rxpk3();
  const auto ours = nlohmann::json::parse(*build_rxpk_json(std::span(&p, 1)))["rxpk"][0];
  const auto spec = nlohmann::json::parse(kSpecRxpk3)["rxpk"][0];
  ASSERT_EQ(ours.size(), spec.size());
  for (const auto& [key, value] : spec.items()) {
    ASSERT_TRUE(ours.contains(key)) << key;
    if (key == "data") {
      EXPECT_EQ(ours[key].get<std::string>(), value.get<std::string>() + "=");
    } else if (value.is_number()) {
      EXPECT_EQ(ours[key].get<double>(), value.get<double>()) << key;
    } else {
      EXPECT_EQ(ours[key], value) << key;
    }
  }
}

// The Things Stack, pkg/ttnpb/udp/packet_data_test.go, TestUplinkPacket: an rxpk without "time".
constexpr const char* kTtsRxpk = R"({
		"rxpk":[
		   {
			  "tmst":445526776,
			  "chan":0,
			  "rfch":0,
			  "freq":868.099975,
			  "stat":1,
			  "modu":"LORA",
			  "datr":"SF7BW125",
			  "codr":"4/5",
			  "lsnr":-12,
			  "rssi":-112,
			  "size":61,
			  "data":"tlJ+3kao1MjU3ol8kuTwhziot4L/wQGMXngnecZaq5dXGpqZFTHWkzg/Hea7Y4NEjZND1gARpWtPdwC1vQ=="
		   }
		]
	 })";

TEST(SemtechUpstreamJson, RxpkMatchesThePublishedTheThingsStackExample) {
  const auto tts = nlohmann::json::parse(kTtsRxpk)["rxpk"][0];
  auto payload = from_base64(tts["data"].get<std::string>());
  ASSERT_TRUE(payload.ok());
  ASSERT_EQ(payload->size(), 61u);
  RxPacket p;
  p.tmst_us = 445526776;
  p.frequency_hz = 868'099'975;
  p.spreading_factor = 7;
  p.coding_rate = 5;
  p.snr_centi_db = -1200;
  p.rssi_dbm = -112;
  p.payload = frame(*payload);
  const std::string text = *build_rxpk_json(std::span(&p, 1));
  EXPECT_NE(text.find(R"("freq":868.099975,)"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("lsnr":-12.0,)"), std::string::npos) << text;
  const auto ours = nlohmann::json::parse(text)["rxpk"][0];
  ASSERT_EQ(ours.size(), tts.size());
  for (const auto& [key, value] : tts.items()) {
    ASSERT_TRUE(ours.contains(key)) << key;
    if (value.is_number()) {
      EXPECT_EQ(ours[key].get<double>(), value.get<double>()) << key;
    } else {
      EXPECT_EQ(ours[key], value) << key;
    }
  }
}

TEST(SemtechUpstreamJson, EveryFieldReadsBackThroughNlohmann) {
  std::vector<RxPacket> packets(3);
  packets[0].time_unix_us = 1'700'000'000'123'456;
  packets[0].tmst_us = 4'294'967'295u;  // the counter's last value before it wraps
  packets[0].frequency_hz = 868'100'000;
  packets[0].crc = CrcStatus::Bad;
  packets[0].spreading_factor = 12;
  packets[0].bandwidth_hz = 250'000;
  packets[0].coding_rate = 8;
  packets[0].rssi_dbm = -137;
  packets[0].snr_centi_db = -2000;
  packets[1].frequency_hz = 923'200'000;
  packets[1].crc = CrcStatus::NoCrc;
  packets[1].bandwidth_hz = 500'000;
  packets[1].snr_centi_db = -25;
  std::vector<std::uint8_t> big(255);
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<std::uint8_t>(i * 7);
  packets[1].payload = frame(big);
  packets[2].frequency_hz = 433'175'000;
  packets[2].snr_centi_db = 950;
  packets[2].payload = frame({0x40, 0x01});

  const std::string text = *build_rxpk_json(packets);
  const auto doc = nlohmann::json::parse(text);
  ASSERT_EQ(doc["rxpk"].size(), 3u);
  const auto& a = doc["rxpk"][0];
  EXPECT_EQ(a["time"], "2023-11-14T22:13:20.123456Z");
  EXPECT_EQ(a["tmst"].get<std::uint64_t>(), 4'294'967'295u);
  EXPECT_EQ(a["freq"].get<double>(), 868.1);
  EXPECT_EQ(a["stat"].get<int>(), -1);
  EXPECT_EQ(a["modu"], "LORA");
  EXPECT_EQ(a["datr"], "SF12BW250");
  EXPECT_EQ(a["codr"], "4/8");
  EXPECT_EQ(a["rssi"].get<int>(), -137);
  EXPECT_EQ(a["lsnr"].get<double>(), -20.0);
  EXPECT_EQ(a["size"].get<int>(), 0);
  EXPECT_EQ(a["data"], "");
  const auto& b = doc["rxpk"][1];
  EXPECT_FALSE(b.contains("time"));
  EXPECT_EQ(b["freq"].get<double>(), 923.2);
  EXPECT_EQ(b["stat"].get<int>(), 0);
  EXPECT_EQ(b["datr"], "SF7BW500");
  EXPECT_EQ(b["lsnr"].get<double>(), -0.2);
  EXPECT_EQ(b["size"].get<int>(), 255);
  EXPECT_EQ(*from_base64(b["data"].get<std::string>()), big);
  const auto& c = doc["rxpk"][2];
  EXPECT_EQ(c["freq"].get<double>(), 433.175);
  EXPECT_EQ(c["lsnr"].get<double>(), 9.5);
  EXPECT_EQ(c["data"], "QAE=");
  EXPECT_EQ(c["stat"].get<int>(), 1);
  // The number tokens themselves, not only their values.
  EXPECT_NE(text.find(R"("freq":433.175000,)"), std::string::npos);
  EXPECT_NE(text.find(R"("lsnr":9.5,)"), std::string::npos);
}

TEST(SemtechUpstreamJson, RxpkRefusesWhatHasNoSemtechSpelling) {
  RxPacket p;
  EXPECT_EQ(build_rxpk_json({}).error().code, "no_packets");
  p.spreading_factor = 13;
  EXPECT_EQ(build_rxpk_json(std::span(&p, 1)).error().code, "bad_spreading_factor");
  p.spreading_factor = 7;
  p.bandwidth_hz = 62'500;
  EXPECT_EQ(build_rxpk_json(std::span(&p, 1)).error().code, "bad_bandwidth");
  p.bandwidth_hz = 125'000;
  p.coding_rate = 4;
  EXPECT_EQ(build_rxpk_json(std::span(&p, 1)).error().code, "bad_coding_rate");
}

// PROTOCOL.TXT section 4, the stat example.
constexpr const char* kSpecStat = R"({"stat":{
	"time":"2014-01-12 08:59:28 GMT",
	"lati":46.24000,
	"long":3.25230,
	"alti":145,
	"rxnb":2,
	"rxok":2,
	"rxfw":2,
	"ackr":100.0,
	"dwnb":2,
	"txnb":2
}})";

TEST(SemtechUpstreamJson, StatIsByteExactAgainstTheProtocolExample) {
  StatReport s;
  s.time_unix_us = 1'389'517'168LL * 1'000'000;  // 2014-01-12 08:59:28 UTC
  s.location = GatewayLocation{46.24, 3.2523, 145};
  s.rxnb = s.rxok = s.rxfw = 2;
  s.push_acked = s.push_resolved = 2;
  s.dwnb = s.txnb = 2;
  EXPECT_EQ(build_stat_json(s), compact(kSpecStat));
}

TEST(SemtechUpstreamJson, StatWithoutLocationAndWithoutTraffic) {
  StatReport s;
  s.time_unix_us = 0;
  const std::string text = build_stat_json(s);
  EXPECT_EQ(
      text,
      R"({"stat":{"time":"1970-01-01 00:00:00 GMT","rxnb":0,"rxok":0,"rxfw":0,"ackr":0.0,"dwnb":0,"txnb":0}})");
  s.location = GatewayLocation{-33.8688, -151.2093, -5};
  s.push_acked = 2;
  s.push_resolved = 3;
  const auto doc = nlohmann::json::parse(build_stat_json(s));
  EXPECT_EQ(doc["stat"]["lati"].get<double>(), -33.8688);
  EXPECT_EQ(doc["stat"]["long"].get<double>(), -151.2093);
  EXPECT_EQ(doc["stat"]["alti"].get<int>(), -5);
  EXPECT_EQ(doc["stat"]["ackr"].get<double>(), 66.7);
}

}  // namespace
}  // namespace onechan::semtech
