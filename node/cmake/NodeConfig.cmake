# onechan_node_config(<json file> <header to write>)
#
# Reads a node configuration (the format of docs/node-config.md, the file `onechan device
# --print-node-config` writes) with CMake's string(JSON) at configure time, checks every field, and
# writes the C header the firmware is built with. Error messages name the field, never a key's value.
# The header is rewritten only when its content changes, so re-configuring does not rebuild the image.

# EU868 sub-bands (kHz) a channel must lie in entirely, the same table as node/firmware/duty_cycle.c.
set(_ONECHAN_NODE_EU868_BANDS_KHZ 863000-865000 865000-868000 868000-868600 868700-869200 869400-869650
                                  869700-870000)
set(_ONECHAN_NODE_CONFIG_MEMBERS format comment dev_addr nwk_s_key app_s_key region channels_hz
                                 spreading_factor bandwidth_hz coding_rate tx_power_dbm interval_s fport)

function(_onechan_node_config_fail file message)
  message(FATAL_ERROR "node config ${file}: ${message}")
endfunction()

# Reads member `name` into `out`; fails when it is missing or not of JSON type `type`.
function(_onechan_node_config_get json file name type out)
  string(JSON actual ERROR_VARIABLE error TYPE "${json}" ${name})
  if(error)
    _onechan_node_config_fail(${file} "missing \"${name}\"")
  endif()
  if(NOT actual STREQUAL type)
    _onechan_node_config_fail(${file} "\"${name}\" must be a JSON ${type}, not ${actual}")
  endif()
  string(JSON value GET "${json}" ${name})
  set(${out} "${value}" PARENT_SCOPE)
endfunction()

# A whole number within [low, high].
function(_onechan_node_config_integer json file name low high out)
  _onechan_node_config_get("${json}" ${file} ${name} NUMBER value)
  if(NOT value MATCHES "^[0-9]+$" OR value LESS low OR value GREATER high)
    _onechan_node_config_fail(${file} "\"${name}\" must be a whole number from ${low} to ${high}")
  endif()
  set(${out} ${value} PARENT_SCOPE)
endfunction()

# 2*bytes hex digits -> "0x.., 0x.., ..." in the order written (keys: most significant byte first).
function(_onechan_node_config_hex json file name bytes out)
  _onechan_node_config_get("${json}" ${file} ${name} STRING value)
  math(EXPR digits "${bytes} * 2")
  if(NOT value MATCHES "^[0-9A-Fa-f]+$")
    _onechan_node_config_fail(${file} "\"${name}\" must be ${digits} hex digits")
  endif()
  string(LENGTH "${value}" length)
  if(NOT length EQUAL digits)
    _onechan_node_config_fail(${file} "\"${name}\" must be ${digits} hex digits, not ${length}")
  endif()
  string(TOUPPER "${value}" value)
  set(list "")
  math(EXPR last "${bytes} - 1")
  foreach(i RANGE ${last})
    math(EXPR at "${i} * 2")
    string(SUBSTRING "${value}" ${at} 2 byte)
    list(APPEND list "0x${byte}")
  endforeach()
  list(JOIN list ", " joined)
  set(${out} "${joined}" PARENT_SCOPE)
  set(${out}_TEXT "${value}" PARENT_SCOPE)
endfunction()

