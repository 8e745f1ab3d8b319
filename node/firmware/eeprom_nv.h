/* nv_ops over the ATmega328P's EEPROM (1 KB, 100 000 write/erase cycles per cell, datasheet 8.4). */
#ifndef ONECHAN_NODE_EEPROM_NV_H
#define ONECHAN_NODE_EEPROM_NV_H

#include "fcnt_store.h"

extern const nv_ops eeprom_nv;

#endif
