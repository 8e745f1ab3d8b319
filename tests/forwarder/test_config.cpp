// The config file (docs/config.md): one test per class of mistake, each checking that the message names
// the key path, plus the example configs of forwarder/examples/ and the documented defaults.
// Independent references: the region limits come from the LoRaWAN Regional Parameters (RP002-1.0.4:
// EU863-870 spans 863..870 MHz; US902-928 has 125 kHz uplink channels 902.3 MHz + 200 kHz * n, n < 64,
// and 500 kHz ones at 903.0 MHz + 1.6 MHz * n); line/column positions are counted by hand in the texts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "board_file.hpp"
#include "config/config.hpp"

namespace onechan::config {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// A valid config to break one thing in.
std::string with_radio(const std::string& radio_body, const std::string& rest = "") {
  return "{\"radio\": {" + radio_body + "}" + rest + "}";
}
const std::string kSimRadio = R"("board": "sim", "region": "EU868", "frequency_hz": 868100000)";

Error expect_error(const std::string& text, const std::string& code) {
  auto config = parse_config(text, "test.json");
  EXPECT_FALSE(config.ok()) << text;
  if (config.ok()) return {};
  EXPECT_EQ(config.error().code, code) << config.error().message;
  EXPECT_THAT(config.error().message, StartsWith("test.json:")) << config.error().message;
  EXPECT_EQ(config.error().message.find('\n'), std::string::npos) << "one line";
  return config.error();
}

Config expect_ok(const std::string& text) {
  auto config = parse_config(text, "test.json");
  EXPECT_TRUE(config.ok()) << config.error().message;
  return config.ok() ? *config : Config{};
}

// --- defaults and examples ---------------------------------------------------------------------------

TEST(ConfigDefaults, MinimalSimConfigGetsTheDocumentedDefaults) {
  const Config c = expect_ok(with_radio(kSimRadio));
  EXPECT_EQ(c.origin, "test.json");
  EXPECT_FALSE(c.gateway.eui.has_value());
  EXPECT_FALSE(c.gateway.has_location);
  EXPECT_EQ(c.radio.board, "sim");
  EXPECT_EQ(c.radio.region, lorawan::RegionId::EU868);
  EXPECT_EQ(c.radio.frequency_hz, 868'100'000U);
  EXPECT_EQ(c.radio.spreading_factor, 7);
  EXPECT_EQ(c.radio.bandwidth_hz, 125'000U);
  EXPECT_EQ(c.radio.coding_rate, 5);
  EXPECT_FALSE(c.radio.tx_power_dbm.has_value());
  ASSERT_TRUE(c.radio.air && c.radio.downlink_air);
  EXPECT_EQ(c.radio.air->to_string(), "127.0.0.1:47000");
  EXPECT_EQ(c.radio.downlink_air->to_string(), "127.0.0.1:47001");
  EXPECT_TRUE(c.network_servers.empty());
  EXPECT_EQ(c.log.level, LogLevel::info);
}

TEST(ConfigDefaults, NetworkServerDefaults) {
  const Config c =
      expect_ok(with_radio(kSimRadio, R"(, "network_servers": [{"host": "eu1.cloud.thethings.network"}])"));
  ASSERT_EQ(c.network_servers.size(), 1U);
  const NetworkServerConfig& s = c.network_servers[0];
  EXPECT_EQ(s.host, "eu1.cloud.thethings.network");
  EXPECT_EQ(s.port_up, 1700);  // Semtech's packet forwarder defaults (global_conf.json serv_port_up/down)
  EXPECT_EQ(s.port_down, 1700);
  EXPECT_TRUE(s.enabled);
  EXPECT_EQ(s.keepalive_s, 10U);
  EXPECT_EQ(s.stat_interval_s, 30U);
  EXPECT_EQ(s.push_timeout_ms, 1000U);
  EXPECT_FALSE(s.forward_crc_error);
}

TEST(ConfigDefaults, EveryKeySet) {
  const Config c = expect_ok(R"({
    "gateway": {"eui": "b827ebfffe123456", "latitude": -33.86785, "longitude": 151.20732, "altitude": -12},
    "radio": {"board": "dragino-lora-gps-hat", "region": "au915", "frequency_hz": 917200000,
              "spreading_factor": 12, "bandwidth_hz": 125000, "coding_rate": "4/8", "tx_power_dbm": 14},
    "network_servers": [{"host": "2001:db8::1", "port_up": 1701, "port_down": 1702, "enabled": false,
                         "keepalive_s": 5, "stat_interval_s": 60, "push_timeout_ms": 250,
                         "forward_crc_error": true}],
    "log": {"level": "debug"}})");
  ASSERT_TRUE(c.gateway.eui.has_value());
  EXPECT_EQ(c.gateway.eui->to_string(), "B827EBFFFE123456");
  EXPECT_TRUE(c.gateway.has_location);
  EXPECT_DOUBLE_EQ(c.gateway.latitude, -33.86785);
  EXPECT_DOUBLE_EQ(c.gateway.longitude, 151.20732);
  EXPECT_EQ(c.gateway.altitude_m, -12);
  EXPECT_EQ(c.radio.region, lorawan::RegionId::AU915);
  EXPECT_EQ(c.radio.frequency_hz, 917'200'000U);  // AU915 channel 10 (RP002: 915.2 MHz + 200 kHz * n)
  EXPECT_EQ(c.radio.spreading_factor, 12);
  EXPECT_EQ(c.radio.coding_rate, 8);
  EXPECT_EQ(c.radio.tx_power_dbm, std::optional<std::int8_t>(14));
  EXPECT_FALSE(c.radio.air.has_value());
  ASSERT_EQ(c.network_servers.size(), 1U);
  EXPECT_EQ(c.network_servers[0].port_up, 1701);
  EXPECT_EQ(c.network_servers[0].port_down, 1702);
  EXPECT_FALSE(c.network_servers[0].enabled);
  EXPECT_EQ(c.network_servers[0].keepalive_s, 5U);
  EXPECT_EQ(c.network_servers[0].stat_interval_s, 60U);
  EXPECT_EQ(c.network_servers[0].push_timeout_ms, 250U);
  EXPECT_TRUE(c.network_servers[0].forward_crc_error);
  EXPECT_EQ(c.log.level, LogLevel::debug);
}

TEST(ConfigExamples, SimExampleIsTheBuiltInSimConfig) {
  auto c = load_config(fs::path(ONECHAN_CONFIG_EXAMPLES_DIR) / "sim.json");
  ASSERT_TRUE(c.ok()) << c.error().message;
  Config expected = default_sim_config();
  expected.origin = c->origin;
  EXPECT_EQ(*c, expected);
}

TEST(ConfigExamples, EveryExampleLoadsWithItsBoard) {
  const std::vector<fs::path> boards = {fs::path(ONECHAN_SOURCE_BOARDS_DIR_FOR_TESTS)};
  std::size_t examples = 0;
  for (const auto& entry : fs::directory_iterator(ONECHAN_CONFIG_EXAMPLES_DIR)) {
    if (entry.path().extension() != ".json") continue;
    ++examples;
    auto c = load_config(entry.path());
    ASSERT_TRUE(c.ok()) << c.error().message;
    // One example per board file, named after it.
    EXPECT_EQ(c->radio.board, entry.path().stem().string());
    auto wiring = load_config_board(*c, boards);
    EXPECT_TRUE(wiring.ok()) << wiring.error().message;
  }
  std::size_t board_files = 0;
  for (const auto& entry : fs::directory_iterator(ONECHAN_SOURCE_BOARDS_DIR_FOR_TESTS)) {
    if (entry.path().extension() == ".json") ++board_files;
  }
  EXPECT_EQ(examples, board_files) << "every board in boards/ has an example config";
}

// --- unknown keys, at every level ----------------------------------------------------------------------

TEST(ConfigUnknownKey, TopLevelWithSuggestion) {
  const Error e = expect_error(R"({"radoi": {}})", "config_unknown_key");
  EXPECT_EQ(e.message, "test.json: radoi: unknown key (did you mean \"radio\"?)");
}

TEST(ConfigUnknownKey, TopLevelListsTheSections) {
  const Error e = expect_error(with_radio(kSimRadio, R"(, "channels": [])"), "config_unknown_key");
  EXPECT_THAT(e.message, HasSubstr("channels: unknown key"));
  EXPECT_THAT(e.message, HasSubstr("gateway, radio, network_servers, log"));
}

TEST(ConfigUnknownKey, InGateway) {
  const Error e = expect_error(with_radio(kSimRadio, R"(, "gateway": {"lat": 1})"), "config_unknown_key");
  EXPECT_THAT(e.message, HasSubstr("gateway.lat: unknown key"));
}

TEST(ConfigUnknownKey, InRadioReportedBeforeTheMissingKeyItMisspells) {
  const Error e = expect_error(R"({"radio": {"board": "sim", "region": "EU868", "frequncy_hz": 868100000}})",
                               "config_unknown_key");
  EXPECT_EQ(e.message, "test.json: radio.frequncy_hz: unknown key (did you mean \"frequency_hz\"?)");
}

TEST(ConfigUnknownKey, InTheSecondNetworkServer) {
  const Error e = expect_error(
      with_radio(kSimRadio, R"(, "network_servers": [{"host": "a.example"}, {"hots": "b.example"}])"),
      "config_unknown_key");
  EXPECT_THAT(e.message, HasSubstr("network_servers[1].hots: unknown key (did you mean \"host\"?)"));
}

TEST(ConfigUnknownKey, InLog) {
  const Error e = expect_error(with_radio(kSimRadio, R"(, "log": {"lvl": "info"})"), "config_unknown_key");
  EXPECT_THAT(e.message, HasSubstr("log.lvl: unknown key"));
}

TEST(ConfigUnknownKey, AirKeysOnlyWithTheSimBoard) {
  const Error e = expect_error(
      R"({"radio": {"board": "dragino-lora-gps-hat", "region": "EU868", "frequency_hz": 868100000,
                    "air": "127.0.0.1:47000"}})",
      "config_unknown_key");
  EXPECT_THAT(e.message, HasSubstr("radio.air: only for board \"sim\""));
}

