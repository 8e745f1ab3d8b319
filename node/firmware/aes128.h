/* AES-128 (FIPS-197), encryption only: LoRaWAN needs no AES decryption on an ABP device (CMAC and the
 * FRMPayload keystream both encrypt). The round keys are computed on the fly, so the key schedule costs
 * 16 bytes of stack instead of 176 bytes of RAM, and the S-box stays in flash. */
#ifndef ONECHAN_NODE_AES128_H
#define ONECHAN_NODE_AES128_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AES128_BLOCK_SIZE 16

/* Encrypts one 16-byte block in place with a 16-byte key (both in RAM). */
void aes128_encrypt(const uint8_t key[AES128_BLOCK_SIZE], uint8_t block[AES128_BLOCK_SIZE]);

#ifdef __cplusplus
}
#endif

#endif
