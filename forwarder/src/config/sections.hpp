// One reader per top-level section of the config file. Each reads its JSON value (nullptr: the section
// is absent) into its part of Config and records the first problem in `problems`. A new section (the
// local-processing `storage` and `webhooks`) is one more file and one more row in config_parse.cpp.
#pragma once

#include "config/config.hpp"
#include "config/json_fields.hpp"

namespace onechan::config::detail {

void read_gateway(const Json* value, Problems& problems, Config& config);
void read_radio(const Json* value, Problems& problems, Config& config);
void read_network_servers(const Json* value, Problems& problems, Config& config);
void read_log(const Json* value, Problems& problems, Config& config);

}  // namespace onechan::config::detail
