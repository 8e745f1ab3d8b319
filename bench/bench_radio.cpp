// How many frames per second the real SX1276 driver sustains against the model, and what the model's
// SPI path costs. One real LoRa channel carries at most ~25 small frames per second; the daemon must
// never be the bottleneck, so these run with the model's "instant air" (docs/virtual-air.md): frames
// complete at once and never collide.
#include <benchmark/benchmark.h>
#include <poll.h>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "radio/sim/air_datagram.hpp"
#include "radio/sim/air_socket.hpp"
#include "radio/sim/sim_chip.hpp"
#include "radio/sim/sim_radio.hpp"
#include "radio/sx1276.hpp"
#include "radio/sx1276_registers.hpp"

namespace {

using namespace onechan::radio;

AirFrame uplink(std::size_t size) {
  AirFrame f;
  f.frequency_hz = 868'100'000;
  f.payload.resize(size);
  for (std::size_t i = 0; i < size; ++i) f.payload[i] = static_cast<std::uint8_t>(i);
  return f;
}

// One register read over SpiBus (2-byte transaction): the cost the driver pays per register.
void BM_ModelRegisterRead(benchmark::State& state) {
  sim::SimChip chip;
  const std::uint8_t tx[2] = {sx1276::reg::Version, 0};
  std::uint8_t rx[2];
  for (auto _ : state) {
    chip.spi().transfer(tx, rx);
    benchmark::DoNotOptimize(rx[1]);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ModelRegisterRead);

// A 255-byte FIFO burst read: the largest transfer of a reception.
void BM_ModelFifoBurst255(benchmark::State& state) {
  sim::SimChip chip;
  std::vector<std::uint8_t> tx(256, 0), rx(256);
  chip.spi().transfer(std::vector<std::uint8_t>{0x81, 0x80}, rx);  // sleep, LoRa
  chip.spi().transfer(std::vector<std::uint8_t>{0x81, 0x81}, rx);  // LoRa standby: the FIFO is readable
  tx[0] = sx1276::reg::Fifo;
  for (auto _ : state) {
    chip.spi().transfer(tx, rx);
    benchmark::DoNotOptimize(rx[255]);
  }
  state.SetBytesProcessed(state.iterations() * 255);
}
BENCHMARK(BM_ModelFifoBurst255);

struct DriverOnChip {
  sim::SimChip chip{sim::ModelOptions{.instant_air = true}};
  Sx1276 radio{Sx1276Hardware{chip.spi(), &chip.reset_line(), chip.dio0(), chip.clock()},
               Sx1276Options{"bench", 20}};
  bool up() { return radio.reset_and_detect().ok() && radio.start_rx(RxConfig{}).ok(); }
};

// Uplinks through driver + model, no sockets: deliver, then the driver's DIO0 handler reads the frame
// (IRQ flags, metadata burst, FIFO burst). Items/s is frames per second.
void BM_DriverRxInstantAir(benchmark::State& state) {
  DriverOnChip d;
  if (!d.up()) {
    state.SkipWithError("driver bring-up failed");
    return;
  }
  const AirFrame frame = uplink(static_cast<std::size_t>(state.range(0)));
  std::uint64_t received = 0;
  for (auto _ : state) {
    d.chip.deliver(frame);
    auto event = d.radio.handle_dio0();
    received += event.ok() && std::holds_alternative<ReceivedFrame>(event.value()) ? 1 : 0;
  }
  if (received != static_cast<std::uint64_t>(state.iterations())) state.SkipWithError("a frame was lost");
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_DriverRxInstantAir)->Arg(13)->Arg(51)->Arg(255);

// Downlinks through driver + model: prepare, start, TxDone, back to RX.
void BM_DriverTxInstantAir(benchmark::State& state) {
  DriverOnChip d;
  if (!d.up()) {
    state.SkipWithError("driver bring-up failed");
    return;
  }
  std::vector<std::uint8_t> payload(static_cast<std::size_t>(state.range(0)), 0x5A);
  TxRequest request;
  std::uint64_t done = 0;
  for (auto _ : state) {
    if (!d.radio.prepare_tx(request, payload).ok() || !d.radio.start_tx().ok()) break;
    auto event = d.radio.handle_dio0();
    done += event.ok() && std::holds_alternative<TxDone>(event.value()) ? 1 : 0;
  }
  if (done != static_cast<std::uint64_t>(state.iterations())) state.SkipWithError("a TxDone was lost");
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DriverTxInstantAir)->Arg(13)->Arg(51);

// The whole path a simulated uplink takes in the daemon: a datagram on loopback UDP, SimRadio's thread
// (poll, decode, model), the DIO0 eventfd, the driver. One frame in flight at a time, so items/s is the
// inverse of the end-to-end latency.
void BM_DriverRxOverUdp(benchmark::State& state) {
  sim::SimRadio radio({.listen = sim::AirAddress{0x7F000001, 0}, .model = {.instant_air = true}});
  std::string error;
  if (!radio.start(&error)) {
    state.SkipWithError(error.c_str());
    return;
  }
  Sx1276 driver{Sx1276Hardware{radio.spi(), &radio.reset_line(), radio.dio0(), radio.clock()},
                Sx1276Options{"bench", 20}};
  sim::AirSocket sender;
  if (!driver.reset_and_detect().ok() || !driver.start_rx(RxConfig{}).ok() || !sender.open(&error)) {
    state.SkipWithError("bring-up failed");
    return;
  }
  const auto datagram = sim::encode_air_datagram(uplink(static_cast<std::size_t>(state.range(0)))).value();
  const sim::AirAddress to = *radio.listen_address();
  std::uint64_t received = 0;
  for (auto _ : state) {
    sender.send_to(to, datagram, &error);
    pollfd p{radio.dio0().fd(), POLLIN, 0};
    if (poll(&p, 1, 5'000) != 1) break;
    auto event = driver.handle_dio0();
    received += event.ok() && std::holds_alternative<ReceivedFrame>(event.value()) ? 1 : 0;
  }
  if (received != static_cast<std::uint64_t>(state.iterations())) state.SkipWithError("a frame was lost");
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DriverRxOverUdp)->Arg(13)->Arg(255)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
