// Merging duplicate participants keeps one billable declaration per role and
// type across both records (domain.md §5, api.md §7.7).
#include "tests/domain/world.h"

using namespace rect;
using namespace rect::domain;
using namespace rect::domain::testing;

namespace {

std::string started(const std::string& pid) {
  return R"({"participant_id":")" + pid + R"(","declaration_type":"started","declaration_date":"2025-10-10T10:00:00Z",
      "course_identifier":"ecf-induction","evidence_held":"training-event-attended"})";
}

struct Duplicates : World {
  std::string src, dst;
  Duplicates() {
    std::tie(src, dst) = register_merge_pair();
  }
  CommandOutcome merge() {
    return system("merge_participants",
                  R"({"source_participant_id":")" + src + R"(","destination_participant_id":")" + dst + R"("})");
  }
};

}  // namespace

TEST_CASE("merge: two billable declarations of the same type are refused until one is voided") {
  Duplicates w;
  auto a = w.lp("submit_declaration", started(w.src));
  auto b = w.lp("submit_declaration", started(w.dst));
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  auto refused = w.merge();
  REQUIRE(refused.status.code() == Code::kValidation);
  CHECK(refused.errors == std::vector<FieldError>{
                              {"source_participant_id", "both records have a billable started declaration as ect; void one of them first"}});
  CHECK(refused.events.empty());
  REQUIRE(w.lp("void_declaration", R"({"participant_declaration_id":")" + World::result(b, "declaration_id") + R"("})").ok());
  CHECK(w.merge().ok());
}

TEST_CASE("merge: the source's billable declaration blocks a duplicate on the destination afterwards") {
  Duplicates w;
  REQUIRE(w.lp("submit_declaration", started(w.src)).ok());
  REQUIRE(w.merge().ok());
  auto dup = w.lp("submit_declaration", started(w.dst));
  REQUIRE(dup.status.code() == Code::kValidation);
  CHECK(dup.errors == std::vector<FieldError>{
                          {"declaration_type", "A declaration has already been submitted that will be, or has been, paid for this event."}});
  auto to_source = w.lp("submit_declaration", started(w.src));
  CHECK(!to_source.ok());
  CHECK(to_source.events.empty());
}
