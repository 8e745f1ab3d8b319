// Helpers shared by the frame tests: bytes from hex text (a typo fails the test, not silently), and
// frame buffers as vectors for comparisons with readable failure output.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "lorawan/bytes.hpp"
#include "lorawan/hex.hpp"

namespace onechan::lorawan {

inline std::vector<std::uint8_t> hex(const std::string& text) {
  auto bytes = from_hex(text);
  EXPECT_TRUE(bytes.ok()) << text;
  return bytes.ok() ? *bytes : std::vector<std::uint8_t>{};
}

inline std::vector<std::uint8_t> to_vec(ByteSpan s) {
  return {s.begin(), s.end()};
}

template <std::size_t N>
std::vector<std::uint8_t> to_vec(const BoundedBytes<N>& b) {
  return {b.begin(), b.end()};
}

}  // namespace onechan::lorawan
