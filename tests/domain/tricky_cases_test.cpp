// The tricky cases of spec/domain.md §7 that need more than one journey to
// reach: each TEST_CASE is named after its case number.
#include "tests/domain/world.h"

using namespace rect;
using namespace rect::domain;
using namespace rect::domain::testing;

namespace {

std::string ect_at(const std::string& urn, const std::string& start, const std::string& trn = "1000001",
                   const std::string& dob = "1995-05-05", const std::string& email = "alice@example.com",
                   const std::string& programme = "provider_led") {
  std::string body = R"({"school_urn":")" + urn + R"(","trn":")" + trn + R"(","date_of_birth":")" + dob +
                     R"(","email":")" + email + R"(","started_on":")" + start +
                     R"(","working_pattern":"full_time","appropriate_body_id":"ab-hub","training_programme":")" +
                     programme + "\"";
  if (programme == "provider_led") body += R"(,"lead_provider_id":"lp-ambition")";
  return body + "}";
}

std::string bob_for(const std::string& urn, const std::string& ect_trn, const std::string& extra = "") {
  return R"({"school_urn":")" + urn + R"(","trn":"1000002","date_of_birth":"1980-02-02","email":"bob@example.com","ect_trn":")" +
         ect_trn + "\"" + extra + "}";
}

std::string declaration(const std::string& pid, const std::string& type, const std::string& date,
                        const std::string& evidence, const std::string& course) {
  return R"({"participant_id":")" + pid + R"(","declaration_type":")" + type + R"(","declaration_date":")" + date +
         R"(","course_identifier":")" + course + R"(","evidence_held":")" + evidence + R"("})";
}

}  // namespace

TEST_CASE("tricky case 12 - a 2022-cohort ECT who moves school goes to 2024 extended-september, the frozen year is recorded") {
  World w;
  w.set_today("2022-10-10T09:00:00Z");
  const std::string alice = w.register_alice("2022-09-01");
  w.set_today("2025-10-15T09:00:00Z");
  auto o = w.school("register_ect", ect_at("100002", "2025-11-01"));
  INFO(o.status.to_string());
  REQUIRE(o.ok());
  auto started = w.written(o, "training_period_started");
  REQUIRE(started.size() == 1);
  CHECK(started[0]["year"] == 2024);
  CHECK(started[0]["schedule"] == "ecf-extended-september");
  CHECK(started[0]["started_on"] == "2025-11-01");
  auto frozen = w.written(o, "payments_frozen_cohort_recorded");
  REQUIRE(frozen.size() == 1);  // † decided in docs/decisions.md: rect records it, RECT leaves it null
  CHECK(frozen[0]["year"] == 2022);
  CHECK(frozen[0]["role"] == "ect");
  CHECK(frozen[0]["teacher_id"] == alice);
}

TEST_CASE("tricky case 12 - a 2021-cohort ECT moving in July 2024 with an earlier start trains from 2024-06-01") {
  World w;
  w.set_today("2021-10-10T09:00:00Z");
  w.register_alice("2021-09-01");
  w.set_today("2024-07-15T09:00:00Z");
  REQUIRE(w.school("confirm_induction_tutor", R"({"school_urn":"100002"})").ok());
  auto o = w.school("register_ect", ect_at("100002", "2024-05-01"));
  INFO(o.status.to_string());
  REQUIRE(o.ok());
  auto started = w.written(o, "training_period_started");
  REQUIRE(started.size() == 1);
  CHECK(started[0]["year"] == 2024);
  CHECK(started[0]["started_on"] == "2024-06-01");
}

TEST_CASE("tricky case 13 - a provider-led 2025 ECT moving school in 2026/27 keeps cohort 2025 and its schedule") {
  World w;
  w.partner();
  w.register_alice("2025-09-01");
  w.set_today("2026-10-01T09:00:00Z");
  REQUIRE(w.school("confirm_induction_tutor", R"({"school_urn":"100002"})").ok());
  auto o = w.school("register_ect", ect_at("100002", "2026-10-05"));
  INFO(o.status.to_string());
  REQUIRE(o.ok());
  auto started = w.written(o, "training_period_started");
  REQUIRE(started.size() == 1);
  CHECK(started[0]["year"] == 2025);
  CHECK(started[0]["schedule"] == "ecf-standard-september");
  CHECK(started[0]["started_on"] == "2026-10-05");
  CHECK(!w.wrote(o, "payments_frozen_cohort_recorded"));
}

