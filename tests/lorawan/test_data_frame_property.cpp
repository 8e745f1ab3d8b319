// Property test of the data-frame path: thousands of random frames (random keys, FCnt up to 2^32-1,
// FPort 0..223, payloads 0..222 bytes, FOpts, both directions) are sealed, parsed back and opened; every
// field and the payload must survive, and flipping any single bit of a sealed frame must be caught —
// either the frame no longer parses or its MIC no longer verifies. (The independent check of the same
// frames against lora-packet is tests/crosscheck.)
#include <gtest/gtest.h>

#include <random>

#include "lorawan/data_frame_crypto.hpp"
#include "lorawan/phy_payload.hpp"

namespace onechan::lorawan {
namespace {

constexpr MType kDataTypes[] = {MType::UnconfirmedDataUp, MType::UnconfirmedDataDown, MType::ConfirmedDataUp,
                                MType::ConfirmedDataDown};

struct RandomFrame {
  SessionKeys keys;
  DataFrame plain;
  std::uint32_t fcnt32 = 0;
};

RandomFrame random_frame(std::mt19937& rng) {
  auto byte = [&] { return static_cast<std::uint8_t>(rng()); };
  RandomFrame r;
  for (auto& b : r.keys.nwk_s_key.bytes) b = byte();
  for (auto& b : r.keys.app_s_key.bytes) b = byte();
  r.fcnt32 = static_cast<std::uint32_t>(rng());
  if (rng() % 16 == 0) r.fcnt32 = static_cast<std::uint32_t>(0xFFFFFFFF - rng() % 3);
  DataFrame& f = r.plain;
  f.mhdr.mtype = kDataTypes[rng() % 4];
  f.dev_addr = DevAddr{static_cast<std::uint32_t>(rng())};
  const Direction dir = f.direction();
  f.fctrl.adr = rng() % 2;
  f.fctrl.ack = rng() % 2;
  if (dir == Direction::Uplink) {
    f.fctrl.adr_ack_req = rng() % 2;
    f.fctrl.class_b = rng() % 2;
  } else {
    f.fctrl.f_pending = rng() % 2;
  }
  const bool has_port = rng() % 10 != 0;
  if (has_port) f.fport = static_cast<std::uint8_t>(rng() % 224);  // 0..223
  if (f.fport != 0) {
    const std::size_t n = rng() % 16;
    for (std::size_t i = 0; i < n; ++i) f.fopts.push_back(byte());
  }
  if (has_port) {
    const std::size_t room = std::min<std::size_t>(222, kMaxPhyPayload - kMinDataFrame - 1 - f.fopts.size());
    const std::size_t n = rng() % (room + 1);
    for (std::size_t i = 0; i < n; ++i) f.frm_payload.push_back(byte());
  }
  f.fctrl.fopts_len = static_cast<std::uint8_t>(f.fopts.size());
  return r;
}

TEST(DataFrameProperty, SealParseOpenRoundTripsAndEveryBitFlipIsCaught) {
  std::mt19937 rng(0x0EC4A);
  std::size_t flips = 0;
  for (int i = 0; i < 4000; ++i) {
    const RandomFrame r = random_frame(rng);
    const PreparedSession session(r.keys);
    auto sealed = seal_data_frame(r.plain, session, r.fcnt32);
    ASSERT_TRUE(sealed.ok()) << sealed.error().message;

    auto parsed = parse_phy_payload(sealed->span());
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    const auto* frame = std::get_if<DataFrame>(&*parsed);
    ASSERT_NE(frame, nullptr);
    EXPECT_EQ(frame->mhdr, r.plain.mhdr);
    EXPECT_EQ(frame->dev_addr, r.plain.dev_addr);
    EXPECT_EQ(frame->fctrl, r.plain.fctrl);
    EXPECT_EQ(frame->fcnt16, r.fcnt32 & 0xFFFF);
    EXPECT_EQ(frame->fopts, r.plain.fopts);
    EXPECT_EQ(frame->fport, r.plain.fport);
    EXPECT_TRUE(verify_data_frame_mic(*frame, sealed->span(), session, r.fcnt32));
    EXPECT_EQ(decrypt_frm_payload(*frame, session, r.fcnt32), r.plain.frm_payload);
    if (!r.plain.frm_payload.empty() && r.plain.frm_payload.size() >= 4) {
      EXPECT_NE(frame->frm_payload, r.plain.frm_payload) << "the payload travels encrypted";
    }

    // One random bit flip anywhere in the frame.
    FrameBytes tampered = *sealed;
    const std::size_t bit = rng() % (tampered.size() * 8);
    tampered[bit / 8] = static_cast<std::uint8_t>(tampered[bit / 8] ^ (1u << (bit % 8)));
    auto reparsed = DataFrame::parse(tampered.span());
    if (reparsed.ok()) {
      EXPECT_FALSE(verify_data_frame_mic(*reparsed, tampered.span(), session, r.fcnt32)) << "bit " << bit;
    }
    ++flips;
  }
  EXPECT_EQ(flips, 4000u);
}

}  // namespace
}  // namespace onechan::lorawan
