/* The debug line on the UART (57600 baud 8N1, TX only). Built with NODE_DEBUG_UART=0 every call compiles
 * to nothing and the UART stays off. Strings live in flash: pass them through DBG_STR. */
#ifndef ONECHAN_NODE_DEBUG_UART_H
#define ONECHAN_NODE_DEBUG_UART_H

#include <stdint.h>

#ifndef NODE_DEBUG_UART
#define NODE_DEBUG_UART 1
#endif

#if NODE_DEBUG_UART
#include <avr/pgmspace.h>
#define DBG_STR(s) PSTR(s)
void debug_init(void);
void debug_str(const char* flash_string);
void debug_u32(uint32_t value);
/* value / 10^decimals with that many decimals, signed: debug_fixed(-15, 1) prints -1.5 */
void debug_fixed(int32_t value, uint8_t decimals);
void debug_hex32(uint32_t value);
/* Waits until the last byte left the shift register, so power-down does not cut it. */
void debug_flush(void);
#else
#define DBG_STR(s) ((const char*)0)
static inline void debug_init(void) {}
static inline void debug_str(const char* flash_string) {
  (void)flash_string;
}
static inline void debug_u32(uint32_t value) {
  (void)value;
}
static inline void debug_fixed(int32_t value, uint8_t decimals) {
  (void)value;
  (void)decimals;
}
static inline void debug_hex32(uint32_t value) {
  (void)value;
}
static inline void debug_flush(void) {}
#endif

#endif
