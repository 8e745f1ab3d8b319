/* onechan-node: a LoRaWAN 1.0.x class A ABP sensor node. Every NODE_INTERVAL_S it reads the internal
 * temperature, the supply voltage and one analog input, and sends them as Cayenne LPP in an unconfirmed
 * uplink, on the configured channels in rotation, within the EU868 duty cycle, with a frame counter that
 * survives resets. Between uplinks the MCU is in power-down and wakes on the watchdog. */
#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/pgmspace.h>
#include <avr/sleep.h>

#include "board.h"
#include "cayenne_lpp.h"
#include "debug_uart.h"
#include "duty_cycle.h"
#include "eeprom_nv.h"
#include "fcnt_store.h"
#include "lora_airtime.h"
#include "lorawan_uplink.h"
#include "node_config.h"
#include "power.h"
#include "radio.h"
#include "sensors.h"
#include "spi.h"

/* 200 slots of 5 bytes and the header fill 1005 of the 1024 EEPROM bytes: each slot is rewritten once every
 * 200 uplinks (see node/README.md for the endurance this gives). */
#define FCNT_SLOTS 200
#define FCNT_EEPROM_BASE 0

/* LPP channels of the three readings. */
#define LPP_CHANNEL_TEMPERATURE 1
#define LPP_CHANNEL_VCC 2
#define LPP_CHANNEL_ANALOG 3
#define PAYLOAD_BYTES (3 * LPP_RECORD_SIZE)
#define FRAME_CAPACITY (LORAWAN_UPLINK_OVERHEAD + PAYLOAD_BYTES)
#define FRM_PAYLOAD_OFFSET 9 /* MHDR 1 + FHDR 7 + FPort 1 */

#define RADIO_VERSION_SX1276 0x12

static const uint8_t kNwkSKey[16] PROGMEM = {NODE_NWK_S_KEY};
static const uint8_t kAppSKey[16] PROGMEM = {NODE_APP_S_KEY};
static const uint32_t kChannelsHz[NODE_CHANNEL_COUNT] PROGMEM = {NODE_CHANNELS_HZ};
static const lora_tx_params kTxParams = {NODE_SPREADING_FACTOR, NODE_BANDWIDTH_HZ, NODE_CODING_RATE, 8, 1, 0};

static uint32_t now_ms; /* the node's clock: never ahead of real time (power.h) */
static fcnt_store counter;
static duty_cycle_state duty;
static channel_rotation rotation = {kChannelsHz, NODE_CHANNEL_COUNT, 0};

static uint8_t reached(uint32_t at_ms) {
  return (int32_t)(now_ms - at_ms) >= 0;
}

static void mark(uint8_t on) {
  if (on) {
    BOARD_MARK_PORT |= (uint8_t)(1 << BOARD_MARK_BIT);
  } else {
    BOARD_MARK_PORT &= (uint8_t) ~(1 << BOARD_MARK_BIT);
  }
}

static void halt(void) {
  debug_flush();
  cli();
  set_sleep_mode(SLEEP_MODE_PWR_DOWN);
  sleep_enable();
  for (;;) sleep_cpu();
}

static int16_t hundredths(uint16_t millis) {
  return (int16_t)((millis + 5u) / 10u);
}

/* LPP payload, encryption and MIC, straight into `frame`. The keys are copied from flash to the stack for
 * the AES code and wiped afterwards. */
static uint8_t build_uplink(uint8_t frame[FRAME_CAPACITY], uint32_t fcnt32, const sensor_readings* r) {
  uint8_t keys[32];
  memcpy_P(keys, kNwkSKey, 16);
  memcpy_P(keys + 16, kAppSKey, 16);
  lorawan_abp_session session = {NODE_DEV_ADDR, keys, keys + 16};

  lpp_writer w;
  lpp_init(&w, frame + FRM_PAYLOAD_OFFSET, PAYLOAD_BYTES);
  lpp_add_temperature(&w, LPP_CHANNEL_TEMPERATURE, r->temperature_decidegc);
  lpp_add_analog_input(&w, LPP_CHANNEL_VCC, hundredths(r->vcc_mv));
  lpp_add_analog_input(&w, LPP_CHANNEL_ANALOG, hundredths(r->analog_mv));
  uint8_t len = lorawan_build_uplink(frame, FRAME_CAPACITY, &session, fcnt32, NODE_FPORT,
                                     frame + FRM_PAYLOAD_OFFSET, w.length);

  volatile uint8_t* wipe = keys;
  for (uint8_t i = 0; i < sizeof keys; ++i) wipe[i] = 0;
  return len;
}

/* A watchdog period comfortably longer than the frame: twice its airtime plus 100 ms. */
static uint8_t tx_timeout_code(uint32_t airtime_ms) {
  uint8_t code = POWER_WDT_16MS;
  while (code < POWER_WDT_8S && (16UL << code) < 2 * airtime_ms + 100) ++code;
  return code;
}

