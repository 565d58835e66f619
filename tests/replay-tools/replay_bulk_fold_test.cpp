// What fold_log sets on the projections it rebuilds must not change what they
// make. A drain of the lead provider views renders its records on several
// threads when there are enough of them (set_drain_threads): the same history
// folded with one drain thread and with two, drained at once and in batches,
// must give the very same records in the very same order. Folding only
// (set_folding_only) keeps no list order: lists must refuse to run, and come
// out as a normal fold's once it is switched off. Both projections drain in
// key order, so that a rebuild writes each as one table file.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "events/memory_store.h"
#include "projections/all.h"
#include "projections/lead_provider/views.h"
#include "projections/payments/payments.h"
#include "projections/read_model_store.h"
#include "replay-tools/fold.h"
#include "replay-tools/seed/generator.h"
#include "tests/replay-tools/lead_provider_fold.h"
#include "tests/support/temp_dir.h"

namespace {

using rect::projections::RecordChange;
using rect::projections::lead_provider::LeadProviderViews;
using rect::projections::lead_provider::Query;
using rect::projections::lead_provider::Resource;

void fold(const rect::EventStore& log, LeadProviderViews& views) {
  rect::replay::testing::fold_pages(log, views, 1000, [] {});
}

// A log made by the dataset generator, with the clock it was made on.
struct Seeded {
  std::unique_ptr<rect::ManualClock> clock = std::make_unique<rect::ManualClock>(rect::Timestamp(0));
  rect::MemoryEventStore log{clock.get()};
  explicit Seeded(int participants) {
    rect::seed::SeedOptions options;
    options.participants = participants;
    options.participants_per_shard = 200;
    auto stats = rect::seed::generate(log, *clock, options);
    REQUIRE_MESSAGE(stats.is_ok(), stats.status().to_string());
  }
};

// Folds the whole log, then drains: everything at once (batch 0) or in batches.
std::vector<RecordChange> fold_then_drain(const rect::EventStore& log, unsigned threads, std::size_t batch) {
  LeadProviderViews views;
  views.set_drain_threads(threads);
  fold(log, views);
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
  Seeded seeded(600);
  const rect::EventStore& log = seeded.log;

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

TEST_CASE("lead provider views: folding only keeps no list order, and lists come out as a normal fold's once switched off") {
  Seeded seeded(200);
  const rect::EventStore& log = seeded.log;

  LeadProviderViews normal, bulk;
  bulk.set_folding_only(true);
  bulk.clear();  // clearing for a rebuild keeps the mode
  fold(log, normal);
  fold(log, bulk);
  const rect::Timestamp now = seeded.clock->now();
  Query q;
  q.per_page = 1000;
  CHECK_THROWS_AS((void)bulk.list(Resource::kParticipant, "any", q, now), std::logic_error);
  bulk.set_folding_only(false);

  // Every lead provider that has participants, in every resource.
  std::set<std::string> lps;
  std::vector<RecordChange> records;
  normal.drain_changes(records);
  for (const auto& [key, value] : records)
    if (key.rfind("v/participant/", 0) == 0) lps.insert(key.substr(14, key.find('/', 14) - 14));
  REQUIRE(lps.size() >= 2);
  int lists = 0;
  for (const std::string& lp : lps)
    for (Resource r : {Resource::kParticipant, Resource::kDeclaration, Resource::kPartnership, Resource::kDeliveryPartner,
                       Resource::kStatement, Resource::kTransfer, Resource::kUnfundedMentor}) {
      const auto a = normal.list(r, lp, q, now);
      CHECK(a == bulk.list(r, lp, q, now));
      if (!a.empty()) ++lists;
    }
  for (int cohort = 2021; cohort <= 2026; ++cohort) {
    Query sq = q;
    sq.school_cohort = cohort;
    const auto a = normal.list(Resource::kSchool, *lps.begin(), sq, now);
    CHECK(a == bulk.list(Resource::kSchool, *lps.begin(), sq, now));
    if (!a.empty()) ++lists;
  }
  CHECK(lists >= 10);
}

namespace {

// The first key in `changes` that is not after the one before it, or "".
std::string first_out_of_order(const std::vector<RecordChange>& changes) {
  for (std::size_t i = 1; i < changes.size(); ++i)
    if (!(changes[i - 1].first < changes[i].first)) return changes[i - 1].first + " then " + changes[i].first;
  return "";
}

}  // namespace

TEST_CASE("lead provider views and payments drain in key order, batch after batch") {
  Seeded seeded(300);
  const rect::EventStore& log = seeded.log;

  const auto views = fold_then_drain(log, 1, 700);
  REQUIRE(views.size() > 2000);
  CHECK(views.front().first.rfind("e/", 0) == 0);
  CHECK(views.back().first.rfind("v/", 0) == 0);
  CHECK(first_out_of_order(views) == "");

  rect::projections::payments::PaymentsProjection payments;
  rect::replay::testing::fold_pages(log, payments, 1000, [] {});
  std::vector<RecordChange> paid;
  for (bool done = false; !done;) done = payments.drain_some(paid, 300);
  REQUIRE(paid.size() > 600);
  for (const char* prefix : {"a/", "d/", "l/", "p", "s/"})
    CHECK_MESSAGE(std::any_of(paid.begin(), paid.end(), [&](const RecordChange& c) { return c.first.rfind(prefix, 0) == 0; }),
                  prefix);
  CHECK(first_out_of_order(paid) == "");
}

TEST_CASE("fold_log writes each projection of a rebuild as one table file, which reads back as drained") {
  Seeded seeded(150);
  const rect::EventStore& log = seeded.log;
  rect::testing::TempDir dir{"rect-bulk-fold"};

  auto all = rect::projections::make_all_projections();
  std::vector<rect::projections::Projection*> raw;
  std::vector<std::string> names;
  for (auto& p : all) {
    raw.push_back(p.get());
    names.emplace_back(p->name());
  }
  auto store = rect::projections::ReadModelStore::open(dir.path() + "/rm", names);
  REQUIRE(store.is_ok());
  rect::replay::FoldBounds bounds;
  bounds.until = log.head();
  bounds.commit_batch = 256;  // many batches a projection
  auto r = rect::replay::fold_log(log, **store, raw, bounds, nullptr);
  REQUIRE_MESSAGE(r.is_ok(), r.status().to_string());
  CHECK(r->table_files == all.size());

  const auto drained = fold_then_drain(log, 1, 0);
  std::vector<RecordChange> stored;
  rect::Status s = (*store)->scan("lead_provider_api", [&](std::string_view k, std::string_view v) {
    stored.emplace_back(std::string(k), std::string(v));
    return rect::Status::ok();
  });
  REQUIRE(s.is_ok());
  std::vector<RecordChange> written;
  for (const auto& c : drained)
    if (c.second) written.push_back(c);
  CHECK(stored == written);
}
