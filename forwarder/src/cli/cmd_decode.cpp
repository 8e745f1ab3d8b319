// `onechan decode`: one LoRaWAN frame in, one JSON object out (docs/cli.md).
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>

#include "cli/commands.hpp"
#include "cli/frame_input.hpp"
#include "cli/key_options.hpp"
#include "lorawan/data_frame_crypto.hpp"
#include "lorawan/fcnt.hpp"
#include "lorawan/hex.hpp"
#include "lorawan/join_crypto.hpp"
#include "lorawan/mac_commands.hpp"
#include "lorawan/phy_payload.hpp"
#include "payload_codec.hpp"

namespace onechan::cli {
namespace {

using Json = nlohmann::ordered_json;
using namespace onechan::lorawan;

struct DecodeOptions {
  std::string frame;
  std::string nwkskey;
  std::string appskey;
  std::string appkey;
  std::optional<std::uint32_t> fcnt_msb;
  std::optional<std::uint32_t> last_fcnt;
  std::string codec = "none";
  PayloadCodec codec_value = PayloadCodec::None;
};

// Status of a decode: 0 MIC ok (or nothing to check), 1 MIC wrong. Malformed input never gets here.
struct Decoded {  // NOLINT(bugprone-exception-escape): only nlohmann::json may throw, on allocation
  Json json;
  int status = 0;
};

Json mac_commands_json(const MacDecodeResult& decoded) {
  Json list = Json::array();
  for (const MacCommand& command : decoded.commands) {
    Json entry;
    entry["cid"] =
        std::visit([](const auto& c) { return static_cast<int>(std::decay_t<decltype(c)>::kCid); }, command);
    entry["name"] = mac_name(command);
    for (const auto& [field, value] : mac_fields(command)) entry[field] = value;
    list.push_back(std::move(entry));
  }
  if (decoded.stopped) {
    // The commands before the problem are still shown; the rest of the bytes are named, not guessed at.
    list.push_back(Json{{"error", decoded.stopped->code}, {"message", decoded.stopped->message}});
  }
  return list;
}

Json fctrl_json(const FCtrl& fctrl, Direction dir) {
  if (dir == Direction::Uplink) {
    return Json{{"adr", fctrl.adr},
                {"adr_ack_req", fctrl.adr_ack_req},
                {"ack", fctrl.ack},
                {"class_b", fctrl.class_b},
                {"fopts_len", fctrl.fopts_len}};
  }
  return Json{{"adr", fctrl.adr},
              {"rfu", fctrl.downlink_rfu},
              {"ack", fctrl.ack},
              {"f_pending", fctrl.f_pending},
              {"fopts_len", fctrl.fopts_len}};
}

Decoded decode_data(const DataFrame& frame, ByteSpan raw, const std::optional<Key128>& nwk,
                    const std::optional<Key128>& app, const DecodeOptions& opts) {
  const Direction dir = frame.direction();
  std::optional<std::uint16_t> msb;
  if (opts.fcnt_msb) msb = static_cast<std::uint16_t>(*opts.fcnt_msb);
  const std::uint32_t fcnt = full_fcnt_for_decode(frame.fcnt16, msb, opts.last_fcnt);

  // A session needs both keys; a missing one stands in as zeros and its results are not shown.
  const PreparedSession session(SessionKeys{nwk.value_or(Key128{}), app.value_or(Key128{})});
  const bool payload_key_known = frame.fport == 0 ? nwk.has_value() : app.has_value();

  Json json;
  json["mtype"] = mtype_name(frame.mhdr.mtype);
  json["devaddr"] = frame.dev_addr.to_string();
  json["fctrl"] = fctrl_json(frame.fctrl, dir);
  json["fcnt"] = fcnt;
  json["fport"] = frame.fport ? Json(*frame.fport) : Json(nullptr);
  json["fopts"] = to_hex(frame.fopts.span());

  FrmPayloadBytes payload = frame.frm_payload;
  if (payload_key_known) payload = decrypt_frm_payload(frame, session, fcnt);
  if (!frame.fopts.empty()) {
    json["mac_commands"] = mac_commands_json(decode_mac_commands(frame.fopts.span(), dir));
  } else if (frame.fport == 0 && payload_key_known) {
    json["mac_commands"] = mac_commands_json(decode_mac_commands(payload.span(), dir));
  } else {
    json["mac_commands"] = Json::array();
  }
  json["mic"] = to_hex(frame.mic);

  Decoded out;
  if (nwk) {
    const bool ok = verify_data_frame_mic(frame, raw, session, fcnt);
    json["mic_ok"] = ok;
    out.status = ok ? 0 : 1;
  } else {
    json["mic_ok"] = nullptr;
  }
  json["payload"] = to_hex(payload.span());
  if (opts.codec_value != PayloadCodec::None && frame.fport.value_or(0) != 0 && payload_key_known) {
    auto decoded = decode_payload(opts.codec_value, payload.span());
    if (decoded) {
      json["decoded"] = *decoded;
    } else {
      // The frame itself is fine; only the application payload is not what the codec expects.
      json["decoded"] = nullptr;
      json["decode_error"] = decoded.error().message;
    }
  }
  out.json = std::move(json);
  return out;
}

Decoded decode_join_request(const JoinRequestFrame& frame, ByteSpan raw,
                            const std::optional<Key128>& app_key) {
  Json json;
  json["mtype"] = mtype_name(frame.mhdr.mtype);
  json["join_eui"] = frame.join_eui.to_string();
  json["dev_eui"] = frame.dev_eui.to_string();
  json["dev_nonce"] = frame.dev_nonce;
  json["mic"] = to_hex(frame.mic);
  Decoded out;
  if (app_key) {
    const bool ok = verify_join_request_phy(Cmac(*app_key), raw);
    json["mic_ok"] = ok;
    out.status = ok ? 0 : 1;
  } else {
    json["mic_ok"] = nullptr;
  }
  out.json = std::move(json);
  return out;
}

Result<Decoded> decode_join_accept(ByteSpan raw, const std::optional<Key128>& app_key) {
  if (!app_key) {
    return make_error("appkey_required", "a join-accept is encrypted: give --appkey to decode it");
  }
  const Aes128 aes(*app_key);
  auto plain = decrypt_join_accept(aes, raw);
  if (!plain) return plain.error();
  auto accept = JoinAccept::parse(plain->span());
  if (!accept) return accept.error();
  Json json;
  json["mtype"] = mtype_name(accept->mhdr.mtype);
  json["join_nonce"] = accept->join_nonce;
  json["net_id"] = accept->net_id;
  json["devaddr"] = accept->dev_addr.to_string();
  json["dl_settings"] = Json{{"rx1_dr_offset", accept->dl_settings.rx1_dr_offset},
                             {"rx2_data_rate", accept->dl_settings.rx2_data_rate}};
  json["rx_delay"] = accept->rx_delay;
  json["cflist"] = accept->cf_list ? Json(to_hex(accept->cf_list->raw)) : Json(nullptr);
  json["mic"] = to_hex(accept->mic);
  const bool ok = verify_join_accept_phy(Cmac(aes), plain->span());
  json["mic_ok"] = ok;
  Decoded out;
  out.json = std::move(json);
  out.status = ok ? 0 : 1;
  return out;
}

int run_decode(DecodeOptions opts) {
  auto codec = parse_payload_codec(opts.codec);
  if (!codec) return report_error(codec.error(), "--codec");
  opts.codec_value = *codec;
  auto nwk = parse_optional_key(opts.nwkskey, "--nwkskey");
  auto app = parse_optional_key(opts.appskey, "--appskey");
  auto appkey = parse_optional_key(opts.appkey, "--appkey");
  for (const auto* key : {&nwk, &app, &appkey}) {
    if (!*key) return report_error(key->error());
  }
  auto bytes = parse_frame_text(opts.frame);
  if (!bytes) return report_error(bytes.error(), "FRAME");
  const ByteSpan raw(bytes->data(), bytes->size());
  auto parsed = parse_phy_payload(raw);
  if (!parsed) return report_error(parsed.error(), "FRAME");

  Result<Decoded> decoded = std::visit(
      [&](const auto& frame) -> Result<Decoded> {
        using T = std::decay_t<decltype(frame)>;
        if constexpr (std::is_same_v<T, DataFrame>) {
          return decode_data(frame, raw, *nwk, *app, opts);
        } else if constexpr (std::is_same_v<T, JoinRequestFrame>) {
          return decode_join_request(frame, raw, *appkey);
        } else if constexpr (std::is_same_v<T, EncryptedJoinAccept>) {
          return decode_join_accept(raw, *appkey);
        } else {
          Decoded out;
          out.json["mtype"] = mtype_name(frame.mhdr.mtype);
          out.json["payload"] = to_hex(frame.payload.span());
          return out;
        }
      },
      *parsed);
  if (!decoded) return report_error(decoded.error(), "FRAME");
  std::printf("%s\n", decoded->json.dump().c_str());
  return decoded->status;
}

}  // namespace

void add_decode_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<DecodeOptions>();
  CLI::App* cmd =
      app.add_subcommand("decode", "Decode a LoRaWAN frame: check its MIC, decrypt its payload, print JSON");
  cmd->add_option("FRAME", opts->frame, "the PHYPayload as hex or base64")->required();
  cmd->add_option("--nwkskey", opts->nwkskey, "network session key (32 hex digits)");
  cmd->add_option("--appskey", opts->appskey, "application session key (32 hex digits)");
  cmd->add_option("--appkey", opts->appkey,
                  "AppKey, for join-request and join-accept frames (32 hex digits)");
  auto* msb = cmd->add_option("--fcnt-msb", opts->fcnt_msb, "upper 16 bits of the frame counter")
                  ->check(CLI::Range(0u, 65535u));
  cmd->add_option("--last-fcnt", opts->last_fcnt, "last 32-bit frame counter accepted from this device")
      ->excludes(msb);
  cmd->add_option("--codec", opts->codec,
                  "decode the payload: none (default) or cayenne-lpp (adds `decoded`)");
  cmd->callback([opts, &exit_code] { exit_code = run_decode(*opts); });
}

}  // namespace onechan::cli
