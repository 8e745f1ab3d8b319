// Frame-counter inference and classification (lorawan/fcnt.hpp).
//
// Independent references:
//  - TS001-1.0.3 section 4.3.1.5 / RP002-1.0.4 default settings: MAX_FCNT_GAP = 16384, frames further
//    ahead are discarded.
//  - ChirpStack v4, chirpstack/src/storage/device_session.rs, fn get_full_f_cnt_up and its test table
//    test_get_full_f_cnt_up (server "next expected" counter, 16 bits on air, expected 32-bit value).
//  - LoRaMac-node, src/mac/LoRaMacFCntHandler.c, LoRaMacGetFCntDown: difference of the low 16 bits,
//    > 0 adds it, == 0 is a duplicate, < 0 assumes one 16-bit roll-over; then the 1.0.x check
//    `current - previous >= maxFCntGap` fails the frame.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "lorawan/fcnt.hpp"

namespace onechan::lorawan {
namespace {

struct Case {
  std::string name;
  std::optional<std::uint32_t> last;
  std::uint16_t fcnt16;
  FCntPolicy policy;
  FCntVerdict verdict;
  std::uint32_t fcnt;
  std::uint32_t distance;
};

class FCntTable : public ::testing::TestWithParam<Case> {};

TEST_P(FCntTable, Classifies) {
  const Case& c = GetParam();
  const FCntCheck got = check_uplink_fcnt(c.last, c.fcnt16, c.policy);
  EXPECT_EQ(fcnt_verdict_name(got.verdict), std::string(fcnt_verdict_name(c.verdict)));
  EXPECT_EQ(got.fcnt, c.fcnt);
  EXPECT_EQ(got.distance, c.distance);
}

constexpr auto S = FCntPolicy::Strict;
constexpr auto R = FCntPolicy::Relaxed;
constexpr std::uint32_t kMax = 0xFFFFFFFF;

INSTANTIATE_TEST_SUITE_P(
    EdgeCases, FCntTable,
    ::testing::Values(
        // No history: upper 16 bits are 0, whatever arrives.
        Case{"first_frame_zero", std::nullopt, 0, S, FCntVerdict::New, 0, 0},
        Case{"first_frame_large", std::nullopt, 65535, S, FCntVerdict::New, 65535, 0},
        Case{"first_frame_relaxed", std::nullopt, 7, R, FCntVerdict::New, 7, 0},
        // Counting from 0.
        Case{"zero_repeated", 0u, 0, S, FCntVerdict::Retransmission, 0, 0},
        Case{"zero_to_one", 0u, 1, S, FCntVerdict::New, 1, 1},
        Case{"ordinary_step", 41u, 42, S, FCntVerdict::New, 42, 1},
        Case{"lost_frames", 100u, 150, S, FCntVerdict::New, 150, 50},
        // 16-bit roll-over: 65535 then 0 on air is 65536.
        Case{"rollover_65535_to_65536", 65535u, 0, S, FCntVerdict::New, 65536, 1},
        Case{"rollover_with_loss", 65530u, 4, S, FCntVerdict::New, 65540, 10},
        Case{"second_rollover", 0x1FFFFu, 0, S, FCntVerdict::New, 0x20000, 1},
        Case{"after_rollover_retransmission", 65536u, 0, S, FCntVerdict::Retransmission, 65536, 0},
        // MAX_FCNT_GAP: a jump of exactly 16384 is accepted, 16385 is not.
        Case{"gap_exactly_16384", 0u, 16384, S, FCntVerdict::New, 16384, 16384},
        Case{"gap_16385", 0u, 16385, S, FCntVerdict::TooFarAhead, 16385, 16385},
        Case{"gap_16384_across_rollover", 60000u, 10848, S, FCntVerdict::New, 76384, 16384},
        Case{"gap_16385_across_rollover", 60000u, 10849, S, FCntVerdict::TooFarAhead, 76385, 16385},
        // Behind the last counter.
        Case{"one_behind", 42u, 41, S, FCntVerdict::Replay, 41, 1},
        Case{"far_behind_reported_as_replay", 70000u, 4000, S, FCntVerdict::Replay, 69536, 464},
        Case{"nearer_behind_than_ahead", 70000u, 50000, S, FCntVerdict::Replay, 50000, 20000},
        Case{"nearer_ahead_than_behind", 70000u, 30000, S, FCntVerdict::TooFarAhead, 95536, 25536},
        Case{"no_candidate_below_zero_msb", 100u, 50000, S, FCntVerdict::TooFarAhead, 50000, 49900},
        Case{"small_value_below_is_replay", 100u, 5, S, FCntVerdict::Replay, 5, 95},
        // The end of the 32-bit counter: no wrap to small values.
        Case{"reaches_max", kMax - 1, 0xFFFF, S, FCntVerdict::New, kMax, 1},
        Case{"at_max_repeated", kMax, 0xFFFF, S, FCntVerdict::Retransmission, kMax, 0},
        Case{"wrap_after_max_is_replay", kMax, 0, S, FCntVerdict::Replay, 0xFFFF0000, 65535},
        Case{"wrap_near_max_is_replay", kMax - 1, 0, S, FCntVerdict::Replay, 0xFFFF0000, 65534},
        Case{"wrap_after_max_small_gap", 0xFFFFFFF0u, 0x0005, S, FCntVerdict::Replay, 0xFFFF0005, 65515},
        // Relaxed policy: a small counter behind the last one is a reboot.
        Case{"relaxed_reset_to_zero", 5000u, 0, R, FCntVerdict::Reset, 0, 5000},
        Case{"relaxed_reset_to_small", 70000u, 3, R, FCntVerdict::Reset, 3, 69997},
        Case{"relaxed_reset_after_max", kMax, 1, R, FCntVerdict::Reset, 1, kMax - 1},
        Case{"relaxed_window_edge_127", 5000u, 127, R, FCntVerdict::Reset, 127, 4873},
        Case{"relaxed_window_edge_128_is_replay", 5000u, 128, R, FCntVerdict::Replay, 128, 4872},
        Case{"relaxed_still_accepts_new", 5000u, 5001, R, FCntVerdict::New, 5001, 1},
        Case{"relaxed_still_flags_retransmission", 5000u, 5000, R, FCntVerdict::Retransmission, 5000, 0},
        Case{"relaxed_too_far_ahead_unchanged", 0u, 40000, R, FCntVerdict::TooFarAhead, 40000, 40000}),
    [](const ::testing::TestParamInfo<Case>& param_info) { return param_info.param.name; });

TEST(FCnt, AdvancesCounterOnlyForNewAndReset) {
  EXPECT_TRUE((FCntCheck{FCntVerdict::New, 1, 1}.advances_counter()));
  EXPECT_TRUE((FCntCheck{FCntVerdict::Reset, 0, 9}.advances_counter()));
  EXPECT_FALSE((FCntCheck{FCntVerdict::Retransmission, 1, 0}.advances_counter()));
  EXPECT_FALSE((FCntCheck{FCntVerdict::Replay, 1, 1}.advances_counter()));
  EXPECT_FALSE((FCntCheck{FCntVerdict::TooFarAhead, 1, 1}.advances_counter()));
}

TEST(FCnt, VerdictNames) {
  EXPECT_STREQ(fcnt_verdict_name(FCntVerdict::New), "new");
  EXPECT_STREQ(fcnt_verdict_name(FCntVerdict::Retransmission), "retransmission");
  EXPECT_STREQ(fcnt_verdict_name(FCntVerdict::Replay), "replay");
  EXPECT_STREQ(fcnt_verdict_name(FCntVerdict::TooFarAhead), "too_far_ahead");
  EXPECT_STREQ(fcnt_verdict_name(FCntVerdict::Reset), "reset");
}

// ChirpStack's get_full_f_cnt_up test table, rows (server next-expected, device 16 bits, expected).
// ChirpStack stores the next expected counter (last + 1; 0 before the first frame), so
// last = next_expected - 1 and next_expected 0 means "no history".
TEST(FCnt, AgreesWithChirpStackTable) {
  struct Row {
    std::uint32_t next_expected;
    std::uint16_t on_air;
    std::uint32_t expected;
  };
  const Row rows[] = {
      {1, 1, 1},                            // frame-counter is as expected
      {1u << 16, 0, 1u << 16},              // frame-counter is as expected
      {(1u << 16) + 1, 1, (1u << 16) + 1},  // frame-counter is as expected
      {0, 1, 1},                            // one frame packet-loss
      {(1u << 16) + 1, 2, (1u << 16) + 2},  // one frame packet-loss
      {2, 1, 1},                            // re-transmission of previous frame
      {(1u << 16) + 1, 0, 1u << 16},        // re-transmission of previous frame
      {1u << 16, 0xFFFF, (1u << 16) - 1},   // re-transmission of previous frame
  };
  for (const Row& row : rows) {
    const std::optional<std::uint32_t> last =
        row.next_expected == 0 ? std::nullopt : std::optional<std::uint32_t>(row.next_expected - 1);
    EXPECT_EQ(check_uplink_fcnt(last, row.on_air).fcnt, row.expected)
        << "next_expected=" << row.next_expected;
  }
  // ChirpStack's last row (u32::MAX, 0, 0) wraps the 32-bit counter to 0. Onechan deliberately does not:
  // the same keys would see counter values again, so the frame is a replay until the device rejoins.
  const FCntCheck wrapped = check_uplink_fcnt(0xFFFFFFFEu, 0);
  EXPECT_EQ(wrapped.verdict, FCntVerdict::Replay);
  EXPECT_NE(wrapped.fcnt, 0u);
}

// LoRaMac-node's rule (LoRaMacGetFCntDown, LoRaWAN 1.0.x branch), evaluated by hand for each row:
// diff = on_air - (previous & 0xFFFF); diff > 0: previous + diff; diff == 0: duplicate;
// diff < 0: (previous & 0xFFFF0000) + 0x10000 + on_air; then current - previous >= 16384 fails.
TEST(FCnt, AgreesWithLoRaMacNodeRule) {
  enum class Node { Ok, Duplicate, MaxGapFail };
  struct Row {
    std::uint32_t previous;
    std::uint16_t on_air;
    std::uint32_t node_current;
    Node node_status;
  };
  const Row rows[] = {
      {10, 11, 11, Node::Ok},                // diff 1
      {10, 10, 10, Node::Duplicate},         // diff 0
      {65535, 0, 65536, Node::Ok},           // diff -65535: roll-over, gap 1
      {0x1FFF0, 0x0003, 0x20003, Node::Ok},  // roll-over with loss, gap 19
      {0, 16383, 16383, Node::Ok},           // gap 16383
      {0, 16384, 16384, Node::MaxGapFail},   // gap 16384: LoRaMac-node's `>=` rejects it
      {0, 16385, 16385, Node::MaxGapFail},   // gap 16385
      {100, 50, 65586, Node::MaxGapFail},    // older frame: read as a roll-over, gap 65486
  };
  for (const Row& row : rows) {
    const FCntCheck got = check_uplink_fcnt(row.previous, row.on_air);
    switch (row.node_status) {
      case Node::Ok:
        EXPECT_EQ(got.verdict, FCntVerdict::New) << row.previous << " " << row.on_air;
        EXPECT_EQ(got.fcnt, row.node_current);
        break;
      case Node::Duplicate:
        EXPECT_EQ(got.verdict, FCntVerdict::Retransmission);
        EXPECT_EQ(got.fcnt, row.node_current);
        break;
      case Node::MaxGapFail:
        if (row.node_current - row.previous == kMaxFCntGap) {
          // The one documented difference: the spec text says "greater than MAX_FCNT_GAP".
          EXPECT_EQ(got.verdict, FCntVerdict::New);
          EXPECT_EQ(got.fcnt, row.node_current);
        } else {
          EXPECT_FALSE(got.advances_counter()) << row.previous << " " << row.on_air;
        }
        break;
    }
  }
}

TEST(FCnt, DecodeExplicitMsbWins) {
  EXPECT_EQ(full_fcnt_for_decode(0x0005, std::uint16_t{0x0002}, 0x00010000u), 0x00020005u);
  EXPECT_EQ(full_fcnt_for_decode(0xFFFF, std::uint16_t{0xFFFF}, std::nullopt), 0xFFFFFFFFu);
  EXPECT_EQ(full_fcnt_for_decode(0x1234, std::uint16_t{0}, std::nullopt), 0x1234u);
}

TEST(FCnt, DecodeFromLastCounter) {
  EXPECT_EQ(full_fcnt_for_decode(0x0001, std::nullopt, 0x0001FFFFu), 0x00020001u);  // across roll-over
  EXPECT_EQ(full_fcnt_for_decode(0x0010, std::nullopt, 0x00030000u), 0x00030010u);
  EXPECT_EQ(full_fcnt_for_decode(0x0010, std::nullopt, std::nullopt), 0x0010u);  // no hint: MSB 0
}

}  // namespace
}  // namespace onechan::lorawan
