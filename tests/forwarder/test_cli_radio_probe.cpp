// `onechan radio probe` through the real binary on the `sim` board (docs/cli.md): the JSON it prints,
// register values derived by hand from the SX1276 datasheet, the --trace list, and exit status 2 with
// the detection message when no chip answers.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "run_process.hpp"

namespace onechan {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

test::ProcessResult probe(std::vector<std::string> args) {
  std::vector<std::string> argv = {test::onechan_binary(), "radio", "probe"};
  argv.insert(argv.end(), args.begin(), args.end());
  return test::run_process(argv);
}

TEST(RadioProbe, SimBoardPrintsTheChipsRegisters) {
  auto r = probe({"--board", "sim"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const json out = json::parse(r.out);
  EXPECT_EQ(out["version"], "0x12");
  EXPECT_FALSE(out.contains("writes"));
  const json& regs = out["registers"];
  EXPECT_EQ(regs["RegOpMode"], "0x85");  // LoRa, RX continuous
  EXPECT_EQ(regs["RegFrfMsb"], "0xD9");  // 868.1 MHz
  EXPECT_EQ(regs["RegFrfMid"], "0x06");
  EXPECT_EQ(regs["RegFrfLsb"], "0x66");
  EXPECT_EQ(regs["RegModemConfig1"], "0x72");  // BW125, CR4/5, explicit header
  EXPECT_EQ(regs["RegModemConfig2"], "0x74");  // SF7, CRC on
  EXPECT_EQ(regs["RegModemConfig3"], "0x04");  // AGC, no LDRO
  EXPECT_EQ(regs["RegSyncWord"], "0x34");
  EXPECT_EQ(regs["RegInvertIQ"], "0x27");
  EXPECT_EQ(regs["RegInvertIQ2"], "0x1D");
  EXPECT_EQ(regs["RegPayloadMaxLength"], "0xFF");
  EXPECT_EQ(regs["RegDioMapping1"], "0x00");
  EXPECT_EQ(regs["RegLna"], "0x23");
  for (const char* name : {"RegPaConfig", "RegDetectOptimize", "RegIfFreq2", "RegHighBwOptimize1"}) {
    EXPECT_TRUE(regs.contains(name)) << name;
  }
}

TEST(RadioProbe, OptionsChangeTheConfiguration) {
  auto r = probe({"--board", "sim", "--frequency-hz", "869525000", "--sf", "12", "--bw-hz", "125000"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const json regs = json::parse(r.out)["registers"];
  EXPECT_EQ(regs["RegFrfMid"], "0x61");  // 869.525 MHz -> 0xD9619A
  EXPECT_EQ(regs["RegFrfLsb"], "0x9A");
  EXPECT_EQ(regs["RegModemConfig2"], "0xC4");
  EXPECT_EQ(regs["RegModemConfig3"], "0x0C");  // SF12 at 125 kHz: LowDataRateOptimize
}

TEST(RadioProbe, TraceListsEveryWriteInOrder) {
  auto r = probe({"--board", "sim", "--trace"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const json writes = json::parse(r.out)["writes"];
  ASSERT_GE(writes.size(), 10u);
  // From reset (FSK standby): FSK Sleep, then LongRangeMode while asleep, then Standby.
  EXPECT_EQ(writes[0], (json{{"register", "RegOpMode"}, {"value", "0x00"}}));
  EXPECT_EQ(writes[1], (json{{"register", "RegOpMode"}, {"value", "0x80"}}));
  EXPECT_EQ(writes[2], (json{{"register", "RegOpMode"}, {"value", "0x81"}}));
  EXPECT_EQ(writes.back(), (json{{"register", "RegOpMode"}, {"value", "0x85"}}));
  bool frf = false;
  for (const auto& w : writes) {
    EXPECT_EQ(w["register"].get<std::string>().rfind("Reg", 0), 0u) << w;
    if (w == json{{"register", "RegFrfMsb"}, {"value", "0xD9"}}) frf = true;
  }
  EXPECT_TRUE(frf);
}

struct BoardsDir : ::testing::Test {
  BoardsDir() : dir(fs::temp_directory_path() / ("onechan-probe-" + std::to_string(::getpid()))) {
    fs::create_directories(dir);
  }
  ~BoardsDir() override { fs::remove_all(dir); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir / (name + ".json")) << text;
  }
  fs::path dir;
};

TEST_F(BoardsDir, MissingChipExitsTwoWithTheDetectionMessage) {
  write("deaf", R"({"name": "deaf", "description": "no chip answers", "backend": "sim",
                    "max_tx_power_dbm": 14, "sim_reg_version": 0})");
  auto r = probe({"--board", "deaf", "--boards-dir", dir.string()});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_NE(r.err.find("RegVersion (0x42) read 0x00"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find((dir / "deaf.json").string()), std::string::npos) << r.err;  // the board file
  EXPECT_NE(r.err.find("sim"), std::string::npos) << r.err;                         // the SPI device
}

TEST_F(BoardsDir, InvalidBoardFileExitsTwoNamingTheKey) {
  write("typo", R"({"name": "typo", "description": "d", "backend": "sim", "max_tx_power": 14})");
  auto r = probe({"--board", "typo", "--boards-dir", dir.string()});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("max_tx_power_dbm"), std::string::npos) << r.err;
}

TEST(RadioProbe, UnknownBoardAndBadOptionsExitTwo) {
  auto unknown = probe({"--board", "no-such-board"});
  EXPECT_EQ(unknown.exit_status, 2);
  EXPECT_NE(unknown.err.find("known boards"), std::string::npos) << unknown.err;
  EXPECT_EQ(probe({"--board", "sim", "--sf", "6"}).exit_status, 2);
  EXPECT_EQ(probe({"--board", "sim", "--bw-hz", "62500"}).exit_status, 2);
  EXPECT_EQ(probe({}).exit_status, 2);  // --board is required
}

}  // namespace
}  // namespace onechan
