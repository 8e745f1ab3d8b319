#include "lorawan/types.hpp"

#include <algorithm>
#include <cctype>

#include "lorawan/hex.hpp"

namespace onechan::lorawan {
namespace {

// Parses exactly `digits` hex digits, MSB first, into an integer.
Result<std::uint64_t> parse_fixed_hex(std::string_view text, std::size_t digits, const char* what) {
  if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) text.remove_prefix(2);
  if (text.size() != digits) {
    return make_error(std::string(what) + "_bad_length", std::string(what) + " needs " +
                                                             std::to_string(digits) + " hex digits, got " +
                                                             std::to_string(text.size()));
  }
  auto bytes = from_hex(text);
  if (!bytes)
    return make_error(std::string(what) + "_not_hex", std::string(what) + ": " + bytes.error().message);
  std::uint64_t v = 0;
  for (std::uint8_t b : *bytes) v = (v << 8) | b;
  return v;
}

std::string fixed_hex(std::uint64_t v, std::size_t bytes) {
  std::array<std::uint8_t, 8> b{};
  for (std::size_t i = 0; i < bytes; ++i) b[bytes - 1 - i] = static_cast<std::uint8_t>(v >> (8 * i));
  return to_hex(ByteSpan(b.data(), bytes));
}

}  // namespace

std::string DevAddr::to_string() const {
  return fixed_hex(value, 4);
}

Result<DevAddr> DevAddr::parse(std::string_view text) {
  auto v = parse_fixed_hex(text, 8, "devaddr");
  if (!v) return v.error();
  return DevAddr{static_cast<std::uint32_t>(*v)};
}

std::string Eui64::to_string() const {
  return fixed_hex(value, 8);
}

Result<Eui64> Eui64::parse(std::string_view text) {
  auto v = parse_fixed_hex(text, 16, "eui");
  if (!v) return v.error();
  return Eui64{*v};
}

Result<Key128> Key128::parse(std::string_view text) {
  if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) text.remove_prefix(2);
  if (text.size() != 32) {
    return make_error("key_bad_length",
                      "a key needs 32 hex digits (16 bytes), got " + std::to_string(text.size()));
  }
  auto bytes = from_hex(text);
  // The message names the position only: not even one character of a key goes into a log.
  if (!bytes) {
    const auto bad = std::find_if(text.begin(), text.end(),
                                  [](char c) { return !std::isxdigit(static_cast<unsigned char>(c)); });
    return make_error("key_not_hex", "a key must be hex digits only; position " +
                                         std::to_string(bad - text.begin()) + " is not one");
  }
  Key128 k;
  std::copy(bytes->begin(), bytes->end(), k.bytes.begin());
  return k;
}

}  // namespace onechan::lorawan
