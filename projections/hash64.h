// hash64: a 64-bit hash of bytes, 16 at a time (two 64-bit words folded by a
// 128-bit multiply). Its values are persisted (a lead provider view's
// fingerprints), so they are fixed: the same on every build and platform, and
// tests/projections/hash64_test.cpp pins them.
//
// It also hashes the projections' in-memory tables (StringHash in symbols.h),
// where its speed on 36-byte UUIDs matters more than std::hash's generality.
//
// Thread-safety: pure.
//
// Usage:
//   std::uint64_t fp = rect::projections::hash64(text);
//   std::uint64_t both = rect::projections::hash64(second, hash64(first));
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace rect::projections {

namespace hash64_detail {

inline std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
  const unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
  return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
}

// Little-endian on every platform, so the value does not depend on the host.
inline std::uint64_t load64(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}

inline std::uint64_t load32(const char* p) {
  std::uint32_t v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap32(v);
  return v;
}

// The n < 8 bytes at p, little-endian: two overlapping loads (or three single
// bytes), which put each byte where a byte-by-byte loop would.
inline std::uint64_t load_tail(const char* p, std::size_t n) {
  if (n >= 4) return load32(p) | (load32(p + n - 4) << (8 * (n - 4)));
  if (n == 0) return 0;
  const auto byte = [p](std::size_t i) { return static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])); };
  return byte(0) | (byte(n / 2) << (8 * (n / 2))) | (byte(n - 1) << (8 * (n - 1)));
}

}  // namespace hash64_detail

inline std::uint64_t hash64(std::string_view bytes, std::uint64_t seed = 0) {
  using hash64_detail::load64;
  using hash64_detail::load_tail;
  using hash64_detail::mix;
  constexpr std::uint64_t k0 = 0xa0761d6478bd642fULL, k1 = 0xe7037ed1a0b428dbULL, k2 = 0x8ebc6af09c88c6e3ULL;
  std::uint64_t h = seed ^ mix(seed ^ k0, k1) ^ bytes.size();
  const char* p = bytes.data();
  std::size_t n = bytes.size();
  while (n >= 16) {
    h = mix(load64(p) ^ k1, load64(p + 8) ^ h);
    p += 16;
    n -= 16;
  }
  std::uint64_t a = 0, b;
  if (n >= 8) {
    a = load64(p);
    p += 8;
    n -= 8;
  }
  b = load_tail(p, n);
  return mix(k2 ^ bytes.size(), mix(a ^ k1, b ^ h));
}

}  // namespace rect::projections
