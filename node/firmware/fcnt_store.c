#include "fcnt_store.h"

static uint16_t record_address(const fcnt_store* s, uint8_t record) {
  return (uint16_t)(s->base + FCNT_STORE_RECORD_SIZE * (uint16_t)record);
}

static uint8_t record_valid(const fcnt_store* s, uint8_t record) {
  return s->nv->read(s->nv->ctx, (uint16_t)(record_address(s, record) + 4)) == FCNT_STORE_COMMITTED;
}

static uint32_t record_value(const fcnt_store* s, uint8_t record) {
  uint16_t a = record_address(s, record);
  uint32_t v = 0;
  for (uint8_t i = 4; i-- > 0;) v = (v << 8) | s->nv->read(s->nv->ctx, (uint16_t)(a + i));
  return v;
}

static void invalidate_record(const fcnt_store* s, uint8_t record) {
  s->nv->write(s->nv->ctx, (uint16_t)(record_address(s, record) + 4), 0x00);
}

static void write_value(const fcnt_store* s, uint8_t record, uint32_t value) {
  uint16_t a = record_address(s, record);
  for (uint8_t i = 0; i < 4; ++i) s->nv->write(s->nv->ctx, (uint16_t)(a + i), (uint8_t)(value >> (8 * i)));
}

static void write_record(const fcnt_store* s, uint8_t record, uint32_t value) {
  invalidate_record(s, record);
  write_value(s, record, value);
  s->nv->write(s->nv->ctx, (uint16_t)(record_address(s, record) + 4), FCNT_STORE_COMMITTED);
}

/* Record 0 is the header; slot i is record i + 1. */
uint8_t fcnt_store_open(fcnt_store* s, const nv_ops* nv, uint16_t base, uint8_t slot_count,
                        uint32_t dev_addr) {
  s->nv = nv;
  s->base = base;
  s->slot_count = slot_count;
  s->next_slot = 0;
  s->next_fcnt = 0;
  s->exhausted = 0;
  if (slot_count < 2) return 0;

  if (!record_valid(s, 0) || record_value(s, 0) != dev_addr) {
    invalidate_record(s, 0);
    /* Unused slots hold 0, not the blank 0xFFFFFFFF: an interrupted write that turns an unused slot's
     * commit byte valid then brings back a harmless 0, never a counter at the end of the range. */
    for (uint8_t i = 0; i < slot_count; ++i) {
      invalidate_record(s, (uint8_t)(i + 1));
      write_value(s, (uint8_t)(i + 1), 0);
    }
    write_record(s, 0, dev_addr);
    return 1;
  }

  uint8_t found = 0;
  uint32_t highest = 0;
  uint8_t highest_slot = 0;
  for (uint8_t i = 0; i < slot_count; ++i) {
    if (!record_valid(s, (uint8_t)(i + 1))) continue;
    uint32_t v = record_value(s, (uint8_t)(i + 1));
    if (!found || v > highest) {
      highest = v;
      highest_slot = i;
      found = 1;
    }
  }
  if (found) {
    s->next_slot = (uint8_t)((highest_slot + 1) % slot_count);
    s->next_fcnt = highest + 1;
    s->exhausted = highest == 0xFFFFFFFFUL;
  }
  return 1;
}

uint8_t fcnt_store_reserve(fcnt_store* s, uint32_t* fcnt) {
  if (s->exhausted || s->slot_count < 2) return 0;
  uint32_t value = s->next_fcnt;
  write_record(s, (uint8_t)(s->next_slot + 1), value);
  s->next_slot = (uint8_t)((s->next_slot + 1) % s->slot_count);
  s->next_fcnt = value + 1;
  s->exhausted = value == 0xFFFFFFFFUL;
  *fcnt = value;
  return 1;
}
