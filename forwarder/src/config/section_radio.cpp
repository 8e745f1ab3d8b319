// `radio`: the board and the one channel the gateway listens on, checked against the region so that a
// gateway never listens (or is told it may transmit) outside its region's band.
#include <algorithm>
#include <cctype>

#include "config/sections.hpp"

namespace onechan::config::detail {
namespace {

using lorawan::Region;

bool valid_board_name(std::string_view name) {
  if (name.empty()) return false;
  // A path to a board file (board_file.hpp loads it as is) or a plain name searched in boards/.
  if (name.find('/') != std::string_view::npos || name.ends_with(".json")) return true;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

std::optional<radio::sim::AirAddress> read_air(Fields& fields, std::string_view key,
                                               std::string_view fallback) {
  const std::string text = fields.string(key, std::string(fallback));
  if (fields.problems().any()) return std::nullopt;
  std::string error;
  auto address = radio::sim::parse_air_address(text, &error);
  if (!address) {
    fields.fail(key, "config_bad_value", error);
    return std::nullopt;
  }
  // The virtual air exists only on this machine (docs/virtual-air.md).
  if ((address->ipv4 >> 24) != 127) {
    fields.fail(key, "config_bad_value", "\"" + text + "\" is not a loopback address (127.x.x.x)");
    return std::nullopt;
  }
  if (address->port == 0) {
    fields.fail(key, "config_bad_value", "\"" + text + "\" needs a port 1..65535");
    return std::nullopt;
  }
  return address;
}

std::string hz_range(const Region& r) {
  return std::string(r.name) + " (" + std::to_string(r.min_frequency_hz) + ".." +
         std::to_string(r.max_frequency_hz) + ")";
}

// The whole channel (centre +- bandwidth / 2) must lie inside the region's range, and a fixed channel
// plan (US915, AU915) only has uplink channels on its grid.
void check_frequency(Fields& fields, const RadioConfig& radio) {
  const Region& r = radio.region_data();
  const std::uint64_t f = radio.frequency_hz;
  const std::uint64_t half = radio.bandwidth_hz / 2;
  if (f < r.min_frequency_hz || f > r.max_frequency_hz) {
    fields.fail("frequency_hz", "config_bad_value", std::to_string(f) + " Hz is outside " + hz_range(r));
    return;
  }
  if (f - half < r.min_frequency_hz || f + half > r.max_frequency_hz) {
    fields.fail("frequency_hz", "config_bad_value",
                std::to_string(f) + " Hz: a " + std::to_string(radio.bandwidth_hz) +
                    " Hz channel there reaches outside " + hz_range(r));
    return;
  }
  if (!r.fixed_channels) return;
  const bool wide = radio.bandwidth_hz == 500'000;
  const std::uint64_t first =
      wide ? r.fixed_channels->uplink_500khz_first_hz : r.fixed_channels->uplink_125khz_first_hz;
  const std::uint64_t step = wide ? 1'600'000 : 200'000;
  const std::uint64_t count = wide ? 8 : 64;
  if (f < first || (f - first) % step != 0 || (f - first) / step >= count) {
    fields.fail("frequency_hz", "config_bad_value",
                std::to_string(f) + " Hz is not a " + std::string(r.name) + " " +
                    (wide ? "500 kHz" : "125 kHz") + " uplink channel (" + std::to_string(first) + " + n * " +
                    std::to_string(step) + " Hz, n = 0.." + std::to_string(count - 1) + ")");
  }
}

// A single-channel gateway hears only what nodes send: the SF/bandwidth pair must be one of the
// region's uplink data rates (EU868 has no SF7BW500, US915 has no SF12BW125).
void check_data_rate(Fields& fields, const RadioConfig& radio) {
  const Region& r = radio.region_data();
  const lorawan::LoRaDataRate lora{radio.spreading_factor, radio.bandwidth_hz};
  if (r.find_data_rate(lora, lorawan::Direction::Uplink)) return;
  std::string known;
  for (const auto& dr : r.data_rates) {
    if (dr.is_lora() && dr.uplink) known += (known.empty() ? "" : ", ") + lorawan::format_datr(dr.lora);
  }
  fields.fail("spreading_factor", "config_bad_value",
              "SF" + std::to_string(radio.spreading_factor) + " with bandwidth_hz " +
                  std::to_string(radio.bandwidth_hz) + " (" + lorawan::format_datr(lora) +
                  ") is not an uplink data rate of " + std::string(r.name) + " (it has " + known + ")");
}

}  // namespace

void read_radio(const Json* value, Problems& problems, Config& config) {
  if (!value) {
    problems.add("config_missing_key", "radio", "missing (required): the board and the channel to listen on");
    return;
  }
  Fields fields(*value, "radio", problems);
  fields.allow_only({"board", "region", "frequency_hz", "spreading_factor", "bandwidth_hz", "coding_rate",
                     "tx_power_dbm", "air", "downlink_air"});
  RadioConfig& radio = config.radio;

  radio.board = fields.string("board", std::nullopt);
  if (!problems.any() && !valid_board_name(radio.board)) {
    fields.fail("board", "config_bad_value",
                "\"" + radio.board +
                    "\" is not a board name (a-z, 0-9, '-', '_', '.'), a path to a board "
                    "file, or \"sim\"");
  }

  const std::string region_name = fields.string("region", std::nullopt);
  if (!problems.any()) {
    auto region = lorawan::find_region(region_name);
    if (region) {
      radio.region = (*region)->id;
    } else {
      fields.fail("region", "config_bad_value", region.error().message);
    }
  }

  radio.frequency_hz = fields.integer<std::uint32_t>("frequency_hz", 1, 4'294'967'295U, std::nullopt, " Hz");
  radio.spreading_factor = fields.integer<std::uint8_t>("spreading_factor", 7, 12, 7);
  radio.bandwidth_hz = fields.integer<std::uint32_t>("bandwidth_hz", 1, 4'294'967'295U, 125'000, " Hz");
  if (!problems.any() && radio.bandwidth_hz != 125'000 && radio.bandwidth_hz != 250'000 &&
      radio.bandwidth_hz != 500'000) {
    fields.fail("bandwidth_hz", "config_bad_value",
                "must be 125000, 250000 or 500000, got " + std::to_string(radio.bandwidth_hz));
  }

  const std::string coding_rate = fields.string("coding_rate", "4/5");
  if (!problems.any()) {
    auto index = lorawan::parse_codr(coding_rate);
    if (index) {
      radio.coding_rate = static_cast<std::uint8_t>(*index + 4);
    } else {
      fields.fail("coding_rate", "config_bad_value",
                  "must be \"4/5\", \"4/6\", \"4/7\" or \"4/8\", got \"" + coding_rate + "\"");
    }
  }

  if (fields.has("tx_power_dbm")) {
    // PA_BOOST, the RFM95's only PA output, covers 2..20 dBm (SX1276 datasheet 5.4.3).
    radio.tx_power_dbm = fields.integer<std::int8_t>("tx_power_dbm", 2, 20, std::nullopt, " dBm");
  }

  if (radio.is_sim()) {
    radio.air = read_air(fields, "air", kDefaultSimAir);
    radio.downlink_air = read_air(fields, "downlink_air", kDefaultSimDownlinkAir);
    if (!problems.any() && radio.air == radio.downlink_air) {
      fields.fail(
          "downlink_air", "config_bad_value",
          "is radio.air too (" + radio.air->to_string() + "): the gateway would hear its own transmissions");
    }
  } else {
    for (const char* key : {"air", "downlink_air"}) {
      if (fields.has(key)) {
        fields.fail(key, "config_unknown_key",
                    "only for board \"sim\" (the virtual air); radio.board is \"" + radio.board + "\"");
      }
    }
  }

  // The data rate first: the channel grid of a fixed plan depends on the bandwidth.
  if (problems.any()) return;
  check_data_rate(fields, radio);
  if (problems.any()) return;
  check_frequency(fields, radio);
}

}  // namespace onechan::config::detail
