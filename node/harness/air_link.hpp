// Puts the simulated node's transmissions on the virtual air (docs/virtual-air.md): one datagram per
// frame to a receiver's UDP address, e.g. the gateway daemon running with the sim board.
//
// The node runs in simulated time and fast-forwards its sleep, while a receiving model runs on the wall
// clock and works out each frame's end from its own clock. So that receivers hear frames as long as they
// are and never overlapping, AirLink holds the simulation for a frame's time on air (plus a margin) after
// sending it: idle time still flies by, airtime does not.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "radio/sim/air_socket.hpp"
#include "radio/sim/sx1276_model.hpp"

namespace onechan::node {

class AirLink {
 public:
  // Throws std::runtime_error when the address is malformed or no socket can be opened (the message says
  // which).
  explicit AirLink(const std::string& to, std::chrono::milliseconds margin = std::chrono::milliseconds(20));

  // Sends the frame and, unless `hold` is false, waits (wall clock) for its airtime plus the margin.
  // Returns false (and says why in *error) when the datagram could not be encoded or sent.
  bool send(const radio::sim::Transmission& transmission, bool hold, std::string* error);

  const radio::sim::AirAddress& destination() const { return to_; }
  std::uint64_t sent() const { return sent_; }

 private:
  radio::sim::AirAddress to_;
  radio::sim::AirSocket socket_;
  std::chrono::milliseconds margin_;
  std::uint64_t sent_ = 0;
};

}  // namespace onechan::node
