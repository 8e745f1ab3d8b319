// Every `onechan` subcommand registers itself here; main() only parses and dispatches. Each command's
// callback stores its process exit status in `exit_code`. The exit status convention for every command:
// 0 success, 1 a negative answer that is not an error (e.g. `decode`: the MIC does not verify),
// 2 malformed input or arguments (one line on stderr says what).
#pragma once

#include <CLI/CLI.hpp>

namespace onechan::cli {

void add_air_command(CLI::App& app, int& exit_code);
void add_decode_command(CLI::App& app, int& exit_code);
void add_encode_command(CLI::App& app, int& exit_code);
void add_radio_command(CLI::App& app, int& exit_code);


}  // namespace onechan::cli
