#include "config/json_fields.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace onechan::config::detail {

void Problems::add(std::string_view code, std::string_view path, std::string_view what) {
  if (first_) return;
  std::string message = origin_ + ": ";
  if (!path.empty()) message += std::string(path) + ": ";
  message += what;
  first_ = make_error(std::string(code), std::move(message));
}

std::string_view type_name(const Json& value) {
  if (value.is_null()) return "null";
  if (value.is_boolean()) return "a boolean";
  if (value.is_number_float()) return "a fractional number";
  if (value.is_number()) return "an integer";
  if (value.is_string()) return "a string";
  if (value.is_array()) return "an array";
  return "an object";
}

std::string join_path(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  return std::string(parent) + "." + std::string(key);
}

namespace {

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two neighbouring
// characters ("radoi" -> "radio") each count as one typo.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::optional<std::string_view> closest_key(std::string_view key, std::span<const std::string_view> known) {
  std::optional<std::string_view> best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (std::string_view candidate : known) {
    const std::size_t d = edit_distance(key, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  // A third of the key's length (at least 1, at most 3 edits) catches typos, not different words.
  const std::size_t allowed = std::clamp<std::size_t>(key.size() / 3, 1, 3);
  if (best && best_distance <= allowed) return best;
  return std::nullopt;
}

Fields::Fields(const Json& value, std::string path, Problems& problems)
    : object_(value.is_object() ? &value : nullptr), path_(std::move(path)), problems_(problems) {
  if (!object_) {
    problems_.add(
        "config_bad_type", path_,
        std::string(path_.empty() ? "the configuration must be a JSON object" : "must be an object") +
            ", got " + std::string(type_name(value)));
  }
}

void Fields::allow_only(std::span<const std::string_view> known) {
  if (!object_) return;
  for (const auto& [key, value] : object_->items()) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::string what = "unknown key";
    if (auto near = closest_key(key, known)) {
      what += " (did you mean \"" + std::string(*near) + "\"?)";
    } else {
      std::string list;
      for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      what += " (" + (path_.empty() ? std::string("the top level") : path_) + " takes " + list + ")";
    }
    problems_.add("config_unknown_key", path(key), what);
    return;
  }
}

const Json* Fields::get(std::string_view key) const {
  if (!object_) return nullptr;
  const auto it = object_->find(key);
  return it == object_->end() ? nullptr : &*it;
}

void Fields::fail(std::string_view key, std::string_view code, std::string_view what) {
  problems_.add(code, key.empty() ? path_ : path(key), what);
}

const Json* Fields::lookup(std::string_view key, bool required, bool (Json::*is_kind)() const noexcept,
                           std::string_view kind) {
  const Json* value = get(key);
  if (!value) {
    if (required && object_) fail(key, "config_missing_key", "missing (required)");
    return nullptr;
  }
  if (!(value->*is_kind)()) {
    fail(key, "config_bad_type", "must be " + std::string(kind) + ", got " + std::string(type_name(*value)));
    return nullptr;
  }
  return value;
}

std::string Fields::string(std::string_view key, std::optional<std::string> fallback) {
  const Json* v = lookup(key, !fallback, &Json::is_string, "a string");
  if (!v) return fallback.value_or("");
  return v->get<std::string>();
}

bool Fields::boolean(std::string_view key, std::optional<bool> fallback) {
  const Json* v = lookup(key, !fallback, &Json::is_boolean, "true or false");
  if (!v) return fallback.value_or(false);
  return v->get<bool>();
}

namespace {

std::string number_text(double v) {
  // Whole bounds print as integers ("-90..90"), others as JSON writes them.
  if (std::nearbyint(v) == v && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  return Json(v).dump();
}

}  // namespace

double Fields::number(std::string_view key, double min, double max, std::optional<double> fallback,
                      std::string_view unit) {
  const Json* v = lookup(key, !fallback, &Json::is_number, "a number");
  if (!v) return fallback.value_or(0.0);
  const double d = v->get<double>();
  if (!(d >= min && d <= max)) {
    fail(key, "config_bad_value",
         "must be " + number_text(min) + ".." + number_text(max) + std::string(unit) + ", got " + v->dump() +
             std::string(unit));
    return fallback.value_or(0.0);
  }
  return d;
}

std::int64_t Fields::integer64(std::string_view key, std::int64_t min, std::int64_t max,
                               std::optional<std::int64_t> fallback, std::string_view unit) {
  const Json* v = lookup(key, !fallback, &Json::is_number_integer, "an integer");
  if (!v) return fallback.value_or(min);
  // Unsigned values beyond int64 are out of every range here; saturating keeps the comparison honest.
  const std::int64_t n = v->is_number_unsigned()
                             ? static_cast<std::int64_t>(std::min<std::uint64_t>(
                                   v->get<std::uint64_t>(), std::numeric_limits<std::int64_t>::max()))
                             : v->get<std::int64_t>();
  if (n < min || n > max) {
    fail(key, "config_bad_value",
         "must be " + std::to_string(min) + ".." + std::to_string(max) + std::string(unit) + ", got " +
             v->dump() + std::string(unit));
    return fallback.value_or(min);
  }
  return n;
}

}  // namespace onechan::config::detail
