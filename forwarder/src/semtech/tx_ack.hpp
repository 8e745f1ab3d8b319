// TX_ACK bodies (sx1302_hal PROTOCOL.md section 6; packet_forwarder PROTOCOL.TXT v1.3 section 6).
//
// Onechan always sends a JSON body, also on success: {"txpk_ack":{"error":"NONE"}}. Protocol v2 allows an
// empty body for "no error", and Semtech's forwarder sends that; but "NONE" is a listed value (v1.3), and
// both big servers read it as success (The Things Stack maps "NONE" to SUCCESS; ChirpStack's gateway
// bridge treats "" and "NONE" alike), so the explicit form costs nothing and cannot be misread.
//
// A power clamp is the "warn" form of v1.5. Onechan writes it together with "error":"NONE":
// {"txpk_ack":{"error":"NONE","warn":"TX_POWER","value":14}}, because The Things Stack maps a missing
// "error" to UNKNOWN_ERROR and would report a transmitted downlink as failed.
//
// Only the eight values of the protocol are ever sent: ChirpStack drops a TX_ACK whose error string it
// does not know, and the server would then wait for nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lorawan/result.hpp"

namespace onechan::semtech {

enum class TxAckError : std::uint8_t {
  None,             // packet programmed for downlink
  TooLate,          // too late to program it
  TooEarly,         // timestamp too far ahead
  CollisionPacket,  // another packet already programmed in that timeframe
  CollisionBeacon,  // a beacon planned in that timeframe
  TxFreq,           // frequency not supported by the TX chain (Onechan: also not allowed by the region)
  TxPower,          // power not supported (Onechan: also not allowed, or powe malformed)
  GpsUnlocked,      // tmms given, but no GPS
};

// "NONE", "TOO_LATE", "TOO_EARLY", "COLLISION_PACKET", "COLLISION_BEACON", "TX_FREQ", "TX_POWER",
// "GPS_UNLOCKED".
const char* tx_ack_error_name(TxAckError error);
std::optional<TxAckError> tx_ack_error_from_name(std::string_view name);

// {"txpk_ack":{"error":"<NAME>"}}
std::string tx_ack_body(TxAckError error);
// {"txpk_ack":{"error":"NONE","warn":"TX_POWER","value":<used_dbm>}}: transmitted at a lower power.
std::string tx_ack_power_warning_body(int used_dbm);

// What to answer a PULL_RESP whose txpk did not parse (txpk.hpp): the protocol has no value for a
// malformed request, so the nearest one is used and the gateway's log keeps the precise error:
//   freq_*  -> TX_FREQ    the frequency cannot be used
//   powe_*  -> TX_POWER   the power cannot be used
//   other   -> TX_FREQ    the TX chain cannot emit what was asked (FSK, bad datr/codr, bad or missing
//                         data/size/timing, bad JSON); see docs/semtech-udp.md
TxAckError tx_ack_error_for_parse_error(const Error& error);

// A TX_ACK body as a server reads it (for test servers and tools). An empty body means NONE (v2).
struct TxAckReport {
  std::string error = "NONE";  // as sent; may be a value this enum does not know
  std::optional<std::string> warn;
  std::optional<std::string> value;  // a number as its JSON text, or a string (both are allowed)
};
// Errors: json_* (json_text.hpp), "tx_ack_invalid" (no txpk_ack object, or fields of the wrong type).
Result<TxAckReport> parse_tx_ack_body(std::string_view body);

}  // namespace onechan::semtech
