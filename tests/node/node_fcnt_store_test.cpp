// The frame-counter store against a simulated EEPROM that can lose power at any byte write.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "fcnt_store.h"

namespace {

// Byte-addressed EEPROM. Like avr-libc's eeprom_update_byte, a write of the value already there does not wear
// the cell. Power can be cut at the N-th write call: that write and every later one is lost, or the
// interrupted byte is left holding `torn_value` (a write cut half-way can leave anything).
class EepromSim {
 public:
  explicit EepromSim(std::size_t size = 1024) : cells_(size, 0xFF), wear_(size, 0) {}

  nv_ops ops() { return nv_ops{&EepromSim::read, &EepromSim::write, this}; }

  void cut_power_at_write(std::uint64_t index, std::optional<std::uint8_t> torn_value) {
    cut_at_ = index;
    torn_value_ = torn_value;
  }
  void restore_power() {
    cut_at_.reset();
    powered_ = true;
  }
  bool powered() const { return powered_; }
  std::uint64_t write_calls() const { return write_calls_; }
  const std::vector<std::uint32_t>& wear() const { return wear_; }
  std::vector<std::uint8_t>& cells() { return cells_; }

 private:
  static std::uint8_t read(void* ctx, std::uint16_t address) {
    return static_cast<EepromSim*>(ctx)->cells_.at(address);
  }
  static void write(void* ctx, std::uint16_t address, std::uint8_t value) {
    auto* self = static_cast<EepromSim*>(ctx);
    if (!self->powered_) return;
    std::uint64_t index = self->write_calls_++;
    if (self->cut_at_ && index == *self->cut_at_) {
      self->powered_ = false;
      if (self->torn_value_) self->cells_.at(address) = *self->torn_value_;
      return;
    }
    if (self->cells_.at(address) != value) {
      self->cells_[address] = value;
      ++self->wear_[address];
    }
  }

