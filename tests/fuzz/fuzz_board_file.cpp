// Fuzz target: the board file parser (forwarder/src/board_file.hpp, format in boards/README.md) on
// arbitrary text, through its text entry point parse_board_file (no file system in the loop).
// Invariants: an accepted board is one the driver can be wired with (DIO0 set, power within 2..20 dBm,
// NSS given exactly when chip select is a GPIO, no GPIO line used for two signals), and every refusal
// carries a board_* code and names the source it was given.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "board_file.hpp"

using namespace onechan;

namespace {

// Not ending in .json: a .json source must match the board's name, which would refuse nearly every input.
const std::string kSource = "fuzzed board";

void check_wiring(const radio::BoardWiring& w) {
  if (w.max_tx_power_dbm < 2 || w.max_tx_power_dbm > 20) std::abort();
  if (w.source != kSource) std::abort();
  if (w.backend == radio::BoardBackend::spidev) {
    if (w.nss.has_value() != (w.chip_select == radio::ChipSelect::gpio)) std::abort();
  }
  const std::optional<radio::GpioLine> lines[] = {w.nss, w.reset, w.dio0, w.dio1};
  for (std::size_t i = 0; i < 4; ++i) {
    for (std::size_t j = i + 1; j < 4; ++j) {
      if (lines[i] && lines[j] && *lines[i] == *lines[j]) std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto board = board::parse_board_file(text, kSource);
  if (board) {
    check_wiring(*board);
    return 0;
  }
  const Error& e = board.error();
  if (!std::string_view(e.code).starts_with("board_") || e.message.find(kSource) == std::string::npos) {
    std::abort();
  }
  return 0;
}
