// GIAS reconciliation (domain.md §2.8): closures and merges.

#include "domain/registration.h"
#include "tests/domain/world.h"

using namespace rect;
using namespace rect::domain;
using namespace rect::domain::testing;

namespace {

std::string bob_for(const std::string& urn, const std::string& ect_trn, const std::string& extra = "") {
  return R"({"school_urn":")" + urn + R"(","trn":"1000002","date_of_birth":"1980-02-02","email":"bob@example.com","ect_trn":")" +
         ect_trn + "\"" + extra + "}";
}

// Alice (ECT) and Bob (her mentor) at 100001 since 1 October, with a 2025
// partnership; Gus is an ECT at 100002.
struct Schools : World {
  std::string partnership;
  Schools() {
    set_today("2025-10-01T09:00:00Z");
    partnership = partner();
    register_alice("2025-09-01");
    REQUIRE(school("register_mentor", bob_for("100001", "1000001")).ok());
    REQUIRE(school("register_ect", R"({"school_urn":"100002","trn":"1000007","date_of_birth":"1998-08-08",
        "email":"gus@example.com","started_on":"2025-09-01","working_pattern":"full_time","appropriate_body_id":"ab-hub",
        "training_programme":"provider_led","lead_provider_id":"lp-ambition"})").ok());
    set_today("2025-10-15T09:00:00Z");
  }
};

constexpr const char* kIvanAt100001 = R"({"school_urn":"100001","trn":"1000009","date_of_birth":"1999-01-09",
    "email":"ivan@example.com","started_on":"2025-09-01","working_pattern":"full_time","appropriate_body_id":"ab-hub",
    "training_programme":"provider_led","lead_provider_id":"lp-ambition"})";
constexpr const char* kReplace100001 = R"({"urn":"100001","successor_urn":"100009"})";

// Decides a school user's command on its own handler, then runs
// `meanwhile` (on this thread) before letting the command's first append
// go ahead; returns the command's outcome.
CommandOutcome decided_before(World& w, const std::string& name, const std::string& body, std::function<void()> meanwhile) {
  HeldCommand held(w.store, w.clock, name, ActorKind::kSchoolUser, "school-user", body);
  meanwhile();
  return held.join();
}

// The types of the events on `stream` after its first event of type `after`.
std::vector<std::string> types_after(const World& w, const std::string& stream, const std::string& after) {
  std::vector<std::string> out;
  bool seen = false;
  for (const RecordedEvent& e : w.stream(stream)) {
    if (seen) out.push_back(e.data.type);
    seen = seen || e.data.type == after;
  }
  return out;
}

}  // namespace

TEST_CASE("gias: a closure finishes ongoing placements on the closing date and cancels unstarted ones") {
  Schools w;
  REQUIRE(w.school("register_ect", R"({"school_urn":"100001","trn":"1000009","date_of_birth":"1999-01-09",
      "email":"ivan@example.com","started_on":"2025-11-01","working_pattern":"full_time","appropriate_body_id":"ab-hub",
      "training_programme":"provider_led","lead_provider_id":"lp-ambition"})").ok());
  auto o = w.system("close_school", R"({"urn":"100001","closed_on":"2025-10-20"})");
  INFO(o.status.to_string());
  REQUIRE(o.ok());
  auto closed = w.written(o, "school_closed");
  REQUIRE(closed.size() == 1);
  CHECK(closed[0]["on"] == "2025-10-20");
  auto ect = w.written(o, "ect_placement_finished");
  REQUIRE(ect.size() == 1);
  CHECK(ect[0]["finished_on"] == "2025-10-20");
  CHECK(ect[0]["cause"] == "school_closed");
  CHECK(w.written(o, "ect_placement_cancelled").size() == 1);
  CHECK(w.written(o, "mentor_placement_finished").size() == 1);
  CHECK(w.wrote(o, "mentorship_finished"));
  CHECK(w.wrote(o, "training_period_finished"));
  CHECK(w.system("close_school", R"({"urn":"100001","closed_on":"2025-10-20"})").errors ==
        std::vector<FieldError>{{"urn", "This school is already closed"}});
  auto blocked = w.school("report_ect_leaving", R"({"school_urn":"100001","trn":"1000001","finished_on":"2025-10-25"})");
  REQUIRE(blocked.ok());  // already ended: only the reporting school is recorded
  CHECK(!w.wrote(blocked, "ect_placement_finished"));
}

