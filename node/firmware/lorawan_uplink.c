#include "lorawan_uplink.h"

#include "aes128.h"
#include "aes_cmac.h"

/* The 16-byte blocks Ai and B0 share their layout: tag | 0 0 0 0 | dir | DevAddr | FCnt32 | 0 | last. */
static void fill_block(uint8_t block[16], uint8_t tag, uint8_t dir, uint32_t dev_addr, uint32_t fcnt32,
                       uint8_t last) {
  block[0] = tag;
  block[1] = 0;
  block[2] = 0;
  block[3] = 0;
  block[4] = 0;
  block[5] = dir;
  block[6] = (uint8_t)dev_addr;
  block[7] = (uint8_t)(dev_addr >> 8);
  block[8] = (uint8_t)(dev_addr >> 16);
  block[9] = (uint8_t)(dev_addr >> 24);
  block[10] = (uint8_t)fcnt32;
  block[11] = (uint8_t)(fcnt32 >> 8);
  block[12] = (uint8_t)(fcnt32 >> 16);
  block[13] = (uint8_t)(fcnt32 >> 24);
  block[14] = 0;
  block[15] = last;
}

void lorawan_crypt_frm_payload(const uint8_t key[16], uint8_t dir, uint32_t dev_addr, uint32_t fcnt32,
                               uint8_t* data, uint8_t len) {
  uint8_t keystream[16];
  uint8_t i = 1;
  while (len > 0) {
    fill_block(keystream, 0x01, dir, dev_addr, fcnt32, i++);
    aes128_encrypt(key, keystream);
    uint8_t n = len < 16 ? len : 16;
    for (uint8_t j = 0; j < n; ++j) data[j] ^= keystream[j];
    data += n;
    len = (uint8_t)(len - n);
  }
}

void lorawan_compute_mic(const uint8_t nwk_s_key[16], uint8_t dir, uint32_t dev_addr, uint32_t fcnt32,
                         const uint8_t* msg, uint8_t msg_len, uint8_t mic[4]) {
  uint8_t block[16];
  aes_cmac_ctx ctx;
  fill_block(block, 0x49, dir, dev_addr, fcnt32, msg_len);
  aes_cmac_init(&ctx, nwk_s_key);
  aes_cmac_update(&ctx, block, sizeof block);
  aes_cmac_update(&ctx, msg, msg_len);
  aes_cmac_final(&ctx, block);
  for (uint8_t i = 0; i < 4; ++i) mic[i] = block[i];
}

uint8_t lorawan_build_uplink(uint8_t* out, uint8_t capacity, const lorawan_abp_session* session,
                             uint32_t fcnt32, uint8_t fport, const uint8_t* payload, uint8_t payload_len) {
  /* 8 header bytes (MHDR + FHDR), FPort when there is a payload, the payload, 4 MIC bytes. */
  uint16_t total = (uint16_t)(8u + (payload_len > 0 ? 1u + payload_len : 0u) + 4u);
  if (total > capacity || total > 255) return 0;

  uint32_t a = session->dev_addr;
  out[0] = LORAWAN_MHDR_UNCONFIRMED_UP;
  out[1] = (uint8_t)a;
  out[2] = (uint8_t)(a >> 8);
  out[3] = (uint8_t)(a >> 16);
  out[4] = (uint8_t)(a >> 24);
  out[5] = 0; /* FCtrl: no ADR, no ACK, no FOpts */
  out[6] = (uint8_t)fcnt32;
  out[7] = (uint8_t)(fcnt32 >> 8);
  uint8_t len = 8;
  if (payload_len > 0) {
    out[len++] = fport;
    uint8_t* frm = out + len;
    if (payload != frm) {
      for (uint8_t i = 0; i < payload_len; ++i) frm[i] = payload[i];
    }
    lorawan_crypt_frm_payload(fport == 0 ? session->nwk_s_key : session->app_s_key, 0, a, fcnt32, frm,
                              payload_len);
    len = (uint8_t)(len + payload_len);
  }
  lorawan_compute_mic(session->nwk_s_key, 0, a, fcnt32, out, len, out + len);
  return (uint8_t)(len + 4);
}
