#include "simulated_node.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <utility>

extern "C" {
#include <avr_adc.h>
#include <avr_eeprom.h>
#include <avr_extint.h>
#include <avr_ioport.h>
#include <avr_spi.h>
#include <avr_uart.h>
#include <sim_avr.h>
#include <sim_elf.h>
#include <sim_io.h>
#include <sim_irq.h>

// simavr's table of MCU makers (sim_core_decl.h). Looked up directly because avr_make_mcu_by_name() prints
// a banner on stdout, which is the harness's output channel.
extern avr_kind_t* avr_kind[];
}

namespace onechan::node {

namespace {

constexpr std::uint64_t kCyclesPerUs = SimulatedNode::kCpuHz / 1'000'000;

// Pins of boards/avr/dragino-lora-shield-v1.4.h.
constexpr int kNssPin = 2;   // PB2
constexpr int kRstPin = 1;   // PB1
constexpr int kDio0Pin = 2;  // PD2 / INT0
constexpr int kMarkPin = 3;  // PD3

// libsimavr prints banners on stdout while it loads an image ("Loaded 7354 .text ..."); stdout is the
// harness's output channel, so they go to /dev/null for that moment.
class StdoutSilenced {
 public:
  StdoutSilenced() {
    std::fflush(stdout);
    saved_ = dup(STDOUT_FILENO);
    int null = open("/dev/null", O_WRONLY);
    if (saved_ >= 0 && null >= 0) dup2(null, STDOUT_FILENO);
    if (null >= 0) close(null);
  }
  ~StdoutSilenced() {
    std::fflush(stdout);
    if (saved_ >= 0) {
      dup2(saved_, STDOUT_FILENO);
      close(saved_);
    }
  }
  StdoutSilenced(const StdoutSilenced&) = delete;
  StdoutSilenced& operator=(const StdoutSilenced&) = delete;

 private:
  int saved_ = -1;
};

// elf_read_firmware's allocations; simavr has no function to release them.
void free_firmware(elf_firmware_t& firmware) {
  std::free(firmware.flash);
  std::free(firmware.eeprom);
  std::free(firmware.fuse);
  std::free(firmware.lockbits);
#if ELF_SYMBOLS
  for (std::uint32_t i = 0; i < firmware.symbolcount; ++i) std::free(firmware.symbol[i]);
  std::free(firmware.symbol);
#endif
  firmware = elf_firmware_t{};
}

avr_t* make_atmega328p() {
  for (int i = 0; avr_kind[i] != nullptr; ++i) {
    for (int j = 0; j < 4 && avr_kind[i]->names[j] != nullptr; ++j) {
      if (std::strcmp(avr_kind[i]->names[j], "atmega328p") == 0) return avr_kind[i]->make();
    }
  }
  return nullptr;
}

// Typical curve of the ATmega328P datasheet (table 24-2), piecewise linear around 25 degC.
std::uint32_t temperature_sensor_mv(double celsius) {
  double mv =
      celsius < 25.0 ? 314.0 + (celsius - 25.0) * 72.0 / 70.0 : 314.0 + (celsius - 25.0) * 66.0 / 60.0;
  return static_cast<std::uint32_t>(std::max(0.0, mv + 0.5));
}

}  // namespace

// libsimavr 1.6 never frees what it allocates for an MCU's IRQs (avr_init_irq, avr_irq_register_notify), not
// even in avr_terminate. Under LeakSanitizer (the ONECHAN_SANITIZE build) those would fail every program
// that runs a node; report leaks everywhere else as usual.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libsimavr.so\n";
}

const char* stop_reason_name(StopReason reason) {
  switch (reason) {
    case StopReason::Requested:
      return "requested";
    case StopReason::CycleLimit:
      return "cycle_limit";
    case StopReason::FirmwareEnded:
      return "firmware_ended";
    case StopReason::FirmwareCrashed:
      return "firmware_crashed";
  }
  return "unknown";
}

struct SimulatedNode::Impl {
  avr_t* avr = nullptr;
  NodeInputs inputs;
  radio::sim::Sx1276Model model;
  std::function<void(const Uplink&)> uplink_handler;
  std::function<void(std::string_view)> uart_handler;
  std::vector<Uplink> uplinks;
  std::string uart_line;
  bool stop_requested = false;

