// Reading one JSON object of the config with its key path, for the section parsers: every read checks
// presence, type and range and records a problem that names the key ("radio.spreading_factor: must be
// 7..12, got 13"). Only the first problem is kept — the daemon exits with one line — and after a problem
// reads return their fallback so a section parser can run straight through and be checked once.
#pragma once

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "lorawan/result.hpp"

namespace onechan::config::detail {

using Json = nlohmann::json;

class Problems {
 public:
  explicit Problems(std::string origin) : origin_(std::move(origin)) {}
  // "ORIGIN: PATH: WHAT"; a problem with an empty path is about the whole file.
  void add(std::string_view code, std::string_view path, std::string_view what);
  bool any() const { return first_.has_value(); }
  const Error& first() const { return *first_; }
  const std::string& origin() const { return origin_; }

 private:
  std::string origin_;
  std::optional<Error> first_;
};

// "a string", "an integer", ... for "must be X, got Y".
std::string_view type_name(const Json& value);
// "" + "radio" -> "radio"; "radio" + "air" -> "radio.air".
std::string join_path(std::string_view parent, std::string_view key);
// The known key closest to `key` by edit distance, if close enough to be a likely typo.
std::optional<std::string_view> closest_key(std::string_view key, std::span<const std::string_view> known);

class Fields {
 public:
  // `value` must be an object: anything else is recorded as a bad type at `path`, and every read then
  // returns its fallback.
  Fields(const Json& value, std::string path, Problems& problems);

  // Records the first key not in `known`, with a likely intended key or the list of known ones.
  void allow_only(std::span<const std::string_view> known);
  void allow_only(std::initializer_list<std::string_view> known) {
    allow_only(std::span<const std::string_view>(known.begin(), known.size()));
  }
  bool has(std::string_view key) const { return get(key) != nullptr; }
  const Json* get(std::string_view key) const;
  std::string path(std::string_view key) const { return join_path(path_, key); }
  const std::string& path() const { return path_; }
  void fail(std::string_view key, std::string_view code, std::string_view what);
  Problems& problems() { return problems_; }

  // Each read: `fallback` nullopt means the key is required.
  std::string string(std::string_view key, std::optional<std::string> fallback);
  bool boolean(std::string_view key, std::optional<bool> fallback);
  double number(std::string_view key, double min, double max, std::optional<double> fallback,
                std::string_view unit = "");
  template <std::integral T>
  T integer(std::string_view key, T min, T max, std::optional<T> fallback, std::string_view unit = "") {
    const auto fb = fallback ? std::optional<std::int64_t>(*fallback) : std::nullopt;
    return static_cast<T>(integer64(key, min, max, fb, unit));
  }

 private:
  // Present and of the right kind, or a problem recorded (missing key / bad type) and nullptr.
  const Json* lookup(std::string_view key, bool required, bool (Json::*is_kind)() const noexcept,
                     std::string_view kind);
  std::int64_t integer64(std::string_view key, std::int64_t min, std::int64_t max,
                         std::optional<std::int64_t> fallback, std::string_view unit);

  const Json* object_;  // nullptr when the value was not an object
  std::string path_;
  Problems& problems_;
};

}  // namespace onechan::config::detail
