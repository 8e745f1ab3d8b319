#include "lorawan/join_frames.hpp"

#include <algorithm>
#include <string>

namespace onechan::lorawan {
namespace {

constexpr std::uint32_t kMax24 = 0xFFFFFF;

// Little-endian integer of `n` bytes at `p`.
std::uint64_t read_le(const std::uint8_t* p, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = n; i-- > 0;) v = (v << 8) | p[i];
  return v;
}

void write_le(FrameBytes& out, std::uint64_t v, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

Error mtype_mismatch(const char* expected, MType got) {
  return make_error("mtype_mismatch",
                    std::string("expected a ") + expected + " MType, got " + mtype_name(got));
}

// Parses the MHDR and checks it names `expected`.
Result<Mhdr> parse_mhdr_of(ByteSpan b, MType expected) {
  auto mhdr = Mhdr::parse(b[0]);
  if (!mhdr) return mhdr.error();
  if (mhdr->mtype != expected) return mtype_mismatch(mtype_name(expected), mhdr->mtype);
  return mhdr;
}

Error join_accept_bad_length(std::size_t got) {
  return make_error("join_accept_bad_length", "join-accept is " + std::to_string(got) +
                                                  " bytes; it must be 17 (no CFList) or 33 (with CFList)");
}

Error out_of_range(const std::string& what) {
  return make_error("join_accept_field_out_of_range", what);
}

}  // namespace

Result<JoinRequestFrame> JoinRequestFrame::parse(ByteSpan b) {
  if (b.size() != kJoinRequestLength) {
    return make_error("join_request_bad_length",
                      "join-request is " + std::to_string(b.size()) + " bytes; it must be exactly 23");
  }
  auto mhdr = parse_mhdr_of(b, MType::JoinRequest);
  if (!mhdr) return mhdr.error();
  JoinRequestFrame f;
  f.mhdr = *mhdr;
  f.join_eui.value = read_le(&b[1], 8);
  f.dev_eui.value = read_le(&b[9], 8);
  f.dev_nonce = static_cast<std::uint16_t>(read_le(&b[17], 2));
  std::copy(b.begin() + 19, b.end(), f.mic.begin());
  return f;
}

Result<FrameBytes> JoinRequestFrame::serialize() const {
  if (mhdr.mtype != MType::JoinRequest) return mtype_mismatch("JoinRequest", mhdr.mtype);
  FrameBytes out;
  out.push_back(mhdr.to_byte());
  write_le(out, join_eui.value, 8);
  write_le(out, dev_eui.value, 8);
  write_le(out, dev_nonce, 2);
  for (std::uint8_t byte : mic) out.push_back(byte);
  return out;
}

Result<EncryptedJoinAccept> EncryptedJoinAccept::parse(ByteSpan b) {
  if (b.size() != kJoinAcceptLength && b.size() != kJoinAcceptWithCfListLength) {
    return join_accept_bad_length(b.size());
  }
  auto mhdr = parse_mhdr_of(b, MType::JoinAccept);
  if (!mhdr) return mhdr.error();
  EncryptedJoinAccept f;
  f.mhdr = *mhdr;
  f.encrypted.assign(b.subspan(1));
  return f;
}

Result<FrameBytes> EncryptedJoinAccept::serialize() const {
  if (mhdr.mtype != MType::JoinAccept) return mtype_mismatch("JoinAccept", mhdr.mtype);
  if (encrypted.size() != 16 && encrypted.size() != 32) return join_accept_bad_length(1 + encrypted.size());
  FrameBytes out;
  out.push_back(mhdr.to_byte());
  for (std::uint8_t byte : encrypted) out.push_back(byte);
  return out;
}

DlSettings DlSettings::decode(std::uint8_t byte) {
  return DlSettings{(byte & 0x80) != 0, static_cast<std::uint8_t>((byte >> 4) & 0x07),
                    static_cast<std::uint8_t>(byte & 0x0F)};
}

Result<std::uint8_t> DlSettings::encode() const {
  if (rx1_dr_offset > 7) {
    return out_of_range("DLSettings RX1DROffset " + std::to_string(rx1_dr_offset) +
                        " does not fit in 3 bits");
  }
  if (rx2_data_rate > 15) {
    return out_of_range("DLSettings RX2DataRate " + std::to_string(rx2_data_rate) +
                        " does not fit in 4 bits");
  }
  return static_cast<std::uint8_t>((opt_neg ? 0x80 : 0) | (rx1_dr_offset << 4) | rx2_data_rate);
}

std::optional<std::array<std::uint32_t, 5>> CfList::frequencies_hz() const {
  if (cf_list_type() != 0) return std::nullopt;
  std::array<std::uint32_t, 5> hz{};
  for (std::size_t i = 0; i < hz.size(); ++i)
    hz[i] = static_cast<std::uint32_t>(read_le(&raw[3 * i], 3)) * 100;
  return hz;
}

Result<CfList> CfList::from_frequencies_hz(const std::array<std::uint32_t, 5>& hz) {
  CfList list;
  for (std::size_t i = 0; i < hz.size(); ++i) {
    if (hz[i] % 100 != 0 || hz[i] / 100 > kMax24) {
      return out_of_range("CFList frequency " + std::to_string(hz[i]) +
                          " Hz is not a multiple of 100 Hz below 1677721600 Hz");
    }
    const std::uint32_t units = hz[i] / 100;
    for (std::size_t k = 0; k < 3; ++k) list.raw[3 * i + k] = static_cast<std::uint8_t>(units >> (8 * k));
  }
  list.raw[15] = 0;
  return list;
}

std::uint8_t JoinAccept::rx1_delay_seconds() const {
  const auto del = static_cast<std::uint8_t>(rx_delay & 0x0F);
  return del == 0 ? std::uint8_t{1} : del;
}

Result<JoinAccept> JoinAccept::parse(ByteSpan b) {
  if (b.size() != kJoinAcceptLength && b.size() != kJoinAcceptWithCfListLength) {
    return join_accept_bad_length(b.size());
  }
  auto mhdr = parse_mhdr_of(b, MType::JoinAccept);
  if (!mhdr) return mhdr.error();
  JoinAccept f;
  f.mhdr = *mhdr;
  f.join_nonce = static_cast<std::uint32_t>(read_le(&b[1], 3));
  f.net_id = static_cast<std::uint32_t>(read_le(&b[4], 3));
  f.dev_addr.value = static_cast<std::uint32_t>(read_le(&b[7], 4));
  f.dl_settings = DlSettings::decode(b[11]);
  f.rx_delay = b[12];
  if (b.size() == kJoinAcceptWithCfListLength) {
    CfList list;
    std::copy(b.begin() + 13, b.begin() + 29, list.raw.begin());
    f.cf_list = list;
  }
  std::copy(b.end() - 4, b.end(), f.mic.begin());
  return f;
}

Result<FrameBytes> JoinAccept::serialize() const {
  if (mhdr.mtype != MType::JoinAccept) return mtype_mismatch("JoinAccept", mhdr.mtype);
  if (join_nonce > kMax24)
    return out_of_range("JoinNonce " + std::to_string(join_nonce) + " exceeds 24 bits");
  if (net_id > kMax24) return out_of_range("NetID " + std::to_string(net_id) + " exceeds 24 bits");
  auto dl = dl_settings.encode();
  if (!dl) return dl.error();
  FrameBytes out;
  out.push_back(mhdr.to_byte());
  write_le(out, join_nonce, 3);
  write_le(out, net_id, 3);
  write_le(out, dev_addr.value, 4);
  out.push_back(*dl);
  out.push_back(rx_delay);
  if (cf_list) {
    for (std::uint8_t byte : cf_list->raw) out.push_back(byte);
  }
  for (std::uint8_t byte : mic) out.push_back(byte);
  return out;
}

}  // namespace onechan::lorawan
