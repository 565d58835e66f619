#include "tests/domain/world.h"

using namespace rect;
using namespace rect::domain;
using namespace rect::domain::testing;

TEST_CASE("registration: the sandbox world loads") {
  World w;
  CHECK(w.store.head().value() > 100);
}

TEST_CASE("registration: case 1 - a start date 3 weeks ago keeps the placement date, training starts today") {
  World w;
  w.partner();
  auto o = w.school("register_ect", R"({"school_urn":"100001","trn":"1000001","date_of_birth":"1995-05-05",
      "email":"alice@example.com","started_on":"2025-09-24","working_pattern":"full_time",
      "appropriate_body_id":"ab-hub","training_programme":"provider_led","lead_provider_id":"lp-ambition"})");
  REQUIRE(o.ok());
  auto events = w.all_events();
  bool placement = false, training = false;
  for (const auto& e : events) {
    if (e.data.type == "ect_placement_started") placement = e.data.payload.find("\"started_on\":\"2025-09-24\"") != std::string::npos;
    if (e.data.type == "training_period_started")
      training = e.data.payload.find("\"started_on\":\"2025-10-15\"") != std::string::npos &&
                 e.data.payload.find("ecf-standard-september") != std::string::npos;
  }
  CHECK(placement);
  CHECK(training);
}

namespace {
bool has(const CommandOutcome& o, const std::string& title, const std::string& part) {
  for (const FieldError& e : o.errors)
    if (e.title == title && e.detail.find(part) != std::string::npos) return true;
  return false;
}
std::string ect_body(const std::string& urn, const std::string& start, const std::string& trn = "1000001",
                     const std::string& dob = "1995-05-05", const std::string& email = "alice@example.com") {
  return R"({"school_urn":")" + urn + R"(","trn":")" + trn + R"(","date_of_birth":")" + dob + R"(","email":")" + email +
         R"(","started_on":")" + start + R"(","working_pattern":"full_time","appropriate_body_id":"ab-hub",
         "training_programme":"provider_led","lead_provider_id":"lp-ambition"})";
}
}  // namespace

TEST_CASE("registration: case 2 - registering at school B ends A's placement, training and mentorship on S-1") {
  World w;
  w.register_alice("2025-09-01");
  REQUIRE(w.school("register_mentor", R"({"school_urn":"100001","trn":"1000002","date_of_birth":"1980-02-02","email":"bob@example.com","ect_trn":"1000001"})").ok());
  auto o = w.school("register_ect", ect_body("100002", "2025-11-01"));
  REQUIRE(o.ok());
  CHECK(w.wrote(o, "ect_left_school"));
  CHECK(w.wrote(o, "mentorship_finished"));
  CHECK(w.wrote(o, "training_period_finished"));
  bool ended = false;
  for (const auto& e : o.events)
    if (e.type == "ect_placement_finished") ended = true;
  CHECK(ended);
}

TEST_CASE("registration: case 3 - the new start must be at least 2 days after the previous start") {
  World w;
  w.register_alice("2025-10-14");
  CHECK(has(w.school("register_ect", ect_body("100002", "2025-10-15")), "started_on", "at least 2 days"));
  CHECK(has(w.school("register_ect", ect_body("100002", "2025-10-16")), "started_on", "at least 2 days"));  // training began today
  CHECK(w.school("register_ect", ect_body("100002", "2025-10-17")).ok());
}

TEST_CASE("registration: case 4 - at most 4 months ahead while the old placement is open, a closed cohort cannot register yet") {
  World w;
  w.register_alice("2025-09-01");
  CHECK(has(w.school("register_ect", ect_body("100002", "2026-02-16")), "started_on", "4 months"));
  CHECK(w.school("register_ect", ect_body("100002", "2026-02-15")).ok());
  World w2;
  REQUIRE(w2.system("update_contract_period", R"({"year":2026,"enabled":false})").ok());
  CHECK(has(w2.school("register_ect", ect_body("100001", "2026-07-01")), "started_on", "cannot register this teacher yet"));
}

TEST_CASE("registration: case 5 - already active at the same school") {
  World w;
  w.register_alice();
  CHECK(has(w.school("register_ect", ect_body("100001", "2025-10-01")), "trn", "already registered at your school"));
}

