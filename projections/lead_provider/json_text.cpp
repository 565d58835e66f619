#include "projections/lead_provider/json_text.h"

#include <charconv>
#include <cstring>

#include "projections/json_bytes.h"

namespace rect::projections::lead_provider {

namespace {

// Whether any of the n < 8 bytes at p must be escaped (has_json_special).
bool tail_has_json_special(const char* p, std::size_t n) {
  char word[8] = {'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a'};
  std::memcpy(word, p, n);
  return has_json_special(word);
}

}  // namespace

JsonText& JsonText::str(std::string_view v) {
  prefix();
  out_.push_back('"');
  std::size_t start = 0;
  while (start + 8 <= v.size() && !has_json_special(v.data() + start)) start += 8;
  if (start == v.size() || (v.size() - start < 8 && !tail_has_json_special(v.data() + start, v.size() - start))) {
    out_.append(v);  // most strings (ids, dates, names) need no escape: one copy
    out_.push_back('"');
    return *this;
  }
  std::size_t run = 0;
  for (std::size_t i = start; i < v.size(); ++i) {
    while (i + 8 <= v.size() && !has_json_special(v.data() + i)) i += 8;
    if (i == v.size()) break;
    const unsigned char c = static_cast<unsigned char>(v[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out_.append(v.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out_.append("\\\"", 2); break;
      case '\\': out_.append("\\\\", 2); break;
      case '\b': out_.append("\\b", 2); break;
      case '\f': out_.append("\\f", 2); break;
      case '\n': out_.append("\\n", 2); break;
      case '\r': out_.append("\\r", 2); break;
      case '\t': out_.append("\\t", 2); break;
      default: {
        static const char kHex[] = "0123456789abcdef";
        const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out_.append(esc, 6);
      }
    }
  }
  out_.append(v.data() + run, v.size() - run);
  out_.push_back('"');
  return *this;
}

template <class Int>
JsonText& JsonText::number(Int v) {
  prefix();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, static_cast<std::size_t>(r.ptr - buf));
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
