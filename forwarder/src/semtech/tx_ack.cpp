#include "semtech/tx_ack.hpp"

#include <array>

#include "semtech/json_text.hpp"

namespace onechan::semtech {
namespace {

constexpr std::array<std::pair<TxAckError, const char*>, 8> kNames{{
    {TxAckError::None, "NONE"},
    {TxAckError::TooLate, "TOO_LATE"},
    {TxAckError::TooEarly, "TOO_EARLY"},
    {TxAckError::CollisionPacket, "COLLISION_PACKET"},
    {TxAckError::CollisionBeacon, "COLLISION_BEACON"},
    {TxAckError::TxFreq, "TX_FREQ"},
    {TxAckError::TxPower, "TX_POWER"},
    {TxAckError::GpsUnlocked, "GPS_UNLOCKED"},
}};

}  // namespace

const char* tx_ack_error_name(TxAckError error) {
  for (const auto& [value, name] : kNames) {
    if (value == error) return name;
  }
  return "NONE";
}

std::optional<TxAckError> tx_ack_error_from_name(std::string_view name) {
  for (const auto& [value, text] : kNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

std::string tx_ack_body(TxAckError error) {
  JsonWriter w;
  w.begin_object("txpk_ack");
  w.field_string("error", tx_ack_error_name(error));
  return std::move(w).finish();
}

std::string tx_ack_power_warning_body(int used_dbm) {
  JsonWriter w;
  w.begin_object("txpk_ack");
  w.field_string("error", "NONE");
  w.field_string("warn", "TX_POWER");
  w.field_int("value", used_dbm);
  return std::move(w).finish();
}

TxAckError tx_ack_error_for_parse_error(const Error& error) {
  if (error.code.starts_with("freq_")) return TxAckError::TxFreq;
  if (error.code.starts_with("powe_")) return TxAckError::TxPower;
  return TxAckError::TxFreq;
}

Result<TxAckReport> parse_tx_ack_body(std::string_view body) {
  TxAckReport report;
  if (body.empty()) return report;
  try {
    auto doc = parse_json_keeping_number_text(body);
    if (!doc) return doc.error();
    const nlohmann::json& root = doc->value;
    if (!root.is_object()) return make_error("tx_ack_invalid", "the TX_ACK body is not a JSON object");
    const auto ack = root.find("txpk_ack");
    if (ack == root.end() || !ack->is_object()) {
      return make_error("tx_ack_invalid", "the TX_ACK body has no \"txpk_ack\" object");
    }
    if (const auto e = ack->find("error"); e != ack->end()) {
      if (!e->is_string()) return make_error("tx_ack_invalid", "txpk_ack.error is not a string");
      report.error = e->get<std::string>();
    } else {
      report.error.clear();
    }
    if (const auto w = ack->find("warn"); w != ack->end()) {
      if (!w->is_string()) return make_error("tx_ack_invalid", "txpk_ack.warn is not a string");
      report.warn = w->get<std::string>();
    }
    if (const auto v = ack->find("value"); v != ack->end()) {
      if (v->is_string()) {
        report.value = v->get<std::string>();
      } else if (v->is_number_float()) {
        report.value = doc->number_text["/txpk_ack/value"];
      } else if (v->is_number()) {
        report.value = v->dump();
      } else {
        return make_error("tx_ack_invalid", "txpk_ack.value is neither a number nor a string");
      }
    }
    return report;
  } catch (const std::exception& e) {
    return make_error("tx_ack_invalid", std::string("the TX_ACK body could not be read: ") + e.what());
  }
}

}  // namespace onechan::semtech
