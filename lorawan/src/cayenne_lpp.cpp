#include "lorawan/cayenne_lpp.hpp"

#include <cmath>
#include <cstdio>

namespace onechan::lorawan {

namespace {

constexpr std::array<std::string_view, 3> kValue{"value", "", ""};
constexpr std::array<std::string_view, 3> kXyz{"x", "y", "z"};
constexpr std::array<std::string_view, 3> kGps{"latitude", "longitude", "altitude"};
constexpr std::array<std::string_view, 3> kRgb{"r", "g", "b"};

constexpr std::array<std::uint32_t, 3> one(std::uint32_t divisor) {
  return {divisor, 1, 1};
}
constexpr std::array<std::uint32_t, 3> three(std::uint32_t divisor) {
  return {divisor, divisor, divisor};
}

// Sizes, signedness and resolutions from the myDevices LPP table and the ElectronicCats CayenneLPP
// library (src/CayenneLPP.h), which adds the IPSO types from Generic Sensor on.
constexpr LppTypeInfo kTypes[] = {
    {LppType::DigitalInput, "digital_input", 1, 1, false, one(1), kValue},
    {LppType::DigitalOutput, "digital_output", 1, 1, false, one(1), kValue},
    {LppType::AnalogInput, "analog_input", 1, 2, true, one(100), kValue},
    {LppType::AnalogOutput, "analog_output", 1, 2, true, one(100), kValue},
    {LppType::GenericSensor, "generic_sensor", 1, 4, false, one(1), kValue},
    {LppType::Illuminance, "illuminance", 1, 2, false, one(1), kValue},
    {LppType::Presence, "presence", 1, 1, false, one(1), kValue},
    {LppType::Temperature, "temperature", 1, 2, true, one(10), kValue},
    {LppType::Humidity, "humidity", 1, 1, false, one(2), kValue},
    {LppType::Accelerometer, "accelerometer", 3, 2, true, three(1000), kXyz},
    {LppType::Barometer, "barometer", 1, 2, false, one(10), kValue},
    {LppType::Voltage, "voltage", 1, 2, false, one(100), kValue},
    {LppType::Current, "current", 1, 2, false, one(1000), kValue},
    {LppType::Frequency, "frequency", 1, 4, false, one(1), kValue},
    {LppType::Percentage, "percentage", 1, 1, false, one(1), kValue},
    {LppType::Altitude, "altitude", 1, 2, true, one(1), kValue},
    {LppType::Concentration, "concentration", 1, 2, false, one(1), kValue},
    {LppType::Power, "power", 1, 2, false, one(1), kValue},
    {LppType::Distance, "distance", 1, 4, false, one(1000), kValue},
    {LppType::Energy, "energy", 1, 4, false, one(1000), kValue},
    {LppType::Direction, "direction", 1, 2, false, one(1), kValue},
    {LppType::UnixTime, "unix_time", 1, 4, false, one(1), kValue},
    {LppType::Gyrometer, "gyrometer", 3, 2, true, three(100), kXyz},
    {LppType::Colour, "colour", 3, 1, false, three(1), kRgb},
    {LppType::Gps, "gps", 3, 3, true, {10000, 10000, 100}, kGps},
    {LppType::Switch, "switch", 1, 1, false, one(1), kValue},
};

std::string hex_byte(std::uint8_t b) {
  char text[5];
  std::snprintf(text, sizeof text, "0x%02X", static_cast<unsigned>(b));
  return text;
}

std::string describe(std::uint8_t type) {
  return std::to_string(type) + " (" + hex_byte(type) + ")";
}

std::int64_t read_field(const std::uint8_t* p, std::uint8_t size, bool is_signed) {
  std::uint64_t v = 0;
  for (std::uint8_t i = 0; i < size; ++i) v = (v << 8) | p[i];
  const unsigned bits = 8u * size;
  if (is_signed && (v >> (bits - 1)) != 0) return static_cast<std::int64_t>(v) - (std::int64_t{1} << bits);
  return static_cast<std::int64_t>(v);
}

struct FieldRange {
  std::int64_t min;
  std::int64_t max;
};

FieldRange field_range(const LppTypeInfo& info) {
  const unsigned bits = 8u * info.field_size;
  if (info.is_signed) return {-(std::int64_t{1} << (bits - 1)), (std::int64_t{1} << (bits - 1)) - 1};
  return {0, (std::int64_t{1} << bits) - 1};
}

}  // namespace

std::optional<LppTypeInfo> lpp_type_info(std::uint8_t type) {
  for (const LppTypeInfo& info : kTypes) {
    if (static_cast<std::uint8_t>(info.type) == type) return info;
  }
  return std::nullopt;
}

std::string_view lpp_type_name(LppType type) {
  const auto info = lpp_type_info(static_cast<std::uint8_t>(type));
  return info ? info->name : std::string_view("unknown");
}

std::string LppValue::to_decimal_string() const {
  // Every LPP divisor is a power of ten except humidity's 2 (0.5 % steps): scale that one to tenths.
  std::uint64_t scale = divisor == 0 ? 1 : divisor;
  std::int64_t value = raw;
  if (scale == 2) {
    scale = 10;
    value *= 5;
  }
  const bool negative = value < 0;
  const std::uint64_t magnitude =
      negative ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  std::string text = (negative ? "-" : "") + std::to_string(magnitude / scale);
  std::uint64_t fraction = magnitude % scale;
  if (fraction == 0) return text;
  std::string digits;
  for (std::uint64_t s = scale; s > 1; s /= 10) {
    digits.insert(digits.begin(), static_cast<char>('0' + fraction % 10));
    fraction /= 10;
  }
  while (!digits.empty() && digits.back() == '0') digits.pop_back();
  return text + "." + digits;
}

Result<std::vector<LppRecord>> decode_cayenne_lpp(ByteSpan payload) {
  std::vector<LppRecord> records;
  std::size_t offset = 0;
  while (offset < payload.size()) {
    const std::size_t record_offset = offset;
    if (payload.size() - offset < 2) {
      return make_error("lpp_truncated", "Cayenne LPP record at offset " + std::to_string(record_offset) +
                                             " has a channel byte but no type byte");
    }
    const std::uint8_t channel = payload[offset];
    const std::uint8_t type = payload[offset + 1];
    const auto info = lpp_type_info(type);
    if (!info) {
      return make_error("lpp_unknown_type", "unknown Cayenne LPP type " + describe(type) + " at offset " +
                                                std::to_string(record_offset + 1));
    }
    offset += 2;
    const std::size_t left = payload.size() - offset;
    if (left < info->value_size()) {
      return make_error("lpp_truncated", "Cayenne LPP " + std::string(info->name) + " (type " +
                                             describe(type) + ") record at offset " +
                                             std::to_string(record_offset) + " needs " +
                                             std::to_string(info->value_size()) + " value bytes, " +
                                             std::to_string(left) + " left");
    }
    LppRecord record;
    record.channel = channel;
    record.type = info->type;
    record.type_name = info->name;
    record.value_count = info->field_count;
    for (std::uint8_t i = 0; i < info->field_count; ++i) {
      record.values[i] = LppValue{info->field_names[i],
                                  read_field(payload.data() + offset + std::size_t{i} * info->field_size,
                                             info->field_size, info->is_signed),
                                  info->divisors[i]};
    }
    offset += info->value_size();
    records.push_back(record);
  }
  return records;
}

Result<void> LppEncoder::add(std::uint8_t channel, LppType type, std::initializer_list<double> values) {
  const auto info = lpp_type_info(static_cast<std::uint8_t>(type));
  if (!info)
    return make_error("lpp_unknown_type",
                      "unknown Cayenne LPP type " + describe(static_cast<std::uint8_t>(type)));
  if (values.size() != info->field_count) {
    return make_error("lpp_field_count", "Cayenne LPP " + std::string(info->name) + " takes " +
                                             std::to_string(info->field_count) + " value(s), got " +
                                             std::to_string(values.size()));
  }
  std::array<std::int64_t, 3> raw{};
  const FieldRange range = field_range(*info);
  std::size_t i = 0;
  for (double v : values) {
    const double scaled = std::round(v * info->divisors[i]);
    // Compare as doubles before converting: converting an out-of-range double is undefined.
    if (!std::isfinite(scaled) || scaled < static_cast<double>(range.min) ||
        scaled > static_cast<double>(range.max)) {
      return make_error("lpp_value_out_of_range", "Cayenne LPP " + std::string(info->name) + " " +
                                                      std::string(info->field_names[i]) + " value " +
                                                      std::to_string(v) + " does not fit the field");
    }
    raw[i] = static_cast<std::int64_t>(scaled);
    ++i;
  }
  return append(channel, *info, std::span<const std::int64_t>(raw.data(), info->field_count));
}

Result<void> LppEncoder::add_raw(std::uint8_t channel, LppType type,
                                 std::initializer_list<std::int64_t> raw_values) {
  const auto info = lpp_type_info(static_cast<std::uint8_t>(type));
  if (!info)
    return make_error("lpp_unknown_type",
                      "unknown Cayenne LPP type " + describe(static_cast<std::uint8_t>(type)));
  if (raw_values.size() != info->field_count) {
    return make_error("lpp_field_count", "Cayenne LPP " + std::string(info->name) + " takes " +
                                             std::to_string(info->field_count) + " value(s), got " +
                                             std::to_string(raw_values.size()));
  }
  return append(channel, *info, std::span<const std::int64_t>(raw_values.begin(), raw_values.size()));
}

Result<void> LppEncoder::append(std::uint8_t channel, const LppTypeInfo& info,
                                std::span<const std::int64_t> raw) {
  const FieldRange range = field_range(info);
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] < range.min || raw[i] > range.max) {
      return make_error("lpp_value_out_of_range",
                        "Cayenne LPP " + std::string(info.name) + " " + std::string(info.field_names[i]) +
                            " raw value " + std::to_string(raw[i]) + " is outside " +
                            std::to_string(range.min) + ".." + std::to_string(range.max));
    }
  }
  const std::size_t record_size = 2 + info.value_size();
  if (bytes_.size() + record_size > max_size_) {
    return make_error("lpp_payload_full", "Cayenne LPP " + std::string(info.name) + " record of " +
                                              std::to_string(record_size) +
                                              " bytes does not fit: " + std::to_string(bytes_.size()) +
                                              " of " + std::to_string(max_size_) + " bytes used");
  }
  bytes_.push_back(channel);
  bytes_.push_back(static_cast<std::uint8_t>(info.type));
  for (std::int64_t v : raw) {
    const auto bits = static_cast<std::uint64_t>(v);  // two's complement for negative values
    for (int b = info.field_size - 1; b >= 0; --b)
      bytes_.push_back(static_cast<std::uint8_t>(bits >> (8 * b)));
  }
  return {};
}

}  // namespace onechan::lorawan
