// SHA-256 (FIPS 180-4), for storing API tokens as hashes only.
//
// Thread-safety: pure function.
//
// Usage:
//   std::string hex = sha256_hex("secret");   // 64 lower-case hex digits
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace rect::api {

std::array<std::uint8_t, 32> sha256(std::string_view data);
std::string sha256_hex(std::string_view data);
// Compares two strings in time that depends only on their lengths.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace rect::api
