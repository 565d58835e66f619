// The lead provider views fold renders after an event only the subjects the
// event touched and made stale. These tests fold a synthetic history twice,
// once that way and once rendering every subject after every event, and
// require the same records: the same views, attributes, hidden fields,
// created and updated_at watermarks. A subject the fold forgot to mark stale
// would come out with a later updated_at, or stale attributes, than the
// exhaustive fold gives it. (Partnerships are checked rather than re-rendered:
// see LeadProviderViews::set_render_everything.)
#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <set>
#include <string>

#include "events/memory_store.h"
#include "projections/lead_provider/views.h"
#include "replay-tools/seed/generator.h"
#include "tests/replay-tools/lead_provider_fold.h"

namespace {

using rect::projections::RecordChange;
using rect::projections::lead_provider::LeadProviderViews;

std::map<std::string, std::string> fold_all(const rect::EventStore& log, bool everything, std::uint64_t* missed = nullptr) {
  LeadProviderViews views;
  views.set_render_everything(everything);
  std::map<std::string, std::string> records;
  std::vector<RecordChange> changes;
  rect::replay::testing::fold_pages(log, views, 500, [&] {
    changes.clear();
    views.drain_changes(changes);
    for (auto& [key, value] : changes) {
      if (value) records[key] = std::move(*value);
      else records.erase(key);
    }
  });
  if (missed) *missed = views.missed_changes();
  return records;
}

}  // namespace

TEST_CASE("lead provider views: rendering only what each event made stale equals rendering everything after every event") {
  auto clock = std::make_unique<rect::ManualClock>(rect::Timestamp(0));
  rect::MemoryEventStore log(clock.get());
  rect::seed::SeedOptions options;
  options.participants = 80;
  options.participants_per_shard = 40;
  auto stats = rect::seed::generate(log, *clock, options);
  REQUIRE_MESSAGE(stats.is_ok(), stats.status().to_string());

  const auto touched = fold_all(log, false);
  std::uint64_t missed = 1;
  const auto everything = fold_all(log, true, &missed);
  CHECK(missed == 0);
  std::set<std::string> kinds;
  for (const auto& [key, value] : everything)
    if (key.rfind("v/", 0) == 0) kinds.insert(key.substr(2, key.find('/', 2) - 2));
  CHECK(kinds.size() >= 6);  // participants, declarations, partnerships, schools, delivery partners, statements at least
  CHECK(touched.size() == everything.size());
  int differences = 0;
  for (const auto& [key, value] : everything) {
    auto it = touched.find(key);
    if (it != touched.end() && it->second == value) continue;
    if (++differences <= 5) {
      INFO("key " << key);
      CHECK(value == (it == touched.end() ? std::string("(missing)") : it->second));
    }
  }
  CHECK(differences == 0);
}
