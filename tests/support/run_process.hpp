// Runs a program as a user would, for tests of the command-line contract: arguments in, exit status,
// stdout and stderr out. No shell is involved, so arguments need no quoting.
#pragma once

#include <string>
#include <vector>

namespace onechan::test {

struct ProcessResult {
  int exit_status = -1;  // the exit status, or 128 + signal number when killed by a signal
  std::string out;
  std::string err;
};

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& stdin_text = {});

// Path of the `onechan` binary under test (set by CMake).
std::string onechan_binary();

}  // namespace onechan::test
