#include "lorawan/hex.hpp"

#include <openssl/evp.h>

#include <array>

namespace onechan {
namespace {

std::string to_hex_with(ByteSpan bytes, const char* digits) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0x0F]);
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string to_hex(ByteSpan bytes) {
  return to_hex_with(bytes, "0123456789ABCDEF");
}
std::string to_hex_lower(ByteSpan bytes) {
  return to_hex_with(bytes, "0123456789abcdef");
}

Result<std::vector<std::uint8_t>> from_hex(std::string_view text) {
  if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) text.remove_prefix(2);
  if (text.size() % 2 != 0) {
    return make_error("hex_odd_length",
                      "hex text has an odd number of digits (" + std::to_string(text.size()) + ")");
  }
  std::vector<std::uint8_t> out;
  out.reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int hi = hex_value(text[i]);
    const int lo = hex_value(text[i + 1]);
    if (hi < 0 || lo < 0) {
      const std::size_t bad = hi < 0 ? i : i + 1;
      return make_error("hex_bad_digit", "not a hex digit at position " + std::to_string(bad) + ": '" +
                                             std::string(1, text[bad]) + "'");
    }
    out.push_back(static_cast<std::uint8_t>((hi << 4) | lo));
  }
  return out;
}

std::string to_base64(ByteSpan bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes.data(),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

Result<std::vector<std::uint8_t>> from_base64(std::string_view text) {
  // EVP_DecodeBlock wants whole 4-character groups and reports the padded length; check the alphabet and
  // the shape here so the error says what is wrong, then trim the padding it counts.
  if (text.size() % 4 != 0) {
    return make_error("base64_bad_length", "base64 text length " + std::to_string(text.size()) +
                                               " is not a multiple of 4 (is the padding missing?)");
  }
  std::size_t padding = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool alpha =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    if (c == '=' && i + 2 >= text.size()) {
      ++padding;
    } else if (!alpha || padding > 0) {
      return make_error("base64_bad_char", "not a base64 character at position " + std::to_string(i) + ": '" +
                                               std::string(1, c) + "'");
    }
  }
  std::vector<std::uint8_t> out(text.size() / 4 * 3);
  if (text.empty()) return out;
  const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return make_error("base64_invalid", "base64 text could not be decoded");
  out.resize(static_cast<std::size_t>(n) - padding);
  return out;
}

}  // namespace onechan