TEST_CASE("registration: case 6 - Passed, Exempt blocked at school, FailedInWales allowed") {
  World w;
  CHECK(has(w.school("register_ect", ect_body("100001", "2025-09-01", "1000003", "1990-03-03", "c@example.com")), "trn", "Passed"));
  CHECK(has(w.school("register_ect", ect_body("100001", "2025-09-01", "1000008", "1998-09-09", "h@example.com")), "trn", "Exempt"));
  CHECK(w.school("register_ect", ect_body("100001", "2025-09-01", "1000004", "1996-04-04", "d@example.com")).ok());
}

TEST_CASE("registration: case 7 - no QTS: the school can register") {
  World w;
  CHECK(w.school("register_ect", ect_body("100001", "2025-09-01", "1000005", "1997-06-06", "e@example.com")).ok());
}

TEST_CASE("registration: case 8 - an email used by another TRN's open placement is refused, a finished one is fine") {
  World w;
  w.set_today("2025-09-01T09:00:00Z");
  w.register_alice();
  w.set_today("2025-10-15T09:00:00Z");
  CHECK(has(w.school("register_ect", ect_body("100002", "2025-09-01", "1000007", "1998-08-08", "alice@example.com")), "email",
            "already being used"));
  REQUIRE(w.school("report_ect_leaving", R"({"school_urn":"100001","trn":"1000001","finished_on":"2025-10-15"})").ok());
  w.set_today("2025-10-16T09:00:00Z");
  CHECK(w.school("register_ect", ect_body("100002", "2025-09-01", "1000007", "1998-08-08", "alice@example.com")).ok());
}

TEST_CASE("registration: case 9 - a start before the cohort two before current is too far in the past") {
  World w;
  CHECK(has(w.school("register_ect", ect_body("100001", "2023-05-31")), "started_on", "this far in the past"));
}

TEST_CASE("registration: case 10 - an EOI period is linked when the provider partners the school") {
  World w;
  w.register_alice();
  auto sp = w.lp("create_partnership", R"({"cohort":2025,"school_id":"100001","delivery_partner_id":"dp-north"})");
  REQUIRE(sp.ok());
  CHECK(w.wrote(sp, "training_period_partnership_confirmed"));
}

TEST_CASE("registration: case 14 - first provider-led schedule by month") {
  for (auto [today, start, schedule] : {std::tuple{"2025-11-15T09:00:00Z", "2025-11-15", "ecf-standard-january"},
                                        std::tuple{"2026-03-01T09:00:00Z", "2026-03-01", "ecf-standard-april"},
                                        std::tuple{"2026-06-15T09:00:00Z", "2026-06-15", "ecf-standard-september"}}) {
    World w;
    w.set_today(today);
    REQUIRE(w.school("nominate_induction_tutor", R"({"school_urn":"100001","name":"Pat","email":"p@example.com"})").ok());
    auto o = w.school("register_ect", ect_body("100001", start));
    INFO(o.status.to_string());
    REQUIRE(o.ok());
    bool found = false;
    for (const auto& e : w.stream("ect-" + World::result(o, "participant_id")))
      found = found || e.data.payload.find(schedule) != std::string::npos;
    CHECK(found);
  }
}

TEST_CASE("registration: case 36 - an independent school without section 41 cannot register ECTs") {
  World w;
  CHECK(has(w.school("register_ect", ect_body("100003", "2025-09-01")), "school_urn", "cannot register"));
}

TEST_CASE("registration: the induction tutor must be confirmed for the current cohort") {
  World w;
  w.set_today("2026-07-01T09:00:00Z");
  CHECK(has(w.school("register_ect", ect_body("100001", "2026-07-01")), "school_urn", "induction tutor"));
}

TEST_CASE("registration: appropriate body must be a hub (or ISTIP for independents)") {
  World w;
  std::string body = ect_body("100001", "2025-09-01");
  body.replace(body.find("ab-hub"), 6, "ab-council");
  CHECK(has(w.school("register_ect", body), "appropriate_body_id", "teaching school hub"));
}

TEST_CASE("mentors: case 16 - a new mentor replaces one that started today (cancelled) or earlier (finished)") {
  World w;
  w.register_alice();
  REQUIRE(w.school("register_mentor", R"({"school_urn":"100001","trn":"1000002","date_of_birth":"1980-02-02","email":"bob@example.com","ect_trn":"1000001"})").ok());
  auto second = w.school("register_mentor", R"({"school_urn":"100001","trn":"1000006","date_of_birth":"1985-07-07","email":"fay@example.com","ect_trn":"1000001"})");
  REQUIRE(second.ok());
  CHECK(w.wrote(second, "mentorship_cancelled"));
  w.set_today("2025-11-15T09:00:00Z");
  auto back = w.school("assign_mentor", R"({"school_urn":"100001","ect_trn":"1000001","mentor_trn":"1000002"})");
  REQUIRE(back.ok());
  CHECK(w.wrote(back, "mentorship_finished"));
  CHECK(has(w.school("assign_mentor", R"({"school_urn":"100001","ect_trn":"1000001","mentor_trn":"1000002"})"), "mentor_trn",
            "different mentor"));
  CHECK(has(w.school("assign_mentor", R"({"school_urn":"100001","ect_trn":"1000001","mentor_trn":"1000001"})"), "mentor_trn",
            "cannot mentor themself"));
}

