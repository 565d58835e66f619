#include <set>

#include "domain/fold.h"
#include "tests/domain/world.h"

using namespace rect;
using namespace rect::domain;
using namespace rect::domain::testing;

TEST_CASE("scenario: a whole teacher's life plays through the handlers") {
  World w;
  w.play_file("data/scenarios/teacher-life.jsonl");
  const std::string alice = w.player.saved().at("alice.participant_id");
  std::vector<std::string> ect;
  for (const auto& e : w.stream("ect-" + alice)) ect.push_back(e.data.type);
  const std::vector<std::string> want = {
      "ect_placement_started", "training_period_started", "mentor_assigned",
      "mentorship_finished", "training_period_finished", "ect_placement_finished", "ect_left_school",
      "ect_placement_started", "training_period_started", "training_period_partnership_confirmed",
      "training_period_finished", "training_period_started", "training_lead_provider_changed",
      "training_period_finished", "ect_placement_finished"};
  CHECK(ect == want);
  std::vector<std::string> declarations;
  for (const auto& e : w.stream("declarations-" + alice + "-ect")) declarations.push_back(e.data.type);
  CHECK(declarations == std::vector<std::string>{"declaration_submitted", "declaration_made_eligible", "declaration_voided",
                                                 "declaration_submitted", "declaration_made_eligible",
                                                 "declaration_made_payable", "declaration_submitted",
                                                 "declaration_made_eligible"});
  std::vector<std::string> induction;
  for (const auto& e : w.stream("induction-" + alice)) induction.push_back(e.data.type);
  CHECK(induction == std::vector<std::string>{"induction_period_opened", "trs_induction_update_requested", "induction_passed",
                                              "trs_induction_update_requested"});
}

TEST_CASE("scenario: a failed expectation names the line") {
  World w;
  auto r = w.player.play(
      "# comment\n"
      R"({"command":"register_school","body":{"urn":"100001"}})");
  REQUIRE(!r);
  CHECK(r.status().message().find("line 2") != std::string::npos);
}

TEST_CASE("scenario: malformed lines are refused") {
  World w(false);
  CHECK(w.player.play("not json").status().code() == Code::kInvalidArgument);
  CHECK(w.player.play(R"({"body":{}})").status().code() == Code::kInvalidArgument);
  CHECK(w.player.play(R"({"command":"start_day","actor":{"kind":"wizard"}})").status().code() == Code::kInvalidArgument);
  CHECK(w.player.play(R"({"command":"start_day","body":{"x":"${nothing.saved}"}})").status().code() == Code::kInvalidArgument);
}

TEST_CASE("catalogue: every event type the domain records is listed in docs/events.md") {
  const std::string doc = read_text(std::string(RECT_SOURCE_DIR) + "/docs/events.md");
  for (const std::string& type : known_event_types()) {
    INFO(type);
    CHECK(doc.find("`" + type + "`") != std::string::npos);
  }
}

TEST_CASE("catalogue: every event written by the life scenario is a known type") {
  World w;
  w.play_file("data/scenarios/teacher-life.jsonl");
  const auto types = known_event_types();
  const std::set<std::string> known(types.begin(), types.end());
  for (const auto& e : w.all_events()) {
    INFO(e.data.type);
    CHECK(known.count(e.data.type) == 1);
  }
}

TEST_CASE("scenario: the shared reference files agree with the project's copies") {
  const std::string shared = std::string(RECT_SOURCE_DIR) + "/../shared/reference/contract-periods.json";
  const std::string text = read_text(shared);
  if (text.empty()) {
    MESSAGE("skipped: ../shared (next to the project root) is not present");
    return;
  }
  const std::string ours = read_text(std::string(RECT_SOURCE_DIR) + "/data/reference/contract-periods.v1.json");
  for (const char* needle : {"\"year\": 2021", "\"year\": 2026", "2024-06-18T00:00:00+01:00", "2025-06-16T00:00:00+01:00"})
    CHECK(ours.find(needle) != std::string::npos);
}

