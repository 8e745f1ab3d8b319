#include "cayenne_lpp.h"

void lpp_init(lpp_writer* w, uint8_t* buffer, uint8_t capacity) {
  w->buffer = buffer;
  w->capacity = capacity;
  w->length = 0;
  w->overflow = 0;
}

static void add_16(lpp_writer* w, uint8_t channel, uint8_t type, int16_t value) {
  if (w->overflow || (uint8_t)(w->capacity - w->length) < LPP_RECORD_SIZE) {
    w->overflow = 1;
    return;
  }
  uint8_t* p = w->buffer + w->length;
  uint16_t v = (uint16_t)value;
  p[0] = channel;
  p[1] = type;
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
  w->length = (uint8_t)(w->length + LPP_RECORD_SIZE);
}

void lpp_add_temperature(lpp_writer* w, uint8_t channel, int16_t deci_celsius) {
  add_16(w, channel, LPP_TYPE_TEMPERATURE, deci_celsius);
}

void lpp_add_analog_input(lpp_writer* w, uint8_t channel, int16_t hundredths) {
  add_16(w, channel, LPP_TYPE_ANALOG_INPUT, hundredths);
}