TEST_CASE("tricky case 15 - a new mentor after a declaration inside the previous mentorship gets a replacement schedule") {
  World w;
  w.partner();
  const std::string alice = w.register_alice("2025-09-01");
  REQUIRE(w.school("register_mentor", bob_for("100001", "1000001")).ok());
  w.set_today("2025-10-20T09:00:00Z");
  REQUIRE(w.lp("submit_declaration", declaration(alice, "started", "2025-10-16T10:00:00Z", "training-event-attended",
                                                  "ecf-induction")).ok());
  auto o = w.school("register_mentor", R"({"school_urn":"100001","trn":"1000006","date_of_birth":"1985-07-07",
      "email":"fay@example.com","ect_trn":"1000001"})");
  INFO(o.status.to_string());
  REQUIRE(o.ok());
  auto started = w.written(o, "training_period_started");
  REQUIRE(started.size() == 1);
  CHECK(started[0]["role"] == "mentor");
  CHECK(started[0]["schedule"] == "ecf-replacement-september");
  auto finished = w.written(o, "mentorship_finished");
  REQUIRE(finished.size() == 1);
  CHECK(finished[0]["finished_on"] == "2025-10-19");
}

TEST_CASE("tricky case 15 - without such a declaration the new mentor gets a standard schedule") {
  World w;
  w.partner();
  w.register_alice("2025-09-01");
  REQUIRE(w.school("register_mentor", bob_for("100001", "1000001")).ok());
  w.set_today("2025-10-20T09:00:00Z");
  auto o = w.school("register_mentor", R"({"school_urn":"100001","trn":"1000006","date_of_birth":"1985-07-07",
      "email":"fay@example.com","ect_trn":"1000001"})");
  REQUIRE(o.ok());
  auto started = w.written(o, "training_period_started");
  REQUIRE(started.size() == 1);
  CHECK(started[0]["schedule"] == "ecf-standard-september");
}

namespace {
// Bob mentors Alice at 100001 from 1 October; Gus is an ECT at 100002.
struct TwoSchools : World {
  TwoSchools() {
    set_today("2025-10-01T09:00:00Z");
    register_alice("2025-09-01");
    REQUIRE(school("register_mentor", bob_for("100001", "1000001")).ok());
    REQUIRE(school("register_ect", ect_at("100002", "2025-09-01", "1000007", "1998-08-08", "gus@example.com")).ok());
    set_today("2025-10-15T09:00:00Z");
  }
};
}  // namespace

TEST_CASE("tricky case 17 - a mentor elsewhere who answers no: placement from today, no training here, the other school kept") {
  TwoSchools w;
  auto o = w.school("register_mentor", bob_for("100002", "1000007", R"(,"mentoring_only_at_this_school":false)"));
  INFO(o.status.to_string());
  REQUIRE(o.ok());
  auto placed = w.written(o, "mentor_placement_started");
  REQUIRE(placed.size() == 1);
  CHECK(placed[0]["started_on"] == "2025-10-15");
  CHECK(!w.wrote(o, "training_period_started"));
  CHECK(!w.wrote(o, "mentor_placement_finished"));
  CHECK(!w.wrote(o, "mentorship_finished"));
  CHECK(w.wrote(o, "mentor_assigned"));
}

TEST_CASE("tricky case 17 - a mentor elsewhere who answers yes: other placements end on S-1 and their mentees lose the mentor") {
  TwoSchools w;
  auto o = w.school("register_mentor",
                    bob_for("100002", "1000007", R"(,"mentoring_only_at_this_school":true,"started_on":"2025-10-20")"));
  INFO(o.status.to_string());
  REQUIRE(o.ok());
  auto ended = w.written(o, "mentor_placement_finished");
  REQUIRE(ended.size() == 1);
  CHECK(ended[0]["finished_on"] == "2025-10-19");
  auto mentorships = w.written(o, "mentorship_finished");
  REQUIRE(mentorships.size() == 1);
  CHECK(mentorships[0]["finished_on"] == "2025-10-19");
  auto assigned = w.written(o, "mentor_assigned");
  REQUIRE(assigned.size() == 1);
  CHECK(assigned[0]["started_on"] == "2025-10-20");
  CHECK(w.school("register_mentor", bob_for("100002", "1000007", R"(,"mentoring_only_at_this_school":true)")).errors.size() == 1);
}

