// The flat-rate calculator for mentors under `ittecf_ectp` contracts
// (finance.md §5.5): no bands, no previous statements, no cap, no uplift,
// no service fee, no adjustments.
//
//   amount_t = (billable_t − refundable_t) × 0.5 × fee_per_declaration
//   for t in {started, completed}; net = Σ_t amount_t
//
// Thread-safety: pure function over values.
//
// Usage:
//   TypeTallies mentors = flat_rate_selection(c.type, s.tallies);
//   Result<FlatRateFigures> f = calculate_flat_rate(c.flat_rate, mentors);
//   if (f) use(f->billable, f->refundable, f->net);
#pragma once

#include <array>
#include <cstdint>

#include "domain/finance/contract_terms.h"
#include "domain/finance/declaration_type.h"
#include "domain/finance/statement_tallies.h"
#include "domain/money.h"
#include "events/status.h"

namespace rect::finance {

struct FlatRateLine {
  DeclarationType type = DeclarationType::kStarted;
  std::int64_t billable_count = 0;
  std::int64_t refundable_count = 0;
  Money fee_per_declaration;  // 0.5 × the flat fee
  Money billable;
  Money refundable;
};

struct FlatRateFigures {
  std::array<FlatRateLine, 2> lines;  // started, completed
  Money billable;
  Money refundable;
  Money net;                          // the subtotal before VAT
};

// `mentors` is already selected (flat_rate_selection); only started and
// completed are read. kInvalidArgument on negative counts or overflow.
[[nodiscard]] Result<FlatRateFigures> calculate_flat_rate(const FlatRateFeeStructure& fees,
                                                          const TypeTallies& mentors);

}  // namespace rect::finance