  // Port B as the firmware set it. NSS and RST are outputs when driven; released, the radio module pulls
  // both up (RST through its internal pull-up, NSS through the shield's level shifter input).
  std::uint8_t port_b_ddr = 0;
  std::uint8_t port_b_out = 0;
  bool nss_low = false;
  bool rst_low = false;
  std::optional<std::uint64_t> mark_rise_cycle;
  std::optional<std::uint64_t> pending_build_cycles;

  avr_irq_t* spi_input = nullptr;
  avr_irq_t* dio0 = nullptr;
  std::size_t static_ram = 0;  // .data + .bss

  static constexpr std::uint8_t kPaint = 0xA5;
  static constexpr std::uint16_t kRamStart = 0x100;  // ATmega328P: SRAM after the 256 I/O addresses
  void paint_ram() {
    for (std::uint32_t a = kRamStart; a <= avr->ramend; ++a) avr->data[a] = kPaint;
  }
  std::size_t stack_peak() const {
    std::uint32_t a = kRamStart + static_cast<std::uint32_t>(static_ram);
    while (a <= avr->ramend && avr->data[a] == kPaint) ++a;
    return avr->ramend + 1 - a;
  }

  explicit Impl(NodeInputs in) : inputs(in), model(radio::sim::ModelOptions{}, [this] { return now_us(); }) {}

  // The model reads the clock while it is constructed, before the AVR exists.
  std::uint64_t now_us() const { return avr != nullptr ? avr->cycle / kCyclesPerUs : 0; }

  // --- the model's next event as a simavr cycle timer, so sleep fast-forwards to it ---
  static avr_cycle_count_t on_model_timer(avr_t*, avr_cycle_count_t, void* param) {
    auto* self = static_cast<Impl*>(param);
    self->model.advance_to(self->now_us());
    self->schedule_model_event();
    return 0;
  }
  void schedule_model_event() {
    avr_cycle_timer_cancel(avr, &Impl::on_model_timer, this);
    if (auto at_us = model.next_event_time()) {
      std::uint64_t at_cycle = *at_us * kCyclesPerUs;
      avr_cycle_timer_register(avr, at_cycle > avr->cycle ? at_cycle - avr->cycle : 1, &Impl::on_model_timer,
                               this);
    }
  }

  // --- pins and peripherals ---
  static void on_spi_output(avr_irq_t*, uint32_t value, void* param) {
    auto* self = static_cast<Impl*>(param);
    std::uint8_t miso = self->model.exchange(static_cast<std::uint8_t>(value));
    avr_raise_irq(self->spi_input, miso);
    self->schedule_model_event();
  }
  bool driven_low(int pin) const {
    std::uint8_t bit = static_cast<std::uint8_t>(1u << pin);
    return (port_b_ddr & bit) != 0 && (port_b_out & bit) == 0;
  }
  // Applies NSS and RST edges to the model; RST first, so a chip coming out of reset sees the select.
  void update_port_b() {
    bool rst = driven_low(kRstPin);
    if (rst != rst_low) {
      rst_low = rst;
      model.set_reset_pin(!rst);
    }
    bool nss = driven_low(kNssPin);
    if (nss != nss_low) {
      nss_low = nss;
      model.select(nss);
    }
    schedule_model_event();
  }
  static void on_port_b_register(avr_irq_t*, uint32_t value, void* param) {
    auto* self = static_cast<Impl*>(param);
    self->port_b_out = static_cast<std::uint8_t>(value);
    self->update_port_b();
  }
  static void on_port_b_direction(avr_irq_t*, uint32_t value, void* param) {
    auto* self = static_cast<Impl*>(param);
    self->port_b_ddr = static_cast<std::uint8_t>(value);
    self->update_port_b();
  }
  static void on_mark(avr_irq_t*, uint32_t value, void* param) {
    auto* self = static_cast<Impl*>(param);
    if (value != 0) {
      self->mark_rise_cycle = self->avr->cycle;
    } else if (self->mark_rise_cycle) {
      self->pending_build_cycles = self->avr->cycle - *self->mark_rise_cycle;
      self->mark_rise_cycle.reset();
    }
  }
  static void on_uart(avr_irq_t*, uint32_t value, void* param) {
    auto* self = static_cast<Impl*>(param);
    char c = static_cast<char>(value);
    if (c == '\n') {
      if (self->uart_handler) self->uart_handler(self->uart_line);
      self->uart_line.clear();
    } else if (c != '\r') {
      self->uart_line.push_back(c);
    }
  }
  // simavr asks for the analog value just before each conversion.
  static void on_adc_trigger(avr_irq_t* irq, uint32_t, void* param) {
    auto* self = static_cast<Impl*>(param);
    avr_irq_t* adc = irq - ADC_IRQ_OUT_TRIGGER;  // the module's IRQs are one array
    avr_raise_irq(adc + ADC_IRQ_ADC0, self->inputs.a0_mv);
    avr_raise_irq(adc + ADC_IRQ_TEMP, temperature_sensor_mv(self->inputs.temperature_c));
  }

