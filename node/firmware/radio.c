#include "radio.h"

#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/sleep.h>
#include <util/delay.h>

#include "board.h"
#include "power.h"
#include "spi.h"
#include "sx1276_config.h"

/* SX1276 registers (datasheet table 41) and values used here. */
enum {
  REG_FIFO = 0x00,
  REG_OP_MODE = 0x01,
  REG_FRF_MSB = 0x06,
  REG_PA_CONFIG = 0x09,
  REG_FIFO_ADDR_PTR = 0x0D,
  REG_FIFO_TX_BASE_ADDR = 0x0E,
  REG_IRQ_FLAGS = 0x12,
  REG_MODEM_CONFIG1 = 0x1D,
  REG_MODEM_CONFIG2 = 0x1E,
  REG_PREAMBLE_MSB = 0x20,
  REG_PAYLOAD_LENGTH = 0x22,
  REG_MODEM_CONFIG3 = 0x26,
  REG_INVERT_IQ = 0x33,
  REG_SYNC_WORD = 0x39,
  REG_INVERT_IQ2 = 0x3B,
  REG_DIO_MAPPING1 = 0x40,
  REG_VERSION = 0x42,
};
enum {
  MODE_FSK_SLEEP = 0x00,
  MODE_LORA_SLEEP = 0x80, /* LongRangeMode, HF port (LowFrequencyModeOn clear) */
  MODE_LORA_STANDBY = 0x81,
  MODE_LORA_TX = 0x83,
  IRQ_TX_DONE = 0x08,
  DIO0_TX_DONE = 0x40, /* RegDioMapping1 bits 7-6 = 01 */
  SYNC_WORD_PUBLIC = 0x34,
  INVERT_IQ_NORMAL = 0x27, /* uplink polarity */
  INVERT_IQ2_NORMAL = 0x1D,
};

static volatile uint8_t tx_done;

ISR(INT0_vect) {
  tx_done = 1;
}

static void write_register(uint8_t address, uint8_t value) {
  spi_select();
  spi_transfer((uint8_t)(address | 0x80));
  spi_transfer(value);
  spi_deselect();
}

static uint8_t read_register(uint8_t address) {
  spi_select();
  spi_transfer((uint8_t)(address & 0x7F));
  uint8_t value = spi_transfer(0);
  spi_deselect();
  return value;
}

uint8_t radio_init(void) {
  /* Datasheet 7.2.2: RST low for more than 100 us, then released (the chip pulls it up) and 5 ms before
   * the chip takes commands. */
  BOARD_RST_PORT &= (uint8_t) ~(1 << BOARD_RST_BIT);
  BOARD_RST_DDR |= (uint8_t)(1 << BOARD_RST_BIT);
  _delay_us(150);
  BOARD_RST_DDR &= (uint8_t) ~(1 << BOARD_RST_BIT);
  _delay_ms(6);

  uint8_t version = read_register(REG_VERSION);
  /* LongRangeMode can only change in sleep mode. */
  write_register(REG_OP_MODE, MODE_FSK_SLEEP);
  write_register(REG_OP_MODE, MODE_LORA_SLEEP);
  return version;
}

void radio_attach_interrupt(void) {
  /* DIO0 rises on TxDone: INT0 on the rising edge. Set before the first sleep: the reset default is the
   * low-level mode, which an idle (low) DIO0 would keep asserted. */
  EICRA = (uint8_t)((EICRA & ~((1 << ISC01) | (1 << ISC00))) | (1 << ISC01) | (1 << ISC00));
  EIFR = (uint8_t)(1 << INTF0);
  EIMSK |= (uint8_t)(1 << INT0);
}

uint8_t radio_transmit(const radio_tx_settings* s, const uint8_t* data, uint8_t len, uint8_t timeout_wdt) {
  write_register(REG_OP_MODE, MODE_LORA_SLEEP);
  uint32_t frf = sx1276_frf(s->frequency_hz);
  spi_select();
  spi_transfer(REG_FRF_MSB | 0x80); /* burst: Frf MSB, MID, LSB */
  spi_transfer((uint8_t)(frf >> 16));
  spi_transfer((uint8_t)(frf >> 8));
  spi_transfer((uint8_t)frf);
  spi_deselect();
  write_register(REG_PA_CONFIG, sx1276_pa_config_boost(s->power_dbm));
  write_register(REG_MODEM_CONFIG1, sx1276_modem_config1(s->bandwidth_hz, s->coding_rate));
  write_register(REG_MODEM_CONFIG2, sx1276_modem_config2(s->spreading_factor, 1));
  write_register(REG_MODEM_CONFIG3, sx1276_modem_config3(s->spreading_factor, s->bandwidth_hz));
  write_register(REG_PREAMBLE_MSB, 0);
  write_register(REG_PREAMBLE_MSB + 1, 8);
  write_register(REG_SYNC_WORD, SYNC_WORD_PUBLIC);
  write_register(REG_INVERT_IQ, INVERT_IQ_NORMAL);
  write_register(REG_INVERT_IQ2, INVERT_IQ2_NORMAL);
  write_register(REG_DIO_MAPPING1, DIO0_TX_DONE);

  /* The FIFO is only accessible outside sleep mode. */
  write_register(REG_OP_MODE, MODE_LORA_STANDBY);
  write_register(REG_FIFO_TX_BASE_ADDR, 0);
  write_register(REG_FIFO_ADDR_PTR, 0);
  spi_select();
  spi_transfer(REG_FIFO | 0x80);
  for (uint8_t i = 0; i < len; ++i) spi_transfer(data[i]);
  spi_deselect();
  write_register(REG_PAYLOAD_LENGTH, len);
  write_register(REG_IRQ_FLAGS, 0xFF);

  tx_done = 0;
  EIFR = (uint8_t)(1 << INTF0);
  power_watchdog_arm(timeout_wdt);
  write_register(REG_OP_MODE, MODE_LORA_TX);

  /* Idle sleep keeps the I/O clock, which INT0's edge detection needs (power-down only wakes on a low
   * level). The check and the sleep are atomic: an interrupt between them would be slept through. */
  set_sleep_mode(SLEEP_MODE_IDLE);
  cli();
  while (!tx_done && !power_watchdog_fired()) {
    sleep_enable();
    sei();
    sleep_cpu();
    sleep_disable();
    cli();
  }
  sei();
  power_watchdog_disarm();
  uint8_t ok = tx_done && (read_register(REG_IRQ_FLAGS) & IRQ_TX_DONE);
  write_register(REG_IRQ_FLAGS, 0xFF);
  write_register(REG_OP_MODE, MODE_LORA_SLEEP);
  return ok;
}
