// Merging duplicate participants while a lead provider submits declarations
// for the source (domain.md §5, docs/decisions.md "A merge keeps one billable
// declaration per role and type"). The merge runs on its own CommandHandler
// over a store that can stop it just before one of its appends; the
// submission runs meanwhile on another thread through the World's handler,
// as two rectd processes sharing one store would.
#include <future>
#include <set>
#include <thread>

#include "domain/api_messages.h"
#include "tests/domain/world.h"

using namespace rect;
using namespace rect::domain;
using namespace rect::domain::testing;

namespace {

std::string started(const std::string& pid) {
  return R"({"participant_id":")" + pid + R"(","declaration_type":"started","declaration_date":"2025-10-10T10:00:00Z",
      "course_identifier":"ecf-induction","evidence_held":"training-event-attended"})";
}

// Alice (the source) at 100001 and Ivan (the destination) at 100002, both
// ECTs trained by lp-ambition since 1 September 2025.
struct Race : World {
  std::string src, dst;
  SeededRandom merge_rng{7};
  HookedStore hooked{store};
  CommandHandler merger{hooked, clock, merge_rng};

  Race() {
    std::tie(src, dst) = register_merge_pair();
  }
  CommandOutcome merge() {
    Command c;
    c.name = "merge_participants";
    c.actor.kind = ActorKind::kSystem;
    c.body = R"({"source_participant_id":")" + src + R"(","destination_participant_id":")" + dst + R"("})";
    return merger.execute(c);
  }
  // Runs `f` on another thread before the merge's n-th append and waits for it.
  void interleave_before_append(int n, std::function<void()> f) {
    hooked.before_append = [n, f](int at) {
      if (at != n) return;
      std::thread t(f);
      t.join();
    };
  }
  // Every declaration the log holds for the source was appended before the
  // merge moved the source's declarations to the destination.
  void check_no_declaration_left_on_the_source() const {
    std::uint64_t absorbed = 0;
    for (const RecordedEvent& e : all_events())
      if (e.data.type == "teacher_absorbed" && nlohmann::json::parse(e.data.payload)["source_teacher_id"] == src)
        absorbed = e.position.value();
    if (absorbed == 0) return;
    for (const RecordedEvent& e : all_events()) {
      if (e.data.type != "declaration_submitted" || nlohmann::json::parse(e.data.payload)["teacher_id"] != src) continue;
      INFO("declaration at position " << e.position.value() << ", merge at " << absorbed);
      CHECK(e.position.value() < absorbed);
    }
  }
  // The merge was refused because both records hold a billable started
  // declaration as `role`.
  static void check_refused_as_duplicate_started(const CommandOutcome& merged, const std::string& role) {
    REQUIRE(merged.status.code() == Code::kValidation);
    CHECK(merged.errors ==
          std::vector<FieldError>{{"source_participant_id",
                                   "both records have a billable started declaration as " + role + "; void one of them first"}});
  }
  // Appends one event straight to the store, as another writer would.
  void append_raw(const std::string& stream, const std::string& type, const nlohmann::json& payload) {
    EventData e;
    e.type = type;
    e.payload = payload.dump();
    REQUIRE(store.append(stream, ExpectedVersion::any(), {e}));
  }
};

}  // namespace

TEST_CASE("merge race: a declaration decided before the merge's first write and appended after it is not left on the anonymised source") {
  Race w;
  // The lead provider's submission, decided now, writes once the merge has written once.
  HeldCommand submitter(w.store, w.clock, "submit_declaration", ActorKind::kLeadProvider, "lp-ambition", started(w.src),
                        11);
  CommandOutcome during;
  w.hooked.before_append = [&](int n) {
    if (n == 2) during = submitter.join();
  };
  auto merged = w.merge();
  during = submitter.join();
  INFO(merged.status.to_string());
  REQUIRE(merged.ok());
  w.check_no_declaration_left_on_the_source();
  REQUIRE(during.status.code() == Code::kValidation);
  CHECK(during.errors == std::vector<FieldError>{
                             {"participant_id",
                              "Your update cannot be made as the '#/participant_id' is not recognised. Check participant "
                              "details and try again."}});
  CHECK(during.attempts == 2);
  CHECK(during.events.empty());
  CHECK(w.lp("submit_declaration", started(w.dst)).ok());
}

TEST_CASE("merge race: a declaration submitted for the source just before the merge's first write is checked against the destination") {
  Race w;
  REQUIRE(w.lp("submit_declaration", started(w.dst)).ok());
  CommandOutcome during;
  w.interleave_before_append(1, [&] { during = w.lp("submit_declaration", started(w.src)); });
  auto merged = w.merge();
  REQUIRE(during.ok());
  Race::check_refused_as_duplicate_started(merged, "ect");
  CHECK(merged.events.empty());
  CHECK(merged.attempts == 2);
}

