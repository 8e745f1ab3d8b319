// LoRaWAN 1.0.x crypto throughput. The figure that matters is BM_UplinkVerifyAndDecrypt51: one uplink
// with a 51-byte FRMPayload (the largest at SF12 in EU868) checked and decrypted with a PreparedSession;
// the target is at least 1,000,000 uplinks/s on one core. The rest break it into its primitives, and
// BM_EvpMacCmac64 shows what OpenSSL's generic EVP_MAC CMAC would cost instead.
#include <benchmark/benchmark.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "lorawan/aes128.hpp"
#include "lorawan/cmac.hpp"
#include "lorawan/frm_payload_cipher.hpp"
#include "lorawan/join_crypto.hpp"
#include "lorawan/mic.hpp"
#include "lorawan/session_keys.hpp"

namespace {

using onechan::ByteSpan;
using onechan::FrameBytes;
using onechan::MutableByteSpan;
using namespace onechan::lorawan;

constexpr Key128 kNwkSKey{
    {0x44, 0x02, 0x42, 0x41, 0xed, 0x4c, 0xe9, 0xa6, 0x8c, 0x6a, 0x8b, 0xc0, 0x55, 0x23, 0x3f, 0xd3}};
constexpr Key128 kAppSKey{
    {0xec, 0x92, 0x58, 0x02, 0xae, 0x43, 0x0c, 0xa7, 0x7f, 0xd3, 0xdd, 0x73, 0xcb, 0x2c, 0xc5, 0x88}};
constexpr DevAddr kDevAddr{0x26011BDA};
constexpr std::uint32_t kFcnt = 0x00012345;

// An unconfirmed uplink: MHDR | DevAddr | FCtrl | FCnt | FPort | 51-byte FRMPayload, and its MIC.
struct Uplink {
  std::vector<std::uint8_t> msg;
  Mic mic{};
  ByteSpan payload() const { return ByteSpan(msg).subspan(9); }
};

Uplink make_uplink(const PreparedSession& session) {
  Uplink u;
  u.msg = {0x40, 0xDA, 0x1B, 0x01, 0x26, 0x00, 0x45, 0x23, 0x01};
  std::vector<std::uint8_t> plain(51);
  for (std::size_t i = 0; i < plain.size(); ++i) plain[i] = static_cast<std::uint8_t>(i * 7);
  u.msg.resize(9 + plain.size());
  session.crypt_payload(Direction::Uplink, kDevAddr, kFcnt, 1, plain, MutableByteSpan(u.msg).subspan(9));
  u.mic = session.compute_mic(Direction::Uplink, kDevAddr, kFcnt, u.msg);
  return u;
}

void BM_UplinkVerifyAndDecrypt51(benchmark::State& state) {
  const PreparedSession session(SessionKeys{kNwkSKey, kAppSKey});
  const Uplink uplink = make_uplink(session);
  std::array<std::uint8_t, 51> plain{};
  for (auto _ : state) {
    const bool ok = session.verify_mic(Direction::Uplink, kDevAddr, kFcnt, uplink.msg, uplink.mic);
    session.crypt_payload(Direction::Uplink, kDevAddr, kFcnt, 1, uplink.payload(), plain);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(plain.data());
    benchmark::ClobberMemory();
    if (!ok) state.SkipWithError("MIC did not verify");
  }
  state.SetItemsProcessed(state.iterations());  // items/s = uplinks/s
}
BENCHMARK(BM_UplinkVerifyAndDecrypt51);

void BM_UplinkMicVerify60(benchmark::State& state) {
  const PreparedSession session(SessionKeys{kNwkSKey, kAppSKey});
  const Uplink uplink = make_uplink(session);
  for (auto _ : state) {
    benchmark::DoNotOptimize(session.verify_mic(Direction::Uplink, kDevAddr, kFcnt, uplink.msg, uplink.mic));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_UplinkMicVerify60);

void BM_FrmPayloadDecrypt51(benchmark::State& state) {
  const PreparedSession session(SessionKeys{kNwkSKey, kAppSKey});
  const Uplink uplink = make_uplink(session);
  std::array<std::uint8_t, 51> plain{};
  for (auto _ : state) {
    session.crypt_payload(Direction::Uplink, kDevAddr, kFcnt, 1, uplink.payload(), plain);
    benchmark::DoNotOptimize(plain.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(plain.size()));
}
BENCHMARK(BM_FrmPayloadDecrypt51);

void BM_Aes128EncryptBlock(benchmark::State& state) {
  const Aes128 aes(kAppSKey);
  Aes128::Block block{};
  for (auto _ : state) {
    block = aes.encrypt(block);  // chained so that every call depends on the previous one
    benchmark::DoNotOptimize(block);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * 16);
}
BENCHMARK(BM_Aes128EncryptBlock);

void BM_Cmac64(benchmark::State& state) {
  const Cmac cmac(kNwkSKey);
  std::array<std::uint8_t, 64> message{};
  for (auto _ : state) {
    const Cmac::Tag tag = cmac.compute(message);
    message[0] = tag[0];
    benchmark::DoNotOptimize(message);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * 64);
}
BENCHMARK(BM_Cmac64);

// The alternative this code avoids: OpenSSL's EVP_MAC CMAC, re-initialised with the key per message (the
// usual way to use it when one context serves many devices).
void BM_EvpMacCmac64(benchmark::State& state) {
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "CMAC", nullptr);
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(mac);
  char cipher[] = "AES-128-CBC";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, cipher, 0),
                               OSSL_PARAM_construct_end()};
  std::array<std::uint8_t, 64> message{};
  std::array<std::uint8_t, 16> tag{};
  for (auto _ : state) {
    std::size_t len = 0;
    if (EVP_MAC_init(ctx, kNwkSKey.bytes.data(), 16, params) != 1 ||
        EVP_MAC_update(ctx, message.data(), message.size()) != 1 ||
        EVP_MAC_final(ctx, tag.data(), &len, tag.size()) != 1) {
      state.SkipWithError("EVP_MAC failed");
      break;
    }
    message[0] = tag[0];
    benchmark::DoNotOptimize(message);
  }
  EVP_MAC_CTX_free(ctx);
  EVP_MAC_free(mac);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvpMacCmac64);

