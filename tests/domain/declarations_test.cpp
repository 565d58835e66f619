#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "tests/domain/world.h"

using namespace rect;
using namespace rect::domain;
using namespace rect::domain::testing;

namespace {

std::string declaration(const std::string& pid, const std::string& type, const std::string& date,
                        const std::string& evidence = "training-event-attended",
                        const std::string& course = "ecf-induction") {
  return R"({"participant_id":")" + pid + R"(","declaration_type":")" + type + R"(","declaration_date":")" + date +
         R"(","course_identifier":")" + course + R"(","evidence_held":")" + evidence + R"("})";
}

struct Ready : World {
  std::string pid;
  Ready() {
    partner();
    pid = register_alice();
  }
};

}  // namespace

TEST_CASE("declarations: a started declaration is accepted and stays submitted before funding eligibility") {
  Ready w;
  auto o = w.lp("submit_declaration", declaration(w.pid, "started", "2025-10-01T10:00:00Z"));
  INFO(o.status.to_string());
  REQUIRE(o.ok());
  CHECK(o.result.find("\"state\":\"submitted\"") != std::string::npos);
  CHECK(o.events.size() == 1);
  CHECK(o.events[0].stream == "declarations-" + w.pid + "-ect");
}

TEST_CASE("declarations: duplicate billable declaration is rejected verbatim") {
  Ready w;
  REQUIRE(w.lp("submit_declaration", declaration(w.pid, "started", "2025-10-01T10:00:00Z")).ok());
  expect_error(w.lp("submit_declaration", declaration(w.pid, "started", "2025-10-02T10:00:00Z")), "declaration_type",
               "A declaration has already been submitted that will be, or has been, paid for this event.");
}

TEST_CASE("declarations: a voided declaration no longer blocks a new one") {
  Ready w;
  auto first = w.lp("submit_declaration", declaration(w.pid, "started", "2025-10-01T10:00:00Z"));
  REQUIRE(first.ok());
  const std::string id = World::result(first, "declaration_id");
  REQUIRE(w.lp("void_declaration", R"({"participant_declaration_id":")" + id + R"("})").ok());
  expect_error(w.lp("void_declaration", R"({"participant_declaration_id":")" + id + R"("})"), "participant_declaration_id",
               "The declaration has already been voided.");
  CHECK(w.lp("submit_declaration", declaration(w.pid, "started", "2025-10-02T10:00:00Z")).ok());
}

TEST_CASE("declarations: another lead provider cannot void (not found)") {
  Ready w;
  auto first = w.lp("submit_declaration", declaration(w.pid, "started", "2025-10-01T10:00:00Z"));
  auto o = w.lp("void_declaration", R"({"participant_declaration_id":")" + World::result(first, "declaration_id") + R"("})",
                "lp-teach-first");
  CHECK(o.status.code() == Code::kNotFound);
}

TEST_CASE("declarations: blank fields give the API's messages") {
  Ready w;
  auto o = w.lp("submit_declaration", R"({"participant_id":"","declaration_type":"","declaration_date":"","course_identifier":""})");
  expect_error(o, "participant_id", "Enter a '#/participant_id'.");
  expect_error(o, "course_identifier", "Enter a '#/course_identifier'.");
  expect_error(o, "declaration_date", "Enter a '#/declaration_date'.");
  expect_error(o, "declaration_type", "Enter a '#/declaration_type'.");
}

TEST_CASE("declarations: unknown participant, unknown course identifier value, invalid type") {
  Ready w;
  expect_error(w.lp("submit_declaration", declaration("00000000-0000-4000-8000-000000000000", "started", "2025-10-01T10:00:00Z")),
               "participant_id",
               "Your update cannot be made as the '#/participant_id' is not recognised. Check participant details and try again.");
  expect_error(w.lp("submit_declaration", declaration(w.pid, "started", "2025-10-01T10:00:00Z", "other", "ecf-nonsense")),
               "course_identifier", "Enter a '#/course_identifier'.");
  expect_error(w.lp("submit_declaration", declaration(w.pid, "begun", "2025-10-01T10:00:00Z")), "declaration_type",
               "Enter a valid declaration type.");
}

TEST_CASE("declarations: a participant not trained by the calling provider is not recognised") {
  Ready w;
  expect_error(w.lp("submit_declaration", declaration(w.pid, "started", "2025-10-01T10:00:00Z"), "lp-teach-first"),
               "participant_id",
               "Your update cannot be made as the '#/participant_id' is not recognised. Check participant details and try again.");
}

