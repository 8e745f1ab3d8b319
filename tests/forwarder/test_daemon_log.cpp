// The daemon's log lines. References: sd-daemon(3) / systemd's sd-daemon.h, whose SD_ERR, SD_WARNING,
// SD_INFO and SD_DEBUG are the strings "<3>", "<4>", "<6>", "<7>" that journald parses off stderr lines
// (SyslogLevelPrefix=, systemd.exec(5)), and <syslog.h>'s LOG_* priorities they stand for.
#include <gtest/gtest.h>
#include <syslog.h>

#include <string>
#include <vector>

#include "daemon/log.hpp"

namespace onechan::daemon {
namespace {

TEST(DaemonLog, LevelsAreTheSyslogPriorities) {
  EXPECT_EQ(static_cast<int>(LogLevel::Debug), LOG_DEBUG);
  EXPECT_EQ(static_cast<int>(LogLevel::Info), LOG_INFO);
  EXPECT_EQ(static_cast<int>(LogLevel::Warning), LOG_WARNING);
  EXPECT_EQ(static_cast<int>(LogLevel::Error), LOG_ERR);
}

TEST(DaemonLog, JournalFormHasTheSdDaemonPrefixAndNoTimestamp) {
  EXPECT_EQ(format_log_line(LogLevel::Info, "onechan", "started", std::nullopt), "<6>onechan: started\n");
  EXPECT_EQ(format_log_line(LogLevel::Error, "onechan", "radio gone", std::nullopt),
            "<3>onechan: radio gone\n");
  EXPECT_EQ(format_log_line(LogLevel::Warning, "onechan", "x", std::nullopt), "<4>onechan: x\n");
  EXPECT_EQ(format_log_line(LogLevel::Debug, "onechan", "x", std::nullopt), "<7>onechan: x\n");
  EXPECT_EQ(format_log_line(LogLevel::Info, "", "bare", std::nullopt), "<6>bare\n");
}

TEST(DaemonLog, TerminalFormHasAUtcTimestampAndTheLevelName) {
  // 1700000000 s = 2023-11-14T22:13:20Z (date -u -d @1700000000).
  EXPECT_EQ(format_log_line(LogLevel::Warning, "onechan", "late", 1'700'000'000'123'456),
            "2023-11-14T22:13:20.123Z warning onechan: late\n");
}

TEST(DaemonLog, AMessageStaysOnOneLine) {
  // A server's text quoted in a message must not start a second journal entry with a forged priority.
  EXPECT_EQ(format_log_line(LogLevel::Info, "onechan", "bad json {\n<0>boom\r\t}", std::nullopt),
            "<6>onechan: bad json { <0>boom  }\n");
}

TEST(DaemonLog, ThresholdFiltersLessSevereMessages) {
  std::vector<std::string> lines;
  Logger log(
      "onechan", LogLevel::Warning, [&](std::string_view l) { lines.emplace_back(l); }, false);
  log.debug("d");
  log.info("i");
  log.warning("w");
  log.error("e");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "<4>onechan: w\n");
  EXPECT_EQ(lines[1], "<3>onechan: e\n");
  EXPECT_FALSE(log.enabled(LogLevel::Info));
  log.set_threshold(LogLevel::Debug);
  EXPECT_TRUE(log.enabled(LogLevel::Debug));
  log.debug("d");
  EXPECT_EQ(lines.back(), "<7>onechan: d\n");
}

TEST(DaemonLog, ParsesLevelNames) {
  EXPECT_EQ(*parse_log_level("debug"), LogLevel::Debug);
  EXPECT_EQ(*parse_log_level("info"), LogLevel::Info);
  EXPECT_EQ(*parse_log_level("warning"), LogLevel::Warning);
  EXPECT_EQ(*parse_log_level("error"), LogLevel::Error);
  const auto bad = parse_log_level("verbose");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, "bad_log_level");
  EXPECT_NE(bad.error().message.find("verbose"), std::string::npos);
}

}  // namespace
}  // namespace onechan::daemon