TEST_CASE("tricky case 20 - a mentor's completed declaration ends funding and training, voiding it restores both") {
  World w;
  w.partner();
  w.register_alice("2025-09-01");
  auto reg = w.school("register_mentor", bob_for("100001", "1000001"));
  REQUIRE(reg.ok());
  const std::string bob = World::result(reg, "participant_id");
  w.set_today("2025-10-21T09:00:00Z");
  auto o = w.lp("submit_declaration", declaration(bob, "completed", "2025-10-20T10:00:00Z", "75-percent-engagement-met",
                                                  "ecf-mentor"));
  INFO(o.status.to_string());
  REQUIRE(o.ok());
  auto ended = w.written(o, "mentor_funding_ended");
  REQUIRE(ended.size() == 1);
  CHECK(ended[0]["on"] == "2025-10-20");
  CHECK(ended[0]["reason"] == "completed_declaration_received");
  auto finished = w.written(o, "training_period_finished");
  REQUIRE(finished.size() == 1);
  CHECK(finished[0]["finished_on"] == "2025-10-20");
  const std::string dec = World::result(o, "declaration_id");
  REQUIRE(!dec.empty());

  auto v = w.lp("void_declaration", R"({"participant_declaration_id":")" + dec + R"("})");
  INFO(v.status.to_string());
  REQUIRE(v.ok());
  CHECK(w.wrote(v, "mentor_funding_end_cleared"));
  auto resumed = w.written(v, "training_period_started");
  REQUIRE(resumed.size() == 1);
  CHECK(resumed[0]["started_on"] == "2025-10-21");
  CHECK(resumed[0]["role"] == "mentor");
}

TEST_CASE("tricky case 29 - deleting the only induction period resets TRS") {
  World w;
  w.register_alice("2025-09-01");
  auto claim = w.ab("claim_ect", R"({"trn":"1000001","date_of_birth":"1995-05-05","started_on":"2025-09-01","training_programme":"provider_led"})");
  REQUIRE(claim.ok());
  const std::string ip = World::result(claim, "induction_period_id");
  auto o = w.run("delete_induction_period", {ActorKind::kAdmin, "admin-1"},
                 R"({"trn":"1000001","induction_period_id":")" + ip + R"("})");
  INFO(o.status.to_string());
  REQUIRE(o.ok());
  CHECK(w.wrote(o, "induction_period_deleted"));
  auto trs = w.written(o, "trs_induction_update_requested");
  REQUIRE(trs.size() == 1);
  CHECK(trs[0]["kind"] == "reset");
}

TEST_CASE("tricky case 29 - deleting one of two periods does not reset TRS") {
  World w;
  w.set_today("2025-09-10T09:00:00Z");
  auto first = w.ab("claim_ect", R"({"trn":"1000001","date_of_birth":"1995-05-05","started_on":"2025-09-01","training_programme":"provider_led"})");
  REQUIRE(first.ok());
  w.set_today("2025-10-01T09:00:00Z");
  REQUIRE(w.ab("release_ect", R"({"trn":"1000001","finished_on":"2025-09-30","number_of_terms":"0.5"})").ok());
  auto second = w.ab("claim_ect", R"({"trn":"1000001","date_of_birth":"1995-05-05","started_on":"2025-10-01","training_programme":"provider_led"})", "ab-hub-2");
  INFO(second.status.to_string());
  REQUIRE(second.ok());
  auto o = w.run("delete_induction_period", {ActorKind::kAdmin, "admin-1"},
                 R"({"trn":"1000001","induction_period_id":")" + World::result(second, "induction_period_id") + R"("})");
  REQUIRE(o.ok());
  CHECK(!w.wrote(o, "trs_induction_update_requested"));
}

TEST_CASE("tricky case 31 - a backdated claim released before the school registers does not make the ECT eligible") {
  World w;
  REQUIRE(w.ab("claim_ect", R"({"trn":"1000001","date_of_birth":"1995-05-05","started_on":"2025-09-01","training_programme":"provider_led"})").ok());
  REQUIRE(w.ab("release_ect", R"({"trn":"1000001","finished_on":"2025-10-10","number_of_terms":"0.5"})").ok());
  auto o = w.school("register_ect", ect_at("100001", "2025-09-01"));
  INFO(o.status.to_string());
  REQUIRE(o.ok());
  CHECK(!w.wrote(o, "ect_funding_eligibility_started"));
}

TEST_CASE("tricky case 31 - an induction still ongoing at registration does make the ECT eligible") {
  World w;
  REQUIRE(w.ab("claim_ect", R"({"trn":"1000001","date_of_birth":"1995-05-05","started_on":"2025-09-01","training_programme":"provider_led"})").ok());
  auto o = w.school("register_ect", ect_at("100001", "2025-09-01"));
  REQUIRE(o.ok());
  CHECK(w.wrote(o, "ect_funding_eligibility_started"));
}

