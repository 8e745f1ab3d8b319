// `onechan air send` and `onechan air listen` through the real binary (docs/cli.md): what send puts on
// the air is decoded here with the datagram codec; what listen prints is checked field by field against
// datagrams built here; and send -> listen goes through two processes. Waits are bounded only to catch a
// hang; nothing measures time.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "radio/sim/air_datagram.hpp"
#include "radio/sim/air_socket.hpp"

extern char** environ;

namespace onechan::radio::sim {
namespace {

constexpr int kHangGuardMs = 20'000;

// A child process running `onechan ARGS...` with stdout and stderr on pipes.
class Onechan {
 public:
  explicit Onechan(const std::vector<std::string>& args) {
    int out[2], err[2];
    EXPECT_EQ(pipe2(out, O_CLOEXEC), 0);
    EXPECT_EQ(pipe2(err, O_CLOEXEC), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    std::vector<std::string> all = {ONECHAN_BINARY};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    EXPECT_EQ(posix_spawn(&pid_, ONECHAN_BINARY, &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    close(err[1]);
    out_ = out[0];
    err_ = err[0];
  }
  ~Onechan() {
    if (pid_ > 0 && status_ < 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    close(out_);
    close(err_);
  }

  // Reads stderr up to the first newline.
  std::string stderr_line() {
    std::string line;
    char c;
    while (true) {
      pollfd p{err_, POLLIN, 0};
      if (poll(&p, 1, kHangGuardMs) != 1 || read(err_, &c, 1) != 1 || c == '\n') return line;
      line.push_back(c);
    }
  }
  // Waits for the exit; collects the rest of stdout and stderr.
  int wait() {
    drain(out_, stdout_);
    drain(err_, stderr_);
    int status = 0;
    waitpid(pid_, &status, 0);
    status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
    return status_;
  }
  const std::string& out() const { return stdout_; }
  const std::string& err() const { return stderr_; }

 private:
  static void drain(int fd, std::string& into) {
    char buf[4096];
    while (true) {
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, kHangGuardMs) != 1) return;
      const ssize_t n = read(fd, buf, sizeof buf);
      if (n <= 0) return;
      into.append(buf, static_cast<std::size_t>(n));
    }
  }
  pid_t pid_ = -1;
  int out_ = -1, err_ = -1;
  int status_ = -1;
  std::string stdout_, stderr_;
};

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

AirAddress port_of(const std::string& listening_line) {
  // "onechan air listen: listening on 127.0.0.1:PORT"
  std::string error;
  auto a = parse_air_address(listening_line.substr(listening_line.rfind(' ') + 1), &error);
  EXPECT_TRUE(a.has_value()) << listening_line;
  return a.value_or(AirAddress{});
}

TEST(CliAirSend, PutsOneDatagramWithEveryOptionOnTheAir) {
  AirSocket rx;
  std::string error;
  ASSERT_TRUE(rx.bind(AirAddress{0x7F000001, 0}, &error)) << error;
  Onechan send({"air",         "send",      "--to",          rx.local_address()->to_string(),
                "--freq-hz",   "869525000", "--sf",          "9",
                "--bw-hz",     "250000",    "--cr",          "7",
                "--sync-word", "0x12",      "--iq-inverted", "--bad-crc",
                "--rssi",      "-101",      "--snr",         "-3.75",
                "60aabbccdd"});
  ASSERT_EQ(send.wait(), 0) << send.err();
  EXPECT_EQ(send.out(), "");
  pollfd p{rx.fd(), POLLIN, 0};
  ASSERT_EQ(poll(&p, 1, kHangGuardMs), 1);
  auto frame = decode_air_datagram(*rx.receive());
  ASSERT_TRUE(frame.ok()) << frame.error().message;
  const AirFrame& f = frame.value();
  EXPECT_EQ(f.frequency_hz, 869'525'000u);
  EXPECT_EQ(f.spreading_factor, 9);
  EXPECT_EQ(f.bandwidth_hz, 250'000u);
  EXPECT_EQ(f.coding_rate, 7);
  EXPECT_EQ(f.sync_word, 0x12);
  EXPECT_TRUE(f.iq_inverted);
  EXPECT_TRUE(f.crc_on);
  EXPECT_FALSE(f.crc_ok);
  EXPECT_EQ(f.rssi_dbm, -101);
  EXPECT_EQ(f.snr_centi_db, -375);
  EXPECT_EQ(f.payload, (std::vector<std::uint8_t>{0x60, 0xAA, 0xBB, 0xCC, 0xDD}));
}

TEST(CliAirSend, DefaultsAreAnUplinkOn8681AtSf7AndBase64IsAccepted) {
  AirSocket rx;
  std::string error;
  ASSERT_TRUE(rx.bind(AirAddress{0x7F000001, 0}, &error)) << error;
  Onechan send({"air", "send", "--to", rx.local_address()->to_string(), "QEQzIhEAAQAB"});
  ASSERT_EQ(send.wait(), 0) << send.err();
  pollfd p{rx.fd(), POLLIN, 0};
  ASSERT_EQ(poll(&p, 1, kHangGuardMs), 1);
  auto frame = decode_air_datagram(*rx.receive());
  ASSERT_TRUE(frame.ok());
  EXPECT_EQ(frame.value().frequency_hz, 868'100'000u);
  EXPECT_EQ(frame.value().spreading_factor, 7);
  EXPECT_EQ(frame.value().bandwidth_hz, 125'000u);
  EXPECT_EQ(frame.value().sync_word, 0x34);
  EXPECT_FALSE(frame.value().iq_inverted);
  EXPECT_TRUE(frame.value().crc_on && frame.value().crc_ok);
  // base64 "QEQzIhEAAQAB" = 40 44 33 22 11 00 01 00 01
  EXPECT_EQ(frame.value().payload,
            (std::vector<std::uint8_t>{0x40, 0x44, 0x33, 0x22, 0x11, 0x00, 0x01, 0x00, 0x01}));
}

TEST(CliAirSend, MalformedArgumentsExit2WithOneLine) {
  const std::vector<std::vector<std::string>> bad = {{"--to", "127.0.0.1:9", "--sf", "13", "00"},
                                                     {"--to", "127.0.0.1:9", "--bw-hz", "100000", "00"},
                                                     {"--to", "127.0.0.1:9", "--cr", "4", "00"},
                                                     {"--to", "127.0.0.1:9", "--freq-hz", "50000000", "00"},
                                                     {"--to", "127.0.0.1:9", "--sync-word", "x", "00"},
                                                     {"--to", "127.0.0.1", "00"},
                                                     {"--to", "127.0.0.1:9", "zz"},
                                                     {"--to", "127.0.0.1:9", std::string(512, 'A')},
                                                     {"--to", "127.0.0.1:9", "--rssi", "-500", "00"},
                                                     {"00"}};
  for (auto args : bad) {
    args.insert(args.begin(), {"air", "send"});
    Onechan send(args);
    EXPECT_EQ(send.wait(), 2) << args[2];
    EXPECT_EQ(lines(send.err()).size(), 1u) << send.err();
  }
}

TEST(CliAirListen, PrintsEachFrameAsAJsonLineAndCountsMalformedDatagrams) {
  Onechan listen({"air", "listen", "--on", "127.0.0.1:0", "--count", "2", "--timeout-ms", "20000"});
  const AirAddress port = port_of(listen.stderr_line());
  AirSocket tx;
  std::string error;
  ASSERT_TRUE(tx.open(&error));
  AirFrame a;
  a.payload = {0x40, 0x44, 0x33, 0x22, 0x11};
  AirFrame b;
  b.frequency_hz = 869'525'000;
  b.spreading_factor = 12;
  b.bandwidth_hz = 500'000;
  b.coding_rate = 8;
  b.sync_word = 0x12;
  b.iq_inverted = true;
  b.crc_on = false;
  b.crc_ok = false;
  b.rssi_dbm = -120;
  b.snr_centi_db = -725;
  b.payload = {0xFF};
  const std::vector<std::uint8_t> junk = {'O', 'C', 'A', 'I', 9};
  ASSERT_TRUE(tx.send_to(port, encode_air_datagram(a).value(), &error));
  ASSERT_TRUE(tx.send_to(port, junk, &error));
  ASSERT_TRUE(tx.send_to(port, encode_air_datagram(b).value(), &error));
  ASSERT_EQ(listen.wait(), 0) << listen.err();

  const auto out = lines(listen.out());
  ASSERT_EQ(out.size(), 2u) << listen.out();
  const auto ja = nlohmann::json::parse(out[0]);
  EXPECT_EQ(ja, nlohmann::json::parse(R"({"frequency_hz":868100000,"sf":7,"bw_hz":125000,"cr":"4/5",
      "sync_word":"0x34","iq_inverted":false,"crc_on":true,"crc_ok":true,"rssi":-60,"snr":9.5,"size":5,
      "payload":"4044332211"})"));
  const auto jb = nlohmann::json::parse(out[1]);
  EXPECT_EQ(jb, nlohmann::json::parse(R"({"frequency_hz":869525000,"sf":12,"bw_hz":500000,"cr":"4/8",
      "sync_word":"0x12","iq_inverted":true,"crc_on":false,"crc_ok":false,"rssi":-120,"snr":-7.25,"size":1,
      "payload":"FF"})"));
  EXPECT_NE(listen.err().find("unknown_version"), std::string::npos) << listen.err();
  EXPECT_NE(listen.err().find("1 malformed datagram(s) dropped"), std::string::npos) << listen.err();
}

TEST(CliAir, SendReachesListenThroughTwoProcesses) {
  Onechan listen({"air", "listen", "--on", "127.0.0.1:0", "--count", "1", "--timeout-ms", "20000"});
  const AirAddress port = port_of(listen.stderr_line());
  Onechan send({"air", "send", "--to", port.to_string(), "--sf", "10", "--rssi", "-99", "40AABB"});
  ASSERT_EQ(send.wait(), 0) << send.err();
  ASSERT_EQ(listen.wait(), 0) << listen.err();
  const auto j = nlohmann::json::parse(lines(listen.out()).at(0));
  EXPECT_EQ(j["sf"], 10);
  EXPECT_EQ(j["rssi"], -99);
  EXPECT_EQ(j["size"], 3);
  EXPECT_EQ(j["payload"], "40AABB");
}

TEST(CliAirListen, FewerFramesThanCountBeforeTheTimeoutExits1) {
  Onechan listen({"air", "listen", "--on", "127.0.0.1:0", "--count", "1", "--timeout-ms", "50"});
  EXPECT_EQ(listen.wait(), 1) << listen.err();
  EXPECT_EQ(listen.out(), "");
}

TEST(CliAirListen, ABusyAddressExits2) {
  AirSocket taken;
  std::string error;
  ASSERT_TRUE(taken.bind(AirAddress{0x7F000001, 0}, &error));
  Onechan listen({"air", "listen", "--on", taken.local_address()->to_string(), "--timeout-ms", "50"});
  EXPECT_EQ(listen.wait(), 2);
  EXPECT_EQ(lines(listen.err()).size(), 1u) << listen.err();
}

}  // namespace
}  // namespace onechan::radio::sim
