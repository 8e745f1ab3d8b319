// The node config parser (node/cmake/NodeConfig.cmake), run as the build runs it, against the format of
// docs/node-config.md: a valid file becomes the expected header, and each kind of mistake stops with a
// message naming the field and never the key.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace {

namespace fs = std::filesystem;

const char* kValid = R"({
  "format": 1,
  "comment": "test",
  "dev_addr": "260b1234",
  "nwk_s_key": "2B7E151628AED2A6ABF7158809CF4F3C",
  "app_s_key": "000102030405060708090a0b0c0d0e0f",
  "region": "EU868",
  "channels_hz": [868100000, 868300000, 869525000],
  "spreading_factor": 9,
  "bandwidth_hz": 125000,
  "coding_rate": "4/5",
  "tx_power_dbm": 14,
  "interval_s": 60,
  "fport": 2
})";

struct Outcome {
  int status = -1;
  std::string output;  // cmake's stdout and stderr, white space runs made single spaces
  std::string header;  // the generated header, when there is one
};

class NodeConfig : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("onechan-node-config-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  Outcome run(const std::string& json) {
    fs::path json_path = dir_ / "node.json";
    fs::path header_path = dir_ / "node_config.h";
    std::ofstream(json_path) << json;
    std::string command = std::string("\"") + ONECHAN_CMAKE_COMMAND +
                          "\" -DMODULE=" + ONECHAN_NODE_CONFIG_MODULE + " -DJSON=" + json_path.string() +
                          " -DOUT=" + header_path.string() + " -P " + ONECHAN_RUN_NODE_CONFIG + " 2>&1";
    Outcome outcome;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return outcome;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) outcome.output += buffer;
    outcome.status = pclose(pipe);
    // CMake wraps long messages over indented lines: make every run of white space one space.
    std::string flat;
    for (char c : outcome.output) {
      bool space = c == ' ' || c == '\n' || c == '\t';
      if (!space) {
        flat.push_back(c);
      } else if (!flat.empty() && flat.back() != ' ') {
        flat.push_back(' ');
      }
    }
    outcome.output = flat;
    std::ifstream header(header_path);
    outcome.header.assign(std::istreambuf_iterator<char>(header), {});
    return outcome;
  }

  // Replaces the first occurrence of `from` in the valid config.
  static std::string valid_with(const std::string& from, const std::string& to) {
    std::string json = kValid;
    auto at = json.find(from);
    if (at == std::string::npos) throw std::logic_error("test bug: " + from + " not in the valid config");
    return json.replace(at, from.size(), to);
  }

  void expect_rejected(const std::string& json, const std::string& message_part) {
    Outcome o = run(json);
    EXPECT_NE(o.status, 0) << o.output;
    EXPECT_NE(o.output.find(message_part), std::string::npos) << o.output;
    EXPECT_TRUE(o.header.empty()) << "no header may be written for a rejected config";
    // No key material in any message.
    EXPECT_EQ(o.output.find("2B7E1516"), std::string::npos) << o.output;
    EXPECT_EQ(o.output.find("0a0b0c0d"), std::string::npos) << o.output;
  }

  fs::path dir_;
};

TEST_F(NodeConfig, ValidConfigBecomesTheHeader) {
  Outcome o = run(kValid);
  ASSERT_EQ(o.status, 0) << o.output;
  const std::string& h = o.header;
  EXPECT_NE(h.find("#define NODE_DEV_ADDR 0x260B1234UL"), std::string::npos) << h;
  EXPECT_NE(
      h.find("#define NODE_NWK_S_KEY 0x2B, 0x7E, 0x15, 0x16, 0x28, 0xAE, 0xD2, 0xA6, 0xAB, 0xF7, 0x15, 0x88, "
             "0x09, 0xCF, 0x4F, 0x3C"),
      std::string::npos)
      << h;
  EXPECT_NE(
      h.find("#define NODE_APP_S_KEY 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, "
             "0x0C, 0x0D, 0x0E, 0x0F"),
      std::string::npos)
      << h;
  EXPECT_NE(h.find("#define NODE_CHANNEL_COUNT 3"), std::string::npos) << h;
  EXPECT_NE(h.find("#define NODE_CHANNELS_HZ 868100000UL, 868300000UL, 869525000UL"), std::string::npos) << h;
  EXPECT_NE(h.find("#define NODE_SPREADING_FACTOR 9"), std::string::npos) << h;
  EXPECT_NE(h.find("#define NODE_BANDWIDTH_HZ 125000UL"), std::string::npos) << h;
  EXPECT_NE(h.find("#define NODE_CODING_RATE 5"), std::string::npos) << h;
  EXPECT_NE(h.find("#define NODE_TX_POWER_DBM 14"), std::string::npos) << h;
  EXPECT_NE(h.find("#define NODE_INTERVAL_S 60UL"), std::string::npos) << h;
  EXPECT_NE(h.find("#define NODE_FPORT 2"), std::string::npos) << h;
  // The configure message shows the DevAddr, never a key.
  EXPECT_EQ(o.output.find("2B7E1516"), std::string::npos) << o.output;
}

