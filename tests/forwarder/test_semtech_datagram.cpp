// Datagram framing of the Semtech UDP protocol v2 (forwarder/src/semtech/datagram.hpp).
// References: the byte tables of PROTOCOL.TXT v2 (sections 3.2, 3.3, 5.2-5.5) and the byte vectors of
// ChirpStack's gateway bridge tests (internal/backend/semtechudp/packets/*_test.go), whose Go code stores
// the token little-endian: RandomToken 123 is the bytes 123, 0 - i.e. our token 0x7B00.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "semtech/datagram.hpp"

namespace onechan::semtech {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes with_text(Bytes head, std::string_view text) {
  head.insert(head.end(), text.begin(), text.end());
  return head;
}

TEST(SemtechDatagram, PushDataMatchesChirpStackBytes) {
  // push_data_test.go: {2, 123, 0, 0, 1..8, '{', '}'}
  const Bytes expected{2, 123, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, '{', '}'};
  EXPECT_EQ(encode_push_data(0x7B00, lorawan::Eui64{0x0102030405060708}, "{}"), expected);
  auto d = parse_datagram(expected);
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->type, PacketType::PushData);
  EXPECT_EQ(d->token, 0x7B00);
  EXPECT_EQ(d->gateway_eui->value, 0x0102030405060708u);
  EXPECT_EQ(d->body, "{}");
}

TEST(SemtechDatagram, PullDataMatchesChirpStackBytes) {
  // pull_data_test.go: {2, 123, 0, 2, 1..8}
  const Bytes expected{2, 123, 0, 2, 1, 2, 3, 4, 5, 6, 7, 8};
  EXPECT_EQ(encode_pull_data(0x7B00, lorawan::Eui64{0x0102030405060708}), expected);
  auto d = parse_datagram(expected);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->type, PacketType::PullData);
  EXPECT_EQ(d->gateway_eui->value, 0x0102030405060708u);
  EXPECT_TRUE(d->body.empty());
}

TEST(SemtechDatagram, TxAckMatchesChirpStackBytes) {
  // tx_ack_test.go: header with EUI 08..01 and no body; and a COLLISION_BEACON body after a zero EUI.
  EXPECT_EQ(encode_tx_ack(0x7B00, lorawan::Eui64{0x0807060504030201}, ""),
            (Bytes{2, 123, 0, 5, 8, 7, 6, 5, 4, 3, 2, 1}));
  const Bytes with_body =
      with_text({2, 123, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0}, R"({"txpk_ack":{"error":"COLLISION_BEACON"}})");
  EXPECT_EQ(encode_tx_ack(0x7B00, lorawan::Eui64{0}, R"({"txpk_ack":{"error":"COLLISION_BEACON"}})"),
            with_body);
  auto d = parse_datagram(with_body);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->type, PacketType::TxAck);
  EXPECT_EQ(d->body, R"({"txpk_ack":{"error":"COLLISION_BEACON"}})");
}

TEST(SemtechDatagram, AcksAndPullRespHaveNoEui) {
  // PROTOCOL.TXT 3.3 / 5.3: version, token, identifier - 4 bytes.
  EXPECT_EQ(encode_push_ack(0xA1B2), (Bytes{2, 0xA1, 0xB2, 0x01}));
  EXPECT_EQ(encode_pull_ack(0xA1B2), (Bytes{2, 0xA1, 0xB2, 0x04}));
  // pull_resp_test.go: {2, 123, 0, 3, '{', '}'}
  EXPECT_EQ(encode_pull_resp(0x7B00, "{}"), (Bytes{2, 123, 0, 3, '{', '}'}));

  auto ack = parse_datagram(Bytes{2, 0xA1, 0xB2, 0x01});
  ASSERT_TRUE(ack.ok());
  EXPECT_EQ(ack->type, PacketType::PushAck);
  EXPECT_EQ(ack->token, 0xA1B2);
  EXPECT_FALSE(ack->gateway_eui.has_value());

  // ChirpStack packets_test.go TestGetPacketType: {2, 1, 3, 4} is a PULL_ACK.
  auto pull_ack = parse_datagram(Bytes{2, 1, 3, 4});
  ASSERT_TRUE(pull_ack.ok());
  EXPECT_EQ(pull_ack->type, PacketType::PullAck);
  EXPECT_EQ(pull_ack->token, 0x0103);
}

