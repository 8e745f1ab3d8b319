#include "board_radio.hpp"

#include <string>
#include <utility>

#include "radio/gpio_chip_select_bus.hpp"
#include "radio/linux/gpiod_lines.hpp"
#include "radio/linux/spidev_bus.hpp"
#include "radio/linux/system_clock.hpp"

namespace onechan::board {
namespace {

Error to_error(const radio::RadioError& e) {
  return make_error(std::string(radio::to_string(e.code)), e.message);
}

radio::linux::LinePin pin(const radio::GpioLine& line, const char* role) {
  return radio::linux::LinePin{line.chip, line.line, role};
}

}  // namespace

BoardRadio::~BoardRadio() = default;

Result<std::unique_ptr<BoardRadio>> BoardRadio::open(const radio::BoardWiring& wiring,
                                                     BoardRadioOptions options) {
  std::unique_ptr<BoardRadio> r(new BoardRadio());
  r->wiring_ = wiring;
  radio::SpiBus* bus = nullptr;
  radio::OutputLine* reset = nullptr;

  if (wiring.backend == radio::BoardBackend::sim) {
    radio::sim::ModelOptions model;
    model.version = wiring.sim_reg_version;
    r->sim_ = std::make_unique<radio::sim::SimChip>(model, radio::sim::TimeSource::monotonic);
    bus = &r->sim_->spi();
    reset = &r->sim_->reset_line();
    r->dio0_ = &r->sim_->dio0();
    r->clock_ = &r->sim_->clock();
  } else {
    r->own_clock_ = std::make_unique<radio::linux::SystemClock>();
    r->clock_ = r->own_clock_.get();
    auto spidev = radio::linux::SpidevBus::open(
        {wiring.spi_device, wiring.spi_speed_hz, wiring.chip_select == radio::ChipSelect::kernel});
    if (!spidev) return to_error(spidev.error());
    if (!(*spidev)->warning().empty()) r->warnings_.push_back((*spidev)->warning());
    r->spidev_ = std::move(*spidev);
    bus = r->spidev_.get();
    if (wiring.chip_select == radio::ChipSelect::gpio) {
      auto nss = radio::linux::GpiodOutputLine::open(pin(*wiring.nss, "NSS"), /*initial_high=*/true);
      if (!nss) return to_error(nss.error());
      r->nss_ = std::move(*nss);
      r->cs_bus_ = std::make_unique<radio::GpioChipSelectBus>(*r->spidev_, *r->nss_);
      bus = r->cs_bus_.get();
    }
    if (wiring.reset) {
      // Released (high) until the driver pulses it: the chip keeps running meanwhile.
      auto line = radio::linux::GpiodOutputLine::open(pin(*wiring.reset, "RESET"), /*initial_high=*/true);
      if (!line) return to_error(line.error());
      r->reset_ = std::move(*line);
      reset = r->reset_.get();
    }
    auto dio0 = radio::linux::GpiodEdgeInputLine::open(pin(wiring.dio0, "DIO0"), *r->clock_);
    if (!dio0) return to_error(dio0.error());
    r->own_dio0_ = std::move(*dio0);
    r->dio0_ = r->own_dio0_.get();
  }

  if (options.record_writes) {
    r->recorder_ = std::make_unique<radio::RecordingSpiBus>(*bus);
    bus = r->recorder_.get();
  }
  r->driver_ = std::make_unique<radio::Sx1276>(
      radio::Sx1276Hardware{*bus, reset, *r->dio0_, *r->clock_},
      radio::Sx1276Options{"board file " + wiring.source, wiring.max_tx_power_dbm});
  return r;
}

}  // namespace onechan::board
