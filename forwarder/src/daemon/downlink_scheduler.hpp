// Downlinks from the network servers onto the radio: each PULL_RESP's txpk (semtech::DownlinkRequest) is
// judged against the region, the board and the clock, answered with exactly one TX_ACK, and if accepted
// transmitted through the SX1276 driver at its time (docs/semtech-udp.md, "Downlink scheduling").
//
// The order of the checks, and the answer of each (a request fails at the first check it does not pass):
//   1. timed by `tmms` only                              -> GPS_UNLOCKED (no GPS on this gateway)
//   2. frequency outside the SX1276's bands, or outside every transmit band of the region (whole channel),
//      a data rate the region does not define for downlinks or the driver does not send (SF5/SF6),
//      an empty payload                                  -> TX_FREQ ("the TX chain cannot emit this", as
//                                                           docs/semtech-udp.md maps malformed requests)
//   3. power: the legal limit is min(band's max EIRP - antenna gain, board max, 20 dBm PA_BOOST max).
//      A limit below the PA_BOOST minimum of 2 dBm     -> TX_POWER (no legal power exists)
//      Otherwise the power is clamped into 2..limit and, when that changed it, the answer is NONE with
//      the v1.5 warning "warn":"TX_POWER","value":<used>. This is what Semtech's lora_pkt_fwd does: it
//      picks the nearest lower power of its TX gain table and warns with the power used.
//      No "powe": the region's default EIRP minus the antenna gain, clamped the same way, without warning.
//   4. time (tmst mapped to the monotonic clock, see monotonic_of_tmst):
//      start - now < min_lead_us                         -> TOO_LATE
//      start - now > max_advance_us                      -> TOO_EARLY
//   5. its busy window overlaps one already accepted, the radio is busy in TX, or max_queued requests
//      are waiting                                       -> COLLISION_PACKET
// then NONE: the TX_ACK goes out at once, before the transmission, as Semtech's forwarder does (its
// thread_down answers right after jit_enqueue()); the TxDone is only counted.
//
// On the radio (the driver's documented protocol, radio/sx1276.hpp): an event-loop timer at
// start - prepare_lead_us calls prepare_tx() (which leaves RX and loads the FIFO), a second timer at the
// start calls start_tx(), and a third at tx_deadline_us() recovers with handle_tx_timeout() if no TxDone
// came. TxDone reaches on_tx_done() from RadioPump's on_tx_done handler; the driver itself resumes RX.
// `imme` requests are prepared and started at once.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "daemon/event_loop.hpp"
#include "daemon/log.hpp"
#include "lorawan/region.hpp"
#include "radio/radio_config.hpp"
#include "radio/sx1276.hpp"
#include "semtech/server_session.hpp"
#include "semtech/tx_ack.hpp"

