// The top level of the config file: which sections exist, which are reserved for later, and the order
// they are read in (so the first problem reported is the first a reader of the file would meet).
#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include "config/config.hpp"
#include "config/json_document.hpp"
#include "config/sections.hpp"

namespace onechan::config {
namespace {

using detail::Json;
using detail::Problems;

struct Section {
  std::string_view key;
  void (*read)(const Json* value, Problems& problems, Config& config);
};

constexpr std::array kSections = {
    Section{"gateway", detail::read_gateway},
    Section{"radio", detail::read_radio},
    Section{"network_servers", detail::read_network_servers},
    Section{"log", detail::read_log},
};

// Keys the local-processing work (device registry, SQLite, webhooks) will add. Until then a config that
// has them is refused rather than half-obeyed: a user who configured webhooks must not believe they run.
constexpr std::array<std::string_view, 2> kReserved = {"storage", "webhooks"};

constexpr std::array<std::string_view, kSections.size()> section_keys() {
  std::array<std::string_view, kSections.size()> keys{};
  for (std::size_t i = 0; i < kSections.size(); ++i) keys[i] = kSections[i].key;
  return keys;
}

// Larger than any sensible config by far; bounds what a wrong --config path (a log, an image) costs.
constexpr std::uintmax_t kMaxConfigBytes = 1 << 20;

}  // namespace

std::string_view to_string(LogLevel level) {
  switch (level) {
    case LogLevel::debug:
      return "debug";
    case LogLevel::info:
      return "info";
    case LogLevel::warning:
      return "warning";
    case LogLevel::error:
      return "error";
  }
  return "info";
}

Result<Config> parse_config(std::string_view json_text, std::string_view origin) {
  auto document = detail::parse_json_document(json_text, origin);
  if (!document) return document.error();
  const Json& root = *document;

  Problems problems{std::string(origin)};
  detail::Fields top(root, "", problems);
  if (problems.any()) return problems.first();
  for (const auto& [key, value] : root.items()) {
    if (std::find(kReserved.begin(), kReserved.end(), key) != kReserved.end()) {
      return make_error("config_reserved_key",
                        std::string(origin) + ": " + key +
                            ": not supported yet (reserved for local processing: device registry, "
                            "storage and webhooks; see docs/config.md)");
    }
  }
  static constexpr auto kKeys = section_keys();
  top.allow_only(kKeys);
  if (problems.any()) return problems.first();

  Config config;
  config.origin = std::string(origin);
  for (const Section& section : kSections) {
    section.read(top.get(section.key), problems, config);
    if (problems.any()) return problems.first();
  }
  return config;
}

Result<Config> load_config(const std::filesystem::path& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec)
    return make_error("config_unreadable", "cannot read config file " + path.string() + ": " + ec.message());
  if (size > kMaxConfigBytes) {
    return make_error("config_unreadable", "config file " + path.string() + " is " + std::to_string(size) +
                                               " bytes; a config is at most " +
                                               std::to_string(kMaxConfigBytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("config_unreadable", "cannot read config file " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return make_error("config_unreadable", "cannot read config file " + path.string());
  return parse_config(text.str(), path.string());
}

Config default_sim_config() {
  Config config;
  config.origin = "<built-in sim config>";
  config.radio.board = std::string(kSimBoard);
  config.radio.region = lorawan::RegionId::EU868;
  config.radio.frequency_hz = 868'100'000;
  config.radio.spreading_factor = 7;
  config.radio.bandwidth_hz = 125'000;
  config.radio.coding_rate = 5;
  config.radio.air = radio::sim::parse_air_address(kDefaultSimAir, nullptr);
  config.radio.downlink_air = radio::sim::parse_air_address(kDefaultSimDownlinkAir, nullptr);
  NetworkServerConfig local;
  local.host = "127.0.0.1";
  config.network_servers.push_back(local);
  return config;
}

}  // namespace onechan::config
