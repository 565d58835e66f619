// change_schedule and payments-frozen cohorts (api.md §7.4,
// api-errors.json "payments_frozen_cohort"): the target cohort, given or
// current, may be frozen only if it is the teacher's recorded frozen year.
#include "tests/domain/world.h"

using namespace rect;
using namespace rect::domain;
using namespace rect::domain::testing;

namespace {

constexpr const char* kFrozenMessage =
    "You cannot move a participant to a payments frozen cohort unless they previously belonged to that cohort.";

// Alice trained with lp-ambition in cohort 2022 at 100001 since 2022; both
// schools were partnered for 2022 while that cohort was open. Today is
// 2025-10-15, after 2022's payments froze (2025-06-16).
struct Frozen2022 : World {
  std::string pid;
  Frozen2022() {
    set_today("2022-10-10T09:00:00Z");
    REQUIRE(system("update_contract_period", R"({"year":2022,"enabled":true})").ok());
    partner("100001", "lp-ambition", "dp-north", 2022);
    partner("100002", "lp-ambition", "dp-north", 2022);
    pid = register_alice("2022-09-01");
    set_today("2025-10-15T09:00:00Z");
    REQUIRE(system("update_contract_period", R"({"year":2022,"enabled":false})").ok());
  }
  CommandOutcome change(const std::string& schedule, const std::string& cohort = "") {
    std::string body = R"({"participant_id":")" + pid + R"(","course_identifier":"ecf-induction","schedule_identifier":")" +
                       schedule + "\"";
    if (!cohort.empty()) body += R"(,"cohort":)" + cohort;
    return lp("change_schedule", body + "}");
  }
};

void expect_frozen(const CommandOutcome& o) {
  INFO(o.status.to_string());
  REQUIRE(o.status.code() == Code::kValidation);
  REQUIRE(o.errors.size() == 1);
  CHECK(o.errors[0] == FieldError{"cohort", kFrozenMessage});
  CHECK(o.events.empty());
}

}  // namespace

TEST_CASE("change schedule: a schedule-only change inside a frozen cohort is refused with the frozen-cohort message") {
  Frozen2022 w;
  expect_frozen(w.change("ecf-extended-september"));
  expect_frozen(w.change("ecf-extended-september", "2022"));
}

TEST_CASE("change schedule: a participant who moved out of a frozen cohort may be moved back into it") {
  Frozen2022 w;
  w.partner("100002", "lp-ambition", "dp-north", 2024);
  auto moved = w.school("register_ect", R"({"school_urn":"100002","trn":"1000001","date_of_birth":"1995-05-05",
      "email":"alice@example.com","started_on":"2025-10-01","working_pattern":"full_time","appropriate_body_id":"ab-hub",
      "training_programme":"provider_led","lead_provider_id":"lp-ambition"})");
  INFO(moved.status.to_string());
  REQUIRE(moved.ok());
  REQUIRE(w.wrote(moved, "payments_frozen_cohort_recorded"));
  w.set_today("2025-10-16T09:00:00Z");
  auto back = w.change("ecf-extended-september", "2022");
  INFO(back.status.to_string());
  REQUIRE(back.ok());
  auto changed = w.written(back, "training_schedule_changed");
  REQUIRE(changed.size() == 1);
  CHECK(changed[0]["to"]["year"] == 2022);
  CHECK(changed[0]["from"]["year"] == 2024);
}

TEST_CASE("change schedule: into a frozen cohort the participant never belonged to is refused") {
  World w;
  w.set_today("2022-10-10T09:00:00Z");
  REQUIRE(w.system("update_contract_period", R"({"year":2022,"enabled":true})").ok());
  w.partner("100001", "lp-ambition", "dp-north", 2022);
  w.set_today("2025-09-10T09:00:00Z");
  REQUIRE(w.system("update_contract_period", R"({"year":2022,"enabled":false})").ok());
  w.partner("100001", "lp-ambition", "dp-north", 2025);
  const std::string pid = w.register_alice("2025-09-01");
  w.set_today("2025-10-15T09:00:00Z");
  expect_frozen(w.lp("change_schedule", R"({"participant_id":")" + pid +
                                            R"(","course_identifier":"ecf-induction","schedule_identifier":"ecf-standard-september","cohort":2022})"));
}
