#include "tests/domain/world.h"

using namespace rect;
using namespace rect::domain;
using namespace rect::domain::testing;

namespace {

struct Ready : World {
  std::string pid;
  Ready() {
    set_today("2025-09-10T09:00:00Z");
    partner();
    pid = register_alice("2025-09-01");
    set_today("2025-10-15T09:00:00Z");
  }
  std::string body(const std::string& extra) {
    return R"({"participant_id":")" + pid + R"(","course_identifier":"ecf-induction")" + extra + "}";
  }
};

}  // namespace

TEST_CASE("withdraw: reasons, already withdrawn, mentor-only reason") {
  Ready w;
  expect_error(w.lp("withdraw_participant", w.body("")), "reason", "Enter a '#/reason'.");
  expect_error(w.lp("withdraw_participant", w.body(R"(,"reason":"bored")")), "reason",
               "The entered '#/reason' is not recognised for the given participant. Check details and try again.");
  expect_error(w.lp("withdraw_participant", w.body(R"(,"reason":"mentor-no-longer-being-mentor")")), "reason",
               "You cannot withdraw an ECT for this reason. The ECT is not a mentor.");
  REQUIRE(w.lp("withdraw_participant", w.body(R"(,"reason":"moved-school")")).ok());
  expect_error(w.lp("withdraw_participant", w.body(R"(,"reason":"moved-school")")), "participant_id",
               "The '#/participant_id' is already withdrawn.");
  expect_error(w.lp("defer_participant", w.body(R"(,"reason":"bereavement")")), "participant_id",
               "The '#/participant_id' is already withdrawn.");
}

TEST_CASE("withdraw and defer: not started, started today") {
  World w;
  w.partner();
  const std::string pid = w.register_alice("2025-09-01");  // training starts today
  const std::string b = R"({"participant_id":")" + pid + R"(","course_identifier":"ecf-induction","reason":"other"})";
  expect_error(w.lp("withdraw_participant", b), "participant_id",
               "You cannot defer or withdraw this participant today. You need to try again tomorrow as the training was recently changed for this participant.");
  World f;
  f.partner();
  const std::string future = f.register_alice("2025-12-01");
  const std::string fb = R"({"participant_id":")" + future + R"(","course_identifier":"ecf-induction","reason":"other"})";
  expect_error(f.lp("withdraw_participant", fb), "participant_id",
               "You cannot withdraw #/participant_id. This is because they have not been training with you for at least one day.");
  expect_error(f.lp("defer_participant", fb), "participant_id",
               "You cannot defer #/participant_id. This is because they have not been training with you for at least one day.");
}

TEST_CASE("defer then resume, resume rules") {
  Ready w;
  expect_error(w.lp("resume_participant", w.body("")), "participant_id", "The '#/participant_id' is already active.");
  REQUIRE(w.lp("defer_participant", w.body(R"(,"reason":"parental-leave")")).ok());
  expect_error(w.lp("defer_participant", w.body(R"(,"reason":"parental-leave")")), "participant_id",
               "The '#/participant_id' is already deferred.");
  expect_error(w.lp("resume_participant", w.body("")), "participant_id",
               "You cannot resume a participant on the same day they were withdrawn or deferred. Resume them tomorrow or later.");
  w.set_today("2025-10-16T09:00:00Z");
  auto o = w.lp("resume_participant", w.body(""));
  REQUIRE(o.ok());
  CHECK(w.wrote(o, "training_resumed"));
}

TEST_CASE("resume: no longer at the school") {
  Ready w;
  REQUIRE(w.lp("withdraw_participant", w.body(R"(,"reason":"moved-school")")).ok());
  REQUIRE(w.school("report_ect_leaving", R"({"school_urn":"100001","trn":"1000001","finished_on":"2025-10-15"})").ok());
  w.set_today("2025-10-17T09:00:00Z");
  expect_error(w.lp("resume_participant", w.body("")), "participant_id",
               "The participant is no longer at the school. Please contact the induction tutor to resolve.");
}

TEST_CASE("participant actions: course identifier rules and visibility") {
  Ready w;
  expect_error(w.lp("withdraw_participant", R"({"participant_id":")" + w.pid + R"(","reason":"other"})"), "course_identifier",
               "Enter a '#/course_identifier'.");
  expect_error(w.lp("withdraw_participant", R"({"participant_id":")" + w.pid + R"(","course_identifier":"ecf-mentor","reason":"other"})"),
               "course_identifier",
               "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again.");
  CHECK(w.lp("withdraw_participant", w.body(R"(,"reason":"other")"), "lp-teach-first").status.code() == Code::kNotFound);
}

TEST_CASE("change schedule: identifier rules") {
  Ready w;
  expect_error(w.lp("change_schedule", w.body("")), "schedule_identifier",
               "The property '#/schedule_identifier' must be present and correspond to a valid schedule.");
  expect_error(w.lp("change_schedule", w.body(R"(,"schedule_identifier":"ecf-weird-june")")), "schedule_identifier",
               "Enter a valid schedule identifier.");
  expect_error(w.lp("change_schedule", w.body(R"(,"schedule_identifier":"ecf-standard-september")")), "schedule_identifier",
               "Selected schedule is already on the profile");
  expect_error(w.lp("change_schedule", w.body(R"(,"schedule_identifier":"ecf-replacement-january")")), "schedule_identifier",
               "Selected schedule is not valid for the course_identifier");
  auto o = w.lp("change_schedule", w.body(R"(,"schedule_identifier":"ecf-extended-september")"));
  REQUIRE(o.ok());
  CHECK(w.wrote(o, "training_period_finished"));
  CHECK(w.wrote(o, "training_schedule_changed"));
}

TEST_CASE("change schedule: cohort change needs a partnership in the target cohort, frozen cohorts are refused") {
  Ready w;
  expect_error(w.lp("change_schedule", w.body(R"(,"schedule_identifier":"ecf-standard-september","cohort":2024)")), "cohort",
               "You cannot change a participant to this contract_period as you do not have a partnership with the school for the contract_period. Contact the DfE for assistance.");
  w.partner("100001", "lp-ambition", "dp-north", 2024);
  CHECK(w.lp("change_schedule", w.body(R"(,"schedule_identifier":"ecf-standard-september","cohort":2024)")).ok());
  w.set_today("2025-10-17T09:00:00Z");
  auto frozen = w.lp("change_schedule", w.body(R"(,"schedule_identifier":"ecf-standard-september","cohort":2022)"));
  REQUIRE(frozen.status.code() == Code::kValidation);
  CHECK(frozen.errors[0].title == "cohort");  // no 2022 partnership is possible: the cohort is closed
}

TEST_CASE("change schedule: withdrawn participants") {
  Ready w;
  REQUIRE(w.lp("withdraw_participant", w.body(R"(,"reason":"other")")).ok());
  auto o = w.lp("change_schedule", w.body(R"(,"schedule_identifier":"ecf-extended-september")"));
  REQUIRE(o.status.code() == Code::kValidation);
  CHECK(o.errors[0].title == "participant_id");
}
