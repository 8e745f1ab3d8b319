// The JSON bodies of PUSH_DATA (PROTOCOL.TXT section 4): "rxpk" (received frames) and "stat" (gateway
// status). Written field by field so that the numbers are exact: freq from integer Hz with six decimals,
// lsnr and ackr with one decimal from integers, never through a double.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "lorawan/bytes.hpp"
#include "lorawan/result.hpp"

namespace onechan::semtech {

// rxpk "stat": the CRC status of the received frame.
enum class CrcStatus : std::int8_t { Ok = 1, Bad = -1, NoCrc = 0 };

struct RxPacket {
  std::optional<std::int64_t>
      time_unix_us;           // wall clock (UTC) at RxDone; omitted when the clock is not trusted
  std::uint32_t tmst_us = 0;  // the radio's free-running µs counter at RxDone (wraps at 2^32)
  std::uint8_t chan = 0;      // IF channel; a single-channel gateway has only 0
  std::uint8_t rfch = 0;      // RF chain; one radio, so 0
  std::uint32_t frequency_hz = 0;
  CrcStatus crc = CrcStatus::Ok;
  std::uint8_t spreading_factor = 7;     // 5..12
  std::uint32_t bandwidth_hz = 125'000;  // 125000, 250000 or 500000
  std::uint8_t coding_rate = 5;          // 4/5 .. 4/8 as 5..8
  std::int16_t rssi_dbm = 0;
  std::int16_t snr_centi_db =
      0;  // 0.01 dB; the SX1276 gives 0.25 dB steps: snr_centi_db = RegPktSnrValue * 25
  FrameBytes payload;
};

struct GatewayLocation {
  double latitude = 0;   // degrees, north positive
  double longitude = 0;  // degrees, east positive
  std::int32_t altitude_m = 0;
};

struct StatReport {
  std::int64_t time_unix_us = 0;
  std::optional<GatewayLocation> location;  // lati/long/alti are left out when absent (or not finite)
  std::uint32_t rxnb = 0;                   // frames received in the interval
  std::uint32_t rxok = 0;                   // ... with a valid CRC
  std::uint32_t rxfw = 0;                   // ... forwarded to this server
  // ackr = 100 * push_acked / push_resolved, one decimal; 0.0 when nothing was resolved.
  std::uint32_t push_acked = 0;
  std::uint32_t push_resolved = 0;
  std::uint32_t dwnb = 0;  // downlink datagrams (PULL_RESP) received in the interval
  std::uint32_t txnb = 0;  // frames transmitted in the interval
};

// "SF7BW125". Errors: "bad_spreading_factor" (not 5..12), "bad_bandwidth" (not 125/250/500 kHz).
Result<std::string> lora_datarate_text(std::uint8_t spreading_factor, std::uint32_t bandwidth_hz);
// "4/5" for 5. Error: "bad_coding_rate" (not 5..8).
Result<std::string> coding_rate_text(std::uint8_t coding_rate);

// {"rxpk":[{...},...]} with the fields in the order of the PROTOCOL.TXT example: time, tmst, chan, rfch,
// freq, stat, modu, datr, codr, rssi, lsnr, size, data. Errors: those of the two functions above, and
// "no_packets" for an empty span.
Result<std::string> build_rxpk_json(std::span<const RxPacket> packets);

// {"stat":{time, lati, long, alti, rxnb, rxok, rxfw, ackr, dwnb, txnb}}; lati/long with five decimals as
// Semtech's forwarder prints them.
std::string build_stat_json(const StatReport& stat);

}  // namespace onechan::semtech