// Per-device setup (done once per device, not per frame): 3 keyed EVP contexts + CMAC subkeys.
void BM_PreparedSessionCreate(benchmark::State& state) {
  for (auto _ : state) {
    PreparedSession session(SessionKeys{kNwkSKey, kAppSKey});
    benchmark::DoNotOptimize(&session);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PreparedSessionCreate);

// An OTAA join on the device side: decrypt a 33-byte join-accept, check its MIC, derive the session keys.
void BM_JoinAcceptDecryptVerifyDerive(benchmark::State& state) {
  const Aes128 app_key(kAppSKey);
  const Cmac app_cmac(app_key);
  std::array<std::uint8_t, kJoinAcceptWithCfListSize> plain{0x20, 0x3A, 0x06, 0xE5, 0x13, 0x00, 0x00,
                                                            0x43, 0x2E, 0x01, 0x26, 0x03, 0x01};
  const Mic mic = compute_join_accept_mic(app_cmac, ByteSpan(plain).first(plain.size() - 4));
  std::copy(mic.begin(), mic.end(), plain.end() - 4);
  const FrameBytes encrypted = *encrypt_join_accept(app_key, plain);
  for (auto _ : state) {
    const auto decrypted = decrypt_join_accept(app_key, encrypted);
    const bool ok = decrypted.ok() && verify_join_accept_phy(app_cmac, decrypted->span());
    const auto keys = derive_session_keys(app_key, 0xE5063A, 0x13, 0xCC85);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(keys);
    if (!ok) state.SkipWithError("join-accept MIC did not verify");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JoinAcceptDecryptVerifyDerive);

}  // namespace

BENCHMARK_MAIN();
