/* Turns raw 10-bit ADC readings of the ATmega328P into physical values (datasheet section 24.8 and the
 * bandgap reference of section 24.5). Integer arithmetic only. */
#ifndef ONECHAN_NODE_SENSOR_CONVERT_H
#define ONECHAN_NODE_SENSOR_CONVERT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The nominal bandgap, which is also the internal reference: 1.1 V (1.0 to 1.2 V from chip to chip). */
#define SENSOR_BANDGAP_MV 1100

/* ADC channel 8 read against the internal 1.1 V reference -> 0.1 degC, interpolating the datasheet's typical
 * values (table 24-2: 242 mV at -45 degC, 314 mV at +25 degC, 380 mV at +85 degC). Uncalibrated: the
 * datasheet allows +-10 degC of offset between chips. */
int16_t sensor_temperature_decidegc(uint16_t adc);

/* The bandgap (ADC channel 14) read against AVcc gives AVcc: Vcc = 1.1 V * 1024 / ADC. Returns mV, 0 for a
 * reading of 0. */
uint16_t sensor_vcc_mv(uint16_t bandgap_adc);

/* A channel read against a reference of `vref_mv`: mV = ADC * Vref / 1024. */
uint16_t sensor_adc_to_mv(uint16_t adc, uint16_t vref_mv);

#ifdef __cplusplus
}
#endif

#endif
