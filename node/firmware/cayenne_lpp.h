/* Cayenne Low Power Payload records: channel | type | big-endian value (myDevices' format, as decoded by
 * The Things Stack and ChirpStack). Only the two types this node sends. */
#ifndef ONECHAN_NODE_CAYENNE_LPP_H
#define ONECHAN_NODE_CAYENNE_LPP_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LPP_TYPE_ANALOG_INPUT 2  /* 2 bytes, 0.01 signed */
#define LPP_TYPE_TEMPERATURE 103 /* 2 bytes, 0.1 degC signed */
#define LPP_RECORD_SIZE 4        /* both types: channel, type, 2 value bytes */

typedef struct {
  uint8_t* buffer;
  uint8_t capacity;
  uint8_t length;
  uint8_t overflow; /* set when a record did not fit; the buffer then holds the records before it */
} lpp_writer;

void lpp_init(lpp_writer* w, uint8_t* buffer, uint8_t capacity);
void lpp_add_temperature(lpp_writer* w, uint8_t channel, int16_t deci_celsius);
/* `hundredths` in units of 0.01 (volts, here). */
void lpp_add_analog_input(lpp_writer* w, uint8_t channel, int16_t hundredths);

#ifdef __cplusplus
}
#endif

#endif
