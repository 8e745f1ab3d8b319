// The two time formats of the Semtech protocol (PROTOCOL.TXT section 4), from microseconds since the Unix
// epoch (UTC). Integer formatting: no strftime, so neither the TZ variable nor the locale can change them.
#pragma once

#include <cstdint>
#include <string>

namespace onechan::semtech {

// rxpk "time", ISO 8601 'compact' with microseconds: "2013-03-31T16:21:17.528002Z".
std::string format_compact_time(std::int64_t unix_us);

// stat "time", ISO 8601 'expanded' as Semtech's forwarder prints it with strftime("%F %T %Z") on a UTC
// struct tm: "2014-01-12 08:59:28 GMT" (whole seconds, truncated).
std::string format_expanded_time(std::int64_t unix_us);

}  // namespace onechan::semtech
