// LeadProviderViews: the read models behind the lead provider API v3, one
// Projection folding the event catalogue (docs/events.md) into every
// lead-provider-relative resource: participants, participant declarations,
// partnerships, schools per cohort, delivery partners, statements, transfers
// and unfunded mentors (spec/api.md §6).
//
// Records are scoped by lead provider id (the first part of every key), so a
// query for one provider can never return another provider's record. Each
// record carries the API watermark `updated_at` (api.md §3.5): it moves only
// when a field that lead provider sees changes. Time-derived fields
// (participant_status, transfer status, participants_currently_training) are
// computed at read time from the `now` the caller passes. Persisted format:
// docs/storage-format.md, "Read models: lead provider API".
//
// Thread-safety: the engine folds under lock() held exclusively; every const
// query takes it shared, so queries may run concurrently with the fold.
//
// Usage:
//   LeadProviderViews views;
//   ProjectionEngine engine(log, *store, {&views});
//   Query q;  q.cohorts = {{"2025"}};  q.per_page = 100;
//   for (const std::string& json : views.list(Resource::kParticipant, "lp-ambition", q, clock.now())) emit(json);
//   std::optional<std::string> one = views.find(Resource::kDeclaration, "lp-ambition", id, clock.now());
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/types.h"
#include "projections/projection.h"

namespace rect::projections::lead_provider {

enum class Resource {
  kParticipant,
  kDeclaration,
  kPartnership,
  kSchool,
  kDeliveryPartner,
  kStatement,
  kTransfer,
  kUnfundedMentor,
};

struct SortKey {
  std::string field;  // "created_at" or "updated_at"; anything else is ignored
  bool descending = false;
};

// A list request. A list filter that is set but empty matches nothing; unset
// (nullopt) means no filter.
struct Query {
  std::optional<std::vector<std::string>> cohorts;
  std::optional<std::vector<std::string>> participant_ids;
  std::optional<std::vector<std::string>> delivery_partner_ids;
  std::optional<Timestamp> updated_since;  // inclusive
  std::optional<std::string> training_status;
  std::optional<std::string> from_participant_id;
  std::optional<std::string> urn;
  std::optional<int> school_cohort;  // schools: the one cohort (required by the API)
  std::vector<SortKey> sort;         // empty: created_at ascending
  std::size_t page = 1;              // 1-based
  std::size_t per_page = 100;
};

class LeadProviderViews final : public Projection {
 public:
  LeadProviderViews();
  ~LeadProviderViews() override;

  std::string_view name() const override { return "lead_provider_api"; }
  std::uint32_t schema_version() const override { return 5; }
  Status apply(const RecordedEvent& event) override;
  void drain_changes(std::vector<RecordChange>& out) override;
  bool drain_some(std::vector<RecordChange>& out, std::size_t max) override;
  std::size_t pending_changes() override;
  // Renders only read the model, so a large drain renders its records on up
  // to `threads` threads; the records and their order are the same.
  void set_drain_threads(unsigned threads) override;
  // Folding only, the views keep no list order (list() throws
  // std::logic_error); switching it off sorts every list again.
  void set_folding_only(bool on) override;
  Status load(std::string_view key, std::string_view value) override;
  void clear() override;

  // One page of resources visible to `lead_provider`, each the JSON text of
  // {"id","type","attributes"}.
  std::vector<std::string> list(Resource r, const std::string& lead_provider, const Query& q, Timestamp now) const;
  // One resource, or nullopt when it does not exist or is not visible to this
  // lead provider. Schools need `cohort`.
  std::optional<std::string> find(Resource r, const std::string& lead_provider, const std::string& id, Timestamp now,
                                  std::optional<int> cohort = std::nullopt) const;
  // The URN behind a school's API id (or the URN itself), if the school is known.
  std::optional<std::string> school_urn(const std::string& school_id) const;

  // Verification mode: after every event, render every subject again rather
  // than only those the event touched and made stale. Quadratic; for tests,
  // which check that the views come out exactly the same without it.
  // Partnerships are the exception: their count of participants currently
  // training moves updated_at only when they are checked (a touch, or the
  // nightly day_started; api.md §3.5), so they are rendered as usual, and
  // every partnership left fresh is instead rendered to check that its record
  // still matches; missed_changes() counts those that did not, and every
  // school whose training, as its views read it from the teachers' last
  // checked inputs, differs from their training periods.
  void set_render_everything(bool on);
  std::uint64_t missed_changes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The school's API id: a stable UUID derived from its URN.
std::string school_api_id(std::string_view urn);

}  // namespace rect::projections::lead_provider
