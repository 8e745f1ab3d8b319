#include "lora_airtime.h"

uint32_t lora_symbol_time_us(uint8_t spreading_factor, uint32_t bandwidth_hz) {
  return ((uint32_t)1 << spreading_factor) * UINT32_C(1000000) / bandwidth_hz;
}

uint8_t lora_needs_ldro(uint8_t spreading_factor, uint32_t bandwidth_hz) {
  return lora_symbol_time_us(spreading_factor, bandwidth_hz) > UINT32_C(16000);
}

uint16_t lora_payload_symbols(const lora_tx_params* p, uint8_t payload_len) {
  uint8_t sf = p->spreading_factor;
  int16_t numerator = (int16_t)(8 * (int16_t)payload_len - 4 * (int16_t)sf + 28 + (p->crc_on ? 16 : 0) -
                                (p->implicit_header ? 20 : 0));
  int16_t denominator = (int16_t)(4 * ((int16_t)sf - (lora_needs_ldro(sf, p->bandwidth_hz) ? 2 : 0)));
  uint16_t blocks = 0;
  if (numerator > 0) blocks = (uint16_t)((numerator + denominator - 1) / denominator);
  return (uint16_t)(8 + blocks * p->coding_rate);
}

uint32_t lora_time_on_air_us(const lora_tx_params* p, uint8_t payload_len) {
  uint32_t tsym = lora_symbol_time_us(p->spreading_factor, p->bandwidth_hz);
  /* (n_preamble + 4.25) Tsym = (4 n_preamble + 17) Tsym / 4; Tsym is a multiple of 4 us for SF >= 6 at
   * 500 kHz and below, so the division is exact. */
  uint32_t preamble = (UINT32_C(4) * p->preamble_symbols + UINT32_C(17)) * tsym / UINT32_C(4);
  return preamble + (uint32_t)lora_payload_symbols(p, payload_len) * tsym;
}

uint32_t lora_time_on_air_ms(const lora_tx_params* p, uint8_t payload_len) {
  return (lora_time_on_air_us(p, payload_len) + UINT32_C(999)) / UINT32_C(1000);
}
