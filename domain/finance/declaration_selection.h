// select_declarations: which declarations "made" a statement's numbers
// (finance.md §5.7), for the derivation view and the declarations CSV.
//
// For the declarations the banded calculator sees, per type, the first
// Σ_b cb(t, b) billable and the first Σ_b cr(t, b) refundable declarations
// in (declaration_date, created_at, id) order are selected — those beyond
// band capacity are the ones that earned nothing. For the flat-rate
// calculator (mentors' started/completed under `ittecf_ectp`), every
// billable and refundable declaration counts, as flat rate has no cap.
// Every voided declaration linked to the statement is listed as voided.
// Each list is grouped by type in milestone order, then in the order above.
//
// Thread-safety: pure function over values.
//
// Usage:
//   std::vector<DeclarationRecord> recs = ...;   // every declaration on the statement
//   DeclarationSelection sel = select_declarations(contract.type, recs, figures.banded);
//   for (std::size_t i : sel.billable) emit_csv_row(recs[i]);
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "domain/finance/banded_calculator.h"
#include "domain/finance/contract_terms.h"
#include "domain/finance/declaration_type.h"
#include "domain/finance/statement_tallies.h"
#include "events/types.h"

namespace rect::finance {

// How a declaration relates to the statement being explained.
enum class Standing : std::uint8_t {
  kBillable,    // payment statement, payment status eligible/payable/paid
  kRefundable,  // clawback statement, awaiting_clawback/clawed_back
  kVoided,      // payment statement, voided before payment
};

struct DeclarationRecord {
  std::string id;
  Role role = Role::kEct;
  DeclarationType type = DeclarationType::kStarted;
  Timestamp declaration_date;
  Timestamp created_at;
  Standing standing = Standing::kBillable;
};

// Indices into the records passed in.
struct DeclarationSelection {
  std::vector<std::size_t> billable;
  std::vector<std::size_t> refundable;
  std::vector<std::size_t> voided;
};

DeclarationSelection select_declarations(ContractType contract, std::span<const DeclarationRecord> records,
                                         const BandedFigures& banded);

}  // namespace rect::finance
