// Fuzz target: the Cayenne LPP decoder (lorawan/cayenne_lpp.hpp), which reads the FRMPayload of any
// uplink, and the JSON codec built on it (forwarder/src/payload_codec.hpp).
// Invariants: a payload that decodes is made of whole records, each with the field count of its type, and
// LppEncoder::add_raw rebuilds exactly the same bytes from the decoded raw values; the JSON codec accepts
// exactly what the decoder accepts and has one key per (type, channel) pair.
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "lorawan/cayenne_lpp.hpp"
#include "payload_codec.hpp"

using namespace onechan;
using namespace onechan::lorawan;

namespace {

void check_record(const LppRecord& r, LppEncoder& encoder) {
  const auto info = lpp_type_info(static_cast<std::uint8_t>(r.type));
  if (!info || info->field_count != r.value_count || r.type_name != info->name) std::abort();
  for (const auto& v : r.fields()) {
    if (v.divisor == 0 || v.to_decimal_string().empty()) std::abort();
  }
  const auto f = r.fields();
  const Result<void> added = r.value_count == 1
                                 ? encoder.add_raw(r.channel, r.type, {f[0].raw})
                                 : encoder.add_raw(r.channel, r.type, {f[0].raw, f[1].raw, f[2].raw});
  if (!added) std::abort();  // a decoded value always fits the field it came from
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteSpan payload(data, size);
  auto records = decode_cayenne_lpp(payload);
  auto json = decode_payload(PayloadCodec::CayenneLpp, payload);
  if (records.ok() != json.ok()) std::abort();
  if (!records) {
    if (records.error().code != "lpp_unknown_type" && records.error().code != "lpp_truncated") std::abort();
    return 0;
  }

  LppEncoder encoder(size);  // the budget is the input: payloads longer than one frame decode too
  for (const auto& r : *records) check_record(r, encoder);
  const ByteSpan rebuilt = encoder.bytes();
  if (rebuilt.size() != size || (size > 0 && std::memcmp(rebuilt.data(), data, size) != 0)) std::abort();

  if (!json->is_object() || json->size() > records->size()) std::abort();
  (void)json->dump();
  return 0;
}
