// One LoRa transmission as it travels on the virtual air: what a receiver needs to decide whether it can
// hear it (frequency, modulation, sync word, IQ polarity), the link quality it arrives with, and the bytes.
// The datagram carrying it on loopback is defined in docs/virtual-air.md (radio/sim/virtual_air.*).
#pragma once

#include <cstdint>
#include <vector>

namespace onechan::radio {

struct AirFrame {
  std::uint32_t frequency_hz = 868'100'000;
  std::uint8_t spreading_factor = 7;     // 6..12
  std::uint32_t bandwidth_hz = 125'000;  // 125000, 250000, 500000 (others allowed by the chip: 7800..62500)
  std::uint8_t coding_rate = 5;          // 4/5 .. 4/8 as 5..8
  std::uint8_t sync_word = 0x34;
  bool iq_inverted = false;  // downlinks are inverted
  bool crc_on = true;        // the header says a payload CRC follows
  bool crc_ok = true;        // false: the frame arrives corrupted (PayloadCrcError at the receiver)
  std::int16_t rssi_dbm = -60;
  std::int16_t snr_centi_db = 950;  // SNR in 0.01 dB (9.50 dB)
  std::vector<std::uint8_t> payload;
};

}  // namespace onechan::radio
