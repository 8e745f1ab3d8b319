// Does a process listening on the sim radio sleep while nothing is on the air? The well-known
// single-channel forwarders poll DIO0 every millisecond (1000 wake-ups per second); Onechan's target is
// zero. This program brings up the real driver on a SimRadio (listening on loopback UDP), runs an event
// loop the way the daemon does (poll() on the DIO0 fd, no timeout), and counts over a window:
//   - voluntary and involuntary context switches of every thread except the measuring one
//     (/proc/self/task/TID/status), i.e. the SimRadio thread and the event loop;
//   - their CPU time (/proc/self/task/TID/stat, utime + stime);
//   - SimRadio's own count of returns from poll().
// Usage: bench_idle_wakeups [SECONDS]   (default 5). Exit status 0 when no listening thread woke up.
#include <dirent.h>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "radio/sim/sim_radio.hpp"
#include "radio/sx1276.hpp"

namespace {

using namespace onechan::radio;

struct ThreadCounters {
  long voluntary = 0;
  long involuntary = 0;
  long cpu_ticks = 0;
};

ThreadCounters read_thread(const std::string& tid) {
  ThreadCounters c;
  std::ifstream status("/proc/self/task/" + tid + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("voluntary_ctxt_switches:", 0) == 0) c.voluntary = std::stol(line.substr(24));
    if (line.rfind("nonvoluntary_ctxt_switches:", 0) == 0) c.involuntary = std::stol(line.substr(27));
  }
  std::ifstream stat("/proc/self/task/" + tid + "/stat");
  std::string all((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  // Fields after the ")" closing the command name: state is field 3, utime 14, stime 15.
  std::istringstream rest(all.substr(all.rfind(')') + 2));
  std::vector<std::string> fields;
  for (std::string f; rest >> f;) fields.push_back(f);
  if (fields.size() > 12) c.cpu_ticks = std::stol(fields[11]) + std::stol(fields[12]);
  return c;
}

// Every thread of this process but the caller.
ThreadCounters others(long self_tid) {
  ThreadCounters sum;
  DIR* dir = opendir("/proc/self/task");
  if (dir == nullptr) return sum;
  while (dirent* e = readdir(dir)) {
    if (e->d_name[0] == '.' || std::atol(e->d_name) == self_tid) continue;
    const ThreadCounters c = read_thread(e->d_name);
    sum.voluntary += c.voluntary;
    sum.involuntary += c.involuntary;
    sum.cpu_ticks += c.cpu_ticks;
  }
  closedir(dir);
  return sum;
}

}  // namespace

int main(int argc, char** argv) {
  const int seconds = argc > 1 ? std::atoi(argv[1]) : 5;
  sim::SimRadio radio({.listen = sim::AirAddress{0x7F000001, 0}});
  std::string error;
  if (!radio.start(&error)) {
    std::fprintf(stderr, "bench_idle_wakeups: %s\n", error.c_str());
    return 2;
  }
  Sx1276 driver{Sx1276Hardware{radio.spi(), &radio.reset_line(), radio.dio0(), radio.clock()},
                Sx1276Options{"sim", 20}};
  if (!driver.reset_and_detect().ok() || !driver.start_rx(RxConfig{}).ok()) {
    std::fprintf(stderr, "bench_idle_wakeups: driver bring-up failed\n");
    return 2;
  }

  // The daemon's event loop, reduced to the radio: block until DIO0 has an edge, then service it.
  std::atomic<bool> stop{false};
  int stop_pipe[2];
  if (pipe(stop_pipe) != 0) return 2;
  std::thread loop([&] {
    pollfd fds[2] = {{radio.dio0().fd(), POLLIN, 0}, {stop_pipe[0], POLLIN, 0}};
    while (!stop) {
      if (poll(fds, 2, -1) <= 0) continue;
      if (fds[0].revents & POLLIN) (void)driver.handle_dio0();
    }
  });

  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let both threads reach poll()
  const long self = static_cast<long>(syscall(SYS_gettid));
  const ThreadCounters before = others(self);
  const std::uint64_t wakeups_before = radio.stats().wakeups;
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  const ThreadCounters after = others(self);
  const std::uint64_t wakeups = radio.stats().wakeups - wakeups_before;

  stop = true;
  [[maybe_unused]] const ssize_t n = write(stop_pipe[1], "x", 1);
  loop.join();

  const long voluntary = after.voluntary - before.voluntary;
  const long involuntary = after.involuntary - before.involuntary;
  const double cpu_ms = static_cast<double>(after.cpu_ticks - before.cpu_ticks) * 1000.0 /
                        static_cast<double>(sysconf(_SC_CLK_TCK));
  std::printf("idle window: %d s, SimRadio listening on %s, driver in continuous RX\n", seconds,
              radio.listen_address()->to_string().c_str());
  std::printf("listening threads: %ld voluntary + %ld involuntary context switches, %.1f ms CPU\n", voluntary,
              involuntary, cpu_ms);
  std::printf("SimRadio poll() returns: %llu (%.2f per second)\n", static_cast<unsigned long long>(wakeups),
              static_cast<double>(wakeups) / seconds);
  return voluntary == 0 && wakeups == 0 ? 0 : 1;
}
