// PHYPayload dispatch on MType, MHDR helpers, the no-heap promise, and a sweep of malformed input (run
// this binary under ASan to catch any out-of-bounds read).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <random>
#include <string>
#include <vector>

#include "frame_test_support.hpp"
#include "lorawan/hex.hpp"
#include "lorawan/phy_payload.hpp"

// Counts heap allocations so a test can prove parsing and serializing do none.
namespace {
std::atomic<long> g_allocations{0};
}  // namespace

// GCC cannot see that these replacements pair malloc with free and warns at inlined call sites.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
#pragma GCC diagnostic pop

namespace onechan::lorawan {
namespace {

// One published frame per MType (sources named in the test files of each frame type):
const char* const kJoinRequest = "0039363463336913AA05693574323831338EF1C1D5EC6C";  // lora-packet
const char* const kJoinAccept = "2023cf335489aae3183c0be0baa8dee5f3";     // ChirpStack lrwn, encrypted
const char* const kUnconfirmedUp = "40F17DBE4900020001954378762B11FF0D";  // lora-packet
const char* const kUnconfirmedDown = "600403020103000022ac0a01f0b468ddaa5ed13a";  // brocaar/lorawan
const char* const kConfirmedUp = "80040302010300000673070ae264d4f7e117d2c0";      // ChirpStack lrwn
const char* const kProprietary = "e0010203";  // ChirpStack lrwn phy_payload.rs test_proprietary

TEST(PhyPayload, DispatchesOnMTypeAndRoundTrips) {
  struct Case {
    const char* hex;
    MType mtype;
    std::size_t alternative;
  };
  // ConfirmedDataDown: the brocaar downlink with MHDR 0xA0 instead of 0x60 (only the MType bits differ).
  const Case cases[] = {
      {kJoinRequest, MType::JoinRequest, 1},
      {kJoinAccept, MType::JoinAccept, 2},
      {kUnconfirmedUp, MType::UnconfirmedDataUp, 0},
      {kUnconfirmedDown, MType::UnconfirmedDataDown, 0},
      {kConfirmedUp, MType::ConfirmedDataUp, 0},
      {"A00403020103000022ac0a01f0b468ddaa5ed13a", MType::ConfirmedDataDown, 0},
      {kProprietary, MType::Proprietary, 3},
      {"e0", MType::Proprietary, 3},  // ChirpStack: an empty proprietary payload
  };
  for (const Case& c : cases) {
    const auto bytes = hex(c.hex);
    auto parsed = parse_phy_payload(bytes);
    ASSERT_TRUE(parsed.ok()) << c.hex << ": " << parsed.error().message;
    EXPECT_EQ(parsed->index(), c.alternative) << c.hex;
    EXPECT_EQ(phy_payload_mhdr(*parsed).mtype, c.mtype) << c.hex;
    auto out = serialize_phy_payload(*parsed);
    ASSERT_TRUE(out.ok()) << c.hex;
    EXPECT_EQ(to_vec(*out), bytes) << c.hex;
  }
}

TEST(PhyPayload, ProprietaryKeepsEveryByte) {
  auto parsed = parse_phy_payload(hex(kProprietary));
  ASSERT_TRUE(parsed.ok());
  const auto& f = std::get<ProprietaryFrame>(*parsed);
  EXPECT_EQ(to_vec(f.payload), hex("010203"));
  // No MIC is split off: a 255-byte proprietary frame keeps 254 bytes.
  std::vector<std::uint8_t> big(255, 0x5A);
  big[0] = 0xE0;
  auto p = ProprietaryFrame::parse(big);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->payload.size(), 254u);
  ProprietaryFrame wrong;
  wrong.mhdr.mtype = MType::UnconfirmedDataUp;
  EXPECT_EQ(wrong.serialize().error().code, "mtype_mismatch");
  EXPECT_EQ(ProprietaryFrame::parse({}).error().code, "frame_too_short");
}

TEST(PhyPayload, Errors) {
  EXPECT_EQ(parse_phy_payload({}).error().code, "frame_too_short");
  std::vector<std::uint8_t> too_long(256, 0xE0);
  auto r = parse_phy_payload(too_long);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "frame_too_long");
  EXPECT_NE(r.error().message.find("256"), std::string::npos);