/* Returns 0 when the radio did not report TxDone (it is reset before the next uplink). */
static uint8_t send_uplink(uint8_t channel) {
  sensor_readings readings;
  sensors_read(&readings);

  /* Write-ahead: the counter is in EEPROM before it can be on air. */
  uint32_t fcnt32;
  if (!fcnt_store_reserve(&counter, &fcnt32)) {
    debug_str(DBG_STR("fcnt exhausted: this ABP session is over, provision a new one\r\n"));
    halt();
  }

  uint8_t frame[FRAME_CAPACITY];
  mark(1);
  uint8_t len = build_uplink(frame, fcnt32, &readings);
  mark(0);

  uint32_t frequency = channel_rotation_frequency(&rotation, channel);
  radio_tx_settings settings = {frequency, NODE_SPREADING_FACTOR, NODE_BANDWIDTH_HZ, NODE_CODING_RATE,
                                NODE_TX_POWER_DBM};
  uint32_t airtime_ms = lora_time_on_air_ms(&kTxParams, len);
  uint32_t start_ms = now_ms;
  uint8_t ok = radio_transmit(&settings, frame, len, tx_timeout_code(airtime_ms));
  /* Charged even on a timeout: the chip may have transmitted without reporting it. */
  duty_cycle_record(&duty, duty_cycle_band_of(frequency, NODE_BANDWIDTH_HZ), start_ms, airtime_ms);
  now_ms += airtime_ms;

  debug_str(DBG_STR("up fcnt="));
  debug_u32(fcnt32);
  debug_str(DBG_STR(" freq="));
  debug_u32(frequency);
  debug_str(DBG_STR(" sf="));
  debug_u32(NODE_SPREADING_FACTOR);
  debug_str(DBG_STR(" len="));
  debug_u32(len);
  debug_str(DBG_STR(" airtime_ms="));
  debug_u32(airtime_ms);
  debug_str(DBG_STR(" temp_c="));
  debug_fixed(readings.temperature_decidegc, 1);
  debug_str(DBG_STR(" vcc_v="));
  debug_fixed(readings.vcc_mv, 3);
  debug_str(DBG_STR(" a0_v="));
  debug_fixed(readings.analog_mv, 3);
  debug_str(ok ? DBG_STR(" tx=ok\r\n") : DBG_STR(" tx=timeout\r\n"));
  return ok;
}

static uint8_t radio_ready(void) {
  uint8_t version = radio_init();
  if (version == RADIO_VERSION_SX1276) return 1;
  debug_str(DBG_STR("radio not found: RegVersion=0x"));
  debug_hex32(version);
  debug_str(DBG_STR(", retrying after the interval\r\n"));
  return 0;
}

int main(void) {
  BOARD_MARK_DDR |= (uint8_t)(1 << BOARD_MARK_BIT);
  mark(0);
  debug_init();
  spi_init();
  radio_attach_interrupt();
  sei();

  fcnt_store_open(&counter, &eeprom_nv, FCNT_EEPROM_BASE, FCNT_SLOTS, NODE_DEV_ADDR);
  debug_str(DBG_STR("onechan-node devaddr="));
  debug_hex32(NODE_DEV_ADDR);
  debug_str(DBG_STR(" next_fcnt="));
  debug_u32(counter.next_fcnt);
  debug_str(DBG_STR("\r\n"));

  /* RAM does not remember when the last transmission before this start was: assume one frame went out just
   * now on every band, so a reset right after an uplink cannot break the duty cycle. */
  duty_cycle_init(&duty);
  uint32_t frame_airtime_ms = lora_time_on_air_ms(&kTxParams, FRAME_CAPACITY);
  for (uint8_t i = 0; i < NODE_CHANNEL_COUNT; ++i) {
    duty_cycle_record(&duty, duty_cycle_band_of(channel_rotation_frequency(&rotation, i), NODE_BANDWIDTH_HZ),
                      now_ms, frame_airtime_ms);
  }

  uint8_t radio_ok = 0;
  uint32_t next_due_ms = now_ms;
  for (;;) {
    duty_cycle_refresh(&duty, now_ms);
    uint32_t wake_at_ms = next_due_ms;
    if (reached(next_due_ms)) {
      if (!radio_ok) radio_ok = radio_ready();
      if (!radio_ok) {
        next_due_ms = now_ms + NODE_INTERVAL_S * 1000UL;
        wake_at_ms = next_due_ms;
      } else {
        int8_t channel = channel_rotation_pick(&rotation, &duty, NODE_BANDWIDTH_HZ, now_ms, &wake_at_ms);
        if (channel >= 0) {
          next_due_ms = now_ms + NODE_INTERVAL_S * 1000UL;
          radio_ok = send_uplink((uint8_t)channel);
          continue;
        }
      }
    }
    debug_flush();
    now_ms += power_sleep_ms(wake_at_ms - now_ms);
  }
}
