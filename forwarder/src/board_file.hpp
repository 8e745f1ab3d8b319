// Board files (boards/*.json, format in boards/README.md): how a Pi HAT or breakout wires the SX1276.
// Loading validates everything before any device is opened, with one error that names the file and the
// key: an unknown key (a typo would otherwise be ignored), a missing pin, a wrong type, a value out of
// range, or one GPIO line used for two signals.
//
// A board is named on the command line (`--board dragino-lora-gps-hat`) and searched for as NAME.json
// in, in order: an explicit directory (--boards-dir), $ONECHAN_BOARDS_DIR, the installed
// share/onechan/boards, and the source tree's boards/ (so a build runs without installing). A name
// with a '/' or ending in .json is a path and is loaded as is.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lorawan/result.hpp"
#include "radio/board_wiring.hpp"

namespace onechan::board {

// Error codes: board_not_found, board_unreadable, board_json_invalid, board_unknown_key,
// board_missing_key, board_bad_type, board_bad_value, board_line_reused.
Result<radio::BoardWiring> parse_board_file(std::string_view json_text, const std::string& source);
Result<radio::BoardWiring> load_board_file(const std::filesystem::path& path);

// The directories searched, in order. `explicit_dir` first when given; $ONECHAN_BOARDS_DIR when set.
std::vector<std::filesystem::path> board_search_path(const std::optional<std::string>& explicit_dir);

// Resolves NAME (or a path) against the search path and loads it.
Result<radio::BoardWiring> load_board(std::string_view name_or_path,
                                      const std::vector<std::filesystem::path>& search_path);

// Board names found along the search path (for "known boards: ..." in errors and `--help`).
std::vector<std::string> available_boards(const std::vector<std::filesystem::path>& search_path);

}  // namespace onechan::board
