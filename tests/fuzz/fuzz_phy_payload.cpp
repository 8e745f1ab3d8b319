// Fuzz target: the frame parser and the whole decode path of a received frame — parse, MAC commands,
// counter reconstruction, MIC check, decryption, join-accept decryption — plus the invariant that every
// frame that parses serializes back to the same bytes. Any crash, sanitizer report or broken invariant
// is a finding.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <variant>

#include "lorawan/data_frame_crypto.hpp"
#include "lorawan/fcnt.hpp"
#include "lorawan/join_crypto.hpp"
#include "lorawan/join_frames.hpp"
#include "lorawan/mac_commands.hpp"
#include "lorawan/phy_payload.hpp"

using namespace onechan;
using namespace onechan::lorawan;

namespace {

const PreparedSession& session() {
  static const PreparedSession s(SessionKeys{Key128{{0x44, 0x02, 0x42, 0x41, 0xED, 0x4C, 0xE9, 0xA6, 0x8C,
                                                     0x6A, 0x8B, 0xC0, 0x55, 0x23, 0x3F, 0xD3}},
                                             Key128{{0xEC, 0x92, 0x58, 0x02, 0xAE, 0x43, 0x0C, 0xA7, 0x7F,
                                                     0xD3, 0xDD, 0x73, 0xCB, 0x2C, 0xC5, 0x88}}});
  return s;
}

void check_round_trip(const PhyPayload& frame, ByteSpan input) {
  auto bytes = serialize_phy_payload(frame);
  if (!bytes || bytes->size() != input.size() ||
      std::memcmp(bytes->data(), input.data(), input.size()) != 0) {
    std::abort();  // a frame that parses must serialize to exactly the bytes it came from
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteSpan input(data, size);
  auto parsed = parse_phy_payload(input);
  if (!parsed) return 0;
  check_round_trip(*parsed, input);

  if (const auto* frame = std::get_if<DataFrame>(&*parsed)) {
    const Direction dir = frame->direction();
    (void)decode_mac_commands(frame->fopts.span(), dir);
    const std::uint32_t last = size >= 4 ? (std::uint32_t{data[0]} << 24 | std::uint32_t{data[1]} << 16) : 0;
    const auto check =
        check_uplink_fcnt(last, frame->fcnt16, size % 2 ? FCntPolicy::Strict : FCntPolicy::Relaxed);
    (void)verify_data_frame_mic(*frame, input, session(), check.fcnt);
    const auto plain = decrypt_frm_payload(*frame, session(), check.fcnt);
    if (frame->fport == 0) (void)decode_mac_commands(plain.span(), dir);
  } else if (std::holds_alternative<EncryptedJoinAccept>(*parsed)) {
    static const Aes128 app_key(Key128{});
    auto plain = decrypt_join_accept(app_key, input);
    if (plain) {
      auto accept = JoinAccept::parse(plain->span());
      if (accept) (void)verify_join_accept_phy(Cmac(app_key), plain->span());
    }
  } else if (std::holds_alternative<JoinRequestFrame>(*parsed)) {
    static const Cmac app_key(Key128{});
    (void)verify_join_request_phy(app_key, input);
  }
  return 0;
}
