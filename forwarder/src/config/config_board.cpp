// radio.board resolved to its board file, and the config checked against what the board can do.
#include "board_file.hpp"
#include "config/config.hpp"

namespace onechan::config {

Result<radio::BoardWiring> load_config_board(const Config& config,
                                             const std::vector<std::filesystem::path>& search_path) {
  const std::string prefix = config.origin + ": radio.board: ";
  auto wiring = board::load_board(config.radio.board, search_path);
  if (!wiring) return make_error(wiring.error().code, prefix + wiring.error().message);
  // radio.air and radio.downlink_air are read only for the board named "sim": a simulated board under
  // another name (or a real board named "sim") would run without the addresses the user meant.
  const bool sim_backend = wiring->backend == radio::BoardBackend::sim;
  if (sim_backend != config.radio.is_sim()) {
    return make_error("config_bad_value",
                      prefix + "\"" + config.radio.board + "\" is " +
                          (sim_backend ? "a simulated board: use \"sim\"" : "not the simulated board") +
                          " (from " + wiring->source + ")");
  }
  if (config.radio.tx_power_dbm && *config.radio.tx_power_dbm > wiring->max_tx_power_dbm) {
    return make_error("config_bad_value",
                      config.origin + ": radio.tx_power_dbm: " + std::to_string(*config.radio.tx_power_dbm) +
                          " dBm is more than " + wiring->name + " allows (" +
                          std::to_string(wiring->max_tx_power_dbm) + " dBm)");
  }
  return wiring;
}

}  // namespace onechan::config