TEST(ConfigReservedKey, StorageAndWebhooksAreRefusedNotIgnored) {
  for (const std::string key : {"storage", "webhooks"}) {
    const Error e = expect_error(with_radio(kSimRadio, ", \"" + key + "\": {}"), "config_reserved_key");
    EXPECT_THAT(e.message, StartsWith("test.json: " + key + ": not supported yet"));
  }
}

// --- wrong types -----------------------------------------------------------------------------------

TEST(ConfigWrongType, FrequencyAsText) {
  const Error e = expect_error(R"({"radio": {"board": "sim", "region": "EU868", "frequency_hz": "868.1"}})",
                               "config_bad_type");
  EXPECT_EQ(e.message, "test.json: radio.frequency_hz: must be an integer, got a string");
}

TEST(ConfigWrongType, FractionalWhereAnIntegerIsNeeded) {
  const Error e = expect_error(with_radio(kSimRadio + R"(, "spreading_factor": 7.5)"), "config_bad_type");
  EXPECT_THAT(e.message, HasSubstr("radio.spreading_factor: must be an integer, got a fractional number"));
}

TEST(ConfigWrongType, Others) {
  struct Case {
    std::string text;
    std::string message_part;
  };
  const Case cases[] = {
      {"[]", "the configuration must be a JSON object, got an array"},
      {R"({"radio": []})", "radio: must be an object, got an array"},
      {with_radio(kSimRadio, R"(, "gateway": {"latitude": "52.1", "longitude": 4})"),
       "gateway.latitude: must be a number, got a string"},
      {with_radio(kSimRadio, R"(, "network_servers": {"host": "a"})"),
       "network_servers: must be an array of objects, got an object"},
      {with_radio(kSimRadio, R"(, "network_servers": ["a.example"])"),
       "network_servers[0]: must be an object, got a string"},
      {with_radio(kSimRadio, R"(, "network_servers": [{"host": "a", "enabled": "yes"}])"),
       "network_servers[0].enabled: must be true or false, got a string"},
      {with_radio(kSimRadio, R"(, "gateway": {"eui": 1234})"),
       "gateway.eui: must be a string, got an integer"},
      {with_radio(kSimRadio, R"(, "log": "debug")"), "log: must be an object, got a string"},
  };
  for (const Case& c : cases) {
    const Error e = expect_error(c.text, "config_bad_type");
    EXPECT_THAT(e.message, HasSubstr(c.message_part)) << c.text;
  }
}

