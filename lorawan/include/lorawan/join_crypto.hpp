// Over-the-air activation crypto of LoRaWAN 1.0.x (spec 1.0.4 section 6.2). Byte spans are frames as they
// travel; numbers (nonces, NetID) are values, written little-endian as on air.
//   join-request MIC = CMAC(AppKey, MHDR | JoinEUI | DevEUI | DevNonce)[0..3]
//   join-accept  MIC = CMAC(AppKey, MHDR | JoinNonce | NetID | DevAddr | DLSettings | RxDelay | CFList)[0..3]
//   join-accept on air = MHDR | aes128_decrypt(AppKey, fields | MIC)   (ECB, 16 or 32 bytes)
// The network encrypts the join-accept with AES *decryption* so that a device only needs the AES encrypt
// direction to read it back.
//   NwkSKey = aes128_encrypt(AppKey, 0x01 | JoinNonce | NetID | DevNonce | pad16)
//   AppSKey = aes128_encrypt(AppKey, 0x02 | JoinNonce | NetID | DevNonce | pad16)
#pragma once

#include <cstddef>
#include <cstdint>

#include "lorawan/aes128.hpp"
#include "lorawan/bytes.hpp"
#include "lorawan/cmac.hpp"
#include "lorawan/mic.hpp"
#include "lorawan/result.hpp"
#include "lorawan/session_keys.hpp"

namespace onechan::lorawan {

inline constexpr std::size_t kJoinRequestSize = 23;           // MHDR + 8 + 8 + 2 + MIC
inline constexpr std::size_t kJoinAcceptSize = 17;            // MHDR + 12 + MIC
inline constexpr std::size_t kJoinAcceptWithCfListSize = 33;  // MHDR + 12 + CFList 16 + MIC

// msg = the join-request without its MIC (19 bytes on a well-formed frame).
Mic compute_join_request_mic(const Cmac& app_key, ByteSpan msg);
bool verify_join_request_mic(const Cmac& app_key, ByteSpan msg, const Mic& mic);
// Whole join-request PHYPayload (MIC last); false unless it is kJoinRequestSize bytes with a valid MIC.
bool verify_join_request_phy(const Cmac& app_key, ByteSpan phy);

// msg = the *plaintext* join-accept without its MIC (13 or 29 bytes on a well-formed frame).
Mic compute_join_accept_mic(const Cmac& app_key, ByteSpan msg);
bool verify_join_accept_mic(const Cmac& app_key, ByteSpan msg, const Mic& mic);
// Whole plaintext join-accept PHYPayload (as decrypt_join_accept returns it); false unless it is 17 or 33
// bytes with a valid MIC.
bool verify_join_accept_phy(const Cmac& app_key, ByteSpan plain_phy);

// Encrypted PHYPayload as received (17 or 33 bytes, MType JoinAccept) -> plaintext PHYPayload: the MHDR
// unchanged, then the decrypted fields and MIC. Errors: "join_accept_length", "not_join_accept".
// Decryption cannot tell a wrong AppKey: check the MIC of the result (verify_join_accept_phy).
Result<FrameBytes> decrypt_join_accept(const Aes128& app_key, ByteSpan encrypted_phy);
// The network side (tests, a local join server): plaintext PHYPayload with its MIC -> bytes to send.
Result<FrameBytes> encrypt_join_accept(const Aes128& app_key, ByteSpan plain_phy);

// join_nonce (AppNonce in 1.0.2) and net_id are 24-bit values; dev_nonce as received. Errors:
// "join_nonce_out_of_range", "net_id_out_of_range" when a value does not fit in 3 bytes.
Result<SessionKeys> derive_session_keys(const Aes128& app_key, std::uint32_t join_nonce, std::uint32_t net_id,
                                        std::uint16_t dev_nonce);

}  // namespace onechan::lorawan
