# Strict warnings for the project's own targets only (never for third-party headers).
# -Werror is on for the main (GCC) build; the clang sanitizer/fuzz build turns it off with
# -DONECHAN_WERROR=OFF so that a clang-only diagnostic shows up as a warning instead of hiding the test run.
option(ONECHAN_WERROR "Treat warnings in Onechan's own code as errors" ON)
function(onechan_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
  if(ONECHAN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
