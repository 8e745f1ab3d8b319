// The node's C crypto and frame builder against the gateway's lorawan library (OpenSSL underneath): over
// thousands of random keys, full 32-bit counters and payloads, a node-built frame parses and verifies on the
// gateway side with the same MIC and plaintext, and the gateway's own sealing produces the same bytes.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <vector>

#include "aes128.h"
#include "aes_cmac.h"
#include "lorawan/aes128.hpp"
#include "lorawan/cmac.hpp"
#include "lorawan/data_frame.hpp"
#include "lorawan/data_frame_crypto.hpp"
#include "lorawan/session_keys.hpp"
#include "lorawan_uplink.h"

namespace {

namespace lw = onechan::lorawan;

class NodeGatewayCrosscheck : public ::testing::Test {
 protected:
  std::mt19937_64 rng{20240601};  // fixed: a failure reproduces

  lw::Key128 random_key() {
    lw::Key128 key;
    for (auto& b : key.bytes) b = static_cast<std::uint8_t>(rng());
    return key;
  }
  std::vector<std::uint8_t> random_bytes(std::size_t n) {
    std::vector<std::uint8_t> out(n);
    for (auto& b : out) b = static_cast<std::uint8_t>(rng());
    return out;
  }
  // Counters from every corner of the 32-bit range: small, around the 16-bit wrap, huge.
  std::uint32_t random_fcnt() {
    switch (rng() % 4) {
      case 0:
        return static_cast<std::uint32_t>(rng() % 70000);
      case 1:
        return 0xFFFFu + static_cast<std::uint32_t>(rng() % 3) - 1u;
      case 2:
        return 0xFFFFFFFFu - static_cast<std::uint32_t>(rng() % 3);
      default:
        return static_cast<std::uint32_t>(rng());
    }
  }
};

TEST_F(NodeGatewayCrosscheck, AesBlocksMatchOpenSsl) {
  for (int i = 0; i < 2000; ++i) {
    lw::Key128 key = random_key();
    lw::Aes128::Block block{};
    for (auto& b : block) b = static_cast<std::uint8_t>(rng());
    lw::Aes128::Block node = block;
    aes128_encrypt(key.bytes.data(), node.data());
    ASSERT_EQ(node, lw::Aes128(key).encrypt(block)) << "iteration " << i;
  }
}

TEST_F(NodeGatewayCrosscheck, CmacMatchesTheGatewayCmac) {
  for (int i = 0; i < 2000; ++i) {
    lw::Key128 key = random_key();
    std::vector<std::uint8_t> message = random_bytes(rng() % 100);
    std::array<std::uint8_t, 16> node{};
    aes_cmac(key.bytes.data(), message.data(), static_cast<std::uint16_t>(message.size()), node.data());
    ASSERT_EQ(node, lw::Cmac(key).compute(onechan::ByteSpan(message))) << "iteration " << i;
  }
}

TEST_F(NodeGatewayCrosscheck, NodeFramesOpenOnTheGateway) {
  for (int i = 0; i < 5000; ++i) {
    lw::SessionKeys keys{random_key(), random_key()};
    lw::PreparedSession session(keys);
    std::uint32_t dev_addr = static_cast<std::uint32_t>(rng());
    std::uint32_t fcnt = random_fcnt();
    std::uint8_t fport = static_cast<std::uint8_t>(rng() % 224);  // 0 (NwkSKey) .. 223
    std::vector<std::uint8_t> payload = random_bytes(rng() % 60);

    lorawan_abp_session node_session{dev_addr, keys.nwk_s_key.bytes.data(), keys.app_s_key.bytes.data()};
    std::array<std::uint8_t, 255> out{};
    std::uint8_t len = lorawan_build_uplink(out.data(), 255, &node_session, fcnt, fport, payload.data(),
                                            static_cast<std::uint8_t>(payload.size()));
    ASSERT_EQ(len, payload.empty() ? 12u : 13u + payload.size());
    onechan::ByteSpan phy(out.data(), len);

    auto frame = lw::DataFrame::parse(phy);
    ASSERT_TRUE(frame.ok()) << frame.error().message;
    EXPECT_EQ(frame->mhdr.mtype, lw::MType::UnconfirmedDataUp);
    EXPECT_EQ(frame->dev_addr.value, dev_addr);
    EXPECT_EQ(frame->fcnt16, static_cast<std::uint16_t>(fcnt));
    EXPECT_EQ(frame->fctrl, lw::FCtrl{});
    if (payload.empty()) {
      EXPECT_FALSE(frame->fport.has_value());
    } else {
      ASSERT_TRUE(frame->fport.has_value());
      EXPECT_EQ(*frame->fport, fport);
    }
    ASSERT_TRUE(lw::verify_data_frame_mic(*frame, phy, session, fcnt)) << "iteration " << i;
    // A counter off by 2^16 (what a receiver would guess wrong) must not verify: the MIC covers all 32 bits.
    EXPECT_FALSE(lw::verify_data_frame_mic(*frame, phy, session, fcnt ^ 0x10000u));
    auto plain = lw::decrypt_frm_payload(*frame, session, fcnt);
    ASSERT_EQ(std::vector<std::uint8_t>(plain.begin(), plain.end()), payload) << "iteration " << i;
  }
}

TEST_F(NodeGatewayCrosscheck, GatewaySealedFramesEqualNodeFrames) {
  for (int i = 0; i < 5000; ++i) {
    lw::SessionKeys keys{random_key(), random_key()};
    lw::PreparedSession session(keys);
    std::uint32_t dev_addr = static_cast<std::uint32_t>(rng());
    std::uint32_t fcnt = random_fcnt();
    std::uint8_t fport = static_cast<std::uint8_t>(1 + rng() % 223);
    std::vector<std::uint8_t> payload = random_bytes(1 + rng() % 100);

    lw::DataFrame plain;
    plain.mhdr.mtype = lw::MType::UnconfirmedDataUp;
    plain.dev_addr.value = dev_addr;
    plain.fport = fport;
    plain.frm_payload.assign(onechan::ByteSpan(payload));
    auto sealed = lw::seal_data_frame(plain, session, fcnt);
    ASSERT_TRUE(sealed.ok()) << sealed.error().message;

    lorawan_abp_session node_session{dev_addr, keys.nwk_s_key.bytes.data(), keys.app_s_key.bytes.data()};
    std::array<std::uint8_t, 255> out{};
    std::uint8_t len = lorawan_build_uplink(out.data(), 255, &node_session, fcnt, fport, payload.data(),
                                            static_cast<std::uint8_t>(payload.size()));
    ASSERT_EQ(std::vector<std::uint8_t>(out.begin(), out.begin() + len),
              std::vector<std::uint8_t>(sealed->begin(), sealed->end()))
        << "iteration " << i;
  }
}

}  // namespace