  std::vector<std::uint8_t> cells_;
  std::vector<std::uint32_t> wear_;
  std::uint64_t write_calls_ = 0;
  std::optional<std::uint64_t> cut_at_;
  std::optional<std::uint8_t> torn_value_;
  bool powered_ = true;
};

constexpr std::uint32_t kDevAddr = 0x26011BDA;

std::uint32_t reserve(fcnt_store& s) {
  std::uint32_t fcnt = 0;
  EXPECT_EQ(fcnt_store_reserve(&s, &fcnt), 1);
  return fcnt;
}

TEST(NodeFcntStore, BlankEepromStartsAtZeroAndCounts) {
  EepromSim eeprom;
  nv_ops nv = eeprom.ops();
  fcnt_store s;
  ASSERT_EQ(fcnt_store_open(&s, &nv, 0, 4, kDevAddr), 1);
  for (std::uint32_t i = 0; i < 10; ++i) EXPECT_EQ(reserve(s), i);
}

TEST(NodeFcntStore, ContinuesAfterRestart) {
  EepromSim eeprom;
  nv_ops nv = eeprom.ops();
  for (std::uint32_t boot = 0; boot < 5; ++boot) {
    fcnt_store s;
    ASSERT_EQ(fcnt_store_open(&s, &nv, 16, 3, kDevAddr), 1);
    for (std::uint32_t i = 0; i < 7; ++i) EXPECT_EQ(reserve(s), boot * 7 + i);
  }
}

// The layout node/firmware/fcnt_store.h documents (and docs in node/README.md rely on).
TEST(NodeFcntStore, LayoutIsAsDocumented) {
  EepromSim eeprom;
  nv_ops nv = eeprom.ops();
  fcnt_store s;
  ASSERT_EQ(fcnt_store_open(&s, &nv, 100, 3, kDevAddr), 1);
  reserve(s);
  reserve(s);
  EXPECT_EQ(reserve(s), 2u);
  const auto& c = eeprom.cells();
  EXPECT_EQ(std::vector<std::uint8_t>(c.begin() + 100, c.begin() + 105),
            (std::vector<std::uint8_t>{0xDA, 0x1B, 0x01, 0x26, FCNT_STORE_COMMITTED}));
  for (std::uint32_t slot = 0; slot < 3; ++slot) {
    std::size_t at = 105 + 5 * slot;
    EXPECT_EQ(std::vector<std::uint8_t>(c.begin() + at, c.begin() + at + 5),
              (std::vector<std::uint8_t>{static_cast<std::uint8_t>(slot), 0, 0, 0, FCNT_STORE_COMMITTED}));
  }
  EXPECT_EQ(c[99], 0xFF);   // nothing before base
  EXPECT_EQ(c[120], 0xFF);  // nothing after the ring (base + 5 * (1 + 3))
  EXPECT_EQ(FCNT_STORE_BYTES(3), 20u);
}

TEST(NodeFcntStore, NewDevAddrStartsANewSessionAtZero) {
  EepromSim eeprom;
  nv_ops nv = eeprom.ops();
  fcnt_store s;
  ASSERT_EQ(fcnt_store_open(&s, &nv, 0, 4, kDevAddr), 1);
  for (int i = 0; i < 9; ++i) reserve(s);
  ASSERT_EQ(fcnt_store_open(&s, &nv, 0, 4, 0x260B0001), 1);
  EXPECT_EQ(reserve(s), 0u);
  ASSERT_EQ(fcnt_store_open(&s, &nv, 0, 4, 0x260B0001), 1);
  EXPECT_EQ(reserve(s), 1u);
}

TEST(NodeFcntStore, NeedsTwoSlots) {
  EepromSim eeprom;
  nv_ops nv = eeprom.ops();
  fcnt_store s;
  EXPECT_EQ(fcnt_store_open(&s, &nv, 0, 1, kDevAddr), 0);
  std::uint32_t fcnt = 0;
  EXPECT_EQ(fcnt_store_reserve(&s, &fcnt), 0);
}

// LoRaWAN 1.0 counters do not wrap: after 0xFFFFFFFF the ABP session is over.
TEST(NodeFcntStore, StopsAtTheEndOfTheCounterSpace) {
  EepromSim eeprom;
  nv_ops nv = eeprom.ops();
  fcnt_store s;
  ASSERT_EQ(fcnt_store_open(&s, &nv, 0, 2, kDevAddr), 1);
  reserve(s);
  // Slot 0 (record 1, at byte 5) now says 0xFFFFFFFE.
  auto& c = eeprom.cells();
  c[5] = 0xFE;
  c[6] = c[7] = c[8] = 0xFF;
  ASSERT_EQ(fcnt_store_open(&s, &nv, 0, 2, kDevAddr), 1);
  EXPECT_EQ(reserve(s), 0xFFFFFFFFu);
  std::uint32_t fcnt = 0;
  EXPECT_EQ(fcnt_store_reserve(&s, &fcnt), 0);
  ASSERT_EQ(fcnt_store_open(&s, &nv, 0, 2, kDevAddr), 1);
  EXPECT_EQ(fcnt_store_reserve(&s, &fcnt), 0);
}

// Every slot takes its turn: each reservation rewrites one slot's commit byte twice and its low counter byte
// once, so with K slots a cell wears 2/K per uplink.
TEST(NodeFcntStore, WearIsSpreadOverTheRing) {
  constexpr std::uint8_t kSlots = 8;
  constexpr std::uint32_t kUplinks = 8000;
  EepromSim eeprom;
  nv_ops nv = eeprom.ops();
  fcnt_store s;
  ASSERT_EQ(fcnt_store_open(&s, &nv, 0, kSlots, kDevAddr), 1);
  for (std::uint32_t i = 0; i < kUplinks; ++i) reserve(s);

  std::vector<std::uint32_t> commit_wear;
  for (std::uint8_t slot = 0; slot < kSlots; ++slot) commit_wear.push_back(eeprom.wear()[5 + 5 * slot + 4]);
  auto [least, most] = std::minmax_element(commit_wear.begin(), commit_wear.end());
  EXPECT_LE(*most, 2 * kUplinks / kSlots + 2);  // + the formatting writes
  EXPECT_LE(*most - *least, 2u);
  std::uint32_t worst = *std::max_element(eeprom.wear().begin(), eeprom.wear().end());
  EXPECT_EQ(worst, *most);  // no cell wears faster than a commit byte
}

struct PowerLossCase {
  const char* name;
  std::uint32_t reservations_before;  // counters already used when the run under test starts
  std::optional<std::uint8_t> torn_value;
};

class NodeFcntStorePowerLoss : public ::testing::TestWithParam<PowerLossCase> {};

// Cuts the power at every single write of a start-up plus a run of reservations, then restarts: the next
// counter must be above every counter whose reservation completed (it may have gone on air) and at most one
// above the counter that was being written when the power went.
TEST_P(NodeFcntStorePowerLoss, NoCounterIsEverReused) {
  constexpr std::uint8_t kSlots = 3;
  constexpr std::uint32_t kReservations = 2 * kSlots + 2;  // wraps around the ring
  const PowerLossCase& param = GetParam();

  EepromSim prepared;
  {
    nv_ops nv = prepared.ops();
    fcnt_store s;
    ASSERT_EQ(fcnt_store_open(&s, &nv, 0, kSlots, kDevAddr), 1);
    for (std::uint32_t i = 0; i < param.reservations_before; ++i) reserve(s);
  }
  const std::vector<std::uint8_t> image = prepared.cells();

  std::uint64_t writes_in_run = 0;
  {
    EepromSim eeprom;
    eeprom.cells() = image;
    nv_ops nv = eeprom.ops();
    fcnt_store s;
    fcnt_store_open(&s, &nv, 0, kSlots, kDevAddr);
    for (std::uint32_t i = 0; i < kReservations; ++i) reserve(s);
    writes_in_run = eeprom.write_calls();
  }
  ASSERT_GT(writes_in_run, 0u);

  for (std::uint64_t cut = 0; cut < writes_in_run; ++cut) {
    EepromSim eeprom;
    eeprom.cells() = image;
    eeprom.cut_power_at_write(cut, param.torn_value);
    nv_ops nv = eeprom.ops();
    fcnt_store s;
    std::optional<std::uint32_t> last_completed;
    fcnt_store_open(&s, &nv, 0, kSlots, kDevAddr);
    for (std::uint32_t i = 0; i < kReservations && eeprom.powered(); ++i) {
      std::uint32_t fcnt = 0;
      fcnt_store_reserve(&s, &fcnt);
      if (eeprom.powered()) last_completed = fcnt;  // returned with power on: may have been sent
    }
    ASSERT_FALSE(eeprom.powered()) << "cut " << cut << " never happened";

    eeprom.restore_power();
    fcnt_store after;
    ASSERT_EQ(fcnt_store_open(&after, &nv, 0, kSlots, kDevAddr), 1);
    std::uint32_t lowest_allowed = last_completed ? *last_completed + 1 : param.reservations_before;
    std::uint32_t next = reserve(after);
    EXPECT_GE(next, lowest_allowed) << "cut at write " << cut;
    EXPECT_LE(next, lowest_allowed + 1) << "cut at write " << cut;
    // And it keeps counting from there.
    EXPECT_EQ(reserve(after), next + 1) << "cut at write " << cut;
    fcnt_store again;
    ASSERT_EQ(fcnt_store_open(&again, &nv, 0, kSlots, kDevAddr), 1);
    EXPECT_EQ(reserve(again), next + 2) << "cut at write " << cut;
  }
}

INSTANTIATE_TEST_SUITE_P(Cuts, NodeFcntStorePowerLoss,
                         ::testing::Values(PowerLossCase{"BlankWriteLost", 0, std::nullopt},
                                           PowerLossCase{"BlankTorn00", 0, 0x00},
                                           PowerLossCase{"BlankTornCommit", 0, FCNT_STORE_COMMITTED},
                                           PowerLossCase{"RunningWriteLost", 11, std::nullopt},
                                           PowerLossCase{"RunningTorn00", 11, 0x00},
                                           PowerLossCase{"RunningTornFF", 11, 0xFF},
                                           PowerLossCase{"RunningTornCommit", 11, FCNT_STORE_COMMITTED},
                                           PowerLossCase{"RunningTorn5A", 11, 0x5A}),
                         [](const ::testing::TestParamInfo<PowerLossCase>& case_info) {
                           return std::string(case_info.param.name);
                         });

}  // namespace
