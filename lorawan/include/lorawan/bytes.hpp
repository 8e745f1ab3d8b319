// Byte containers for frames. A LoRa PHYPayload is at most 255 bytes, so frames are value types with
// inline storage: copying, parsing and building a frame never touches the heap.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>

namespace onechan {

using ByteSpan = std::span<const std::uint8_t>;
using MutableByteSpan = std::span<std::uint8_t>;

// Up to Capacity bytes stored inline.
template <std::size_t Capacity>
class BoundedBytes {
 public:
  static constexpr std::size_t capacity() { return Capacity; }

  BoundedBytes() = default;
  // Throws std::length_error when `bytes` does not fit: callers at parse boundaries check lengths first.
  explicit BoundedBytes(ByteSpan bytes) { assign(bytes); }

  void assign(ByteSpan bytes) {
    if (bytes.size() > Capacity) throw std::length_error("BoundedBytes: too many bytes");
    std::copy(bytes.begin(), bytes.end(), data_.begin());
    size_ = bytes.size();
  }
  void push_back(std::uint8_t b) {
    if (size_ == Capacity) throw std::length_error("BoundedBytes: full");
    data_[size_++] = b;
  }
  void resize(std::size_t n) {
    if (n > Capacity) throw std::length_error("BoundedBytes: too many bytes");
    if (n > size_) std::fill(data_.begin() + static_cast<std::ptrdiff_t>(size_), data_.begin() + static_cast<std::ptrdiff_t>(n), 0);
    size_ = n;
  }
  void clear() { size_ = 0; }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::uint8_t* data() { return data_.data(); }
  const std::uint8_t* data() const { return data_.data(); }
  std::uint8_t& operator[](std::size_t i) { return data_[i]; }
  std::uint8_t operator[](std::size_t i) const { return data_[i]; }
  const std::uint8_t* begin() const { return data_.data(); }
  const std::uint8_t* end() const { return data_.data() + size_; }
  std::uint8_t* begin() { return data_.data(); }
  std::uint8_t* end() { return data_.data() + size_; }

  ByteSpan span() const { return ByteSpan(data_.data(), size_); }
  MutableByteSpan mutable_span() { return MutableByteSpan(data_.data(), size_); }

  friend bool operator==(const BoundedBytes& a, const BoundedBytes& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  std::array<std::uint8_t, Capacity> data_{};
  std::size_t size_ = 0;
};

// The largest LoRa PHYPayload the SX1276 can carry.
inline constexpr std::size_t kMaxPhyPayload = 255;
using FrameBytes = BoundedBytes<kMaxPhyPayload>;

}  // namespace onechan
