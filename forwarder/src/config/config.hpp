// The daemon's configuration file (docs/config.md is the contract): one JSON object, validated
// completely when it is loaded, so that a typo stops the daemon at start with one line naming the key
// ("radio.frequency_hz: 915000000 Hz is outside EU868 (863000000..870000000)") instead of a gateway that
// silently listens on the wrong channel.
//
// parse_config() is pure (text in, Config or Error out). Two things need the machine and are separate
// steps the daemon takes after loading: the default gateway EUI (from a MAC address, gateway_eui.hpp)
// and the board file behind radio.board (load_config_board()).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lorawan/region.hpp"
#include "lorawan/result.hpp"
#include "lorawan/types.hpp"
#include "radio/board_wiring.hpp"
#include "radio/sim/air_socket.hpp"

namespace onechan::config {

inline constexpr std::string_view kDefaultConfigPath = "/etc/onechan/onechan.json";

struct GatewayConfig {
  // nullopt: derive it from the MAC address at start (resolve_gateway_eui in gateway_eui.hpp).
  std::optional<lorawan::Eui64> eui;
  // The location reported in `stat`. Both latitude and longitude, or neither (then `stat` carries no
  // location, as docs/semtech-udp.md says); altitude only with them.
  bool has_location = false;
  double latitude = 0.0;   // degrees, -90..90
  double longitude = 0.0;  // degrees, -180..180
  std::int32_t altitude_m = 0;

  friend bool operator==(const GatewayConfig&, const GatewayConfig&) = default;
};

inline constexpr std::string_view kSimBoard = "sim";
inline constexpr std::string_view kDefaultSimAir = "127.0.0.1:47000";
inline constexpr std::string_view kDefaultSimDownlinkAir = "127.0.0.1:47001";

struct RadioConfig {
  std::string board;  // a boards/ name ("dragino-lora-gps-hat"), a path to a board file, or "sim"
  lorawan::RegionId region = lorawan::RegionId::EU868;
  std::uint32_t frequency_hz = 868'100'000;
  std::uint8_t spreading_factor = 7;     // 7..12
  std::uint32_t bandwidth_hz = 125'000;  // 125000, 250000, 500000
  std::uint8_t coding_rate = 5;          // 4/5..4/8 as 5..8 (radio::RxConfig's convention)
  // The most the gateway transmits with (dBm at the antenna connector); nullopt: the board's maximum.
  // The region's limit for each downlink's band applies on top.
  std::optional<std::int8_t> tx_power_dbm;
  // Only with board "sim": where the simulated radio listens for frames, and where its transmissions go.
  std::optional<radio::sim::AirAddress> air;
  std::optional<radio::sim::AirAddress> downlink_air;

  bool is_sim() const { return board == kSimBoard; }
  const lorawan::Region& region_data() const { return lorawan::region(region); }
  friend bool operator==(const RadioConfig&, const RadioConfig&) = default;
};

struct NetworkServerConfig {
  std::string host;  // a DNS name or an IPv4/IPv6 literal; resolved by the daemon
  std::uint16_t port_up = 1700;
  std::uint16_t port_down = 1700;
  bool enabled = true;
  std::uint32_t keepalive_s = 10;        // PULL_DATA period
  std::uint32_t stat_interval_s = 30;    // `stat` period
  std::uint32_t push_timeout_ms = 1000;  // PUSH_DATA without PUSH_ACK after this is lost
  bool forward_crc_error = false;        // also forward frames whose payload CRC failed (stat -1)

  friend bool operator==(const NetworkServerConfig&, const NetworkServerConfig&) = default;
};

enum class LogLevel : std::uint8_t { debug, info, warning, error };
std::string_view to_string(LogLevel level);

struct LogConfig {
  LogLevel level = LogLevel::info;
  friend bool operator==(const LogConfig&, const LogConfig&) = default;
};

struct Config {
  std::string origin;  // where it came from (a path, or "<built-in>"), for messages
  GatewayConfig gateway;
  RadioConfig radio;
  std::vector<NetworkServerConfig> network_servers;  // may be empty: a gateway serving local devices only
  LogConfig log;

  friend bool operator==(const Config&, const Config&) = default;
};

// Error codes: config_unreadable, config_json_invalid (message "ORIGIN:LINE:COLUMN: ..."),
// config_unknown_key, config_reserved_key, config_duplicate_key, config_missing_key, config_bad_type,
// config_bad_value, config_duplicate_server. Every message is one line, "ORIGIN: KEY.PATH: what is
// wrong", e.g. "onechan.json: network_servers[1].port_up: must be 1..65535, got 0".
Result<Config> parse_config(std::string_view json_text, std::string_view origin);
Result<Config> load_config(const std::filesystem::path& path);

// The built-in configuration of the demo and of `onechan run` on a machine without radio: the sim board
// on EU868 868.1 MHz SF7BW125, air on 127.0.0.1:47000 -> 127.0.0.1:47001, one network server on
// 127.0.0.1:1700 (where a local ChirpStack Gateway Bridge listens), EUI from the MAC.
// forwarder/examples/sim.json holds exactly this.
Config default_sim_config();

// The board file behind radio.board (searched as board_file.hpp says), checked against the config:
// radio.tx_power_dbm must not exceed the board's max_tx_power_dbm. Errors name "radio.board" or
// "radio.tx_power_dbm" as parse_config does; the code is the board file's (board_not_found, ...) or
// config_bad_value.
Result<radio::BoardWiring> load_config_board(const Config& config,
                                             const std::vector<std::filesystem::path>& search_path);

}  // namespace onechan::config
