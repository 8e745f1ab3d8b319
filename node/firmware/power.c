#include "power.h"

#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/sleep.h>
#include <avr/wdt.h>

static volatile uint8_t watchdog_fired;

ISR(WDT_vect) {
  watchdog_fired = 1;
}

/* After a watchdog reset the watchdog stays enabled with the shortest period: switch it off before
 * anything else runs (avr-libc's recommended place, .init3, before main and before .data is copied). */
void power_disable_watchdog_at_reset(void) __attribute__((naked, used, section(".init3")));
void power_disable_watchdog_at_reset(void) {
  MCUSR = 0;
  wdt_disable();
}

/* The timed sequence of datasheet section 10.9.2: WDCE and WDE, then the new value within four cycles. In
 * assembly because the compiler is free to schedule work between two C stores (it did: the second store
 * came six cycles late and the new period was ignored). Interrupts must be off. */
static void write_wdtcsr(uint8_t value) {
  __asm__ __volatile__(
      "sts %[reg], %[unlock]\n\t"
      "sts %[reg], %[value]\n\t"
      :
      :
      [reg] "n"(_SFR_MEM_ADDR(WDTCSR)), [unlock] "r"((uint8_t)((1 << WDCE) | (1 << WDE))), [value] "r"(value)
      : "memory");
}

void power_watchdog_arm(uint8_t period_code) {
  uint8_t wdp = (uint8_t)((period_code & 7) | ((period_code & 8) ? (1 << WDP3) : 0));
  uint8_t sreg = SREG;
  cli();
  watchdog_fired = 0;
  wdt_reset();
  MCUSR &= (uint8_t) ~(1 << WDRF);
  write_wdtcsr((uint8_t)((1 << WDIE) | wdp));
  SREG = sreg;
}

void power_watchdog_disarm(void) {
  uint8_t sreg = SREG;
  cli();
  wdt_reset();
  MCUSR &= (uint8_t) ~(1 << WDRF);
  write_wdtcsr(0);
  SREG = sreg;
}

uint8_t power_watchdog_fired(void) {
  return watchdog_fired;
}

uint32_t power_watchdog_credit_ms(uint8_t period_code) {
  uint32_t nominal = 16UL << period_code;
  return nominal - nominal / 8;
}

uint32_t power_sleep_ms(uint32_t ms) {
  uint8_t code = POWER_WDT_8S + 1;
  while (code-- > 0) {
    if (power_watchdog_credit_ms(code) <= ms) break;
  }
  /* Less than the shortest period left: sleep that period anyway (the clock still only credits 14 ms, so it
   * stays behind real time). */
  if (code > POWER_WDT_8S) code = POWER_WDT_16MS;

  power_watchdog_arm(code);
  set_sleep_mode(SLEEP_MODE_PWR_DOWN);
  cli();
  while (!watchdog_fired) {
    sleep_enable();
    sleep_bod_disable();
    sei();
    sleep_cpu();
    sleep_disable();
    cli();
  }
  sei();
  power_watchdog_disarm();
  return power_watchdog_credit_ms(code);
}
