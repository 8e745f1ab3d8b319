#include "board_file.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <utility>

#ifndef ONECHAN_INSTALLED_BOARDS_DIR
#define ONECHAN_INSTALLED_BOARDS_DIR "/usr/share/onechan/boards"
#endif

namespace onechan::board {
namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;

constexpr std::uint32_t kMinSpiHz = 100'000;
constexpr std::uint32_t kMaxSpiHz = 10'000'000;  // SX1276 datasheet: SCK up to 10 MHz
constexpr unsigned kMaxGpiochip = 255;
constexpr unsigned kMaxLine = 511;

// Validation stops at the first problem; each helper returns it as an Error.
class Checker {
 public:
  explicit Checker(std::string source) : source_(std::move(source)) {}

  Error error(const char* code, const std::string& what) const {
    return make_error(code, source_ + ": " + what);
  }

  std::optional<Error> only_keys(const Json& object, const std::string& where,
                                 std::initializer_list<const char*> allowed) const {
    for (const auto& item : object.items()) {
      // A named copy, not a structured binding: clang 14 cannot capture bindings in a lambda.
      const std::string& key = item.key();
      if (std::find_if(allowed.begin(), allowed.end(), [&key](const char* a) { return key == a; }) ==
          allowed.end()) {
        std::string list;
        for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        std::string what = "unknown key \"";
        what.append(where).append(key).append("\" (");
        what.append(where.empty() ? std::string("a board file") : where)
            .append(" takes ")
            .append(list)
            .append(")");
        return error("board_unknown_key", what);
      }
    }
    return std::nullopt;
  }

  std::optional<Error> require(const Json& object, const std::string& where, const char* key,
                               const char* hint = "") const {
    if (!object.contains(key))
      return error("board_missing_key", "missing key \"" + where + key + "\"" + hint);
    return std::nullopt;
  }

  static const char* type_name(const Json& v) {
    if (v.is_null()) return "null";
    if (v.is_boolean()) return "a boolean";
    if (v.is_number_float()) return "a fractional number";
    if (v.is_number()) return "an integer";
    if (v.is_string()) return "a string";
    if (v.is_array()) return "an array";
    return "an object";
  }

  Result<std::string> string_at(const Json& object, const std::string& where, const char* key) const {
    const Json& v = object.at(key);
    if (!v.is_string()) {
      return error("board_bad_type", "\"" + where + key + "\" must be a string, got " + type_name(v));
    }
    return v.get<std::string>();
  }

  Result<long long> integer_at(const Json& object, const std::string& where, const char* key, long long min,
                               long long max, const char* unit = "") const {
    const Json& v = object.at(key);
    if (!v.is_number_integer()) {
      return error("board_bad_type", "\"" + where + key + "\" must be an integer, got " + type_name(v));
    }
    const long long n =
        v.is_number_unsigned()
            ? static_cast<long long>(std::min<std::uint64_t>(v.get<std::uint64_t>(), 1ULL << 62))
            : v.get<long long>();
    if (n < min || n > max) {
      return error("board_bad_value", "\"" + where + key + "\" is " + std::to_string(n) + unit +
                                          ", must be " + std::to_string(min) + ".." + std::to_string(max) +
                                          unit);
    }
    return n;
  }

