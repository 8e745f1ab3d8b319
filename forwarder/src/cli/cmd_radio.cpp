// `onechan radio probe`: the wiring check (docs/cli.md, docs/troubleshooting.md). Resets and detects
// the SX1276 of a board, applies the RX configuration and prints what the chip then holds, read back
// register by register; --trace adds every register write the driver made, in order.
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "board_file.hpp"
#include "board_radio.hpp"
#include "cli/commands.hpp"
#include "radio/sx1276_registers.hpp"

namespace onechan::cli {
namespace {

using Json = nlohmann::ordered_json;

struct ProbeOptions {
  std::string board;
  std::optional<std::string> boards_dir;
  std::uint32_t frequency_hz = 868'100'000;
  unsigned sf = 7;
  std::uint32_t bw_hz = 125'000;
  bool trace = false;
};

std::string hex_byte(std::uint8_t v) {
  char buf[5];
  std::snprintf(buf, sizeof buf, "0x%02X", v);
  return buf;
}

std::string register_label(std::uint8_t address) {
  const auto name = radio::sx1276::register_name(address);
  return name.empty() ? "Reg" + hex_byte(address) : std::string(name);
}

int fail(const std::string& message) {
  std::fprintf(stderr, "onechan radio probe: %s\n", message.c_str());
  return 2;
}

int run_probe(const ProbeOptions& opts) {
  auto wiring = board::load_board(opts.board, board::board_search_path(opts.boards_dir));
  if (!wiring) return fail(wiring.error().message);
  auto opened = board::BoardRadio::open(*wiring, board::BoardRadioOptions{opts.trace});
  if (!opened) return fail(opened.error().message);
  board::BoardRadio& hw = **opened;
  for (const auto& w : hw.warnings()) std::fprintf(stderr, "onechan radio probe: warning: %s\n", w.c_str());

  radio::Sx1276& driver = hw.driver();
  auto version = driver.reset_and_detect();
  if (!version) return fail(version.error().message);

  radio::RxConfig config;
  config.frequency_hz = opts.frequency_hz;
  config.spreading_factor = static_cast<std::uint8_t>(opts.sf);
  config.bandwidth_hz = opts.bw_hz;
  if (auto s = driver.start_rx(config); !s) return fail(s.error().message);

  Json registers = Json::object();
  for (const std::uint8_t address : radio::Sx1276::configured_registers()) {
    auto value = driver.read_register(address);
    if (!value) return fail(value.error().message);
    registers[register_label(address)] = hex_byte(*value);
  }
  Json out;
  out["version"] = hex_byte(*version);
  out["registers"] = std::move(registers);
  if (opts.trace) {
    Json writes = Json::array();
    for (const auto& w : hw.recorder()->writes()) {
      writes.push_back(Json{{"register", register_label(w.address)}, {"value", hex_byte(w.value)}});
    }
    out["writes"] = std::move(writes);
  }
  std::printf("%s\n", out.dump(2).c_str());
  return 0;
}

}  // namespace

void add_radio_command(CLI::App& app, int& exit_code) {
  auto* radio = app.add_subcommand("radio", "Talk to the SX1276 of a board (wiring checks)");
  radio->require_subcommand(1);
  auto opts = std::make_shared<ProbeOptions>();
  auto* probe = radio->add_subcommand(
      "probe", "Reset and detect the SX1276, apply the RX configuration, print the registers as JSON");
  probe->add_option("--board", opts->board, "Board name (boards/NAME.json) or path to a board file")
      ->required();
  probe->add_option("--boards-dir", opts->boards_dir, "Look for board files here first");
  probe->add_option("--frequency-hz", opts->frequency_hz, "RX frequency in Hz (default 868100000)")
      ->check(CLI::Range(137'000'000u, 1'020'000'000u));
  probe->add_option("--sf", opts->sf, "Spreading factor 7..12 (default 7)")->check(CLI::Range(7u, 12u));
  probe->add_option("--bw-hz", opts->bw_hz, "Bandwidth in Hz: 125000, 250000 or 500000 (default 125000)")
      ->check(CLI::IsMember({125'000u, 250'000u, 500'000u}));
  probe->add_flag("--trace", opts->trace, "Also list every register write, in order");
  probe->callback([opts, &exit_code] { exit_code = run_probe(*opts); });
}

}  // namespace onechan::cli
