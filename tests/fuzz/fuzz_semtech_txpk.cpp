// Fuzz target: the PULL_RESP body parser (forwarder/src/semtech/txpk.hpp), the one piece of JSON a
// network server can make the gateway act on, and the TX_ACK body reader (tx_ack.hpp) on the same text.
// Invariants: an accepted txpk is one the radio can be set up for (the documented ranges of datr, codr,
// prea and size), and every refusal maps to the TX_ACK value txpk.hpp and tx_ack.hpp promise.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "semtech/tx_ack.hpp"
#include "semtech/txpk.hpp"

using namespace onechan;
using namespace onechan::semtech;

namespace {

void check_request(const TxRequest& r) {
  if (r.spreading_factor < 5 || r.spreading_factor > 12) std::abort();
  if (r.bandwidth_hz != 125'000 && r.bandwidth_hz != 250'000 && r.bandwidth_hz != 500'000) std::abort();
  if (r.coding_rate < 5 || r.coding_rate > 8) std::abort();
  if (r.preamble_symbols < 6) std::abort();  // raised to at least 6, as Semtech's forwarder does
  if (r.frequency_hz == 0) std::abort();
}

void check_refusal(const Error& error) {
  if (error.code.empty() || error.message.empty()) std::abort();
  const std::string_view code = error.code;
  const TxAckError answer = tx_ack_error_for_parse_error(error);
  if (code.starts_with("powe_")) {
    if (answer != TxAckError::TxPower) std::abort();
  } else if (answer != TxAckError::TxFreq) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto request = parse_txpk_json(text);
  if (request) {
    check_request(*request);
  } else {
    check_refusal(request.error());
  }

  auto report = parse_tx_ack_body(text);
  if (size == 0 && (!report || report->error != "NONE")) std::abort();  // v2: an empty body means NONE
  return 0;
}