TEST_CASE("merge race: a merge decided again after sealing one stream completes, or releases the seal when refused") {
  SUBCASE("the mentor stream moved without a conflicting declaration: the merge completes") {
    Race w;
    w.interleave_before_append(2, [&] {
      w.append_raw("declarations-" + w.src + "-mentor", "declarations_unsealed", {{"teacher_id", w.src}, {"role", "mentor"}});
    });
    auto merged = w.merge();
    INFO(merged.status.to_string());
    REQUIRE(merged.ok());
    CHECK(merged.attempts == 2);
    CHECK(w.written(merged, "declarations_sealed").size() == 2);  // ect on the first attempt, mentor on the second
    CHECK(w.wrote(merged, "teacher_absorbed"));
  }
  SUBCASE("a conflicting mentor declaration landed: the merge is refused and the source is open again") {
    Race w;
    auto mentor_started = [](const std::string& teacher, const std::string& id) {
      return nlohmann::json{{"teacher_id", teacher}, {"role", "mentor"}, {"declaration_id", id},
                            {"training_period_id", "tp-x"}, {"lead_provider_id", "lp-ambition"},
                            {"declaration_type", "started"}, {"declaration_date", "2025-10-10T10:00:00Z"}, {"year", 2025}};
    };
    w.append_raw("declarations-" + w.dst + "-mentor", "declaration_submitted", mentor_started(w.dst, "dec-dst"));
    w.interleave_before_append(2, [&] {
      w.append_raw("declarations-" + w.src + "-mentor", "declaration_submitted", mentor_started(w.src, "dec-src"));
    });
    auto merged = w.merge();
    Race::check_refused_as_duplicate_started(merged, "mentor");
    REQUIRE(merged.events.size() == 2);
    CHECK(merged.events[0].type == "declarations_sealed");
    CHECK(merged.events[1].type == "declarations_unsealed");
    CHECK(w.lp("submit_declaration", started(w.src)).ok());
  }
}

TEST_CASE("merge race: submitters racing a merge never leave a declaration on the anonymised source") {
  for (int round = 0; round < 12; ++round) {
    Race w;
    std::atomic<bool> go{false};
    std::atomic<int> accepted{0};
    std::vector<std::thread> submitters;
    for (int i = 0; i < 4; ++i)
      submitters.emplace_back([&] {
        while (!go.load()) std::this_thread::yield();
        for (int k = 0; k < round % 4; ++k) std::this_thread::yield();
        if (w.lp("submit_declaration", started(w.src)).ok()) ++accepted;
      });
    go = true;
    auto merged = w.merge();
    for (std::thread& t : submitters) t.join();
    INFO("round " << round << ": " << merged.status.to_string());
    REQUIRE(merged.ok());
    w.check_no_declaration_left_on_the_source();
    // The source's declaration, if one was accepted, now blocks a duplicate on the destination.
    CHECK(w.lp("submit_declaration", started(w.dst)).ok() == (accepted.load() == 0));
  }
}