  void on_transmit(const radio::sim::Transmission& tx) {
    Uplink up{tx, avr->cycle, pending_build_cycles};
    pending_build_cycles.reset();
    uplinks.push_back(up);
    if (uplink_handler) uplink_handler(uplinks.back());
  }

  // IRQ hooks survive avr_reset(); they are registered once.
  void hook() {
    spi_input = avr_io_getirq(avr, AVR_IOCTL_SPI_GETIRQ(0), SPI_IRQ_INPUT);
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_SPI_GETIRQ(0), SPI_IRQ_OUTPUT), &Impl::on_spi_output,
                            this);
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('B'), IOPORT_IRQ_REG_PORT),
                            &Impl::on_port_b_register, this);
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('B'), IOPORT_IRQ_DIRECTION_ALL),
                            &Impl::on_port_b_direction, this);
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('D'), kMarkPin), &Impl::on_mark, this);
    dio0 = avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('D'), kDio0Pin);
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUTPUT), &Impl::on_uart,
                            this);
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_ADC_GETIRQ, ADC_IRQ_OUT_TRIGGER),
                            &Impl::on_adc_trigger, this);
  }

  // State that a reset puts back to its defaults: supply voltages, the UART's console flags, the model's
  // timer (simavr's reset drops cycle timers), the pins we track and the DIO0 level the AVR sees.
  void after_reset() {
    // simavr 1.6 polls a low INTx pin every cycle while INTx is in its (reset default) low-level mode,
    // whether or not the interrupt is enabled ("strict" level triggering), and its reset turns that back
    // on. The mark pin PD3 is INT1's pin and rests low: the polling would defeat the sleep fast-forward.
    // The firmware uses neither level mode (INT0 is on the rising edge, INT1 is off).
    avr_extint_set_strict_lvl_trig(avr, 0, 0);
    avr_extint_set_strict_lvl_trig(avr, 1, 0);
    avr->vcc = avr->avcc = inputs.vcc_mv;
    avr->aref = inputs.vcc_mv;
    // Lines go to our handler, not to simavr's console printer; and no real-time pauses while the
    // firmware polls the UART.
    std::uint32_t flags = 0;
    avr_ioctl(avr, AVR_IOCTL_UART_GET_FLAGS('0'), &flags);
    flags &= ~static_cast<std::uint32_t>(AVR_UART_FLAG_STDIO | AVR_UART_FLAG_POLL_SLEEP);
    avr_ioctl(avr, AVR_IOCTL_UART_SET_FLAGS('0'), &flags);
    // The reset zeroed DDRB and PORTB, but simavr's IRQs remember their last values and only report
    // changes: bring them to 0 too, or a firmware writing the same DDRB as before the reset goes unseen.
    avr_raise_irq(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('B'), IOPORT_IRQ_DIRECTION_ALL), 0);
    avr_raise_irq(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('B'), IOPORT_IRQ_REG_PORT), 0);
    avr_raise_irq(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('D'), kMarkPin), 0);
    port_b_ddr = 0;
    port_b_out = 0;
    update_port_b();
    // The reset cleared the PIN register but not the IRQ's last value: replay a high DIO0. (A low one is not
    // raised: in the reset default INT0 mode, low level, simavr would poll the pin every cycle until the
    // firmware picks the edge mode.)
    if (model.dio0()) {
      avr_raise_irq(dio0, 0);
      avr_raise_irq(dio0, 1);
    }
    uart_line.clear();
    mark_rise_cycle.reset();
    pending_build_cycles.reset();
  }

  std::uint8_t* eeprom_memory() const {
    // With a null buffer simavr hands out a pointer to its EEPROM (its copying form refuses a whole-EEPROM
    // range, and prints on stdout).
    avr_eeprom_desc_t desc{};
    avr_ioctl(avr, AVR_IOCTL_EEPROM_GET, &desc);
    if (desc.ee == nullptr) throw std::runtime_error("simavr: no EEPROM on this MCU");
    return desc.ee;
  }
};

