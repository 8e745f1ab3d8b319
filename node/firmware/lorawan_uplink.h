/* LoRaWAN 1.0.x unconfirmed data uplinks of an ABP device (specification 1.0.4 sections 4.3 and 4.4):
 *   MHDR 0x40 | DevAddr (LE) | FCtrl | FCnt (low 16 bits, LE) | [FPort | encrypted FRMPayload] | MIC (4)
 * with the FRMPayload encrypted by the AES keystream Ai and the MIC computed over B0 | msg, both with the
 * full 32-bit frame counter. */
#ifndef ONECHAN_NODE_LORAWAN_UPLINK_H
#define ONECHAN_NODE_LORAWAN_UPLINK_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* MHDR + FHDR without FOpts + FPort + MIC. */
#define LORAWAN_UPLINK_OVERHEAD 13
#define LORAWAN_MHDR_UNCONFIRMED_UP 0x40

typedef struct {
  uint32_t dev_addr;
  const uint8_t* nwk_s_key; /* 16 bytes in RAM: MIC, and FRMPayload of FPort 0 */
  const uint8_t* app_s_key; /* 16 bytes in RAM: FRMPayload of FPort 1..255 */
} lorawan_abp_session;

/* Encrypts or decrypts (the same operation) `len` bytes in place with the keystream of section 4.3.3.1:
 * Ai = 0x01 | 00 00 00 00 | dir | DevAddr | FCnt32 | 0x00 | i, for i = 1, 2, ... dir: 0 up, 1 down. */
void lorawan_crypt_frm_payload(const uint8_t key[16], uint8_t dir, uint32_t dev_addr, uint32_t fcnt32,
                               uint8_t* data, uint8_t len);

/* The 4 MIC bytes, as they appear on air, of msg (MHDR up to the end of FRMPayload). */
void lorawan_compute_mic(const uint8_t nwk_s_key[16], uint8_t dir, uint32_t dev_addr, uint32_t fcnt32,
                         const uint8_t* msg, uint8_t msg_len, uint8_t mic[4]);

/* Builds an unconfirmed data uplink with FCtrl 0 (no ADR, no FOpts) into `out`. With payload_len 0 the
 * frame carries no FPort (and fport is ignored). Returns the PHYPayload length, or 0 when it does not fit
 * in `capacity` or exceeds the 255 bytes of a LoRa frame. `payload` may point into `out` only at offset 9
 * (where the FRMPayload goes): it is encrypted in place then. */
uint8_t lorawan_build_uplink(uint8_t* out, uint8_t capacity, const lorawan_abp_session* session,
                             uint32_t fcnt32, uint8_t fport, const uint8_t* payload, uint8_t payload_len);

#ifdef __cplusplus
}
#endif

#endif
