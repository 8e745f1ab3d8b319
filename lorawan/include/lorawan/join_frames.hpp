// Over-the-air activation frames of LoRaWAN 1.0.x (1.0.4 section 6.2):
//   join-request:  MHDR | JoinEUI(8 LE) | DevEUI(8 LE) | DevNonce(2 LE) | MIC(4)            = 23 bytes
//   join-accept:   MHDR | encrypted(16 or 32)                                              = 17 / 33 bytes
//   decrypted:     MHDR | JoinNonce(3 LE) | NetID(3 LE) | DevAddr(4 LE) | DLSettings(1) | RxDelay(1)
//                  | [CFList(16)] | MIC(4)
// The join-accept travels encrypted (MIC included), so a receiver without the AppKey can only hold the
// ciphertext: EncryptedJoinAccept. The crypto layer turns it into the plaintext PHYPayload that
// JoinAccept parses. Nothing here allocates on the heap.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "lorawan/bytes.hpp"
#include "lorawan/mhdr.hpp"
#include "lorawan/result.hpp"
#include "lorawan/types.hpp"

namespace onechan::lorawan {

inline constexpr std::size_t kJoinRequestLength = 23;
inline constexpr std::size_t kJoinAcceptLength = 17;            // without CFList
inline constexpr std::size_t kJoinAcceptWithCfListLength = 33;  // with CFList

struct JoinRequestFrame {
  Mhdr mhdr{MType::JoinRequest};
  Eui64 join_eui;  // called AppEUI before LoRaWAN 1.0.4
  Eui64 dev_eui;
  std::uint16_t dev_nonce = 0;
  Mic mic{};

  std::uint32_t mic_le32() const { return mic_value(mic); }

  // Errors: major_unsupported, mtype_rfu, mtype_mismatch (not a JoinRequest),
  // join_request_bad_length (not exactly 23 bytes).
  static Result<JoinRequestFrame> parse(ByteSpan phy_payload);
  Result<FrameBytes> serialize() const;  // error: mtype_mismatch

  friend bool operator==(const JoinRequestFrame&, const JoinRequestFrame&) = default;
};

struct EncryptedJoinAccept {
  Mhdr mhdr{MType::JoinAccept};
  BoundedBytes<32> encrypted;  // 16 or 32 bytes after the MHDR, the encrypted MIC included

  bool has_cf_list() const { return encrypted.size() == 32; }

  // Errors: major_unsupported, mtype_rfu, mtype_mismatch, join_accept_bad_length (not 17 or 33 bytes).
  static Result<EncryptedJoinAccept> parse(ByteSpan phy_payload);
  Result<FrameBytes> serialize() const;  // errors: mtype_mismatch, join_accept_bad_length

  friend bool operator==(const EncryptedJoinAccept&, const EncryptedJoinAccept&) = default;
};

// DLSettings: bit 7 RFU in 1.0.x (OptNeg in 1.1), RX1DROffset bits 6-4, RX2DataRate bits 3-0.
struct DlSettings {
  bool opt_neg = false;            // RFU in 1.0.x; kept so the MIC still matches after a round trip
  std::uint8_t rx1_dr_offset = 0;  // 0-7
  std::uint8_t rx2_data_rate = 0;  // 0-15

  static DlSettings decode(std::uint8_t byte);
  Result<std::uint8_t> encode() const;  // error: join_accept_field_out_of_range

  friend bool operator==(const DlSettings&, const DlSettings&) = default;
};

// The optional 16-byte CFList. Its last byte is the CFListType: 0 = five extra channel frequencies (EU868
// and other regions with dynamic channels), 1 = channel masks (US915-like).
struct CfList {
  std::array<std::uint8_t, 16> raw{};

  std::uint8_t cf_list_type() const { return raw[15]; }
  // For CFListType 0: five frequencies in Hz (3 bytes LE each, in 100 Hz units; 0 = no channel).
  std::optional<std::array<std::uint32_t, 5>> frequencies_hz() const;
  // Builds a CFListType 0 list. Error join_accept_field_out_of_range for a frequency that is not a
  // multiple of 100 Hz or exceeds 24 bits of 100 Hz steps.
  static Result<CfList> from_frequencies_hz(const std::array<std::uint32_t, 5>& hz);

  friend bool operator==(const CfList&, const CfList&) = default;
};

struct JoinAccept {
  Mhdr mhdr{MType::JoinAccept};
  std::uint32_t join_nonce = 0;  // 24 bits (AppNonce before LoRaWAN 1.0.4)
  std::uint32_t net_id = 0;      // 24 bits
  DevAddr dev_addr;
  DlSettings dl_settings;
  std::uint8_t rx_delay = 0;  // the raw byte: RFU bits 7-4, Del bits 3-0
  std::optional<CfList> cf_list;
  Mic mic{};

  // RX1 delay in seconds as the spec defines Del: 0 and 1 both mean 1 s.
  std::uint8_t rx1_delay_seconds() const;
  std::uint32_t mic_le32() const { return mic_value(mic); }

  // `plaintext_phy_payload` is the decrypted PHYPayload (MHDR + 16 or 32 bytes). Errors:
  // major_unsupported, mtype_rfu, mtype_mismatch, join_accept_bad_length (not 17 or 33 bytes).
  static Result<JoinAccept> parse(ByteSpan plaintext_phy_payload);
  // The plaintext PHYPayload. Errors: mtype_mismatch, join_accept_field_out_of_range (JoinNonce or NetID
  // above 24 bits, DLSettings fields too wide).
  Result<FrameBytes> serialize() const;

  friend bool operator==(const JoinAccept&, const JoinAccept&) = default;
};

}  // namespace onechan::lorawan
