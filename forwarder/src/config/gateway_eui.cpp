#include "config/gateway_eui.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>

namespace onechan::config {
namespace {

constexpr int kArphrdEther = 1;  // <linux/if_arp.h>; Wi-Fi interfaces report it too

std::optional<std::string> read_line(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  if (!in || !std::getline(in, line)) return std::nullopt;
  return line;
}

std::optional<int> read_int(const std::filesystem::path& file) {
  const auto line = read_line(file);
  if (!line) return std::nullopt;
  int value = 0;
  const auto [end, ec] = std::from_chars(line->data(), line->data() + line->size(), value);
  if (ec != std::errc{} || end != line->data() + line->size()) return std::nullopt;
  return value;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string mac_text(const MacAddress& mac) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  for (std::size_t i = 0; i < mac.size(); ++i) {
    if (i != 0) text += ':';
    text += kDigits[mac[i] >> 4];
    text += kDigits[mac[i] & 0xF];
  }
  return text;
}

}  // namespace

lorawan::Eui64 eui_from_mac(const MacAddress& mac) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 3; ++i) v = (v << 8) | mac[i];
  v = (v << 16) | 0xFFFE;
  for (std::size_t i = 3; i < 6; ++i) v = (v << 8) | mac[i];
  return lorawan::Eui64{v};
}

std::optional<MacAddress> parse_mac(std::string_view text) {
  if (text.size() != 17) return std::nullopt;
  MacAddress mac{};
  for (std::size_t i = 0; i < 6; ++i) {
    const int hi = hex_digit(text[3 * i]);
    const int lo = hex_digit(text[3 * i + 1]);
    if (hi < 0 || lo < 0 || (i < 5 && text[3 * i + 2] != ':')) return std::nullopt;
    mac[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return mac;
}

std::vector<NetworkInterface> mac_interfaces(const std::filesystem::path& sys_class_net) {
  std::vector<NetworkInterface> found;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(sys_class_net, ec), end; !ec && it != end; it.increment(ec)) {
    const std::filesystem::path dir = it->path();
    if (read_int(dir / "type") != kArphrdEther) continue;  // loopback is 772, tunnels others
    const auto address = read_line(dir / "address");
    const auto mac = address ? parse_mac(*address) : std::nullopt;
    if (!mac || *mac == MacAddress{}) continue;
    NetworkInterface iface;
    iface.name = dir.filename().string();
    iface.ifindex = read_int(dir / "ifindex").value_or(0);
    std::error_code device_ec;
    iface.physical = std::filesystem::exists(dir / "device", device_ec);
    iface.mac = *mac;
    found.push_back(std::move(iface));
  }
  std::sort(found.begin(), found.end(), [](const NetworkInterface& a, const NetworkInterface& b) {
    if (a.physical != b.physical) return a.physical;
    if (a.ifindex != b.ifindex) return a.ifindex < b.ifindex;
    return a.name < b.name;
  });
  return found;
}

Result<GatewayEui> resolve_gateway_eui(const Config& config, const std::filesystem::path& sys_class_net) {
  if (config.gateway.eui) return GatewayEui{*config.gateway.eui, "gateway.eui"};
  const auto interfaces = mac_interfaces(sys_class_net);
  if (interfaces.empty()) {
    return make_error("config_no_gateway_eui",
                      config.origin + ": gateway.eui: not set, and no network interface in " +
                          sys_class_net.string() + " has a MAC address to derive it from; set it");
  }
  const NetworkInterface& first = interfaces.front();
  return GatewayEui{eui_from_mac(first.mac),
                    "the MAC address of " + first.name + " (" + mac_text(first.mac) + ")"};
}

}  // namespace onechan::config
