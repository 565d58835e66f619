#include "projections/lead_provider/json_text.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "projections/json_bytes.h"

namespace rect::projections::lead_provider {

void JsonText::grow(std::size_t n) {
  // Doubling: resize() fills the bytes it adds, so the room grows with the
  // text rather than to the string's whole capacity at once.
  out_.resize(std::max({len_ + n, 2 * out_.size(), std::size_t{128}}));
}

JsonText& JsonText::str(std::string_view v) {
  prefix();
  if (json_plain(v.data(), v.size())) {
    // Most strings (ids, dates, names) need no escape: one copy.
    char* d = room(v.size() + 2);
    d[0] = '"';
    if (!v.empty()) std::memcpy(d + 1, v.data(), v.size());  // an empty view's data() may be null
    d[v.size() + 1] = '"';
    len_ += v.size() + 2;
    return *this;
  }
  // At most six bytes for each byte, and the quotes.
  char* const begin = room(6 * v.size() + 2);
  char* d = begin;
  *d++ = '"';
  for (std::size_t i = 0; i < v.size(); ++i) {
    std::size_t plain = i;
    while (plain + 8 <= v.size() && !has_json_special(v.data() + plain)) plain += 8;
    if (plain != i) {
      std::memcpy(d, v.data() + i, plain - i);
      d += plain - i;
      i = plain;
      if (i == v.size()) break;
    }
    const unsigned char c = static_cast<unsigned char>(v[i]);
    if (!is_json_special(c)) {
      *d++ = static_cast<char>(c);
      continue;
    }
    *d++ = '\\';
    switch (c) {
      case '"': *d++ = '"'; break;
      case '\\': *d++ = '\\'; break;
      case '\b': *d++ = 'b'; break;
      case '\f': *d++ = 'f'; break;
      case '\n': *d++ = 'n'; break;
      case '\r': *d++ = 'r'; break;
      case '\t': *d++ = 't'; break;
      default: {
        static const char kHex[] = "0123456789abcdef";
        const char esc[5] = {'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        std::memcpy(d, esc, 5);
        d += 5;
      }
    }
  }
  *d++ = '"';
  len_ += static_cast<std::size_t>(d - begin);
  return *this;
}

template <class Int>
JsonText& JsonText::number(Int v) {
  prefix();
  char* d = room(24);
  auto r = std::to_chars(d, d + 24, v);
  len_ += static_cast<std::size_t>(r.ptr - d);
  return *this;
}

JsonText& JsonText::integer(std::int64_t v) { return number(v); }
JsonText& JsonText::unsigned_integer(std::uint64_t v) { return number(v); }

namespace {

std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
  const unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
  return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
}

// Little-endian on every platform, so the value does not depend on the host.
std::uint64_t load64(const char* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

}  // namespace

std::uint64_t hash64(std::string_view bytes, std::uint64_t seed) {
  constexpr std::uint64_t k0 = 0xa0761d6478bd642fULL, k1 = 0xe7037ed1a0b428dbULL, k2 = 0x8ebc6af09c88c6e3ULL;
  std::uint64_t h = seed ^ mix(seed ^ k0, k1) ^ bytes.size();
  const char* p = bytes.data();
  std::size_t n = bytes.size();
  while (n >= 16) {
    h = mix(load64(p) ^ k1, load64(p + 8) ^ h);
    p += 16;
    n -= 16;
  }
  std::uint64_t a = 0, b = 0;
  if (n >= 8) {
    a = load64(p);
    p += 8;
    n -= 8;
  }
  for (std::size_t i = 0; i < n; ++i) b |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return mix(k2 ^ bytes.size(), mix(a ^ k1, b ^ h));
}

}  // namespace rect::projections::lead_provider
