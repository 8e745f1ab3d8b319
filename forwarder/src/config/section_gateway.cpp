// `gateway`: the EUI the network servers know the gateway by, and where it stands (for `stat`).
#include <algorithm>
#include <cctype>

#include "config/sections.hpp"

namespace onechan::config::detail {
namespace {

std::optional<lorawan::Eui64> read_eui(Fields& fields) {
  if (!fields.has("eui")) return std::nullopt;
  const std::string text = fields.string("eui", std::string());
  if (fields.problems().any()) return std::nullopt;
  // Exactly as consoles show it: 16 hex digits, no prefix or separators (a gateway EUI is not a secret,
  // so the message may quote it).
  const bool hex16 = text.size() == 16 && std::all_of(text.begin(), text.end(), [](char c) {
                       return std::isxdigit(static_cast<unsigned char>(c)) != 0;
                     });
  if (!hex16) {
    fields.fail("eui", "config_bad_value",
                "must be 16 hex digits (e.g. \"B827EBFFFE123456\"), got \"" + text + "\"");
    return std::nullopt;
  }
  auto eui = lorawan::Eui64::parse(text);
  if (!eui) {
    fields.fail("eui", "config_bad_value", eui.error().message);
    return std::nullopt;
  }
  if (eui->value == 0) {
    fields.fail("eui", "config_bad_value",
                "0000000000000000 is not a gateway EUI (leave the key out to "
                "derive one from the MAC address)");
    return std::nullopt;
  }
  return *eui;
}

}  // namespace

void read_gateway(const Json* value, Problems& problems, Config& config) {
  if (!value) return;
  Fields fields(*value, "gateway", problems);
  fields.allow_only({"eui", "latitude", "longitude", "altitude"});
  GatewayConfig& g = config.gateway;
  g.eui = read_eui(fields);
  g.latitude = fields.number("latitude", -90.0, 90.0, 0.0, " degrees");
  g.longitude = fields.number("longitude", -180.0, 180.0, 0.0, " degrees");
  // Integer metres, as `stat.alti` carries it; from the Dead Sea shore to above any mountain.
  g.altitude_m = fields.integer<std::int32_t>("altitude", -1000, 10000, 0, " m");

  const bool lat = fields.has("latitude");
  const bool lon = fields.has("longitude");
  if (lat != lon) {
    fields.fail(lat ? "longitude" : "latitude", "config_missing_key",
                std::string("missing: gateway.") + (lat ? "latitude" : "longitude") +
                    " is given, and a location needs both");
  } else if (!lat && fields.has("altitude")) {
    fields.fail("altitude", "config_bad_value", "given without gateway.latitude and gateway.longitude");
  }
  g.has_location = lat && lon;
}

}  // namespace onechan::config::detail
