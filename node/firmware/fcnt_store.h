/* The uplink frame counter, persisted in EEPROM so that no reset or power loss ever makes the node reuse a
 * counter (LoRaWAN 1.0.4 section 4.3.1.5: ABP devices never reset their counters).
 *
 * Write-ahead: fcnt_store_reserve() writes a counter to EEPROM before handing it out, so a counter that went
 * on air is always on EEPROM. After a power loss the node resumes above the highest counter found.
 *
 * Wear levelling: the counter goes to a ring of slots, each reservation to the slot after the one holding the
 * current maximum, so every slot is written once per `slot_count` uplinks.
 *
 * Layout (little-endian), from `base`:
 *   header  DevAddr (4) | commit (1)           the session the ring belongs to
 *   slot i  FCnt32 (4)  | commit (1)           at base + 5 + 5 i
 * A record is valid only when its commit byte is FCNT_STORE_COMMITTED. Every record is written as
 * "commit := 0, data bytes, commit := FCNT_STORE_COMMITTED", so a write interrupted at any byte (even one
 * that leaves that byte with an arbitrary value) leaves either the old valid record, an invalid record, or
 * the new valid record; and because the slot being written never holds the maximum (slot_count >= 2), the
 * maximum survives any interruption.
 *
 * A header for another DevAddr (a new session, or a blank EEPROM) resets the ring: the header is invalidated
 * first, then every slot is invalidated and set to 0, then the header is committed, so an interrupted reset
 * is simply redone at the next start. Because every slot holds a value no larger than the maximum (unused
 * slots hold 0), even a slot whose commit byte an interrupted write left valid by chance brings back nothing
 * above the truth. */
#ifndef ONECHAN_NODE_FCNT_STORE_H
#define ONECHAN_NODE_FCNT_STORE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FCNT_STORE_COMMITTED 0xA5
#define FCNT_STORE_RECORD_SIZE 5
#define FCNT_STORE_BYTES(slot_count) (FCNT_STORE_RECORD_SIZE * (1u + (slot_count)))

/* Byte access to the non-volatile memory. `write` must store the byte before returning (the AVR version
 * waits for the EEPROM write to complete) and may skip bytes that already hold the value. */
typedef struct {
  uint8_t (*read)(void* ctx, uint16_t address);
  void (*write)(void* ctx, uint16_t address, uint8_t value);
  void* ctx;
} nv_ops;

typedef struct {
  const nv_ops* nv;
  uint16_t base;
  uint8_t slot_count; /* >= 2 */
  uint8_t next_slot;
  uint32_t next_fcnt;
  uint8_t exhausted; /* the counter 0xFFFFFFFF was handed out: the session must end (no wrap to 0) */
} fcnt_store;

/* Reads the ring (formatting it for `dev_addr` when it belongs to another session or is blank). Returns 0
 * when slot_count < 2 (the guarantee above needs two slots). */
uint8_t fcnt_store_open(fcnt_store* s, const nv_ops* nv, uint16_t base, uint8_t slot_count,
                        uint32_t dev_addr);

/* Persists the next counter and returns it in *fcnt. Returns 0 (and persists nothing) once the 32-bit
 * counter space is used up. */
uint8_t fcnt_store_reserve(fcnt_store* s, uint32_t* fcnt);

#ifdef __cplusplus
}
#endif

#endif
