// `onechan encode`: build a data frame from fields and keys, print its PHYPayload as hex (docs/cli.md).
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "cli/key_options.hpp"
#include "lorawan/data_frame_crypto.hpp"
#include "lorawan/hex.hpp"

namespace onechan::cli {
namespace {

using namespace onechan::lorawan;

// FPort 224 is LoRaWAN's certification-test port; 225..255 are reserved (RFU) and never sent.
constexpr unsigned kMaxEncodableFPort = 224;

struct EncodeOptions {
  std::string nwkskey;
  std::string appskey;
  std::string devaddr;
  std::uint32_t fcnt = 0;
  std::optional<unsigned> fport;
  bool confirmed = false;
  bool down = false;
  bool adr = false;
  bool ack = false;
  std::string fopts;
  std::string payload;
};

MType mtype_for(bool confirmed, bool down) {
  if (down) return confirmed ? MType::ConfirmedDataDown : MType::UnconfirmedDataDown;
  return confirmed ? MType::ConfirmedDataUp : MType::UnconfirmedDataUp;
}

int run_encode(const EncodeOptions& opts) {
  auto nwk = parse_required_key(opts.nwkskey, "--nwkskey");
  if (!nwk) return report_error(nwk.error());
  auto app = parse_required_key(opts.appskey, "--appskey");
  if (!app) return report_error(app.error());
  auto devaddr = DevAddr::parse(opts.devaddr);
  if (!devaddr) return report_error(devaddr.error(), "--devaddr");
  auto fopts = from_hex(opts.fopts);
  if (!fopts) return report_error(fopts.error(), "--fopts");
  auto payload = from_hex(opts.payload);
  if (!payload) return report_error(payload.error(), "PAYLOAD_HEX");

  if (fopts->size() > kMaxFOpts) {
    return report_error(
        make_error("fopts_too_long", "at most 15 bytes, got " + std::to_string(fopts->size())), "--fopts");
  }
  if (!payload->empty() && !opts.fport) {
    return report_error(make_error("payload_without_fport", "a payload needs --fport"), "PAYLOAD_HEX");
  }
  const std::size_t room = kMaxPhyPayload - kMinDataFrame - fopts->size() - (opts.fport ? 1 : 0);
  if (payload->size() > room) {
    return report_error(
        make_error("payload_too_long", "the frame would exceed 255 bytes: at most " + std::to_string(room) +
                                           " payload bytes fit, got " + std::to_string(payload->size())),
        "PAYLOAD_HEX");
  }

  DataFrame frame;
  frame.mhdr.mtype = mtype_for(opts.confirmed, opts.down);
  frame.dev_addr = *devaddr;
  frame.fctrl.adr = opts.adr;
  frame.fctrl.ack = opts.ack;
  frame.fopts.assign(*fopts);
  if (opts.fport) frame.fport = static_cast<std::uint8_t>(*opts.fport);
  frame.frm_payload.assign(*payload);

  auto bytes = seal_data_frame(frame, PreparedSession(SessionKeys{*nwk, *app}), opts.fcnt);
  if (!bytes) return report_error(bytes.error());
  std::printf("%s\n", to_hex(bytes->span()).c_str());
  return 0;
}

}  // namespace

void add_encode_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<EncodeOptions>();
  CLI::App* cmd =
      app.add_subcommand("encode", "Build a LoRaWAN data frame: encrypt the payload, add the MIC, print hex");
  cmd->add_option("--nwkskey", opts->nwkskey, "network session key (32 hex digits)")->required();
  cmd->add_option("--appskey", opts->appskey, "application session key (32 hex digits)")->required();
  cmd->add_option("--devaddr", opts->devaddr, "device address, 8 hex digits, most significant first")
      ->required();
  cmd->add_option("--fcnt", opts->fcnt, "the full 32-bit frame counter")->required();
  cmd->add_option("--fport", opts->fport, "FPort 0..224 (0: MAC commands, encrypted with the NwkSKey)")
      ->check(CLI::Range(0u, kMaxEncodableFPort));
  cmd->add_flag("--confirmed", opts->confirmed, "a confirmed frame (the receiver must acknowledge it)");
  cmd->add_flag("--down", opts->down, "a downlink (default: uplink)");
  cmd->add_flag("--adr", opts->adr, "set FCtrl.ADR");
  cmd->add_flag("--ack", opts->ack, "set FCtrl.ACK");
  cmd->add_option("--fopts", opts->fopts, "MAC commands in the frame header, hex (at most 15 bytes)");
  cmd->add_option("PAYLOAD_HEX", opts->payload, "the FRMPayload in clear, hex");
  cmd->callback([opts, &exit_code] { exit_code = run_encode(*opts); });
}

}  // namespace onechan::cli
