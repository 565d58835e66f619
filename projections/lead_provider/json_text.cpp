#include "projections/lead_provider/json_text.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "projections/json_bytes.h"

namespace rect::projections::lead_provider {

void JsonText::grow(std::size_t n) {
  // Doubling: resize() fills the bytes it adds, so the room grows with the
  // text rather than to a large string's whole capacity at once. A string
  // that is reused (cleared, its capacity kept) takes up to 1 KiB of that
  // capacity at the first write, not 128 bytes and three more doublings.
  out_.resize(std::max({len_ + n, 2 * out_.size(), std::min(out_.capacity(), std::size_t{1024}), std::size_t{128}}));
}

JsonText& JsonText::escaped(std::string_view v) {
  // At most six bytes for each byte, and the quotes.
  char* const begin = room(6 * v.size() + 2);
  char* d = begin;
  *d++ = '"';
  for (std::size_t i = 0; i < v.size(); ++i) {
    // The plain run up to the next byte to escape, copied as it is.
    const std::size_t plain = i + first_json_special(v.data() + i, v.size() - i);
    if (plain != i) {
      std::memcpy(d, v.data() + i, plain - i);
      d += plain - i;
      i = plain;
      if (i == v.size()) break;
    }
    const unsigned char c = static_cast<unsigned char>(v[i]);
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

}  // namespace rect::projections::lead_provider
