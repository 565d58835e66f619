// Rules whose branch no other suite reached (docs/rules-coverage.md lists
// every rule and the test that fails without it). One TEST_CASE per rule or
// per command's small rules, named after what it refuses.
#include "domain/api_messages.h"
#include "domain/input.h"
#include "domain/registration.h"
#include "tests/domain/world.h"

using namespace rect;
using namespace rect::domain;
using namespace rect::domain::testing;

namespace {

// An ECT registration body at 100001 for `trn`, with `extra` fields appended.
std::string ect(const std::string& trn, const std::string& dob, const std::string& email, const std::string& extra = "",
                const std::string& start = "2025-09-01") {
  return R"({"school_urn":"100001","trn":")" + trn + R"(","date_of_birth":")" + dob + R"(","email":")" + email +
         R"(","started_on":")" + start + R"(","working_pattern":"full_time","appropriate_body_id":"ab-hub")" + extra + "}";
}
constexpr const char* kSchoolLed = R"(,"training_programme":"school_led")";
constexpr const char* kErin = "1000005";
constexpr const char* kErinDob = "1997-06-06";

std::string trs_record(const std::string& trn, const std::string& dob, bool prohibited) {
  return R"({"trn":")" + trn + R"(","first_name":"Tess","last_name":"Test","date_of_birth":")" + dob +
         R"(","induction_status":"RequiredToComplete","qts_awarded_on":"2024-07-01","prohibited":)" +
         (prohibited ? "true" : "false") + "}";
}

// Alice (ECT) at 100001 with lp-ambition since 1 September 2025, registered on 10 September.
struct Alice : World {
  std::string pid;
  Alice() {
    set_today("2025-09-10T09:00:00Z");
    partner();
    pid = register_alice("2025-09-01");
    set_today("2025-10-15T09:00:00Z");
  }
  std::string lp_body(const std::string& extra, const std::string& course = "ecf-induction") const {
    return R"({"participant_id":")" + pid + R"(","course_identifier":")" + course + "\"" + extra + "}";
  }
};

}  // namespace

TEST_CASE("register ect: a teacher outside 18-100 years old is refused on date_of_birth") {
  World w;
  REQUIRE(w.system("record_trs_teacher", trs_record("1000050", "2015-01-01", false)).ok());
  expect_error(w.school("register_ect", ect("1000050", "2015-01-01", "kid@example.com", kSchoolLed)), "date_of_birth",
               school_msg::kAge);
}

TEST_CASE("register ect and mentor, claim: a prohibited teacher is refused") {
  Alice w;
  REQUIRE(w.system("record_trs_teacher", trs_record("1000051", "1990-01-01", true)).ok());
  expect_error(w.school("register_ect", ect("1000051", "1990-01-01", "p@example.com", kSchoolLed)), "trn",
               school_msg::kProhibited);
  expect_error(w.school("register_mentor", R"({"school_urn":"100001","trn":"1000051","date_of_birth":"1990-01-01",
      "email":"p@example.com","ect_trn":"1000001"})"),
               "trn", school_msg::kProhibited);
  expect_error(w.ab("claim_ect", R"({"trn":"1000051","date_of_birth":"1990-01-01","started_on":"2025-09-01",
      "training_programme":"provider_led"})"),
               "trn", school_msg::kProhibited);
}

TEST_CASE("register ect: the email must be an email address") {
  World w;
  expect_error(w.school("register_ect", ect(kErin, kErinDob, "not-an-email", kSchoolLed)), "email", school_msg::kEmailFormat);
}

TEST_CASE("register ect: registration is closed from 1 to 14 June 2026") {
  World w;
  w.set_today("2026-06-05T09:00:00Z");
  expect_error(w.school("register_ect", ect(kErin, kErinDob, "erin@example.com", kSchoolLed)), "school_urn",
               school_msg::kRegistrationClosed);
}

TEST_CASE("register ect: a start date with no cohort cannot be registered yet") {
  World w;
  expect_error(w.school("register_ect", ect(kErin, kErinDob, "erin@example.com", kSchoolLed, "2031-09-01")), "started_on",
               school_msg::kCannotRegisterYet);
}

TEST_CASE("register ect: an unknown appropriate body and lead provider are named") {
  World w;
  auto o = w.school("register_ect", R"({"school_urn":"100001","trn":"1000005","date_of_birth":"1997-06-06",
      "email":"erin@example.com","started_on":"2025-09-01","working_pattern":"full_time","appropriate_body_id":"ab-nope",
      "training_programme":"school_led"})");
  expect_error(o, "appropriate_body_id", "No appropriate body with this id was found");
  expect_error(w.school("register_ect", ect(kErin, kErinDob, "erin@example.com",
                                            R"(,"training_programme":"provider_led","lead_provider_id":"lp-nope")")),
               "lead_provider_id", "No lead provider with this id was found");
}

