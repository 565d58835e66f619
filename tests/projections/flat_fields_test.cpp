// FlatFields, the payload reader of the projections' folds: what it reads of
// a string must be what nlohmann::json reads, and a string it may not hold as
// it is (a raw control character) must make the payload refused. Its string
// scanner jumps 16 bytes at a time (8 without SSE2) to the next '"', '\\' or
// control character, so every such byte is tried at every offset of a block.
#include <random>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "projections/flat_fields.h"

namespace rect::testing {
namespace {

using projections::FlatFields;

TEST_CASE("flat_fields_reads_an_escape_at_every_offset_as_nlohmann_does") {
  const std::vector<std::string> escapes = {"\\\"", "\\\\", "\\n", "\\t", "\\/", "\\u00e9", "\\ud83c\\udf93"};
  for (std::size_t len = 1; len <= 40; ++len)
    for (std::size_t at = 0; at <= len; ++at)
      for (const std::string& esc : escapes) {
        const std::string text = std::string(at, 'a') + esc + std::string(len - at, 'b');
        const std::string payload = "{\"k\":\"" + text + "\",\"after\":\"" + text + "\",\"n\":7}";
        FlatFields f;
        REQUIRE_MESSAGE(f.parse(payload), payload);
        const nlohmann::json j = nlohmann::json::parse(payload);
        CHECK(f.text("k") == j["k"].get<std::string>());
        CHECK(f.text("after") == j["after"].get<std::string>());
        CHECK(f.integer("n") == 7);
      }
}

TEST_CASE("flat_fields_refuses_a_string_cut_off_inside_an_escape_or_before_its_quote") {
  FlatFields f;
  for (const char* bad : {"{\"k\":\"abc\\", "{\"k\":\"abc\\\"}", "{\"k\":\"abc", "{\"k\":\"0123456789abcdef0123"})
    CHECK_FALSE_MESSAGE(f.parse(bad), bad);
  CHECK(f.parse("{\"k\":\"abc\\\\\"}"));
  CHECK(f.text("k") == "abc\\");
}

TEST_CASE("flat_fields_refuses_a_raw_control_character_at_every_offset") {
  for (std::size_t len = 1; len <= 40; ++len)
    for (std::size_t at = 0; at < len; ++at)
      for (char c : {'\x01', '\n', '\x1f'}) {
        std::string text(len, 'a');
        text[at] = c;
        FlatFields f;
        CHECK_FALSE_MESSAGE(f.parse("{\"k\":\"" + text + "\"}"), "length " << len << " offset " << at);
      }
}

TEST_CASE("flat_fields_match_nlohmann_on_random_flat_objects") {
  std::mt19937_64 rng(20261206);
  const std::vector<std::string> pieces = {"a", "Z", "0", "-", " ", ":", ",", "{", "}", "[", "]", "\\\"", "\\\\",
                                           "\\n", "\xC3\xA9", "\xE2\x80\x94", "\\u0041"};
  for (int round = 0; round < 500; ++round) {
    std::string payload = "{";
    const int fields = 1 + static_cast<int>(rng() % 6);
    for (int i = 0; i < fields; ++i) {
      std::string raw;
      const std::size_t len = rng() % 30;
      for (std::size_t k = 0; k < len; ++k) raw += pieces[rng() % pieces.size()];
      const std::string key = "f" + std::to_string(i);
      if (i > 0) payload += ",";
      if (rng() % 4 == 0) {
        payload += "\"" + key + "\":{\"inner\":\"" + raw + "\",\"list\":[1,\"]\"]}";
      } else {
        payload += "\"" + key + "\":\"" + raw + "\"";
      }
    }
    payload += "}";
    const nlohmann::json want = nlohmann::json::parse(payload);
    FlatFields f;
    REQUIRE_MESSAGE(f.parse(payload), payload);
    for (const auto& [key, value] : want.items()) {
      if (value.is_string()) {
        CHECK(f.text(key) == value.get<std::string>());
      } else {
        const auto raw = f.raw(key);
        REQUIRE(raw);
        CHECK(nlohmann::json::parse(*raw) == value);
      }
    }
  }
}

TEST_CASE("flat_fields_reads_a_payload_with_whitespace_everywhere_as_its_compact_form") {
  const std::string compact = R"({"a":"x","b":12,"c":{"d":[1,2]},"e":true,"f":null})";
  const std::string spaced = " \n{ \"a\" :\t\"x\" ,\r\n \"b\": 12 , \"c\" : {\"d\": [1,2]} ,\"e\":true ,  \"f\" :null }\n ";
  FlatFields f, g;
  REQUIRE(f.parse(compact));
  REQUIRE(g.parse(spaced));
  for (const char* k : {"a", "b", "c", "e", "f"}) CHECK_MESSAGE(f.raw(k).has_value() == g.raw(k).has_value(), k);
  CHECK(g.text("a") == "x");
  CHECK(g.integer("b") == 12);
  CHECK(g.raw("c") == R"({"d": [1,2]})");
  CHECK(g.boolean("e"));
  CHECK(g.raw("f") == "null");
  CHECK_FALSE(g.parse("{\"a\" \"x\"}"));
  CHECK_FALSE(g.parse("{\"a\":\"x\" \"b\":1}"));
}


TEST_CASE("flat_fields_reads_whole_integers_within_their_type_and_nothing_else") {
  FlatFields f;
  REQUIRE(f.parse(R"({"max":18446744073709551615,"over":18446744073709551616,"neg":-5,"frac":1.5,"text":"12","null":null})"));
  CHECK(f.unsigned_integer("max") == std::optional<std::uint64_t>(18446744073709551615ULL));
  CHECK(!f.signed_integer("max"));
  CHECK(!f.unsigned_integer("over"));
  CHECK(f.signed_integer("neg") == std::optional<std::int64_t>(-5));
  CHECK(!f.unsigned_integer("neg"));
  CHECK(f.integer("neg") == -5);
  for (const char* key : {"frac", "text", "null", "absent"}) {
    INFO(key);
    CHECK(!f.signed_integer(key));
    CHECK(!f.unsigned_integer(key));
    CHECK(f.integer(key) == 0);
  }
}

}  // namespace
}  // namespace rect::testing