TEST_CASE("gias: a merge moves open placements, recreates partnerships and merges a mentor's placements") {
  Schools w;
  REQUIRE(w.school("register_mentor", bob_for("100002", "1000007", R"(,"mentoring_only_at_this_school":false)")).ok());
  auto o = w.system("merge_school", R"({"urn":"100001","successor_urn":"100002"})");
  INFO(o.status.to_string());
  REQUIRE(o.ok());
  CHECK(w.wrote(o, "school_merged"));
  auto created = w.written(o, "school_partnership_created");
  REQUIRE(created.size() == 1);
  CHECK(created[0]["school_urn"] == "100002");
  CHECK(created[0]["source"] == "gias_merge");
  CHECK(created[0]["previous_partnership_id"] == w.partnership);
  auto moved = w.written(o, "ect_placement_moved_school");
  REQUIRE(moved.size() == 1);
  CHECK(moved[0]["to_urn"] == "100002");
  auto confirmed = w.written(o, "training_period_partnership_confirmed");
  REQUIRE(confirmed.size() == 2);  // Alice's and Bob's training
  for (const auto& c : confirmed) CHECK(c["partnership_id"] == created[0]["partnership_id"]);
  CHECK(w.written(o, "mentor_placements_merged").size() == 1);
  CHECK(!w.wrote(o, "mentor_placement_moved_school"));

  CHECK(w.school("change_working_pattern", R"({"school_urn":"100002","trn":"1000001","working_pattern":"part_time"})").ok());
  auto left = w.school("report_mentor_leaving", R"({"school_urn":"100002","trn":"1000002","finished_on":"2025-10-20"})");
  INFO(left.status.to_string());
  REQUIRE(left.ok());
  CHECK(w.written(left, "mentor_placement_finished").size() == 1);
  CHECK(w.written(left, "mentorship_finished").size() == 2);  // Alice's (moved) and Gus's
  CHECK(w.system("merge_school", R"({"urn":"100001","successor_urn":"100002"})").errors ==
        std::vector<FieldError>{{"urn", "This school is already closed"}});
}

TEST_CASE("gias: a mentor only at the predecessor is moved, not merged, unknown schools are named") {
  Schools w;
  auto o = w.system("merge_school", R"({"urn":"100001","successor_urn":"100002"})");
  REQUIRE(o.ok());
  CHECK(w.written(o, "mentor_placement_moved_school").size() == 1);
  CHECK(w.system("merge_school", R"({"urn":"999999","successor_urn":"100002"})").errors ==
        std::vector<FieldError>{{"urn", "No school with this URN was found"}});
}

TEST_CASE("gias: a URN replacement carries the school, its placements and its partnerships over to the new URN") {
  Schools w;
  auto o = w.system("replace_school_urn", R"({"urn":"100001","successor_urn":"100009"})");
  INFO(o.status.to_string());
  REQUIRE(o.ok());
  auto replaced = w.written(o, "school_urn_replaced");
  REQUIRE(replaced.size() == 1);
  CHECK(replaced[0]["from"] == "100001");
  CHECK(replaced[0]["to"] == "100009");
  CHECK(o.events[0].stream == "school-100009");
  auto moved = w.written(o, "school_partnership_moved");
  REQUIRE(moved.size() == 1);
  CHECK(moved[0]["partnership_id"] == w.partnership);
  auto ect = w.written(o, "ect_placement_moved_school");
  REQUIRE(ect.size() == 1);
  CHECK(ect[0]["to_urn"] == "100009");
  CHECK(ect[0]["cause"] == "urn_replaced");
  CHECK(w.written(o, "mentor_placement_moved_school").size() == 1);
  CHECK(!w.wrote(o, "training_period_partnership_confirmed"));  // the partnership itself moved

  CHECK(w.school("change_working_pattern", R"({"school_urn":"100009","trn":"1000001","working_pattern":"part_time"})").ok());
  auto old_urn = w.school("change_working_pattern", R"({"school_urn":"100001","trn":"1000001","working_pattern":"full_time"})");
  CHECK(!old_urn.ok());
  CHECK(old_urn.events.empty());
  auto again = w.lp("create_partnership", R"({"cohort":2025,"school_id":"100009","delivery_partner_id":"dp-north"})");
  CHECK(!again.ok());  // the school already has this partnership, under its new URN
}

TEST_CASE("gias: a URN replacement needs a known open school and a successor URN rect has no record of") {
  Schools w;
  expect_error(w.system("replace_school_urn", R"({"urn":"999999","successor_urn":"100009"})"), "urn",
               "No school with this URN was found");
  expect_error(w.system("replace_school_urn", R"({"urn":"100001","successor_urn":"100002"})"), "successor_urn",
               "A school with this URN already exists: merge the schools instead");
  expect_error(w.system("replace_school_urn", R"({"urn":"100001","successor_urn":"12a"})"), "successor_urn",
               "must be 6 or more digits");
  REQUIRE(w.system("close_school", R"({"urn":"100001","closed_on":"2025-10-20"})").ok());
  expect_error(w.system("replace_school_urn", R"({"urn":"100001","successor_urn":"100009"})"), "urn",
               "This school is already closed");
  REQUIRE(w.system("replace_school_urn", R"({"urn":"100002","successor_urn":"100009"})").ok());
  expect_error(w.system("replace_school_urn", R"({"urn":"100002","successor_urn":"100010"})"), "urn",
               "No school with this URN was found");
  expect_error(w.system("replace_school_urn", R"({"urn":"100009","successor_urn":"100002"})"), "successor_urn",
               "A school with this URN already exists: merge the schools instead");
}