namespace onechan::daemon {

struct DownlinkOptions {
  const lorawan::Region* region = nullptr;  // required (lorawan::find_region)
  std::int8_t board_max_power_dbm = 14;     // the board's PA and antenna path
  std::int8_t antenna_gain_dbi = 0;         // subtracted from the region's EIRP limits
  std::uint8_t sync_word = 0x34;            // public LoRaWAN networks
  // prepare_tx() runs this long before the start time (the radio stops receiving from then on).
  std::uint64_t prepare_lead_us = 10'000;
  // Less than this left before the start: TOO_LATE. Loading the FIFO is ~30 register writes and one
  // burst of up to 255 bytes (well under 2 ms on spidev), plus the loop's timer latency.
  std::uint64_t min_lead_us = 5'000;
  // More than this ahead: TOO_EARLY. Semtech's lora_pkt_fwd (jitqueue.c TX_MAX_ADVANCE_DELAY):
  // (JIT_NUM_BEACON_IN_QUEUE + 1) * 128 s = 512 s. A LoRaWAN RX2 window of a join accept is 6 s after the
  // uplink, so a limit of a few seconds would refuse legitimate early schedules.
  std::uint64_t max_advance_us = 512'000'000;
  // Kept free between two transmissions (Semtech's TX_MARGIN_DELAY, 1 ms).
  std::uint64_t guard_us = 1'000;
  // Accepted, not yet transmitted (Semtech's JIT_QUEUE_MAX is 32; a full queue answers COLLISION_PACKET).
  std::size_t max_queued = 32;
};

// What a request is answered with. power_warning_dbm set: NONE with the "warn":"TX_POWER" form.
struct TxAckDecision {
  semtech::TxAckError error = semtech::TxAckError::None;
  std::optional<int> power_warning_dbm;
  std::string reason;  // for the log: why it was refused or changed ("" when accepted unchanged)
};

// Sends the TX_ACK for `token` (NetworkServerLink::send_tx_ack / send_tx_ack_power_warning of the link
// the request came from).
using TxAckSender = std::function<void(std::uint16_t token, const TxAckDecision& decision)>;

struct DownlinkCounters {
  std::uint64_t requests = 0;     // submitted (the stat's dwnb counts PULL_RESPs in the session)
  std::uint64_t accepted = 0;     // answered NONE
  std::uint64_t transmitted = 0;  // TxDone seen (the stat's txnb: GatewaySnapshot::tx_emitted_total)
  std::uint64_t power_clamped = 0;
  std::array<std::uint64_t, 8> rejected{};  // indexed by TxAckError (None stays 0)
  std::uint64_t radio_failures = 0;         // accepted, but prepare_tx/start_tx failed: nothing was sent
  std::uint64_t skipped_busy = 0;           // accepted, but the radio was still busy at prepare time
  std::uint64_t tx_timeouts = 0;            // no TxDone by the driver's deadline
  std::int64_t last_lateness_us = 0;        // TxDone::lateness_us of the last timed transmission
  std::int64_t max_lateness_us = 0;
};

// The result of checks 1-3 (region, board, power) for one request: the radio request to send, or why not.
struct CheckedDownlink {
  TxAckDecision decision;  // error != None: refused
  radio::TxRequest radio;  // meaningful when accepted; start_at_us not set
  std::uint64_t time_on_air_us = 0;
};
CheckedDownlink check_downlink(const semtech::TxRequest& request, const DownlinkOptions& options);

// The monotonic µs time whose low 32 bits are `tmst` and which is nearest to `now_us` (the radio's tmst
// is the low 32 bits of CLOCK_MONOTONIC µs, radio_pump.hpp), so a tmst just after a wrap maps forward and
// one just before maps back. Never below 0.
std::uint64_t monotonic_of_tmst(std::uint32_t tmst, std::uint64_t now_us);

class DownlinkScheduler {
 public:
  DownlinkScheduler(EventLoop& loop, radio::Sx1276& driver, Logger& log, DownlinkOptions options);
  ~DownlinkScheduler();
  DownlinkScheduler(const DownlinkScheduler&) = delete;
  DownlinkScheduler& operator=(const DownlinkScheduler&) = delete;

  // Judges the request, answers it through send_ack (always exactly once, before returning) and, when
  // accepted, schedules it. Returns the answer sent.
  TxAckDecision submit(const semtech::DownlinkRequest& request, const TxAckSender& send_ack);

  // RadioPump's on_tx_done: the transmission in progress ended.
  void on_tx_done(const radio::TxDone& done);

  // Drops everything accepted but not started (cancel_tx() if prepared) and cancels the timers; a
  // transmission already on the air finishes on its own. For shutdown.
  void stop();

  const DownlinkCounters& counters() const { return counters_; }
  std::size_t queued() const { return queue_.size(); }

 private:
  struct Pending {
    std::uint16_t token = 0;
    radio::TxRequest radio;
    std::vector<std::uint8_t> payload;
    std::uint64_t time_on_air_us = 0;
    bool immediate = false;
    TimerId prepare_timer = 0;
    TimerId start_timer = 0;
  };

  TxAckDecision judge_timing(const semtech::TxRequest& request, std::uint64_t now_us, std::uint64_t toa_us,
                             std::uint64_t* start_us) const;
  bool collides(std::uint64_t start_us, std::uint64_t toa_us) const;
  void prepare(std::uint64_t start_us);
  void start(std::uint64_t start_us);
  void on_deadline();
  void finish_active();
  void drop(std::uint64_t start_us, const std::string& why);

  EventLoop& loop_;
  radio::Sx1276& driver_;
  Logger& log_;
  DownlinkOptions options_;
  DownlinkCounters counters_;
  std::map<std::uint64_t, Pending> queue_;  // by start time (monotonic µs); distinct: overlaps are refused
  std::optional<std::uint64_t> active_;     // the entry prepared or on the air
  TimerId deadline_timer_ = 0;
};

}  // namespace onechan::daemon
