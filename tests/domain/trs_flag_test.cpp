// TRS answers that are not a record (domain.md §1.1 trs_response): not_found,
// gone (deactivated) and permanent_redirect (merged). They flag the TRS
// record and the teacher holding the TRN; a flagged teacher is no longer
// refreshed, and a flagged TRN cannot be registered or claimed (§2.1, §3.1).
#include "domain/registration.h"
#include "tests/domain/world.h"

using namespace rect;
using namespace rect::domain;
using namespace rect::domain::testing;

namespace {

std::string flag(const std::string& trn, const std::string& response, const std::string& extra = "") {
  return R"({"trn":")" + trn + R"(","response":")" + response + "\"" + extra + "}";
}

constexpr const char* kAliceRenamed = R"({"trn":"1000001","first_name":"Alice","last_name":"Jones",
    "date_of_birth":"1995-05-05","induction_status":"InProgress","qts_awarded_on":"2025-07-01"})";

// Erin (TRN 1000005) is in TRS and not registered anywhere.
std::string register_erin(World& w) {
  return w.school("register_ect", R"({"school_urn":"100001","trn":"1000005","date_of_birth":"1997-06-06",
      "email":"erin@example.com","started_on":"2025-09-01","working_pattern":"full_time","appropriate_body_id":"ab-hub",
      "training_programme":"school_led"})").errors.empty() ? "ok" : "refused";
}

}  // namespace

TEST_CASE("trs flag: a permanent redirect flags the TRS record and the teacher holding the TRN") {
  World w;
  const std::string alice = w.register_alice();
  auto o = w.system("record_trs_teacher", flag("1000001", "permanent_redirect", R"(,"redirected_to":"1000099")"));
  INFO(o.status.to_string());
  REQUIRE(o.ok());
  auto on_trs = w.written(o, "trs_record_flagged");
  REQUIRE(on_trs.size() == 1);
  CHECK(on_trs[0] == nlohmann::json{{"trn", "1000001"}, {"response", "permanent_redirect"}, {"redirected_to", "1000099"}});
  CHECK(o.events[0].stream == "trs-1000001");
  auto on_teacher = w.written(o, "teacher_trs_record_flagged");
  REQUIRE(on_teacher.size() == 1);
  CHECK(on_teacher[0] ==
        nlohmann::json{{"teacher_id", alice}, {"response", "permanent_redirect"}, {"redirected_to", "1000099"}});
  CHECK(o.events[1].stream == "teacher-" + alice);
  // The same answer again changes nothing.
  auto again = w.system("record_trs_teacher", flag("1000001", "permanent_redirect", R"(,"redirected_to":"1000099")"));
  REQUIRE(again.ok());
  CHECK(again.events.empty());
  // A gone answer for a TRN no teacher holds flags only the TRS record.
  auto gone = w.system("record_trs_teacher", flag("1000005", "gone"));
  REQUIRE(gone.ok());
  REQUIRE(gone.events.size() == 1);
  CHECK(w.written(gone, "trs_record_flagged")[0]["redirected_to"].is_null());
}

TEST_CASE("trs flag: a flagged teacher is no longer refreshed by a TRS answer") {
  World w;
  const std::string alice = w.register_alice();
  REQUIRE(w.system("record_trs_teacher", flag("1000001", "gone")).ok());
  auto o = w.system("record_trs_teacher", kAliceRenamed);
  INFO(o.status.to_string());
  REQUIRE(o.ok());
  CHECK(w.wrote(o, "trs_record_received"));  // TRS's own record is kept
  CHECK(!w.wrote(o, "teacher_trs_snapshot_refreshed"));
  CHECK(!w.wrote(o, "teacher_trs_induction_status_changed"));
  for (const WrittenEvent& e : o.events) CHECK(e.stream != "teacher-" + alice);
}

