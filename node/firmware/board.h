/* The board header chosen at build time (cmake -DNODE_BOARD=...), see boards/avr/. */
#ifndef ONECHAN_NODE_BOARD_H
#define ONECHAN_NODE_BOARD_H

#ifndef NODE_BOARD_HEADER
#error "NODE_BOARD_HEADER must name the board header (boards/avr/<board>.h); the CMake build sets it"
#endif
#include NODE_BOARD_HEADER

#endif
