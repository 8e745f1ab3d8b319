// onechan: the single-channel LoRaWAN gateway. One binary with subcommands; see docs/cli.md.
#include <cstdio>
#include <exception>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"onechan: a LoRaWAN single-channel gateway and packet forwarder"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "onechan " ONECHAN_VERSION);
  int exit_code = 0;
  onechan::cli::add_air_command(app, exit_code);
  onechan::cli::add_decode_command(app, exit_code);
  onechan::cli::add_encode_command(app, exit_code);
  onechan::cli::add_radio_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line naming what is wrong; exit 2 as for any malformed input (docs/cli.md).
    std::fprintf(stderr, "onechan: %s (see --help)\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "onechan: %s\n", e.what());
    return 2;
  }
  return exit_code;
}
