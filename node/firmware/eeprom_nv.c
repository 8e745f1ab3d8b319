#include "eeprom_nv.h"

#include <avr/eeprom.h>

static uint8_t read_byte(void* ctx, uint16_t address) {
  (void)ctx;
  return eeprom_read_byte((const uint8_t*)address);
}

/* eeprom_update_byte leaves a byte that already holds the value alone (no wear), and waits for any write in
 * progress before starting; waiting for this one to finish makes "returned" mean "stored". */
static void write_byte(void* ctx, uint16_t address, uint8_t value) {
  (void)ctx;
  eeprom_update_byte((uint8_t*)address, value);
  eeprom_busy_wait();
}

const nv_ops eeprom_nv = {read_byte, write_byte, 0};