TEST_CASE("register ect: a lead provider not active in the cohort is refused") {
  World w;
  REQUIRE(w.system("register_lead_provider", R"({"lead_provider_id":"lp-new","name":"New Provider","vat_registered":true})").ok());
  expect_error(w.school("register_ect", ect(kErin, kErinDob, "erin@example.com",
                                            R"(,"training_programme":"provider_led","lead_provider_id":"lp-new")")),
               "lead_provider_id", school_msg::kLeadProviderInactive);
}

TEST_CASE("register ect: provider-led needs a lead provider, school-led must not have one") {
  World w;
  expect_error(w.school("register_ect", ect(kErin, kErinDob, "erin@example.com", R"(,"training_programme":"provider_led")")),
               "lead_provider_id", "is required");
  expect_error(w.school("register_ect", ect(kErin, kErinDob, "erin@example.com",
                                            R"(,"training_programme":"school_led","lead_provider_id":"lp-ambition")")),
               "lead_provider_id", "must be empty for school-led training");
}

TEST_CASE("register mentor: a mentee cannot mentor themself, the ECT must be at the school, the start at most 4 months ahead") {
  Alice w;
  expect_error(w.school("register_mentor", R"({"school_urn":"100001","trn":"1000001","date_of_birth":"1995-05-05",
      "email":"alice@example.com","ect_trn":"1000001"})"),
               "trn", school_msg::kMenteeCannotMentorThemself);
  expect_error(w.school("register_mentor", R"({"school_urn":"100001","trn":"1000002","date_of_birth":"1980-02-02",
      "email":"bob@example.com","ect_trn":"1000009"})"),
               "ect_trn", school_msg::kNotAtSchool);
  expect_error(w.school("register_mentor", R"({"school_urn":"100001","trn":"1000002","date_of_birth":"1980-02-02",
      "email":"bob@example.com","ect_trn":"1000001","started_on":"2026-03-01"})"),
               "started_on", school_msg::kTooFarInFuture);
}

TEST_CASE("register mentor: a mentor elsewhere must say whether they mentor only here, and then give a start date") {
  Alice w;
  REQUIRE(w.school("register_ect", R"({"school_urn":"100002","trn":"1000009","date_of_birth":"1999-01-09",
      "email":"ivan@example.com","started_on":"2025-09-01","working_pattern":"full_time","appropriate_body_id":"ab-hub",
      "training_programme":"school_led"})").ok());
  REQUIRE(w.school("register_mentor", R"({"school_urn":"100002","trn":"1000002","date_of_birth":"1980-02-02",
      "email":"bob@example.com","ect_trn":"1000009"})").ok());
  const std::string base = R"({"school_urn":"100001","trn":"1000002","date_of_birth":"1980-02-02",
      "email":"bob@example.com","ect_trn":"1000001")";
  expect_error(w.school("register_mentor", base + "}"), "mentoring_only_at_this_school", "is required");
  expect_error(w.school("register_mentor", base + R"(,"mentoring_only_at_this_school":true})"), "started_on", "is required");
  expect_error(w.school("register_mentor", base + R"(,"mentoring_only_at_this_school":true,"started_on":"2026-03-01"})"),
               "started_on", school_msg::kTooFarInFuture);
  expect_error(w.school("register_mentor", base + R"(,"mentoring_only_at_this_school":false,"started_on":"2025-10-20"})"),
               "started_on", "must be empty when the mentor keeps mentoring at other schools");
}

TEST_CASE("assign mentor: the school must exist and both teachers must be at it") {
  Alice w;
  expect_error(w.school("assign_mentor", R"({"school_urn":"999999","ect_trn":"1000001","mentor_trn":"1000002"})"),
               "school_urn", school_msg::kUnknownSchool);
  expect_error(w.school("assign_mentor", R"({"school_urn":"100001","ect_trn":"1000009","mentor_trn":"1000002"})"),
               "ect_trn", school_msg::kNotAtSchool);
  expect_error(w.school("assign_mentor", R"({"school_urn":"100001","ect_trn":"1000001","mentor_trn":"1000002"})"),
               "mentor_trn", school_msg::kNotAtSchool);
}

