// Randomness from the operating system's CSPRNG (libsodium's randombytes), and the one place
// libsodium is initialized. Thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace storage {

// Runs sodium_init() once per process (std::call_once); later calls return at once. Every
// function in crypto/ calls it itself; call it before any other libsodium use (it selects the
// fast Argon2 and hash implementations for this CPU). Aborts the process when libsodium cannot
// initialize, as its documentation demands.
void ensure_sodium_initialized();

// Fills `out` with unpredictable bytes.
void random_bytes(std::span<std::uint8_t> out);

template <std::size_t N>
std::array<std::uint8_t, N> random_array() {
  std::array<std::uint8_t, N> out{};
  random_bytes(out);
  return out;
}

}  // namespace storage