SimulatedNode::SimulatedNode(const std::string& elf_path, NodeInputs inputs)
    : impl_(std::make_unique<Impl>(inputs)) {
  elf_firmware_t firmware{};
  int read_result = 0;
  {
    StdoutSilenced quiet;
    read_result = elf_read_firmware(elf_path.c_str(), &firmware);
  }
  if (read_result != 0) throw std::runtime_error("cannot read the node image " + elf_path);
  avr_t* avr = make_atmega328p();
  if (avr == nullptr) throw std::runtime_error("this libsimavr has no atmega328p");
  impl_->avr = avr;
  avr_init(avr);
  avr->log = LOG_ERROR;
  std::strncpy(firmware.mmcu, "atmega328p", sizeof firmware.mmcu - 1);
  firmware.frequency = kCpuHz;
  {
    StdoutSilenced quiet;
    avr_load_firmware(avr, &firmware);
  }
  impl_->static_ram = firmware.datasize + firmware.bsssize;
  free_firmware(firmware);  // avr_load_firmware copied what it needs
  impl_->paint_ram();
  avr->frequency = kCpuHz;
  // Fast-forward sleep: simavr's default sleeps in real time.
  avr->sleep = [](avr_t*, avr_cycle_count_t) {};

  impl_->model.set_dio_handler([this](int dio, bool level, std::uint64_t) {
    if (dio == 0) avr_raise_irq(impl_->dio0, level ? 1 : 0);
  });
  impl_->model.set_transmit_handler([this](const radio::sim::Transmission& tx) { impl_->on_transmit(tx); });
  impl_->hook();
  impl_->after_reset();
}

SimulatedNode::~SimulatedNode() {
  if (impl_ && impl_->avr != nullptr) {
    avr_terminate(impl_->avr);
    std::free(impl_->avr);
  }
}

void SimulatedNode::on_uplink(std::function<void(const Uplink&)> handler) {
  impl_->uplink_handler = std::move(handler);
}

void SimulatedNode::on_uart_line(std::function<void(std::string_view)> handler) {
  impl_->uart_handler = std::move(handler);
}

StopReason SimulatedNode::run(std::uint64_t max_cycles) {
  impl_->stop_requested = false;
  avr_t* avr = impl_->avr;
  const std::uint64_t limit = avr->cycle + max_cycles;
  for (;;) {
    int state = avr_run(avr);
    if (state == cpu_Done) return StopReason::FirmwareEnded;
    if (state == cpu_Crashed) return StopReason::FirmwareCrashed;
    if (impl_->stop_requested) return StopReason::Requested;
    if (avr->cycle >= limit) return StopReason::CycleLimit;
  }
}

void SimulatedNode::stop() {
  impl_->stop_requested = true;
}

void SimulatedNode::reset() {
  std::vector<std::uint8_t> saved = eeprom();
  avr_reset(impl_->avr);
  impl_->paint_ram();
  load_eeprom(saved);
  impl_->after_reset();
}

std::vector<std::uint8_t> SimulatedNode::eeprom() const {
  const std::uint8_t* memory = impl_->eeprom_memory();
  return {memory, memory + kEepromSize};
}

void SimulatedNode::load_eeprom(std::span<const std::uint8_t> bytes) {
  if (bytes.size() > kEepromSize) throw std::length_error("EEPROM image larger than 1024 bytes");
  std::copy(bytes.begin(), bytes.end(), impl_->eeprom_memory());
}

void SimulatedNode::set_simavr_log_level(int level) {
  impl_->avr->log = static_cast<std::uint8_t>(level & 0x0F);
}

std::size_t SimulatedNode::stack_peak_bytes() const {
  return impl_->stack_peak();
}
std::size_t SimulatedNode::static_ram_bytes() const {
  return impl_->static_ram;
}

std::uint64_t SimulatedNode::cycle() const {
  return impl_->avr->cycle;
}
std::uint64_t SimulatedNode::now_us() const {
  return impl_->now_us();
}
double SimulatedNode::now_seconds() const {
  return static_cast<double>(impl_->avr->cycle) / kCpuHz;
}
radio::sim::Sx1276Model& SimulatedNode::radio() {
  return impl_->model;
}
const std::vector<Uplink>& SimulatedNode::uplinks() const {
  return impl_->uplinks;
}

}  // namespace onechan::node