TEST_CASE("school changes: each change must change something, at a known school, for a teacher there") {
  Alice w;
  const std::string at = R"({"school_urn":"100001","trn":"1000001")";
  expect_error(w.school("switch_training_programme", at + R"(,"training_programme":"provider_led","lead_provider_id":"lp-ambition"})"),
               "training_programme", "Choose a different training programme");
  expect_error(w.school("change_appropriate_body", at + R"(,"appropriate_body_id":"ab-hub"})"), "appropriate_body_id",
               "Choose a different appropriate body");
  expect_error(w.school("change_email", at + R"(,"email":"alice@example.com"})"), "email", "Enter a different email address");
  expect_error(w.school("change_name", R"({"school_urn":"100001","trn":"1000009","corrected_name":"Ivan R"})"), "trn",
               school_msg::kNotAtSchool);
  expect_error(w.school("change_working_pattern", R"({"school_urn":"100001","trn":"1000009","working_pattern":"part_time"})"),
               "trn", school_msg::kNotAtSchool);
  expect_error(w.school("report_ect_leaving", R"({"school_urn":"999999","trn":"1000001","finished_on":"2025-12-01"})"),
               "school_urn", school_msg::kUnknownSchool);
  expect_error(w.school("report_ect_leaving", R"({"school_urn":"100001","trn":"1000009","finished_on":"2025-12-01"})"), "trn",
               school_msg::kNotAtSchool);
  expect_error(w.school("report_ect_leaving", at + R"(,"finished_on":"2025-09-02"})"), "finished_on",
               "Leaving date must be at least 2 days after the teacher started at your school");
}

TEST_CASE("school changes: the lead provider of school-led training cannot be changed") {
  World w;
  REQUIRE(w.school("register_ect", ect(kErin, kErinDob, "erin@example.com", kSchoolLed)).ok());
  expect_error(w.school("change_lead_provider", R"({"school_urn":"100001","trn":"1000005","lead_provider_id":"lp-ambition"})"),
               "training_programme", "The lead provider cannot be changed for school-led training");
}

TEST_CASE("induction tutor: the email must be valid, the school known, and a tutor nominated before it is confirmed") {
  World w;
  expect_error(w.school("nominate_induction_tutor", R"({"school_urn":"100001","name":"Pat","email":"nope"})"), "email",
               school_msg::kEmailFormat);
  expect_error(w.school("confirm_induction_tutor", R"({"school_urn":"999999"})"), "school_urn", school_msg::kUnknownSchool);
  expect_error(w.school("confirm_induction_tutor", R"({"school_urn":"100003"})"), "school_urn",
               "No induction tutor has been nominated yet");
}

TEST_CASE("change schedule: a mentor cannot be placed on a reduced schedule") {
  Alice w;
  auto bob = w.school("register_mentor", R"({"school_urn":"100001","trn":"1000002","date_of_birth":"1980-02-02",
      "email":"bob@example.com","ect_trn":"1000001","lead_provider_id":"lp-ambition"})");
  REQUIRE(bob.ok());
  w.set_today("2025-10-20T09:00:00Z");
  const std::string body = R"({"participant_id":")" + World::result(bob, "participant_id") +
                           R"(","course_identifier":"ecf-mentor","schedule_identifier":"ecf-reduced-september"})";
  expect_error(w.lp("change_schedule", body), "schedule_identifier", msg::kReducedForMentor);
}

TEST_CASE("change schedule: a participant who has left the school cannot change schedule") {
  Alice w;
  REQUIRE(w.school("report_ect_leaving", R"({"school_urn":"100001","trn":"1000001","finished_on":"2025-10-10"})").ok());
  expect_error(w.lp("change_schedule", w.lp_body(R"(,"schedule_identifier":"ecf-extended-september")")), "participant_id",
               msg::kParticipantLeft);
}

TEST_CASE("change schedule: a change that would put a declaration outside its milestone is refused") {
  World w;
  w.partner();
  const std::string pid = w.register_alice("2025-09-01");  // training starts today, 15 October
  const std::string base = R"({"participant_id":")" + pid + R"(","course_identifier":"ecf-induction")";
  REQUIRE(w.lp("submit_declaration", base + R"(,"declaration_type":"started","declaration_date":"2025-10-15T08:00:00Z",
      "evidence_held":"training-event-attended"})").ok());
  expect_error(w.lp("change_schedule", base + R"(,"schedule_identifier":"ecf-standard-january"})"), "schedule_identifier",
               msg::kWouldInvalidateDeclarations);
}

