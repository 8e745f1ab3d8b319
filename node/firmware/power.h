/* Power-down sleep with watchdog wake-ups, and the node's clock built from them.
 *
 * The watchdog runs on its own 128 kHz oscillator, whose frequency moves with supply voltage and
 * temperature (datasheet section 10.9 gives the periods at 5 V only as typical). The clock therefore
 * credits each period at 7/8 of its nominal length: it stays behind real time, so the waits it computes
 * (the uplink interval, the duty-cycle off time) are never shorter than required. */
#ifndef ONECHAN_NODE_POWER_H
#define ONECHAN_NODE_POWER_H

#include <stdint.h>

/* Watchdog period codes (WDP3..0): 16 ms << code, 0..9 for 16 ms .. 8 s. */
#define POWER_WDT_16MS 0
#define POWER_WDT_2S 7
#define POWER_WDT_8S 9

/* Starts the watchdog in interrupt mode (no reset) with the given period; power_watchdog_fired() turns
 * true when it expires. */
void power_watchdog_arm(uint8_t period_code);
void power_watchdog_disarm(void);
uint8_t power_watchdog_fired(void);

/* The milliseconds the node's clock credits for one period (7/8 of nominal). */
uint32_t power_watchdog_credit_ms(uint8_t period_code);

/* Sleeps in power-down for the longest watchdog period whose credit fits in `ms` (at most 8 s per call; the
 * 16 ms period when nothing fits) and returns the milliseconds credited. */
uint32_t power_sleep_ms(uint32_t ms);

#endif