TEST_F(NodeConfig, TheShippedExampleIsValid) {
  std::ifstream example(ONECHAN_NODE_CONFIG_EXAMPLE);
  std::string json((std::istreambuf_iterator<char>(example)), {});
  Outcome o = run(json);
  EXPECT_EQ(o.status, 0) << o.output;
  EXPECT_NE(o.header.find("#define NODE_DEV_ADDR 0x26011BDAUL"), std::string::npos);
}

TEST_F(NodeConfig, KeysOfTheWrongLength) {
  expect_rejected(valid_with("2B7E151628AED2A6ABF7158809CF4F3C", "2B7E151628AED2A6ABF7158809CF4F"),
                  "\"nwk_s_key\" must be 32 hex digits, not 30");
  expect_rejected(valid_with("000102030405060708090a0b0c0d0e0f", "000102030405060708090a0b0c0d0e0f00"),
                  "\"app_s_key\" must be 32 hex digits, not 34");
  expect_rejected(valid_with("260b1234", "260b123"), "\"dev_addr\" must be 8 hex digits");
}

TEST_F(NodeConfig, KeysThatAreNotHex) {
  expect_rejected(valid_with("2B7E151628AED2A6ABF7158809CF4F3C", "2B7E151628AED2A6ABF7158809CF4FXY"),
                  "\"nwk_s_key\" must be 32 hex digits");
  expect_rejected(valid_with("\"000102030405060708090a0b0c0d0e0f\"", "42"),
                  "\"app_s_key\" must be a JSON STRING");
}

TEST_F(NodeConfig, StructuralMistakes) {
  expect_rejected("{\"format\": 1,", "not valid JSON");
  expect_rejected("[1, 2]", "the top level must be a JSON object");
  expect_rejected(valid_with("\"interval_s\"", "\"intervall_s\""), "unknown field \"intervall_s\"");
  expect_rejected(valid_with("\"fport\": 2", "\"comment2\": \"x\""), "unknown field \"comment2\"");
  expect_rejected(valid_with("\"format\": 1", "\"format\": 2"),
                  "\"format\" must be a whole number from 1 to 1");
}

TEST_F(NodeConfig, MissingField) {
  expect_rejected(valid_with(",\n  \"fport\": 2", ""), "missing \"fport\"");
}

TEST_F(NodeConfig, RadioSettingsOutsideEu868) {
  expect_rejected(valid_with("\"EU868\"", "\"US915\""), "\"region\" must be \"EU868\"");
  expect_rejected(valid_with("\"spreading_factor\": 9", "\"spreading_factor\": 13"),
                  "\"spreading_factor\" must be a whole number from 7 to 12");
  expect_rejected(valid_with("\"bandwidth_hz\": 125000", "\"bandwidth_hz\": 250000"),
                  "EU868 has 250 kHz only at SF7");
  expect_rejected(valid_with("\"bandwidth_hz\": 125000", "\"bandwidth_hz\": 200000"),
                  "\"bandwidth_hz\" must be 125000 or 250000");
  expect_rejected(valid_with("\"4/5\"", "\"4/9\""), "\"coding_rate\" must be");
  expect_rejected(valid_with("\"tx_power_dbm\": 14", "\"tx_power_dbm\": 20"), "\"tx_power_dbm\" must be");
  expect_rejected(valid_with("\"interval_s\": 60", "\"interval_s\": 5"), "\"interval_s\" must be");
  expect_rejected(valid_with("\"fport\": 2", "\"fport\": 0"), "\"fport\" must be");
}

TEST_F(NodeConfig, ChannelsOutsideTheSubBands) {
  expect_rejected(valid_with("869525000", "868650000"), "channels_hz[2] = 868650000");  // the 868.6-868.7 gap
  expect_rejected(valid_with("869525000", "868550000"), "does not lie inside one EU868 sub-band");  // edge
  expect_rejected(valid_with("869525000", "915000000"), "channels_hz[2] = 915000000");
  expect_rejected(valid_with("869525000", "869525050"), "multiples of 100 Hz");
  expect_rejected(valid_with("[868100000, 868300000, 869525000]", "[]"), "1 to 16 frequencies");
  expect_rejected(valid_with("869525000", "\"869525000\""), "channels_hz[2] must be a frequency in whole Hz");
}

}  // namespace
