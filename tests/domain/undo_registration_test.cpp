// Undo registration (domain.md §5): support removes a registration made in
// error, or, once money has moved, ends it.
#include "tests/domain/world.h"

using namespace rect;
using namespace rect::domain;
using namespace rect::domain::testing;

namespace {

std::string started(const std::string& pid) {
  return R"({"participant_id":")" + pid + R"(","declaration_type":"started","declaration_date":"2025-10-01T10:00:00Z",
      "course_identifier":"ecf-induction","evidence_held":"training-event-attended"})";
}

// Alice, an ECT at 100001 since 1 September with lp-ambition, mentored by Bob.
struct Registered : World {
  std::string pid;
  Registered() {
    partner();
    pid = register_alice();
    REQUIRE(school("register_mentor", R"({"school_urn":"100001","trn":"1000002","date_of_birth":"1980-02-02",
        "email":"bob@example.com","ect_trn":"1000001"})").ok());
  }
  CommandOutcome undo(const std::string& id) {
    return run("undo_registration", {ActorKind::kAdmin, "support-1"}, R"({"participant_id":")" + id + R"("})");
  }
};

}  // namespace

TEST_CASE("undo registration: without billable or refundable declarations every period is cancelled and the record anonymised") {
  Registered w;
  auto unpaid = w.lp("submit_declaration", started(w.pid));
  REQUIRE(unpaid.ok());
  REQUIRE(unpaid.result.find("\"state\":\"submitted\"") != std::string::npos);
  auto o = w.undo(w.pid);
  INFO(o.status.to_string());
  REQUIRE(o.ok());
  auto undone = w.written(o, "teacher_registration_undone");
  REQUIRE(undone.size() == 1);
  CHECK(undone[0]["outcome"] == "record_removed");
  CHECK(undone[0]["on"] == "2025-10-15");
  auto anonymised = w.written(o, "teacher_anonymised");
  REQUIRE(anonymised.size() == 1);
  CHECK(anonymised[0]["reason"] == "registered_in_error");
  CHECK(w.written(o, "ect_placement_cancelled").size() == 1);
  CHECK(w.written(o, "training_period_cancelled").size() == 1);
  CHECK(w.written(o, "mentorship_cancelled").size() == 1);
  CHECK(!w.wrote(o, "ect_placement_finished"));
  auto voided = w.written(o, "declaration_voided");
  REQUIRE(voided.size() == 1);
  CHECK(voided[0]["by"] == "undo_registration");
  CHECK(w.written(o, "declarations_sealed").size() == 2);
  CHECK(w.written(o, "trn_released").size() == 1);

  expect_error(w.lp("submit_declaration", started(w.pid)), "participant_id",
               "Your update cannot be made as the '#/participant_id' is not recognised. Check participant details and try "
               "again.");
  expect_error(w.undo(w.pid), "participant_id", "No participant with this id was found");
  // The TRN is free: registering it again makes a new teacher.
  const std::string again = w.register_alice();
  CHECK(!again.empty());
  CHECK(again != w.pid);
}

TEST_CASE("undo registration: a billable declaration keeps the record and finishes open periods on max(start, today)") {
  Registered w;
  REQUIRE(w.ab("claim_ect", R"({"trn":"1000001","date_of_birth":"1995-05-05","started_on":"2025-09-01","training_programme":"provider_led"})").ok());
  auto eligible = w.lp("submit_declaration", started(w.pid));
  REQUIRE(eligible.ok());
  REQUIRE(eligible.result.find("\"state\":\"eligible\"") != std::string::npos);
  auto o = w.undo(w.pid);
  INFO(o.status.to_string());
  REQUIRE(o.ok());
  auto undone = w.written(o, "teacher_registration_undone");
  REQUIRE(undone.size() == 1);
  CHECK(undone[0]["outcome"] == "periods_finished");
  auto finished = w.written(o, "ect_placement_finished");
  REQUIRE(finished.size() == 1);
  CHECK(finished[0]["finished_on"] == "2025-10-15");
  CHECK(finished[0]["cause"] == "undo");
  CHECK(w.written(o, "mentorship_finished").size() == 1);
  CHECK(!w.wrote(o, "teacher_anonymised"));
  CHECK(!w.wrote(o, "declarations_sealed"));
  CHECK(!w.wrote(o, "declaration_voided"));
  CHECK(!w.wrote(o, "trn_released"));
}

TEST_CASE("undo registration: unknown and malformed bodies are refused and write nothing") {
  Registered w;
  expect_error(w.undo("no-such-teacher"), "participant_id", "No participant with this id was found");
  expect_error(w.run("undo_registration", {ActorKind::kAdmin, "support-1"}, "{}"), "participant_id", "is required");
  expect_error(w.run("undo_registration", {ActorKind::kAdmin, "support-1"}, R"({"participant_id":")" + w.pid + R"(","x":1})"),
               "x", "is not a recognised field for this command");
  CHECK(w.school("undo_registration", R"({"participant_id":")" + w.pid + R"("})").status.code() == Code::kInvalidArgument);
}
