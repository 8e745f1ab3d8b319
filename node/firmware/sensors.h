/* The three readings of an uplink, taken with the ADC (which is powered only while reading). */
#ifndef ONECHAN_NODE_SENSORS_H
#define ONECHAN_NODE_SENSORS_H

#include <stdint.h>

typedef struct {
  int16_t temperature_decidegc; /* internal sensor, uncalibrated */
  uint16_t vcc_mv;              /* supply, measured against the 1.1 V bandgap */
  uint16_t analog_mv;           /* the board's analog input (A0 on the Uno), against Vcc */
} sensor_readings;

void sensors_read(sensor_readings* out);

#endif
