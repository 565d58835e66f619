#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <limits>
#include <string>

#include "events/codec.h"
#include "events/world.h"

namespace rect::testing {

TEST_CASE("crc32c matches the standard check value") {
  CHECK(codec::crc32c(0, "123456789") == 0xE3069283u);
  CHECK(codec::crc32c(codec::crc32c(0, "1234"), "56789") == 0xE3069283u);
  CHECK(codec::crc32c(0, "") == 0u);
}

TEST_CASE("timestamps parse and print as RFC 3339") {
  auto t = Timestamp::parse_iso8601("2025-03-31T23:59:59.5Z");
  REQUIRE(t);
  CHECK(t->to_iso8601() == "2025-03-31T23:59:59.500000Z");
  CHECK(Timestamp::parse_iso8601("2025-03-31T23:59:59+01:00")->to_iso8601() == "2025-03-31T22:59:59.000000Z");
  CHECK(Timestamp::parse_iso8601("1970-01-01")->micros() == 0);
  CHECK(Timestamp::parse_iso8601("1969-12-31")->micros() == -86'400'000'000);
  CHECK(Timestamp(-1).to_iso8601() == "1969-12-31T23:59:59.999999Z");
  CHECK(Timestamp(0).to_iso8601() == "1970-01-01T00:00:00.000000Z");
  CHECK(Timestamp::parse_iso8601("9999-12-31T23:59:59.999999Z")->to_iso8601() == "9999-12-31T23:59:59.999999Z");
  CHECK(Timestamp(253'402'300'800'000'000).to_iso8601() == "10000-01-01T00:00:00.000000Z");
  CHECK_FALSE(Timestamp::parse_iso8601("2025-02-30"));
  CHECK_FALSE(Timestamp::parse_iso8601("2025-03-31T10:00:00"));  // no zone
  CHECK_FALSE(Timestamp::parse_iso8601("2025-3-31"));
  CHECK_FALSE(Timestamp::parse_iso8601("2025-03-31T25:00:00Z"));
  CHECK_FALSE(Timestamp::parse_iso8601(""));
}

TEST_CASE("timestamps print into a caller's buffer as they print into a string") {
  for (std::int64_t us : {std::int64_t{0}, std::int64_t{-1}, std::int64_t{1'743'465'599'500'000},
                          std::int64_t{253'402'300'799'999'999}, std::int64_t{253'402'300'800'000'000},
                          std::int64_t{-62'167'219'200'000'001}, std::int64_t{-62'167'219'200'000'000}}) {
    char buf[Timestamp::kIso8601Capacity];
    const std::size_t n = Timestamp(us).to_iso8601(buf);
    CHECK_MESSAGE(std::string(buf, n) == Timestamp(us).to_iso8601(), us);
    CHECK(n < Timestamp::kIso8601Capacity);
  }
}

// The calendar as std::chrono computes it, printed with snprintf.
std::string iso8601_by_chrono(std::int64_t us) {
  using namespace std::chrono;
  const sys_time<microseconds> tp{microseconds(us)};
  const auto day = floor<days>(tp);
  const year_month_day ymd{day};
  const std::int64_t tod = (tp - day).count();
  char buf[64];
  const int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%06lldZ", static_cast<int>(ymd.year()),
                              static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                              static_cast<long long>(tod / 3'600'000'000LL), static_cast<long long>(tod / 60'000'000LL % 60),
                              static_cast<long long>(tod / 1'000'000 % 60), static_cast<long long>(tod % 1'000'000));
  return std::string(buf, static_cast<std::size_t>(n));
}

TEST_CASE("timestamps_print_the_calendar_std_chrono_computes_for_every_day_from_1600_to_2400_and_random_times") {
  constexpr std::int64_t kDay = 86'400'000'000LL;
  // Every day (each at a different time of day) across four 400-year eras' worth of leap rules.
  const std::int64_t from = -135'140LL, to = 157'054LL;  // 1600-01-01 .. 2400-01-01
  for (std::int64_t d = from; d <= to; ++d) {
    const std::int64_t us = d * kDay + (d * 7'919'000'003LL) % kDay;
    REQUIRE_MESSAGE(Timestamp(us).to_iso8601() == iso8601_by_chrono(us), us);
  }
  SeededRandom rng(11);
  for (int i = 0; i < 20'000; ++i) {
    // Years about -30000 to 30000, inside std::chrono's calendar.
    const auto us = static_cast<std::int64_t>(rng.next_u64() % 1'900'000'000'000'000'000ULL) - 950'000'000'000'000'000LL;
    REQUIRE_MESSAGE(Timestamp(us).to_iso8601() == iso8601_by_chrono(us), us);
  }
}

TEST_CASE("timestamps_at_the_ends_of_int64_print_without_overflow") {
  CHECK(Timestamp(std::numeric_limits<std::int64_t>::max()).to_iso8601() == "294247-01-10T04:00:54.775807Z");
  CHECK(Timestamp(std::numeric_limits<std::int64_t>::min()).to_iso8601() == "-290308-12-21T19:59:05.224192Z");
}

TEST_CASE("event ids round-trip and seeded randomness is deterministic") {
  auto id = EventId::parse("0B5C2A61-3F4E-4D5A-9B8C-7D6E5F4A3B2C");
  REQUIRE(id);
  CHECK(id->to_string() == "0b5c2a61-3f4e-4d5a-9b8c-7d6e5f4a3b2c");
  CHECK_FALSE(EventId::parse("0b5c2a61-3f4e-4d5a-9b8c-7d6e5f4a3b2"));
  CHECK_FALSE(EventId::parse("0b5c2a61x3f4e-4d5a-9b8c-7d6e5f4a3b2c"));
  SeededRandom a(5), b(5);
  const EventId u = a.next_uuid();
  CHECK(u == b.next_uuid());
  CHECK(u.to_string()[14] == '4');
}

TEST_CASE("records round-trip and corruption is named") {
  RecordedEvent e;
  e.stream = "participant-1";
  e.version = StreamVersion(3);
  e.position = GlobalPosition(99);
  e.recorded_at = Timestamp(123456789);
  e.data.id = SeededRandom(1).next_uuid();
  e.data.type = "Declared";
  e.data.schema_version = 2;
  e.data.valid_at = Timestamp(-5);
  e.data.causation_id = e.data.id;
  e.data.actor = {ActorKind::kAppropriateBody, "ab-7"};
  e.data.payload = R"({"x":1})";
  std::string bytes;
  codec::encode_record(e, &bytes);
  auto back = codec::decode_record(bytes);
  REQUIRE(back);
  CHECK(back->stream == e.stream);
  CHECK(back->version == e.version);
  CHECK(back->position == e.position);
  CHECK(back->recorded_at == e.recorded_at);
  CHECK(back->data.valid_at == e.data.valid_at);
  CHECK_FALSE(back->data.correlation_id);
  CHECK(back->data.causation_id == e.data.id);
  CHECK(back->data.actor == e.data.actor);
  CHECK(back->data.payload == e.data.payload);

  std::string flipped = bytes;
  flipped[10] ^= 1;
  CHECK(codec::decode_record(flipped).status().message().find("checksum") != std::string::npos);
  std::string future = bytes;
  future[0] = 2;
  CHECK(codec::decode_record(future).status().message().find("format version 2") != std::string::npos);
  CHECK(codec::decode_record(bytes.substr(0, 3)).status().code() == Code::kCorruption);
}

}  // namespace rect::testing
