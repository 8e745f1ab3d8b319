/*
 * Dragino LoRa Shield v1.4 (RFM95W, 868 MHz) on an Arduino Uno (ATmega328P, 16 MHz).
 *
 * Wiring as in Dragino's schematic "Lora Shield/hardware/v1.4/Lora Shield v1.4.sch"
 * (github.com/dragino/Lora): NSS   D10 / PB2   through R9 (0 ohm; R10/R11 to D5/D4 are not fitted) RST   D9
 * / PB1   through R7 (1 kohm); the RFM95 pulls it up itself, so drive it low or leave it floating DIO0  D2  /
 * PD2   INT0, through a 74VHC125 buffer and R5 (0 ohm): always connected DIO1  D6  / PD6   only with jumper
 * J_DIO1 closed DIO2  D7  / PD7   only with jumper J_DIO2 closed DIO5  D8  / PB0   only with jumper J_DIO5
 * closed SPI   SCK/MISO/MOSI from the ICSP header or D13/D12/D11, chosen by the 3-pin jumpers SV2/SV3/SV4
 *
 * Another AVR board is another header like this one, selected with cmake -DNODE_BOARD=<name>.
 * Every BOARD_* macro below is used by node/firmware; keep the set complete when adding a board.
 */
#ifndef ONECHAN_BOARD_DRAGINO_LORA_SHIELD_V1_4_H
#define ONECHAN_BOARD_DRAGINO_LORA_SHIELD_V1_4_H

#include <avr/io.h>

#define BOARD_NAME "Dragino LoRa Shield v1.4 / Arduino Uno"

/* Hardware SPI of the ATmega328P. SS (PB2) must be an output for the SPI to stay master. */
#define BOARD_SPI_DDR DDRB
#define BOARD_SPI_SCK_BIT PB5
#define BOARD_SPI_MISO_BIT PB4
#define BOARD_SPI_MOSI_BIT PB3

/* Radio chip select, active low. */
#define BOARD_NSS_PORT PORTB
#define BOARD_NSS_DDR DDRB
#define BOARD_NSS_BIT PB2

/* Radio reset, active low. */
#define BOARD_RST_PORT PORTB
#define BOARD_RST_DDR DDRB
#define BOARD_RST_BIT PB1

/* DIO0 on INT0: TxDone (and RxDone) rise here. */
#define BOARD_DIO0_PIN PIND
#define BOARD_DIO0_BIT PD2

/* DIO1 and DIO2, for firmware that uses them (this one does not: they stay inputs). */
#define BOARD_DIO1_PIN PIND
#define BOARD_DIO1_BIT PD6
#define BOARD_DIO2_PIN PIND
#define BOARD_DIO2_BIT PD7

/* A pin no shield signal uses (D3): the firmware raises it while it builds and encrypts an uplink, so a
 * scope or the simavr harness can measure that time. */
#define BOARD_MARK_PORT PORTD
#define BOARD_MARK_DDR DDRD
#define BOARD_MARK_BIT PD3

/* The analog input reported in the uplink: A0 = ADC0. */
#define BOARD_ANALOG_INPUT_CHANNEL 0

#endif
