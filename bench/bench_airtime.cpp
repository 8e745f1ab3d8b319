// Time-on-air computation: the daemon runs it for every downlink (duty-cycle budget) and every uplink
// (statistics), so it must stay far below a microsecond.
#include <benchmark/benchmark.h>

#include <cstdint>

#include "lorawan/airtime.hpp"

namespace {

using onechan::lorawan::lora_time_on_air_us;
using onechan::lorawan::LoRaTxParams;

// One call at a given spreading factor (125 kHz, CR 4/5, 8 preamble symbols, explicit header, CRC on).
void BM_TimeOnAir(benchmark::State& state) {
  LoRaTxParams params;
  params.spreading_factor = static_cast<std::uint8_t>(state.range(0));
  std::size_t bytes = 13;
  for (auto _ : state) {
    auto us = lora_time_on_air_us(params, bytes);
    benchmark::DoNotOptimize(us);
    bytes = bytes == 255 ? 0 : bytes + 1;  // vary the input so nothing is hoisted out of the loop
  }
}
BENCHMARK(BM_TimeOnAir)->DenseRange(7, 12);

// A sweep over every payload length at every spreading factor, as a table generator would do.
void BM_TimeOnAirTable(benchmark::State& state) {
  LoRaTxParams params;
  for (auto _ : state) {
    std::uint64_t sum = 0;
    for (std::uint8_t sf = 7; sf <= 12; ++sf) {
      params.spreading_factor = sf;
      for (std::size_t bytes = 0; bytes <= 255; ++bytes) {
        auto us = lora_time_on_air_us(params, bytes);
        sum += us.ok() ? *us : 0;
      }
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * 6 * 256);
}
BENCHMARK(BM_TimeOnAirTable);

}  // namespace

BENCHMARK_MAIN();
