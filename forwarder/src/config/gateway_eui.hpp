// The default gateway EUI: the MAC address of the gateway's network interface stretched to 64 bits by
// inserting FF FE in the middle (MAC[0..2] FF FE MAC[3..5]), the convention of Semtech's packet
// forwarder scripts, The Things Network and ChirpStack docs: b8:27:eb:12:34:56 -> B827EBFFFE123456.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "lorawan/result.hpp"
#include "lorawan/types.hpp"

namespace onechan::config {

using MacAddress = std::array<std::uint8_t, 6>;

lorawan::Eui64 eui_from_mac(const MacAddress& mac);

// "b8:27:eb:12:34:56" (as /sys/class/net/IFACE/address has it; upper case accepted).
std::optional<MacAddress> parse_mac(std::string_view text);

struct NetworkInterface {
  std::string name;       // "eth0"
  int ifindex = 0;        // the kernel's interface index
  bool physical = false;  // backed by a device (has /sys/class/net/IFACE/device), not a bridge or tunnel
  MacAddress mac{};
};

// The interfaces under `sys_class_net` with an Ethernet-style address (ARPHRD_ETHER, which Wi-Fi is too)
// that is not all zeros, loopback excluded; physical interfaces first, then by interface index — so a
// Pi's eth0 is chosen over a docker0 or ifb0 that happens to come first.
std::vector<NetworkInterface> mac_interfaces(const std::filesystem::path& sys_class_net = "/sys/class/net");

struct GatewayEui {
  lorawan::Eui64 eui;
  std::string source;  // "gateway.eui" or "the MAC address of eth0 (b8:27:eb:12:34:56)", for the log
};

// gateway.eui when set, else derived from the first of mac_interfaces(). Error config_no_gateway_eui
// (naming gateway.eui) when neither exists.
Result<GatewayEui> resolve_gateway_eui(const Config& config,
                                       const std::filesystem::path& sys_class_net = "/sys/class/net");

}  // namespace onechan::config
