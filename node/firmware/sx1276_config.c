#include "sx1276_config.h"

#include "lora_airtime.h"

uint32_t sx1276_frf(uint32_t frequency_hz) {
  /* f = q * 15625 + r, so f * 256 / 15625 = q * 256 + r * 256 / 15625 with r * 256 < 2^22. */
  uint32_t q = frequency_hz / UINT32_C(15625);
  uint32_t r = frequency_hz % UINT32_C(15625);
  return q * UINT32_C(256) + r * UINT32_C(256) / UINT32_C(15625);
}

uint8_t sx1276_modem_config1(uint32_t bandwidth_hz, uint8_t coding_rate) {
  uint8_t bw;
  switch (bandwidth_hz) {
    case UINT32_C(125000):
      bw = 7;
      break;
    case UINT32_C(250000):
      bw = 8;
      break;
    case UINT32_C(500000):
      bw = 9;
      break;
    default:
      return 0;
  }
  return (uint8_t)((bw << 4) | ((uint8_t)(coding_rate - 4) << 1));
}

uint8_t sx1276_modem_config2(uint8_t spreading_factor, uint8_t crc_on) {
  return (uint8_t)((spreading_factor << 4) | (crc_on ? 0x04 : 0x00));
}

uint8_t sx1276_modem_config3(uint8_t spreading_factor, uint32_t bandwidth_hz) {
  return (uint8_t)(0x04 | (lora_needs_ldro(spreading_factor, bandwidth_hz) ? 0x08 : 0x00));
}

uint8_t sx1276_pa_config_boost(int8_t power_dbm) {
  if (power_dbm < 2) power_dbm = 2;
  if (power_dbm > 17) power_dbm = 17;
  return (uint8_t)(0x80 | 0x70 | (uint8_t)(power_dbm - 2));
}
