// Logging for the daemon: one line per event on stderr, in the form systemd-journald reads. Each line
// starts with the sd-daemon priority prefix ("<6>" for info, see sd-daemon(3) and syslog(3)), which
// journald turns into the entry's PRIORITY and strips; journald adds the timestamp and the process name,
// so none is written. When stderr is a terminal (someone runs `onechan run` by hand) the prefix would be
// noise: the line starts with a UTC timestamp and the level's name instead.
//
//   journald: "<4>onechan: server eu1.example: PUSH_DATA send failed: Connection refused"
//   terminal: "2026-11-22T02:50:00.123Z warning onechan: server eu1.example: ..."
//
// Messages are made of a single line: a newline or other control character inside a message is written
// as a space (a server's bad JSON quoted in a message must not forge a second log entry).
// Keys never reach this file: callers log identifiers (DevAddr, EUIs), never key material.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "lorawan/result.hpp"

namespace onechan::daemon {

// Values are the syslog priorities (syslog(3): LOG_DEBUG 7, LOG_INFO 6, LOG_WARNING 4, LOG_ERR 3).
enum class LogLevel : std::uint8_t { Debug = 7, Info = 6, Warning = 4, Error = 3 };

// "debug", "info", "warning", "error".
const char* log_level_name(LogLevel level);
// Accepts the four names above. Error "bad_log_level" names the value and the accepted ones.
Result<LogLevel> parse_log_level(std::string_view text);

// The line as written, with its trailing newline. `wall_time_unix_us` set: terminal form with that
// timestamp; unset: journald form.
std::string format_log_line(LogLevel level, std::string_view tag, std::string_view message,
                            std::optional<std::int64_t> wall_time_unix_us);

class Logger {
 public:
  using Sink = std::function<void(std::string_view line)>;

  // Writes to stderr, in the terminal form when stderr is a TTY.
  explicit Logger(std::string tag = "onechan", LogLevel threshold = LogLevel::Info);
  // Writes each line to `sink` (tests, or a file descriptor of the caller's); `terminal_form` as above.
  Logger(std::string tag, LogLevel threshold, Sink sink, bool terminal_form);

  void set_threshold(LogLevel threshold) { threshold_ = threshold; }
  LogLevel threshold() const { return threshold_; }
  // True when a message at `level` would be written (to skip building expensive debug text).
  bool enabled(LogLevel level) const;

  void log(LogLevel level, std::string_view message);
  void debug(std::string_view message) { log(LogLevel::Debug, message); }
  void info(std::string_view message) { log(LogLevel::Info, message); }
  void warning(std::string_view message) { log(LogLevel::Warning, message); }
  void error(std::string_view message) { log(LogLevel::Error, message); }

 private:
  std::string tag_;
  LogLevel threshold_;
  Sink sink_;
  bool terminal_form_;
};

}  // namespace onechan::daemon