TEST_CASE("declarations: course identifier not recognised when only the other role is trained by the provider") {
  Ready w;
  expect_error(w.lp("submit_declaration", declaration(w.pid, "started", "2025-10-01T10:00:00Z", "other", "ecf-mentor")),
               "course_identifier",
               "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again.");
}

TEST_CASE("declarations: future date, format and milestone window") {
  Ready w;
  expect_error(w.lp("submit_declaration", declaration(w.pid, "started", "2025-10-16T10:00:00Z")), "declaration_date",
               "The '#/declaration_date' value cannot be a future date. Check the date and try again.");
  expect_error(w.lp("submit_declaration", declaration(w.pid, "started", "2025-10-01")), "declaration_date",
               "Enter a valid RCF3339 '#/declaration_date'.");
  expect_error(w.lp("submit_declaration", declaration(w.pid, "started", "2025-05-31T10:00:00Z")), "declaration_date",
               "Declaration date must be on or after the milestone start date for the same declaration type.");
}

TEST_CASE("declarations: 2025 evidence rules (detailed evidence types)") {
  Ready w;
  expect_error(w.lp("submit_declaration", R"({"participant_id":")" + w.pid +
                                              R"(","declaration_type":"started","declaration_date":"2025-10-01T10:00:00Z","course_identifier":"ecf-induction"})"),
               "evidence_held", "Enter a '#/evidence_held' value for this participant.");
  expect_error(w.lp("submit_declaration", declaration(w.pid, "started", "2025-10-01T10:00:00Z", "one-term-induction")),
               "evidence_held", "Enter an available '#/evidence_held' type for this participant.");
}

TEST_CASE("declarations: 2025 sequence rule") {
  Ready w;
  REQUIRE(w.lp("submit_declaration", declaration(w.pid, "retained-1", "2025-10-10T10:00:00Z")).ok());
  expect_error(w.lp("submit_declaration", declaration(w.pid, "retained-2", "2025-10-09T10:00:00Z", "75-percent-engagement-met")),
               "declaration_date",
               "This '#/declaration_date' is invalid. Check that it is in sequence with existing declaration dates for this participant.");
  CHECK(w.lp("submit_declaration", declaration(w.pid, "started", "2025-10-10T10:00:00Z")).ok());
}

TEST_CASE("declarations: extended type missing from a standard schedule") {
  Ready w;
  expect_error(w.lp("submit_declaration", declaration(w.pid, "extended-1", "2025-10-01T10:00:00Z")), "declaration_type",
               "The property '#/declaration_type' does not exist for this schedule.");
}

TEST_CASE("declarations: withdrawn participant cannot declare on or after the withdrawal") {
  Ready w;
  w.set_today("2025-10-20T09:00:00Z");
  REQUIRE(w.lp("withdraw_participant", R"({"participant_id":")" + w.pid +
                                           R"(","reason":"left-teaching-profession","course_identifier":"ecf-induction"})").ok());
  expect_error(w.lp("submit_declaration", declaration(w.pid, "started", "2025-10-20T09:00:00Z")), "participant_id",
               "This participant withdrew from this course on 2025-10-20T09:00:00Z. Enter a '#/declaration_date' that's on or before the withdrawal date.");
  CHECK(w.lp("submit_declaration", declaration(w.pid, "started", "2025-10-19T09:00:00Z")).ok());
}

TEST_CASE("declarations: mentors in mentor-funding cohorts may only send started and completed") {
  Ready w;
  REQUIRE(w.school("register_mentor", R"({"school_urn":"100001","trn":"1000002","date_of_birth":"1980-02-02",
      "email":"bob@example.com","ect_trn":"1000001"})").ok());
  auto o = w.school("assign_mentor", R"({"school_urn":"100001","ect_trn":"1000001","mentor_trn":"1000002"})");
  CHECK(o.status.code() == Code::kValidation);  // already assigned by registration
  auto events = w.all_events();
  std::string mentor_id;
  for (const auto& e : events)
    if (e.data.type == "mentor_placement_started") mentor_id = e.stream.substr(7);
  REQUIRE(!mentor_id.empty());
  expect_error(w.lp("submit_declaration", declaration(mentor_id, "retained-1", "2025-10-01T10:00:00Z", "other", "ecf-mentor")),
               "declaration_type",
               "You cannot send retained or extended declarations for participants who began their mentor training after June 2025. Resubmit this declaration with either a started or completed declaration.");
}

