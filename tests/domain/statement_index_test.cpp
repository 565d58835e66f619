// State::declarations_naming against what it replaced: a walk of every
// teacher's declarations (the day job and authorisation walked them all for
// each statement, which made seeding a large history quadratic).
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/state.h"

namespace rect::domain {
namespace {

using Json = nlohmann::json;

// Applies events to a State one by one, numbering their positions.
struct Log {
  State state;
  std::uint64_t position = 0;
  void apply(const std::string& type, const Json& payload) {
    RecordedEvent e;
    e.stream = "test";
    e.version = StreamVersion(position + 1);
    e.position = GlobalPosition(++position);
    e.data.type = type;
    e.data.payload = payload.dump();
    state.apply(e);
  }
};

// The declarations naming `statement`, in the order the old walk met them.
std::vector<const Declaration*> by_walking(const State& s, const std::string& statement) {
  std::vector<const Declaration*> out;
  for (const auto& [id, t] : s.teachers())
    for (const auto& decs : t.declarations)
      for (const Declaration& d : decs)
        if (d.statement_id == statement || d.clawback_statement_id == statement) out.push_back(&d);
  return out;
}

Json ref(const std::string& teacher, const std::string& role, const std::string& declaration) {
  return {{"teacher_id", teacher}, {"role", role}, {"declaration_id", declaration}};
}

TEST_CASE("declarations_naming finds what a walk of every teacher finds, in the walk's order") {
  Log log;
  std::mt19937 rng(7);
  const std::vector<std::string> statements = {"st-a", "st-b", "st-c"};
  std::vector<Json> made;
  for (int i = 0; i < 300; ++i) {
    const std::string teacher = "t-" + std::to_string(rng() % 40);
    const std::string role = rng() % 3 == 0 ? "mentor" : "ect";
    const std::string id = "d-" + std::to_string(i);
    Json submitted = ref(teacher, role, id);
    submitted["declaration_type"] = "started";
    log.apply("declaration_submitted", submitted);
    made.push_back(ref(teacher, role, id));
    if (rng() % 4 == 0) continue;
    Json eligible = made.back();
    eligible["statement_id"] = statements[rng() % statements.size()];
    log.apply("declaration_made_eligible", eligible);
    // Some are made eligible again on another statement: the first no longer names them.
    if (rng() % 10 == 0) {
      eligible["statement_id"] = statements[rng() % statements.size()];
      log.apply("declaration_made_eligible", eligible);
    }
    if (rng() % 5 == 0) log.apply("declaration_paid", made.back());
    if (rng() % 6 == 0) {
      Json clawback = made.back();
      clawback["statement_id"] = statements[rng() % statements.size()];
      log.apply("declaration_clawback_requested", clawback);
    }
    // Now and then a teacher absorbs another's declarations.
    if (i % 37 == 36) {
      const std::string source = "t-" + std::to_string(rng() % 40);
      if (source != teacher) log.apply("teacher_absorbed", {{"teacher_id", teacher}, {"source_teacher_id", source}});
    }
  }
  for (const std::string& st : statements) {
    INFO(st);
    const std::vector<const Declaration*> walked = by_walking(log.state, st);
    CHECK(walked.size() > 10);
    CHECK(log.state.declarations_naming(st) == walked);
  }
  CHECK(log.state.declarations_naming("st-none").empty());
}

TEST_CASE("declarations_naming lists a declaration once when both its payment and its clawback name the statement") {
  Log log;
  log.apply("declaration_submitted", ref("t-1", "ect", "d-1"));
  Json on = ref("t-1", "ect", "d-1");
  on["statement_id"] = "st-a";
  log.apply("declaration_made_eligible", on);
  log.apply("declaration_clawback_requested", on);
  const auto found = log.state.declarations_naming("st-a");
  REQUIRE(found.size() == 1);
  CHECK(found[0]->id == "d-1");
  CHECK(found[0]->clawback_status == "awaiting_clawback");
}

}  // namespace
}  // namespace rect::domain
