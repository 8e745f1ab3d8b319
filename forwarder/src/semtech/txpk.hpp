// The body of PULL_RESP: {"txpk":{...}} (PROTOCOL.TXT section 6), read into a typed, shape-checked
// TxRequest. Whether the request is *allowed* (frequency, power and data rate for the region and the
// board; a time the radio can still meet) is decided by the caller; this only makes sure that what the
// server asked for is well-formed and exact (the frequency is read from the number's text, never from a
// double). Errors name the field; those about "freq" start with "freq_" and those about "powe" with
// "powe_" so that tx_ack.hpp can answer TX_FREQ / TX_POWER.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "lorawan/bytes.hpp"
#include "lorawan/result.hpp"

namespace onechan::semtech {

struct TxTiming {
  enum class Kind : std::uint8_t {
    Immediate,  // "imme": true
    Timestamp,  // "tmst": at this value of the radio's µs counter
    GpsTime,    // "tmms": GPS milliseconds (a gateway without GPS answers GPS_UNLOCKED)
  };
  Kind kind = Kind::Immediate;
  std::uint32_t tmst_us = 0;  // for Timestamp
  std::uint64_t tmms = 0;     // for GpsTime
};

struct TxRequest {
  TxTiming timing;
  std::uint32_t frequency_hz = 0;
  std::uint8_t rf_chain = 0;              // "rfch" (optional, default 0); one radio, so informative only
  std::optional<std::uint8_t> power_dbm;  // "powe"; absent: the caller's default
  std::uint8_t spreading_factor = 7;      // from "datr" "SF7BW125"
  std::uint32_t bandwidth_hz = 125'000;
  std::uint8_t coding_rate =
      5;                   // "codr" "4/5" -> 5 (aliases "2/3" = 4/6 and "1/2" = 4/8 as Semtech's forwarder)
  bool invert_iq = false;  // "ipol" (optional, default false; LoRaWAN downlinks set it)
  std::uint16_t preamble_symbols =
      8;                 // "prea" (optional, default 8, raised to at least 6 as Semtech's forwarder)
  bool crc_off = false;  // "ncrc" (optional, default false; LoRaWAN downlinks set it)
  FrameBytes payload;    // "data" decoded; "size" checked against it
};

// Parses the JSON body of a PULL_RESP. Never throws. Errors:
//  json_invalid / json_too_deep / json_duplicate_key   (see json_text.hpp)
//  json_not_object      the root is not an object
//  txpk_missing         no "txpk" object
//  txpk_field_missing   a required field is absent (the message names it): modu, datr, codr, size, data
//  txpk_field_type      a field has the wrong JSON type (string for a number, float for an integer, ...)
//  txpk_field_range     an integer out of its range (tmst > u32, negative size, prea > 65535, ...)
//  txpk_no_timing       none of imme=true, tmst, tmms
//  txpk_modu_fsk        modu "FSK": the gateway sends LoRa only
//  txpk_modu_unknown    modu other than "LORA"/"FSK"
//  txpk_datr_invalid    datr not "SF<5..12>BW<125|250|500>"
//  txpk_codr_invalid    codr not 4/5..4/8 (or "2/3", "1/2")
//  txpk_size_too_large  size above 255 (the largest LoRa payload)
//  txpk_data_invalid    data is not base64 (padding optional, as the protocol allows)
//  txpk_size_mismatch   size differs from the decoded length of data
//  freq_missing, freq_not_a_number, freq_negative, freq_exponent, freq_sub_hz, freq_out_of_range
//  powe_not_an_integer, powe_out_of_range (0..255: the protocol says unsigned)
Result<TxRequest> parse_txpk_json(std::string_view body);

}  // namespace onechan::semtech
