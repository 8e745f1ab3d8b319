# CMake toolchain file for avr-gcc (Debian: gcc-avr, binutils-avr, avr-libc). Used by the node firmware
# (node/firmware), which the top-level build drives as an ExternalProject; standalone:
#   cmake -S node/firmware -B build-avr -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/avr-gcc.cmake
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR avr)

find_program(AVR_GCC avr-gcc)
find_program(AVR_OBJCOPY avr-objcopy)
find_program(AVR_SIZE avr-size)
if(NOT AVR_GCC OR NOT AVR_OBJCOPY OR NOT AVR_SIZE)
  message(FATAL_ERROR "avr-gcc, avr-objcopy and avr-size are needed (Debian: gcc-avr binutils-avr avr-libc)")
endif()
set(CMAKE_C_COMPILER ${AVR_GCC})
set(CMAKE_ASM_COMPILER ${AVR_GCC})
set(CMAKE_OBJCOPY ${AVR_OBJCOPY} CACHE FILEPATH "objcopy for the AVR")

set(AVR_MCU atmega328p CACHE STRING "avr-gcc -mmcu value")
set(AVR_F_CPU 16000000 CACHE STRING "CPU clock in Hz (F_CPU)")

# No host libraries or headers may leak into the image.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
# A test executable cannot run on the build machine: check the compiler by building a static library.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CMAKE_C_FLAGS_INIT "-mmcu=${AVR_MCU} -DF_CPU=${AVR_F_CPU}UL")
set(CMAKE_ASM_FLAGS_INIT "-mmcu=${AVR_MCU}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-mmcu=${AVR_MCU}")
