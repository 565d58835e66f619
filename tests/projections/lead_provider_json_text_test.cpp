// JsonText, the writer the lead provider views render with: its strings must
// be byte-for-byte what nlohmann::json::dump() writes, since views rendered
// by either are compared by fingerprint. The string writer skips 8 bytes at a
// time when none needs escaping, so every escapable byte is tried at every
// offset of an 8-byte word.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "projections/lead_provider/json_text.h"

namespace rect::testing {
namespace {

using projections::lead_provider::JsonText;

std::string written(const std::string& s) {
  std::string out;
  JsonText(out).str(s);
  return out;
}

TEST_CASE("json_text_str_escapes_each_special_byte_at_every_offset_as_nlohmann_dumps_it") {
  std::string specials;
  for (int c = 0; c < 0x20; ++c) specials.push_back(static_cast<char>(c));
  specials += "\"\\\x7f !/";
  for (std::size_t len = 1; len <= 24; ++len)
    for (std::size_t at = 0; at < len; ++at)
      for (char c : specials) {
        std::string s(len, 'a');
        s[at] = c;
        CHECK_MESSAGE(written(s) == nlohmann::json(s).dump(), "length " << len << " offset " << at << " byte " << int(c));
      }
}

TEST_CASE("json_text_str_passes_utf8_through_as_nlohmann_dumps_it") {
  const std::string s = "Zoë O'Brien — Ysgol Gymraeg \xF0\x9F\x8E\x93 \"quoted\"\tand\\more";
  CHECK(written(s) == nlohmann::json(s).dump());
  CHECK(written("") == "\"\"");
}

TEST_CASE("json_text_str_matches_nlohmann_on_random_strings") {
  std::mt19937_64 rng(20261204);
  const std::vector<std::string> pieces = {"a", "b", "X", "0", "9", "-", "_", ":", "@", ".", " ", "\"", "\\", "/",
                                           "\x01", "\x1f", "\n", "\r", "\t", "\b", "\f", "\x7f", "\xC3\xA9", "\xE2\x80\x94"};
  for (int round = 0; round < 2000; ++round) {
    std::string s;
    const std::size_t len = rng() % 40;
    for (std::size_t i = 0; i < len; ++i) s += pieces[rng() % pieces.size()];
    CHECK(written(s) == nlohmann::json(s).dump());
  }
}

TEST_CASE("json_text_object_keys_of_every_length_are_written_as_nlohmann_dumps_them") {
  // Keys up to 60 bytes are written with one append, longer ones piece by piece.
  std::string out;
  JsonText w(out);
  nlohmann::json want = nlohmann::json::object();
  w.begin_object();
  for (std::size_t len = 0; len <= 70; ++len) {
    const std::string key(len, static_cast<char>('a' + len % 26));
    w.key(key).integer(static_cast<std::int64_t>(len));
    want[key] = len;
  }
  w.key("nested").begin_object().key("x").null().end_object();
  want["nested"] = {{"x", nullptr}};
  w.end_object();
  CHECK(nlohmann::json::parse(out) == want);
  CHECK(out.substr(0, 6) == "{\"\":0,");
}

}  // namespace
}  // namespace rect::testing
