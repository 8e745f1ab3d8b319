#include "sensors.h"

#include <avr/io.h>
#include <avr/power.h>
#include <util/delay.h>

#include "board.h"
#include "sensor_convert.h"

/* REFS bits of ADMUX: AVcc, or the internal 1.1 V reference. */
#define ADC_REF_AVCC (1 << REFS0)
#define ADC_REF_INTERNAL_1V1 ((1 << REFS1) | (1 << REFS0))
#define ADC_CHANNEL_TEMPERATURE 8
#define ADC_CHANNEL_BANDGAP 14

static uint16_t convert(void) {
  ADCSRA |= (uint8_t)(1 << ADSC);
  while (ADCSRA & (1 << ADSC)) {
  }
  return ADC;
}

/* The first conversion after switching reference or input is unreliable (datasheet 24.5, 24.6): wait for
 * the reference and the bandgap to settle, drop one conversion, then average four. */
static uint16_t read_channel(uint8_t admux, uint8_t settle_ms) {
  ADMUX = admux;
  while (settle_ms-- > 0) _delay_ms(1);
  convert();
  uint16_t sum = 0;
  for (uint8_t i = 0; i < 4; ++i) sum = (uint16_t)(sum + convert());
  return (uint16_t)((sum + 2) / 4);
}

void sensors_read(sensor_readings* out) {
  power_adc_enable();
  /* 16 MHz / 128 = 125 kHz, inside the 50-200 kHz the datasheet asks for 10-bit accuracy. */
  ADCSRA = (uint8_t)((1 << ADEN) | (1 << ADPS2) | (1 << ADPS1) | (1 << ADPS0));
  /* A0 is analog only: its digital input buffer would draw current at mid-scale voltages. */
  DIDR0 |= (uint8_t)(1 << BOARD_ANALOG_INPUT_CHANNEL);
  out->vcc_mv = sensor_vcc_mv(read_channel(ADC_REF_AVCC | ADC_CHANNEL_BANDGAP, 2));
  out->analog_mv = sensor_adc_to_mv(read_channel(ADC_REF_AVCC | BOARD_ANALOG_INPUT_CHANNEL, 1), out->vcc_mv);
  /* Last, because it switches to the internal 1.1 V reference: the Uno's 100 nF capacitor on AREF has to come
   * down from AVcc to 1.1 V first, which takes milliseconds, not the microseconds the bandgap needs. */
  out->temperature_decidegc =
      sensor_temperature_decidegc(read_channel(ADC_REF_INTERNAL_1V1 | ADC_CHANNEL_TEMPERATURE, 20));
  ADCSRA = 0;
  power_adc_disable();
}
