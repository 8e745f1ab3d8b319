#include "config/json_document.hpp"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace onechan::config::detail {

using Json = nlohmann::json;

TextPosition position_of(std::string_view text, std::size_t offset) {
  TextPosition p;
  const std::size_t end = std::min(offset, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n') {
      ++p.line;
      p.column = 1;
    } else if ((byte & 0xC0) != 0x80) {
      ++p.column;
    }
  }
  return p;
}

namespace {

// Walks the parser's events to know the key path of each key, and remembers the first duplicate.
class DuplicateKeyFinder {
 public:
  bool on_event(Json::parse_event_t event, const Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
      case Json::parse_event_t::array_start:
        element_begins();
        frames_.push_back(Frame{event == Json::parse_event_t::array_start, 0, {}, {}});
        break;
      case Json::parse_event_t::object_end:
      case Json::parse_event_t::array_end:
        if (!frames_.empty()) frames_.pop_back();
        break;
      case Json::parse_event_t::key:
        if (!frames_.empty() && parsed.is_string()) {
          Frame& frame = frames_.back();
          frame.key = parsed.get<std::string>();
          if (!frame.keys.insert(frame.key).second && !duplicate_) duplicate_ = current_path();
        }
        break;
      case Json::parse_event_t::value:
        element_begins();
        break;
    }
    return true;  // keep everything: the duplicate is reported after parsing
  }

  const std::optional<std::string>& duplicate() const { return duplicate_; }

 private:
  struct Frame {
    bool is_array;
    std::size_t next_index;
    std::string key;  // the current key, in an object
    std::set<std::string> keys;
  };

  void element_begins() {
    if (!frames_.empty() && frames_.back().is_array) ++frames_.back().next_index;
  }

  std::string current_path() const {
    std::string path;
    for (const Frame& frame : frames_) {
      if (frame.is_array) {
        path += "[" + std::to_string(frame.next_index - 1) + "]";
      } else {
        path += (path.empty() ? "" : ".") + frame.key;
      }
    }
    return path;
  }

  std::vector<Frame> frames_;
  std::optional<std::string> duplicate_;
};

// nlohmann's what() is "[json.exception.parse_error.101] parse error at line 3, column 14: syntax error
// while parsing ..."; the position is reported separately, so keep only the description.
std::string describe(const Json::exception& e) {
  std::string what = e.what();
  const std::string::size_type marker = what.find(": ");
  const std::string::size_type position = what.find("parse error at line");
  if (position != std::string::npos && marker != std::string::npos && marker > position) {
    return what.substr(marker + 2);
  }
  if (const auto bracket = what.find("] "); bracket != std::string::npos) return what.substr(bracket + 2);
  return what;
}

}  // namespace

Result<Json> parse_json_document(std::string_view text, std::string_view origin) {
  DuplicateKeyFinder finder;
  Json document;
  try {
    document = Json::parse(text, [&finder](int /*depth*/, Json::parse_event_t event, Json& parsed) {
      return finder.on_event(event, parsed);
    });
  } catch (const Json::parse_error& e) {
    // e.byte is the 1-based index of the last byte read: the one where the parser gave up.
    const TextPosition p = position_of(text, e.byte == 0 ? 0 : e.byte - 1);
    return make_error("config_json_invalid", std::string(origin) + ":" + std::to_string(p.line) + ":" +
                                                 std::to_string(p.column) +
                                                 ": not valid JSON: " + describe(e));
  } catch (const Json::out_of_range& e) {
    // A number too large for a double ("1e999") is refused with out_of_range.406, not parse_error, and
    // without a position; it is still the file's fault.
    return make_error("config_json_invalid", std::string(origin) + ": not valid JSON: " + describe(e));
  }
  if (finder.duplicate()) {
    return make_error("config_duplicate_key", std::string(origin) + ": " + *finder.duplicate() +
                                                  ": given twice in the same object (JSON keeps only one)");
  }
  return document;
}

}  // namespace onechan::config::detail
