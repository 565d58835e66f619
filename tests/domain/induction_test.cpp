#include "tests/domain/world.h"

using namespace rect;
using namespace rect::domain;
using namespace rect::domain::testing;

namespace {
const char* kClaimAlice = R"({"trn":"1000001","date_of_birth":"1995-05-05","started_on":"2025-09-01","training_programme":"provider_led"})";
bool has(const CommandOutcome& o, const std::string& title, const std::string& part) {
  for (const FieldError& e : o.errors)
    if (e.title == title && e.detail.find(part) != std::string::npos) return true;
  return false;
}
}  // namespace

TEST_CASE("induction: case 23 - claimed elsewhere is rejected, claiming again is already claimed") {
  World w;
  REQUIRE(w.ab("claim_ect", kClaimAlice).ok());
  CHECK(has(w.ab("claim_ect", kClaimAlice), "trn", "already claimed"));
  CHECK(has(w.ab("claim_ect", kClaimAlice, "ab-hub-2"), "trn", "another appropriate body"));
}

TEST_CASE("induction: case 24 - start before QTS, in the future, or before the last end") {
  World w;
  CHECK(has(w.ab("claim_ect", R"({"trn":"1000001","date_of_birth":"1995-05-05","started_on":"2025-06-30","training_programme":"provider_led"})"),
            "started_on", "QTS"));
  CHECK(has(w.ab("claim_ect", R"({"trn":"1000001","date_of_birth":"1995-05-05","started_on":"2025-10-16","training_programme":"provider_led"})"),
            "started_on", "future"));
  REQUIRE(w.ab("claim_ect", kClaimAlice).ok());
  REQUIRE(w.ab("release_ect", R"({"trn":"1000001","finished_on":"2025-10-10","number_of_terms":"0.5"})").ok());
  CHECK(has(w.ab("claim_ect", R"({"trn":"1000001","date_of_birth":"1995-05-05","started_on":"2025-10-10","training_programme":"provider_led"})", "ab-hub-2"),
            "started_on", "overlap"));
  CHECK(w.ab("claim_ect", R"({"trn":"1000001","date_of_birth":"1995-05-05","started_on":"2025-10-11","training_programme":"provider_led"})", "ab-hub-2").ok());
}

TEST_CASE("induction: cases 6 and 7 - FailedInWales and no QTS block the claim") {
  World w;
  CHECK(has(w.ab("claim_ect", R"({"trn":"1000004","date_of_birth":"1996-04-04","started_on":"2025-09-01","training_programme":"provider_led"})"),
            "trn", "induction status"));
  CHECK(has(w.ab("claim_ect", R"({"trn":"1000005","date_of_birth":"1997-06-06","started_on":"2025-09-01","training_programme":"provider_led"})"),
            "trn", "QTS"));
}

TEST_CASE("induction: case 26 - release end date and terms") {
  World w;
  REQUIRE(w.ab("claim_ect", kClaimAlice).ok());
  CHECK(has(w.ab("release_ect", R"({"trn":"1000001","finished_on":"2025-09-01","number_of_terms":"1"})"), "finished_on",
            "Induction end date must be after the induction start date"));
  CHECK(has(w.ab("release_ect", R"({"trn":"1000001","finished_on":"2025-10-16","number_of_terms":"1"})"), "finished_on", "future"));
  CHECK(has(w.ab("release_ect", R"({"trn":"1000001","finished_on":"2025-10-01","number_of_terms":"2.25"})"), "number_of_terms", "between 0 and 16"));
  CHECK(has(w.ab("release_ect", R"({"trn":"1000001","finished_on":"2025-10-01","number_of_terms":"17"})"), "number_of_terms", "between 0 and 16"));
  CHECK(has(w.ab("release_ect", R"({"trn":"1000001","finished_on":"2025-10-01"})"), "number_of_terms", "Enter a number of terms"));
}

TEST_CASE("induction: case 27/28 - pass finishes the placement today without a leave event, a second outcome is rejected") {
  World w;
  w.partner();
  w.register_alice();
  REQUIRE(w.ab("claim_ect", kClaimAlice).ok());
  auto pass = w.ab("record_induction_pass", R"({"trn":"1000001","finished_on":"2025-10-14","number_of_terms":"6"})");
  REQUIRE(pass.ok());
  CHECK(w.wrote(pass, "ect_placement_finished"));
  CHECK(!w.wrote(pass, "ect_left_school"));
  REQUIRE(w.ab("claim_ect", R"({"trn":"1000001","date_of_birth":"1995-05-05","started_on":"2025-10-15","training_programme":"provider_led"})").ok());
  CHECK(has(w.ab("record_induction_fail", R"({"trn":"1000001","finished_on":"2025-10-15","number_of_terms":"1","fail_confirmation_sent_on":"2025-10-15"})"),
            "finished_on", "after the induction start"));
  w.set_today("2025-10-20T09:00:00Z");
  CHECK(has(w.ab("record_induction_fail", R"({"trn":"1000001","finished_on":"2025-10-19","number_of_terms":"1","fail_confirmation_sent_on":"2025-10-19"})"),
            "trn", "already has an induction outcome"));
  auto reopen = w.run("reopen_induction_period", {ActorKind::kAdmin, "admin"}, R"({"trn":"1000001"})");
  CHECK(reopen.status.code() == Code::kValidation);  // latest period has no outcome
}

TEST_CASE("induction: case 37 - deleting an extension is recorded") {
  World w;
  REQUIRE(w.ab("claim_ect", kClaimAlice).ok());
  auto ext = w.ab("record_induction_extension", R"({"trn":"1000001","number_of_terms":"1.5"})");
  REQUIRE(ext.ok());
  auto removed = w.ab("remove_induction_extension", R"({"trn":"1000001","extension_id":")" + World::result(ext, "extension_id") + R"("})");
  CHECK(w.wrote(removed, "induction_extension_removed"));
}

TEST_CASE("induction: case 30 - a claim while placed makes earlier declarations eligible") {
  World w;
  w.partner();
  const std::string pid = w.register_alice();
  REQUIRE(w.lp("submit_declaration", R"({"participant_id":")" + pid + R"(","declaration_type":"started","declaration_date":"2025-10-01T10:00:00Z","course_identifier":"ecf-induction","evidence_held":"other"})").ok());
  auto claim = w.ab("claim_ect", kClaimAlice);
  CHECK(w.wrote(claim, "declaration_made_eligible"));
}

TEST_CASE("induction: case 32 - TRS Exempt records ineligibility today, once") {
  World w;
  w.partner();
  w.register_alice();
  auto exempt = w.system("record_trs_teacher", R"({"trn":"1000001","first_name":"Alice","last_name":"Smith","date_of_birth":"1995-05-05","induction_status":"Exempt","qts_awarded_on":"2025-07-01"})");
  CHECK(w.wrote(exempt, "ect_funding_ineligibility_recorded"));
  auto again = w.system("record_trs_teacher", R"({"trn":"1000001","first_name":"Alice","last_name":"Smith","date_of_birth":"1995-05-05","induction_status":"Exempt","qts_awarded_on":"2025-07-01"})");
  CHECK(!w.wrote(again, "ect_funding_ineligibility_recorded"));
}
