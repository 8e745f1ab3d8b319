#include "spi.h"

#include <avr/io.h>

#include "board.h"

void spi_init(void) {
  /* NSS high before it becomes an output, so the radio never sees a spurious select. */
  BOARD_NSS_PORT |= (uint8_t)(1 << BOARD_NSS_BIT);
  BOARD_NSS_DDR |= (uint8_t)(1 << BOARD_NSS_BIT);
  BOARD_SPI_DDR |= (uint8_t)((1 << BOARD_SPI_SCK_BIT) | (1 << BOARD_SPI_MOSI_BIT));
  BOARD_SPI_DDR &= (uint8_t) ~(1 << BOARD_SPI_MISO_BIT);
  SPCR = (uint8_t)((1 << SPE) | (1 << MSTR));
  SPSR = (uint8_t)(1 << SPI2X);
}

void spi_select(void) {
  BOARD_NSS_PORT &= (uint8_t) ~(1 << BOARD_NSS_BIT);
}

void spi_deselect(void) {
  BOARD_NSS_PORT |= (uint8_t)(1 << BOARD_NSS_BIT);
}

uint8_t spi_transfer(uint8_t out) {
  SPDR = out;
  while (!(SPSR & (1 << SPIF))) {
  }
  return SPDR;
}
