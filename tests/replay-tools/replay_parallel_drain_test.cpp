// A drain of the lead provider views renders its records on several threads
// when there are enough of them (LeadProviderViews::set_drain_threads). These
// tests fold the same synthetic history with one drain thread and with two,
// draining at once and in batches, and require the very same records in the
// very same order.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "events/memory_store.h"
#include "projections/lead_provider/views.h"
#include "replay-tools/seed/generator.h"

namespace {

using rect::projections::RecordChange;
using rect::projections::lead_provider::LeadProviderViews;

// Folds the whole log, then drains: everything at once (batch 0) or in batches.
std::vector<RecordChange> fold_then_drain(const rect::EventStore& log, unsigned threads, std::size_t batch) {
  LeadProviderViews views;
  views.set_drain_threads(threads);
  rect::GlobalPosition at;
  for (;;) {
    auto page = log.read_all(at, 1000);
    REQUIRE(page.is_ok());
    if (page->empty()) break;
    for (const rect::RecordedEvent& e : *page) {
      rect::Status s = views.apply(e);
      REQUIRE_MESSAGE(s.is_ok(), s.to_string());
    }
    at = page->back().position;
  }
  std::vector<RecordChange> changes;
  if (batch == 0) {
    views.drain_changes(changes);
  } else {
    for (bool done = false; !done;) {
      const std::size_t before = changes.size();
      done = views.drain_some(changes, batch);
      CHECK(changes.size() - before <= batch);
    }
  }
  std::vector<RecordChange> again;
  views.drain_changes(again);
  CHECK(again.empty());
  return changes;
}

}  // namespace

TEST_CASE("lead provider views: a drain on two threads gives the records of a drain on one, in the same order") {
  auto clock = std::make_unique<rect::ManualClock>(rect::Timestamp(0));
  rect::MemoryEventStore log(clock.get());
  rect::seed::SeedOptions options;
  options.participants = 600;
  options.participants_per_shard = 200;
  auto stats = rect::seed::generate(log, *clock, options);
  REQUIRE_MESSAGE(stats.is_ok(), stats.status().to_string());

  const auto one = fold_then_drain(log, 1, 0);
  // Enough records that both the entities and the views are split between threads.
  REQUIRE(one.size() > 8192);
  const auto two = fold_then_drain(log, 2, 0);
  const auto batched = fold_then_drain(log, 2, 5000);
  for (const auto* other : {&two, &batched}) {
    REQUIRE(other->size() == one.size());
    int differences = 0;
    for (std::size_t i = 0; i < one.size(); ++i)
      if ((*other)[i] != one[i] && ++differences <= 3) {
        INFO("record " << i << ": " << one[i].first);
        CHECK((*other)[i].first == one[i].first);
        CHECK((*other)[i].second == one[i].second);
      }
    CHECK(differences == 0);
  }
}
