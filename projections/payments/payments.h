// PaymentsProjection: the read model behind finance's statements — a fold of
// the log into, per statement of a lead provider and cohort, the counts of
// billable and refundable declarations per role and declaration type (with
// their uplift flags), the adjustments, the calendar and the lifecycle
// (open → payable → paid), plus the contracts, bands and VAT registration
// the figures are computed under (spec finance.md §3–§5, docs/payments.md).
//
// Every event costs a few map updates; a statement's figures are computed on
// request by the domain's calculators (domain/finance/) over those counts,
// never by rescanning the log. Each declaration keeps the global positions of
// the events that attached it, made it payable, paid, voided or clawed it
// back, so a figure can be traced to the events behind it.
//
// Authorisation freezes a statement: on `statement_authorised` the
// projection records the inputs of the calculation as they stand at that
// event (contract terms, VAT registration, previous and current counts,
// adjustments, the declarations on the statement) and the figures computed
// from them, with the event's position. Later events never change them;
// replaying the log reproduces them exactly. Persisted records:
// docs/storage-format.md, "Read models: payments".
//
// Thread-safety: the engine folds under lock() held exclusively; every const
// query takes it shared, so queries may run concurrently with the fold.
//
// Usage:
//   PaymentsProjection payments;
//   ProjectionEngine engine(log, *read_models, {&payments});
//   for (const StatementSummary& s : payments.statements("lp-ambition", 2025)) show(s.id, s.status);
//   Result<Derivation> d = payments.derivation(statement_id);
//   if (d) for (const finance::DisplayRow& r : d->statement.figures.rows) print(r.label, r.rounded);
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"
#include "domain/finance/declaration_selection.h"
#include "domain/finance/statement_calculator.h"
#include "events/status.h"
#include "events/types.h"
#include "projections/projection.h"

namespace rect::projections::payments {

// One statement's calendar entry and lifecycle.
struct StatementSummary {
  std::string id;
  std::string lead_provider_id;
  int cohort = 0;                     // the contract period (year)
  int month = 0;
  int calendar_year = 0;
  domain::Date deadline_date;
  domain::Date payment_date;
  std::string fee_type;               // "output" | "service"
  std::string status;                 // "open" | "payable" | "paid"
  std::string contract_id;            // as created; may be empty (see docs/payments.md)
  std::optional<domain::Date> marked_payable_on;
  std::optional<Timestamp> authorised_at;
  GlobalPosition created_position;
  GlobalPosition authorised_position;  // 0 unless paid
};

// A statement's figures: the calculator inputs and what they give.
struct StatementView {
  StatementSummary summary;
  std::string contract_id;            // the contract the figures use
  bool vat_registered = true;
  finance::ContractTerms contract;
  finance::StatementActivity activity;
  finance::StatementFigures figures;
  bool frozen = false;                // true: figures fixed at authorisation
  GlobalPosition computed_at;         // the position the figures reflect
};

// The global positions of the events in one declaration's payment life;
// 0 where that event has not happened.
struct DeclarationPositions {
  GlobalPosition submitted;
  GlobalPosition billable;            // declaration_made_eligible (attached, billable)
  GlobalPosition payable;
  GlobalPosition paid;
  GlobalPosition voided;
  GlobalPosition refundable;          // declaration_clawback_requested
  GlobalPosition clawed_back;
};

// A declaration on a statement, as the derivation shows it.
struct DeclarationLine {
  std::string id;
  std::string participant_id;
  std::string delivery_partner_id;
  std::string evidence_held;
  finance::Role role = finance::Role::kEct;
  finance::DeclarationType type = finance::DeclarationType::kStarted;
  Timestamp declaration_date;
  Timestamp created_at;
  finance::Standing standing = finance::Standing::kBillable;
  bool pupil_premium_uplift = false;
  bool sparsity_uplift = false;
  std::string_view payment_status;    // now: no_payment, eligible, payable, paid, voided
  std::string_view clawback_status;   // now: no_clawback, awaiting_clawback, clawed_back
  DeclarationPositions positions;
};

// Declarations on earlier statements that use up band capacity.
struct PreviousStatementCounts {
  std::string statement_id;
  domain::Date payment_date;
  finance::TypeTallies counts;        // the banded selection of that statement
};

// One band of one declaration type: the §5.1 counts, fee and amounts, and
// which of the statement's declarations (indices into Derivation::lines)
// fill its current billable and refundable counts (§5.7 order, assigned A→
// last for billable as step 3 fills, last→A for refundable as step 4 drains).
struct BandDerivation {
  finance::BandOutput output;
  std::vector<std::size_t> billable;
  std::vector<std::size_t> refundable;
};

struct TypeDerivation {
  finance::DeclarationType type = finance::DeclarationType::kStarted;
  finance::AllocationCounts counts;   // PB, PR, CB, CR
  std::vector<BandDerivation> bands;
  Money billable;
  Money refundable;
  std::vector<std::size_t> unpaid;    // billable beyond band capacity: earned nothing
  std::vector<std::size_t> unmatched_refundable;  // refundable with nothing to drain
  std::vector<std::size_t> voided;
};

// Flat-rate mentor lines (ittecf_ectp) with their declarations.
struct FlatRateDerivation {
  finance::FlatRateLine line;
  std::vector<std::size_t> billable;
  std::vector<std::size_t> refundable;
};

struct Derivation {
  StatementView statement;
  std::vector<DeclarationLine> lines;          // every declaration on the statement
  finance::DeclarationSelection selection;     // §5.7, indices into `lines`
  std::vector<TypeDerivation> types;           // banded calculator, milestone order
  std::vector<FlatRateDerivation> flat_rate;   // empty unless ittecf_ectp
  std::vector<PreviousStatementCounts> previous;
};

class PaymentsProjection final : public Projection {
 public:
  PaymentsProjection();
  ~PaymentsProjection() override;

  std::string_view name() const override { return "payments"; }
  std::uint32_t schema_version() const override { return 1; }
  Status apply(const RecordedEvent& event) override;
  void drain_changes(std::vector<RecordChange>& out) override;
  bool drain_some(std::vector<RecordChange>& out, std::size_t max) override;
  std::size_t pending_changes() override;
  Status load(std::string_view key, std::string_view value) override;
  void clear() override;

  // The statements of a lead provider (all cohorts when `cohort` is unset),
  // by cohort then payment date.
  std::vector<StatementSummary> statements(std::string_view lead_provider, std::optional<int> cohort) const;
  // kNotFound for an unknown statement; kValidation when it has no
  // contract to be computed under; kInvalidArgument for invalid terms or
  // arithmetic overflow.
  [[nodiscard]] Result<StatementView> statement(std::string_view id) const;
  // The figures with everything behind them; errors as statement().
  [[nodiscard]] Result<Derivation> derivation(std::string_view id) const;
  // The position of the last event folded.
  GlobalPosition position() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rect::projections::payments
