/* The SX1276 (RFM95) transmit path in LoRa mode: reset and detection, modulation setup, sending one frame
 * and sleeping until DIO0 reports TxDone on INT0. */
#ifndef ONECHAN_NODE_RADIO_H
#define ONECHAN_NODE_RADIO_H

#include <stdint.h>

typedef struct {
  uint32_t frequency_hz;
  uint8_t spreading_factor;
  uint32_t bandwidth_hz;
  uint8_t coding_rate; /* 5..8 for 4/5..4/8 */
  int8_t power_dbm;    /* PA_BOOST, 2..17 */
} radio_tx_settings;

/* Routes DIO0 to INT0 (rising edge). Call once at start-up, before interrupts are enabled. */
void radio_attach_interrupt(void);

/* Pulses RST and reads RegVersion; returns it (0x12 for an SX1276/RFM95; anything else means no radio).
 * Leaves the chip in LoRa sleep. */
uint8_t radio_init(void);

/* Sends `len` bytes as an uplink (explicit header, CRC on, IQ normal, sync word 0x34, 8-symbol preamble)
 * and sleeps (idle) until TxDone; gives up after the watchdog period `timeout_wdt` fires once. Returns 1
 * on TxDone, 0 on timeout. Leaves the chip in LoRa sleep. */
uint8_t radio_transmit(const radio_tx_settings* s, const uint8_t* data, uint8_t len, uint8_t timeout_wdt);

#endif
