/* SPI master on the ATmega328P's hardware SPI: mode 0, MSB first, F_CPU/2 (8 MHz, the SX1276 allows
 * 10 MHz). One chip select: the radio's NSS. */
#ifndef ONECHAN_NODE_SPI_H
#define ONECHAN_NODE_SPI_H

#include <stdint.h>

void spi_init(void);
void spi_select(void);
void spi_deselect(void);
uint8_t spi_transfer(uint8_t out);

#endif
