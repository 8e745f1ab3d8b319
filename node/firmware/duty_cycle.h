/* EU868 duty-cycle limits per sub-band (ETSI EN 300 220 / ERC Recommendation 70-03, as LoRaMac-node's
 * RegionEU868 applies them): after a transmission of T ms on a sub-band with duty cycle 1/D, that
 * sub-band stays silent until T * D ms after the transmission started. Times are milliseconds on the
 * node's own clock (a 32-bit counter that may wrap; comparisons are wrap-safe). */
#ifndef ONECHAN_NODE_DUTY_CYCLE_H
#define ONECHAN_NODE_DUTY_CYCLE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DUTY_CYCLE_BAND_COUNT 6
#define DUTY_CYCLE_NO_BAND 0xFF

typedef struct {
  uint32_t ready_at_ms[DUTY_CYCLE_BAND_COUNT];
  uint8_t busy_mask; /* bit b: band b waits for ready_at_ms[b]; clear: free now */
} duty_cycle_state;

/* The sub-band a channel of `bandwidth_hz` centred on `frequency_hz` lies in entirely, or
 * DUTY_CYCLE_NO_BAND (outside 863-870 MHz, or across a sub-band edge). */
uint8_t duty_cycle_band_of(uint32_t frequency_hz, uint32_t bandwidth_hz);
/* D of the band's 1/D duty cycle: 1000 for 0.1 %, 100 for 1 %, 10 for 10 %. */
uint16_t duty_cycle_divisor(uint8_t band);

void duty_cycle_init(duty_cycle_state* s);
/* Frees every band whose wait is over. Call it at least every 24 days so no wait is misread after the
 * clock wraps (the node calls it on every wake-up). */
void duty_cycle_refresh(duty_cycle_state* s, uint32_t now_ms);
uint8_t duty_cycle_band_free(const duty_cycle_state* s, uint8_t band, uint32_t now_ms);
uint32_t duty_cycle_ready_at(const duty_cycle_state* s, uint8_t band);
void duty_cycle_record(duty_cycle_state* s, uint8_t band, uint32_t tx_start_ms, uint32_t airtime_ms);

/* Round-robin over the configured channels, skipping channels whose sub-band is still waiting. */
typedef struct {
  const uint32_t* frequencies_hz; /* in flash on the AVR (PROGMEM) */
  uint8_t count;
  uint8_t next; /* the channel to try first */
} channel_rotation;

/* Returns the index of the channel to use now and advances the rotation past it, or -1 when every
 * channel's band is waiting; then *wake_at_ms says when the first of them is free. */
int8_t channel_rotation_pick(channel_rotation* r, const duty_cycle_state* s, uint32_t bandwidth_hz,
                             uint32_t now_ms, uint32_t* wake_at_ms);
uint32_t channel_rotation_frequency(const channel_rotation* r, uint8_t index);

#ifdef __cplusplus
}
#endif

#endif
