// Cayenne Low Power Payload (myDevices, "Cayenne Docs - LoRa": cayenne-docs/docs/LORA.md), with the
// extended IPSO types of the ElectronicCats CayenneLPP library. A payload is a sequence of records
//   [channel: 1 byte][type: 1 byte][value: big-endian, size and scale fixed by the type]
//
// Values are kept as the integer on air plus a divisor (value = raw / divisor), so that a reading of
// 21.5 degrees prints as "21.5" and not 21.499999: to_decimal_string() gives the exact decimal text to
// put in JSON, to_double() a number for arithmetic. This file knows nothing about JSON; the forwarder
// turns records into JSON.
//
// Type names are snake_case and stable (they become JSON keys): see lpp_type_name().
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lorawan/bytes.hpp"
#include "lorawan/result.hpp"

namespace onechan::lorawan {

// The LPP type byte (IPSO object id - 3200).
enum class LppType : std::uint8_t {
  DigitalInput = 0,     // 1 B unsigned
  DigitalOutput = 1,    // 1 B unsigned
  AnalogInput = 2,      // 2 B signed, 0.01
  AnalogOutput = 3,     // 2 B signed, 0.01
  GenericSensor = 100,  // 4 B unsigned
  Illuminance = 101,    // 2 B unsigned, 1 lux
  Presence = 102,       // 1 B unsigned
  Temperature = 103,    // 2 B signed, 0.1 degC
  Humidity = 104,       // 1 B unsigned, 0.5 %
  Accelerometer = 113,  // 3 x 2 B signed, 0.001 G
  Barometer = 115,      // 2 B unsigned, 0.1 hPa
  Voltage = 116,        // 2 B unsigned, 0.01 V
  Current = 117,        // 2 B unsigned, 0.001 A
  Frequency = 118,      // 4 B unsigned, 1 Hz
  Percentage = 120,     // 1 B unsigned, 1 %
  Altitude = 121,       // 2 B signed, 1 m
  Concentration = 125,  // 2 B unsigned, 1 ppm
  Power = 128,          // 2 B unsigned, 1 W
  Distance = 130,       // 4 B unsigned, 0.001 m
  Energy = 131,         // 4 B unsigned, 0.001 kWh
  Direction = 132,      // 2 B unsigned, 1 deg
  UnixTime = 133,       // 4 B unsigned, seconds
  Gyrometer = 134,      // 3 x 2 B signed, 0.01 deg/s
  Colour = 135,         // 3 x 1 B unsigned: r, g, b
  Gps = 136,            // 3 x 3 B signed: latitude, longitude 0.0001 deg; altitude 0.01 m
  Switch = 142,         // 1 B unsigned, 0/1
};

// How one type is laid out on air.
struct LppTypeInfo {
  LppType type;
  std::string_view name;  // snake_case: "digital_input", "temperature", "gps", ...
  std::uint8_t field_count;
  std::uint8_t field_size;  // bytes per field
  bool is_signed;           // two's complement fields
  std::array<std::uint32_t, 3> divisors;
  std::array<std::string_view, 3> field_names;  // "value" for single-field types

  std::size_t value_size() const { return std::size_t{field_count} * field_size; }
};

// nullopt for a type byte that is not an official LPP type.
std::optional<LppTypeInfo> lpp_type_info(std::uint8_t type);
std::string_view lpp_type_name(LppType type);

// One named field of a record: value = raw / divisor.
struct LppValue {
  std::string_view name;  // "value", "x", "y", "z", "latitude", "longitude", "altitude", "r", "g", "b"
  std::int64_t raw = 0;
  std::uint32_t divisor = 1;  // 1, 2, 10, 100, 1000 or 10000

  double to_double() const { return static_cast<double>(raw) / static_cast<double>(divisor); }
  // The exact decimal: "27.2", "-4.1", "48.5", "10", "0.034", "-87.9094".
  std::string to_decimal_string() const;

  friend bool operator==(const LppValue&, const LppValue&) = default;
};

struct LppRecord {
  std::uint8_t channel = 0;
  LppType type = LppType::DigitalInput;
  std::string_view type_name;  // lpp_type_name(type)
  std::array<LppValue, 3> values{};
  std::uint8_t value_count = 0;

  std::span<const LppValue> fields() const { return {values.data(), value_count}; }
};

// Decodes a whole payload (typically the FRMPayload of an uplink). An empty payload gives no records.
// Errors (each message names the byte offset and the type):
//   "lpp_unknown_type"  - a type byte that is not an LPP type; decoding stops there
//   "lpp_truncated"     - a record cut short (a channel with no type byte, or fewer value bytes than
//                         the type needs)
Result<std::vector<LppRecord>> decode_cayenne_lpp(ByteSpan payload);

// Builds LPP payloads (for the node simulator and tests). Each add appends one record or, on error,
// leaves the payload unchanged.
class LppEncoder {
 public:
  // `max_size`: the FRMPayload budget of the data rate in use (e.g. 51 at EU868 DR0).
  explicit LppEncoder(std::size_t max_size = kMaxPhyPayload) : max_size_(max_size) {}

  // Values in the type's units (21.5 for 21.5 degC, {lat, lon, alt} for GPS), rounded to the nearest
  // step the type can carry. Errors: "lpp_field_count" (wrong number of values for the type),
  // "lpp_value_out_of_range" (does not fit the field), "lpp_payload_full" (record would exceed max_size).
  Result<void> add(std::uint8_t channel, LppType type, std::initializer_list<double> values);
  // Values as they travel (already scaled integers). Same errors.
  Result<void> add_raw(std::uint8_t channel, LppType type, std::initializer_list<std::int64_t> raw_values);

  ByteSpan bytes() const { return {bytes_.data(), bytes_.size()}; }
  std::size_t size() const { return bytes_.size(); }
  void clear() { bytes_.clear(); }

 private:
  Result<void> append(std::uint8_t channel, const LppTypeInfo& info, std::span<const std::int64_t> raw);

  std::size_t max_size_;
  std::vector<std::uint8_t> bytes_;
};

}  // namespace onechan::lorawan
