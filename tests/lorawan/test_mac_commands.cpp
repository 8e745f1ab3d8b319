// MAC commands of LoRaWAN 1.0.x: the vectors of ChirpStack's lrwn crate (maccommand.rs
// test_maccommand_set) for every command both ways, layouts worked from the LoRaWAN 1.0.4 spec (section
// 5), and the unknown-CID / truncation / out-of-range paths.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "frame_test_support.hpp"
#include "lorawan/hex.hpp"
#include "lorawan/mac_commands.hpp"

namespace onechan::lorawan {
namespace {

struct Vector {
  Direction dir;
  MacCommand command;
  const char* bytes;
};

// ChirpStack lrwn maccommand.rs test_maccommand_set, the LoRaWAN 1.0.x commands (uplink: true -> Uplink).
const std::vector<Vector>& chirpstack_vectors() {
  static const std::vector<Vector> v = {
      {Direction::Uplink, LinkCheckReq{}, "02"},
      {Direction::Downlink, LinkCheckAns{10, 15}, "020a0f"},
      // dr 1, tx_power 2, ch_mask channel 2 only, ch_mask_cntl 4, nb_rep 5
      {Direction::Downlink, LinkADRReq{1, 2, 0x0004, {4, 5}}, "0312040045"},
      {Direction::Uplink, LinkADRAns{false, false, true}, "0301"},
      {Direction::Uplink, LinkADRAns{false, true, false}, "0302"},
      {Direction::Uplink, LinkADRAns{true, false, false}, "0304"},
      {Direction::Uplink, LinkADRAns{true, true, true}, "0307"},
      {Direction::Downlink, DutyCycleReq{13}, "040d"},
      {Direction::Uplink, DutyCycleAns{}, "04"},
      // frequency 26265700 Hz, rx2_dr 11, rx1_dr_offset 3
      {Direction::Downlink, RXParamSetupReq{3, 11, 26265700}, "053b010204"},
      // channel_ack, rx1_dr_offset_ack
      {Direction::Uplink, RXParamSetupAns{true, false, true}, "0505"},
      {Direction::Downlink, DevStatusReq{}, "06"},
      {Direction::Uplink, DevStatusAns{0, -30}, "060022"},
      {Direction::Uplink, DevStatusAns{255, 30}, "06ff1e"},
      {Direction::Uplink, DevStatusAns{127, -1}, "067f3f"},
      {Direction::Uplink, DevStatusAns{127, 0}, "067f00"},
      // ch_index 3, freq 26265700, max_dr 5, min_dr 10
      {Direction::Downlink, NewChannelReq{3, 26265700, 5, 10}, "07030102045a"},
      {Direction::Uplink, NewChannelAns{false, false}, "0700"},
      {Direction::Uplink, NewChannelAns{false, true}, "0701"},
      {Direction::Uplink, NewChannelAns{true, false}, "0702"},
      {Direction::Uplink, NewChannelAns{true, true}, "0703"},
      {Direction::Downlink, RXTimingSetupReq{15}, "080f"},
      {Direction::Uplink, RXTimingSetupAns{}, "08"},
      {Direction::Downlink, TxParamSetupReq{false, false, 15}, "090f"},
      {Direction::Downlink, TxParamSetupReq{false, true, 15}, "091f"},
      {Direction::Downlink, TxParamSetupReq{true, false, 15}, "092f"},
      {Direction::Uplink, TxParamSetupAns{}, "09"},
      {Direction::Downlink, DlChannelReq{0, 868100000}, "0a00287684"},
      {Direction::Downlink, DlChannelReq{1, 868200000}, "0a01107a84"},
      {Direction::Uplink, DlChannelAns{false, false}, "0a00"},
      {Direction::Uplink, DlChannelAns{false, true}, "0a01"},
      {Direction::Uplink, DlChannelAns{true, false}, "0a02"},
      {Direction::Uplink, DlChannelAns{true, true}, "0a03"},
      {Direction::Uplink, DeviceTimeReq{}, "0d"},
      {Direction::Downlink, DeviceTimeAns{1, 0}, "0d0100000000"},
      // Duration::new(1, 2 * 3906250 ns) = 1 s + 2/256 s
      {Direction::Downlink, DeviceTimeAns{1, 2}, "0d0100000002"},
  };
  return v;
}

TEST(MacCommands, ChirpStackVectorsDecodeAndEncode) {
  for (const Vector& v : chirpstack_vectors()) {
    const auto bytes = hex(v.bytes);
    const MacDecodeResult decoded = decode_mac_commands(bytes, v.dir);
    EXPECT_FALSE(decoded.stopped.has_value()) << v.bytes << ": " << decoded.stopped->message;
    ASSERT_EQ(decoded.commands.size(), 1u) << v.bytes;
    EXPECT_EQ(decoded.commands[0], v.command) << v.bytes << " decoded as " << mac_name(decoded.commands[0]);
    EXPECT_EQ(decoded.consumed, bytes.size());
    EXPECT_EQ(mac_direction(v.command), v.dir) << v.bytes;
    EXPECT_EQ(mac_cid(v.command), bytes[0]) << v.bytes;

    auto encoded = encode_mac_command(v.command);
    ASSERT_TRUE(encoded.ok()) << v.bytes << ": " << encoded.error().message;
    EXPECT_EQ(to_vec(*encoded), bytes) << v.bytes;
  }
}

TEST(MacCommands, ManyCommandsInOneBuffer) {
  std::vector<MacCommand> up, down;
  std::vector<std::uint8_t> up_bytes, down_bytes;
  for (const Vector& v : chirpstack_vectors()) {
    auto& list = v.dir == Direction::Uplink ? up : down;
    auto& bytes = v.dir == Direction::Uplink ? up_bytes : down_bytes;
    list.push_back(v.command);
    const auto b = hex(v.bytes);
    bytes.insert(bytes.end(), b.begin(), b.end());
  }
  const auto up_decoded = decode_mac_commands(up_bytes, Direction::Uplink);
  EXPECT_FALSE(up_decoded.stopped.has_value());
  EXPECT_EQ(up_decoded.commands, up);
  const auto down_decoded = decode_mac_commands(down_bytes, Direction::Downlink);
  EXPECT_FALSE(down_decoded.stopped.has_value());
  EXPECT_EQ(down_decoded.commands, down);

  auto encoded = encode_mac_commands(down);
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ(to_vec(*encoded), down_bytes);
}

// ChirpStack lrwn phy_payload.rs 1.0.x confirmed uplink: FOpts 06 73 07 = DevStatusAns battery 115,
// margin 7. lora-packet fopts_test.ts: decrypted downlink FOpts 020701 = LinkCheckAns margin 7, 1 gateway.
TEST(MacCommands, FOptsFromPublishedFrames) {
  auto up = decode_mac_commands(hex("067307"), Direction::Uplink);
  ASSERT_EQ(up.commands.size(), 1u);
  EXPECT_EQ(up.commands[0], MacCommand(DevStatusAns{115, 7}));
  auto down = decode_mac_commands(hex("020701"), Direction::Downlink);
  ASSERT_EQ(down.commands.size(), 1u);
  EXPECT_EQ(down.commands[0], MacCommand(LinkCheckAns{7, 1}));
}

// LoRaWAN 1.0.4 section 5 layouts with values chosen to hit every bit: the same bytes mean different
// commands in each direction.
TEST(MacCommands, SpecLayoutsDirectionMatters) {
  // Downlink 03: LinkADRReq DataRate 5 (bits 7-4), TXPower 1, ChMask 0x00FF (channels 0-7, LSB first),
  // Redundancy RFU bit 7 set (ignored), ChMaskCntl 6, NbTrans 3.
  auto d = decode_mac_commands(hex("0351FF00E3"), Direction::Downlink);
  ASSERT_EQ(d.commands.size(), 1u);
  const auto& adr = std::get<LinkADRReq>(d.commands[0]);
  EXPECT_EQ(adr.data_rate, 5);
  EXPECT_EQ(adr.tx_power, 1);
  EXPECT_EQ(adr.ch_mask, 0x00FF);
  EXPECT_EQ(adr.redundancy.ch_mask_cntl, 6);
  EXPECT_EQ(adr.redundancy.nb_trans, 3);
  // RFU bits are written as 0.
  EXPECT_EQ(to_vec(*encode_mac_command(adr)), hex("0351FF0063"));

  // Uplink 03 51: LinkADRAns with status 0x51 = RFU bits + ChannelMaskACK; then 0xFF: unknown CID.
  auto u = decode_mac_commands(hex("0351FF00E3"), Direction::Uplink);
  ASSERT_EQ(u.commands.size(), 1u);
  EXPECT_EQ(u.commands[0], MacCommand(LinkADRAns{false, false, true}));
  ASSERT_TRUE(u.stopped.has_value());
  EXPECT_EQ(u.stopped->code, "mac_unknown_cid");
  EXPECT_EQ(u.consumed, 2u);

  // DevStatusAns margin is 6-bit signed; bits 7-6 are RFU: 0xE0 -> 0x20 -> -32; 0x1F -> 31.
  auto s = decode_mac_commands(hex("0600E0"
                                   "06011F"),
                               Direction::Uplink);
  ASSERT_EQ(s.commands.size(), 2u);
  EXPECT_EQ(s.commands[0], MacCommand(DevStatusAns{0, -32}));
  EXPECT_EQ(s.commands[1], MacCommand(DevStatusAns{1, 31}));

  // RXParamSetupReq to 869.525 MHz (EU868 RX2) at DR0: frequency 8695250 = 0x84ADD2 -> D2 AD 84.
  auto rx = decode_mac_commands(hex("0570D2AD84"), Direction::Downlink);
  ASSERT_EQ(rx.commands.size(), 1u);
  EXPECT_EQ(rx.commands[0], MacCommand(RXParamSetupReq{7, 0, 869525000}));

  // DeviceTimeAns 1234567890 s = 0x499602D2, LE D2 02 96 49, fraction 128/256 (0.5 s).
  auto t = decode_mac_commands(hex("0DD202964980"), Direction::Downlink);
  ASSERT_EQ(t.commands.size(), 1u);
  EXPECT_EQ(t.commands[0], MacCommand(DeviceTimeAns{1234567890, 128}));
}

// lora-packet fopts_test.ts (GitHub issue #18) shows an uplink with FOpts 09 11 03: TxParamSetupAns, then
// 0x11, which LoRaWAN 1.0.x Class A does not define. Decoding keeps the first command and stops there.
TEST(MacCommands, UnknownCidStopsWithWhatWasDecoded) {
  const auto r = decode_mac_commands(hex("091103"), Direction::Uplink);
  ASSERT_EQ(r.commands.size(), 1u);
  EXPECT_EQ(r.commands[0], MacCommand(TxParamSetupAns{}));
  EXPECT_EQ(r.consumed, 1u);
  ASSERT_TRUE(r.stopped.has_value());
  EXPECT_EQ(r.stopped->code, "mac_unknown_cid");
  EXPECT_NE(r.stopped->message.find("0x11"), std::string::npos) << r.stopped->message;
  EXPECT_NE(r.stopped->message.find("offset 1"), std::string::npos) << r.stopped->message;

  // 1.1-only ResetInd (0x01), the proprietary range and a Req CID in the wrong direction.
  for (const auto& [bytes, dir] :
       std::vector<std::pair<const char*, Direction>>{{"0101", Direction::Uplink},
                                                      {"80", Direction::Uplink},
                                                      {"FF00", Direction::Downlink},
                                                      {"0B01", Direction::Uplink}}) {
    const auto u = decode_mac_commands(hex(bytes), dir);
    EXPECT_TRUE(u.commands.empty()) << bytes;
    EXPECT_EQ(u.consumed, 0u);
    ASSERT_TRUE(u.stopped.has_value()) << bytes;
    EXPECT_EQ(u.stopped->code, "mac_unknown_cid") << bytes;
  }
}

TEST(MacCommands, TruncatedStops) {
  // LinkCheckReq, then a LinkADRReq cut after 1 of its 4 payload bytes.
  const auto r = decode_mac_commands(hex("020a0f"
                                         "0312"),
                                     Direction::Downlink);
  ASSERT_EQ(r.commands.size(), 1u);
  EXPECT_EQ(r.commands[0], MacCommand(LinkCheckAns{10, 15}));
  EXPECT_EQ(r.consumed, 3u);
  ASSERT_TRUE(r.stopped.has_value());
  EXPECT_EQ(r.stopped->code, "mac_truncated");
  EXPECT_NE(r.stopped->message.find("LinkADRReq"), std::string::npos) << r.stopped->message;
  EXPECT_NE(r.stopped->message.find("offset 3"), std::string::npos) << r.stopped->message;
  EXPECT_NE(r.stopped->message.find("needs 4"), std::string::npos) << r.stopped->message;

  // Every proper prefix of every multi-byte vector is truncated, never read past.
  for (const Vector& v : chirpstack_vectors()) {
    const auto bytes = hex(v.bytes);
    for (std::size_t n = 1; n < bytes.size(); ++n) {
      const auto t = decode_mac_commands(ByteSpan(bytes).first(n), v.dir);
      EXPECT_TRUE(t.commands.empty()) << v.bytes << " cut to " << n;
      ASSERT_TRUE(t.stopped.has_value());
      EXPECT_EQ(t.stopped->code, "mac_truncated");
    }
  }
  const auto empty = decode_mac_commands({}, Direction::Uplink);
  EXPECT_TRUE(empty.commands.empty());
  EXPECT_FALSE(empty.stopped.has_value());
}

TEST(MacCommands, EncodeRejectsFieldsThatDoNotFit) {
  const std::vector<MacCommand> bad = {
      LinkADRReq{16, 0, 0, {0, 0}},
      LinkADRReq{0, 16, 0, {0, 0}},
      LinkADRReq{0, 0, 0, {8, 0}},
      LinkADRReq{0, 0, 0, {0, 16}},
      DutyCycleReq{16},
      RXParamSetupReq{8, 0, 869525000},
      RXParamSetupReq{0, 16, 869525000},
      RXParamSetupReq{0, 0, 869525050},
      DevStatusAns{0, -33},
      DevStatusAns{0, 32},
      NewChannelReq{0, 1677721600, 0, 0},
      NewChannelReq{0, 868100000, 16, 0},
      NewChannelReq{0, 868100000, 0, 16},
      RXTimingSetupReq{16},
      TxParamSetupReq{false, false, 16},
      DlChannelReq{0, 868100001},
  };
  for (const MacCommand& c : bad) {
    auto r = encode_mac_command(c);
    ASSERT_FALSE(r.ok()) << mac_name(c);
    EXPECT_EQ(r.error().code, "mac_field_out_of_range") << mac_name(c);
    EXPECT_NE(r.error().message.find(mac_name(c)), std::string::npos) << r.error().message;
  }
  // Largest 24-bit frequency still fits.
  EXPECT_TRUE(encode_mac_command(DlChannelReq{0, 1677721500}).ok());

  // 50 NewChannelReq = 300 bytes: more than an FRMPayload holds.
  const std::vector<MacCommand> many(50, NewChannelReq{3, 868100000, 5, 0});
  auto r = encode_mac_commands(many);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "mac_too_long");
}

TEST(MacCommands, NamesAndFields) {
  const std::vector<std::pair<MacCommand, const char*>> names = {
      {LinkCheckReq{}, "LinkCheckReq"},
      {LinkCheckAns{}, "LinkCheckAns"},
      {LinkADRReq{}, "LinkADRReq"},
      {LinkADRAns{}, "LinkADRAns"},
      {DutyCycleReq{}, "DutyCycleReq"},
      {DutyCycleAns{}, "DutyCycleAns"},
      {RXParamSetupReq{}, "RXParamSetupReq"},
      {RXParamSetupAns{}, "RXParamSetupAns"},
      {DevStatusReq{}, "DevStatusReq"},
      {DevStatusAns{}, "DevStatusAns"},
      {NewChannelReq{}, "NewChannelReq"},
      {NewChannelAns{}, "NewChannelAns"},
      {RXTimingSetupReq{}, "RXTimingSetupReq"},
      {RXTimingSetupAns{}, "RXTimingSetupAns"},
      {TxParamSetupReq{}, "TxParamSetupReq"},
      {TxParamSetupAns{}, "TxParamSetupAns"},
      {DlChannelReq{}, "DlChannelReq"},
      {DlChannelAns{}, "DlChannelAns"},
      {DeviceTimeReq{}, "DeviceTimeReq"},
      {DeviceTimeAns{}, "DeviceTimeAns"},
  };
  ASSERT_EQ(names.size(), std::variant_size_v<MacCommand>);
  for (const auto& [command, name] : names) EXPECT_STREQ(mac_name(command), name);

  using Fields = std::vector<MacField>;
  auto same = [](const Fields& got, const Fields& want) {
    if (got.size() != want.size()) return false;
    for (std::size_t i = 0; i < got.size(); ++i) {
      if (std::string(got[i].first) != want[i].first || got[i].second != want[i].second) return false;
    }
    return true;
  };
  const auto adr = decode_mac_commands(hex("0312040045"), Direction::Downlink);
  ASSERT_EQ(adr.commands.size(), 1u);
  EXPECT_TRUE(
      same(mac_fields(adr.commands[0]),
           {{"data_rate", 1}, {"tx_power", 2}, {"ch_mask", 4}, {"ch_mask_cntl", 4}, {"nb_trans", 5}}));
  EXPECT_TRUE(same(mac_fields(DevStatusAns{0, -30}), {{"battery", 0}, {"margin", -30}}));
  EXPECT_TRUE(same(mac_fields(RXParamSetupReq{3, 11, 26265700}),
                   {{"rx1_dr_offset", 3}, {"rx2_data_rate", 11}, {"frequency_hz", 26265700}}));
  EXPECT_TRUE(same(mac_fields(LinkADRAns{true, false, true}),
                   {{"power_ack", 1}, {"data_rate_ack", 0}, {"channel_mask_ack", 1}}));
  EXPECT_TRUE(
      same(mac_fields(DeviceTimeAns{1234567890, 128}), {{"gps_seconds", 1234567890}, {"fraction", 128}}));
  EXPECT_TRUE(mac_fields(LinkCheckReq{}).empty());
  // Every field list has a non-empty name per value.
  for (const auto& [command, name] : names) {
    for (const auto& [field, value] : mac_fields(command)) {
      EXPECT_NE(std::string(field), "") << name;
      EXPECT_EQ(value, 0) << name << "." << field;  // default-constructed commands are all zero
    }
  }
}

// encode then decode gives the command back for values across each field's range.
TEST(MacCommands, EncodeDecodeRoundTrip) {
  std::vector<MacCommand> commands;
  for (std::uint8_t v = 0; v < 16; ++v) {
    const auto v3 = static_cast<std::uint8_t>(v & 7);
    const bool b = (v & 1) != 0;
    commands.push_back(LinkCheckAns{static_cast<std::uint8_t>(v * 16), v});
    commands.push_back(LinkADRReq{
        v, static_cast<std::uint8_t>(15 - v), static_cast<std::uint16_t>(0x8001u << (v % 2)), {v3, v}});
    commands.push_back(LinkADRAns{b, !b, b});
    commands.push_back(DutyCycleReq{v});
    commands.push_back(RXParamSetupReq{v3, v, 863000000u + 100000u * v});
    commands.push_back(RXParamSetupAns{!b, b, !b});
    commands.push_back(DevStatusAns{static_cast<std::uint8_t>(v * 17), static_cast<std::int8_t>(v * 4 - 32)});
    commands.push_back(NewChannelReq{v, 902300000u + 200000u * v, v, static_cast<std::uint8_t>(15 - v)});
    commands.push_back(NewChannelAns{b, !b});
    commands.push_back(RXTimingSetupReq{v});
    commands.push_back(TxParamSetupReq{b, !b, v});
    commands.push_back(DlChannelReq{v, 923300000u + 600000u * v});
    commands.push_back(DlChannelAns{!b, b});
    commands.push_back(DeviceTimeAns{0xFFFFFFF0u + v, static_cast<std::uint8_t>(v * 16 + 15)});
  }
  for (const MacCommand& c : commands) {
    auto bytes = encode_mac_command(c);
    ASSERT_TRUE(bytes.ok()) << mac_name(c) << ": " << bytes.error().message;
    const auto decoded = decode_mac_commands(bytes->span(), mac_direction(c));
    ASSERT_EQ(decoded.commands.size(), 1u) << mac_name(c);
    EXPECT_EQ(decoded.commands[0], c) << mac_name(c);
  }
}

}  // namespace
}  // namespace onechan::lorawan