 private:
  std::string source_;
};

Result<std::optional<radio::GpioLine>> line_at(const Checker& c, const Json& lines, const char* key,
                                               unsigned chip, bool nullable) {
  const Json& v = lines.at(key);
  if (v.is_null() && nullable) return std::optional<radio::GpioLine>{};
  if (v.is_null()) return c.error("board_bad_type", std::string("\"lines.") + key + "\" cannot be null");
  auto n = c.integer_at(lines, "lines.", key, 0, kMaxLine);
  if (!n) return n.error();
  return std::optional<radio::GpioLine>{radio::GpioLine{chip, static_cast<unsigned>(*n)}};
}

Result<radio::BoardWiring> parse_spidev(const Checker& c, const Json& doc, radio::BoardWiring w) {
  if (auto e = c.only_keys(
          doc, "",
          {"name", "description", "backend", "spi", "gpiochip", "lines", "max_tx_power_dbm", "notes"})) {
    return *e;
  }
  for (const char* key : {"spi", "gpiochip", "lines"}) {
    if (auto e = c.require(doc, "", key)) return *e;
  }
  const Json& spi = doc.at("spi");
  if (!spi.is_object())
    return c.error("board_bad_type",
                   "\"spi\" must be an object, got " + std::string(Checker::type_name(spi)));
  if (auto e = c.only_keys(spi, "spi.", {"device", "speed_hz", "chip_select"})) return *e;
  for (const char* key : {"device", "speed_hz", "chip_select"}) {
    if (auto e = c.require(spi, "spi.", key)) return *e;
  }
  auto device = c.string_at(spi, "spi.", "device");
  if (!device) return device.error();
  if (device->rfind("/dev/spidev", 0) != 0) {
    return c.error("board_bad_value", "\"spi.device\" is \"" + *device + "\", must be a /dev/spidevB.C path");
  }
  w.spi_device = *device;
  auto speed = c.integer_at(spi, "spi.", "speed_hz", kMinSpiHz, kMaxSpiHz, " Hz");
  if (!speed) return speed.error();
  w.spi_speed_hz = static_cast<std::uint32_t>(*speed);
  auto cs = c.string_at(spi, "spi.", "chip_select");
  if (!cs) return cs.error();
  if (*cs == "kernel") {
    w.chip_select = radio::ChipSelect::kernel;
  } else if (*cs == "gpio") {
    w.chip_select = radio::ChipSelect::gpio;
  } else {
    return c.error("board_bad_value",
                   "\"spi.chip_select\" is \"" + *cs +
                       "\", must be \"kernel\" (the spidev's CE line) or \"gpio\" (lines.nss)");
  }

  auto chip = c.integer_at(doc, "", "gpiochip", 0, kMaxGpiochip);
  if (!chip) return chip.error();
  const auto chip_number = static_cast<unsigned>(*chip);

  const Json& lines = doc.at("lines");
  if (!lines.is_object())
    return c.error("board_bad_type",
                   "\"lines\" must be an object, got " + std::string(Checker::type_name(lines)));
  if (auto e = c.only_keys(lines, "lines.", {"nss", "reset", "dio0", "dio1"})) return *e;
  if (auto e = c.require(lines, "lines.", "dio0")) return *e;
  for (const char* key : {"reset", "dio1"}) {
    if (auto e = c.require(lines, "lines.", key, " (null when the board does not wire it)")) return *e;
  }
  if (w.chip_select == radio::ChipSelect::gpio) {
    if (auto e = c.require(lines, "lines.", "nss", " (spi.chip_select is \"gpio\")")) return *e;
  } else if (lines.contains("nss")) {
    return c.error(
        "board_bad_value",
        "\"lines.nss\" is given but \"spi.chip_select\" is \"kernel\": use \"gpio\" or drop lines.nss");
  }

  std::vector<std::pair<const char*, radio::GpioLine>> used;
  auto take = [&](const char* key, bool nullable) -> Result<std::optional<radio::GpioLine>> {
    auto line = line_at(c, lines, key, chip_number, nullable);
    if (!line) return line.error();
    if (*line) used.emplace_back(key, **line);
    return *line;
  };
  if (w.chip_select == radio::ChipSelect::gpio) {
    auto nss = take("nss", false);
    if (!nss) return nss.error();
    w.nss = *nss;
  }
  auto reset = take("reset", true);
  if (!reset) return reset.error();
  w.reset = *reset;
  auto dio0 = take("dio0", false);
  if (!dio0) return dio0.error();
  w.dio0 = **dio0;
  auto dio1 = take("dio1", true);
  if (!dio1) return dio1.error();
  w.dio1 = *dio1;

  for (std::size_t i = 0; i < used.size(); ++i) {
    for (std::size_t j = i + 1; j < used.size(); ++j) {
      if (used[i].second == used[j].second) {
        return c.error("board_line_reused", std::string("\"lines.") + used[i].first + "\" and \"lines." +
                                                used[j].first + "\" both use gpiochip" +
                                                std::to_string(chip_number) + " line " +
                                                std::to_string(used[i].second.line));
      }
    }
  }
  // On a Pi, SPI0 owns BCM9/10/11 (MISO/MOSI/SCLK) while it is enabled: a line there is a typo.
  if (w.spi_device.rfind("/dev/spidev0.", 0) == 0 && chip_number == 0) {
    for (const auto& [key, line] : used) {
      if (line.line >= 9 && line.line <= 11) {
        return c.error("board_bad_value", std::string("\"lines.") + key + "\" is line " +
                                              std::to_string(line.line) +
                                              ", which SPI0 uses (BCM9 MISO, BCM10 MOSI, BCM11 SCLK)");
      }
    }
  }
  return w;
}

}  // namespace

