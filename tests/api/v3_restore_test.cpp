// The lead provider read models survive a restart (restored from the
// read-model store) and a rebuild from position 0 gives the same answers.
#include "tests/api/v3_fixture.h"

namespace rect::testing::v3 {
namespace {

using projections::lead_provider::LeadProviderViews;
using projections::lead_provider::Query;
using projections::lead_provider::Resource;

std::vector<std::string> snapshot(const LeadProviderViews& v, Timestamp now) {
  std::vector<std::string> out;
  Query q;
  q.per_page = 3000;
  for (const char* lp : {kAmbition, kTeachFirst})
    for (Resource r : {Resource::kParticipant, Resource::kDeclaration, Resource::kPartnership, Resource::kDeliveryPartner,
                       Resource::kStatement, Resource::kTransfer, Resource::kUnfundedMentor})
      for (std::string& s : v.list(r, lp, q, now)) out.push_back(std::move(s));
  q.school_cohort = 2025;
  for (std::string& s : v.list(Resource::kSchool, kAmbition, q, now)) out.push_back(std::move(s));
  return out;
}

TEST_CASE_FIXTURE(Fixture, "read models: restart restores them and a rebuild from the log gives the same answers") {
  partner("100001", kAmbition, kDpA);
  const std::string alice = register_ect("1000001", "1995-05-05", "100001", kAmbition);
  ok(lp("submit_declaration", Json{{"participant_id", alice}, {"declaration_type", "started"},
                                  {"declaration_date", "2025-10-01T10:00:00Z"}, {"course_identifier", "ecf-induction"},
                                  {"evidence_held", "training-event-attended"}}));
  sync();
  const std::vector<std::string> live = snapshot(*views, clock.now());
  REQUIRE(live.size() > 10);

  LeadProviderViews restored;
  projections::ProjectionEngine again(*store, *read_models, {&restored});
  REQUIRE(again.run_to_head());
  CHECK(snapshot(restored, clock.now()) == live);

  TempDir fresh_dir("rect-v3-rebuild");
  auto fresh = projections::ReadModelStore::open(fresh_dir.sub("readmodels"), {"lead_provider_api"});
  REQUIRE(fresh);
  LeadProviderViews rebuilt;
  projections::ProjectionEngine rebuild(*store, **fresh, {&rebuilt});
  REQUIRE(rebuild.run_to_head());
  CHECK(snapshot(rebuilt, clock.now()) == live);
}

}  // namespace
}  // namespace rect::testing::v3
