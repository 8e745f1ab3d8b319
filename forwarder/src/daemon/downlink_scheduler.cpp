#include "daemon/downlink_scheduler.hpp"

#include <algorithm>
#include <utility>

#include "lorawan/airtime.hpp"

namespace onechan::daemon {
namespace {

using semtech::TxAckError;

constexpr int kPaBoostMinDbm = 2;  // datasheet 5.4.2: PA_BOOST covers 2..20 dBm
constexpr int kPaBoostMaxDbm = 20;

TxAckDecision refuse(TxAckError error, std::string reason) {
  return {error, std::nullopt, std::move(reason)};
}

std::string mhz_text(std::uint32_t hz) {
  std::string frac = std::to_string(hz % 1'000'000);
  return std::to_string(hz / 1'000'000) + "." + std::string(6 - frac.size(), '0') + frac + " MHz";
}

}  // namespace

std::uint64_t monotonic_of_tmst(std::uint32_t tmst, std::uint64_t now_us) {
  constexpr std::uint64_t kWrap = std::uint64_t{1} << 32;
  const std::uint64_t base = (now_us & ~(kWrap - 1)) | tmst;
  std::uint64_t best = base;
  const auto distance = [now_us](std::uint64_t t) { return t > now_us ? t - now_us : now_us - t; };
  if (base >= kWrap && distance(base - kWrap) < distance(best)) best = base - kWrap;
  if (distance(base + kWrap) < distance(best)) best = base + kWrap;
  return best;
}

CheckedDownlink check_downlink(const semtech::TxRequest& request, const DownlinkOptions& options) {
  CheckedDownlink out;
  if (request.timing.kind == semtech::TxTiming::Kind::GpsTime) {
    out.decision = refuse(TxAckError::GpsUnlocked, "timed by tmms (GPS time) and this gateway has no GPS");
    return out;
  }
  const lorawan::Region& region = *options.region;
  if (!radio::frequency_in_sx1276_bands(request.frequency_hz)) {
    out.decision =
        refuse(TxAckError::TxFreq, mhz_text(request.frequency_hz) + " is outside the SX1276's bands");
    return out;
  }
  const lorawan::LoRaDataRate datr{request.spreading_factor, request.bandwidth_hz};
  // The lowest possible power, so that only the frequency and the data rate are judged here.
  if (auto allowed = region.is_allowed_tx(request.frequency_hz, -1000, datr); !allowed) {
    out.decision = refuse(TxAckError::TxFreq, allowed.error().message);
    return out;
  }
  if (request.payload.size() == 0) {
    out.decision = refuse(TxAckError::TxFreq, "empty payload: the radio sends 1..255 bytes");
    return out;
  }

  const std::optional<lorawan::TxBand> band = region.find_tx_band(request.frequency_hz, request.bandwidth_hz);
  const int limit = std::min({band->max_eirp_dbm - options.antenna_gain_dbi,
                              static_cast<int>(options.board_max_power_dbm), kPaBoostMaxDbm});
  if (limit < kPaBoostMinDbm) {
    out.decision = refuse(TxAckError::TxPower, "no legal power at " + mhz_text(request.frequency_hz) +
                                                   ": the limit is " + std::to_string(limit) +
                                                   " dBm, below the radio's 2 dBm minimum");
    return out;
  }
  int power = 0;
  if (request.power_dbm) {
    power = std::clamp<int>(*request.power_dbm, kPaBoostMinDbm, limit);
    if (power != *request.power_dbm) {
      out.decision.power_warning_dbm = power;
      out.decision.reason = "powe " + std::to_string(*request.power_dbm) + " dBm changed to " +
                            std::to_string(power) + " dBm (limit " + std::to_string(limit) + " dBm)";
    }
  } else {
    power = std::clamp<int>(region.default_max_eirp_dbm - options.antenna_gain_dbi, kPaBoostMinDbm, limit);
  }

  radio::TxRequest& tx = out.radio;
  tx.frequency_hz = request.frequency_hz;
  tx.spreading_factor = request.spreading_factor;
  tx.bandwidth_hz = request.bandwidth_hz;
  tx.coding_rate = request.coding_rate;
  tx.power_dbm = static_cast<std::int8_t>(power);
  tx.regional_max_power_dbm = static_cast<std::int8_t>(limit);
  tx.invert_iq = request.invert_iq;
  tx.crc_on = !request.crc_off;
  tx.sync_word = options.sync_word;
  tx.preamble_symbols = request.preamble_symbols;
  if (auto valid = radio::validate(tx); !valid) {  // e.g. SF5/SF6, which the driver does not send
    out.decision = refuse(TxAckError::TxFreq, valid.error().message);
    return out;
  }

  lorawan::LoRaTxParams air;
  air.spreading_factor = request.spreading_factor;
  air.bandwidth_hz = request.bandwidth_hz;
  air.coding_rate = static_cast<std::uint8_t>(request.coding_rate - 4);
  air.preamble_symbols = request.preamble_symbols;
  air.crc = tx.crc_on;
  auto toa = lorawan::lora_time_on_air_us(air, request.payload.size());
  if (!toa) {
    out.decision = refuse(TxAckError::TxFreq, toa.error().message);
    return out;
  }
  out.time_on_air_us = *toa;
  return out;
}

DownlinkScheduler::DownlinkScheduler(EventLoop& loop, radio::Sx1276& driver, Logger& log,
                                     DownlinkOptions options)
    : loop_(loop), driver_(driver), log_(log), options_(options) {}

DownlinkScheduler::~DownlinkScheduler() {
  stop();
  if (deadline_timer_ != 0) loop_.cancel_timer(deadline_timer_);
}

TxAckDecision DownlinkScheduler::judge_timing(const semtech::TxRequest& request, std::uint64_t now_us,
                                              std::uint64_t toa_us, std::uint64_t* start_us) const {
  if (request.timing.kind == semtech::TxTiming::Kind::Immediate) {
    *start_us = now_us;
  } else {
    *start_us = monotonic_of_tmst(request.timing.tmst_us, now_us);
    const auto ahead = static_cast<std::int64_t>(*start_us - now_us);
    if (ahead < static_cast<std::int64_t>(options_.min_lead_us)) {
      return refuse(TxAckError::TooLate, "tmst " + std::to_string(request.timing.tmst_us) + " is " +
                                             std::to_string(ahead) + " µs from now (at least " +
                                             std::to_string(options_.min_lead_us) + " µs needed)");
    }
    if (static_cast<std::uint64_t>(ahead) > options_.max_advance_us) {
      return refuse(TxAckError::TooEarly, "tmst " + std::to_string(request.timing.tmst_us) + " is " +
                                              std::to_string(ahead) + " µs ahead (at most " +
                                              std::to_string(options_.max_advance_us) + " µs)");
    }
  }
  if (driver_.state() == radio::RadioState::transmitting && !active_) {
    return refuse(TxAckError::CollisionPacket, "the radio is transmitting");
  }
  if (request.timing.kind == semtech::TxTiming::Kind::Immediate && active_) {
    return refuse(TxAckError::CollisionPacket, "the radio is busy with another downlink");
  }
  if (collides(*start_us, toa_us)) {
    return refuse(TxAckError::CollisionPacket, "overlaps a downlink already scheduled");
  }
  if (queue_.size() >= options_.max_queued) {
    return refuse(TxAckError::CollisionPacket,
                  std::to_string(queue_.size()) + " downlinks already wait (the most accepted)");
  }
  return {};
}

bool DownlinkScheduler::collides(std::uint64_t start_us, std::uint64_t toa_us) const {
  // The radio is taken from prepare_tx() (start - prepare_lead) until the end of the frame plus a guard.
  const auto window = [this](std::uint64_t start, std::uint64_t toa) {
    const std::uint64_t begin = start > options_.prepare_lead_us ? start - options_.prepare_lead_us : 0;
    return std::pair{begin, start + toa + options_.guard_us};
  };
  const auto [begin, end] = window(start_us, toa_us);
  for (const auto& [other_start, other] : queue_) {
    const auto [ob, oe] = window(other_start, other.time_on_air_us);
    if (begin < oe && ob < end) return true;
  }
  return false;
}

TxAckDecision DownlinkScheduler::submit(const semtech::DownlinkRequest& request,
                                        const TxAckSender& send_ack) {
  ++counters_.requests;
  const semtech::TxRequest& r = request.request;
  CheckedDownlink checked = check_downlink(r, options_);
  TxAckDecision decision = checked.decision;
  std::uint64_t start_us = 0;
  const std::uint64_t now = monotonic_now_us();
  if (decision.error == TxAckError::None) {
    TxAckDecision timing = judge_timing(r, now, checked.time_on_air_us, &start_us);
    if (timing.error != TxAckError::None) decision = std::move(timing);
  }

  const std::string what = "downlink (token " + std::to_string(request.token) + ", " +
                           mhz_text(r.frequency_hz) + " SF" + std::to_string(r.spreading_factor) + ")";
  if (decision.error != TxAckError::None) {
    ++counters_.rejected[static_cast<std::size_t>(decision.error)];
    log_.warning(what + " refused with " + semtech::tx_ack_error_name(decision.error) + ": " +
                 decision.reason);
    send_ack(request.token, decision);
    return decision;
  }

  ++counters_.accepted;
  if (decision.power_warning_dbm) {
    ++counters_.power_clamped;
    log_.warning(what + ": " + decision.reason);
  }
  Pending p;
  p.token = request.token;
  p.radio = checked.radio;
  p.payload.assign(r.payload.begin(), r.payload.end());
  p.time_on_air_us = checked.time_on_air_us;
  p.immediate = r.timing.kind == semtech::TxTiming::Kind::Immediate;
  if (!p.immediate) p.radio.start_at_us = start_us;
  log_.info(what + " accepted: " +
            (p.immediate ? std::string("now") : "in " + std::to_string(start_us - now) + " µs") + ", " +
            std::to_string(p.time_on_air_us) + " µs on air");
  auto [it, inserted] = queue_.emplace(start_us, std::move(p));
  // The answer goes out before the radio is touched, as Semtech's forwarder answers after enqueueing.
  send_ack(request.token, decision);

  if (it->second.immediate) {
    prepare(start_us);
    if (active_ == start_us) start(start_us);
  } else {
    const std::uint64_t prepare_at =
        start_us > options_.prepare_lead_us ? start_us - options_.prepare_lead_us : 0;
    it->second.prepare_timer = loop_.add_timer_at(prepare_at, [this, start_us] {
      auto found = queue_.find(start_us);
      if (found != queue_.end()) found->second.prepare_timer = 0;
      prepare(start_us);
    });
  }
  return decision;
}

void DownlinkScheduler::prepare(std::uint64_t start_us) {
  auto it = queue_.find(start_us);
  if (it == queue_.end()) return;
  if (active_ || driver_.state() == radio::RadioState::transmitting ||
      driver_.state() == radio::RadioState::tx_prepared) {
    ++counters_.skipped_busy;
    drop(start_us, "the radio is still busy with another transmission");
    return;
  }
  auto prepared = driver_.prepare_tx(it->second.radio, it->second.payload);
  if (!prepared) {
    ++counters_.radio_failures;
    drop(start_us, "prepare_tx failed: " + prepared.error().message);
    return;
  }
  active_ = start_us;
  if (!it->second.immediate) {
    it->second.start_timer = loop_.add_timer_at(start_us, [this, start_us] {
      auto found = queue_.find(start_us);
      if (found != queue_.end()) found->second.start_timer = 0;
      start(start_us);
    });
  }
}

void DownlinkScheduler::start(std::uint64_t start_us) {
  if (active_ != start_us || queue_.count(start_us) == 0) return;
  if (auto s = driver_.start_tx(); !s) {
    ++counters_.radio_failures;
    active_.reset();
    drop(start_us, "start_tx failed: " + s.error().message);
    return;
  }
  if (auto deadline = driver_.tx_deadline_us()) {
    deadline_timer_ = loop_.add_timer_at(*deadline, [this] {
      deadline_timer_ = 0;
      on_deadline();
    });
  }
}

void DownlinkScheduler::on_tx_done(const radio::TxDone& done) {
  if (!active_) {
    log_.debug("TxDone without a downlink of the scheduler in progress: ignored");
    return;
  }
  ++counters_.transmitted;
  if (done.requested_start_us) {
    counters_.last_lateness_us = done.lateness_us;
    counters_.max_lateness_us = std::max(counters_.max_lateness_us, done.lateness_us);
  }
  auto it = queue_.find(*active_);
  if (it != queue_.end()) {
    log_.debug("downlink (token " + std::to_string(it->second.token) + ") sent at " +
               std::to_string(done.power_dbm) + " dBm, " + std::to_string(done.lateness_us) + " µs late");
  }
  finish_active();
}

void DownlinkScheduler::on_deadline() {
  if (!active_) return;
  if (driver_.state() == radio::RadioState::transmitting) {
    ++counters_.tx_timeouts;
    if (auto s = driver_.handle_tx_timeout(); !s) log_.error("radio: " + s.error().message);
    log_.warning("downlink: no TxDone by the deadline (DIO0 not wired?); the radio is back in RX");
  }
  finish_active();
}

void DownlinkScheduler::finish_active() {
  if (deadline_timer_ != 0) {
    loop_.cancel_timer(deadline_timer_);
    deadline_timer_ = 0;
  }
  if (active_) queue_.erase(*active_);
  active_.reset();
}

void DownlinkScheduler::drop(std::uint64_t start_us, const std::string& why) {
  auto it = queue_.find(start_us);
  if (it == queue_.end()) return;
  if (it->second.prepare_timer != 0) loop_.cancel_timer(it->second.prepare_timer);
  if (it->second.start_timer != 0) loop_.cancel_timer(it->second.start_timer);
  log_.error("downlink (token " + std::to_string(it->second.token) + ") not sent: " + why);
  queue_.erase(it);
}

void DownlinkScheduler::stop() {
  if (active_ && driver_.state() == radio::RadioState::tx_prepared) {
    if (auto s = driver_.cancel_tx(); !s) log_.error("radio: " + s.error().message);
    queue_.erase(*active_);
    active_.reset();
  }
  for (auto it = queue_.begin(); it != queue_.end();) {
    if (active_ == it->first) {
      ++it;
      continue;
    }
    if (it->second.prepare_timer != 0) loop_.cancel_timer(it->second.prepare_timer);
    if (it->second.start_timer != 0) loop_.cancel_timer(it->second.start_timer);
    it = queue_.erase(it);
  }
}

}  // namespace onechan::daemon
