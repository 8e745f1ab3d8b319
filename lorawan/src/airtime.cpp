#include "lorawan/airtime.hpp"

#include <string>

namespace onechan::lorawan {

namespace {

constexpr std::size_t kMaxLoRaPayload = 255;
constexpr std::uint32_t kMinBandwidthHz = 7800;
constexpr std::uint32_t kMaxBandwidthHz = 500000;

Result<void> validate(const LoRaTxParams& p, std::size_t payload_bytes) {
  if (p.spreading_factor < 6 || p.spreading_factor > 12) {
    return make_error("airtime_bad_spreading_factor",
                      "spreading factor " + std::to_string(p.spreading_factor) + " is outside 6..12");
  }
  if (p.bandwidth_hz < kMinBandwidthHz || p.bandwidth_hz > kMaxBandwidthHz) {
    return make_error("airtime_bad_bandwidth",
                      "bandwidth " + std::to_string(p.bandwidth_hz) + " Hz is outside 7800..500000 Hz");
  }
  if (p.coding_rate < 1 || p.coding_rate > 4) {
    return make_error("airtime_bad_coding_rate",
                      "coding rate index " + std::to_string(p.coding_rate) + " is outside 1..4 (4/5..4/8)");
  }
  if (payload_bytes > kMaxLoRaPayload) {
    return make_error("airtime_payload_too_long", "payload of " + std::to_string(payload_bytes) +
                                                      " bytes exceeds the LoRa maximum of 255");
  }
  return {};
}

std::uint32_t payload_symbols_unchecked(const LoRaTxParams& p, std::size_t payload_bytes) {
  const bool de =
      p.low_data_rate_optimize.value_or(needs_low_data_rate_optimize(p.spreading_factor, p.bandwidth_hz));
  const std::int64_t sf = p.spreading_factor;
  const std::int64_t numerator = 8 * static_cast<std::int64_t>(payload_bytes) - 4 * sf + 28 +
                                 (p.crc ? 16 : 0) - (p.explicit_header ? 0 : 20);
  const std::int64_t denominator = 4 * (sf - (de ? 2 : 0));  // >= 8 for SF >= 6
  std::int64_t blocks = 0;
  if (numerator > 0) blocks = (numerator + denominator - 1) / denominator;  // ceil for positive values
  return static_cast<std::uint32_t>(8 + blocks * (p.coding_rate + 4));
}

}  // namespace

bool needs_low_data_rate_optimize(std::uint8_t spreading_factor, std::uint32_t bandwidth_hz) {
  // 2^SF / BW > 0.016 s  <=>  2^SF * 1000 > 16 * BW, exact in integers. No LoRa SF goes past 12; the
  // guard only keeps the shift defined for nonsense input.
  if (spreading_factor > 32) return true;
  return (std::uint64_t{1} << spreading_factor) * 1000 > std::uint64_t{16} * bandwidth_hz;
}

Result<std::uint32_t> lora_payload_symbols(const LoRaTxParams& params, std::size_t payload_bytes) {
  if (auto valid = validate(params, payload_bytes); !valid) return valid.error();
  return payload_symbols_unchecked(params, payload_bytes);
}

Result<std::uint64_t> lora_time_on_air_us(const LoRaTxParams& params, std::size_t payload_bytes) {
  if (auto valid = validate(params, payload_bytes); !valid) return valid.error();
  const std::uint64_t symbols = payload_symbols_unchecked(params, payload_bytes);
  // Quarter symbols: (n_preamble + 4.25 + n_payload) * 4.
  const std::uint64_t quarter_symbols = 4 * (std::uint64_t{params.preamble_symbols} + symbols) + 17;
  const std::uint64_t numerator = quarter_symbols * (std::uint64_t{1} << params.spreading_factor) * 1'000'000;
  const std::uint64_t denominator = 4 * std::uint64_t{params.bandwidth_hz};
  return (numerator + denominator - 1) / denominator;
}

}  // namespace onechan::lorawan
