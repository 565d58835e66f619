// Reusing a school's previous programme choices (domain.md §2.3, case 11).
#include "tests/domain/world.h"

using namespace rect;
using namespace rect::domain;
using namespace rect::domain::testing;

namespace {

constexpr const char* kNotReusable =
    "The school's previous programme choices cannot be reused. Choose the appropriate body, training programme and "
    "lead provider";

// Ivan (TRN 1000009) registered at 100001 with the school's previous choices.
CommandOutcome register_ivan_reusing(World& w, const std::string& extra = "") {
  return w.school("register_ect", R"({"school_urn":"100001","trn":"1000009","date_of_birth":"1999-01-09",
      "email":"ivan@example.com","started_on":"2025-09-01","working_pattern":"part_time","use_previous_choices":true)" +
                                      extra + "}");
}

void expect_not_reusable(const CommandOutcome& o) {
  INFO(o.status.to_string());
  REQUIRE(o.status.code() == Code::kValidation);
  REQUIRE(o.errors.size() == 1);
  CHECK(o.errors[0] == FieldError{"use_previous_choices", kNotReusable});
  CHECK(o.events.empty());
}

// Last year (2024) lp-ambition and dp-north partnered 100001; this year
// Alice was registered there provider-led with lp-ambition (an expression of
// interest, as there is no 2025 partnership).
struct LastYear : World {
  std::string previous;
  LastYear() {
    previous = partner("100001", "lp-ambition", "dp-north", 2024);
    set_today("2025-09-10T09:00:00Z");
    register_alice("2025-09-01");
    set_today("2025-10-15T09:00:00Z");
  }
};

}  // namespace

TEST_CASE("previous choices: case 11 - last year's partnership whose pairing still exists is recreated this year") {
  LastYear w;
  auto o = register_ivan_reusing(w);
  INFO(o.status.to_string());
  REQUIRE(o.ok());
  auto created = w.written(o, "school_partnership_created");
  REQUIRE(created.size() == 1);
  CHECK(created[0]["year"] == 2025);
  CHECK(created[0]["delivery_partner_id"] == "dp-north");
  CHECK(created[0]["source"] == "school_reuse");
  CHECK(created[0]["previous_partnership_id"] == w.previous);
  auto reused = w.written(o, "school_partnership_reused");
  REQUIRE(reused.size() == 1);
  CHECK(reused[0]["previous_partnership_id"] == w.previous);
  auto started = w.written(o, "training_period_started");
  REQUIRE(started.size() == 1);
  CHECK(started[0]["partnership_id"] == created[0]["partnership_id"]);
  CHECK(started[0]["lead_provider_id"] == "lp-ambition");
  CHECK(w.wrote(o, "training_period_partnership_confirmed"));  // Alice's expression of interest is linked too
  auto remembered = w.written(o, "school_programme_choices_remembered");
  REQUIRE(remembered.size() == 1);
  CHECK(remembered[0]["appropriate_body_id"] == "ab-hub");
}

TEST_CASE("previous choices: case 11 - pairing gone, the lead provider alone is reused through the school's expression of interest") {
  LastYear w;
  REQUIRE(w.system("unpair_delivery_partner", R"({"lead_provider_id":"lp-ambition","delivery_partner_id":"dp-north","year":2025})").ok());
  auto o = register_ivan_reusing(w);
  INFO(o.status.to_string());
  REQUIRE(o.ok());
  CHECK(!w.wrote(o, "school_partnership_created"));
  auto started = w.written(o, "training_period_started");
  REQUIRE(started.size() == 1);
  CHECK(started[0]["partnership_id"] == "");
  CHECK(started[0]["eoi_lead_provider_id"] == "lp-ambition");
}

TEST_CASE("previous choices: case 11 - pairing gone and no expression of interest: not reusable") {
  LastYear w;
  REQUIRE(w.school("change_lead_provider", R"({"school_urn":"100001","trn":"1000001","lead_provider_id":"lp-teach-first"})").ok());
  REQUIRE(w.system("unpair_delivery_partner", R"({"lead_provider_id":"lp-ambition","delivery_partner_id":"dp-north","year":2025})").ok());
  expect_not_reusable(register_ivan_reusing(w));
}

TEST_CASE("previous choices: a partnership this year is used as it is") {
  LastYear w;
  const std::string current = w.partner();
  auto o = register_ivan_reusing(w);
  REQUIRE(o.ok());
  CHECK(!w.wrote(o, "school_partnership_created"));
  auto started = w.written(o, "training_period_started");
  REQUIRE(started.size() == 1);
  CHECK(started[0]["partnership_id"] == current);
}

TEST_CASE("previous choices: school-led choices are reused, a school with no choices cannot reuse") {
  World w;
  REQUIRE(w.school("register_ect", R"({"school_urn":"100001","trn":"1000001","date_of_birth":"1995-05-05",
      "email":"alice@example.com","started_on":"2025-09-01","working_pattern":"full_time","appropriate_body_id":"ab-hub",
      "training_programme":"school_led"})").ok());
  auto o = register_ivan_reusing(w);
  INFO(o.status.to_string());
  REQUIRE(o.ok());
  auto started = w.written(o, "training_period_started");
  REQUIRE(started.size() == 1);
  CHECK(started[0]["training_programme"] == "school_led");
  expect_not_reusable(w.school("register_ect", R"({"school_urn":"100002","trn":"1000007","date_of_birth":"1998-08-08",
      "email":"gus@example.com","started_on":"2025-09-01","working_pattern":"full_time","use_previous_choices":true})"));
}

TEST_CASE("previous choices: the choices may not be given as well") {
  LastYear w;
  auto o = register_ivan_reusing(w, R"(,"appropriate_body_id":"ab-hub","lead_provider_id":"lp-ambition")");
  REQUIRE(o.status.code() == Code::kValidation);
  CHECK(o.errors == std::vector<FieldError>{{"appropriate_body_id", "must be empty when the previous choices are reused"},
                                            {"lead_provider_id", "must be empty when the previous choices are reused"}});
}