TEST_CASE("resume: a participant training with another provider at the same school cannot be resumed") {
  Alice w;
  w.partner("100001", "lp-teach-first");
  REQUIRE(w.lp("defer_participant", w.lp_body(R"(,"reason":"parental-leave")")).ok());
  REQUIRE(w.school("change_lead_provider", R"({"school_urn":"100001","trn":"1000001","lead_provider_id":"lp-teach-first"})").ok());
  w.set_today("2025-10-17T09:00:00Z");
  expect_error(w.lp("resume_participant", w.lp_body("")), "participant_id", msg::kActiveWithAnotherProvider);
}

TEST_CASE("declarations: a field of the wrong JSON type is named") {
  Alice w;
  auto o = w.lp("submit_declaration", R"({"participant_id":")" + w.pid + R"(","declaration_type":3,
      "declaration_date":"2025-10-10T10:00:00Z","course_identifier":"ecf-induction"})");
  expect_error(o, "declaration_type", kNotText);
  CHECK(o.errors.size() == 1);
}

TEST_CASE("update partnership: the delivery partner must be given, known and paired with the provider") {
  World w;
  const std::string id = w.partner();
  auto body = [&](const std::string& dp) { return R"({"partnership_id":")" + id + "\"" + dp + "}"; };
  expect_error(w.lp("update_partnership", body("")), "delivery_partner_id", msg::kDeliveryPartnerIdBlank);
  expect_error(w.lp("update_partnership", body(R"(,"delivery_partner_id":"dp-nope")")), "delivery_partner_id",
               msg::kDeliveryPartnerUnknown);
  REQUIRE(w.system("register_delivery_partner", R"({"delivery_partner_id":"dp-east","name":"East Partnership"})").ok());
  expect_error(w.lp("update_partnership", body(R"(,"delivery_partner_id":"dp-east")")), "delivery_partner_id",
               msg::kDeliveryPartnerNotPaired);
}

TEST_CASE("induction: terms, an ongoing period, extensions and deleting a period with an outcome") {
  World w;
  const char* claim = R"({"trn":"1000001","date_of_birth":"1995-05-05","started_on":"2025-09-01","training_programme":"provider_led"})";
  expect_error(w.ab("release_ect", R"({"trn":"1000001","finished_on":"2025-10-01","number_of_terms":"1"})"), "trn",
               "This teacher has no ongoing induction period with you");
  REQUIRE(w.ab("claim_ect", claim).ok());
  expect_error(w.ab("record_induction_extension", R"({"trn":"1000001","number_of_terms":"0"})"), "number_of_terms",
               "Enter a number of terms between 0 and 16, with at most one decimal place");
  expect_error(w.ab("record_induction_extension", R"({"trn":"1000009","number_of_terms":"1"})"), "trn",
               "This teacher has no ongoing induction period with you");
  expect_error(w.ab("record_induction_extension", R"({"trn":"1000001","number_of_terms":"1","extension_id":"x"})"),
               "extension_id", "was not found");
  expect_error(w.ab("remove_induction_extension", R"({"trn":"1000001","extension_id":"x"})"), "extension_id", "was not found");
  auto pass = w.ab("record_induction_pass", R"({"trn":"1000001","finished_on":"2025-10-10","number_of_terms":"3"})");
  REQUIRE(pass.ok());
  const Actor admin{ActorKind::kAdmin, "admin-1"};
  expect_error(w.run("delete_induction_period", admin, R"({"trn":"1000001","induction_period_id":"nope"})"),
               "induction_period_id", "was not found");
}

TEST_CASE("induction: a fail confirmation sent before the end date is refused") {
  World w;
  REQUIRE(w.ab("claim_ect", R"({"trn":"1000001","date_of_birth":"1995-05-05","started_on":"2025-09-01","training_programme":"provider_led"})").ok());
  expect_error(w.ab("record_induction_fail", R"({"trn":"1000001","finished_on":"2025-10-10","number_of_terms":"3",
      "fail_confirmation_sent_on":"2025-10-01"})"),
               "fail_confirmation_sent_on", "must not be in the future or before the induction end date");
}

TEST_CASE("gias: closing or merging needs known schools, and a school cannot merge into itself") {
  World w;
  expect_error(w.system("close_school", R"({"urn":"999999","closed_on":"2025-10-01"})"), "urn",
               "No school with this URN was found");
  expect_error(w.system("merge_school", R"({"urn":"100001","successor_urn":"999999"})"), "successor_urn",
               "No school with this URN was found");
  expect_error(w.system("merge_school", R"({"urn":"100001","successor_urn":"100001"})"), "successor_urn",
               "A school cannot be merged into itself");
}

