// A device's LoRaWAN 1.0.x session: the two keys, and the same keys prepared once (OpenSSL contexts and
// CMAC subkeys) so every frame of that device is checked and decrypted without setup work or allocation.
#pragma once

#include <cstdint>

#include "lorawan/aes128.hpp"
#include "lorawan/bytes.hpp"
#include "lorawan/cmac.hpp"
#include "lorawan/mic.hpp"
#include "lorawan/types.hpp"

namespace onechan::lorawan {

struct SessionKeys {
  Key128 nwk_s_key;  // MIC of data frames and FPort 0 payloads (MAC commands)
  Key128 app_s_key;  // FRMPayload of FPort 1..255
  friend bool operator==(const SessionKeys&, const SessionKeys&) = default;
};

// Build one per device (not per frame); copyable (duplicates the contexts) and movable. Like Aes128, one
// object serves one thread at a time.
class PreparedSession {
 public:
  explicit PreparedSession(const SessionKeys& keys);

  // msg = MHDR | FHDR | FPort | FRMPayload (the PHYPayload without its last 4 bytes), at most 255 bytes.
  Mic compute_mic(Direction dir, DevAddr dev_addr, std::uint32_t fcnt32, ByteSpan msg) const;
  bool verify_mic(Direction dir, DevAddr dev_addr, std::uint32_t fcnt32, ByteSpan msg, const Mic& mic) const;

  // Encrypts or decrypts an FRMPayload with NwkSKey when fport == 0, AppSKey otherwise. Same size
  // requirements as crypt_frm_payload (in/out equal size, same memory or disjoint).
  void crypt_payload(Direction dir, DevAddr dev_addr, std::uint32_t fcnt32, std::uint8_t fport, ByteSpan in,
                     MutableByteSpan out) const;

  const Cmac& nwk_s_key() const { return nwk_s_key_; }
  const Aes128& app_s_key() const { return app_s_key_; }

 private:
  Cmac nwk_s_key_;
  Aes128 app_s_key_;
};

}  // namespace onechan::lorawan
