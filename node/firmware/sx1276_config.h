/* Register values of the SX1276 in LoRa mode that follow from the modulation settings (datasheet
 * section 6.4). Pure functions, so the host tests check them against the datasheet. */
#ifndef ONECHAN_NODE_SX1276_CONFIG_H
#define ONECHAN_NODE_SX1276_CONFIG_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Frf = f * 2^19 / 32 MHz = f * 256 / 15625, floored, computed without 64-bit arithmetic
 * (868.1 MHz -> 0xD90666). */
uint32_t sx1276_frf(uint32_t frequency_hz);

/* RegModemConfig1: bandwidth in bits 7-4 (125 kHz = 7, 250 = 8, 500 = 9), coding rate 4/5..4/8 as 1..4 in
 * bits 3-1, explicit header (bit 0 clear). `coding_rate` is the denominator 5..8. 0 for an unsupported
 * bandwidth. */
uint8_t sx1276_modem_config1(uint32_t bandwidth_hz, uint8_t coding_rate);
/* RegModemConfig2: SF in bits 7-4, RxPayloadCrcOn (0x04) as asked. */
uint8_t sx1276_modem_config2(uint8_t spreading_factor, uint8_t crc_on);
/* RegModemConfig3: AgcAutoOn (0x04), LowDataRateOptimize (0x08) when a symbol lasts more than 16 ms. */
uint8_t sx1276_modem_config3(uint8_t spreading_factor, uint32_t bandwidth_hz);
/* RegPaConfig for the PA_BOOST pin (the only PA output wired on the RFM95): PaSelect | MaxPower 7 |
 * OutputPower, Pout = 17 - (15 - OutputPower) dBm, so 2..17 dBm (clamped). */
uint8_t sx1276_pa_config_boost(int8_t power_dbm);

#ifdef __cplusplus
}
#endif

#endif
