#include "semtech/json_text.hpp"

#include <utility>

namespace onechan::semtech {
namespace {

std::string json_quoted(std::string_view text) {
  // nlohmann escapes control characters and quotes; `replace` keeps invalid UTF-8 from throwing.
  return nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Pointer token escaping of RFC 6901 section 3: '~' -> "~0", '/' -> "~1".
std::string pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

// Builds the DOM like nlohmann's own SAX DOM parser (which lives in its detail namespace), plus the
// number texts, the depth limit and the duplicate-key check.
class DomBuilder {
 public:
  using json = nlohmann::json;

  explicit DomBuilder(std::size_t max_depth) : max_depth_(max_depth) {}

  bool null() { return add(json(nullptr)); }
  bool boolean(bool v) { return add(json(v)); }
  bool number_integer(json::number_integer_t v) { return add(json(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return add(json(v)); }
  bool number_float(json::number_float_t v, const std::string& text) {
    const std::string pointer = current_pointer();
    if (!add(json(v))) return false;
    result_.number_text[pointer] = text;
    return true;
  }
  bool string(std::string& v) { return add(json(std::move(v))); }
  bool binary(json::binary_t& /*unused: JSON text has no binary values*/) { return add(json(nullptr)); }

  bool start_object(std::size_t /*unknown size*/) { return open(json::object()); }
  bool start_array(std::size_t /*unknown size*/) { return open(json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(std::string& k) {
    json* object = stack_.back().node;
    if (object->contains(k)) {
      std::string shown = k.substr(0, 40);
      error_ = make_error("json_duplicate_key", "key " + json_quoted(shown) + " appears twice in one object");
      return false;
    }
    stack_.back().key = k;
    return true;
  }

  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::json::exception& /*ex*/) {
    error_ = make_error("json_invalid", "the JSON is malformed near byte " + std::to_string(position));
    return false;
  }

  const std::optional<Error>& error() const { return error_; }
  JsonWithNumberText take() && { return std::move(result_); }

 private:
  struct Level {
    json* node;
    std::string key;  // the key whose value comes next, for objects
  };

  std::string current_pointer() const {
    std::string out;
    for (std::size_t i = 0; i < stack_.size(); ++i) {
      const Level& level = stack_[i];
      out += '/';
      if (level.node->is_array()) {
        // An outer array already holds the open element we are inside; the innermost one is about to
        // receive the number as its next element.
        const bool innermost = i + 1 == stack_.size();
        out += std::to_string(innermost ? level.node->size() : level.node->size() - 1);
      } else {
        out += pointer_token(level.key);
      }
    }
    return out;
  }

  // Inserts a value where the parser is; returns the inserted element.
  json* insert(json&& v) {
    if (stack_.empty()) {
      result_.value = std::move(v);
      return &result_.value;
    }
    Level& top = stack_.back();
    if (top.node->is_array()) {
      top.node->push_back(std::move(v));
      return &top.node->back();
    }
    json& slot = (*top.node)[top.key];
    slot = std::move(v);
    return &slot;
  }

  bool add(json&& v) {
    insert(std::move(v));
    return true;
  }

  bool open(json&& container) {
    if (stack_.size() >= max_depth_) {
      error_ = make_error("json_too_deep",
                          "the JSON nests deeper than " + std::to_string(max_depth_) + " objects/arrays");
      return false;
    }
    json* node = insert(std::move(container));
    stack_.push_back(Level{node, {}});
    return true;
  }

  bool close() {
    stack_.pop_back();
    return true;
  }

  std::size_t max_depth_;
  std::vector<Level> stack_;
  JsonWithNumberText result_;
  std::optional<Error> error_;
};

}  // namespace

JsonWriter::JsonWriter() : out_("{"), open_{'}'}, has_members_{false} {}

void JsonWriter::separator() {
  if (has_members_.back()) out_ += ',';
  has_members_.back() = true;
}

void JsonWriter::write_key(std::string_view key) {
  separator();
  out_ += json_quoted(key);
  out_ += ':';
}

void JsonWriter::field_string(std::string_view key, std::string_view value) {
  write_key(key);
  out_ += json_quoted(value);
}

void JsonWriter::field_int(std::string_view key, std::int64_t value) {
  write_key(key);
  out_ += std::to_string(value);
}

void JsonWriter::field_uint(std::string_view key, std::uint64_t value) {
  write_key(key);
  out_ += std::to_string(value);
}

void JsonWriter::field_bool(std::string_view key, bool value) {
  write_key(key);
  out_ += value ? "true" : "false";
}

void JsonWriter::field_raw_number(std::string_view key, std::string_view number_text) {
  write_key(key);
  out_ += number_text;
}

void JsonWriter::begin_object(std::string_view key) {
  write_key(key);
  out_ += '{';
  open_.push_back('}');
  has_members_.push_back(false);
}

void JsonWriter::begin_array(std::string_view key) {
  write_key(key);
  out_ += '[';
  open_.push_back(']');
  has_members_.push_back(false);
}

void JsonWriter::begin_object_in_array() {
  separator();
  out_ += '{';
  open_.push_back('}');
  has_members_.push_back(false);
}

void JsonWriter::end_object() {
  out_ += open_.back();
  open_.pop_back();
  has_members_.pop_back();
}

void JsonWriter::end_array() {
  end_object();
}

std::string JsonWriter::finish() && {
  while (!open_.empty()) end_object();
  return std::move(out_);
}

Result<JsonWithNumberText> parse_json_keeping_number_text(std::string_view text, std::size_t max_depth) {
  DomBuilder builder(max_depth);
  bool ok = false;
  try {
    ok = nlohmann::json::sax_parse(text.begin(), text.end(), &builder, nlohmann::json::input_format_t::json,
                                   /*strict=*/true, /*ignore_comments=*/false);
  } catch (const std::exception& e) {
    // sax_parse reports syntax errors through parse_error(); what is left is allocation failure.
    return make_error("json_invalid", std::string("the JSON could not be parsed: ") + e.what());
  }
  if (!ok) {
    if (builder.error()) return *builder.error();
    return make_error("json_invalid", "the JSON is malformed");
  }
  return std::move(builder).take();
}

}  // namespace onechan::semtech
