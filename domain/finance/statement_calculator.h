// calculate_statement: every figure of one statement (finance.md §5.6) from
// its contract terms and the declaration counts on and before it.
//
// The banded calculator always runs; the flat-rate calculator runs for
// `ittecf_ectp` contracts. VAT is the contract's rate when the lead provider
// is VAT registered, else 0:
//   vat   = Σ calculator subtotals × vat_rate
//   total = Σ calculator subtotals × (1 + vat_rate)      (may be negative)
// Display rows follow §5.6 for the contract type, each with the exact value
// and the value rounded half away from zero to pennies. Rounded rows need
// not add up to the rounded total; the exact ones do.
//
// Thread-safety: pure function over values.
//
// Usage (a statement of a lead provider, from a payments projection's counts):
//   std::vector<DatedTallies> all = ...;          // every statement of the ALP
//   StatementActivity a{.previous = previous_tallies(all, all[k].payment_date),
//                       .current = all[k].tallies,
//                       .adjustments = {*Decimal::parse("150")}};
//   Result<StatementFigures> f = calculate_statement(contract, /*vat_registered=*/true, a);
//   if (!f) return f.status();
//   for (const DisplayRow& r : f->rows) print(r.label, r.rounded);
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/finance/banded_calculator.h"
#include "domain/finance/contract_terms.h"
#include "domain/finance/flat_rate_calculator.h"
#include "domain/finance/statement_tallies.h"
#include "domain/money.h"
#include "events/status.h"

namespace rect::finance {

struct StatementActivity {
  StatementTallies previous;    // Σ over statements paid strictly earlier
  StatementTallies current;     // this statement's counts
  std::vector<Money> adjustments;
};

struct DisplayRow {
  std::string_view key;         // stable, e.g. "output_payment"
  std::string_view label;       // as shown, e.g. "Output payment"
  Money exact;
  std::string rounded;          // exact.to_pennies_string()
};

struct StatementFigures {
  ContractType contract_type = ContractType::kEcf;
  Decimal vat_rate;             // as applied: 0 when not VAT registered
  BandedFigures banded;
  std::optional<FlatRateFigures> flat_rate;  // ittecf_ectp only
  Money subtotal;               // Σ calculator subtotals, before VAT
  Money vat;
  Money total;
  std::vector<DisplayRow> rows;

  // The row with this key, or nullptr.
  const DisplayRow* row(std::string_view key) const;
};

// kInvalidArgument when the contract fails validate(), a count is negative,
// an adjustment is invalid, or the arithmetic overflows.
[[nodiscard]] Result<StatementFigures> calculate_statement(const ContractTerms& contract,
                                                           bool lead_provider_vat_registered,
                                                           const StatementActivity& activity);

}  // namespace rect::finance