TEST_CASE("early roll-out mentors: the TRN must be 7 digits and known to TRS") {
  World w;
  expect_error(w.system("import_early_roll_out_mentor", R"({"trn":"12"})"), "trn", "must be 7 digits");
  expect_error(w.system("import_early_roll_out_mentor", R"({"trn":"1000077"})"), "trn",
               "No teacher with this teacher reference number (TRN) was found in TRS");
}

TEST_CASE("clock: a day after today cannot be started") {
  World w;
  expect_error(w.system("start_day", R"({"date":"2025-10-16"})"), "date", "cannot be after today");
}

TEST_CASE("declarations: a declaration dated after its milestone date is refused") {
  World w;  // 2024's standard September schedule: started by 31 December 2024
  w.set_today("2024-09-10T09:00:00Z");
  w.partner("100001", "lp-ambition", "dp-north", 2024);
  const std::string pid = w.register_alice("2024-09-01");
  w.set_today("2025-01-15T09:00:00Z");
  expect_error(w.lp("submit_declaration", R"({"participant_id":")" + pid + R"(","course_identifier":"ecf-induction",
      "declaration_type":"started","declaration_date":"2025-01-10T10:00:00Z","evidence_held":"training-event-attended"})"),
               "declaration_date", msg::kAfterMilestoneEnd);
}

TEST_CASE("declarations: a participant training in a payments-frozen cohort cannot be declared for") {
  World w;
  w.set_today("2022-10-10T09:00:00Z");
  REQUIRE(w.system("update_contract_period", R"({"year":2022,"enabled":true})").ok());
  w.partner("100001", "lp-ambition", "dp-north", 2022);
  const std::string pid = w.register_alice("2022-09-01");
  w.set_today("2025-10-15T09:00:00Z");
  expect_error(w.lp("submit_declaration", R"({"participant_id":")" + pid + R"(","course_identifier":"ecf-induction",
      "declaration_type":"retained-1","declaration_date":"2023-02-10T10:00:00Z","evidence_held":"training-event-attended"})"),
               "cohort", msg::cohort_frozen(2022));
}

TEST_CASE("change schedule: a participant who passed induction has completed training") {
  Alice w;
  REQUIRE(w.ab("claim_ect", R"({"trn":"1000001","date_of_birth":"1995-05-05","started_on":"2025-09-01","training_programme":"provider_led"})").ok());
  REQUIRE(w.ab("record_induction_pass", R"({"trn":"1000001","finished_on":"2025-10-10","number_of_terms":"3"})").ok());
  expect_error(w.lp("change_schedule", w.lp_body(R"(,"schedule_identifier":"ecf-extended-september")")), "participant_id",
               msg::kTrainingCompleted);
}

TEST_CASE("change schedule: a participant due to start with another provider is refused") {
  Alice w;
  REQUIRE(w.school("register_ect", R"({"school_urn":"100002","trn":"1000001","date_of_birth":"1995-05-05",
      "email":"alice@example.com","started_on":"2025-12-01","working_pattern":"full_time","appropriate_body_id":"ab-hub",
      "training_programme":"provider_led","lead_provider_id":"lp-teach-first"})").ok());
  expect_error(w.lp("change_schedule", w.lp_body(R"(,"schedule_identifier":"ecf-extended-september")")), "participant_id",
               msg::kFutureTrainingElsewhere);
}

TEST_CASE("leaving: the leaving date must be at least 2 days after the latest training started") {
  Alice w;  // placement from 1 September, training from 10 September
  expect_error(w.school("report_ect_leaving", R"({"school_urn":"100001","trn":"1000001","finished_on":"2025-09-11"})"),
               "finished_on", "Leaving date must be at least 2 days after the teacher's latest training started");
}

TEST_CASE("induction: a period with an outcome cannot be deleted") {
  World w;
  auto claim = w.ab("claim_ect", R"({"trn":"1000001","date_of_birth":"1995-05-05","started_on":"2025-09-01","training_programme":"provider_led"})");
  REQUIRE(claim.ok());
  REQUIRE(w.ab("record_induction_pass", R"({"trn":"1000001","finished_on":"2025-10-10","number_of_terms":"3"})").ok());
  const std::string id = World::result(claim, "induction_period_id");
  REQUIRE(!id.empty());
  expect_error(w.run("delete_induction_period", {ActorKind::kAdmin, "admin-1"},
                     R"({"trn":"1000001","induction_period_id":")" + id + R"("})"),
               "induction_period_id", "An induction period with an outcome cannot be deleted");
}

