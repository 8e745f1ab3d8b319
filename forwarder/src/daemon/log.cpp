#include "daemon/log.hpp"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace onechan::daemon {
namespace {

// One write() per line: lines from different threads do not interleave (a pipe or the journal's stream
// socket takes a write of up to PIPE_BUF bytes whole).
void write_stderr(std::string_view line) {
  const char* p = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    const ssize_t n = ::write(STDERR_FILENO, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // nowhere left to report a failing stderr
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

void append_single_line(std::string& out, std::string_view text) {
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    out.push_back(u < 0x20 || u == 0x7F ? ' ' : c);
  }
}

std::string utc_timestamp(std::int64_t unix_us) {
  const std::int64_t secs = unix_us >= 0 ? unix_us / 1'000'000 : (unix_us - 999'999) / 1'000'000;
  const auto millis = static_cast<int>((unix_us - secs * 1'000'000) / 1000);
  const auto t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return buf;
}

}  // namespace

const char* log_level_name(LogLevel level) {
  switch (level) {
    case LogLevel::Debug:
      return "debug";
    case LogLevel::Info:
      return "info";
    case LogLevel::Warning:
      return "warning";
    case LogLevel::Error:
      return "error";
  }
  return "info";
}

Result<LogLevel> parse_log_level(std::string_view text) {
  for (const LogLevel l : {LogLevel::Debug, LogLevel::Info, LogLevel::Warning, LogLevel::Error}) {
    if (text == log_level_name(l)) return l;
  }
  return make_error("bad_log_level",
                    "log level \"" + std::string(text) + "\" is not one of debug, info, warning, error");
}

std::string format_log_line(LogLevel level, std::string_view tag, std::string_view message,
                            std::optional<std::int64_t> wall_time_unix_us) {
  std::string line;
  line.reserve(message.size() + tag.size() + 40);
  if (wall_time_unix_us) {
    line += utc_timestamp(*wall_time_unix_us);
    line += ' ';
    line += log_level_name(level);
    line += ' ';
  } else {
    line += '<';
    line += static_cast<char>('0' + static_cast<int>(level));
    line += '>';
  }
  if (!tag.empty()) {
    append_single_line(line, tag);
    line += ": ";
  }
  append_single_line(line, message);
  line += '\n';
  return line;
}

Logger::Logger(std::string tag, LogLevel threshold)
    : Logger(std::move(tag), threshold, write_stderr, ::isatty(STDERR_FILENO) == 1) {}

Logger::Logger(std::string tag, LogLevel threshold, Sink sink, bool terminal_form)
    : tag_(std::move(tag)), threshold_(threshold), sink_(std::move(sink)), terminal_form_(terminal_form) {}

bool Logger::enabled(LogLevel level) const {
  // Lower syslog numbers are more severe.
  return static_cast<int>(level) <= static_cast<int>(threshold_);
}

void Logger::log(LogLevel level, std::string_view message) {
  if (!enabled(level)) return;
  std::optional<std::int64_t> stamp;
  if (terminal_form_) {
    stamp = std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  }
  sink_(format_log_line(level, tag_, message, stamp));
}

}  // namespace onechan::daemon
