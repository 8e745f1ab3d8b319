// Proves that the per-frame crypto path (MIC verify + FRMPayload decrypt with a PreparedSession) never
// touches the heap: this test binary replaces the global operator new AND routes OpenSSL's own allocator
// through counters (CRYPTO_set_mem_functions), so an allocation on either side is seen.
#include <gtest/gtest.h>
#include <openssl/crypto.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <memory>
#include <new>
#include <utility>
#include <vector>

#include "crypto_test_support.hpp"
#include "lorawan/cmac.hpp"
#include "lorawan/join_crypto.hpp"
#include "lorawan/session_keys.hpp"

namespace {

std::atomic<long> g_operator_new_calls{0};
std::atomic<long> g_openssl_allocations{0};

void* counting_malloc(std::size_t n, const char*, int) {
  g_openssl_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n);
}
void* counting_realloc(void* p, std::size_t n, const char*, int) {
  g_openssl_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::realloc(p, n);
}
void counting_free(void* p, const char*, int) {
  std::free(p);
}

// OpenSSL accepts new memory functions only before its first allocation, hence a static initializer that
// runs before main (and before any test touches OpenSSL). The test below fails if it was too late.
const bool g_openssl_hooks_installed =
    CRYPTO_set_mem_functions(counting_malloc, counting_realloc, counting_free) == 1;

}  // namespace

// noinline: once GCC inlines these it sees free() on a pointer from operator new and warns
// (-Wmismatched-new-delete), not knowing that this operator new is malloc.
[[gnu::noinline]] void* operator new(std::size_t n) {
  g_operator_new_calls.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void operator delete(void* p) noexcept {
  std::free(p);
}
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace onechan::lorawan {
namespace {

using testing::Bytes;
using testing::key;

struct Counts {
  long operator_new;
  long openssl;
};

Counts snapshot() {
  return {g_operator_new_calls.load(), g_openssl_allocations.load()};
}

// A control: without it a broken hook would make the zero-allocation test pass vacuously.
TEST(CryptoAllocations, CountersSeeBothKindsOfAllocation) {
  ASSERT_TRUE(g_openssl_hooks_installed) << "OpenSSL allocated before the hooks could be installed";
  const Counts before = snapshot();
  { const Aes128 aes(key("000102030405060708090a0b0c0d0e0f")); }  // creating contexts allocates
  const auto boxed = std::make_unique<int>(7);
  const Counts after = snapshot();
  EXPECT_GT(after.openssl, before.openssl);
  EXPECT_GT(after.operator_new, before.operator_new);
  EXPECT_EQ(*boxed, 7);
}

struct Uplink {
  std::uint32_t fcnt;
  Bytes msg;      // MHDR | FHDR | FPort | FRMPayload
  Bytes payload;  // the encrypted FRMPayload inside msg
  Mic mic;
};

TEST(CryptoAllocations, PerFrameMicVerifyAndDecryptDoNotAllocate) {
  const PreparedSession session(
      SessionKeys{key("44024241ed4ce9a68c6a8bc055233fd3"), key("ec925802ae430ca77fd3dd73cb2cc588")});
  const DevAddr addr{0x49BE7DF1};

  // Frames of every payload length up to 242 bytes, with counters beyond 16 bits, built before measuring.
  std::vector<Uplink> frames;
  for (std::uint32_t i = 0; i < 243; ++i) {
    Uplink u;
    u.fcnt = 0x00010000u + i;
    u.payload.assign(i, static_cast<std::uint8_t>(i));
    session.crypt_payload(Direction::Uplink, addr, u.fcnt, 1, u.payload, u.payload);
    u.msg = {0x40,
             0xF1,
             0x7D,
             0xBE,
             0x49,
             0x00,
             static_cast<std::uint8_t>(u.fcnt),
             static_cast<std::uint8_t>(u.fcnt >> 8),
             0x01};
    u.msg.insert(u.msg.end(), u.payload.begin(), u.payload.end());
    u.mic = session.compute_mic(Direction::Uplink, addr, u.fcnt, u.msg);
    frames.push_back(std::move(u));
  }
  std::array<std::uint8_t, 255> plain{};
  const Cmac& nwk = session.nwk_s_key();

  const Counts before = snapshot();
  int verified = 0;
  int plaintext_ok = 0;
  for (int round = 0; round < 4; ++round) {
    for (const Uplink& u : frames) {
      if (session.verify_mic(Direction::Uplink, addr, u.fcnt, u.msg, u.mic)) ++verified;
      const MutableByteSpan out(plain.data(), u.payload.size());
      session.crypt_payload(Direction::Uplink, addr, u.fcnt, 1, u.payload, out);
      bool all = true;
      for (std::uint8_t b : out) all = all && b == static_cast<std::uint8_t>(u.payload.size());
      if (all) ++plaintext_ok;
      (void)nwk.compute(u.msg);                     // plain CMAC
      (void)nwk.cipher().encrypt(Aes128::Block{});  // single block
    }
  }
  const Counts after = snapshot();

  EXPECT_EQ(after.operator_new - before.operator_new, 0);
  EXPECT_EQ(after.openssl - before.openssl, 0);
  EXPECT_EQ(verified, 4 * 243);
  EXPECT_EQ(plaintext_ok, 4 * 243);
}

// Join handling is not per-frame, but a successful join-accept decrypt, MIC check and key derivation do
// not allocate either (FrameBytes and SessionKeys are inline values).
TEST(CryptoAllocations, JoinAcceptPathDoesNotAllocate) {
  const Aes128 app_key(key("B6B53F4A168A7A88BDF7EA135CE9CFCA"));
  const Cmac app_cmac(app_key);
  const Bytes encrypted = testing::hex("204DD85AE608B87FC4889970B7D2042C9E72959B0057AED6094B16003DF12DE145");

  const Counts before = snapshot();
  bool ok = true;
  for (int i = 0; i < 100; ++i) {
    const auto plain = decrypt_join_accept(app_key, encrypted);
    ok = ok && plain.ok() && verify_join_accept_phy(app_cmac, plain->span());
    const auto keys = derive_session_keys(app_key, 0xE5063A, 0x13, 0xCC85);
    ok = ok && keys.ok() && keys->nwk_s_key.bytes[0] == 0x2C;
  }
  const Counts after = snapshot();

  EXPECT_TRUE(ok);
  EXPECT_EQ(after.operator_new - before.operator_new, 0);
  EXPECT_EQ(after.openssl - before.openssl, 0);
}

}  // namespace
}  // namespace onechan::lorawan
