// `network_servers`: the Semtech UDP servers every uplink goes to. May be empty: a gateway serving only
// its owner's devices (local processing) needs none.
#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

#include "config/sections.hpp"

namespace onechan::config::detail {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool ip_literal(const std::string& host) {
  in6_addr v6{};
  in_addr v4{};
  return inet_pton(AF_INET, host.c_str(), &v4) == 1 || inet_pton(AF_INET6, host.c_str(), &v6) == 1;
}

// RFC 1123 host name: dot-separated labels of letters, digits and '-', 1..63 characters each, not
// starting or ending with '-', 253 characters in all.
bool host_name(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  if (host.back() == '.') host.remove_suffix(1);  // a fully qualified name's root dot
  std::size_t start = 0;
  while (start <= host.size()) {
    const std::size_t dot = std::min(host.find('.', start), host.size());
    const std::string_view label = host.substr(start, dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    if (!std::all_of(label.begin(), label.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-'; })) {
      return false;
    }
    start = dot + 1;
  }
  return true;
}

std::string check_host(const std::string& host) {
  if (host.empty()) return "must not be empty";
  if (ip_literal(host) || host_name(host)) return "";
  if (host.find("://") != std::string::npos) return "\"" + host + "\" is a URL: give the host name only";
  if (std::count(host.begin(), host.end(), ':') == 1) {
    return "\"" + host + "\" has a port: give the host name only, and the ports in port_up and port_down";
  }
  return "\"" + host + "\" is not a host name or an IP address";
}

NetworkServerConfig read_server(const Json& value, const std::string& path, Problems& problems) {
  Fields fields(value, path, problems);
  fields.allow_only({"host", "port_up", "port_down", "enabled", "keepalive_s", "stat_interval_s",
                     "push_timeout_ms", "forward_crc_error"});
  NetworkServerConfig s;
  s.host = fields.string("host", std::nullopt);
  if (!problems.any()) {
    if (const std::string bad = check_host(s.host); !bad.empty())
      fields.fail("host", "config_bad_value", bad);
  }
  s.port_up = fields.integer<std::uint16_t>("port_up", 1, 65535, 1700);
  s.port_down = fields.integer<std::uint16_t>("port_down", 1, 65535, 1700);
  s.enabled = fields.boolean("enabled", true);
  s.keepalive_s = fields.integer<std::uint32_t>("keepalive_s", 1, 3600, 10, " s");
  s.stat_interval_s = fields.integer<std::uint32_t>("stat_interval_s", 1, 3600, 30, " s");
  s.push_timeout_ms = fields.integer<std::uint32_t>("push_timeout_ms", 10, 60'000, 1000, " ms");
  s.forward_crc_error = fields.boolean("forward_crc_error", false);
  return s;
}

}  // namespace

void read_network_servers(const Json* value, Problems& problems, Config& config) {
  if (!value) return;
  if (!value->is_array()) {
    problems.add("config_bad_type", "network_servers",
                 "must be an array of objects, got " + std::string(type_name(*value)));
    return;
  }
  auto& servers = config.network_servers;
  for (std::size_t i = 0; i < value->size() && !problems.any(); ++i) {
    const std::string path = "network_servers[" + std::to_string(i) + "]";
    NetworkServerConfig server = read_server((*value)[i], path, problems);
    if (problems.any()) return;
    // The same server twice would receive every uplink twice, and the two sessions would fight over
    // its downlinks.
    for (std::size_t j = 0; j < servers.size(); ++j) {
      const NetworkServerConfig& other = servers[j];
      if (lower(other.host) == lower(server.host) &&
          (other.port_up == server.port_up || other.port_down == server.port_down)) {
        problems.add(
            "config_duplicate_server", path,
            "the same server as network_servers[" + std::to_string(j) + "] (" + server.host + ", port " +
                std::to_string(other.port_up == server.port_up ? server.port_up : server.port_down) + ")");
        return;
      }
    }
    servers.push_back(std::move(server));
  }
}

}  // namespace onechan::config::detail
