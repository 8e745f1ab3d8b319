// Board files: the shipped boards against their vendors' published wiring (Dragino LoRa/GPS HAT v1.4
// schematic; Uputronics' CE0/CE1 jumper with DIO0 on BCM25/BCM16 and RESET not routed; Adafruit's RFM9x
// bonnet pinout: CE1, RST BCM25, DIO0 BCM22), every validation error, and the search path.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "board_file.hpp"

namespace onechan::board {
namespace {

namespace fs = std::filesystem;
using radio::BoardBackend;
using radio::ChipSelect;
using radio::GpioLine;

Result<radio::BoardWiring> shipped(const std::string& name) {
  return load_board(name, board_search_path({}));
}

TEST(ShippedBoards, AllLoad) {
  const auto names = available_boards(board_search_path({}));
  for (const char* expected : {"dragino-lora-gps-hat", "uputronics-lora-ce0", "uputronics-lora-ce1",
                               "adafruit-rfm9x-bonnet", "generic-rfm95", "sim"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  }
  for (const auto& name : names) {
    auto board = shipped(name);
    EXPECT_TRUE(board.ok()) << name << ": " << board.error().message;
  }
}

TEST(ShippedBoards, DraginoHatDrivesNssFromBcm25) {
  auto b = shipped("dragino-lora-gps-hat");
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(b->backend, BoardBackend::spidev);
  EXPECT_EQ(b->spi_device, "/dev/spidev0.0");
  EXPECT_EQ(b->chip_select, ChipSelect::gpio);
  EXPECT_EQ(b->nss, (GpioLine{0, 25}));
  EXPECT_EQ(b->reset, (GpioLine{0, 17}));
  EXPECT_EQ(b->dio0, (GpioLine{0, 4}));
  EXPECT_EQ(b->dio1, (GpioLine{0, 23}));
  EXPECT_LE(b->max_tx_power_dbm, 20);
}

TEST(ShippedBoards, UputronicsVariants) {
  auto ce0 = shipped("uputronics-lora-ce0");
  ASSERT_TRUE(ce0.ok()) << ce0.error().message;
  EXPECT_EQ(ce0->spi_device, "/dev/spidev0.0");
  EXPECT_EQ(ce0->chip_select, ChipSelect::kernel);
  EXPECT_EQ(ce0->dio0, (GpioLine{0, 25}));
  EXPECT_FALSE(ce0->reset.has_value());
  auto ce1 = shipped("uputronics-lora-ce1");
  ASSERT_TRUE(ce1.ok()) << ce1.error().message;
  EXPECT_EQ(ce1->spi_device, "/dev/spidev0.1");
  EXPECT_EQ(ce1->dio0, (GpioLine{0, 16}));
}

TEST(ShippedBoards, AdafruitBonnet) {
  auto b = shipped("adafruit-rfm9x-bonnet");
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(b->spi_device, "/dev/spidev0.1");
  EXPECT_EQ(b->chip_select, ChipSelect::kernel);
  EXPECT_EQ(b->reset, (GpioLine{0, 25}));
  EXPECT_EQ(b->dio0, (GpioLine{0, 22}));
}

TEST(ShippedBoards, SimIsTheModel) {
  auto b = shipped("sim");
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(b->backend, BoardBackend::sim);
  EXPECT_EQ(b->sim_reg_version, 0x12);
}

// ---- validation ----

const char* kGood = R"({
  "name": "test", "description": "d", "backend": "spidev",
  "spi": {"device": "/dev/spidev0.0", "speed_hz": 8000000, "chip_select": "gpio"},
  "gpiochip": 0,
  "lines": {"nss": 25, "reset": 17, "dio0": 4, "dio1": 23},
  "max_tx_power_dbm": 14
})";

std::string with(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

void expect_error(const std::string& text, const std::string& code, const std::string& needle) {
  auto b = parse_board_file(text, "boards/test.json");
  ASSERT_FALSE(b.ok()) << "accepted: " << text;
  EXPECT_EQ(b.error().code, code) << b.error().message;
  EXPECT_NE(b.error().message.find(needle), std::string::npos) << b.error().message;
  EXPECT_EQ(b.error().message.rfind("boards/test.json: ", 0), 0u) << b.error().message;
}

TEST(BoardValidation, GoodFileParses) {
  auto b = parse_board_file(kGood, "boards/test.json");
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(b->name, "test");
  EXPECT_EQ(b->source, "boards/test.json");
  EXPECT_EQ(b->spi_speed_hz, 8'000'000u);
  EXPECT_EQ(b->max_tx_power_dbm, 14);
}

TEST(BoardValidation, UnknownKeysAreNamed) {
  expect_error(with(kGood, R"("gpiochip": 0,)", R"("gpiochip": 0, "spi_speed": 1,)"), "board_unknown_key",
               "\"spi_speed\"");
  expect_error(with(kGood, R"("chip_select": "gpio"})", R"("chip_select": "gpio", "mode": 0})"),
               "board_unknown_key", "\"spi.mode\"");
  expect_error(with(kGood, R"("dio1": 23})", R"("dio1": 23, "dio2": 24})"), "board_unknown_key",
               "\"lines.dio2\"");
}

TEST(BoardValidation, MissingPinsAreNamed) {
  expect_error(with(kGood, R"("dio0": 4, )", ""), "board_missing_key", "\"lines.dio0\"");
  expect_error(with(kGood, R"("reset": 17, )", ""), "board_missing_key",
               "null when the board does not wire it");
  expect_error(with(kGood, R"("nss": 25, )", ""), "board_missing_key", "\"lines.nss\"");
  expect_error(with(kGood, R"("max_tx_power_dbm": 14)", R"("x_max": 14)"), "board_missing_key",
               "\"max_tx_power_dbm\"");
}

TEST(BoardValidation, LineUsedTwice) {
  expect_error(with(kGood, R"("dio0": 4)", R"("dio0": 25)"), "board_line_reused",
               "\"lines.nss\" and \"lines.dio0\" both use gpiochip0 line 25");
}

TEST(BoardValidation, BadTypesAreNamed) {
  expect_error(with(kGood, "8000000", R"("8MHz")"), "board_bad_type",
               "\"spi.speed_hz\" must be an integer, got a string");
  expect_error(with(kGood, "8000000", "8e6"), "board_bad_type", "got a fractional number");
  expect_error(with(kGood, R"("dio0": 4)", R"("dio0": "BCM4")"), "board_bad_type", "\"lines.dio0\"");
  expect_error(with(kGood, R"("dio0": 4)", R"("dio0": null)"), "board_bad_type",
               "\"lines.dio0\" cannot be null");
  expect_error(with(kGood, R"("name": "test")", R"("name": 7)"), "board_bad_type",
               "\"name\" must be a string");
  expect_error(with(kGood, R"("gpiochip": 0)", R"("gpiochip": true)"), "board_bad_type", "got a boolean");
  expect_error("[1, 2]", "board_bad_type", "a board file is a JSON object");
  expect_error(R"({"name": "test",)", "board_json_invalid", "not valid JSON");
}

TEST(BoardValidation, BadValuesAreNamed) {
  expect_error(with(kGood, R"("max_tx_power_dbm": 14)", R"("max_tx_power_dbm": 27)"), "board_bad_value",
               "\"max_tx_power_dbm\" is 27 dBm, must be 2..20 dBm");
  expect_error(with(kGood, "8000000", "20000000"), "board_bad_value", "\"spi.speed_hz\" is 20000000 Hz");
  expect_error(with(kGood, R"("gpio"})", R"("ce0"})"), "board_bad_value", "\"spi.chip_select\" is \"ce0\"");
  expect_error(with(kGood, R"("gpio"})", R"("kernel"})"), "board_bad_value", "\"lines.nss\" is given");
  expect_error(with(kGood, R"("backend": "spidev")", R"("backend": "i2c")"), "board_bad_value",
               "\"backend\"");
  expect_error(with(kGood, "/dev/spidev0.0", "/dev/ttyS0"), "board_bad_value", "\"spi.device\"");
  expect_error(with(kGood, R"("nss": 25)", R"("nss": 10)"), "board_bad_value", "SPI0");
  expect_error(with(kGood, R"("dio1": 23)", R"("dio1": -1)"), "board_bad_value", "\"lines.dio1\" is -1");
}

TEST(BoardValidation, NameMustMatchTheFile) {
  auto b = parse_board_file(kGood, "boards/other.json");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.error().message.find("other.json"), std::string::npos);
}

TEST(BoardValidation, SimBoardTakesNoWiring) {
  const std::string sim = R"({"name": "test", "description": "d", "backend": "sim", "max_tx_power_dbm": 20})";
  EXPECT_TRUE(parse_board_file(sim, "boards/test.json").ok());
  expect_error(with(sim, R"("backend": "sim")", R"("backend": "sim", "gpiochip": 0)"), "board_unknown_key",
               "\"gpiochip\"");
  auto v = parse_board_file(with(sim, R"("backend": "sim")", R"("backend": "sim", "sim_reg_version": 0)"),
                            "boards/test.json");
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->sim_reg_version, 0);
}

