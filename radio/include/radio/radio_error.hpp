// Errors as values for radio/: a code the caller can act on and one line for a human that names the
// device, the board file and the value involved. radio/ depends on no other part of Onechan, so it
// carries its own small Status / Expected<T> (the forwarder maps them onto onechan::Result).
#pragma once

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace onechan::radio {

enum class RadioErrc {
  spi_failed,       // the SPI transfer itself failed (ioctl error)
  gpio_failed,      // a GPIO line could not be set or read
  no_chip,          // RegVersion read 0x00 or 0xFF: nothing answers on the bus
  wrong_chip,       // RegVersion read something else than 0x12
  invalid_config,   // frequency, SF, bandwidth, coding rate or power out of range
  invalid_payload,  // TX payload empty or longer than 255 bytes
  wrong_state,      // e.g. start_tx() without a prepared TX, prepare_tx() while transmitting
  device_open_failed,
  device_setup_failed,
};

constexpr std::string_view to_string(RadioErrc code) {
  switch (code) {
    case RadioErrc::spi_failed:
      return "spi_failed";
    case RadioErrc::gpio_failed:
      return "gpio_failed";
    case RadioErrc::no_chip:
      return "no_chip";
    case RadioErrc::wrong_chip:
      return "wrong_chip";
    case RadioErrc::invalid_config:
      return "invalid_config";
    case RadioErrc::invalid_payload:
      return "invalid_payload";
    case RadioErrc::wrong_state:
      return "wrong_state";
    case RadioErrc::device_open_failed:
      return "device_open_failed";
    case RadioErrc::device_setup_failed:
      return "device_setup_failed";
  }
  return "unknown";
}

struct RadioError {
  RadioErrc code;
  std::string message;
};

// Success or a RadioError.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(RadioError error) : error_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const RadioError& error() const { return error_; }

 private:
  RadioError error_{RadioErrc::spi_failed, {}};
  bool ok_ = true;
};

// A T or a RadioError.
template <typename T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : v_(std::in_place_index<0>, std::move(value)) {}           // NOLINT
  Expected(RadioError error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT
  // Builds the T in place from anything T is constructible from (e.g. one alternative of a
  // std::variant T), without a temporary T: GCC 12 at -O2 with sanitizers otherwise warns that the
  // moved-from temporary variant "may be used uninitialized".
  // The constraints exclude Expected itself, so this cannot hide the copy/move constructors.
  // NOLINTBEGIN(bugprone-forwarding-reference-overload)
  template <typename U>
  requires(std::is_constructible_v<T, U&&> && !std::is_same_v<std::remove_cvref_t<U>, T> &&
           !std::is_same_v<std::remove_cvref_t<U>, RadioError> &&
           !std::is_same_v<std::remove_cvref_t<U>, Expected>) Expected(U&& value)
      : v_(std::in_place_index<0>, std::forward<U>(value)) {}
  // NOLINTEND(bugprone-forwarding-reference-overload)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const RadioError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, RadioError> v_;
};

}  // namespace onechan::radio
