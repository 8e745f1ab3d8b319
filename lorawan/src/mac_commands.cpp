#include "lorawan/mac_commands.hpp"

#include <array>
#include <cstdio>
#include <string>
#include <type_traits>

namespace onechan::lorawan {
namespace {

// ---- field helpers ----

bool bit(std::uint8_t byte, int n) {
  return ((byte >> n) & 1) != 0;
}
std::uint8_t flag(bool v, int n) {
  return static_cast<std::uint8_t>(v ? (1u << n) : 0u);
}

std::uint32_t read_frequency_hz(const std::uint8_t* p) {
  return (static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
          (static_cast<std::uint32_t>(p[2]) << 16)) *
         100;
}

Error out_of_range(const char* command, const char* field, std::int64_t value, const char* limit) {
  return make_error("mac_field_out_of_range",
                    std::string(command) + " " + field + " " + std::to_string(value) + " " + limit);
}

// Writes `hz` as 24-bit 100 Hz units at `p`.
Result<void> write_frequency(const char* command, std::uint32_t hz, std::uint8_t* p) {
  if (hz % 100 != 0 || hz / 100 > 0xFFFFFF) {
    return out_of_range(command, "frequency_hz", hz, "is not a multiple of 100 Hz up to 1677721500 Hz");
  }
  const std::uint32_t units = hz / 100;
  p[0] = static_cast<std::uint8_t>(units);
  p[1] = static_cast<std::uint8_t>(units >> 8);
  p[2] = static_cast<std::uint8_t>(units >> 16);
  return {};
}

Result<void> check_bits(const char* command, const char* field, unsigned value, unsigned bits) {
  if (value >= (1u << bits)) {
    return out_of_range(command, field, value,
                        bits == 3 ? "does not fit in 3 bits" : "does not fit in 4 bits");
  }
  return {};
}

// ---- per-command payload codecs: read (decode), write (encode), list (fields) ----
// Commands without payload share the generic templates.

using Fields = std::vector<MacField>;

template <typename T>
requires(T::kPayloadSize == 0) void read_payload(const std::uint8_t*, T&) {}
template <typename T>
requires(T::kPayloadSize == 0) Result<void> write_payload(const T&, std::uint8_t*) {
  return {};
}
template <typename T>
requires(T::kPayloadSize == 0) void list_fields(const T&, Fields&) {}

void read_payload(const std::uint8_t* p, LinkCheckAns& c) {
  c.margin = p[0];
  c.gw_cnt = p[1];
}
Result<void> write_payload(const LinkCheckAns& c, std::uint8_t* p) {
  p[0] = c.margin;
  p[1] = c.gw_cnt;
  return {};
}
void list_fields(const LinkCheckAns& c, Fields& f) {
  f.emplace_back("margin", c.margin);
  f.emplace_back("gw_cnt", c.gw_cnt);
}

void read_payload(const std::uint8_t* p, LinkADRReq& c) {
  c.data_rate = static_cast<std::uint8_t>(p[0] >> 4);
  c.tx_power = static_cast<std::uint8_t>(p[0] & 0x0F);
  c.ch_mask = static_cast<std::uint16_t>(p[1] | (p[2] << 8));
  c.redundancy.ch_mask_cntl = static_cast<std::uint8_t>((p[3] >> 4) & 0x07);
  c.redundancy.nb_trans = static_cast<std::uint8_t>(p[3] & 0x0F);
}
Result<void> write_payload(const LinkADRReq& c, std::uint8_t* p) {
  for (auto r : {check_bits(LinkADRReq::kName, "data_rate", c.data_rate, 4),
                 check_bits(LinkADRReq::kName, "tx_power", c.tx_power, 4),
                 check_bits(LinkADRReq::kName, "ch_mask_cntl", c.redundancy.ch_mask_cntl, 3),
                 check_bits(LinkADRReq::kName, "nb_trans", c.redundancy.nb_trans, 4)}) {
    if (!r) return r;
  }
  p[0] = static_cast<std::uint8_t>((c.data_rate << 4) | c.tx_power);
  p[1] = static_cast<std::uint8_t>(c.ch_mask);
  p[2] = static_cast<std::uint8_t>(c.ch_mask >> 8);
  p[3] = static_cast<std::uint8_t>((c.redundancy.ch_mask_cntl << 4) | c.redundancy.nb_trans);
  return {};
}
void list_fields(const LinkADRReq& c, Fields& f) {
  f.emplace_back("data_rate", c.data_rate);
  f.emplace_back("tx_power", c.tx_power);
  f.emplace_back("ch_mask", c.ch_mask);
  f.emplace_back("ch_mask_cntl", c.redundancy.ch_mask_cntl);
  f.emplace_back("nb_trans", c.redundancy.nb_trans);
}

void read_payload(const std::uint8_t* p, LinkADRAns& c) {
  c.power_ack = bit(p[0], 2);
  c.data_rate_ack = bit(p[0], 1);
  c.channel_mask_ack = bit(p[0], 0);
}
Result<void> write_payload(const LinkADRAns& c, std::uint8_t* p) {
  p[0] = static_cast<std::uint8_t>(flag(c.power_ack, 2) | flag(c.data_rate_ack, 1) |
                                   flag(c.channel_mask_ack, 0));
  return {};
}
void list_fields(const LinkADRAns& c, Fields& f) {
  f.emplace_back("power_ack", c.power_ack);
  f.emplace_back("data_rate_ack", c.data_rate_ack);
  f.emplace_back("channel_mask_ack", c.channel_mask_ack);
}

void read_payload(const std::uint8_t* p, DutyCycleReq& c) {
  c.max_dcycle = static_cast<std::uint8_t>(p[0] & 0x0F);
}
Result<void> write_payload(const DutyCycleReq& c, std::uint8_t* p) {
  if (auto r = check_bits(DutyCycleReq::kName, "max_dcycle", c.max_dcycle, 4); !r) return r;
  p[0] = c.max_dcycle;
  return {};
}
void list_fields(const DutyCycleReq& c, Fields& f) {
  f.emplace_back("max_dcycle", c.max_dcycle);
}

void read_payload(const std::uint8_t* p, RXParamSetupReq& c) {
  c.rx1_dr_offset = static_cast<std::uint8_t>((p[0] >> 4) & 0x07);
  c.rx2_data_rate = static_cast<std::uint8_t>(p[0] & 0x0F);
  c.frequency_hz = read_frequency_hz(p + 1);
}
Result<void> write_payload(const RXParamSetupReq& c, std::uint8_t* p) {
  if (auto r = check_bits(RXParamSetupReq::kName, "rx1_dr_offset", c.rx1_dr_offset, 3); !r) return r;
  if (auto r = check_bits(RXParamSetupReq::kName, "rx2_data_rate", c.rx2_data_rate, 4); !r) return r;
  p[0] = static_cast<std::uint8_t>((c.rx1_dr_offset << 4) | c.rx2_data_rate);
  return write_frequency(RXParamSetupReq::kName, c.frequency_hz, p + 1);
}
void list_fields(const RXParamSetupReq& c, Fields& f) {
  f.emplace_back("rx1_dr_offset", c.rx1_dr_offset);
  f.emplace_back("rx2_data_rate", c.rx2_data_rate);
  f.emplace_back("frequency_hz", c.frequency_hz);
}

void read_payload(const std::uint8_t* p, RXParamSetupAns& c) {
  c.rx1_dr_offset_ack = bit(p[0], 2);
  c.rx2_data_rate_ack = bit(p[0], 1);
  c.channel_ack = bit(p[0], 0);
}
Result<void> write_payload(const RXParamSetupAns& c, std::uint8_t* p) {
  p[0] = static_cast<std::uint8_t>(flag(c.rx1_dr_offset_ack, 2) | flag(c.rx2_data_rate_ack, 1) |
                                   flag(c.channel_ack, 0));
  return {};
}
void list_fields(const RXParamSetupAns& c, Fields& f) {
  f.emplace_back("rx1_dr_offset_ack", c.rx1_dr_offset_ack);
  f.emplace_back("rx2_data_rate_ack", c.rx2_data_rate_ack);
  f.emplace_back("channel_ack", c.channel_ack);
}

void read_payload(const std::uint8_t* p, DevStatusAns& c) {
  c.battery = p[0];
  const int six_bits = p[1] & 0x3F;
  c.margin = static_cast<std::int8_t>(six_bits >= 32 ? six_bits - 64 : six_bits);
}
Result<void> write_payload(const DevStatusAns& c, std::uint8_t* p) {
  if (c.margin < -32 || c.margin > 31)
    return out_of_range(DevStatusAns::kName, "margin", c.margin, "is outside -32..31");
  p[0] = c.battery;
  p[1] = static_cast<std::uint8_t>(c.margin & 0x3F);
  return {};
}
void list_fields(const DevStatusAns& c, Fields& f) {
  f.emplace_back("battery", c.battery);
  f.emplace_back("margin", c.margin);
}

void read_payload(const std::uint8_t* p, NewChannelReq& c) {
  c.ch_index = p[0];
  c.frequency_hz = read_frequency_hz(p + 1);
  c.max_dr = static_cast<std::uint8_t>(p[4] >> 4);
  c.min_dr = static_cast<std::uint8_t>(p[4] & 0x0F);
}
Result<void> write_payload(const NewChannelReq& c, std::uint8_t* p) {
  if (auto r = check_bits(NewChannelReq::kName, "max_dr", c.max_dr, 4); !r) return r;
  if (auto r = check_bits(NewChannelReq::kName, "min_dr", c.min_dr, 4); !r) return r;
  p[0] = c.ch_index;
  if (auto r = write_frequency(NewChannelReq::kName, c.frequency_hz, p + 1); !r) return r;
  p[4] = static_cast<std::uint8_t>((c.max_dr << 4) | c.min_dr);
  return {};
}
void list_fields(const NewChannelReq& c, Fields& f) {
  f.emplace_back("ch_index", c.ch_index);
  f.emplace_back("frequency_hz", c.frequency_hz);
  f.emplace_back("max_dr", c.max_dr);
  f.emplace_back("min_dr", c.min_dr);
}

void read_payload(const std::uint8_t* p, NewChannelAns& c) {
  c.data_rate_range_ok = bit(p[0], 1);
  c.channel_frequency_ok = bit(p[0], 0);
}
Result<void> write_payload(const NewChannelAns& c, std::uint8_t* p) {
  p[0] = static_cast<std::uint8_t>(flag(c.data_rate_range_ok, 1) | flag(c.channel_frequency_ok, 0));
  return {};
}
void list_fields(const NewChannelAns& c, Fields& f) {
  f.emplace_back("data_rate_range_ok", c.data_rate_range_ok);
  f.emplace_back("channel_frequency_ok", c.channel_frequency_ok);
}

void read_payload(const std::uint8_t* p, RXTimingSetupReq& c) {
  c.del = static_cast<std::uint8_t>(p[0] & 0x0F);
}
Result<void> write_payload(const RXTimingSetupReq& c, std::uint8_t* p) {
  if (auto r = check_bits(RXTimingSetupReq::kName, "del", c.del, 4); !r) return r;
  p[0] = c.del;
  return {};
}
void list_fields(const RXTimingSetupReq& c, Fields& f) {
  f.emplace_back("del", c.del);
}

void read_payload(const std::uint8_t* p, TxParamSetupReq& c) {
  c.downlink_dwell_time = bit(p[0], 5);
  c.uplink_dwell_time = bit(p[0], 4);
  c.max_eirp = static_cast<std::uint8_t>(p[0] & 0x0F);
}
Result<void> write_payload(const TxParamSetupReq& c, std::uint8_t* p) {
  if (auto r = check_bits(TxParamSetupReq::kName, "max_eirp", c.max_eirp, 4); !r) return r;
  p[0] =
      static_cast<std::uint8_t>(flag(c.downlink_dwell_time, 5) | flag(c.uplink_dwell_time, 4) | c.max_eirp);
  return {};
}
void list_fields(const TxParamSetupReq& c, Fields& f) {
  f.emplace_back("downlink_dwell_time", c.downlink_dwell_time);
  f.emplace_back("uplink_dwell_time", c.uplink_dwell_time);
  f.emplace_back("max_eirp", c.max_eirp);
}

void read_payload(const std::uint8_t* p, DlChannelReq& c) {
  c.ch_index = p[0];
  c.frequency_hz = read_frequency_hz(p + 1);
}
Result<void> write_payload(const DlChannelReq& c, std::uint8_t* p) {
  p[0] = c.ch_index;
  return write_frequency(DlChannelReq::kName, c.frequency_hz, p + 1);
}
void list_fields(const DlChannelReq& c, Fields& f) {
  f.emplace_back("ch_index", c.ch_index);
  f.emplace_back("frequency_hz", c.frequency_hz);
}

void read_payload(const std::uint8_t* p, DlChannelAns& c) {
  c.uplink_frequency_exists = bit(p[0], 1);
  c.channel_frequency_ok = bit(p[0], 0);
}
Result<void> write_payload(const DlChannelAns& c, std::uint8_t* p) {
  p[0] = static_cast<std::uint8_t>(flag(c.uplink_frequency_exists, 1) | flag(c.channel_frequency_ok, 0));
  return {};
}
void list_fields(const DlChannelAns& c, Fields& f) {
  f.emplace_back("uplink_frequency_exists", c.uplink_frequency_exists);
  f.emplace_back("channel_frequency_ok", c.channel_frequency_ok);
}

void read_payload(const std::uint8_t* p, DeviceTimeAns& c) {
  c.gps_seconds = static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
                  (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
  c.fraction = p[4];
}
Result<void> write_payload(const DeviceTimeAns& c, std::uint8_t* p) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(c.gps_seconds >> (8 * i));
  p[4] = c.fraction;
  return {};
}
void list_fields(const DeviceTimeAns& c, Fields& f) {
  f.emplace_back("gps_seconds", c.gps_seconds);
  f.emplace_back("fraction", c.fraction);
}

// ---- the CID table, built from the command types so CID, direction and size cannot disagree ----

struct CommandInfo {
  std::uint8_t cid;
  Direction direction;
  std::size_t payload_size;
  const char* name;
  MacCommand (*decode)(const std::uint8_t* payload);
};

template <typename T>
MacCommand decode_as(const std::uint8_t* payload) {
  T command{};
  read_payload(payload, command);
  return command;
}

template <std::size_t... I>
constexpr auto make_table(std::index_sequence<I...>) {
  return std::array<CommandInfo, sizeof...(I)>{CommandInfo{
      std::variant_alternative_t<I, MacCommand>::kCid, std::variant_alternative_t<I, MacCommand>::kDirection,
      std::variant_alternative_t<I, MacCommand>::kPayloadSize,
      std::variant_alternative_t<I, MacCommand>::kName,
      &decode_as<std::variant_alternative_t<I, MacCommand>>}...};
}

constexpr auto kCommands = make_table(std::make_index_sequence<std::variant_size_v<MacCommand>>{});

const CommandInfo* find_command(std::uint8_t cid, Direction dir) {
  for (const auto& info : kCommands) {
    if (info.cid == cid && info.direction == dir) return &info;
  }
  return nullptr;
}

std::string hex_byte(std::uint8_t b) {
  std::array<char, 5> text{};
  std::snprintf(text.data(), text.size(), "0x%02X", b);
  return text.data();
}

const char* direction_name(Direction dir) {
  return dir == Direction::Uplink ? "uplink" : "downlink";
}

}  // namespace

MacDecodeResult decode_mac_commands(ByteSpan bytes, Direction dir) {
  MacDecodeResult result;
  std::size_t offset = 0;
  while (offset < bytes.size()) {
    const std::uint8_t cid = bytes[offset];
    const CommandInfo* info = find_command(cid, dir);
    if (info == nullptr) {
      result.stopped = make_error(
          "mac_unknown_cid", "unknown " + std::string(direction_name(dir)) + " MAC command CID " +
                                 hex_byte(cid) + " at offset " + std::to_string(offset) + "; stopped after " +
                                 std::to_string(result.commands.size()) + " command(s)");
      break;
    }
    const std::size_t left = bytes.size() - offset - 1;
    if (left < info->payload_size) {
      result.stopped = make_error(
          "mac_truncated", std::string(info->name) + " (CID " + hex_byte(cid) + ") at offset " +
                               std::to_string(offset) + " needs " + std::to_string(info->payload_size) +
                               " payload byte(s), only " + std::to_string(left) + " left");
      break;
    }
    result.commands.push_back(info->decode(bytes.data() + offset + 1));
    offset += 1 + info->payload_size;
  }
  result.consumed = offset;
  return result;
}

Result<MacCommandBytes> encode_mac_command(const MacCommand& command) {
  return std::visit(
      [](const auto& c) -> Result<MacCommandBytes> {
        using T = std::decay_t<decltype(c)>;
        std::array<std::uint8_t, kMaxMacCommandSize> buf{};
        buf[0] = T::kCid;
        if (auto r = write_payload(c, buf.data() + 1); !r) return r.error();
        return MacCommandBytes(ByteSpan(buf.data(), 1 + T::kPayloadSize));
      },
      command);
}

Result<MacCommandsBytes> encode_mac_commands(std::span<const MacCommand> commands) {
  MacCommandsBytes out;
  for (const auto& command : commands) {
    auto bytes = encode_mac_command(command);
    if (!bytes) return bytes.error();
    if (out.size() + bytes->size() > out.capacity()) {
      return make_error("mac_too_long", "MAC commands exceed " + std::to_string(out.capacity()) +
                                            " bytes at " + mac_name(command));
    }
    for (std::uint8_t b : *bytes) out.push_back(b);
  }
  return out;
}

const char* mac_name(const MacCommand& command) {
  return std::visit([](const auto& c) { return std::decay_t<decltype(c)>::kName; }, command);
}

std::uint8_t mac_cid(const MacCommand& command) {
  return std::visit([](const auto& c) { return std::decay_t<decltype(c)>::kCid; }, command);
}

Direction mac_direction(const MacCommand& command) {
  return std::visit([](const auto& c) { return std::decay_t<decltype(c)>::kDirection; }, command);
}

std::vector<MacField> mac_fields(const MacCommand& command) {
  Fields fields;
  std::visit([&fields](const auto& c) { list_fields(c, fields); }, command);
  return fields;
}

}  // namespace onechan::lorawan
