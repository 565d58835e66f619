// The day job and authorisation at scale: State::declarations_naming against
// what it replaced, a walk of every teacher's declarations, and a Decision
// emitting to thousands of streams. Both were quadratic before (every
// statement walked every teacher; every emit walked every group), which made
// seeding a large history slow down as it grew.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/decision.h"
#include "domain/state.h"
#include "events/world.h"

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

// A day job emits to thousands of declaration streams in one Decision; emit
// finds a stream's group by index (it walked every group before).
TEST_CASE("a decision groups events by stream, in the order the streams were first emitted to") {
  Log log;
  log.apply("declaration_submitted", ref("t-1", "ect", "d-1"));  // the "test" stream is at version 1
  SeededRandom random(1);
  const Context ctx{log.state, Timestamp(), Date(), Actor{ActorKind::kSystem, ""}, random};
  Decision d;
  for (int i = 0; i < 3000; ++i) d.emit(ctx, "s-" + std::to_string((i * 7919) % 1000), "e", Json{{"i", i}});
  d.guard(ctx, "test", "g", Json::object());
  d.emit(ctx, "s-0", "e", Json{{"i", 3000}});
  REQUIRE(d.groups.size() == 1001);
  for (int k = 0; k < 1000; ++k) {
    const StreamGroup& g = d.groups[static_cast<std::size_t>(k)];
    INFO(g.stream);
    CHECK(g.stream == "s-" + std::to_string((k * 7919) % 1000));
    CHECK(g.expected == StreamVersion::none());
    CHECK(!g.guarded);
    REQUIRE(g.events.size() == (k == 0 ? 4u : 3u));
    for (std::size_t j = 0; j < 3; ++j) CHECK(g.events[j].payload["i"] == k + 1000 * static_cast<int>(j));
  }
  CHECK(d.groups[0].events.back().payload["i"] == 3000);
  CHECK(d.groups.back().stream == "test");
  CHECK(d.groups.back().guarded);
  CHECK(d.groups.back().expected == StreamVersion(1));
}

}  // namespace
}  // namespace rect::domain
