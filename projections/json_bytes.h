// has_json_special: whether any of 8 bytes is one a JSON string cannot hold
// as it is (a control character, '"' or '\\'), tested on all 8 at once. The
// JSON readers and writers of the projections skip through plain text with
// it. is_json_special: the same test of one byte. json_plain: whether a
// whole string holds none of those bytes, and first_json_special: where the
// first of them is, both 16 bytes at a time where SSE2 is there;
// copy_json_plain: a copy that makes the same check on the way.
//
// Thread-safety: pure functions.
//
// Usage:
//   while (i + 8 <= s.size() && !has_json_special(s.data() + i)) i += 8;
//   if (json_plain(s.data(), s.size())) out.append(s);
//   std::size_t end = i + first_json_special(s.data() + i, s.size() - i);
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace rect::projections {

// Whether one byte must be escaped in a JSON string.
inline bool is_json_special(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

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

#if defined(__SSE2__)
// Bit i set when byte i of x must be escaped.
inline unsigned json_special_bits(__m128i x) {
  const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1f)), x);  // x <= 0x1f
  const __m128i quote = _mm_cmpeq_epi8(x, _mm_set1_epi8('"'));
  const __m128i backslash = _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'));
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(quote, backslash))));
}

// Bit i set when p[i] must be escaped, for the 16 bytes at p.
inline unsigned json_special_mask16(const char* p) {
  return json_special_bits(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}
#endif

// The offset of the first of the n bytes at p that must be escaped in a JSON
// string, or n when there is none.
inline std::size_t first_json_special(const char* p, std::size_t n) {
  std::size_t i = 0;
#if defined(__SSE2__)
  for (; i + 16 <= n; i += 16)
    if (const unsigned m = json_special_mask16(p + i)) return i + static_cast<std::size_t>(__builtin_ctz(m));
#endif
  for (; i + 8 <= n; i += 8)
    if (has_json_special(p + i)) break;
  // Fewer than 8 bytes left after whole words: one word ending at the last
  // byte (overlapping the one before) says whether any of them is special.
  if (i < n && i + 8 > n && n >= 8 && !has_json_special(p + n - 8)) return n;
  for (; i < n; ++i)
    if (is_json_special(static_cast<unsigned char>(p[i]))) return i;
  return n;
}

// Whether none of the n bytes at p must be escaped in a JSON string.
inline bool json_plain(const char* p, std::size_t n) { return first_json_special(p, n) == n; }

// Copies the n bytes at p to d (which must not overlap them) and says
// whether none of them must be escaped; when one must, what was copied is to
// be written over. One pass, 16 bytes at a time where SSE2 is there, the last
// block overlapping the one before; it never touches d[n] or beyond.
inline bool copy_json_plain(char* d, const char* p, std::size_t n) {
#if defined(__SSE2__)
  if (n >= 16) {
    unsigned special = 0;
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      special |= json_special_bits(x);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(d + i), x);
    }
    if (i != n) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16));
      special |= json_special_bits(x);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(d + n - 16), x);
    }
    return special == 0;
  }
#endif
  if (n >= 8) {
    if (!json_plain(p, n)) return false;
    std::memcpy(d, p, n);
    return true;
  }
  bool plain = true;
  for (std::size_t i = 0; i < n; ++i) {
    d[i] = p[i];
    plain &= !is_json_special(static_cast<unsigned char>(p[i]));
  }
  return plain;
}

}  // namespace rect::projections
