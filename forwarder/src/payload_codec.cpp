#include "payload_codec.hpp"

#include <string>

#include "lorawan/cayenne_lpp.hpp"

namespace onechan {

Result<PayloadCodec> parse_payload_codec(std::string_view name) {
  if (name == "none") return PayloadCodec::None;
  if (name == "cayenne-lpp") return PayloadCodec::CayenneLpp;
  return make_error("codec_unknown", "unknown payload codec '" + std::string(name) + "' (none, cayenne-lpp)");
}

const char* payload_codec_name(PayloadCodec codec) {
  return codec == PayloadCodec::CayenneLpp ? "cayenne-lpp" : "none";
}

Result<nlohmann::json> decode_payload(PayloadCodec codec, ByteSpan payload) {
  if (codec == PayloadCodec::None) return nlohmann::json(nullptr);
  auto records = lorawan::decode_cayenne_lpp(payload);
  if (!records) return records.error();
  nlohmann::json out = nlohmann::json::object();
  for (const auto& record : *records) {
    const std::string key = std::string(record.type_name) + "_" + std::to_string(record.channel);
    const auto fields = record.fields();
    if (fields.size() == 1) {
      out[key] = fields[0].to_double();
    } else {
      nlohmann::json value = nlohmann::json::object();
      for (const auto& field : fields) value[std::string(field.name)] = field.to_double();
      out[key] = std::move(value);
    }
  }
  return out;
}

}  // namespace onechan
