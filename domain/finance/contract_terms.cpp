#include "domain/finance/contract_terms.h"

#include <string>

namespace rect::finance {
namespace {

bool in_unit_range(const Decimal& d) { return d.is_valid() && d >= Decimal(0) && d <= Decimal(1); }

Status invalid(std::string message) { return Status(Code::kInvalidArgument, std::move(message)); }

}  // namespace

std::string_view contract_type_name(ContractType t) {
  return t == ContractType::kEcf ? "ecf" : "ittecf_ectp";
}

std::optional<ContractType> parse_contract_type(std::string_view name) {
  if (name == "ecf") return ContractType::kEcf;
  if (name == "ittecf_ectp") return ContractType::kIttecfEctp;
  return std::nullopt;
}

Status validate(const ContractTerms& c) {
  const BandedFeeStructure& b = c.banded;
  if (b.bands.empty()) return invalid("a banded fee structure needs at least one band");
  for (std::size_t i = 0; i < b.bands.size(); ++i) {
    const BandTerms& t = b.bands[i];
    const std::string which = "band " + std::to_string(i + 1) + ": ";
    if (t.capacity <= 0) return invalid(which + "capacity must be positive");
    if (!t.fee_per_declaration.is_valid()) return invalid(which + "fee_per_declaration is invalid");
    if (!in_unit_range(t.output_fee_ratio) || !in_unit_range(t.service_fee_ratio)) {
      return invalid(which + "fee ratios must be between 0 and 1");
    }
    if (t.output_fee_ratio + t.service_fee_ratio != Decimal(1)) {
      return invalid(which + "output_fee_ratio and service_fee_ratio must sum to 1");
    }
  }
  if (b.recruitment_target < 0) return invalid("recruitment_target must not be negative");
  if (!b.setup_fee.is_valid() || !b.uplift_fee_per_declaration.is_valid()) {
    return invalid("setup_fee or uplift_fee_per_declaration is invalid");
  }
  if (b.monthly_service_fee && !b.monthly_service_fee->is_valid()) return invalid("monthly_service_fee is invalid");
  if (!in_unit_range(c.vat_rate)) return invalid("vat_rate must be between 0 and 1");
  if (c.type == ContractType::kIttecfEctp) {
    if (c.flat_rate.recruitment_target < 0) return invalid("flat-rate recruitment_target must not be negative");
    if (!c.flat_rate.fee_per_declaration.is_valid()) return invalid("flat-rate fee_per_declaration is invalid");
  }
  return Status::ok();
}

}  // namespace rect::finance