// --- missing required keys ---------------------------------------------------------------------------

TEST(ConfigMissingKey, RequiredKeysAreNamed) {
  struct Case {
    std::string text;
    std::string message_part;
  };
  const Case cases[] = {
      {"{}", "radio: missing (required)"},
      {R"({"radio": {"region": "EU868", "frequency_hz": 868100000}})", "radio.board: missing (required)"},
      {R"({"radio": {"board": "sim", "frequency_hz": 868100000}})", "radio.region: missing (required)"},
      {R"({"radio": {"board": "sim", "region": "EU868"}})", "radio.frequency_hz: missing (required)"},
      {with_radio(kSimRadio, R"(, "network_servers": [{"port_up": 1700}])"),
       "network_servers[0].host: missing (required)"},
      {with_radio(kSimRadio, R"(, "gateway": {"latitude": 52.1})"), "gateway.longitude: missing"},
  };
  for (const Case& c : cases) {
    const Error e = expect_error(c.text, "config_missing_key");
    EXPECT_THAT(e.message, HasSubstr(c.message_part)) << c.text;
  }
}

// --- values out of range -----------------------------------------------------------------------------

TEST(ConfigFrequency, OutsideTheRegion) {
  const Error e = expect_error(R"({"radio": {"board": "sim", "region": "EU868", "frequency_hz": 915000000}})",
                               "config_bad_value");
  EXPECT_EQ(e.message, "test.json: radio.frequency_hz: 915000000 Hz is outside EU868 (863000000..870000000)");
}

