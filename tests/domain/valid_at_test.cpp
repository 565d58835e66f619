// Which events carry a business-effective time (valid_at), and what it is.
#include <set>

#include <nlohmann/json.hpp>

#include "domain/date.h"
#include "domain/fold.h"
#include "domain/valid_at.h"
#include "tests/domain/world.h"

using namespace rect;
using namespace rect::domain;
using namespace rect::domain::testing;

namespace {
Timestamp start_of(const char* day) { return london_start_of_day(*Date::parse(day)); }
}  // namespace

TEST_CASE("valid_at: every type with a business date is a type the domain records, listed in docs/events.md") {
  const auto types = known_event_types();
  const std::set<std::string> known(types.begin(), types.end());
  const std::string doc = read_text(std::string(RECT_SOURCE_DIR) + "/docs/events.md");
  const auto from = doc.find("### When a fact took effect");
  REQUIRE(from != std::string::npos);
  const std::string section = doc.substr(from, doc.find("\n## ", from) - from);
  const auto with = types_with_effective_time();
  CHECK(with.size() == 18);
  for (std::string_view t : with) {
    INFO(t);
    CHECK(known.count(std::string(t)) == 1);
    CHECK(section.find("`" + std::string(t) + "`") != std::string::npos);
    REQUIRE(effective_field(t) != nullptr);
    CHECK(section.find("`" + std::string(effective_field(t)->field) + "`") != std::string::npos);
  }
  CHECK(effective_field("training_withdrawn") == nullptr);
  CHECK(effective_field("teacher_created") == nullptr);
  CHECK(effective_field("no_such_event") == nullptr);
}

TEST_CASE("valid_at: a date takes effect at the start of its day in London, a time at that instant") {
  CHECK(effective_time("ect_placement_started", nlohmann::json{{"started_on", "2025-09-24"}}) ==
        Timestamp::parse_iso8601("2025-09-23T23:00:00Z"));
  CHECK(effective_time("ect_left_school", nlohmann::json{{"finished_on", "2025-12-19"}}) ==
        Timestamp::parse_iso8601("2025-12-19T00:00:00Z"));
  CHECK(effective_time("declaration_submitted", nlohmann::json{{"declaration_date", "2025-10-01T08:30:00Z"}}) ==
        Timestamp::parse_iso8601("2025-10-01T08:30:00Z"));
  CHECK_FALSE(effective_time("ect_placement_started", nlohmann::json{{"email", "a@example.com"}}));
  CHECK_FALSE(effective_time("training_period_started", nlohmann::json{{"started_on", nullptr}}));
  CHECK_FALSE(effective_time("training_period_started", nlohmann::json{{"started_on", "2025-02-30"}}));
  CHECK_FALSE(effective_time("teacher_created", nlohmann::json{{"started_on", "2025-09-01"}}));
}

TEST_CASE("valid_at: a registration back-dated three weeks is in force from its start, not from when it was recorded") {
  World w;
  w.partner();
  REQUIRE(w.school("register_ect", R"({"school_urn":"100001","trn":"1000001","date_of_birth":"1995-05-05",
      "email":"alice@example.com","started_on":"2025-09-24","working_pattern":"full_time",
      "appropriate_body_id":"ab-hub","training_programme":"provider_led","lead_provider_id":"lp-ambition"})")
              .ok());
  bool placement = false, training = false, teacher = false;
  for (const auto& e : w.all_events()) {
    if (e.data.type == "ect_placement_started") {
      placement = true;
      CHECK(e.data.valid_at == start_of("2025-09-24"));
      CHECK(*e.data.valid_at < e.recorded_at);
    } else if (e.data.type == "training_period_started") {
      training = true;
      CHECK(e.data.valid_at == start_of("2025-10-15"));
    } else if (e.data.type == "teacher_created") {
      teacher = true;
      CHECK_FALSE(e.data.valid_at.has_value());
    }
  }
  CHECK(placement);
  CHECK(training);
  CHECK(teacher);
}

TEST_CASE("valid_at: every event of a whole teacher's life has the valid_at its type and payload give") {
  World w;
  w.play_file("data/scenarios/teacher-life.jsonl");
  int with = 0, without = 0;
  for (const auto& e : w.all_events()) {
    INFO(e.data.type << " " << e.data.payload);
    const auto want = effective_time(e.data.type, nlohmann::json::parse(e.data.payload));
    CHECK(e.data.valid_at == want);
    (e.data.valid_at ? with : without) += 1;
  }
  CHECK(with > 10);
  CHECK(without > 10);
}