TEST_CASE("trs flag: an unflagged teacher is refreshed by the same answer") {
  World w;
  w.register_alice();
  auto o = w.system("record_trs_teacher", kAliceRenamed);
  REQUIRE(o.ok());
  CHECK(w.wrote(o, "teacher_trs_snapshot_refreshed"));
  CHECK(w.wrote(o, "teacher_trs_induction_status_changed"));
}

TEST_CASE("trs flag: a TRN merged into another TRS record cannot be registered or claimed") {
  World w;
  REQUIRE(w.system("record_trs_teacher", flag("1000005", "permanent_redirect", R"(,"redirected_to":"1000099")")).ok());
  auto o = w.school("register_ect", R"({"school_urn":"100001","trn":"1000005","date_of_birth":"1997-06-06",
      "email":"erin@example.com","started_on":"2025-09-01","working_pattern":"full_time","appropriate_body_id":"ab-hub",
      "training_programme":"school_led"})");
  expect_error(o, "trn", school_msg::kTrsRecordMerged);
  expect_error(w.ab("claim_ect", R"({"trn":"1000005","date_of_birth":"1997-06-06","started_on":"2025-09-01",
      "training_programme":"provider_led"})"),
               "trn", school_msg::kTrsRecordMerged);
  // TRS answering with the record again lifts the block.
  REQUIRE(w.system("record_trs_teacher", R"({"trn":"1000005","first_name":"Erin","last_name":"Black",
      "date_of_birth":"1997-06-06","induction_status":"InProgress","qts_awarded_on":null})").ok());
  CHECK(register_erin(w) == "ok");
}

TEST_CASE("trs flag: a deactivated TRS record cannot be registered, and a not_found one is not found") {
  World w;
  REQUIRE(w.system("record_trs_teacher", flag("1000005", "gone")).ok());
  auto o = w.school("register_ect", R"({"school_urn":"100001","trn":"1000005","date_of_birth":"1997-06-06",
      "email":"erin@example.com","started_on":"2025-09-01","working_pattern":"full_time","appropriate_body_id":"ab-hub",
      "training_programme":"school_led"})");
  expect_error(o, "trn", school_msg::kTrsRecordDeactivated);
  REQUIRE(w.system("record_trs_teacher", flag("1000005", "not_found")).ok());
  o = w.school("register_ect", R"({"school_urn":"100001","trn":"1000005","date_of_birth":"1997-06-06",
      "email":"erin@example.com","started_on":"2025-09-01","working_pattern":"full_time","appropriate_body_id":"ab-hub",
      "training_programme":"school_led"})");
  expect_error(o, "trn", school_msg::kTrnNotFound);
}

TEST_CASE("trs flag: bad input names the field and writes nothing") {
  World w;
  expect_error(w.system("record_trs_teacher", flag("1000001", "permanent_redirect")), "redirected_to",
               "must be given for a permanent_redirect");
  expect_error(w.system("record_trs_teacher", flag("1000001", "gone", R"(,"redirected_to":"1000002")")), "redirected_to",
               "must be empty unless the response is permanent_redirect");
  expect_error(w.system("record_trs_teacher", flag("1000001", "permanent_redirect", R"(,"redirected_to":"1000001")")),
               "redirected_to", "must differ from the trn");
  expect_error(w.system("record_trs_teacher", flag("1000001", "permanent_redirect", R"(,"redirected_to":"12")")),
               "redirected_to", "must be 7 digits");
  expect_error(w.system("record_trs_teacher", flag("12", "gone")), "trn", "must be 7 digits");
  auto unknown = w.system("record_trs_teacher", flag("1000001", "moved"));
  REQUIRE(unknown.status.code() == Code::kValidation);
  CHECK(unknown.errors.at(0).title == "response");
  CHECK(unknown.events.empty());
  auto extra = w.system("record_trs_teacher", flag("1000001", "gone", R"(,"first_name":"Alice")"));
  REQUIRE(extra.status.code() == Code::kValidation);
  CHECK(extra.errors.at(0).title == "first_name");
  CHECK(extra.events.empty());
}
