/* Time on air of a LoRa frame (Semtech AN1200.13, SX1276 datasheet section 4.1.1.7), in integers:
 *   Tsym = 2^SF / BW,  Tpreamble = (n_preamble + 4.25) Tsym,
 *   n_payload = 8 + max(ceil((8 PL - 4 SF + 28 + 16 CRC - 20 IH) / (4 (SF - 2 DE))) (CR + 4), 0)
 * Exact to the microsecond for 125, 250 and 500 kHz, the LoRaWAN bandwidths. */
#ifndef ONECHAN_NODE_LORA_AIRTIME_H
#define ONECHAN_NODE_LORA_AIRTIME_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  uint8_t spreading_factor;  /* 6..12 */
  uint32_t bandwidth_hz;     /* 125000, 250000, 500000 */
  uint8_t coding_rate;       /* the denominator of 4/5 .. 4/8: 5..8 */
  uint16_t preamble_symbols; /* programmed preamble length, 8 for LoRaWAN */
  uint8_t crc_on;            /* payload CRC: on for uplinks */
  uint8_t implicit_header;   /* 0 for LoRaWAN */
} lora_tx_params;

/* LowDataRateOptimize is required when a symbol lasts more than 16 ms (SF11/SF12 at 125 kHz, SF12 at
 * 250 kHz). */
uint8_t lora_needs_ldro(uint8_t spreading_factor, uint32_t bandwidth_hz);

uint32_t lora_symbol_time_us(uint8_t spreading_factor, uint32_t bandwidth_hz);
uint16_t lora_payload_symbols(const lora_tx_params* p, uint8_t payload_len);
uint32_t lora_time_on_air_us(const lora_tx_params* p, uint8_t payload_len);
/* Rounded up: what a duty-cycle budget must charge. */
uint32_t lora_time_on_air_ms(const lora_tx_params* p, uint8_t payload_len);

#ifdef __cplusplus
}
#endif

#endif
