// The node image running in simavr with the SX1276 model on its pins: the unmodified onechan-node.elf,
// an ATmega328P at 16 MHz, the Dragino shield's wiring (boards/avr/dragino-lora-shield-v1.4.h).
//
//   SPI (SPDR)   -> Sx1276Model::exchange, its answer back into SPDR
//   PB2 (NSS)    -> Sx1276Model::select
//   PB1 (RST)    -> Sx1276Model::set_reset_pin (driven low, or released: the module pulls it up)
//   DIO0         -> PD2 / INT0
//   PD3 (mark)   -> cycle counts of "build and encrypt one uplink" (the firmware raises it around that)
//   UART0 TX     -> whole lines to a handler
//   ADC          -> the internal temperature sensor, Vcc and A0 from NodeInputs
//
// Time: the model's clock is the AVR's cycle counter (16 cycles per µs). Sleep is fast-forwarded: a
// sleeping AVR jumps to its next timer (the watchdog, or the model's next event such as TxDone), so an
// hour of uplinks takes well under a second.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "radio/sim/sx1276_model.hpp"

namespace onechan::node {

// What the MCU's analog inputs see.
struct NodeInputs {
  // The chip temperature; the harness turns it into the sensor voltage of the datasheet's typical curve
  // (242 mV at -45 degC, 314 mV at 25 degC, 380 mV at 85 degC).
  double temperature_c = 22.5;
  std::uint16_t vcc_mv = 5000;  // Vcc = AVcc
  std::uint16_t a0_mv = 1234;   // at A0
};

// One frame the node put on the air.
struct Uplink {
  radio::sim::Transmission transmission;
  std::uint64_t start_cycle = 0;
  // Cycles the firmware spent building and encrypting this frame (between the mark pin's edges); absent
  // when the pin did not toggle before this transmission.
  std::optional<std::uint64_t> build_cycles;
};

enum class StopReason {
  Requested,       // stop() was called
  CycleLimit,      // run()'s budget was used up
  FirmwareEnded,   // the firmware slept with interrupts off (simavr's cpu_Done)
  FirmwareCrashed  // simavr's cpu_Crashed (a bad instruction, the watchdog with nothing to catch it)
};
const char* stop_reason_name(StopReason reason);

class SimulatedNode {
 public:
  static constexpr std::uint32_t kCpuHz = 16'000'000;
  static constexpr std::size_t kEepromSize = 1024;

  // Loads the image. Throws std::runtime_error when the ELF cannot be read or simavr has no ATmega328P.
  explicit SimulatedNode(const std::string& elf_path, NodeInputs inputs = {});
  ~SimulatedNode();
  SimulatedNode(const SimulatedNode&) = delete;
  SimulatedNode& operator=(const SimulatedNode&) = delete;

  // Called at the start of every transmission, inside run().
  void on_uplink(std::function<void(const Uplink&)> handler);
  // Called with each complete UART line (without CR/LF), inside run().
  void on_uart_line(std::function<void(std::string_view)> handler);

  // Runs the AVR until a handler calls stop(), `max_cycles` more cycles have passed, or the firmware ends.
  StopReason run(std::uint64_t max_cycles);
  void stop();

  // An MCU reset (reset button, brown-out): registers and RAM start over, the EEPROM keeps its content
  // (saved and restored around the reset), the radio keeps its state (the firmware resets it itself).
  void reset();

  std::vector<std::uint8_t> eeprom() const;
  void load_eeprom(std::span<const std::uint8_t> bytes);  // at most kEepromSize bytes, from address 0

  // simavr's own diagnostics on stderr/stdout: 0 none, 1 errors (default), 2 warnings, 3 trace.
  void set_simavr_log_level(int level);

  // The deepest the stack has reached since start (or the last reset), in bytes below the top of RAM: the
  // RAM is filled with a pattern before the firmware starts and the lowest overwritten byte above .data
  // and .bss marks the stack's high-water mark.
  std::size_t stack_peak_bytes() const;
  // .data + .bss of the image, from its ELF.
  std::size_t static_ram_bytes() const;

  std::uint64_t cycle() const;
  std::uint64_t now_us() const;
  double now_seconds() const;
  radio::sim::Sx1276Model& radio();
  const std::vector<Uplink>& uplinks() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace onechan::node