TEST_CASE("leaving: case 22 - up to 4 months ahead, case 21 - a period starting on L is cancelled") {
  World w;
  w.register_alice("2025-09-01");
  CHECK(has(w.school("report_ect_leaving", R"({"school_urn":"100001","trn":"1000001","finished_on":"2026-02-16"})"), "finished_on",
            "4 months"));
  auto o = w.school("report_ect_leaving", R"({"school_urn":"100001","trn":"1000001","finished_on":"2026-02-15"})");
  REQUIRE(o.ok());
  CHECK(w.wrote(o, "ect_left_school"));
}

TEST_CASE("changes: case 35 - a lead provider change on a period that has not started is made in place") {
  World w;
  w.register_alice("2025-12-01");
  auto o = w.school("change_lead_provider", R"({"school_urn":"100001","trn":"1000001","lead_provider_id":"lp-teach-first"})");
  REQUIRE(o.ok());
  CHECK(w.wrote(o, "training_period_updated"));
  CHECK(has(w.school("change_lead_provider", R"({"school_urn":"100001","trn":"1000001","lead_provider_id":"lp-teach-first"})"),
            "lead_provider_id", "different"));
}

TEST_CASE("changes: case 35 - an EOI-only period that started earlier is cancelled and a new one starts today") {
  World w;
  w.set_today("2025-09-15T09:00:00Z");
  w.register_alice("2025-09-01");
  w.set_today("2025-10-15T09:00:00Z");
  auto o = w.school("change_lead_provider", R"({"school_urn":"100001","trn":"1000001","lead_provider_id":"lp-teach-first"})");
  REQUIRE(o.ok());
  CHECK(w.wrote(o, "training_period_cancelled"));
  CHECK(w.wrote(o, "training_period_started"));
}

TEST_CASE("changes: working pattern, email and name") {
  World w;
  w.register_alice();
  CHECK(w.school("change_working_pattern", R"({"school_urn":"100001","trn":"1000001","working_pattern":"part_time"})").ok());
  CHECK(has(w.school("change_working_pattern", R"({"school_urn":"100001","trn":"1000001","working_pattern":"part_time"})"),
            "working_pattern", "different"));
  CHECK(w.school("change_email", R"({"school_urn":"100001","trn":"1000001","email":"alice.smith@example.com"})").ok());
  CHECK(has(w.school("change_name", R"({"school_urn":"100001","trn":"1000001","corrected_name":"alice smith"})"), "corrected_name",
            "different"));
  CHECK(has(w.school("change_name", R"({"school_urn":"100001","trn":"1000001","corrected_name":"Zoe Brown"})"), "confirmed", "Confirm"));
  CHECK(w.school("change_name", R"({"school_urn":"100001","trn":"1000001","corrected_name":"Alice Smith-Jones"})").ok());
  CHECK(w.school("change_appropriate_body", R"({"school_urn":"100001","trn":"1000001","appropriate_body_id":"ab-hub-2"})").ok());
}

TEST_CASE("merge: case 33 - the source is merged into the destination and anonymised") {
  World w;
  const std::string a = w.register_alice();
  auto b = w.school("register_ect", ect_body("100002", "2025-09-01", "1000009", "1999-01-09", "ivan@example.com"));
  REQUIRE(b.ok());
  auto o = w.run("merge_participants", {ActorKind::kAdmin, "support"},
                 R"({"source_participant_id":")" + World::result(b, "participant_id") + R"(","destination_participant_id":")" + a + R"("})");
  REQUIRE(o.ok());
  CHECK(w.wrote(o, "teacher_anonymised"));
  CHECK(w.lp("submit_declaration", R"({"participant_id":")" + World::result(b, "participant_id") +
                                       R"(","declaration_type":"started","declaration_date":"2025-10-01T10:00:00Z","course_identifier":"ecf-induction","evidence_held":"other"})")
            .errors.at(0).detail.find("not recognised") != std::string::npos);
}
