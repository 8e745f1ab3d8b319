#include "semtech/txpk.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "lorawan/hex.hpp"
#include "semtech/decimal.hpp"
#include "semtech/json_text.hpp"

namespace onechan::semtech {
namespace {

using nlohmann::json;

// Base64 of 255 bytes is 340 characters; anything longer cannot be a LoRa payload.
constexpr std::size_t kMaxDataText = 4 * ((kMaxPhyPayload + 2) / 3);

const char* type_name(const json& v) {
  return v.type_name();
}

Error type_error(std::string_view field, std::string_view expected, const json& v) {
  return make_error("txpk_field_type", "txpk." + std::string(field) + " must be " + std::string(expected) +
                                           ", not " + type_name(v));
}

// A JSON integer within [lo, hi]. Floats (even 14.0) are refused: every server writes these as integers.
Result<std::int64_t> integer_in(const json& v, std::string_view field, std::int64_t lo, std::uint64_t hi,
                                const char* range_code = "txpk_field_range",
                                const char* type_code = "txpk_field_type") {
  const std::string range_message =
      "txpk." + std::string(field) + " must be within " + std::to_string(lo) + ".." + std::to_string(hi);
  if (v.is_number_unsigned()) {
    const auto u = v.get<json::number_unsigned_t>();
    if (u > hi) return make_error(range_code, range_message);
    return static_cast<std::int64_t>(u);
  }
  if (v.is_number_integer()) {
    const auto s = v.get<json::number_integer_t>();
    if (s < lo) return make_error(range_code, range_message);
    return s;
  }
  Error e = type_error(field, "an integer", v);
  e.code = type_code;
  return e;
}

Result<bool> boolean(const json& v, std::string_view field) {
  if (!v.is_boolean()) return type_error(field, "true or false", v);
  return v.get<bool>();
}

Result<std::string> text(const json& v, std::string_view field) {
  if (!v.is_string()) return type_error(field, "a string", v);
  return v.get<std::string>();
}

Error missing(std::string_view field) {
  return make_error("txpk_field_missing", "txpk." + std::string(field) + " is missing");
}

Result<std::uint32_t> frequency(const json& v, const JsonWithNumberText& doc) {
  if (v.is_number_unsigned()) {
    const auto mhz = v.get<json::number_unsigned_t>();
    if (mhz > std::numeric_limits<std::uint32_t>::max() / 1'000'000u) {
      return make_error("freq_out_of_range", "freq " + std::to_string(mhz) + " MHz is above 4294.967295 MHz");
    }
    return static_cast<std::uint32_t>(mhz * 1'000'000u);
  }
  if (v.is_number_integer()) {
    return make_error("freq_negative",
                      "freq " + std::to_string(v.get<json::number_integer_t>()) + " is negative");
  }
  if (v.is_number_float()) {
    const auto it = doc.number_text.find("/txpk/freq");
    if (it == doc.number_text.end()) return make_error("freq_not_a_number", "freq has no number text");
    return parse_mhz(it->second);
  }
  return make_error("freq_not_a_number", std::string("freq must be a number of MHz, not ") + type_name(v));
}

struct Datarate {
  std::uint8_t sf;
  std::uint32_t bw_hz;
};

std::optional<Datarate> parse_datr(std::string_view s) {
  // "SF" 1-2 digits "BW" 3 digits, nothing else.
  if (s.size() < 7 || s.substr(0, 2) != "SF") return std::nullopt;
  const std::size_t bw_at = s.find("BW");
  if (bw_at == std::string_view::npos || bw_at < 3 || bw_at > 4) return std::nullopt;
  const std::string_view sf_text = s.substr(2, bw_at - 2);
  const std::string_view bw_text = s.substr(bw_at + 2);
  unsigned sf = 0;
  for (char c : sf_text) {
    if (c < '0' || c > '9') return std::nullopt;
    sf = sf * 10 + static_cast<unsigned>(c - '0');
  }
  if (sf < 5 || sf > 12) return std::nullopt;
  std::uint32_t bw = 0;
  if (bw_text == "125") {
    bw = 125'000;
  } else if (bw_text == "250") {
    bw = 250'000;
  } else if (bw_text == "500") {
    bw = 500'000;
  } else {
    return std::nullopt;
  }
  return Datarate{static_cast<std::uint8_t>(sf), bw};
}

std::optional<std::uint8_t> parse_codr(std::string_view s) {
  if (s == "4/5") return 5;
  if (s == "4/6" || s == "2/3") return 6;
  if (s == "4/7") return 7;
  if (s == "4/8" || s == "1/2") return 8;
  return std::nullopt;
}

Result<std::vector<std::uint8_t>> decode_data(std::string_view s) {
  if (s.size() > kMaxDataText + 2) {
    return make_error("txpk_size_too_large", "txpk.data holds more than 255 bytes");
  }
  // "padding optional" (section 6): strip what padding there is and put back the right amount.
  std::string_view bare = s;
  std::size_t stripped = 0;
  while (!bare.empty() && bare.back() == '=') {
    bare.remove_suffix(1);
    ++stripped;
  }
  if (stripped > 2) return make_error("txpk_data_invalid", "txpk.data ends in more than two '=' characters");
  if (bare.size() % 4 == 1) {
    return make_error("txpk_data_invalid",
                      "txpk.data is not base64 (its length cannot be a whole number of bytes)");
  }
  std::string padded(bare);
  padded.append((4 - bare.size() % 4) % 4, '=');
  auto bytes = from_base64(padded);
  if (!bytes) return make_error("txpk_data_invalid", "txpk.data is not base64: " + bytes.error().message);
  return bytes;
}

Result<TxRequest> parse_txpk(const JsonWithNumberText& doc) {
  if (!doc.value.is_object()) {
    return make_error("json_not_object",
                      std::string("the PULL_RESP body must be a JSON object, not ") + type_name(doc.value));
  }
  const auto txpk_it = doc.value.find("txpk");
  if (txpk_it == doc.value.end())
    return make_error("txpk_missing", "the PULL_RESP body has no \"txpk\" object");
  const json& t = *txpk_it;
  if (!t.is_object())
    return make_error("txpk_missing", std::string("\"txpk\" must be an object, not ") + type_name(t));

  auto field = [&t](const char* name) -> const json* {
    const auto it = t.find(name);
    return it == t.end() ? nullptr : &*it;
  };

  TxRequest req;

  // Timing: imme wins over tmst, tmst over tmms (section 6: "will ignore tmst & tmms").
  bool immediate = false;
  if (const json* v = field("imme")) {
    auto b = boolean(*v, "imme");
    if (!b) return b.error();
    immediate = *b;
  }
  std::optional<std::uint32_t> tmst;
  if (const json* v = field("tmst")) {
    auto n = integer_in(*v, "tmst", 0, std::numeric_limits<std::uint32_t>::max());
    if (!n) return n.error();
    tmst = static_cast<std::uint32_t>(*n);
  }
  std::optional<std::uint64_t> tmms;
  if (const json* v = field("tmms")) {
    auto n = integer_in(*v, "tmms", 0, static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
    if (!n) return n.error();
    tmms = static_cast<std::uint64_t>(*n);
  }
  if (immediate) {
    req.timing.kind = TxTiming::Kind::Immediate;
  } else if (tmst) {
    req.timing.kind = TxTiming::Kind::Timestamp;
    req.timing.tmst_us = *tmst;
  } else if (tmms) {
    req.timing.kind = TxTiming::Kind::GpsTime;
    req.timing.tmms = *tmms;
  } else {
    return make_error("txpk_no_timing", "txpk has neither \"imme\":true nor \"tmst\" nor \"tmms\"");
  }

  const json* freq = field("freq");
  if (freq == nullptr) return make_error("freq_missing", "txpk.freq is missing");
  auto hz = frequency(*freq, doc);
  if (!hz) return hz.error();
  req.frequency_hz = *hz;

  if (const json* v = field("powe")) {
    auto n = integer_in(*v, "powe", 0, 255, "powe_out_of_range", "powe_not_an_integer");
    if (!n) return n.error();
    req.power_dbm = static_cast<std::uint8_t>(*n);
  }

  if (const json* v = field("rfch")) {
    auto n = integer_in(*v, "rfch", 0, 255);
    if (!n) return n.error();
    req.rf_chain = static_cast<std::uint8_t>(*n);
  }

  const json* modu = field("modu");
  if (modu == nullptr) return missing("modu");
  auto modu_text = text(*modu, "modu");
  if (!modu_text) return modu_text.error();
  if (*modu_text == "FSK")
    return make_error("txpk_modu_fsk", "txpk.modu is FSK; this gateway transmits LoRa only");
  if (*modu_text != "LORA") {
    return make_error(
        "txpk_modu_unknown",
        "txpk.modu " +
            nlohmann::json(modu_text->substr(0, 16)).dump(-1, ' ', false, json::error_handler_t::replace) +
            " is not \"LORA\"");
  }

  const json* datr = field("datr");
  if (datr == nullptr) return missing("datr");
  auto datr_text = text(*datr, "datr");
  if (!datr_text) return datr_text.error();
  const auto dr = parse_datr(*datr_text);
  if (!dr) {
    return make_error("txpk_datr_invalid", "txpk.datr must look like \"SF7BW125\" (SF5..12, BW 125/250/500)");
  }
  req.spreading_factor = dr->sf;
  req.bandwidth_hz = dr->bw_hz;

  const json* codr = field("codr");
  if (codr == nullptr) return missing("codr");
  auto codr_text = text(*codr, "codr");
  if (!codr_text) return codr_text.error();
  const auto cr = parse_codr(*codr_text);
  if (!cr) return make_error("txpk_codr_invalid", "txpk.codr must be one of 4/5, 4/6, 4/7, 4/8");
  req.coding_rate = *cr;

  if (const json* v = field("ipol")) {
    auto b = boolean(*v, "ipol");
    if (!b) return b.error();
    req.invert_iq = *b;
  }
  if (const json* v = field("prea")) {
    auto n = integer_in(*v, "prea", 0, 65535);
    if (!n) return n.error();
    req.preamble_symbols = static_cast<std::uint16_t>(std::max<std::int64_t>(*n, 6));
  }
  if (const json* v = field("ncrc")) {
    auto b = boolean(*v, "ncrc");
    if (!b) return b.error();
    req.crc_off = *b;
  }

  const json* size = field("size");
  if (size == nullptr) return missing("size");
  auto declared = integer_in(*size, "size", 0, std::numeric_limits<std::uint32_t>::max());
  if (!declared) return declared.error();
  if (*declared > static_cast<std::int64_t>(kMaxPhyPayload)) {
    return make_error("txpk_size_too_large",
                      "txpk.size " + std::to_string(*declared) + " is above 255, the largest LoRa payload");
  }

  const json* data = field("data");
  if (data == nullptr) return missing("data");
  auto data_text = text(*data, "data");
  if (!data_text) return data_text.error();
  auto bytes = decode_data(*data_text);
  if (!bytes) return bytes.error();
  if (bytes->size() != static_cast<std::size_t>(*declared)) {
    return make_error("txpk_size_mismatch", "txpk.size is " + std::to_string(*declared) + " but data holds " +
                                                std::to_string(bytes->size()) + " bytes");
  }
  req.payload.assign(*bytes);
  return req;
}

}  // namespace

Result<TxRequest> parse_txpk_json(std::string_view body) {
  try {
    auto doc = parse_json_keeping_number_text(body);
    if (!doc) return doc.error();
    return parse_txpk(*doc);
  } catch (const std::exception& e) {
    // Every access above checks the type first; this only turns an allocation failure into an error value.
    return make_error("txpk_internal", std::string("the txpk could not be read: ") + e.what());
  }
}

}  // namespace onechan::semtech