Result<radio::BoardWiring> parse_board_file(std::string_view json_text, const std::string& source) {
  const Checker c(source);
  Json doc;
  try {
    doc = Json::parse(json_text);
  } catch (const Json::exception& e) {
    // Not only parse_error: a number too large for a double ("1e999") throws out_of_range.406.
    return c.error("board_json_invalid", std::string("not valid JSON: ") + e.what());
  }
  if (!doc.is_object()) return c.error("board_bad_type", "a board file is a JSON object");

  for (const char* key : {"name", "description", "backend", "max_tx_power_dbm"}) {
    if (auto e = c.require(doc, "", key)) return *e;
  }
  radio::BoardWiring w;
  w.source = source;
  auto name = c.string_at(doc, "", "name");
  if (!name) return name.error();
  w.name = *name;
  const fs::path source_path(source);
  if (source_path.extension() == ".json" && source_path.stem().string() != w.name) {
    return c.error("board_bad_value", "\"name\" is \"" + w.name + "\" but the file is " +
                                          source_path.filename().string() + ": they must agree");
  }
  auto description = c.string_at(doc, "", "description");
  if (!description) return description.error();
  w.description = *description;
  if (doc.contains("notes")) {
    if (auto notes = c.string_at(doc, "", "notes"); !notes) return notes.error();
  }
  auto power = c.integer_at(doc, "", "max_tx_power_dbm", 2, 20, " dBm");
  if (!power) return power.error();
  w.max_tx_power_dbm = static_cast<std::int8_t>(*power);

  auto backend = c.string_at(doc, "", "backend");
  if (!backend) return backend.error();
  if (*backend == "sim") {
    if (auto e = c.only_keys(
            doc, "", {"name", "description", "backend", "max_tx_power_dbm", "notes", "sim_reg_version"})) {
      return *e;
    }
    w.backend = radio::BoardBackend::sim;
    if (doc.contains("sim_reg_version")) {
      auto version = c.integer_at(doc, "", "sim_reg_version", 0, 255);
      if (!version) return version.error();
      w.sim_reg_version = static_cast<std::uint8_t>(*version);
    }
    return w;
  }
  if (*backend != "spidev") {
    return c.error("board_bad_value", "\"backend\" is \"" + *backend + "\", must be \"spidev\" or \"sim\"");
  }
  w.backend = radio::BoardBackend::spidev;
  return parse_spidev(c, doc, std::move(w));
}

Result<radio::BoardWiring> load_board_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("board_unreadable", "cannot read board file " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return parse_board_file(text.str(), path.string());
}

std::vector<fs::path> board_search_path(const std::optional<std::string>& explicit_dir) {
  std::vector<fs::path> dirs;
  if (explicit_dir) dirs.emplace_back(*explicit_dir);
  if (const char* env = std::getenv("ONECHAN_BOARDS_DIR"); env != nullptr && *env != '\0')
    dirs.emplace_back(env);
  dirs.emplace_back(ONECHAN_INSTALLED_BOARDS_DIR);
#ifdef ONECHAN_SOURCE_BOARDS_DIR
  dirs.emplace_back(ONECHAN_SOURCE_BOARDS_DIR);
#endif
  return dirs;
}

std::vector<std::string> available_boards(const std::vector<fs::path>& search_path) {
  std::set<std::string> names;
  for (const auto& dir : search_path) {
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->path().extension() == ".json") names.insert(it->path().stem().string());
    }
  }
  return {names.begin(), names.end()};
}

Result<radio::BoardWiring> load_board(std::string_view name_or_path,
                                      const std::vector<fs::path>& search_path) {
  const std::string name(name_or_path);
  if (name.find('/') != std::string::npos || fs::path(name).extension() == ".json")
    return load_board_file(name);
  const bool plain = !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.';
  });
  if (!plain) {
    return make_error("board_not_found", "board name \"" + name + "\" may only use a-z, 0-9, '-', '_', '.'");
  }
  for (const auto& dir : search_path) {
    const fs::path candidate = dir / (name + ".json");
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) return load_board_file(candidate);
  }
  std::string searched;
  for (const auto& dir : search_path) searched += (searched.empty() ? "" : ", ") + dir.string();
  std::string known;
  for (const auto& b : available_boards(search_path)) known += (known.empty() ? "" : ", ") + b;
  return make_error("board_not_found", "no board \"" + name + "\" (looked for " + name + ".json in " +
                                           searched +
                                           "); known boards: " + (known.empty() ? "none found" : known));
}

}  // namespace onechan::board