TEST_CASE("bulk claim: the teacher must be between 18 and 99") {
  World w;
  REQUIRE(w.system("record_trs_teacher", trs_record("1000052", "1920-01-01", false)).ok());
  expect_error(w.ab("bulk_claim_ect", R"({"trn":"1000052","date_of_birth":"1920-01-01","started_on":"2025-09-01","training_programme":"provider_led"})"),
               "date_of_birth", "The teacher must be between 18 and 99 years old");
}

TEST_CASE("gias: a school cannot merge into a closed one") {
  World w;
  REQUIRE(w.system("close_school", R"({"urn":"100002","closed_on":"2025-10-01"})").ok());
  expect_error(w.system("merge_school", R"({"urn":"100001","successor_urn":"100002"})"), "successor_urn",
               "The successor school is closed");
}

TEST_CASE("merge: the records must exist and differ") {
  Alice w;
  expect_error(w.system("merge_participants", R"({"source_participant_id":"nope","destination_participant_id":")" + w.pid + R"("})"),
               "source_participant_id", "was not found");
  expect_error(w.system("merge_participants", R"({"source_participant_id":")" + w.pid + R"(","destination_participant_id":")" +
                                                  w.pid + R"("})"),
               "destination_participant_id", "must differ from the source");
}

TEST_CASE("finance: adjustments and authorisation need a known statement that can take them") {
  World w;
  auto st = w.finance("create_statement", R"({"lead_provider_id":"lp-ambition","year":2025,"month":2,"calendar_year":2026,"deadline_date":"2026-01-31","payment_date":"2026-02-25","fee_type":"output"})");
  REQUIRE(st.ok());
  const std::string id = World::result(st, "statement_id");
  auto service = w.finance("create_statement", R"({"lead_provider_id":"lp-ambition","year":2025,"month":3,"calendar_year":2026,"deadline_date":"2026-02-28","payment_date":"2026-03-25","fee_type":"service"})");
  REQUIRE(service.ok());
  expect_error(w.finance("authorise_statement", R"({"statement_id":")" + World::result(service, "statement_id") + R"("})"),
               "statement_id", "only output statements can be authorised for payment");
  expect_error(w.finance("add_statement_adjustment", R"({"statement_id":"nope","payment_type":"Extra","amount":"1.00"})"),
               "statement_id", "was not found");
  expect_error(w.finance("remove_statement_adjustment", R"({"statement_id":"nope","adjustment_id":"x"})"), "statement_id",
               "was not found");
  expect_error(w.finance("remove_statement_adjustment", R"({"statement_id":")" + id + R"(","adjustment_id":"x"})"),
               "adjustment_id", "was not found");
  expect_error(w.finance("authorise_statement", R"({"statement_id":"nope"})"), "statement_id", "was not found");
  expect_error(w.finance("authorise_statement", R"({"statement_id":")" + id + R"("})"), "statement_id",
               "this statement is not payable yet");
  expect_error(w.finance("create_statement", R"({"lead_provider_id":"lp-ambition","year":2025,"month":5,"calendar_year":2026,"deadline_date":"2026-04-30","payment_date":"2026-04-20"})"),
               "payment_date", "must be after the deadline date");
}

TEST_CASE("declarations and partnerships: an unknown or missing lead provider is named") {
  Alice w;
  const std::string body = w.lp_body(R"(,"declaration_type":"started","declaration_date":"2025-10-10T10:00:00Z")");
  expect_error(w.lp("submit_declaration", body, "lp-nope"), "lead_provider_id",
               "The '#/lead_provider_id' you have entered is invalid.");
  expect_error(w.lp("submit_declaration", body, ""), "lead_provider_id", "Enter a '#/lead_provider_id'.");
  const std::string partnership = R"({"cohort":"2025","school_id":"100002","delivery_partner_id":"dp-north"})";
  expect_error(w.lp("create_partnership", partnership, ""), "lead_provider_id", "Enter a '#/lead_provider_id'.");
  expect_error(w.lp("create_partnership", partnership, "lp-nope"), "lead_provider_id", "Enter a '#/lead_provider_id'.");
}

TEST_CASE("void on behalf: an unknown declaration is named") {
  World w;
  expect_error(w.finance("void_declaration_on_behalf", R"({"declaration_id":"nope"})"), "declaration_id",
               "No declaration with this id was found");
}

