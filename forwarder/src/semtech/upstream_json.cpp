#include "semtech/upstream_json.hpp"

#include <charconv>
#include <cmath>

#include "lorawan/hex.hpp"
#include "semtech/decimal.hpp"
#include "semtech/json_text.hpp"
#include "semtech/time_text.hpp"

namespace onechan::semtech {
namespace {

// Five decimals as printf("%.5f") would give, but locale-independent (to_chars never prints a comma).
std::string five_decimals(double degrees) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, degrees, std::chars_format::fixed, 5);
  return std::string(buf, r.ptr);
}

}  // namespace

Result<std::string> lora_datarate_text(std::uint8_t spreading_factor, std::uint32_t bandwidth_hz) {
  if (spreading_factor < 5 || spreading_factor > 12) {
    return make_error("bad_spreading_factor",
                      "spreading factor " + std::to_string(spreading_factor) + " is not 5..12");
  }
  if (bandwidth_hz != 125'000 && bandwidth_hz != 250'000 && bandwidth_hz != 500'000) {
    return make_error("bad_bandwidth", "bandwidth " + std::to_string(bandwidth_hz) +
                                           " Hz has no Semtech datr (125, 250 or 500 kHz)");
  }
  return "SF" + std::to_string(spreading_factor) + "BW" + std::to_string(bandwidth_hz / 1000);
}

Result<std::string> coding_rate_text(std::uint8_t coding_rate) {
  if (coding_rate < 5 || coding_rate > 8) {
    return make_error("bad_coding_rate", "coding rate 4/" + std::to_string(coding_rate) + " is not 4/5..4/8");
  }
  return "4/" + std::to_string(coding_rate);
}

Result<std::string> build_rxpk_json(std::span<const RxPacket> packets) {
  if (packets.empty()) return make_error("no_packets", "an rxpk array needs at least one packet");
  JsonWriter w;
  w.begin_array("rxpk");
  for (const RxPacket& p : packets) {
    auto datr = lora_datarate_text(p.spreading_factor, p.bandwidth_hz);
    if (!datr) return datr.error();
    auto codr = coding_rate_text(p.coding_rate);
    if (!codr) return codr.error();
    w.begin_object_in_array();
    if (p.time_unix_us) w.field_string("time", format_compact_time(*p.time_unix_us));
    w.field_uint("tmst", p.tmst_us);
    w.field_uint("chan", p.chan);
    w.field_uint("rfch", p.rfch);
    w.field_raw_number("freq", format_mhz(p.frequency_hz));
    w.field_int("stat", static_cast<std::int8_t>(p.crc));
    w.field_string("modu", "LORA");
    w.field_string("datr", *datr);
    w.field_string("codr", *codr);
    w.field_int("rssi", p.rssi_dbm);
    w.field_raw_number("lsnr", format_one_decimal(p.snr_centi_db, 100));
    w.field_uint("size", p.payload.size());
    w.field_string("data", to_base64(p.payload.span()));
    w.end_object();
  }
  w.end_array();
  return std::move(w).finish();
}

std::string build_stat_json(const StatReport& stat) {
  JsonWriter w;
  w.begin_object("stat");
  w.field_string("time", format_expanded_time(stat.time_unix_us));
  if (stat.location && std::isfinite(stat.location->latitude) && std::isfinite(stat.location->longitude)) {
    w.field_raw_number("lati", five_decimals(stat.location->latitude));
    w.field_raw_number("long", five_decimals(stat.location->longitude));
    w.field_int("alti", stat.location->altitude_m);
  }
  w.field_uint("rxnb", stat.rxnb);
  w.field_uint("rxok", stat.rxok);
  w.field_uint("rxfw", stat.rxfw);
  w.field_raw_number("ackr", format_one_decimal(std::int64_t{stat.push_acked} * 100, stat.push_resolved));
  w.field_uint("dwnb", stat.dwnb);
  w.field_uint("txnb", stat.txnb);
  w.end_object();
  return std::move(w).finish();
}

}  // namespace onechan::semtech