function(onechan_node_config json_file out_header)
  if(NOT EXISTS "${json_file}")
    message(FATAL_ERROR "node config ${json_file}: no such file (set NODE_CONFIG to a node config JSON file)")
  endif()
  if(NOT CMAKE_SCRIPT_MODE_FILE)  # cmake -P (the tests) has no directory to re-configure
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${json_file}")
  endif()
  file(READ "${json_file}" json)
  string(JSON root_type ERROR_VARIABLE error TYPE "${json}")
  if(error)
    _onechan_node_config_fail(${json_file} "not valid JSON: ${error}")
  endif()
  if(NOT root_type STREQUAL OBJECT)
    _onechan_node_config_fail(${json_file} "the top level must be a JSON object")
  endif()

  # Unknown members are mistakes (a misspelt field would otherwise silently take its default).
  string(JSON member_count LENGTH "${json}")
  if(member_count GREATER 0)
    math(EXPR last "${member_count} - 1")
    foreach(i RANGE ${last})
      string(JSON member MEMBER "${json}" ${i})
      if(NOT member IN_LIST _ONECHAN_NODE_CONFIG_MEMBERS)
        _onechan_node_config_fail(${json_file} "unknown field \"${member}\"")
      endif()
    endforeach()
  endif()

  _onechan_node_config_integer("${json}" ${json_file} format 1 1 format)
  _onechan_node_config_get("${json}" ${json_file} region STRING region)
  if(NOT region STREQUAL "EU868")
    _onechan_node_config_fail(${json_file} "\"region\" must be \"EU868\" (the only region this firmware implements)")
  endif()
  _onechan_node_config_hex("${json}" ${json_file} dev_addr 4 dev_addr)
  _onechan_node_config_hex("${json}" ${json_file} nwk_s_key 16 nwk_s_key)
  _onechan_node_config_hex("${json}" ${json_file} app_s_key 16 app_s_key)
  _onechan_node_config_integer("${json}" ${json_file} spreading_factor 7 12 sf)
  _onechan_node_config_integer("${json}" ${json_file} bandwidth_hz 125000 250000 bw)
  if(NOT bw EQUAL 125000 AND NOT bw EQUAL 250000)
    _onechan_node_config_fail(${json_file} "\"bandwidth_hz\" must be 125000 or 250000 in EU868")
  endif()
  if(bw EQUAL 250000 AND NOT sf EQUAL 7)
    _onechan_node_config_fail(${json_file} "EU868 has 250 kHz only at SF7 (DR6)")
  endif()
  _onechan_node_config_get("${json}" ${json_file} coding_rate STRING coding_rate)
  if(NOT coding_rate MATCHES "^4/([5-8])$")
    _onechan_node_config_fail(${json_file} "\"coding_rate\" must be \"4/5\", \"4/6\", \"4/7\" or \"4/8\"")
  endif()
  set(cr ${CMAKE_MATCH_1})
  # 16 dBm EIRP is the EU868 limit for these sub-bands (with a 0 dBi antenna); 2 dBm is PA_BOOST's floor.
  _onechan_node_config_integer("${json}" ${json_file} tx_power_dbm 2 16 power)
  _onechan_node_config_integer("${json}" ${json_file} interval_s 10 86400 interval)
  _onechan_node_config_integer("${json}" ${json_file} fport 1 223 fport)

  _onechan_node_config_get("${json}" ${json_file} channels_hz ARRAY channels_json)
  string(JSON channel_count LENGTH "${json}" channels_hz)
  if(channel_count LESS 1 OR channel_count GREATER 16)
    _onechan_node_config_fail(${json_file} "\"channels_hz\" must list 1 to 16 frequencies")
  endif()
  math(EXPR last "${channel_count} - 1")
  math(EXPR half_bw "${bw} / 2")
  set(channels "")
  foreach(i RANGE ${last})
    string(JSON type TYPE "${json}" channels_hz ${i})
    string(JSON hz GET "${json}" channels_hz ${i})
    if(NOT type STREQUAL NUMBER OR NOT hz MATCHES "^[0-9]+$")
      _onechan_node_config_fail(${json_file} "channels_hz[${i}] must be a frequency in whole Hz")
    endif()
    math(EXPR rest "${hz} % 100")
    if(NOT rest EQUAL 0)
      _onechan_node_config_fail(${json_file} "channels_hz[${i}] = ${hz}: LoRaWAN frequencies are multiples of 100 Hz")
    endif()
    math(EXPR low "${hz} - ${half_bw}")
    math(EXPR high "${hz} + ${half_bw}")
    set(in_band FALSE)
    foreach(band ${_ONECHAN_NODE_EU868_BANDS_KHZ})
      string(REPLACE "-" ";" edges ${band})
      list(GET edges 0 band_low)
      list(GET edges 1 band_high)
      if(low GREATER_EQUAL ${band_low}000 AND high LESS_EQUAL ${band_high}000)
        set(in_band TRUE)
      endif()
    endforeach()
    if(NOT in_band)
      _onechan_node_config_fail(${json_file}
        "channels_hz[${i}] = ${hz}: the channel does not lie inside one EU868 sub-band (863-870 MHz)")
    endif()
    list(APPEND channels "${hz}UL")
  endforeach()
  list(JOIN channels ", " channels)

  file(CONFIGURE OUTPUT "${out_header}" CONTENT [[
/* Generated by CMake from the node config (NODE_CONFIG); do not edit, do not commit:
 * it holds the session keys. Format: docs/node-config.md. */
#ifndef ONECHAN_NODE_CONFIG_H
#define ONECHAN_NODE_CONFIG_H

#define NODE_DEV_ADDR 0x@dev_addr_TEXT@UL
#define NODE_NWK_S_KEY @nwk_s_key@
#define NODE_APP_S_KEY @app_s_key@
#define NODE_CHANNEL_COUNT @channel_count@
#define NODE_CHANNELS_HZ @channels@
#define NODE_SPREADING_FACTOR @sf@
#define NODE_BANDWIDTH_HZ @bw@UL
#define NODE_CODING_RATE @cr@
#define NODE_TX_POWER_DBM @power@
#define NODE_INTERVAL_S @interval@UL
#define NODE_FPORT @fport@

#endif
]] @ONLY)
  message(STATUS "node config: ${json_file} (DevAddr ${dev_addr_TEXT}, ${channel_count} channels, SF${sf} "
                 "BW${bw}, every ${interval} s)")
endfunction()
