/* Constant tables live in flash on the AVR (2 KB of RAM is too little to copy them) and read with LPM; on
 * the host build used by the tests they are ordinary constants. */
#ifndef ONECHAN_NODE_PROGMEM_H
#define ONECHAN_NODE_PROGMEM_H

#ifdef __AVR__
#include <avr/pgmspace.h>
#else
#include <stdint.h>
#include <string.h>
#define PROGMEM
#define pgm_read_byte(address) (*(const uint8_t*)(address))
#define pgm_read_word(address) (*(const uint16_t*)(address))
#define pgm_read_dword(address) (*(const uint32_t*)(address))
#define memcpy_P memcpy
#endif

#endif
