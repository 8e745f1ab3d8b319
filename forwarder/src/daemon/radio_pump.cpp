#include "daemon/radio_pump.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <type_traits>
#include <variant>

namespace onechan::daemon {

semtech::RxPacket to_rx_packet(const radio::RxMetadata& meta, std::span<const std::uint8_t> payload,
                               std::optional<std::int64_t> wall_time_unix_us) {
  semtech::RxPacket p;
  p.time_unix_us = wall_time_unix_us;
  p.tmst_us = meta.tmst();
  p.chan = 0;
  p.rfch = 0;
  p.frequency_hz = meta.frequency_hz;
  p.crc = semtech::CrcStatus::Ok;  // only frames with a good CRC reach here
  p.spreading_factor = meta.spreading_factor;
  p.bandwidth_hz = meta.bandwidth_hz;
  p.coding_rate = meta.coding_rate;
  p.rssi_dbm = meta.rssi_dbm;
  p.snr_centi_db = static_cast<std::int16_t>(meta.snr_quarter_db * 25);
  p.payload.assign(payload.first(std::min(payload.size(), p.payload.capacity())));
  return p;
}

std::optional<std::int64_t> system_wall_time_of(std::uint64_t monotonic_us) {
  const auto wall_now = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  const std::uint64_t mono_now = monotonic_now_us();
  return wall_now - static_cast<std::int64_t>(mono_now - std::min(monotonic_us, mono_now));
}

RadioPump::RadioPump(EventLoop& loop, radio::Sx1276& driver, radio::EdgeInputLine& dio0, Logger& log,
                     RadioPumpHandlers handlers, WallClock wall_clock)
    : loop_(loop),
      driver_(driver),
      dio0_(dio0),
      log_(log),
      handlers_(std::move(handlers)),
      wall_clock_(wall_clock ? std::move(wall_clock) : WallClock(system_wall_time_of)) {}

RadioPump::~RadioPump() {
  stop();
}

Result<void> RadioPump::start() {
  if (watching_) return {};
  if (auto w = loop_.watch(dio0_.fd(), [this] { on_dio0(); }); !w) return w;
  watching_ = true;
  return {};
}

void RadioPump::stop() {
  if (!watching_) return;
  loop_.unwatch(dio0_.fd());
  watching_ = false;
}

void RadioPump::on_dio0() {
  // One edge per call: the level-triggered loop calls again while edges are pending.
  auto event = driver_.handle_dio0();
  if (!event) {
    ++counters_.errors;
    log_.error("radio: " + event.error().message);
    return;
  }
  std::visit(
      [this](auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, radio::ReceivedFrame>) {
          ++counters_.frames_received;
          const auto packet = to_rx_packet(e.meta, e.payload, wall_clock_(e.meta.timestamp_us));
          if (log_.enabled(LogLevel::Debug)) {
            log_.debug("radio: frame of " + std::to_string(e.payload.size()) + " bytes, tmst " +
                       std::to_string(packet.tmst_us) + ", rssi " + std::to_string(e.meta.rssi_dbm) + " dBm");
          }
          if (handlers_.on_frame) handlers_.on_frame(packet);
        } else if constexpr (std::is_same_v<E, radio::DroppedFrame>) {
          ++counters_.frames_dropped;
          log_.debug(std::string("radio: frame dropped (") +
                     (e.reason == radio::DroppedFrame::Reason::crc_error ? "CRC error" : "no CRC") + ")");
          if (handlers_.on_dropped) handlers_.on_dropped(e);
        } else if constexpr (std::is_same_v<E, radio::TxDone>) {
          ++counters_.tx_done;
          if (handlers_.on_tx_done) handlers_.on_tx_done(e);
        }
      },
      *event);
}

}  // namespace onechan::daemon