  // MType 6 is RejoinRequest in 1.1: a 1.0.x stack rejects it with its own code.
  r = parse_phy_payload(hex("C0000102030405060708090A0B0C0D0E0F"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "mtype_rfu");
  EXPECT_NE(r.error().message.find("RejoinRequest"), std::string::npos);

  for (std::uint8_t major = 1; major < 4; ++major) {
    auto bytes = hex(kUnconfirmedUp);
    bytes[0] = static_cast<std::uint8_t>(bytes[0] | major);
    r = parse_phy_payload(bytes);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "major_unsupported");
    EXPECT_NE(r.error().message.find(std::to_string(major)), std::string::npos);
  }
  // npm lora-packet parse_test.ts "should Join Accept" uses MHDR 0x33: Major 3.
  EXPECT_EQ(
      parse_phy_payload(hex("33105EAFD15E04A62872C97F821955A1B75420F0FFCC20CF999347E18AA8A235")).error().code,
      "major_unsupported");
  // The per-type errors come through.
  EXPECT_EQ(parse_phy_payload(hex("40F17DBE490002002B11FF")).error().code, "frame_too_short");
  EXPECT_EQ(parse_phy_payload(hex("0039363463336913AA056935743238")).error().code, "join_request_bad_length");
  EXPECT_EQ(parse_phy_payload(hex("2023cf335489aae3183c0be0baa8dee5")).error().code,
            "join_accept_bad_length");
}

TEST(Mhdr, NamesAndClassification) {
  struct Row {
    MType mtype;
    const char* name;
    bool uplink, data, confirmed;
  };
  const Row rows[] = {
      {MType::JoinRequest, "JoinRequest", true, false, false},
      {MType::JoinAccept, "JoinAccept", false, false, false},
      {MType::UnconfirmedDataUp, "UnconfirmedDataUp", true, true, false},
      {MType::UnconfirmedDataDown, "UnconfirmedDataDown", false, true, false},
      {MType::ConfirmedDataUp, "ConfirmedDataUp", true, true, true},
      {MType::ConfirmedDataDown, "ConfirmedDataDown", false, true, true},
      {MType::RFU, "RFU", false, false, false},
      {MType::Proprietary, "Proprietary", false, false, false},
  };
  for (const Row& row : rows) {
    EXPECT_STREQ(mtype_name(row.mtype), row.name);
    EXPECT_EQ(is_uplink(row.mtype), row.uplink) << row.name;
    EXPECT_EQ(is_data(row.mtype), row.data) << row.name;
    EXPECT_EQ(is_confirmed(row.mtype), row.confirmed) << row.name;
  }
  EXPECT_EQ(mtype_direction(MType::JoinAccept), Direction::Downlink);
  EXPECT_FALSE(mtype_direction(MType::Proprietary).has_value());
}

// ChirpStack lrwn mhdr.rs: Proprietary + LoRaWAN R1 is 0xe0. Every accepted byte re-encodes to itself
// (the RFU bits 4-2 are kept), and exactly the Major != 0 and MType 6 bytes are refused.
TEST(Mhdr, EveryByte) {
  auto e0 = Mhdr::parse(0xE0);
  ASSERT_TRUE(e0.ok());
  EXPECT_EQ(e0->mtype, MType::Proprietary);
  EXPECT_EQ(e0->major, Major::LoRaWANR1);
  for (unsigned b = 0; b < 256; ++b) {
    auto m = Mhdr::parse(static_cast<std::uint8_t>(b));
    if ((b & 0x03) != 0) {
      EXPECT_EQ(m.error().code, "major_unsupported") << b;
    } else if ((b >> 5) == 6) {
      EXPECT_EQ(m.error().code, "mtype_rfu") << b;
    } else {
      ASSERT_TRUE(m.ok()) << b;
      EXPECT_EQ(m->to_byte(), b);
      EXPECT_EQ(static_cast<unsigned>(m->mtype), b >> 5);
    }
  }
}

