#include "radio/radio_config.hpp"

#include <string>

#include "radio/lora_modulation.hpp"

namespace onechan::radio {
namespace {

RadioError invalid(std::string message) {
  return RadioError{RadioErrc::invalid_config, std::move(message)};
}

Status validate_modulation(const char* what, std::uint32_t frequency_hz, std::uint8_t sf,
                           std::uint32_t bandwidth_hz, std::uint8_t coding_rate) {
  const std::string prefix = std::string(what) + ": ";
  if (!frequency_in_sx1276_bands(frequency_hz)) {
    return invalid(prefix + "frequency " + std::to_string(frequency_hz) +
                   " Hz is outside the SX1276 bands (137-175, 410-525, 862-1020 MHz)");
  }
  if (sf < 7 || sf > 12) {
    return invalid(prefix + "spreading factor " + std::to_string(sf) + " is not one of 7..12");
  }
  if (bandwidth_hz != 125'000 && bandwidth_hz != 250'000 && bandwidth_hz != 500'000) {
    return invalid(prefix + "bandwidth " + std::to_string(bandwidth_hz) +
                   " Hz is not one of 125000, 250000, 500000");
  }
  if (!lora::valid_coding_rate(coding_rate)) {
    return invalid(prefix + "coding rate 4/" + std::to_string(coding_rate) + " is not one of 4/5..4/8");
  }
  return {};
}

}  // namespace

bool frequency_in_sx1276_bands(std::uint32_t frequency_hz) {
  return (frequency_hz >= 137'000'000 && frequency_hz <= 175'000'000) ||
         (frequency_hz >= 410'000'000 && frequency_hz <= 525'000'000) ||
         (frequency_hz >= 862'000'000 && frequency_hz <= 1'020'000'000);
}

Status validate(const RxConfig& config) {
  if (auto s = validate_modulation("RX", config.frequency_hz, config.spreading_factor, config.bandwidth_hz,
                                   config.coding_rate);
      !s) {
    return s;
  }
  if (config.preamble_symbols < 6) {
    return invalid("RX: preamble of " + std::to_string(config.preamble_symbols) +
                   " symbols is shorter than the chip's minimum of 6");
  }
  return {};
}

Status validate(const TxRequest& request) {
  if (auto s = validate_modulation("TX", request.frequency_hz, request.spreading_factor, request.bandwidth_hz,
                                   request.coding_rate);
      !s) {
    return s;
  }
  if (request.preamble_symbols < 6) {
    return invalid("TX: preamble of " + std::to_string(request.preamble_symbols) +
                   " symbols is shorter than the chip's minimum of 6");
  }
  return {};
}

}  // namespace onechan::radio
