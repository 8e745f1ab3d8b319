# Strict warnings for the project's own targets only (never for third-party headers).
function(onechan_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror -Wshadow -Wconversion
                                           -Wno-sign-conversion)
endfunction()
