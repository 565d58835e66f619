// JsonText, the writer the lead provider views render with: its strings must
// be byte-for-byte what nlohmann::json::dump() writes, since views rendered
// by either are compared by fingerprint. The string writer checks 8 or 16
// bytes at a time for any that needs escaping, so every escapable byte is
// tried at every offset of strings up to 40 bytes.
#include <cstdint>
#include <limits>
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
  for (std::size_t len = 1; len <= 40; ++len)
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

TEST_CASE("json_text_empty_string_view_with_null_data_is_written_without_copying_from_null") {
  // UBSan: memcpy from a default string_view's null data, even of 0 bytes.
  std::string out;
  {
    JsonText w(out);
    w.begin_array().str(std::string_view()).raw(std::string_view()).str_or_null(std::string_view()).end_array();
  }
  CHECK(out == "[\"\",,null]");
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
  w.finish();
  CHECK(nlohmann::json::parse(out) == want);
  CHECK(out.substr(0, 6) == "{\"\":0,");
}

TEST_CASE("json_text_keeps_the_strings_own_text_and_grows_past_its_capacity") {
  // The writer writes into room at the end of the string and cuts it back:
  // what was there stays, a text far longer than the first room comes out
  // whole, and the string holds nothing past it.
  std::string out = "prefix:";
  nlohmann::json want = nlohmann::json::array();
  {
    JsonText w(out);
    w.begin_array();
    for (int i = 0; i < 500; ++i) {
      const std::string s(static_cast<std::size_t>(i % 37), static_cast<char>(i % 2 ? '\x01' : 'q'));
      w.str(s).integer(-i).unsigned_integer(static_cast<std::uint64_t>(i) << 40).boolean(i % 3 == 0).null();
      want.push_back(s);
      want.push_back(-i);
      want.push_back(static_cast<std::uint64_t>(i) << 40);
      want.push_back(i % 3 == 0);
      want.push_back(nullptr);
    }
    w.end_array();
  }
  REQUIRE(out.substr(0, 7) == "prefix:");
  CHECK(out.substr(7) == want.dump());
}

TEST_CASE("json_text_string_of_only_control_bytes_takes_six_bytes_each") {
  std::string s;
  for (int i = 0; i < 3000; ++i) s.push_back(static_cast<char>(i % 0x20));
  CHECK(written(s) == nlohmann::json(s).dump());
  CHECK(written(s).size() > 5 * s.size());
}

TEST_CASE("json_text_finish_makes_the_text_readable_and_writing_goes_on_after_it") {
  std::string out;
  JsonText w(out);
  w.begin_array().integer(std::numeric_limits<std::int64_t>::min());
  w.finish();
  CHECK(out == "[-9223372036854775808");
  w.unsigned_integer(std::numeric_limits<std::uint64_t>::max()).raw("{\"a\":[]}").end_array();
  w.finish();
  CHECK(out == "[-9223372036854775808,18446744073709551615,{\"a\":[]}]");
}

}  // namespace
}  // namespace rect::testing