TEST(SemtechDatagram, TheTokenIsEchoedByteForByte) {
  const std::uint16_t tokens[] = {0x0000, 0x00FF, 0xFF00, 0x1234, 0xFFFF};
  for (std::uint16_t token : tokens) {
    const Bytes push = encode_push_data(token, lorawan::Eui64{1}, "{}");
    auto parsed = parse_datagram(push);
    ASSERT_TRUE(parsed.ok());
    const Bytes ack = encode_push_ack(parsed->token);
    EXPECT_EQ(ack[1], push[1]);
    EXPECT_EQ(ack[2], push[2]);
  }
}

TEST(SemtechDatagram, TrailingBytesAfterAnAckAreIgnored) {
  auto d = parse_datagram(Bytes{2, 0, 7, 1, 0xEE, 0xEE});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->type, PacketType::PushAck);
  EXPECT_TRUE(d->body.empty());
}

void expect_error(const Bytes& bytes, const char* code) {
  auto d = parse_datagram(bytes);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, code) << d.error().message;
}

TEST(SemtechDatagram, MalformedDatagramsGiveSpecificErrors) {
  expect_error({}, "datagram_too_short");
  expect_error({2, 0, 0}, "datagram_too_short");
  expect_error({1, 0, 0, 1}, "bad_version");  // the v1 protocol of old forwarders
  expect_error({3, 1, 3, 4}, "bad_version");  // packets_test.go: ErrInvalidProtocolVersion
  expect_error({0, 0, 0, 0}, "bad_version");
  expect_error({2, 0, 0, 6}, "unknown_type");
  expect_error({2, 0, 0, 0xFF}, "unknown_type");
  expect_error({2, 0, 0, 0, 1, 2, 3}, "missing_gateway_eui");
  expect_error({2, 0, 0, 2, 1, 2, 3, 4, 5, 6, 7}, "missing_gateway_eui");
  expect_error({2, 0, 0, 5}, "missing_gateway_eui");
  expect_error({2, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8}, "missing_json");
  expect_error({2, 0, 0, 3}, "missing_json");
  auto v1 = parse_datagram(Bytes{1, 0, 0, 1});
  EXPECT_NE(v1.error().message.find("version 1"), std::string::npos) << v1.error().message;
}

// Every prefix of every valid datagram, and every single-byte corruption of the header, parses to a
// value or a specific error (the fuzzer does this at scale; this keeps it in the unit suite).
TEST(SemtechDatagram, NoInputCrashesTheParser) {
  const Bytes samples[] = {encode_push_data(0x1234, lorawan::Eui64{42}, R"({"rxpk":[]})"),
                           encode_pull_resp(0x1234, R"({"txpk":{}})"),
                           encode_tx_ack(1, lorawan::Eui64{2}, "")};
  for (const Bytes& sample : samples) {
    for (std::size_t n = 0; n <= sample.size(); ++n) {
      auto d = parse_datagram(ByteSpan(sample.data(), n));
      if (!d.ok()) {
        EXPECT_FALSE(d.error().code.empty());
      }
    }
    for (std::size_t i = 0; i < 4; ++i) {
      for (int v = 0; v < 256; ++v) {
        Bytes copy = sample;
        copy[i] = static_cast<std::uint8_t>(v);
        auto d = parse_datagram(copy);
        if (!d.ok()) {
          EXPECT_FALSE(d.error().code.empty());
        }
      }
    }
  }
}

TEST(SemtechDatagram, TypeNames) {
  EXPECT_STREQ(packet_type_name(PacketType::PushData), "PUSH_DATA");
  EXPECT_STREQ(packet_type_name(PacketType::PullResp), "PULL_RESP");
  EXPECT_STREQ(packet_type_name(PacketType::TxAck), "TX_ACK");
}

}  // namespace
}  // namespace onechan::semtech