TEST(ConfigFrequency, ChannelEdgesMustStayInsideTheRegion) {
  // 863.0 MHz is the band edge: a 125 kHz channel centred there spills 62.5 kHz below it.
  const Error e = expect_error(R"({"radio": {"board": "sim", "region": "EU868", "frequency_hz": 863000000}})",
                               "config_bad_value");
  EXPECT_THAT(e.message,
              HasSubstr("radio.frequency_hz: 863000000 Hz: a 125000 Hz channel there reaches outside EU868"));
  expect_ok(R"({"radio": {"board": "sim", "region": "EU868", "frequency_hz": 863062500}})");
  expect_ok(R"({"radio": {"board": "sim", "region": "EU868", "frequency_hz": 869937500}})");
}

TEST(ConfigFrequency, FixedChannelPlansNeedAChannel) {
  const std::string us915 = R"({"radio": {"board": "sim", "region": "US915", "frequency_hz": )";
  expect_ok(us915 + "902300000}}");                                                    // channel 0
  expect_ok(us915 + "914900000}}");                                                    // channel 63
  expect_ok(us915 + R"(903000000, "spreading_factor": 8, "bandwidth_hz": 500000}})");  // channel 64
  const Error e = expect_error(us915 + "902400000}}", "config_bad_value");
  EXPECT_THAT(e.message, HasSubstr("radio.frequency_hz: 902400000 Hz is not a US915 125 kHz uplink channel"));
  expect_error(us915 + "915100000}}", "config_bad_value");  // would be channel 64 at 125 kHz
}

TEST(ConfigRegion, UnknownRegion) {
  const Error e = expect_error(R"({"radio": {"board": "sim", "region": "EU433", "frequency_hz": 433175000}})",
                               "config_bad_value");
  EXPECT_THAT(e.message, HasSubstr("radio.region: unknown region \"EU433\""));
}

TEST(ConfigSpreadingFactor, OutsideSevenToTwelve) {
  for (const std::string sf : {"6", "13", "0"}) {
    const Error e = expect_error(with_radio(kSimRadio + ", \"spreading_factor\": " + sf), "config_bad_value");
    EXPECT_EQ(e.message, "test.json: radio.spreading_factor: must be 7..12, got " + sf);
  }
}

TEST(ConfigSpreadingFactor, MustBeAnUplinkDataRateOfTheRegion) {
  // EU868 defines SF7BW250 (DR6) but no 500 kHz rate; US915 uplinks stop at SF10 on 125 kHz.
  expect_ok(with_radio(kSimRadio + R"(, "spreading_factor": 7, "bandwidth_hz": 250000)"));
  Error e = expect_error(with_radio(kSimRadio + R"(, "spreading_factor": 12, "bandwidth_hz": 500000)"),
                         "config_bad_value");
  EXPECT_THAT(e.message,
              HasSubstr("radio.spreading_factor: SF12 with bandwidth_hz 500000 (SF12BW500) is not an "
                        "uplink data rate of EU868"));
  e = expect_error(R"({"radio": {"board": "sim", "region": "US915", "frequency_hz": 902300000,
                                 "spreading_factor": 12}})",
                   "config_bad_value");
  EXPECT_THAT(e.message, HasSubstr("SF12BW125) is not an uplink data rate of US915"));
}

