#include "debug_uart.h"

#if NODE_DEBUG_UART

#include <avr/io.h>

#define BAUD 57600
#include <util/setbaud.h>

static uint8_t sent;

void debug_init(void) {
  UBRR0H = UBRRH_VALUE;
  UBRR0L = UBRRL_VALUE;
#if USE_2X
  UCSR0A = (uint8_t)(1 << U2X0);
#else
  UCSR0A = 0;
#endif
  UCSR0C = (uint8_t)((1 << UCSZ01) | (1 << UCSZ00));
  UCSR0B = (uint8_t)(1 << TXEN0);
}

static void put(char c) {
  while (!(UCSR0A & (1 << UDRE0))) {
  }
  /* TXC0 is cleared by writing a one; keep U2X0 as it is. */
  UCSR0A = (uint8_t)((UCSR0A & (1 << U2X0)) | (1 << TXC0));
  UDR0 = (uint8_t)c;
  sent = 1;
}

void debug_str(const char* flash_string) {
  char c;
  while ((c = (char)pgm_read_byte(flash_string++)) != 0) put(c);
}

void debug_u32(uint32_t value) {
  char digits[10];
  uint8_t n = 0;
  do {
    digits[n++] = (char)('0' + value % 10);
    value /= 10;
  } while (value != 0);
  while (n-- > 0) put(digits[n]);
}

void debug_fixed(int32_t value, uint8_t decimals) {
  uint32_t magnitude = value < 0 ? (uint32_t)(-value) : (uint32_t)value;
  uint32_t scale = 1;
  for (uint8_t i = 0; i < decimals; ++i) scale *= 10;
  if (value < 0) put('-');
  debug_u32(magnitude / scale);
  if (decimals == 0) return;
  put('.');
  uint32_t fraction = magnitude % scale;
  while (scale /= 10) {
    put((char)('0' + fraction / scale));
    fraction %= scale;
  }
}

void debug_hex32(uint32_t value) {
  for (int8_t shift = 28; shift >= 0; shift -= 4) {
    uint8_t nibble = (uint8_t)((value >> shift) & 0xF);
    put((char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10));
  }
}

void debug_flush(void) {
  if (!sent) return;
  while (!(UCSR0A & (1 << TXC0))) {
  }
}

#endif
