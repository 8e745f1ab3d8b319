// `log`: how much the daemon writes to stderr (journald).
#include <array>

#include "config/sections.hpp"

namespace onechan::config::detail {

void read_log(const Json* value, Problems& problems, Config& config) {
  if (!value) return;
  Fields fields(*value, "log", problems);
  fields.allow_only({"level"});
  if (!fields.has("level")) return;
  const std::string level = fields.string("level", std::string());
  if (problems.any()) return;
  constexpr std::array kLevels = {LogLevel::debug, LogLevel::info, LogLevel::warning, LogLevel::error};
  for (LogLevel l : kLevels) {
    if (level == to_string(l)) {
      config.log.level = l;
      return;
    }
  }
  fields.fail("level", "config_bad_value",
              "must be \"debug\", \"info\", \"warning\" or \"error\", got \"" + level + "\"");
}

}  // namespace onechan::config::detail
