// ContractTerms: the commercial terms one statement is calculated under —
// the lead provider's volume bands with the contract's price for each, the
// banded fee structure, the flat-rate mentor fee and the VAT rate
// (finance.md §3).
//
// Band capacities belong to the active lead provider (lead provider ×
// contract period) and the prices to the contract version the statement
// uses; the caller joins them into one BandTerms per band, in allocation
// order (A first). `monthly_service_fee` distinguishes "not set" (nullopt:
// compute it by §5.4) from an explicit value, where 0 means zero.
//
// Thread-safety: plain values.
//
// Usage:
//   ContractTerms c;
//   c.type = ContractType::kEcf;
//   c.vat_rate = Decimal::fraction(1, 5);
//   c.banded.bands.push_back({.capacity = 2000,
//                             .fee_per_declaration = Decimal(1000),
//                             .output_fee_ratio = Decimal::fraction(3, 5),
//                             .service_fee_ratio = Decimal::fraction(2, 5)});
//   c.banded.recruitment_target = 2000;
//   if (Status s = validate(c); !s) return s;
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "domain/money.h"
#include "events/status.h"

namespace rect::finance {

// `ecf`: one banded calculator over ECTs and mentors together.
// `ittecf_ectp`: banded over ECTs, flat-rate over mentors (cohorts 2025+).
enum class ContractType : std::uint8_t { kEcf, kIttecfEctp };

std::string_view contract_type_name(ContractType t);  // "ecf", "ittecf_ectp"
std::optional<ContractType> parse_contract_type(std::string_view name);

struct BandTerms {
  std::int64_t capacity = 0;        // participants the band holds, > 0
  Money fee_per_declaration;        // the band's per-participant price
  Decimal output_fee_ratio;         // share paid through outputs, 0..1
  Decimal service_fee_ratio;        // share paid as service fee, 0..1
};

struct BandedFeeStructure {
  std::vector<BandTerms> bands;     // allocation order, at least one
  std::int64_t recruitment_target = 0;
  Money setup_fee;
  Money uplift_fee_per_declaration;
  std::optional<Money> monthly_service_fee;  // nullopt = computed (§5.4)
};

struct FlatRateFeeStructure {
  std::int64_t recruitment_target = 0;  // informational: flat rate is uncapped
  Money fee_per_declaration;            // the mentor per-participant price
};

struct ContractTerms {
  ContractType type = ContractType::kEcf;
  Decimal vat_rate = Decimal::fraction(1, 5);  // 0..1, applied if VAT registered
  BandedFeeStructure banded;
  FlatRateFeeStructure flat_rate;  // read only for kIttecfEctp
};

// kInvalidArgument unless: at least one band; capacities positive; ratios
// in 0..1 summing to 1 per band; target non-negative; VAT rate in 0..1;
// every amount valid.
[[nodiscard]] Status validate(const ContractTerms& contract);

}  // namespace rect::finance
