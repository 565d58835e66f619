// The byte tests and the checking copy of projections/json_bytes.h against
// the one-byte rule, for each special byte at every offset of strings up to
// 48 bytes: three 16-byte blocks, with every tail length after them.
#include <doctest/doctest.h>

#include <string>

#include "projections/json_bytes.h"

namespace rect::projections {
namespace {

std::size_t first_special_byte_by_byte(const std::string& s) {
  for (std::size_t i = 0; i < s.size(); ++i)
    if (is_json_special(static_cast<unsigned char>(s[i]))) return i;
  return s.size();
}

TEST_CASE("first_json_special_and_json_plain_agree_with_the_one_byte_test_at_every_offset") {
  for (std::size_t n = 0; n <= 48; ++n) {
    const std::string plain(n, 'a');
    CHECK(first_json_special(plain.data(), n) == n);
    CHECK(json_plain(plain.data(), n));
    for (std::size_t at = 0; at < n; ++at)
      for (char c : {'"', '\\', '\x00', '\x1f', '\n'}) {
        std::string s = plain;
        s[at] = c;
        CHECK_MESSAGE(first_json_special(s.data(), n) == at, "length " << n << " offset " << at);
        CHECK_FALSE_MESSAGE(json_plain(s.data(), n), "length " << n << " offset " << at);
        // A second special byte later never moves the answer.
        if (at + 1 < n) {
          s[n - 1] = '"';
          CHECK(first_json_special(s.data(), n) == first_special_byte_by_byte(s));
        }
      }
  }
}

TEST_CASE("copy_json_plain_copies_exactly_n_bytes_and_finds_a_special_byte_at_every_offset") {
  for (std::size_t n = 0; n <= 48; ++n) {
    std::string src;
    for (std::size_t i = 0; i < n; ++i) src.push_back(static_cast<char>('a' + i % 26));
    std::string dst(n + 1, '#');  // the byte after the copy must stay as it is
    CHECK(copy_json_plain(dst.data(), src.data(), n));
    CHECK(dst.substr(0, n) == src);
    CHECK(dst[n] == '#');
    for (std::size_t at = 0; at < n; ++at)
      for (char c : {'"', '\\', '\x00', '\x1f'}) {
        std::string bad = src;
        bad[at] = c;
        std::string out(n + 1, '#');
        CHECK_FALSE_MESSAGE(copy_json_plain(out.data(), bad.data(), n), "length " << n << " offset " << at);
        CHECK(out[n] == '#');
      }
  }
  // An empty view's data() may be null: nothing is read.
  char none = '#';
  CHECK(copy_json_plain(&none, nullptr, 0));
  CHECK(none == '#');
}

TEST_CASE("bytes_from_0x20_up_are_plain_and_utf8_passes") {
  std::string s;
  for (int c = 0x20; c <= 0xff; ++c)
    if (c != '"' && c != '\\') s.push_back(static_cast<char>(c));
  CHECK(json_plain(s.data(), s.size()));
  CHECK(first_json_special(s.data(), s.size()) == s.size());
}

}  // namespace
}  // namespace rect::projections
