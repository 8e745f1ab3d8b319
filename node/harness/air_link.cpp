#include "air_link.hpp"

#include <stdexcept>
#include <thread>

#include "radio/sim/air_datagram.hpp"

namespace onechan::node {

AirLink::AirLink(const std::string& to, std::chrono::milliseconds margin) : margin_(margin) {
  std::string error;
  auto address = radio::sim::parse_air_address(to, &error);
  if (!address) throw std::runtime_error("--air " + to + ": " + error);
  to_ = *address;
  if (!socket_.open(&error)) throw std::runtime_error("virtual air socket: " + error);
}

bool AirLink::send(const radio::sim::Transmission& transmission, bool hold, std::string* error) {
  auto datagram = radio::sim::encode_air_datagram(transmission.frame);
  if (!datagram.ok()) {
    *error = datagram.error().message;
    return false;
  }
  if (!socket_.send_to(to_, datagram.value(), error)) return false;
  ++sent_;
  if (hold) {
    std::this_thread::sleep_for(std::chrono::microseconds(transmission.end_us - transmission.start_us) +
                                margin_);
  }
  return true;
}

}  // namespace onechan::node