TEST(Mic, ValueAndCoveredBytes) {
  EXPECT_EQ(mic_value(Mic{0x2b, 0x11, 0xff, 0x0d}), 0x0DFF112Bu);
  EXPECT_EQ(mic_from_value(0x0DFF112B), (Mic{0x2b, 0x11, 0xff, 0x0d}));
  const auto frame = hex(kUnconfirmedUp);
  EXPECT_EQ(mic_covered_bytes(frame).size(), frame.size() - 4);
  EXPECT_EQ(mic_covered_bytes(frame).data(), frame.data());
  EXPECT_TRUE(mic_covered_bytes(hex("010203")).empty());
}

TEST(PhyPayload, ParseAndSerializeDoNotAllocate) {
  const std::vector<std::vector<std::uint8_t>> frames = {hex(kJoinRequest),   hex(kJoinAccept),
                                                         hex(kUnconfirmedUp), hex(kUnconfirmedDown),
                                                         hex(kConfirmedUp),   hex(kProprietary)};
  const auto plaintext_accept =
      hex("20"
          "010101020202040302016709"
          "184f84e85684b85e84886684586e8400"
          "0a0b0c0d");
  bool all_ok = true;
  const long before = g_allocations.load();
  for (const auto& frame : frames) {
    auto parsed = parse_phy_payload(frame);
    all_ok = all_ok && parsed.ok();
    if (parsed.ok()) all_ok = all_ok && serialize_phy_payload(*parsed).ok();
  }
  auto accept = JoinAccept::parse(plaintext_accept);
  all_ok = all_ok && accept.ok() && accept->serialize().ok();
  const long after = g_allocations.load();
  EXPECT_TRUE(all_ok);
  EXPECT_EQ(after - before, 0);
  // The counter works: an error message is a heap string.
  const long before_error = g_allocations.load();
  auto failed = parse_phy_payload(hex("41F17DBE4900020001954378762B11FF0D"));
  EXPECT_FALSE(failed.ok());
  EXPECT_GT(g_allocations.load(), before_error);
}

// Every prefix of the published frames and a deterministic stream of random frames: nothing crashes or
// reads out of bounds (ASan build), and every frame that parses serializes back to the same bytes.
TEST(PhyPayload, MalformedInputSweep) {
  std::vector<std::vector<std::uint8_t>> inputs;
  for (const char* text :
       {kJoinRequest, kJoinAccept, kUnconfirmedUp, kUnconfirmedDown, kConfirmedUp, kProprietary}) {
    const auto frame = hex(text);
    for (std::size_t n = 0; n <= frame.size(); ++n) inputs.emplace_back(frame.begin(), frame.begin() + n);
  }
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<int> byte(0, 255);
  for (std::size_t len = 0; len <= 300; ++len) {
    for (int rep = 0; rep < 40; ++rep) {
      std::vector<std::uint8_t> frame(len);
      for (auto& b : frame) b = static_cast<std::uint8_t>(byte(rng));
      // Bias half of them toward valid MHDRs and small FOptsLen so the deeper paths run too.
      if (len > 0 && rep % 2 == 0) frame[0] = static_cast<std::uint8_t>(frame[0] & 0xE0);
      if (len > 5 && rep % 4 == 0) frame[5] = static_cast<std::uint8_t>(frame[5] & 0xF3);
      inputs.push_back(std::move(frame));
    }
  }
  std::size_t parsed_count = 0;
  for (const auto& input : inputs) {
    auto parsed = parse_phy_payload(input);
    if (!parsed.ok()) {
      EXPECT_FALSE(parsed.error().code.empty());
      EXPECT_FALSE(parsed.error().message.empty());
      continue;
    }
    ++parsed_count;
    auto out = serialize_phy_payload(*parsed);
    ASSERT_TRUE(out.ok()) << to_hex(input);
    EXPECT_EQ(to_vec(*out), input);
  }
  EXPECT_GT(parsed_count, 1000u);
}

}  // namespace
}  // namespace onechan::lorawan
