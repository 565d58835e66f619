// The banded calculator (finance.md §5.1–§5.4, §5.6): output payments per
// declaration type and band, uplifts, the monthly service fee and the
// statement's adjustments, for the declarations the §5.0 banded selector
// sees (ECTs and mentors under `ecf`, ECTs only under `ittecf_ectp`).
//
//   fee(t, b)       = FEE_PROPORTION[t] × output_fee_ratio_b × fee_per_declaration_b
//   output_billable = Σ_t Σ_b cb(t, b) × fee(t, b)   (cb, cr from allocate_bands)
//   output_refund   = Σ_t Σ_b cr(t, b) × fee(t, b)
//   uplift_billable = flagged billable × uplift_fee_per_declaration (unbanded)
//   uplift_refund   = flagged refundable × uplift_fee_per_declaration
//   subtotal        = output_net + uplift_net + monthly_service_fee + Σ adjustments
// Everything is exact; nothing is rounded.
//
// Thread-safety: pure function over values.
//
// Usage:
//   TypeTallies prev = banded_selection(c.type, previous_tallies(all, s.payment_date));
//   TypeTallies cur  = banded_selection(c.type, s.tallies);
//   Result<BandedFigures> f = calculate_banded(c.banded, prev, cur, s.adjustments);
//   if (f) use(f->output_net, f->subtotal);
#pragma once

#include <array>
#include <span>
#include <vector>

#include "domain/finance/band_allocation.h"
#include "domain/finance/contract_terms.h"
#include "domain/finance/declaration_type.h"
#include "domain/finance/service_fee.h"
#include "domain/finance/statement_tallies.h"
#include "domain/money.h"
#include "events/status.h"

namespace rect::finance {

// One declaration type on one band.
struct BandOutput {
  BandCounts counts;            // pb, pr, cb, cr
  Money fee_per_declaration;    // fee(t, b)
  Money billable;               // cb × fee
  Money refundable;             // cr × fee
};

// One declaration type across the bands.
struct TypeOutput {
  DeclarationType type = DeclarationType::kStarted;
  AllocationCounts counts;      // PB, PR, CB, CR before allocation
  BandAllocation allocation;
  std::vector<BandOutput> bands;
  Money billable;               // Σ_b cb × fee
  Money refundable;             // Σ_b cr × fee
};

struct BandedFigures {
  std::array<TypeOutput, kDeclarationTypeCount> types;
  Money output_billable;
  Money output_refundable;
  Money output_net;
  std::int64_t uplift_billable_count = 0;
  std::int64_t uplift_refundable_count = 0;
  Money uplift_billable;
  Money uplift_refundable;
  Money uplift_net;
  ServiceFee service_fee;
  Money adjustments;            // Σ adjustment amounts
  Money subtotal;               // before VAT
};

// `previous` and `current` are already selected (banded_selection). Fails
// with kInvalidArgument on a negative count, an invalid contract structure
// or arithmetic overflow.
[[nodiscard]] Result<BandedFigures> calculate_banded(const BandedFeeStructure& fees, const TypeTallies& previous,
                                                     const TypeTallies& current, std::span<const Money> adjustments);

}  // namespace rect::finance
