#include "duty_cycle.h"

#include "progmem.h"

/* Sub-band edges in kHz and duty-cycle divisors, from ERC Recommendation 70-03 annex 1 (bands h1.3 to
 * h1.7 and the 869.7-870 MHz band), the same split as LoRaMac-node's RegionEU868. */
static const uint32_t kBandLowKhz[DUTY_CYCLE_BAND_COUNT] PROGMEM = {863000, 865000, 868000,
                                                                    868700, 869400, 869700};
static const uint32_t kBandHighKhz[DUTY_CYCLE_BAND_COUNT] PROGMEM = {865000, 868000, 868600,
                                                                     869200, 869650, 870000};
static const uint16_t kBandDivisor[DUTY_CYCLE_BAND_COUNT] PROGMEM = {1000, 100, 100, 1000, 10, 100};

uint8_t duty_cycle_band_of(uint32_t frequency_hz, uint32_t bandwidth_hz) {
  uint32_t half = bandwidth_hz / 2;
  if (frequency_hz < half) return DUTY_CYCLE_NO_BAND;
  uint32_t low = frequency_hz - half, high = frequency_hz + half;
  for (uint8_t b = 0; b < DUTY_CYCLE_BAND_COUNT; ++b) {
    uint32_t band_low = pgm_read_dword(&kBandLowKhz[b]) * UINT32_C(1000);
    uint32_t band_high = pgm_read_dword(&kBandHighKhz[b]) * UINT32_C(1000);
    if (low >= band_low && high <= band_high) return b;
  }
  return DUTY_CYCLE_NO_BAND;
}

uint16_t duty_cycle_divisor(uint8_t band) {
  return pgm_read_word(&kBandDivisor[band]);
}

void duty_cycle_init(duty_cycle_state* s) {
  for (uint8_t b = 0; b < DUTY_CYCLE_BAND_COUNT; ++b) s->ready_at_ms[b] = 0;
  s->busy_mask = 0;
}

static uint8_t reached(uint32_t now_ms, uint32_t at_ms) {
  return (int32_t)(now_ms - at_ms) >= 0;
}

void duty_cycle_refresh(duty_cycle_state* s, uint32_t now_ms) {
  for (uint8_t b = 0; b < DUTY_CYCLE_BAND_COUNT; ++b) {
    if ((s->busy_mask & (1u << b)) && reached(now_ms, s->ready_at_ms[b])) {
      s->busy_mask = (uint8_t)(s->busy_mask & ~(1u << b));
    }
  }
}

uint8_t duty_cycle_band_free(const duty_cycle_state* s, uint8_t band, uint32_t now_ms) {
  return !(s->busy_mask & (1u << band)) || reached(now_ms, s->ready_at_ms[band]);
}

uint32_t duty_cycle_ready_at(const duty_cycle_state* s, uint8_t band) {
  return s->ready_at_ms[band];
}

void duty_cycle_record(duty_cycle_state* s, uint8_t band, uint32_t tx_start_ms, uint32_t airtime_ms) {
  s->ready_at_ms[band] = tx_start_ms + airtime_ms * duty_cycle_divisor(band);
  s->busy_mask = (uint8_t)(s->busy_mask | (1u << band));
}

uint32_t channel_rotation_frequency(const channel_rotation* r, uint8_t index) {
  return pgm_read_dword(&r->frequencies_hz[index]);
}

int8_t channel_rotation_pick(channel_rotation* r, const duty_cycle_state* s, uint32_t bandwidth_hz,
                             uint32_t now_ms, uint32_t* wake_at_ms) {
  uint8_t have_wake = 0;
  for (uint8_t k = 0; k < r->count; ++k) {
    uint8_t i = (uint8_t)((r->next + k) % r->count);
    uint8_t band = duty_cycle_band_of(channel_rotation_frequency(r, i), bandwidth_hz);
    if (band == DUTY_CYCLE_NO_BAND) continue; /* the build rejects such channels; never transmit there */
    if (duty_cycle_band_free(s, band, now_ms)) {
      r->next = (uint8_t)((i + 1) % r->count);
      return (int8_t)i;
    }
    uint32_t ready = duty_cycle_ready_at(s, band);
    if (!have_wake || (int32_t)(ready - *wake_at_ms) < 0) *wake_at_ms = ready;
    have_wake = 1;
  }
  if (!have_wake) *wake_at_ms = now_ms;
  return -1;
}
