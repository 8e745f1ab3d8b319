// TX_ACK bodies (forwarder/src/semtech/tx_ack.hpp). References: the "error" table and the two txpk_ack
// examples of sx1302_hal packet_forwarder/PROTOCOL.md section 6 (v1.5 adds "warn"), the value table of
// Lora-net/packet_forwarder PROTOCOL.TXT v1.3 section 6 (which lists NONE), and the error strings The Things
// Stack accepts (pkg/ttnpb/udp/packet_data.go, TxErr*).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "semtech/tx_ack.hpp"

namespace onechan::semtech {
namespace {

TEST(SemtechTxAck, NamesAreThoseOfTheProtocol) {
  const std::pair<TxAckError, const char*> table[] = {
      {TxAckError::None, "NONE"},
      {TxAckError::TooLate, "TOO_LATE"},
      {TxAckError::TooEarly, "TOO_EARLY"},
      {TxAckError::CollisionPacket, "COLLISION_PACKET"},
      {TxAckError::CollisionBeacon, "COLLISION_BEACON"},
      {TxAckError::TxFreq, "TX_FREQ"},
      {TxAckError::TxPower, "TX_POWER"},
      {TxAckError::GpsUnlocked, "GPS_UNLOCKED"},
  };
  for (const auto& [error, name] : table) {
    EXPECT_STREQ(tx_ack_error_name(error), name);
    EXPECT_EQ(tx_ack_error_from_name(name), error);
  }
  EXPECT_FALSE(tx_ack_error_from_name("QUEUE_FULL").has_value());
  EXPECT_FALSE(tx_ack_error_from_name("none").has_value());
}

TEST(SemtechTxAck, ErrorBodyIsTheProtocolExample) {
  // PROTOCOL.md section 6: {"txpk_ack":{ "error":"COLLISION_PACKET" }} without the added whitespace.
  EXPECT_EQ(tx_ack_body(TxAckError::CollisionPacket), R"({"txpk_ack":{"error":"COLLISION_PACKET"}})");
  EXPECT_EQ(tx_ack_body(TxAckError::None), R"({"txpk_ack":{"error":"NONE"}})");
  EXPECT_EQ(tx_ack_body(TxAckError::TooLate), R"({"txpk_ack":{"error":"TOO_LATE"}})");
  EXPECT_EQ(tx_ack_body(TxAckError::GpsUnlocked), R"({"txpk_ack":{"error":"GPS_UNLOCKED"}})");
}

TEST(SemtechTxAck, PowerWarningCarriesTheProtocolFieldsAndReadsAsSuccess) {
  const std::string body = tx_ack_power_warning_body(20);
  EXPECT_EQ(body, R"({"txpk_ack":{"error":"NONE","warn":"TX_POWER","value":20}})");
  // Same warn/value as the PROTOCOL.md example {"txpk_ack":{"warn":"TX_POWER","value":20}} ...
  const auto ours = nlohmann::json::parse(body)["txpk_ack"];
  const auto spec = nlohmann::json::parse(R"({"txpk_ack":{"warn":"TX_POWER","value":20}})")["txpk_ack"];
  EXPECT_EQ(ours["warn"], spec["warn"]);
  EXPECT_EQ(ours["value"], spec["value"]);
  // ... plus "error":"NONE", the value The Things Stack maps to SUCCESS (an absent error maps to
  // UNKNOWN_ERROR there).
  EXPECT_EQ(ours["error"], "NONE");
}

TEST(SemtechTxAck, ParseErrorsMapToTheNearestProtocolValue) {
  EXPECT_EQ(tx_ack_error_for_parse_error(make_error("freq_sub_hz", "")), TxAckError::TxFreq);
  EXPECT_EQ(tx_ack_error_for_parse_error(make_error("freq_missing", "")), TxAckError::TxFreq);
  EXPECT_EQ(tx_ack_error_for_parse_error(make_error("powe_out_of_range", "")), TxAckError::TxPower);
  EXPECT_EQ(tx_ack_error_for_parse_error(make_error("txpk_modu_fsk", "")), TxAckError::TxFreq);
  EXPECT_EQ(tx_ack_error_for_parse_error(make_error("json_invalid", "")), TxAckError::TxFreq);
}

TEST(SemtechTxAck, ServerSideReading) {
  auto empty = parse_tx_ack_body("");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->error, "NONE");  // PROTOCOL.md 5.5: no JSON means no error

  auto spec_error = parse_tx_ack_body("{\"txpk_ack\":{\n\t\"error\":\"COLLISION_PACKET\"\n}}");
  ASSERT_TRUE(spec_error.ok());
  EXPECT_EQ(spec_error->error, "COLLISION_PACKET");
  EXPECT_FALSE(spec_error->warn.has_value());

  auto spec_warn = parse_tx_ack_body("{\"txpk_ack\":{\n\t\"warn\":\"TX_POWER\",\n    \"value\":20\n}}");
  ASSERT_TRUE(spec_warn.ok());
  EXPECT_EQ(spec_warn->error, "");
  EXPECT_EQ(spec_warn->warn, "TX_POWER");
  EXPECT_EQ(spec_warn->value, "20");

  auto float_value = parse_tx_ack_body(R"({"txpk_ack":{"warn":"TX_POWER","value":13.50}})");
  ASSERT_TRUE(float_value.ok());
  EXPECT_EQ(float_value->value, "13.50");

  EXPECT_EQ(parse_tx_ack_body("{").error().code, "json_invalid");
  EXPECT_EQ(parse_tx_ack_body("{}").error().code, "tx_ack_invalid");
  EXPECT_EQ(parse_tx_ack_body(R"({"txpk_ack":{"error":1}})").error().code, "tx_ack_invalid");
  EXPECT_EQ(parse_tx_ack_body(R"({"txpk_ack":{"value":[]}})").error().code, "tx_ack_invalid");

  auto ours = parse_tx_ack_body(tx_ack_power_warning_body(14));
  ASSERT_TRUE(ours.ok());
  EXPECT_EQ(ours->error, "NONE");
  EXPECT_EQ(ours->warn, "TX_POWER");
  EXPECT_EQ(ours->value, "14");
}

}  // namespace
}  // namespace onechan::semtech