TEST_CASE("bad input: a mentor's TRN must be 7 digits, whole numbers and dates must be well formed") {
  Alice w;
  expect_error(w.school("register_mentor", R"({"school_urn":"100001","trn":"12","date_of_birth":"1980-02-02",
      "email":"bob@example.com","ect_trn":"1000001"})"),
               "trn", "must be 7 digits");
  expect_error(w.finance("create_statement", R"({"lead_provider_id":"lp-ambition","year":2025,"month":"x2","calendar_year":2026,"deadline_date":"2026-01-31","payment_date":"2026-02-25"})"),
               "month", kNotInteger);
  expect_error(w.finance("create_statement", R"({"lead_provider_id":"lp-ambition","year":2025,"month":[2],"calendar_year":2026,"deadline_date":"2026-01-31","payment_date":"2026-02-25"})"),
               "month", kNotInteger);
  expect_error(w.finance("create_statement", R"({"lead_provider_id":"lp-ambition","year":2025,"month":2,"calendar_year":2026,"deadline_date":20260131,"payment_date":"2026-02-25"})"),
               "deadline_date", kNotDate);
  expect_error(w.finance("create_statement", R"({"lead_provider_id":"lp-ambition","year":2025,"month":2,"calendar_year":2026,"deadline_date":"2026-01-31","payment_date":"2026-02-25","contract_id":"nope"})"),
               "contract_id", "was not found");
}

TEST_CASE("finance: a paid statement takes no adjustment, a payable one with nothing due is not authorised, a clawback needs a later output statement") {
  Alice w;
  auto dec = w.lp("submit_declaration", w.lp_body(R"(,"declaration_type":"started","declaration_date":"2025-10-01T10:00:00Z",
      "evidence_held":"training-event-attended")"));
  REQUIRE(dec.ok());
  REQUIRE(w.ab("claim_ect", R"({"trn":"1000001","date_of_birth":"1995-05-05","started_on":"2025-09-01","training_programme":"provider_led"})").ok());
  w.set_today("2025-11-01T09:00:00Z");
  REQUIRE(w.system("start_day", R"({"date":"2025-11-01"})").ok());
  std::string paid_id, idle_id;
  for (const RecordedEvent& e : w.all_events()) {
    if (e.data.type == "declaration_made_payable") paid_id = nlohmann::json::parse(e.data.payload)["statement_id"];
  }
  for (const RecordedEvent& e : w.all_events()) {
    if (e.data.type != "statement_created") continue;
    const auto p = nlohmann::json::parse(e.data.payload);
    if (p["lead_provider_id"] == "lp-teach-first" && p["fee_type"] == "output" && p["deadline_date"] < "2025-11-01" &&
        p["year"] == 2025)
      idle_id = p["statement_id"];
  }
  REQUIRE(!paid_id.empty());
  REQUIRE(!idle_id.empty());
  expect_error(w.finance("authorise_statement", R"({"statement_id":")" + idle_id + R"("})"), "statement_id",
               "this statement has nothing to pay or claw back");
  REQUIRE(w.finance("authorise_statement", R"({"statement_id":")" + paid_id + R"("})").ok());
  expect_error(w.finance("add_statement_adjustment", R"({"statement_id":")" + paid_id + R"(","payment_type":"Extra","amount":"1.00"})"),
               "statement_id", "adjustments are frozen once a statement is authorised for payment");
  expect_error(w.finance("remove_statement_adjustment", R"({"statement_id":")" + paid_id + R"(","adjustment_id":"x"})"),
               "statement_id", "adjustments are frozen once a statement is authorised for payment");
  w.set_today("2031-01-01T09:00:00Z");
  expect_error(w.lp("void_declaration", R"({"participant_declaration_id":")" + World::result(dec, "declaration_id") + R"("})"),
               "participant_declaration_id", msg::clawback_no_output_statement(2025));
}

TEST_CASE("register ect: a malformed TRN, and a missing appropriate body and programme, are named") {
  World w;
  expect_error(w.school("register_ect", ect("12", kErinDob, "erin@example.com", kSchoolLed)), "trn", "must be 7 digits");
  auto o = w.school("register_ect", R"({"school_urn":"100001","trn":"1000005","date_of_birth":"1997-06-06",
      "email":"erin@example.com","started_on":"2025-09-01","working_pattern":"full_time"})");
  expect_error(o, "appropriate_body_id", "is required");
  expect_error(o, "training_programme", "is required");
}

