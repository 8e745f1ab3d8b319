#include "lorawan/region.hpp"

#include <cctype>
#include <charconv>

#include "region_tables.hpp"

namespace onechan::lorawan {

namespace {

bool parse_uint(std::string_view text, std::uint32_t& out) {
  if (text.empty() || text.size() > 6) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

std::string mhz(std::uint32_t hz) {
  // Integer Hz printed as MHz with exactly six decimals: never through a float.
  std::string frac = std::to_string(hz % 1'000'000);
  frac.insert(0, 6 - frac.size(), '0');
  return std::to_string(hz / 1'000'000) + "." + frac + " MHz";
}

std::string dr_text(std::uint8_t dr) {
  return "DR" + std::to_string(dr);
}

Error undefined_dr(const Region& r, std::uint8_t dr) {
  return make_error("region_data_rate_undefined", dr_text(dr) + " is not defined in " + std::string(r.name));
}

constexpr RegionId kAllRegions[] = {RegionId::EU868, RegionId::US915, RegionId::AU915, RegionId::AS923_1,
                                    RegionId::IN865};

}  // namespace

Result<LoRaDataRate> parse_datr(std::string_view text) {
  const auto bad = [&] {
    return make_error("datr_invalid", "data rate \"" + std::string(text) +
                                          "\" is not of the form SF7BW125 (SF6..SF12, BW125/BW250/BW500)");
  };
  if (text.size() < 6 || text.substr(0, 2) != "SF") return bad();
  const std::size_t bw = text.find("BW");
  if (bw == std::string_view::npos) return bad();
  std::uint32_t sf = 0;
  std::uint32_t khz = 0;
  if (!parse_uint(text.substr(2, bw - 2), sf) || !parse_uint(text.substr(bw + 2), khz)) return bad();
  if (sf < 6 || sf > 12) return bad();
  if (khz != 125 && khz != 250 && khz != 500) return bad();
  return LoRaDataRate{static_cast<std::uint8_t>(sf), khz * 1000};
}

std::string format_datr(const LoRaDataRate& data_rate) {
  return "SF" + std::to_string(data_rate.spreading_factor) + "BW" +
         std::to_string(data_rate.bandwidth_hz / 1000);
}

Result<std::uint8_t> parse_codr(std::string_view text) {
  if (text.size() == 3 && text[0] == '4' && text[1] == '/' && text[2] >= '5' && text[2] <= '8') {
    return static_cast<std::uint8_t>(text[2] - '4');
  }
  return make_error("codr_invalid",
                    "coding rate \"" + std::string(text) + "\" is not one of 4/5, 4/6, 4/7, 4/8");
}

std::string format_codr(std::uint8_t coding_rate) {
  if (coding_rate < 1 || coding_rate > 4) return "";
  return "4/" + std::to_string(coding_rate + 4);
}

Result<DataRate> Region::data_rate(std::uint8_t dr) const {
  if (dr >= data_rates.size() || data_rates[dr].modulation == Modulation::Undefined)
    return undefined_dr(*this, dr);
  return data_rates[dr];
}

Result<std::uint8_t> Region::find_data_rate(const LoRaDataRate& lora, Direction direction) const {
  for (std::size_t i = 0; i < data_rates.size(); ++i) {
    const DataRate& d = data_rates[i];
    const bool usable = direction == Direction::Uplink ? d.uplink : d.downlink;
    if (d.is_lora() && usable && d.lora == lora) return static_cast<std::uint8_t>(i);
  }
  return make_error("region_data_rate_unknown", format_datr(lora) + " is not a " +
                                                    (direction == Direction::Uplink ? "uplink" : "downlink") +
                                                    " data rate of " + std::string(name));
}

Result<MaxPayloadSize> Region::max_payload_size(std::uint8_t dr, PayloadSizeOptions options) const {
  if (auto d = data_rate(dr); !d) return d.error();
  const auto& tables = max_payload[options.repeater_compatible ? 0 : 1];
  const std::span<const MaxPayloadSize> table =
      options.dwell_time_400ms && !tables[1].empty() ? tables[1] : tables[0];
  if (dr >= table.size() || !table[dr].defined()) {
    return make_error("region_payload_size_undefined",
                      std::string(name) + " defines no payload size for " + dr_text(dr) +
                          (options.dwell_time_400ms ? " with 400 ms dwell time" : ""));
  }
  return table[dr];
}

Result<std::uint8_t> Region::rx1_data_rate(std::uint8_t uplink_dr, std::uint8_t rx1_dr_offset,
                                           bool downlink_dwell_time) const {
  if (auto d = data_rate(uplink_dr); !d) return d.error();
  const std::span<const Rx1Row> table =
      downlink_dwell_time && !rx1_data_rates_dwell.empty() ? rx1_data_rates_dwell : rx1_data_rates;
  if (uplink_dr >= table.size() || !data_rates[uplink_dr].uplink) {
    return make_error("region_data_rate_undefined",
                      dr_text(uplink_dr) + " is not an uplink data rate of " + std::string(name));
  }
  if (rx1_dr_offset > max_rx1_dr_offset || table[uplink_dr][rx1_dr_offset] < 0) {
    return make_error("region_rx1_dr_offset_invalid", "RX1DROffset " + std::to_string(rx1_dr_offset) +
                                                          " is not allowed in " + std::string(name) +
                                                          " (0.." + std::to_string(max_rx1_dr_offset) + ")");
  }
  const auto downlink_dr = static_cast<std::uint8_t>(table[uplink_dr][rx1_dr_offset]);
  if (auto d = data_rate(downlink_dr); !d) return d.error();
  return downlink_dr;
}

Result<std::uint32_t> Region::rx1_frequency(std::uint32_t uplink_frequency_hz) const {
  const auto not_a_channel = [&] {
    return make_error("region_frequency_not_a_channel",
                      mhz(uplink_frequency_hz) + " is not an uplink channel of " + std::string(name));
  };
  if (uplink_frequency_hz < min_frequency_hz || uplink_frequency_hz > max_frequency_hz)
    return not_a_channel();
  if (!fixed_channels) return uplink_frequency_hz;

  // RP002: 125 kHz channels 0..63 every 200 kHz, 500 kHz channels 64..71 every 1.6 MHz; the RX1 channel
  // is the uplink channel modulo 8, downlink channels every 600 kHz.
  const FixedChannelPlan& plan = *fixed_channels;
  std::uint32_t channel = 0;
  if (uplink_frequency_hz >= plan.uplink_125khz_first_hz &&
      (uplink_frequency_hz - plan.uplink_125khz_first_hz) % 200000 == 0 &&
      (uplink_frequency_hz - plan.uplink_125khz_first_hz) / 200000 < 64) {
    channel = (uplink_frequency_hz - plan.uplink_125khz_first_hz) / 200000;
  } else if (uplink_frequency_hz >= plan.uplink_500khz_first_hz &&
             (uplink_frequency_hz - plan.uplink_500khz_first_hz) % 1600000 == 0 &&
             (uplink_frequency_hz - plan.uplink_500khz_first_hz) / 1600000 < 8) {
    channel = 64 + (uplink_frequency_hz - plan.uplink_500khz_first_hz) / 1600000;
  } else {
    return not_a_channel();
  }
  return plan.downlink_first_hz + (channel % 8) * 600000;
}

Result<int> Region::tx_power_eirp_dbm(std::uint8_t tx_power_index) const {
  if (tx_power_index > max_tx_power_index) {
    return make_error("region_tx_power_invalid", "TXPower " + std::to_string(tx_power_index) +
                                                     " is not defined in " + std::string(name) + " (0.." +
                                                     std::to_string(max_tx_power_index) + ")");
  }
  return default_max_eirp_dbm - 2 * tx_power_index;
}

std::optional<TxBand> Region::find_tx_band(std::uint32_t frequency_hz, std::uint32_t bandwidth_hz) const {
  const std::uint64_t half = bandwidth_hz / 2;
  const std::uint64_t low = frequency_hz >= half ? frequency_hz - half : 0;
  const std::uint64_t high = std::uint64_t{frequency_hz} + half;
  for (const TxBand& band : tx_bands) {
    if (low >= band.min_hz && high <= band.max_hz) return band;
  }
  return std::nullopt;
}

Result<void> Region::is_allowed_tx(std::uint32_t frequency_hz, int power_dbm,
                                   const LoRaDataRate& datr) const {
  if (!find_data_rate(datr, Direction::Downlink)) {
    return make_error("tx_data_rate_not_allowed",
                      format_datr(datr) + " is not a LoRa downlink data rate of " + std::string(name));
  }
  const std::optional<TxBand> band = find_tx_band(frequency_hz, datr.bandwidth_hz);
  if (!band) {
    return make_error("tx_frequency_not_allowed",
                      mhz(frequency_hz) + " with " + std::to_string(datr.bandwidth_hz / 1000) +
                          " kHz bandwidth is outside the transmit bands of " + std::string(name));
  }
  if (power_dbm > band->max_eirp_dbm) {
    return make_error("tx_power_too_high", std::to_string(power_dbm) + " dBm exceeds the " +
                                               std::to_string(band->max_eirp_dbm) + " dBm EIRP limit at " +
                                               mhz(frequency_hz) + " in " + std::string(name));
  }
  return {};
}

Result<void> Region::is_allowed_tx(std::uint32_t frequency_hz, int power_dbm, std::string_view datr) const {
  auto parsed = parse_datr(datr);
  if (!parsed) return parsed.error();
  return is_allowed_tx(frequency_hz, power_dbm, *parsed);
}

const Region& region(RegionId id) {
  switch (id) {
    case RegionId::EU868:
      return region_tables::eu868();
    case RegionId::US915:
      return region_tables::us915();
    case RegionId::AU915:
      return region_tables::au915();
    case RegionId::AS923_1:
      return region_tables::as923_1();
    case RegionId::IN865:
      return region_tables::in865();
  }
  return region_tables::eu868();  // unreachable for a valid RegionId
}

std::span<const RegionId> all_region_ids() {
  return kAllRegions;
}

Result<const Region*> find_region(std::string_view name) {
  if (equals_ignore_case(name, "AS923") || equals_ignore_case(name, "AS923_1")) name = "AS923-1";
  std::string known;
  for (RegionId id : kAllRegions) {
    const Region& r = region(id);
    if (equals_ignore_case(name, r.name)) return &r;
    known += (known.empty() ? "" : ", ") + std::string(r.name);
  }
  return make_error("region_unknown", "unknown region \"" + std::string(name) + "\" (known: " + known + ")");
}

}  // namespace onechan::lorawan