TEST_CASE("stale URN: a tutor nomination decided against the old URN and appended after the replacement is refused, not written to the retired stream") {
  Schools w;
  auto o = decided_before(w, "nominate_induction_tutor",
                          R"({"school_urn":"100001","name":"Tia Tutor","email":"tia@example.com"})",
                          [&] { REQUIRE(w.system("replace_school_urn", kReplace100001).ok()); });
  expect_error(o, "school_urn", school_msg::kUnknownSchool);
  CHECK(o.attempts == 2);
  CHECK(types_after(w, "school-100001", "school_urn_retired").empty());
}

TEST_CASE("stale URN: a registration decided against the old URN and appended after the replacement is refused, leaving no placement at the retired URN") {
  Schools w;
  auto o = decided_before(w, "register_ect", kIvanAt100001,
                          [&] { REQUIRE(w.system("replace_school_urn", kReplace100001).ok()); });
  REQUIRE(o.status.code() == Code::kValidation);
  CHECK(o.errors == std::vector<FieldError>{{"school_urn", school_msg::kUnknownSchool}});
  CHECK(o.attempts == 2);
  for (const WrittenEvent& e : o.events) CHECK(e.stream != "school-100001");
  CHECK(!w.wrote(o, "ect_placement_started"));
  CHECK(types_after(w, "school-100001", "school_urn_retired").empty());
  // Registered again, against the new URN, Ivan is at the school.
  auto again = w.school("register_ect", std::string(kIvanAt100001).replace(15, 6, "100009"));
  INFO(again.status.to_string());
  CHECK(again.ok());
}

TEST_CASE("stale URN: a new mentor's registration decided against the old URN and appended after the replacement is refused, leaving no placement at the retired URN") {
  Schools w;
  const std::string fay = R"({"school_urn":"100001","trn":"1000006","date_of_birth":"1985-07-07","email":"fay@example.com","ect_trn":"1000001"})";
  auto o = decided_before(w, "register_mentor", fay,
                          [&] { REQUIRE(w.system("replace_school_urn", kReplace100001).ok()); });
  REQUIRE(o.status.code() == Code::kValidation);
  CHECK(o.errors == std::vector<FieldError>{{"school_urn", school_msg::kUnknownSchool}});
  CHECK(o.attempts == 2);
  CHECK(!w.wrote(o, "mentor_placement_started"));
  CHECK(!w.wrote(o, "mentor_assigned"));
  // Registered again, against the new URN, Fay mentors Alice there.
  auto again = w.school("register_mentor", std::string(fay).replace(15, 6, "100009"));
  INFO(again.status.to_string());
  CHECK(again.ok());
}

TEST_CASE("stale URN: a registration landing on the old URN while the replacement is being written moves with the school") {
  Schools w;
  SeededRandom rng{5};
  HookedStore hooked{w.store};
  CommandHandler gias{hooked, w.clock, rng};
  CommandOutcome registered;
  hooked.before_append = [&](int n) {
    if (n == 1) registered = w.school("register_ect", kIvanAt100001);
  };
  Command c;
  c.name = "replace_school_urn";
  c.actor.kind = ActorKind::kSystem;
  c.body = kReplace100001;
  auto o = gias.execute(c);
  INFO(o.status.to_string());
  REQUIRE(o.ok());
  REQUIRE(registered.ok());
  CHECK(o.attempts == 2);
  const std::string ivan = World::result(registered, "participant_id");
  bool moved = false;
  for (const auto& p : w.written(o, "ect_placement_moved_school")) moved = moved || p["teacher_id"] == ivan;
  CHECK(moved);
  CHECK(w.written(o, "school_urn_replaced").size() == 1);
  CHECK(w.written(o, "school_urn_retired").size() == 1);
  // What the registration wrote to the old stream belongs to the school
  // under its new URN: the old URN names no school at all.
  expect_error(w.school("register_ect", R"({"school_urn":"100001","trn":"1000005","date_of_birth":"1997-06-06",
      "email":"erin@example.com","started_on":"2025-09-01","working_pattern":"full_time","appropriate_body_id":"ab-hub",
      "training_programme":"school_led"})"),
               "school_urn", school_msg::kUnknownSchool);
}