TEST_CASE("bad input: text, length, recognised values and required fields each have their message") {
  World w;
  auto body = [](const std::string& fields) {
    return R"({"school_urn":"100001","trn":"1000005","date_of_birth":"1997-06-06","started_on":"2025-09-01",
        "appropriate_body_id":"ab-hub","training_programme":"school_led")" + fields + "}";
  };
  expect_error(w.school("register_ect", body(R"(,"email":5,"working_pattern":"full_time")")), "email", kNotText);
  expect_error(w.school("register_ect", body(R"(,"email":"erin@example.com","working_pattern":"full_time","corrected_name":")" +
                                             std::string(71, 'x') + "\"")),
               "corrected_name", kTooLong);
  expect_error(w.school("register_ect", body(R"(,"email":"erin@example.com","working_pattern":"sometimes")")),
               "working_pattern", kNotRecognised);
  expect_error(w.school("register_ect", body(R"(,"email":"erin@example.com")")), "working_pattern", kMissing);
  expect_error(w.finance("create_statement", R"({"lead_provider_id":"lp-ambition","year":2025,"calendar_year":2026,"deadline_date":"2026-01-31","payment_date":"2026-02-25"})"),
               "month", kMissing);
}

TEST_CASE("finance: bands and contracts need an active lead provider and well-formed terms") {
  World w;
  expect_error(w.finance("add_band", R"({"lead_provider_id":"lp-nope","year":2026,"capacity":10})"), "lead_provider_id",
               "was not found");
  REQUIRE(w.system("register_lead_provider", R"({"lead_provider_id":"lp-new","name":"New Provider","vat_registered":true})").ok());
  expect_error(w.finance("add_band", R"({"lead_provider_id":"lp-new","year":2026,"capacity":10})"), "year",
               "the lead provider is not active in this contract period");
  REQUIRE(w.finance("add_band", R"({"lead_provider_id":"lp-ambition","year":2026,"capacity":2000})").ok());
  const std::string banded = R"("banded":{"recruitment_target":1000,"setup_fee":"0","uplift_fee_per_declaration":"100.00",)";
  const std::string one_term = R"("band_terms":[{"fee_per_declaration":"1000.00","output_fee_ratio":"0.60","service_fee_ratio":"0.40"}]})";
  auto contract = [&](const std::string& rest) {
    return w.finance("create_contract", R"({"lead_provider_id":"lp-ambition","year":2026,)" + rest + "}");
  };
  expect_error(contract(R"("contract_type":"ecf","vat_rate":"1.5",)" + banded + one_term), "vat_rate", "must be between 0 and 1");
  expect_error(contract(R"("contract_type":"ecf")"), "banded", kMissing);
  expect_error(contract(R"("contract_type":"ittecf_ectp",)" + banded + one_term), "flat_rate", kMissing);
  expect_error(contract(R"("contract_type":"ecf","flat_rate":{},)" + banded + one_term), "flat_rate",
               "is only for ittecf_ectp contracts");
  expect_error(contract(R"("contract_type":"ecf","banded":{"setup_fee":"0","uplift_fee_per_declaration":"100.00",)" + one_term),
               "banded.recruitment_target", kMissing);
  expect_error(contract(R"("contract_type":"ecf",)" + banded + R"("band_terms":[]})"), "banded.band_terms",
               "must give one entry per band (1)");
  expect_error(contract(R"("contract_type":"ecf",)" + banded + R"("band_terms":[5]})"), "banded.band_terms",
               "each entry must be an object");
  expect_error(contract(R"("contract_type":"ecf",)" + banded + R"("band_terms":[{"output_fee_ratio":"0.60","service_fee_ratio":"0.40"}]})"),
               "banded.band_terms.fee_per_declaration", kMissing);
}

TEST_CASE("school changes: switching to provider-led needs a lead provider") {
  World w;
  REQUIRE(w.school("register_ect", ect(kErin, kErinDob, "erin@example.com", kSchoolLed)).ok());
  expect_error(w.school("switch_training_programme", R"({"school_urn":"100001","trn":"1000005","training_programme":"provider_led"})"),
               "lead_provider_id", kMissing);
}

TEST_CASE("claim: an admin claiming for an unknown appropriate body is refused") {
  World w;
  expect_error(w.run("claim_ect", {ActorKind::kAdmin, "admin-1"},
                     R"({"trn":"1000001","date_of_birth":"1995-05-05","started_on":"2025-09-01","training_programme":"provider_led","appropriate_body_id":"ab-nope"})"),
               "appropriate_body_id", "was not found");
}
