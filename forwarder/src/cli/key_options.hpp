// Keys and error reporting shared by the commands that take keys on the command line.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lorawan/result.hpp"
#include "lorawan/types.hpp"

namespace onechan::cli {

// An empty option means "not given". Errors name the option, never the key's text.
Result<std::optional<lorawan::Key128>> parse_optional_key(const std::string& text, std::string_view option);
Result<lorawan::Key128> parse_required_key(const std::string& text, std::string_view option);

// Prints "onechan: <what>: <message>" as the one line on stderr and returns exit status 2.
int report_error(const Error& error, std::string_view what = {});

}  // namespace onechan::cli
