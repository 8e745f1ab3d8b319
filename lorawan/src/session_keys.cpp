#include "lorawan/session_keys.hpp"

#include "lorawan/frm_payload_cipher.hpp"

namespace onechan::lorawan {

PreparedSession::PreparedSession(const SessionKeys& keys)
    : nwk_s_key_(keys.nwk_s_key), app_s_key_(keys.app_s_key) {}

Mic PreparedSession::compute_mic(Direction dir, DevAddr dev_addr, std::uint32_t fcnt32, ByteSpan msg) const {
  return compute_data_mic(nwk_s_key_, dir, dev_addr, fcnt32, msg);
}

bool PreparedSession::verify_mic(Direction dir, DevAddr dev_addr, std::uint32_t fcnt32, ByteSpan msg,
                                 const Mic& mic) const {
  return verify_data_mic(nwk_s_key_, dir, dev_addr, fcnt32, msg, mic);
}

void PreparedSession::crypt_payload(Direction dir, DevAddr dev_addr, std::uint32_t fcnt32, std::uint8_t fport,
                                    ByteSpan in, MutableByteSpan out) const {
  const Aes128& key = fport == 0 ? nwk_s_key_.cipher() : app_s_key_;
  crypt_frm_payload(key, dir, dev_addr, fcnt32, in, out);
}

}  // namespace onechan::lorawan
