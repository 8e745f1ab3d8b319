// `onechan air send|listen`: put one LoRa frame on the virtual air, or print each transmission heard on
// it as a JSON line (docs/cli.md; the datagram format is docs/virtual-air.md).
#include <poll.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "cli/frame_input.hpp"
#include "lorawan/hex.hpp"
#include "radio/air_frame.hpp"
#include "radio/sim/air_datagram.hpp"
#include "radio/sim/air_socket.hpp"

namespace onechan::cli {
namespace {

using Json = nlohmann::ordered_json;
namespace sim = onechan::radio::sim;

struct SendOptions {
  std::string to;
  std::uint32_t frequency_hz = 868'100'000;
  unsigned spreading_factor = 7;
  std::uint32_t bandwidth_hz = 125'000;
  unsigned coding_rate = 5;
  std::string sync_word = "0x34";
  bool iq_inverted = false;
  bool no_crc = false;
  bool bad_crc = false;
  int rssi_dbm = -60;
  double snr_db = 9.5;
  std::string payload;
};

struct ListenOptions {
  std::string on;
  std::optional<std::uint64_t> count;
  std::optional<std::uint64_t> timeout_ms;
};

int send_error(const std::string& message) {
  std::fprintf(stderr, "onechan air send: %s\n", message.c_str());
  return 2;
}

// "0x34" (hex) or "52" (decimal).
std::optional<std::uint8_t> parse_byte(const std::string& text) {
  if (text.empty()) return std::nullopt;
  std::size_t used = 0;
  unsigned long v = 0;
  try {
    v = std::stoul(text, &used, 0);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (used != text.size() || v > 0xFF) return std::nullopt;
  return static_cast<std::uint8_t>(v);
}

int run_send(const SendOptions& o) {
  std::string error;
  const auto to = sim::parse_air_address(o.to, &error);
  if (!to) return send_error("--to: " + error);
  if (to->port == 0) return send_error("--to: port 0 cannot be sent to");
  if (o.spreading_factor < 6 || o.spreading_factor > 12) {
    return send_error("--sf: spreading factor " + std::to_string(o.spreading_factor) + " is outside 6..12");
  }
  if (o.coding_rate < 5 || o.coding_rate > 8) {
    return send_error("--cr: coding rate 4/" + std::to_string(o.coding_rate) +
                      " is outside 4/5..4/8 (give 5..8)");
  }
  const auto sync = parse_byte(o.sync_word);
  if (!sync) return send_error("--sync-word: '" + o.sync_word + "' is not a byte (0x34, or 0..255)");
  if (o.rssi_dbm < -200 || o.rssi_dbm > 30) {
    return send_error("--rssi: " + std::to_string(o.rssi_dbm) + " dBm is outside -200..30");
  }
  if (!std::isfinite(o.snr_db) || o.snr_db < -50.0 || o.snr_db > 50.0) {
    return send_error("--snr: " + std::to_string(o.snr_db) + " dB is outside -50..50");
  }
  auto payload = parse_frame_text(o.payload);
  if (!payload) return send_error("payload: " + payload.error().message);

  radio::AirFrame frame;
  frame.frequency_hz = o.frequency_hz;
  frame.spreading_factor = static_cast<std::uint8_t>(o.spreading_factor);
  frame.bandwidth_hz = o.bandwidth_hz;
  frame.coding_rate = static_cast<std::uint8_t>(o.coding_rate);
  frame.sync_word = *sync;
  frame.iq_inverted = o.iq_inverted;
  frame.crc_on = !o.no_crc;
  frame.crc_ok = !o.bad_crc;
  frame.rssi_dbm = static_cast<std::int16_t>(o.rssi_dbm);
  frame.snr_centi_db = static_cast<std::int16_t>(std::lround(o.snr_db * 100.0));
  frame.payload = std::move(payload.value());
  auto datagram = sim::encode_air_datagram(frame);
  if (!datagram) return send_error(datagram.error().message);

  sim::AirSocket socket;
  if (!socket.open(&error) || !socket.send_to(*to, datagram.value(), &error)) return send_error(error);
  return 0;
}

Json frame_json(const radio::AirFrame& f) {
  char sync[8];
  std::snprintf(sync, sizeof sync, "0x%02X", f.sync_word);
  Json j;
  j["frequency_hz"] = f.frequency_hz;
  j["sf"] = f.spreading_factor;
  j["bw_hz"] = f.bandwidth_hz;
  j["cr"] = "4/" + std::to_string(f.coding_rate);
  j["sync_word"] = sync;
  j["iq_inverted"] = f.iq_inverted;
  j["crc_on"] = f.crc_on;
  j["crc_ok"] = f.crc_ok;
  j["rssi"] = f.rssi_dbm;
  j["snr"] = f.snr_centi_db / 100.0;
  j["size"] = f.payload.size();
  j["payload"] = to_hex(ByteSpan(f.payload.data(), f.payload.size()));
  return j;
}

int run_listen(const ListenOptions& o) {
  std::string error;
  const auto on = sim::parse_air_address(o.on, &error);
  if (!on) {
    std::fprintf(stderr, "onechan air listen: --on: %s\n", error.c_str());
    return 2;
  }
  sim::AirSocket socket;
  if (!socket.bind(*on, &error)) {
    std::fprintf(stderr, "onechan air listen: --on: %s\n", error.c_str());
    return 2;
  }
  // With port 0 the kernel chose one: say which, so a script can send to it.
  std::fprintf(stderr, "onechan air listen: listening on %s\n", socket.local_address()->to_string().c_str());

  using Clock = std::chrono::steady_clock;
  const auto deadline =
      o.timeout_ms ? std::optional(Clock::now() + std::chrono::milliseconds(*o.timeout_ms)) : std::nullopt;
  std::uint64_t heard = 0;
  std::uint64_t malformed = 0;
  while (!o.count || heard < *o.count) {
    int wait_ms = -1;
    if (deadline) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - Clock::now()).count();
      if (left <= 0) break;
      wait_ms = static_cast<int>(std::min<long long>(left, 60'000));
    }
    pollfd p{socket.fd(), POLLIN, 0};
    if (poll(&p, 1, wait_ms) <= 0) continue;
    sim::AirAddress from;
    while (auto datagram = socket.receive(&from)) {
      auto frame = sim::decode_air_datagram(*datagram);
      if (!frame) {
        ++malformed;
        std::fprintf(stderr, "onechan air listen: dropped a malformed datagram from %s: %s: %s\n",
                     from.to_string().c_str(), std::string(sim::to_string(frame.error().code)).c_str(),
                     frame.error().message.c_str());
        continue;
      }
      std::printf("%s\n", frame_json(frame.value()).dump().c_str());
      std::fflush(stdout);
      if (o.count && ++heard >= *o.count) break;
    }
  }
  if (malformed > 0) {
    std::fprintf(stderr, "onechan air listen: %llu malformed datagram(s) dropped\n",
                 static_cast<unsigned long long>(malformed));
  }
  // Fewer frames than --count before the timeout: a negative answer, not an error.
  return o.count && heard < *o.count ? 1 : 0;
}

}  // namespace

void add_air_command(CLI::App& app, int& exit_code) {
  auto* air = app.add_subcommand("air", "Send to or listen on the virtual air (docs/virtual-air.md)");
  air->require_subcommand(1);

  auto send_opts = std::make_shared<SendOptions>();
  auto* send = air->add_subcommand("send", "Put one LoRa frame on the virtual air");
  send->add_option("--to", send_opts->to, "Where the receiver listens, e.g. 127.0.0.1:17001")->required();
  send->add_option("--freq-hz", send_opts->frequency_hz, "Carrier frequency in Hz (default 868100000)");
  send->add_option("--sf", send_opts->spreading_factor, "Spreading factor 6..12 (default 7)");
  send->add_option("--bw-hz", send_opts->bandwidth_hz, "Bandwidth in Hz (default 125000)");
  send->add_option("--cr", send_opts->coding_rate, "Coding rate 4/N as N = 5..8 (default 5)");
  send->add_option("--sync-word", send_opts->sync_word, "Sync word (default 0x34, public LoRaWAN)");
  send->add_flag("--iq-inverted", send_opts->iq_inverted, "Inverted IQ, as downlinks");
  send->add_flag("--no-crc", send_opts->no_crc, "The header says no payload CRC follows (as downlinks)");
  send->add_flag("--bad-crc", send_opts->bad_crc, "The frame arrives corrupted (PayloadCrcError)");
  send->add_option("--rssi", send_opts->rssi_dbm, "RSSI at the receiver in dBm (default -60)");
  send->add_option("--snr", send_opts->snr_db, "SNR at the receiver in dB (default 9.5)");
  send->add_option("payload", send_opts->payload, "The PHYPayload, hex or base64")->required();
  send->callback([send_opts, &exit_code] { exit_code = run_send(*send_opts); });

  auto listen_opts = std::make_shared<ListenOptions>();
  auto* listen =
      air->add_subcommand("listen", "Print each transmission heard on the virtual air as a JSON line");
  listen->add_option("--on", listen_opts->on, "Where to listen, e.g. 127.0.0.1:17002 (port 0: any)")
      ->required();
  listen->add_option("--count", listen_opts->count, "Stop after N frames");
  listen->add_option("--timeout-ms", listen_opts->timeout_ms, "Stop after T milliseconds");
  listen->callback([listen_opts, &exit_code] { exit_code = run_listen(*listen_opts); });
}

}  // namespace onechan::cli
