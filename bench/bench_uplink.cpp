// The gateway's per-uplink LoRaWAN work, as the local pipeline does it for each received frame: parse the
// PHYPayload, reconstruct the 32-bit counter, verify the MIC and decrypt a 51-byte FRMPayload, with a
// session prepared once per device. Target (issue 2): >= 1,000,000 uplinks/s on one core, no allocation
// per frame (the allocation counter below reports allocs/frame next to the timings).
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

#include "lorawan/data_frame_crypto.hpp"
#include "lorawan/fcnt.hpp"
#include "lorawan/phy_payload.hpp"

namespace {

std::atomic<std::size_t> g_allocations{0};

}  // namespace

// noinline: inlined, GCC sees free() on memory from operator new and warns (-Wmismatched-new-delete).
[[gnu::noinline]] void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void operator delete(void* p) noexcept {
  std::free(p);
}
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace {

using namespace onechan;
using namespace onechan::lorawan;

struct Fixture {
  SessionKeys keys{*Key128::parse("44024241ED4CE9A68C6A8BC055233FD3"),
                   *Key128::parse("EC925802AE430CA77FD3DD73CB2CC588")};
  PreparedSession session{keys};
  FrameBytes frame;
  std::uint32_t fcnt = 70001;

  Fixture() {
    DataFrame plain;
    plain.mhdr.mtype = MType::UnconfirmedDataUp;
    plain.dev_addr = DevAddr{0x26011BDA};
    plain.fport = 1;
    plain.frm_payload.resize(51);
    for (std::size_t i = 0; i < 51; ++i) plain.frm_payload[i] = static_cast<std::uint8_t>(i * 7);
    frame = *seal_data_frame(plain, session, fcnt);
  }
};

void BM_UplinkParseVerifyDecrypt(benchmark::State& state) {
  Fixture f;
  std::size_t bad = 0;
  const std::size_t allocs_before = g_allocations.load();
  for (auto _ : state) {
    auto parsed = DataFrame::parse(f.frame.span());
    const auto check = check_uplink_fcnt(f.fcnt - 1, parsed->fcnt16);
    if (!verify_data_frame_mic(*parsed, f.frame.span(), f.session, check.fcnt)) ++bad;
    auto plain = decrypt_frm_payload(*parsed, f.session, check.fcnt);
    benchmark::DoNotOptimize(plain);
  }
  const std::size_t allocs = g_allocations.load() - allocs_before;
  if (bad != 0) state.SkipWithError("MIC did not verify");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["allocs_per_frame"] =
      benchmark::Counter(static_cast<double>(allocs) / static_cast<double>(state.iterations()));
}
BENCHMARK(BM_UplinkParseVerifyDecrypt);

void BM_UplinkParseOnly(benchmark::State& state) {
  Fixture f;
  for (auto _ : state) {
    auto parsed = parse_phy_payload(f.frame.span());
    benchmark::DoNotOptimize(parsed);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_UplinkParseOnly);

void BM_UplinkSeal(benchmark::State& state) {
  Fixture f;
  DataFrame plain;
  plain.dev_addr = DevAddr{0x26011BDA};
  plain.fport = 1;
  plain.frm_payload.resize(51);
  std::uint32_t fcnt = 0;
  for (auto _ : state) {
    auto bytes = seal_data_frame(plain, f.session, ++fcnt);
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_UplinkSeal);

}  // namespace

BENCHMARK_MAIN();
