// has_json_special: whether any of 8 bytes is one a JSON string cannot hold
// as it is (a control character, '"' or '\\'), tested on all 8 at once. The
// JSON readers and writers of the projections skip through plain text with it.
//
// Thread-safety: a pure function.
//
// Usage:
//   while (i + 8 <= s.size() && !has_json_special(s.data() + i)) i += 8;
#pragma once

#include <cstdint>
#include <cstring>

namespace rect::projections {

inline bool has_json_special(const char* p) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
  std::uint64_t x;
  std::memcpy(&x, p, sizeof x);
  const std::uint64_t quote = x ^ (kOnes * '"'), backslash = x ^ (kOnes * '\\');
  const std::uint64_t below_space = (x - kOnes * 0x20) & ~x;
  const std::uint64_t zero_quote = (quote - kOnes) & ~quote;
  const std::uint64_t zero_backslash = (backslash - kOnes) & ~backslash;
  return ((below_space | zero_quote | zero_backslash) & kHighs) != 0;
}

}  // namespace rect::projections
