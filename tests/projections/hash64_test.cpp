// hash64's values are persisted as view fingerprints: these pin them, so that
// a change to the function (which would make every stored fingerprint look
// stale) cannot pass unnoticed.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <string_view>

#include "projections/hash64.h"
#include "projections/symbols.h"

namespace rect::projections {
namespace {

TEST_CASE("hash64_values_are_pinned_because_fingerprints_are_persisted") {
  CHECK(hash64("") == 0xc96f21ebf6290549ULL);
  CHECK(hash64("a") == 0x3b1009ca7c4a4f23ULL);
  CHECK(hash64("1234567") == 0xfae590da2eb68cf0ULL);
  CHECK(hash64("12345678") == 0x28cc91233c0a3054ULL);
  CHECK(hash64("0123456789abcdef") == 0x762b5e858d89a5fbULL);
  CHECK(hash64("7d7dd27e-c8e1-4ef5-a050-351880e13fc7") == 0xc8481ef774726a37ULL);
  CHECK(hash64("{\"a\":1}") == 0x0819a384730170d6ULL);
  CHECK(hash64("lp-ambition", 0x9e3779b97f4a7c15ULL) == 0x27629081e4b29c98ULL);
}

// The function as first written, a byte at a time: the word loads must give
// the same values.
std::uint64_t hash64_byte_by_byte(std::string_view bytes, std::uint64_t seed) {
  const auto mix = [](std::uint64_t a, std::uint64_t b) {
    const unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
    return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
  };
  const auto load = [](const char* p, std::size_t n) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    return v;
  };
  constexpr std::uint64_t k0 = 0xa0761d6478bd642fULL, k1 = 0xe7037ed1a0b428dbULL, k2 = 0x8ebc6af09c88c6e3ULL;
  std::uint64_t h = seed ^ mix(seed ^ k0, k1) ^ bytes.size();
  std::size_t i = 0;
  for (; i + 16 <= bytes.size(); i += 16) h = mix(load(bytes.data() + i, 8) ^ k1, load(bytes.data() + i + 8, 8) ^ h);
  std::uint64_t a = 0;
  if (i + 8 <= bytes.size()) {
    a = load(bytes.data() + i, 8);
    i += 8;
  }
  const std::uint64_t b = load(bytes.data() + i, bytes.size() - i);
  return mix(k2 ^ bytes.size(), mix(a ^ k1, b ^ h));
}

TEST_CASE("hash64_gives_the_byte_by_byte_values_for_every_length_and_byte") {
  std::mt19937_64 rng(7);
  for (std::size_t n = 0; n <= 70; ++n)
    for (int round = 0; round < 20; ++round) {
      std::string s(n, '\0');
      for (char& c : s) c = static_cast<char>(rng());
      const std::uint64_t seed = round == 0 ? 0 : rng();
      CHECK_MESSAGE(hash64(s, seed) == hash64_byte_by_byte(s, seed), "length " << n);
    }
}

TEST_CASE("hash64_sees_every_byte_of_every_length") {
  // Flipping any one byte of any length up to 40 changes the hash: each tail
  // and block path reads all its bytes.
  for (std::size_t n = 1; n <= 40; ++n) {
    std::string s(n, 'x');
    const std::uint64_t base = hash64(s);
    for (std::size_t i = 0; i < n; ++i) {
      std::string t = s;
      t[i] = 'y';
      CHECK_MESSAGE(hash64(t) != base, "length " << n << ", byte " << i);
    }
    CHECK(hash64(std::string(n + 1, 'x')) != base);
  }
}

TEST_CASE("string_hash_agrees_for_strings_and_views") {
  const std::string id = "7d7dd27e-c8e1-4ef5-a050-351880e13fc7";
  CHECK(StringHash{}(id) == StringHash{}(std::string_view(id)));
  CHECK(StringHash{}(id) == hash64(id));
}

}  // namespace
}  // namespace rect::projections
