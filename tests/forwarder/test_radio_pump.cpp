// RadioPump: the real SX1276 driver on the simulated chip (SimRadio: the register model behind a
// loopback virtual-air socket), driven by the event loop. Frames are put on the virtual air as datagrams
// (docs/virtual-air.md), as `onechan air send` does. Expected rxpk text follows Semtech's PROTOCOL.TXT
// section 4 (freq in MHz with six decimals, datr "SF7BW125", codr "4/5", lsnr in dB with one decimal).
// Nothing asserts a duration; a guard timer fails a test instead of letting it hang.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "daemon/event_loop.hpp"
#include "daemon/log.hpp"
#include "daemon/radio_pump.hpp"
#include "radio/sim/air_datagram.hpp"
#include "radio/sim/air_socket.hpp"
#include "radio/sim/sim_radio.hpp"
#include "radio/sx1276.hpp"

namespace onechan::daemon {
namespace {

using radio::AirFrame;
using radio::sim::AirAddress;
using radio::sim::AirSocket;
using radio::sim::SimRadio;

TEST(ToRxPacket, CopiesTheMetadataAndWrapsTmstAt32Bits) {
  radio::RxMetadata meta;
  meta.timestamp_us = (std::uint64_t{1} << 32) + 5;  // 71.6 minutes after boot, and 5 µs
  meta.frequency_hz = 867'300'000;
  meta.spreading_factor = 12;
  meta.bandwidth_hz = 125'000;
  meta.coding_rate = 8;
  meta.rssi_dbm = -118;
  meta.snr_quarter_db = -57;  // -14.25 dB
  const std::uint8_t payload[] = {0x80, 0x01, 0x02};
  const auto p = to_rx_packet(meta, payload, 1'700'000'000'000'000);
  EXPECT_EQ(p.tmst_us, 5u);
  EXPECT_EQ(p.time_unix_us, 1'700'000'000'000'000);
  EXPECT_EQ(p.frequency_hz, 867'300'000u);
  EXPECT_EQ(p.spreading_factor, 12);
  EXPECT_EQ(p.coding_rate, 8);
  EXPECT_EQ(p.rssi_dbm, -118);
  EXPECT_EQ(p.snr_centi_db, -1425);
  EXPECT_EQ(p.crc, semtech::CrcStatus::Ok);
  EXPECT_EQ(p.chan, 0);
  EXPECT_EQ(p.rfch, 0);
  ASSERT_EQ(p.payload.size(), 3u);
  EXPECT_EQ(p.payload.data()[0], 0x80);
  EXPECT_FALSE(to_rx_packet(meta, payload, std::nullopt).time_unix_us.has_value());
}

struct SimGateway {
  SimGateway() {
    std::string error;
    EXPECT_TRUE(sim.start(&error)) << error;
    auto v = driver.reset_and_detect();
    EXPECT_TRUE(v) << (v ? "" : v.error().message);
    auto s = driver.start_rx(radio::RxConfig{});  // 868.1 MHz, SF7, 125 kHz
    EXPECT_TRUE(s) << (s ? "" : s.error().message);
    EXPECT_TRUE(sender.open(&error)) << error;
  }
  void put_on_air(const AirFrame& f) {
    std::string error;
    ASSERT_TRUE(sender.send_to(*sim.listen_address(), radio::sim::encode_air_datagram(f).value(), &error))
        << error;
  }

  SimRadio sim{{.listen = AirAddress{0x7F000001, 0}}};
  radio::Sx1276 driver{{sim.spi(), &sim.reset_line(), sim.dio0(), sim.clock()}, {.board = "sim"}};
  AirSocket sender;
};

AirFrame uplink(bool crc_ok) {
  AirFrame f;
  f.frequency_hz = 868'100'000;
  f.spreading_factor = 7;
  f.bandwidth_hz = 125'000;
  f.coding_rate = 5;
  f.rssi_dbm = -60;
  f.snr_centi_db = 950;
  f.crc_ok = crc_ok;
  f.payload = {0x40, 0x44, 0x33, 0x22, 0x11, 0x00, 0x01, 0x00, 0x01, 0xA1, 0xB2, 0xC3, 0xD4};
  return f;
}

TEST(RadioPump, FramesFromTheVirtualAirBecomeRxpkRecords) {
  auto created = EventLoop::create();
  ASSERT_TRUE(created);
  auto& loop = **created;
  loop.add_timer_after(10'000'000, [&] {
    ADD_FAILURE() << "guard timer: the loop did not stop";
    loop.stop();
  });
  std::vector<std::string> lines;
  Logger log(
      "onechan", LogLevel::Debug, [&](std::string_view l) { lines.emplace_back(l); }, false);
  SimGateway gw;

  std::vector<semtech::RxPacket> frames;
  int dropped = 0;
  std::uint64_t sent_at = 0;
  RadioPump pump(loop, gw.driver, gw.sim.dio0(), log,
                 {.on_frame =
                      [&](const semtech::RxPacket& p) {
                        frames.push_back(p);
                        loop.stop();
                      },
                  .on_dropped =
                      [&](const radio::DroppedFrame& d) {
                        ++dropped;
                        EXPECT_EQ(d.reason, radio::DroppedFrame::Reason::crc_error);
                        // The corrupted frame is gone: now a good one.
                        sent_at = monotonic_now_us();
                        gw.put_on_air(uplink(true));
                      },
                  .on_tx_done = nullptr},
                 [](std::uint64_t mono) -> std::optional<std::int64_t> {
                   return 1'700'000'000'000'000 + static_cast<std::int64_t>(mono % 1'000'000);
                 });
  ASSERT_TRUE(pump.start());
  gw.put_on_air(uplink(false));
  ASSERT_TRUE(loop.run());

  EXPECT_EQ(dropped, 1);
  ASSERT_EQ(frames.size(), 1u);
  const auto& p = frames[0];
  const std::uint64_t received_by = monotonic_now_us();
  // 13 bytes at SF7/125 kHz, CR 4/5, CRC on: 46.336 ms on air (Semtech LoRa Calculator), so RxDone, whose
  // edge time becomes tmst, comes at least that long after the datagram was sent.
  EXPECT_GE(p.tmst_us, static_cast<std::uint32_t>(sent_at + 46'336));
  EXPECT_LE(p.tmst_us, static_cast<std::uint32_t>(received_by));
  EXPECT_EQ(p.frequency_hz, 868'100'000u);
  EXPECT_EQ(p.spreading_factor, 7);
  EXPECT_EQ(p.bandwidth_hz, 125'000u);
  EXPECT_EQ(p.coding_rate, 5);
  EXPECT_NEAR(p.rssi_dbm, -60, 1);  // through RegPktRssiValue's 1 dB steps and the 16/15 correction
  EXPECT_EQ(p.snr_centi_db, 950);   // 9.5 dB is a whole number of 0.25 dB steps
  ASSERT_TRUE(p.time_unix_us.has_value());
  ASSERT_EQ(p.payload.size(), uplink(true).payload.size());
  EXPECT_TRUE(std::equal(p.payload.begin(), p.payload.end(), uplink(true).payload.begin()));

  auto json = semtech::build_rxpk_json(std::span<const semtech::RxPacket>(&p, 1));
  ASSERT_TRUE(json) << json.error().message;
  EXPECT_NE(json->find(R"("freq":868.100000,"stat":1,"modu":"LORA","datr":"SF7BW125","codr":"4/5")"),
            std::string::npos)
      << *json;
  EXPECT_NE(json->find(R"("lsnr":9.5,"size":13)"), std::string::npos) << *json;

  EXPECT_EQ(pump.counters().frames_received, 1u);
  EXPECT_EQ(pump.counters().frames_dropped, 1u);
  EXPECT_EQ(gw.driver.stats().rx_ok, 1u);
  EXPECT_EQ(gw.driver.stats().rx_crc_error, 1u);
  bool logged_drop = false;
  for (const auto& l : lines)
    logged_drop = logged_drop || l == "<7>onechan: radio: frame dropped (CRC error)\n";
  EXPECT_TRUE(logged_drop);
  pump.stop();
  gw.sim.stop();
}

}  // namespace
}  // namespace onechan::daemon