TEST(ConfigBandwidth, OnlyTheLoRaWANBandwidths) {
  const Error e = expect_error(with_radio(kSimRadio + R"(, "bandwidth_hz": 200000)"), "config_bad_value");
  EXPECT_EQ(e.message, "test.json: radio.bandwidth_hz: must be 125000, 250000 or 500000, got 200000");
  expect_error(with_radio(kSimRadio + R"(, "bandwidth_hz": 125)"), "config_bad_value");  // kHz, not Hz
}

TEST(ConfigCodingRate, FourFiveToFourEight) {
  const Error e = expect_error(with_radio(kSimRadio + R"(, "coding_rate": "4/9")"), "config_bad_value");
  EXPECT_THAT(e.message,
              HasSubstr("radio.coding_rate: must be \"4/5\", \"4/6\", \"4/7\" or \"4/8\", got \"4/9\""));
  EXPECT_EQ(expect_ok(with_radio(kSimRadio + R"(, "coding_rate": "4/6")")).radio.coding_rate, 6);
}

TEST(ConfigTxPower, PaBoostRange) {
  const Error e = expect_error(with_radio(kSimRadio + R"(, "tx_power_dbm": 27)"), "config_bad_value");
  EXPECT_EQ(e.message, "test.json: radio.tx_power_dbm: must be 2..20 dBm, got 27 dBm");
}

TEST(ConfigPort, OutsideOneTo65535) {
  const Error e = expect_error(
      with_radio(kSimRadio,
                 R"(, "network_servers": [{"host": "a.example"}, {"host": "b.example", "port_up": 0}])"),
      "config_bad_value");
  EXPECT_EQ(e.message, "test.json: network_servers[1].port_up: must be 1..65535, got 0");
  const Error e2 = expect_error(
      with_radio(kSimRadio, R"(, "network_servers": [{"host": "a.example", "port_down": 65536}])"),
      "config_bad_value");
  EXPECT_EQ(e2.message, "test.json: network_servers[0].port_down: must be 1..65535, got 65536");
}

TEST(ConfigNetworkServer, IntervalsAndTimeouts) {
  const Error e =
      expect_error(with_radio(kSimRadio, R"(, "network_servers": [{"host": "a.example", "keepalive_s": 0}])"),
                   "config_bad_value");
  EXPECT_EQ(e.message, "test.json: network_servers[0].keepalive_s: must be 1..3600 s, got 0 s");
  expect_error(with_radio(kSimRadio, R"(, "network_servers": [{"host": "a.example", "push_timeout_ms": 5}])"),
               "config_bad_value");
}

TEST(ConfigNetworkServer, HostMustBeAHostName) {
  struct Case {
    std::string host;
    std::string message_part;
  };
  const Case cases[] = {
      {"eu1.cloud.thethings.network:1700", "has a port: give the host name only"},
      {"udp://eu1.cloud.thethings.network", "is a URL"},
      {"my server", "is not a host name or an IP address"},
      {"", "must not be empty"},
      {"-bad.example", "is not a host name"},
  };
  for (const Case& c : cases) {
    const Error e = expect_error(
        with_radio(kSimRadio, R"(, "network_servers": [{"host": ")" + c.host + "\"}]"), "config_bad_value");
    EXPECT_THAT(e.message, HasSubstr("network_servers[0].host: ")) << c.host;
    EXPECT_THAT(e.message, HasSubstr(c.message_part)) << c.host;
  }
  for (const std::string ok : {"localhost", "192.168.1.10", "::1", "router.eu.thethings.network."}) {
    expect_ok(with_radio(kSimRadio, R"(, "network_servers": [{"host": ")" + ok + "\"}]"));
  }
}

TEST(ConfigNetworkServer, TheSameServerTwice) {
  const Error e =
      expect_error(with_radio(kSimRadio, R"(, "network_servers": [{"host": "eu1.cloud.thethings.network"},
                                                      {"host": "localhost"},
                                                      {"host": "EU1.cloud.thethings.network", "port_down": 1701}])"),
                   "config_duplicate_server");
  EXPECT_THAT(e.message, HasSubstr("network_servers[2]: the same server as network_servers[0]"));
  // The same host on other ports is another server (two network servers on one machine).
  expect_ok(with_radio(kSimRadio, R"(, "network_servers": [{"host": "localhost"},
                                                           {"host": "localhost", "port_up": 1710, "port_down": 1711}])"));
}