TEST_CASE("tricky case 34 - a school-led ECT switched to provider-led trains the untrained mentor from today") {
  World w;
  w.set_today("2025-09-10T09:00:00Z");
  REQUIRE(w.school("register_ect", ect_at("100001", "2025-09-01", "1000001", "1995-05-05", "alice@example.com",
                                          "school_led")).ok());
  auto mentor = w.school("register_mentor", bob_for("100001", "1000001"));
  REQUIRE(mentor.ok());
  CHECK(!w.wrote(mentor, "training_period_started"));
  w.set_today("2025-10-15T09:00:00Z");
  auto o = w.school("switch_training_programme",
                    R"({"school_urn":"100001","trn":"1000001","training_programme":"provider_led","lead_provider_id":"lp-ambition"})");
  INFO(o.status.to_string());
  REQUIRE(o.ok());
  auto finished = w.written(o, "training_period_finished");
  REQUIRE(finished.size() == 1);
  CHECK(finished[0]["finished_on"] == "2025-10-14");
  auto started = w.written(o, "training_period_started");
  REQUIRE(started.size() == 2);
  CHECK(started[0]["role"] == "ect");
  CHECK(started[0]["started_on"] == "2025-10-15");
  CHECK(started[1]["role"] == "mentor");
  CHECK(started[1]["started_on"] == "2025-10-15");
  CHECK(w.wrote(o, "mentor_funding_eligibility_started"));
}

TEST_CASE("tricky case 18 - an early roll-out mentor assigned to a provider-led ECT gets no training period") {
  World w;
  w.partner();
  w.register_alice("2025-09-01");
  auto imported = w.system("import_early_roll_out_mentor", R"({"trn":"1000002"})");
  INFO(imported.status.to_string());
  REQUIRE(imported.ok());
  auto ended = w.written(imported, "mentor_funding_ended");
  REQUIRE(ended.size() == 1);
  CHECK(ended[0]["on"] == "2021-04-19");
  CHECK(ended[0]["reason"] == "completed_during_early_roll_out");
  CHECK(w.system("import_early_roll_out_mentor", R"({"trn":"1000002"})").status.code() == Code::kValidation);
  auto o = w.school("register_mentor", bob_for("100001", "1000001"));
  INFO(o.status.to_string());
  REQUIRE(o.ok());
  CHECK(w.wrote(o, "mentor_placement_started"));
  CHECK(w.wrote(o, "mentor_assigned"));
  CHECK(!w.wrote(o, "training_period_started"));
  CHECK(!w.wrote(o, "mentor_funding_eligibility_started"));
}

TEST_CASE("tricky case 25 - a bulk claim starting 2021-09-01 is rejected, the same claim through the UI is accepted") {
  World w;
  REQUIRE(w.system("record_trs_teacher", R"({"trn":"1000010","first_name":"Jo","last_name":"Early","date_of_birth":"1990-01-01",
      "induction_status":"RequiredToComplete","qts_awarded_on":"2021-07-01"})").ok());
  const std::string body =
      R"({"trn":"1000010","date_of_birth":"1990-01-01","started_on":"2021-09-01","training_programme":"provider_led"})";
  auto bulk = w.ab("bulk_claim_ect", body);
  REQUIRE(bulk.status.code() == Code::kValidation);
  REQUIRE(bulk.errors.size() == 1);
  CHECK(bulk.errors[0] == FieldError{"started_on", "Induction start date must be after 1 September 2021"});
  CHECK(bulk.events.empty());
  CHECK(w.ab("bulk_claim_ect", R"({"trn":"1000010","date_of_birth":"1990-01-01","started_on":"2021-09-02","training_programme":"provider_led"})").ok());
  World ui;
  REQUIRE(ui.system("record_trs_teacher", R"({"trn":"1000010","first_name":"Jo","last_name":"Early","date_of_birth":"1990-01-01",
      "induction_status":"RequiredToComplete","qts_awarded_on":"2021-07-01"})").ok());
  auto early = ui.ab("claim_ect", R"({"trn":"1000010","date_of_birth":"1990-01-01","started_on":"2021-08-31","training_programme":"provider_led"})");
  REQUIRE(early.errors.size() == 1);
  CHECK(early.errors[0] == FieldError{"started_on", "Induction start date must be on or after 1 September 2021"});
  CHECK(ui.ab("claim_ect", body).ok());
}
