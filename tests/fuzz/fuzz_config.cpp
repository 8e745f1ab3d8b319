// Fuzz target: the daemon's configuration parser (forwarder/src/config/config.hpp, contract in
// docs/config.md) on arbitrary text, through its pure entry point parse_config.
// Invariants: an accepted config holds only values the radio and the sockets can use (the ranges
// config.hpp documents; the virtual-air addresses exactly for the sim board, and two different ones), and
// every refusal has a config_* code and a message that starts with the origin, as config.hpp promises.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "config/config.hpp"

using namespace onechan;
using namespace onechan::config;

namespace {

constexpr std::string_view kOrigin = "fuzzed.json";

void check_config(const Config& c) {
  if (c.origin != kOrigin) std::abort();
  const RadioConfig& r = c.radio;
  if (r.spreading_factor < 7 || r.spreading_factor > 12) std::abort();
  if (r.bandwidth_hz != 125'000 && r.bandwidth_hz != 250'000 && r.bandwidth_hz != 500'000) std::abort();
  if (r.coding_rate < 5 || r.coding_rate > 8) std::abort();
  if (r.tx_power_dbm && (*r.tx_power_dbm < 2 || *r.tx_power_dbm > 20)) std::abort();
  if (r.is_sim()) {
    if (!r.air || !r.downlink_air || *r.air == *r.downlink_air) std::abort();
  } else if (r.air || r.downlink_air) {
    std::abort();
  }
  const GatewayConfig& g = c.gateway;
  if (g.latitude < -90.0 || g.latitude > 90.0 || g.longitude < -180.0 || g.longitude > 180.0) std::abort();
  for (const auto& server : c.network_servers) {
    if (server.host.empty() || server.port_up == 0 || server.port_down == 0) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = parse_config(text, kOrigin);
  if (config) {
    check_config(*config);
    return 0;
  }
  const Error& e = config.error();
  if (!std::string_view(e.code).starts_with("config_") || !std::string_view(e.message).starts_with(kOrigin)) {
    std::abort();
  }
  return 0;
}