TEST(ConfigGateway, BadEui) {
  struct Case {
    std::string eui;
    std::string message_part;
  };
  const Case cases[] = {
      {"B827EBFFFE12345", "must be 16 hex digits"},    // 15 digits
      {"B827EBFFFE1234567", "must be 16 hex digits"},  // 17
      {"B827EBFFFE12345G", "must be 16 hex digits"},   // not hex
      {"B8:27:EB:FF:FE:12:34:56", "must be 16 hex digits"}, {"0000000000000000", "is not a gateway EUI"},
  };
  for (const Case& c : cases) {
    const Error e =
        expect_error(with_radio(kSimRadio, R"(, "gateway": {"eui": ")" + c.eui + "\"}"), "config_bad_value");
    EXPECT_THAT(e.message, HasSubstr("test.json: gateway.eui: ")) << c.eui;
    EXPECT_THAT(e.message, HasSubstr(c.message_part)) << c.eui;
  }
}

TEST(ConfigGateway, LocationRanges) {
  Error e = expect_error(with_radio(kSimRadio, R"(, "gateway": {"latitude": 91, "longitude": 0})"),
                         "config_bad_value");
  EXPECT_EQ(e.message, "test.json: gateway.latitude: must be -90..90 degrees, got 91 degrees");
  e = expect_error(with_radio(kSimRadio, R"(, "gateway": {"latitude": 0, "longitude": -180.5})"),
                   "config_bad_value");
  EXPECT_THAT(e.message, HasSubstr("gateway.longitude: must be -180..180 degrees, got -180.5 degrees"));
  e = expect_error(with_radio(kSimRadio, R"(, "gateway": {"altitude": 100})"), "config_bad_value");
  EXPECT_THAT(e.message, HasSubstr("gateway.altitude: given without gateway.latitude and gateway.longitude"));
}

TEST(ConfigSimAir, AddressesAreLoopbackAndDistinct) {
  Error e = expect_error(with_radio(kSimRadio + R"(, "air": "192.168.1.2:47000")"), "config_bad_value");
  EXPECT_THAT(e.message, HasSubstr("radio.air: \"192.168.1.2:47000\" is not a loopback address"));
  e = expect_error(with_radio(kSimRadio + R"(, "air": "127.0.0.1")"), "config_bad_value");
  EXPECT_THAT(e.message, HasSubstr("radio.air: address '127.0.0.1' needs a port"));
  e = expect_error(with_radio(kSimRadio + R"(, "downlink_air": "127.0.0.1:47000")"), "config_bad_value");
  EXPECT_THAT(e.message, HasSubstr("radio.downlink_air: is radio.air too (127.0.0.1:47000)"));
}

TEST(ConfigLog, UnknownLevel) {
  const Error e = expect_error(with_radio(kSimRadio, R"(, "log": {"level": "verbose"})"), "config_bad_value");
  EXPECT_THAT(e.message,
              HasSubstr("log.level: must be \"debug\", \"info\", \"warning\" or \"error\", got \"verbose\""));
}

// --- JSON itself -------------------------------------------------------------------------------------

TEST(ConfigJson, SyntaxErrorNamesLineAndColumn) {
  // Line 4 is "  }": after the trailing comma a key was expected, and '}' is at column 3.
  const std::string text = "{\n  \"radio\": {\n    \"board\": \"sim\",\n  }\n}\n";
  const Error e = expect_error(text, "config_json_invalid");
  EXPECT_THAT(e.message, StartsWith("test.json:4:3: not valid JSON: "));
}

TEST(ConfigJson, SyntaxErrorColumnCountsCharactersNotBytes) {
  // "é" is two bytes in UTF-8; the stray 'x' is the 14th character of line 2 (the 15th byte).
  const std::string text = "{\"log\": {\n\"level\": \"é\" x}}";
  const Error e = expect_error(text, "config_json_invalid");
  EXPECT_THAT(e.message, StartsWith("test.json:2:14: "));
}

