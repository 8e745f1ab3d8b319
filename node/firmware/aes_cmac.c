#include "aes_cmac.h"

/* RFC 4493 section 2.3: K1 = L << 1 (xor Rb if the top bit fell out), K2 = K1 << 1 likewise, Rb = 0x87. */
static void double_subkey(uint8_t k[AES128_BLOCK_SIZE]) {
  uint8_t carry = (uint8_t)(k[0] >> 7);
  for (uint8_t i = 0; i < AES128_BLOCK_SIZE - 1; ++i) k[i] = (uint8_t)((k[i] << 1) | (k[i + 1] >> 7));
  k[AES128_BLOCK_SIZE - 1] = (uint8_t)((k[AES128_BLOCK_SIZE - 1] << 1) ^ ((uint8_t)(-carry) & 0x87));
}

void aes_cmac_init(aes_cmac_ctx* ctx, const uint8_t key[AES128_BLOCK_SIZE]) {
  ctx->key = key;
  for (uint8_t i = 0; i < AES128_BLOCK_SIZE; ++i) ctx->chain[i] = 0;
  ctx->pending_len = 0;
}

void aes_cmac_update(aes_cmac_ctx* ctx, const uint8_t* data, uint16_t len) {
  while (len-- > 0) {
    /* A full block is chained only once more data follows: the last block is special (section 2.4). */
    if (ctx->pending_len == AES128_BLOCK_SIZE) {
      for (uint8_t i = 0; i < AES128_BLOCK_SIZE; ++i) ctx->chain[i] ^= ctx->pending[i];
      aes128_encrypt(ctx->key, ctx->chain);
      ctx->pending_len = 0;
    }
    ctx->pending[ctx->pending_len++] = *data++;
  }
}

void aes_cmac_final(aes_cmac_ctx* ctx, uint8_t tag[AES128_BLOCK_SIZE]) {
  uint8_t subkey[AES128_BLOCK_SIZE] = {0};
  aes128_encrypt(ctx->key, subkey);
  double_subkey(subkey); /* K1 */
  if (ctx->pending_len < AES128_BLOCK_SIZE) {
    double_subkey(subkey); /* K2, for a padded last block (also the empty message) */
    ctx->pending[ctx->pending_len] = 0x80;
    for (uint8_t i = (uint8_t)(ctx->pending_len + 1); i < AES128_BLOCK_SIZE; ++i) ctx->pending[i] = 0;
  }
  for (uint8_t i = 0; i < AES128_BLOCK_SIZE; ++i) {
    tag[i] = (uint8_t)(ctx->chain[i] ^ ctx->pending[i] ^ subkey[i]);
  }
  aes128_encrypt(ctx->key, tag);
}

void aes_cmac(const uint8_t key[AES128_BLOCK_SIZE], const uint8_t* data, uint16_t len,
              uint8_t tag[AES128_BLOCK_SIZE]) {
  aes_cmac_ctx ctx;
  aes_cmac_init(&ctx, key);
  aes_cmac_update(&ctx, data, len);
  aes_cmac_final(&ctx, tag);
}