namespace {

// How many billable or changeable declarations of `type` the teacher holds as ECT, on any of their streams.
int live_ect_declarations(const World& w, const std::string& teacher, const std::string& type) {
  int n = 0;
  std::set<std::string> voided;
  for (const RecordedEvent& e : w.all_events())
    if (e.data.type == "declaration_voided") voided.insert(nlohmann::json::parse(e.data.payload)["declaration_id"]);
  for (const RecordedEvent& e : w.all_events()) {
    if (e.data.type != "declaration_submitted") continue;
    const auto p = nlohmann::json::parse(e.data.payload);
    if (p["teacher_id"] == teacher && p["role"] == "ect" && p["declaration_type"] == type && !voided.count(p["declaration_id"]))
      ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("merge race: a declaration for the destination decided before the merge and appended after it is answered with the source's, not recorded twice") {
  Race w;
  auto first = w.lp("submit_declaration", started(w.src));
  REQUIRE(first.ok());
  HeldCommand submitter(w.store, w.clock, "submit_declaration", ActorKind::kLeadProvider, "lp-ambition", started(w.dst),
                        11);
  auto merged = w.merge();
  const CommandOutcome during = submitter.join();
  INFO(merged.status.to_string());
  REQUIRE(merged.ok());
  // Decided again against the merged record, the submission finds the
  // source's started declaration on the record's latest training period with
  // this lead provider: a lost race for the same declaration, answered with
  // it (docs/decisions.md, "Concurrent identical declarations").
  REQUIRE(during.ok());
  CHECK(during.attempts == 2);
  CHECK(during.events.empty());
  CHECK(World::result(during, "declaration_id") == World::result(first, "declaration_id"));
  CHECK(live_ect_declarations(w, w.src, "started") + live_ect_declarations(w, w.dst, "started") == 1);
}

TEST_CASE("merge race: a declaration for the destination appended after the merge's decision makes the merge decide again and refuse") {
  Race w;
  REQUIRE(w.lp("submit_declaration", started(w.src)).ok());
  CommandOutcome during;
  w.interleave_before_append(3, [&] { during = w.lp("submit_declaration", started(w.dst)); });
  auto merged = w.merge();
  REQUIRE(during.ok());
  Race::check_refused_as_duplicate_started(merged, "ect");
  CHECK(merged.attempts == 2);
  CHECK(!w.wrote(merged, "teacher_absorbed"));
  CHECK(w.written(merged, "declarations_unsealed").size() == 2);  // the source is open again
  CHECK(w.lp("submit_declaration", started(w.src)).errors ==
        std::vector<FieldError>{{"declaration_type", msg::kDuplicateDeclaration}});
}

TEST_CASE("merge race: a declaration for the destination decided while the merge is half written is checked against both records") {
  Race w;
  REQUIRE(w.lp("submit_declaration", started(w.src)).ok());
  CommandOutcome during;
  w.interleave_before_append(5, [&] { during = w.lp("submit_declaration", started(w.dst)); });
  auto merged = w.merge();
  INFO(merged.status.to_string());
  REQUIRE(merged.ok());
  expect_error(during, "declaration_type", msg::kDuplicateDeclaration);
  CHECK(live_ect_declarations(w, w.src, "started") == 1);
  CHECK(live_ect_declarations(w, w.dst, "started") == 0);
}

TEST_CASE("merge race: a merge refused on its second attempt because the destination was removed releases the source's seals") {
  Race w;
  CommandOutcome undone;
  w.interleave_before_append(3, [&] {
    undone = w.system("undo_registration", R"({"participant_id":")" + w.dst + R"("})");
  });
  auto merged = w.merge();
  REQUIRE(undone.ok());
  REQUIRE(merged.status.code() == Code::kValidation);
  CHECK(merged.errors == std::vector<FieldError>{{"destination_participant_id", "was not found"}});
  CHECK(w.written(merged, "declarations_unsealed").size() == 2);
  CHECK(w.lp("submit_declaration", started(w.src)).ok());
}

TEST_CASE("merge race: a record with a merge or removal in flight can be neither merged elsewhere nor undone") {
  SUBCASE("the destination is absorbing another record") {
    Race w;
    w.append_raw("declarations-" + w.dst + "-ect", "declarations_absorbing",
                 {{"teacher_id", w.dst}, {"role", "ect"}, {"source_teacher_id", "someone-else"}});
    expect_error(w.merge(), "destination_participant_id", "this record is being changed by another command; try again");
    expect_error(w.system("undo_registration", R"({"participant_id":")" + w.dst + R"("})"), "participant_id",
                 "this record is being changed by another command; try again");
  }
  SUBCASE("the source is absorbing another record") {
    Race w;
    w.append_raw("declarations-" + w.src + "-ect", "declarations_absorbing",
                 {{"teacher_id", w.src}, {"role", "ect"}, {"source_teacher_id", "someone-else"}});
    expect_error(w.merge(), "source_participant_id", "this record is being changed by another command; try again");
  }
  SUBCASE("the source is sealed by a removal") {
    Race w;
    w.append_raw("declarations-" + w.src + "-ect", "declarations_sealed",
                 {{"teacher_id", w.src}, {"role", "ect"}, {"by", "undo_registration"}});
    expect_error(w.merge(), "source_participant_id", "this record is being changed by another command; try again");
  }
  SUBCASE("the destination is sealed by a removal") {
    Race w;
    w.append_raw("declarations-" + w.dst + "-ect", "declarations_sealed",
                 {{"teacher_id", w.dst}, {"role", "ect"}, {"by", "undo_registration"}});
    expect_error(w.merge(), "destination_participant_id", "this record is being changed by another command; try again");
  }
  SUBCASE("the record is sealed by a merge") {
    Race w;
    w.append_raw("declarations-" + w.src + "-ect", "declarations_sealed",
                 {{"teacher_id", w.src}, {"role", "ect"}, {"by", "merge"}, {"destination_teacher_id", w.dst}});
    expect_error(w.system("undo_registration", R"({"participant_id":")" + w.src + R"("})"), "participant_id",
                 "this record is being changed by another command; try again");
  }
}
