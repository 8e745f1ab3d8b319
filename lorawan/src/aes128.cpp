#include "lorawan/aes128.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <climits>
#include <cstdint>
#include <new>
#include <stdexcept>
#include <utility>

namespace onechan::lorawan {
namespace {

// OpenSSL keeps failures on a per-thread queue; drop them so a later, unrelated call does not report them.
[[noreturn]] void fail(const char* what) {
  ERR_clear_error();
  throw std::runtime_error(what);
}

EVP_CIPHER_CTX* new_context() {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  if (ctx == nullptr) throw std::bad_alloc();
  return ctx;
}

// ECB with padding off: LoRaWAN only ever feeds whole blocks, and a padded final block would be wrong.
EVP_CIPHER_CTX* keyed_context(const Key128& key, int encrypt) {
  EVP_CIPHER_CTX* ctx = new_context();
  if (EVP_CipherInit_ex2(ctx, EVP_aes_128_ecb(), key.bytes.data(), nullptr, encrypt, nullptr) != 1 ||
      EVP_CIPHER_CTX_set_padding(ctx, 0) != 1) {
    EVP_CIPHER_CTX_free(ctx);
    fail("Aes128: OpenSSL could not prepare an AES-128-ECB context");
  }
  return ctx;
}

EVP_CIPHER_CTX* copy_context(const EVP_CIPHER_CTX* from) {
  if (from == nullptr) return nullptr;
  EVP_CIPHER_CTX* ctx = new_context();
  if (EVP_CIPHER_CTX_copy(ctx, from) != 1) {
    EVP_CIPHER_CTX_free(ctx);
    fail("Aes128: OpenSSL could not copy an AES context");
  }
  return ctx;
}

bool partially_overlap(ByteSpan in, MutableByteSpan out) {
  const auto in_begin = reinterpret_cast<std::uintptr_t>(in.data());
  const auto out_begin = reinterpret_cast<std::uintptr_t>(out.data());
  if (in_begin == out_begin) return false;  // exactly in place: OpenSSL supports it
  return in_begin < out_begin + out.size() && out_begin < in_begin + in.size();
}

void run_blocks(EVP_CIPHER_CTX* ctx, ByteSpan in, MutableByteSpan out) {
  if (ctx == nullptr) throw std::logic_error("Aes128: used after being moved from");
  if (in.size() != out.size()) throw std::invalid_argument("Aes128: input and output sizes differ");
  if (in.size() % Aes128::kBlockSize != 0)
    throw std::invalid_argument("Aes128: not a whole number of blocks");
  if (in.size() > static_cast<std::size_t>(INT_MAX)) throw std::length_error("Aes128: input too large");
  if (partially_overlap(in, out)) throw std::invalid_argument("Aes128: input and output partially overlap");
  if (in.empty()) return;
  int written = 0;
  if (EVP_CipherUpdate(ctx, out.data(), &written, in.data(), static_cast<int>(in.size())) != 1 ||
      static_cast<std::size_t>(written) != in.size()) {
    fail("Aes128: OpenSSL failed to process blocks");
  }
}

}  // namespace

Aes128::Aes128(const Key128& key) : enc_(keyed_context(key, 1)) {
  try {
    dec_ = keyed_context(key, 0);
  } catch (...) {
    EVP_CIPHER_CTX_free(enc_);
    throw;
  }
}

Aes128::~Aes128() {
  // EVP_CIPHER_CTX_free cleanses the expanded key before releasing the memory.
  EVP_CIPHER_CTX_free(enc_);
  EVP_CIPHER_CTX_free(dec_);
}

Aes128::Aes128(const Aes128& other) : enc_(copy_context(other.enc_)) {
  try {
    dec_ = copy_context(other.dec_);
  } catch (...) {
    EVP_CIPHER_CTX_free(enc_);
    throw;
  }
}

Aes128& Aes128::operator=(const Aes128& other) {
  if (this != &other) {
    Aes128 copy(other);  // may throw: leave *this untouched if it does
    *this = std::move(copy);
  }
  return *this;
}

Aes128::Aes128(Aes128&& other) noexcept
    : enc_(std::exchange(other.enc_, nullptr)), dec_(std::exchange(other.dec_, nullptr)) {}

Aes128& Aes128::operator=(Aes128&& other) noexcept {
  if (this != &other) {
    EVP_CIPHER_CTX_free(enc_);
    EVP_CIPHER_CTX_free(dec_);
    enc_ = std::exchange(other.enc_, nullptr);
    dec_ = std::exchange(other.dec_, nullptr);
  }
  return *this;
}

Aes128::Block Aes128::encrypt(const Block& in) const {
  Block out;
  run_blocks(enc_, in, out);
  return out;
}

Aes128::Block Aes128::decrypt(const Block& in) const {
  Block out;
  run_blocks(dec_, in, out);
  return out;
}

void Aes128::encrypt_blocks(ByteSpan in, MutableByteSpan out) const {
  run_blocks(enc_, in, out);
}

void Aes128::decrypt_blocks(ByteSpan in, MutableByteSpan out) const {
  run_blocks(dec_, in, out);
}

}  // namespace onechan::lorawan
