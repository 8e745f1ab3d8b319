// MAC commands of LoRaWAN 1.0.x (1.0.4 section 5), decoded into typed values and encoded back.
// They travel in FOpts or, after decryption, in the FRMPayload of an FPort-0 frame: CID(1) | payload.
// The same CID means a different command in each direction (0x03 is LinkADRReq down, LinkADRAns up), and
// the payload length depends on the command, so decoding needs the direction and stops at the first CID
// it does not know (the rest cannot be delimited).
//
// Multi-byte fields are little-endian; frequencies travel as 24-bit counts of 100 Hz and are given here
// in Hz. Bits the spec marks RFU are ignored on decode and written as 0.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <variant>
#include <vector>

#include "lorawan/bytes.hpp"
#include "lorawan/result.hpp"
#include "lorawan/types.hpp"

namespace onechan::lorawan {

// Each command type carries: kCid, kDirection (the direction it travels in), kPayloadSize (bytes after
// the CID) and kName (the spec's name).

// --- LinkCheck (0x02): the device asks for its link margin; the network answers. ---
struct LinkCheckReq {
  static constexpr std::uint8_t kCid = 0x02;
  static constexpr Direction kDirection = Direction::Uplink;
  static constexpr std::size_t kPayloadSize = 0;
  static constexpr const char* kName = "LinkCheckReq";
  friend bool operator==(const LinkCheckReq&, const LinkCheckReq&) = default;
};
struct LinkCheckAns {
  static constexpr std::uint8_t kCid = 0x02;
  static constexpr Direction kDirection = Direction::Downlink;
  static constexpr std::size_t kPayloadSize = 2;
  static constexpr const char* kName = "LinkCheckAns";
  std::uint8_t margin = 0;  // dB above the demodulation floor of the last LinkCheckReq (0-254)
  std::uint8_t gw_cnt = 0;  // gateways that heard it
  friend bool operator==(const LinkCheckAns&, const LinkCheckAns&) = default;
};

// --- LinkADR (0x03) ---
struct LinkADRReq {
  static constexpr std::uint8_t kCid = 0x03;
  static constexpr Direction kDirection = Direction::Downlink;
  static constexpr std::size_t kPayloadSize = 4;
  static constexpr const char* kName = "LinkADRReq";
  struct Redundancy {
    std::uint8_t ch_mask_cntl = 0;  // bits 6-4
    std::uint8_t nb_trans = 0;      // bits 3-0
    friend bool operator==(const Redundancy&, const Redundancy&) = default;
  };
  std::uint8_t data_rate = 0;  // bits 7-4 of the first byte
  std::uint8_t tx_power = 0;   // bits 3-0
  std::uint16_t ch_mask = 0;   // bit i = channel i (of the block ChMaskCntl selects)
  Redundancy redundancy;
  friend bool operator==(const LinkADRReq&, const LinkADRReq&) = default;
};
struct LinkADRAns {
  static constexpr std::uint8_t kCid = 0x03;
  static constexpr Direction kDirection = Direction::Uplink;
  static constexpr std::size_t kPayloadSize = 1;
  static constexpr const char* kName = "LinkADRAns";
  bool power_ack = false;         // bit 2
  bool data_rate_ack = false;     // bit 1
  bool channel_mask_ack = false;  // bit 0
  friend bool operator==(const LinkADRAns&, const LinkADRAns&) = default;
};

// --- DutyCycle (0x04) ---
struct DutyCycleReq {
  static constexpr std::uint8_t kCid = 0x04;
  static constexpr Direction kDirection = Direction::Downlink;
  static constexpr std::size_t kPayloadSize = 1;
  static constexpr const char* kName = "DutyCycleReq";
  std::uint8_t max_dcycle = 0;  // 0-15: aggregated duty cycle limited to 1 / 2^MaxDCycle
  friend bool operator==(const DutyCycleReq&, const DutyCycleReq&) = default;
};
struct DutyCycleAns {
  static constexpr std::uint8_t kCid = 0x04;
  static constexpr Direction kDirection = Direction::Uplink;
  static constexpr std::size_t kPayloadSize = 0;
  static constexpr const char* kName = "DutyCycleAns";
  friend bool operator==(const DutyCycleAns&, const DutyCycleAns&) = default;
};

// --- RXParamSetup (0x05) ---
struct RXParamSetupReq {
  static constexpr std::uint8_t kCid = 0x05;
  static constexpr Direction kDirection = Direction::Downlink;
  static constexpr std::size_t kPayloadSize = 4;
  static constexpr const char* kName = "RXParamSetupReq";
  std::uint8_t rx1_dr_offset = 0;  // DLsettings bits 6-4
  std::uint8_t rx2_data_rate = 0;  // DLsettings bits 3-0
  std::uint32_t frequency_hz = 0;  // RX2 frequency
  friend bool operator==(const RXParamSetupReq&, const RXParamSetupReq&) = default;
};
struct RXParamSetupAns {
  static constexpr std::uint8_t kCid = 0x05;
  static constexpr Direction kDirection = Direction::Uplink;
  static constexpr std::size_t kPayloadSize = 1;
  static constexpr const char* kName = "RXParamSetupAns";
  bool rx1_dr_offset_ack = false;  // bit 2
  bool rx2_data_rate_ack = false;  // bit 1
  bool channel_ack = false;        // bit 0
  friend bool operator==(const RXParamSetupAns&, const RXParamSetupAns&) = default;
};

// --- DevStatus (0x06) ---
struct DevStatusReq {
  static constexpr std::uint8_t kCid = 0x06;
  static constexpr Direction kDirection = Direction::Downlink;
  static constexpr std::size_t kPayloadSize = 0;
  static constexpr const char* kName = "DevStatusReq";
  friend bool operator==(const DevStatusReq&, const DevStatusReq&) = default;
};
struct DevStatusAns {
  static constexpr std::uint8_t kCid = 0x06;
  static constexpr Direction kDirection = Direction::Uplink;
  static constexpr std::size_t kPayloadSize = 2;
  static constexpr const char* kName = "DevStatusAns";
  std::uint8_t battery = 0;  // 0 external power, 1-254 level, 255 cannot measure
  std::int8_t margin = 0;    // SNR of the last DevStatusReq in dB, 6-bit signed: -32..31
  friend bool operator==(const DevStatusAns&, const DevStatusAns&) = default;
};

// --- NewChannel (0x07) ---
struct NewChannelReq {
  static constexpr std::uint8_t kCid = 0x07;
  static constexpr Direction kDirection = Direction::Downlink;
  static constexpr std::size_t kPayloadSize = 5;
  static constexpr const char* kName = "NewChannelReq";
  std::uint8_t ch_index = 0;
  std::uint32_t frequency_hz = 0;  // 0 disables the channel
  std::uint8_t max_dr = 0;         // DrRange bits 7-4
  std::uint8_t min_dr = 0;         // DrRange bits 3-0
  friend bool operator==(const NewChannelReq&, const NewChannelReq&) = default;
};
struct NewChannelAns {
  static constexpr std::uint8_t kCid = 0x07;
  static constexpr Direction kDirection = Direction::Uplink;
  static constexpr std::size_t kPayloadSize = 1;
  static constexpr const char* kName = "NewChannelAns";
  bool data_rate_range_ok = false;    // bit 1
  bool channel_frequency_ok = false;  // bit 0
  friend bool operator==(const NewChannelAns&, const NewChannelAns&) = default;
};

// --- RXTimingSetup (0x08) ---
struct RXTimingSetupReq {
  static constexpr std::uint8_t kCid = 0x08;
  static constexpr Direction kDirection = Direction::Downlink;
  static constexpr std::size_t kPayloadSize = 1;
  static constexpr const char* kName = "RXTimingSetupReq";
  std::uint8_t del = 0;  // RX1 delay in seconds, 0 meaning 1
  friend bool operator==(const RXTimingSetupReq&, const RXTimingSetupReq&) = default;
};
struct RXTimingSetupAns {
  static constexpr std::uint8_t kCid = 0x08;
  static constexpr Direction kDirection = Direction::Uplink;
  static constexpr std::size_t kPayloadSize = 0;
  static constexpr const char* kName = "RXTimingSetupAns";
  friend bool operator==(const RXTimingSetupAns&, const RXTimingSetupAns&) = default;
};

// --- TxParamSetup (0x09) ---
struct TxParamSetupReq {
  static constexpr std::uint8_t kCid = 0x09;
  static constexpr Direction kDirection = Direction::Downlink;
  static constexpr std::size_t kPayloadSize = 1;
  static constexpr const char* kName = "TxParamSetupReq";
  bool downlink_dwell_time = false;  // bit 5: 400 ms dwell limit
  bool uplink_dwell_time = false;    // bit 4
  std::uint8_t max_eirp = 0;         // bits 3-0: index into the spec's EIRP table (8..36 dBm)
  friend bool operator==(const TxParamSetupReq&, const TxParamSetupReq&) = default;
};
struct TxParamSetupAns {
  static constexpr std::uint8_t kCid = 0x09;
  static constexpr Direction kDirection = Direction::Uplink;
  static constexpr std::size_t kPayloadSize = 0;
  static constexpr const char* kName = "TxParamSetupAns";
  friend bool operator==(const TxParamSetupAns&, const TxParamSetupAns&) = default;
};

// --- DlChannel (0x0A) ---
struct DlChannelReq {
  static constexpr std::uint8_t kCid = 0x0A;
  static constexpr Direction kDirection = Direction::Downlink;
  static constexpr std::size_t kPayloadSize = 4;
  static constexpr const char* kName = "DlChannelReq";
  std::uint8_t ch_index = 0;
  std::uint32_t frequency_hz = 0;
  friend bool operator==(const DlChannelReq&, const DlChannelReq&) = default;
};
struct DlChannelAns {
  static constexpr std::uint8_t kCid = 0x0A;
  static constexpr Direction kDirection = Direction::Uplink;
  static constexpr std::size_t kPayloadSize = 1;
  static constexpr const char* kName = "DlChannelAns";
  bool uplink_frequency_exists = false;  // bit 1
  bool channel_frequency_ok = false;     // bit 0
  friend bool operator==(const DlChannelAns&, const DlChannelAns&) = default;
};

// --- DeviceTime (0x0D) ---
struct DeviceTimeReq {
  static constexpr std::uint8_t kCid = 0x0D;
  static constexpr Direction kDirection = Direction::Uplink;
  static constexpr std::size_t kPayloadSize = 0;
  static constexpr const char* kName = "DeviceTimeReq";
  friend bool operator==(const DeviceTimeReq&, const DeviceTimeReq&) = default;
};
struct DeviceTimeAns {
  static constexpr std::uint8_t kCid = 0x0D;
  static constexpr Direction kDirection = Direction::Downlink;
  static constexpr std::size_t kPayloadSize = 5;
  static constexpr const char* kName = "DeviceTimeAns";
  std::uint32_t gps_seconds = 0;  // seconds since the GPS epoch (1980-01-06 00:00:00 UTC)
  std::uint8_t fraction = 0;      // additional 1/256 s steps
  friend bool operator==(const DeviceTimeAns&, const DeviceTimeAns&) = default;
};

using MacCommand =
    std::variant<LinkCheckReq, LinkCheckAns, LinkADRReq, LinkADRAns, DutyCycleReq, DutyCycleAns,
                 RXParamSetupReq, RXParamSetupAns, DevStatusReq, DevStatusAns, NewChannelReq, NewChannelAns,
                 RXTimingSetupReq, RXTimingSetupAns, TxParamSetupReq, TxParamSetupAns, DlChannelReq,
                 DlChannelAns, DeviceTimeReq, DeviceTimeAns>;

// Largest encoded command: CID + 5 payload bytes.
inline constexpr std::size_t kMaxMacCommandSize = 6;
using MacCommandBytes = BoundedBytes<kMaxMacCommandSize>;
// MAC commands fit at most in an FPort-0 FRMPayload.
using MacCommandsBytes = BoundedBytes<kMaxPhyPayload - 13>;

struct MacDecodeResult {
  std::vector<MacCommand> commands;  // every command decoded before `stopped` (all of them when it is empty)
  std::size_t consumed = 0;          // bytes those commands occupy; bytes[consumed..] were not decoded
  // Why decoding stopped early: "mac_unknown_cid" (a CID this direction does not define, incl. the
  // proprietary 0x80-0xFF whose length is unknown) or "mac_truncated" (the payload is cut short). The
  // message names the CID and the offset.
  std::optional<Error> stopped;
};

// Decodes `bytes` (FOpts, or a decrypted FPort-0 FRMPayload) sent in direction `dir`.
MacDecodeResult decode_mac_commands(ByteSpan bytes, Direction dir);

// CID + payload. Error "mac_field_out_of_range" when a field does not fit its bits (e.g. DataRate 16,
// a frequency that is not a multiple of 100 Hz or above 1677721500 Hz, margin outside -32..31).
Result<MacCommandBytes> encode_mac_command(const MacCommand& command);
// Concatenation of encode_mac_command; also "mac_too_long" past 242 bytes. FOpts take at most 15: the
// caller checks when the commands go there.
Result<MacCommandsBytes> encode_mac_commands(std::span<const MacCommand> commands);

const char* mac_name(const MacCommand& command);  // "LinkADRReq", ...
std::uint8_t mac_cid(const MacCommand& command);
Direction mac_direction(const MacCommand& command);

// The command's fields as (name, value) pairs, in wire order, for printing without knowing each type
// (bools are 0/1, frequencies in Hz). Names are snake_case: "margin", "gw_cnt", "data_rate", "tx_power",
// "ch_mask", "ch_mask_cntl", "nb_trans", "power_ack", "data_rate_ack", "channel_mask_ack", "max_dcycle",
// "rx1_dr_offset", "rx2_data_rate", "frequency_hz", "rx1_dr_offset_ack", "rx2_data_rate_ack",
// "channel_ack", "battery", "ch_index", "max_dr", "min_dr", "data_rate_range_ok", "channel_frequency_ok",
// "del", "downlink_dwell_time", "uplink_dwell_time", "max_eirp", "uplink_frequency_exists",
// "gps_seconds", "fraction". Commands without a payload give an empty list.
using MacField = std::pair<const char*, std::int64_t>;
std::vector<MacField> mac_fields(const MacCommand& command);

}  // namespace onechan::lorawan
