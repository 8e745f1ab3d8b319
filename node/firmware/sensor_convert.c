#include "sensor_convert.h"

int16_t sensor_temperature_decidegc(uint16_t adc) {
  /* Microvolts at the sensor, then a line through the datasheet's points on either side of 25 degC. */
  int32_t uv = (int32_t)((uint32_t)adc * (SENSOR_BANDGAP_MV * UINT32_C(1000)) / UINT32_C(1024));
  int32_t from_25 = uv - 314000L;
  int32_t deci;
  if (from_25 < 0) {
    deci = 250 + from_25 * 700 / 72000; /* 70 degC over 72 mV below 25 degC */
  } else {
    deci = 250 + from_25 * 600 / 66000; /* 60 degC over 66 mV above */
  }
  return (int16_t)deci;
}

uint16_t sensor_vcc_mv(uint16_t bandgap_adc) {
  if (bandgap_adc == 0) return 0;
  uint32_t mv = ((uint32_t)SENSOR_BANDGAP_MV * UINT32_C(1024) + bandgap_adc / 2) / bandgap_adc;
  return mv > 0xFFFFu ? 0xFFFFu : (uint16_t)mv;
}

uint16_t sensor_adc_to_mv(uint16_t adc, uint16_t vref_mv) {
  return (uint16_t)(((uint32_t)adc * vref_mv + UINT32_C(512)) / UINT32_C(1024));
}
