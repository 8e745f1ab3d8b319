// A minimal SPI master for the model tests: register reads and writes exactly as a driver clocks them
// (NSS low, address byte with bit 7 = write, data bytes, NSS high), and a recorder of DIO edges.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <vector>

#include "radio/sim/sx1276_model.hpp"
#include "radio/sx1276_registers.hpp"

namespace onechan::radio::sim::testing {

struct SpiMaster {
  Sx1276Model& chip;

  void write(std::uint8_t address, std::initializer_list<std::uint8_t> values) {
    chip.select(true);
    chip.exchange(static_cast<std::uint8_t>(address | sx1276::kSpiWrite));
    for (auto v : values) chip.exchange(v);
    chip.select(false);
  }
  void write(std::uint8_t address, const std::vector<std::uint8_t>& values) {
    chip.select(true);
    chip.exchange(static_cast<std::uint8_t>(address | sx1276::kSpiWrite));
    for (auto v : values) chip.exchange(v);
    chip.select(false);
  }
  std::vector<std::uint8_t> read(std::uint8_t address, std::size_t n) {
    std::vector<std::uint8_t> out;
    chip.select(true);
    chip.exchange(address);
    for (std::size_t i = 0; i < n; ++i) out.push_back(chip.exchange(0x00));
    chip.select(false);
    return out;
  }
  std::uint8_t read(std::uint8_t address) { return read(address, 1)[0]; }

  // What a gateway driver does for uplinks (register values per docs/reference: 868.1 MHz = D9 06 66,
  // BW125 CR4/5 explicit header, SF7 with CRC on, sync word 0x34, normal IQ, DIO0 = RxDone).
  void configure_uplink_rx(std::uint8_t sf = 7, std::uint8_t frf_msb = 0xD9, std::uint8_t frf_mid = 0x06,
                           std::uint8_t frf_lsb = 0x66) {
    namespace reg = sx1276::reg;
    write(reg::OpMode, {0x80});  // sleep, then LoRa (LongRangeMode changes only in sleep)
    write(reg::OpMode, {0x80});
    write(reg::OpMode, {0x81});  // standby
    write(reg::FrfMsb, {frf_msb, frf_mid, frf_lsb});
    write(reg::ModemConfig1, {0x72});
    write(reg::ModemConfig2, {static_cast<std::uint8_t>((sf << 4) | 0x04)});
    const bool ldro = sf >= 11;  // at 125 kHz: symbol time > 16 ms
    write(reg::ModemConfig3, {static_cast<std::uint8_t>(0x04 | (ldro ? 0x08 : 0x00))});
    write(reg::SyncWord, {0x34});
    write(reg::InvertIQ, {0x27});
    write(reg::InvertIQ2, {0x1D});
    write(reg::PayloadMaxLength, {0xFF});
    write(reg::FifoRxBaseAddr, {0x00});
    write(reg::DioMapping1, {0x00});
    write(reg::OpMode, {0x85});  // RX continuous
  }

  std::vector<std::uint8_t> read_rx_frame() {
    namespace reg = sx1276::reg;
    const std::uint8_t n = read(reg::RxNbBytes);
    write(reg::FifoAddrPtr, {read(reg::FifoRxCurrentAddr)});
    return read(reg::Fifo, n);
  }
};

struct DioEdge {
  int dio;
  bool level;
  std::uint64_t at_us;
};

struct DioRecorder {
  std::vector<DioEdge> edges;
  void attach(Sx1276Model& chip) {
    chip.set_dio_handler([this](int dio, bool level, std::uint64_t at) {
      edges.push_back({dio, level, at});
    });
  }
  std::vector<std::uint64_t> rising(int dio) const {
    std::vector<std::uint64_t> out;
    for (const auto& e : edges) {
      if (e.dio == dio && e.level) out.push_back(e.at_us);
    }
    return out;
  }
};

}  // namespace onechan::radio::sim::testing
