/* AES-CMAC (NIST SP 800-38B, RFC 4493) over AES-128, fed in pieces so a LoRaWAN MIC (B0 followed by the
 * frame) never needs the two concatenated in RAM. */
#ifndef ONECHAN_NODE_AES_CMAC_H
#define ONECHAN_NODE_AES_CMAC_H

#include <stdint.h>

#include "aes128.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  const uint8_t* key;                 /* 16 bytes in RAM; must outlive the context */
  uint8_t chain[AES128_BLOCK_SIZE];   /* CBC-MAC of the blocks already processed */
  uint8_t pending[AES128_BLOCK_SIZE]; /* the last, possibly partial, block: held back for the subkey */
  uint8_t pending_len;
} aes_cmac_ctx;

void aes_cmac_init(aes_cmac_ctx* ctx, const uint8_t key[AES128_BLOCK_SIZE]);
void aes_cmac_update(aes_cmac_ctx* ctx, const uint8_t* data, uint16_t len);
void aes_cmac_final(aes_cmac_ctx* ctx, uint8_t tag[AES128_BLOCK_SIZE]);

/* One-shot form. */
void aes_cmac(const uint8_t key[AES128_BLOCK_SIZE], const uint8_t* data, uint16_t len,
              uint8_t tag[AES128_BLOCK_SIZE]);

#ifdef __cplusplus
}
#endif

#endif
