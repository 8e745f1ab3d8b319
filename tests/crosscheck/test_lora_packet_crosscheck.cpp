// Onechan's LoRaWAN data frames checked against lora-packet 0.9.3 (npm, by Anthony Kirby), an independent
// implementation: frames Onechan builds are decoded by lora-packet, frames lora-packet builds are decoded
// by Onechan, over random keys, full 32-bit frame counters, ports, FOpts and payload sizes in both
// directions. Any disagreement on a field, the MIC or the decrypted payload fails the test.
#include <gtest/gtest.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "lorawan/data_frame_crypto.hpp"
#include "lorawan/hex.hpp"
#include "lorawan/mhdr.hpp"
#include "run_process.hpp"

namespace onechan::lorawan {
namespace {

using Json = nlohmann::json;

struct Case {
  SessionKeys keys;
  DataFrame plain;  // frm_payload in clear
  std::uint32_t fcnt32 = 0;
};

const char* lora_packet_mtype(MType m) {
  switch (m) {
    case MType::UnconfirmedDataUp:
      return "Unconfirmed Data Up";
    case MType::UnconfirmedDataDown:
      return "Unconfirmed Data Down";
    case MType::ConfirmedDataUp:
      return "Confirmed Data Up";
    case MType::ConfirmedDataDown:
      return "Confirmed Data Down";
    default:
      return "?";
  }
}

// Random but reproducible cases covering the corners: counters near 0, 0xFFFF, 0x10000 and 0xFFFFFFFF,
// FPort 0 (NwkSKey-encrypted MAC commands), empty payloads, maximal frames.
std::vector<Case> random_cases(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  auto byte = [&] { return static_cast<std::uint8_t>(rng()); };
  const std::uint32_t corner_fcnts[] = {0, 1, 0xFFFF, 0x10000, 0x1FFFF, 0xFFFFFFFE, 0xFFFFFFFF};
  const MType mtypes[] = {MType::UnconfirmedDataUp, MType::UnconfirmedDataDown, MType::ConfirmedDataUp,
                          MType::ConfirmedDataDown};
  std::vector<Case> cases;
  for (std::size_t i = 0; i < n; ++i) {
    Case c;
    for (auto& b : c.keys.nwk_s_key.bytes) b = byte();
    for (auto& b : c.keys.app_s_key.bytes) b = byte();
    c.fcnt32 = i < std::size(corner_fcnts) ? corner_fcnts[i] : static_cast<std::uint32_t>(rng());
    c.plain.mhdr.mtype = mtypes[rng() % 4];
    c.plain.dev_addr = DevAddr{static_cast<std::uint32_t>(rng())};
    c.plain.fctrl.adr = rng() % 2;
    c.plain.fctrl.ack = rng() % 2;
    const unsigned shape = rng() % 8;
    if (shape == 0) {
      c.plain.fport = 0;  // MAC commands in the payload: no FOpts allowed
    } else if (shape != 1) {
      c.plain.fport = static_cast<std::uint8_t>(1 + rng() % 223);
      const std::size_t fopts = rng() % 3 == 0 ? rng() % 16 : 0;
      for (std::size_t k = 0; k < fopts; ++k) c.plain.fopts.push_back(byte());
    }
    if (c.plain.fport) {
      const std::size_t room = kMaxPhyPayload - kMinDataFrame - 1 - c.plain.fopts.size();
      const std::size_t len = rng() % 4 == 0 ? room : rng() % (room + 1);
      for (std::size_t k = 0; k < len; ++k) c.plain.frm_payload.push_back(byte());
    }
    cases.push_back(c);
  }
  return cases;
}

std::vector<Json> ask_lora_packet(const std::vector<Json>& requests) {
  std::ostringstream in;
  for (const auto& r : requests) in << r.dump() << '\n';
  const auto result = test::run_process({NODE_EXECUTABLE, LORA_PACKET_ORACLE}, in.str());
  EXPECT_EQ(result.exit_status, 0) << result.err;
  std::vector<Json> answers;
  std::istringstream out(result.out);
  for (std::string line; std::getline(out, line);) answers.push_back(Json::parse(line));
  EXPECT_EQ(answers.size(), requests.size()) << "lora-packet oracle: " << result.err;
  return answers;
}

TEST(LoraPacketCrosscheck, OracleDecodesThePublishedExample) {
  // lora-packet's README example, to prove the oracle itself is wired up right before trusting it.
  const auto answers = ask_lora_packet({Json{{"op", "decode"},
                                             {"frame", "40F17DBE4900020001954378762B11FF0D"},
                                             {"nwkskey", "44024241ed4ce9a68c6a8bc055233fd3"},
                                             {"appskey", "ec925802ae430ca77fd3dd73cb2cc588"}}});
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0]["devaddr"], "49BE7DF1");
  EXPECT_EQ(answers[0]["mic_ok"], true);
  EXPECT_EQ(answers[0]["payload"], "74657374");  // "test"
}

