#include "cli/key_options.hpp"

#include <cstdio>

namespace onechan::cli {

Result<std::optional<lorawan::Key128>> parse_optional_key(const std::string& text, std::string_view option) {
  if (text.empty()) return std::optional<lorawan::Key128>{};
  auto key = lorawan::Key128::parse(text);
  if (!key) return make_error(key.error().code, std::string(option) + ": " + key.error().message);
  return std::optional<lorawan::Key128>{*key};
}

Result<lorawan::Key128> parse_required_key(const std::string& text, std::string_view option) {
  auto key = lorawan::Key128::parse(text);
  if (!key) return make_error(key.error().code, std::string(option) + ": " + key.error().message);
  return *key;
}

int report_error(const Error& error, std::string_view what) {
  if (what.empty()) {
    std::fprintf(stderr, "onechan: %s\n", error.message.c_str());
  } else {
    std::fprintf(stderr, "onechan: %.*s: %s\n", static_cast<int>(what.size()), what.data(),
                 error.message.c_str());
  }
  return 2;
}

}  // namespace onechan::cli