// ---- search path ----

struct TempDirs : ::testing::Test {
  TempDirs() {
    root = fs::temp_directory_path() / ("onechan-boards-" + std::to_string(::getpid()));
    fs::create_directories(root / "a");
    fs::create_directories(root / "b");
  }
  ~TempDirs() override {
    ::unsetenv("ONECHAN_BOARDS_DIR");
    fs::remove_all(root);
  }
  void write(const fs::path& dir, const std::string& name, const std::string& description) {
    std::ofstream(root / dir / (name + ".json"))
        << R"({"name": ")" << name << R"(", "description": ")" << description
        << R"(", "backend": "sim", "max_tx_power_dbm": 14})";
  }
  fs::path root;
};

TEST_F(TempDirs, ExplicitDirectoryComesFirstThenTheEnvironment) {
  write("a", "mine", "from a");
  write("b", "mine", "from b");
  ::setenv("ONECHAN_BOARDS_DIR", (root / "b").c_str(), 1);
  auto from_env = load_board("mine", board_search_path({}));
  ASSERT_TRUE(from_env.ok()) << from_env.error().message;
  EXPECT_EQ(from_env->description, "from b");
  auto explicit_dir = load_board("mine", board_search_path((root / "a").string()));
  ASSERT_TRUE(explicit_dir.ok());
  EXPECT_EQ(explicit_dir->description, "from a");
  // The shipped boards stay reachable behind them.
  EXPECT_TRUE(load_board("dragino-lora-gps-hat", board_search_path((root / "a").string())).ok());
}

TEST_F(TempDirs, PathsAreLoadedAsGiven) {
  write("a", "mine", "by path");
  auto b = load_board((root / "a" / "mine.json").string(), board_search_path({}));
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(b->description, "by path");
  auto missing = load_board((root / "a" / "none.json").string(), board_search_path({}));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "board_unreadable");
}

TEST_F(TempDirs, UnknownNameListsWhereItLookedAndWhatExists) {
  auto b = load_board("no-such-board", board_search_path((root / "a").string()));
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().code, "board_not_found");
  EXPECT_NE(b.error().message.find((root / "a").string()), std::string::npos) << b.error().message;
  EXPECT_NE(b.error().message.find("dragino-lora-gps-hat"), std::string::npos) << b.error().message;
  auto odd = load_board("Bad Name", board_search_path({}));
  ASSERT_FALSE(odd.ok());
  EXPECT_EQ(odd.error().code, "board_not_found");
}

}  // namespace
}  // namespace onechan::board