TEST(LoraPacketCrosscheck, FramesOnechanBuildsDecodeInLoraPacket) {
  const auto cases = random_cases(3000, 20261122);
  std::vector<Json> requests;
  std::vector<std::string> frames;
  for (const auto& c : cases) {
    auto bytes = seal_data_frame(c.plain, PreparedSession(c.keys), c.fcnt32);
    ASSERT_TRUE(bytes.ok()) << bytes.error().message;
    frames.push_back(to_hex(bytes->span()));
    requests.push_back(Json{{"op", "decode"},
                            {"frame", frames.back()},
                            {"nwkskey", to_hex(c.keys.nwk_s_key.bytes)},
                            {"appskey", to_hex(c.keys.app_s_key.bytes)},
                            {"fcnt_msb", c.fcnt32 >> 16}});
  }
  const auto answers = ask_lora_packet(requests);
  ASSERT_EQ(answers.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i];
    const auto& a = answers[i];
    SCOPED_TRACE("case " + std::to_string(i) + " frame " + frames[i]);
    ASSERT_FALSE(a.contains("error")) << a.dump();
    EXPECT_EQ(a["mtype"], lora_packet_mtype(c.plain.mhdr.mtype));
    EXPECT_EQ(a["devaddr"], c.plain.dev_addr.to_string());
    EXPECT_EQ(a["fcnt16"], c.fcnt32 & 0xFFFF);
    EXPECT_EQ(a["fport"].is_null(), !c.plain.fport.has_value());
    if (c.plain.fport) {
      EXPECT_EQ(a["fport"], *c.plain.fport);
    }
    EXPECT_EQ(a["adr"], c.plain.fctrl.adr);
    EXPECT_EQ(a["ack"], c.plain.fctrl.ack);
    EXPECT_EQ(a["fopts"], to_hex(c.plain.fopts.span()));
    EXPECT_EQ(a["mic_ok"], true);
    EXPECT_EQ(a["payload"], to_hex(c.plain.frm_payload.span()));
  }
}

TEST(LoraPacketCrosscheck, FramesLoraPacketBuildsDecodeInOnechan) {
  auto cases = random_cases(3000, 7);
  std::vector<Json> requests;
  for (auto& c : cases) {
    if (!c.plain.fport || c.plain.frm_payload.empty()) {
      // lora-packet always writes an FPort (default 1) when building: give each frame a port and payload.
      c.plain.fport = c.plain.fport.value_or(1);
      c.plain.frm_payload.push_back(0x42);
    }
    requests.push_back(Json{{"op", "encode"},
                            {"mtype", lora_packet_mtype(c.plain.mhdr.mtype)},
                            {"devaddr", c.plain.dev_addr.to_string()},
                            {"fcnt", c.fcnt32},
                            {"fport", *c.plain.fport},
                            {"adr", c.plain.fctrl.adr},
                            {"ack", c.plain.fctrl.ack},
                            {"fopts", to_hex(c.plain.fopts.span())},
                            {"payload", to_hex(c.plain.frm_payload.span())},
                            {"nwkskey", to_hex(c.keys.nwk_s_key.bytes)},
                            {"appskey", to_hex(c.keys.app_s_key.bytes)}});
  }
  const auto answers = ask_lora_packet(requests);
  ASSERT_EQ(answers.size(), cases.size());
  std::size_t mic_failures_seen = 0;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i];
    SCOPED_TRACE("case " + std::to_string(i) + " " + answers[i].dump());
    ASSERT_TRUE(answers[i].contains("frame"));
    auto raw = from_hex(answers[i]["frame"].get<std::string>());
    ASSERT_TRUE(raw.ok());
    auto frame = DataFrame::parse(*raw);
    ASSERT_TRUE(frame.ok()) << frame.error().message;
    const PreparedSession session(c.keys);
    EXPECT_EQ(frame->mhdr.mtype, c.plain.mhdr.mtype);
    EXPECT_EQ(frame->dev_addr, c.plain.dev_addr);
    EXPECT_EQ(frame->fcnt16, c.fcnt32 & 0xFFFF);
    EXPECT_EQ(frame->fport, c.plain.fport);
    EXPECT_EQ(frame->fopts, c.plain.fopts);
    EXPECT_TRUE(verify_data_frame_mic(*frame, *raw, session, c.fcnt32));
    EXPECT_EQ(decrypt_frm_payload(*frame, session, c.fcnt32), c.plain.frm_payload);
    // And byte for byte what Onechan would have built from the same fields.
    auto ours = seal_data_frame(c.plain, session, c.fcnt32);
    ASSERT_TRUE(ours.ok());
    EXPECT_EQ(to_hex(ours->span()), answers[i]["frame"].get<std::string>());
    // A frame heard with the wrong upper counter bits must fail the MIC: the full 32 bits are signed.
    if (!verify_data_frame_mic(*frame, *raw, session, c.fcnt32 ^ 0x10000)) ++mic_failures_seen;
  }
  EXPECT_EQ(mic_failures_seen, cases.size());
}

}  // namespace
}  // namespace onechan::lorawan