TEST(ConfigJson, TruncatedFile) {
  const Error e = expect_error("{\n  \"radio\": {\n", "config_json_invalid");
  EXPECT_THAT(e.message, StartsWith("test.json:3:"));
}

TEST(ConfigJson, DuplicateKeyNamesItsPath) {
  Error e = expect_error(R"({"radio": {"board": "sim", "region": "EU868", "frequency_hz": 868100000,
                                       "frequency_hz": 868300000}})",
                         "config_duplicate_key");
  EXPECT_EQ(e.message, "test.json: radio.frequency_hz: given twice in the same object (JSON keeps only one)");
  e = expect_error(
      with_radio(kSimRadio, R"(, "network_servers": [{"host": "a"}, {"host": "b", "host": "c"}])"),
      "config_duplicate_key");
  EXPECT_THAT(e.message, HasSubstr("network_servers[1].host: given twice"));
  // The same key in two different objects is fine.
  expect_ok(with_radio(kSimRadio, R"(, "network_servers": [{"host": "a"}, {"host": "b"}])"));
}

TEST(ConfigJson, DeepNestingIsAnErrorNotACrash) {
  const std::string open(100'000, '[');
  expect_error(open, "config_json_invalid");
  const Error e = expect_error(open + std::string(100'000, ']'), "config_bad_type");
  EXPECT_THAT(e.message, HasSubstr("the configuration must be a JSON object, got an array"));
  expect_error(R"({"radio": )" + open + std::string(100'000, ']') + "}", "config_bad_type");
}

// --- files -------------------------------------------------------------------------------------------

class ConfigFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("onechan-config-test-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  fs::path dir_;
};

TEST_F(ConfigFile, MissingFile) {
  auto c = load_config(dir_ / "absent.json");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, "config_unreadable");
  EXPECT_THAT(c.error().message, HasSubstr("absent.json"));
}

TEST_F(ConfigFile, ErrorsNameTheFile) {
  const fs::path p =
      write("onechan.json", R"({"radio": {"board": "sim", "region": "EU868", "frequency_hz": 0}})");
  auto c = load_config(p);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().message, p.string() + ": radio.frequency_hz: must be 1..4294967295 Hz, got 0 Hz");
}

TEST_F(ConfigFile, HugeFileIsRefusedBeforeParsing) {
  const fs::path p = write("big.json", std::string(2 << 20, ' '));
  auto c = load_config(p);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, "config_unreadable");
}

TEST_F(ConfigFile, BoardIsResolvedAndItsPowerLimitApplies) {
  write("small-board.json", R"({"name": "small-board", "description": "a weak sim", "backend": "sim",
                                "max_tx_power_dbm": 14})");
  const std::vector<fs::path> search = {dir_};
  auto c =
      parse_config(R"({"radio": {"board": "nope", "region": "EU868", "frequency_hz": 868100000}})", "x.json");
  ASSERT_TRUE(c.ok());
  auto wiring = load_config_board(*c, search);
  ASSERT_FALSE(wiring.ok());
  EXPECT_EQ(wiring.error().code, "board_not_found");
  EXPECT_THAT(wiring.error().message, StartsWith("x.json: radio.board: no board \"nope\""));

  // A simulated board file under another name than "sim" would lose radio.air: refused.
  c = parse_config(R"({"radio": {"board": "small-board", "region": "EU868", "frequency_hz": 868100000}})",
                   "x.json");
  ASSERT_TRUE(c.ok());
  wiring = load_config_board(*c, search);
  ASSERT_FALSE(wiring.ok());
  EXPECT_THAT(wiring.error().message, HasSubstr("radio.board: \"small-board\" is a simulated board"));

  write("sim.json",
        R"({"name": "sim", "description": "a weak sim", "backend": "sim", "max_tx_power_dbm": 14})");
  c = parse_config(with_radio(kSimRadio + R"(, "tx_power_dbm": 17)"), "x.json");
  ASSERT_TRUE(c.ok());
  wiring = load_config_board(*c, search);
  ASSERT_FALSE(wiring.ok());
  EXPECT_EQ(wiring.error().message, "x.json: radio.tx_power_dbm: 17 dBm is more than sim allows (14 dBm)");
  c->radio.tx_power_dbm = 14;
  EXPECT_TRUE(load_config_board(*c, search).ok());
}

}  // namespace
}  // namespace onechan::config
