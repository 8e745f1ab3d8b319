// onechan-node-sim: runs the node image (onechan-node.elf) in simavr against the SX1276 model and reports
// every frame it transmits. Output format: node/README.md ("The simavr harness").
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "air_link.hpp"
#include "simulated_node.hpp"

namespace {

std::string hex(const std::vector<std::uint8_t>& bytes) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (std::uint8_t b : bytes) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 15]);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Run the onechan node image in simavr against the SX1276 model"};
  std::string elf = ONECHAN_NODE_DEFAULT_ELF;
  unsigned uplinks = 3;
  unsigned reset_after = 0;
  double max_seconds = 0;
  std::uint64_t max_cycles = 0;
  std::string eeprom_file;
  bool quiet_uart = false;
  int simavr_log = 1;
  std::string air;
  std::string pace = "auto";
  onechan::node::NodeInputs inputs;
  app.add_option("--elf", elf, "The node image")->capture_default_str();
  app.add_option("--uplinks", uplinks, "Stop after this many transmissions (0: run until --seconds)")
      ->capture_default_str();
  app.add_option("--reset-after", reset_after, "Reset the MCU once after this many uplinks (EEPROM kept)");
  app.add_option("--seconds", max_seconds, "Stop after this much simulated time (0: no limit)");
  app.add_option("--cycles", max_cycles, "Stop after this many simulated CPU cycles (0: no limit)");
  app.add_option("--eeprom", eeprom_file,
                 "Load the EEPROM from this file if it exists; save it there at the end");
  app.add_option("--temperature", inputs.temperature_c, "Chip temperature in degC")->capture_default_str();
  app.add_option("--vcc-mv", inputs.vcc_mv, "Supply voltage in mV")->capture_default_str();
  app.add_option("--a0-mv", inputs.a0_mv, "Voltage at A0 in mV")->capture_default_str();
  app.add_option("--air", air, "Send every transmission to this virtual-air receiver (HOST:PORT)");
  app.add_option(
         "--pace", pace,
         "none: as fast as possible; air: hold each frame's airtime in wall time (default with --air); "
         "realtime: never run ahead of the wall clock")
      ->check(CLI::IsMember({"auto", "none", "air", "realtime"}))
      ->capture_default_str();
  app.add_option("--simavr-log", simavr_log, "simavr's log level: 0 none, 1 errors, 2 warnings, 3 trace")
      ->capture_default_str();
  app.add_flag("--quiet-uart", quiet_uart, "Do not print the node's UART lines");
  CLI11_PARSE(app, argc, argv);
  if (uplinks == 0 && max_seconds <= 0 && max_cycles == 0) {
    std::fprintf(stderr,
                 "onechan-node-sim: give --uplinks N, --seconds S or --cycles N, or it would run forever\n");
    return 2;
  }

  if (pace == "auto") pace = air.empty() ? "none" : "air";

  try {
    std::unique_ptr<onechan::node::AirLink> link;
    if (!air.empty()) link = std::make_unique<onechan::node::AirLink>(air);
    onechan::node::SimulatedNode node(elf, inputs);
    node.set_simavr_log_level(simavr_log);
    if (!eeprom_file.empty()) {
      std::ifstream in(eeprom_file, std::ios::binary);
      if (in) node.load_eeprom(std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), {}));
    }

    std::uint64_t wait_until_us = 0;  // after the last wanted frame: let TxDone and the debug line through
    unsigned seen = 0;
    bool reset_pending = reset_after > 0;
    node.on_uart_line([&](std::string_view line) {
      if (!quiet_uart)
        std::printf("uart t=%.6f %.*s\n", node.now_seconds(), static_cast<int>(line.size()), line.data());
    });
    node.on_uplink([&](const onechan::node::Uplink& up) {
      const auto& t = up.transmission;
      const auto& f = t.frame;
      ++seen;
      std::printf(
          "uplink n=%u t=%.6f freq=%u sf=%u bw=%u cr=4/%u sync=0x%02X iq=%s crc=%s power_dbm=%d "
          "pa_boost=%d airtime_us=%llu build_cycles=%llu len=%zu phy=%s\n",
          seen, static_cast<double>(t.start_us) / 1e6, f.frequency_hz, f.spreading_factor, f.bandwidth_hz,
          f.coding_rate, f.sync_word, f.iq_inverted ? "inverted" : "normal", f.crc_on ? "on" : "off",
          t.power_dbm, t.pa_boost ? 1 : 0, static_cast<unsigned long long>(t.end_us - t.start_us),
          static_cast<unsigned long long>(up.build_cycles.value_or(0)), f.payload.size(),
          hex(f.payload).c_str());
      std::fflush(stdout);
      if (link) {
        std::string error;
        if (!link->send(t, pace == "air", &error))
          std::fprintf(stderr, "onechan-node-sim: --air: %s\n", error.c_str());
      }
      if ((reset_pending && seen == reset_after) || (uplinks > 0 && seen == uplinks)) {
        wait_until_us = t.end_us + 200'000;
      }
    });

    std::uint64_t limit_cycles =
        max_seconds > 0 ? static_cast<std::uint64_t>(max_seconds * onechan::node::SimulatedNode::kCpuHz)
                        : UINT64_MAX;
    if (max_cycles > 0) limit_cycles = std::min(limit_cycles, max_cycles);
    const std::uint64_t slice = onechan::node::SimulatedNode::kCpuHz / 100;  // 10 ms of simulated time
    onechan::node::StopReason reason = onechan::node::StopReason::CycleLimit;
    std::string end = "time_limit";
    const auto wall_start = std::chrono::steady_clock::now();
    while (node.cycle() < limit_cycles) {
      reason = node.run(std::min<std::uint64_t>(slice, limit_cycles - node.cycle()));
      if (pace == "realtime") {
        std::this_thread::sleep_until(wall_start + std::chrono::microseconds(node.now_us()));
      }
      if (reason == onechan::node::StopReason::FirmwareEnded ||
          reason == onechan::node::StopReason::FirmwareCrashed) {
        end = onechan::node::stop_reason_name(reason);
        break;
      }
      if (wait_until_us != 0 && node.now_us() >= wait_until_us) {
        wait_until_us = 0;
        if (reset_pending && seen >= reset_after) {
          reset_pending = false;
          std::printf("reset t=%.6f\n", node.now_seconds());
          node.reset();
        }
        if (uplinks > 0 && seen >= uplinks) {
          end = "uplinks";
          break;
        }
      }
    }

    std::uint64_t build_max = 0;
    for (const auto& up : node.uplinks()) build_max = std::max(build_max, up.build_cycles.value_or(0));
    std::printf(
        "summary uplinks=%zu sim_seconds=%.3f build_cycles_max=%llu build_ms_max=%.3f static_ram=%zu "
        "stack_peak=%zu end=%s\n",
        node.uplinks().size(), node.now_seconds(), static_cast<unsigned long long>(build_max),
        static_cast<double>(build_max) * 1000.0 / onechan::node::SimulatedNode::kCpuHz,
        node.static_ram_bytes(), node.stack_peak_bytes(), end.c_str());

    if (!eeprom_file.empty()) {
      std::vector<std::uint8_t> image = node.eeprom();
      std::ofstream out(eeprom_file, std::ios::binary | std::ios::trunc);
      out.write(reinterpret_cast<const char*>(image.data()), static_cast<std::streamsize>(image.size()));
      if (!out) {
        std::fprintf(stderr, "onechan-node-sim: cannot write %s\n", eeprom_file.c_str());
        return 1;
      }
    }
    return reason == onechan::node::StopReason::FirmwareCrashed ? 1 : 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "onechan-node-sim: %s\n", e.what());
    return 1;
  }
}
