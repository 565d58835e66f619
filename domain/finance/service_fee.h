// The monthly service fee of a banded fee structure (finance.md §5.4).
//
// Unless the contract sets `monthly_service_fee` (where 0 means zero), the
// fee is computed from the recruitment target, not from actual recruits:
//   pool      = Σ over bands in order of filled_b × fee_per_declaration_b
//               × service_fee_ratio_b, where the target fills each band
//               up to its capacity (beyond the last band: nothing)
//   deduction = min(target, capacity_A) × setup_fee / capacity_A
//   monthly   = (pool − deduction) / 29
// The result is exact (a fraction over 29); it is added to every statement
// of the contract, output and service months alike.
//
// Thread-safety: pure function over values.
//
// Usage:
//   Result<ServiceFee> f = monthly_service_fee(contract.banded);
//   if (!f) return f.status();
//   Money fee = f->monthly;   // e.g. 31500/29 for V1(a)
#pragma once

#include <cstdint>

#include "domain/finance/contract_terms.h"
#include "domain/money.h"
#include "events/status.h"

namespace rect::finance {

// NUMBER_OF_PAYMENTS: the months the computed service fee is spread over.
inline constexpr std::int64_t kServiceFeeMonths = 29;

struct ServiceFee {
  bool overridden = false;  // true: `monthly` is the contract's explicit value
  Money pool;               // Σ target-filled bands × price × service ratio
  Money setup_deduction;    // min(target, cap_A) × setup_fee / cap_A
  Money monthly;            // the fee on each statement
};

// kInvalidArgument if the structure has no band, a non-positive band A
// capacity, or the arithmetic overflows. The pool and deduction are filled
// in even when the fee is overridden, for display.
[[nodiscard]] Result<ServiceFee> monthly_service_fee(const BandedFeeStructure& fees);

}  // namespace rect::finance
