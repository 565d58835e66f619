// Test support for the lead provider views tests of rect_replay_tests:
// folding a whole log into a projection (usually LeadProviderViews) page by page.
#pragma once

#include <doctest/doctest.h>

#include "events/event_store.h"
#include "projections/projection.h"

namespace rect::replay::testing {

// Applies every event of `log` to `views`, calling after_page() after each
// page of `page` events.
template <class AfterPage>
void fold_pages(const EventStore& log, projections::Projection& views, std::size_t page,
                AfterPage after_page) {
  GlobalPosition at;
  for (;;) {
    auto events = log.read_all(at, page);
    REQUIRE(events.is_ok());
    if (events->empty()) break;
    for (const RecordedEvent& e : *events) {
      Status s = views.apply(e);
      REQUIRE_MESSAGE(s.is_ok(), s.to_string());
    }
    at = events->back().position;
    after_page();
  }
}

}  // namespace rect::replay::testing
