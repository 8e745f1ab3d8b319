// Payload codecs: turn a decrypted FRMPayload into JSON for people and backends. One codec today,
// Cayenne LPP; "none" leaves the payload as bytes. Used by `onechan decode --codec` and, with the local
// processing issue, by the webhook bodies (`decoded`).
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "lorawan/bytes.hpp"
#include "lorawan/result.hpp"

namespace onechan {

enum class PayloadCodec { None, CayenneLpp };

Result<PayloadCodec> parse_payload_codec(std::string_view name);  // "none", "cayenne-lpp"
const char* payload_codec_name(PayloadCodec codec);

// Cayenne LPP as the flat object The Things Network's LPP formatter produces, keyed "<type>_<channel>":
// {"temperature_1": 21.5, "gps_3": {"latitude": 42.3519, "longitude": -87.9094, "altitude": 10}}.
// Errors (unknown type, truncated record) name the offset, as lorawan/cayenne_lpp.hpp reports them.
Result<nlohmann::json> decode_payload(PayloadCodec codec, ByteSpan payload);

}  // namespace onechan