TEST_CASE("declarations: one billable declaration per participant, role and type under concurrent submissions") {
  Ready w;
  std::atomic<int> accepted{0}, duplicates{0}, other{0};
  std::set<std::string> ids;
  std::mutex mu;
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i)
    threads.emplace_back([&, i] {
      auto o = w.lp("submit_declaration", declaration(w.pid, "started", "2025-10-0" + std::to_string(1 + i % 9) + "T10:00:00Z"));
      if (o.ok()) {
        ++accepted;
        std::lock_guard<std::mutex> l(mu);
        ids.insert(World::result(o, "declaration_id"));
      } else if (!o.errors.empty() && o.errors[0].detail.find("already been submitted") != std::string::npos) {
        ++duplicates;
      } else {
        ++other;
      }
    });
  for (auto& t : threads) t.join();
  CHECK(other == 0);
  CHECK(ids.size() == 1);
  CHECK(accepted + duplicates == 16);
  int submitted = 0;
  for (const auto& e : w.stream("declarations-" + w.pid + "-ect"))
    submitted += e.data.type == "declaration_submitted";
  CHECK(submitted == 1);
}

TEST_CASE("declarations: funding eligibility makes declarations eligible, the day job makes them payable, authorising pays") {
  Ready w;
  auto d1 = w.lp("submit_declaration", declaration(w.pid, "started", "2025-10-01T10:00:00Z"));
  REQUIRE(d1.ok());
  auto claim = w.ab("claim_ect", R"({"trn":"1000001","date_of_birth":"1995-05-05","started_on":"2025-09-01","training_programme":"provider_led"})");
  INFO(claim.status.to_string());
  REQUIRE(claim.ok());
  CHECK(w.wrote(claim, "ect_funding_eligibility_started"));
  CHECK(w.wrote(claim, "declaration_made_eligible"));
  auto d2 = w.lp("submit_declaration", declaration(w.pid, "retained-1", "2025-10-02T10:00:00Z"));
  REQUIRE(d2.ok());
  CHECK(d2.result.find("\"state\":\"eligible\"") != std::string::npos);
  w.set_today("2025-11-01T09:00:00Z");
  auto day = w.system("start_day", R"({"date":"2025-11-01"})");
  REQUIRE(day.ok());
  CHECK(day.result.find("\"declarations_made_payable\":2") != std::string::npos);
  std::string statement_id;
  for (const auto& e : w.stream("declarations-" + w.pid + "-ect"))
    if (e.data.type == "declaration_made_payable") {
      const auto at = e.data.payload.find("\"statement_id\":\"") + 16;
      statement_id = e.data.payload.substr(at, 36);
    }
  auto paid = w.finance("authorise_statement", R"({"statement_id":")" + statement_id + R"("})");
  INFO(paid.status.to_string());
  REQUIRE(paid.ok());
  CHECK(w.wrote(paid, "declaration_paid"));
  auto again = w.finance("authorise_statement", R"({"statement_id":")" + statement_id + R"("})");
  CHECK(again.status.code() == Code::kValidation);
  // A paid declaration is clawed back, not voided.
  auto claw = w.lp("void_declaration", R"({"participant_declaration_id":")" + World::result(d1, "declaration_id") + R"("})");
  REQUIRE(claw.ok());
  CHECK(w.wrote(claw, "declaration_clawback_requested"));
  expect_error(w.lp("void_declaration", R"({"participant_declaration_id":")" + World::result(d1, "declaration_id") + R"("})"),
               "participant_declaration_id", "The declaration will or has been refunded");
}

TEST_CASE("declarations: eligible participant with no open output statement") {
  Ready w;
  REQUIRE(w.ab("claim_ect", R"({"trn":"1000001","date_of_birth":"1995-05-05","started_on":"2025-09-01","training_programme":"provider_led"})").ok());
  w.set_today("2026-08-02T09:00:00Z");
  expect_error(w.lp("submit_declaration", declaration(w.pid, "started", "2026-08-01T10:00:00Z")), "cohort",
               "You cannot submit or void declarations for the 2025 cohort. The funding contract for this cohort has ended. Get in touch if you need to discuss this with us.");
}
