#include "domain/finance/declaration_selection.h"

#include <algorithm>
#include <tuple>

namespace rect::finance {
namespace {

enum class Calculator { kBanded, kFlatRate, kNone };

Calculator calculator_for(ContractType contract, const DeclarationRecord& r) {
  if (contract == ContractType::kEcf || r.role == Role::kEct) return Calculator::kBanded;
  return is_flat_rate_type(r.type) ? Calculator::kFlatRate : Calculator::kNone;
}

}  // namespace

DeclarationSelection select_declarations(ContractType contract, std::span<const DeclarationRecord> records,
                                         const BandedFigures& banded) {
  std::vector<std::size_t> order(records.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const DeclarationRecord& x = records[a];
    const DeclarationRecord& y = records[b];
    return std::tie(x.type, x.declaration_date, x.created_at, x.id) <
           std::tie(y.type, y.declaration_date, y.created_at, y.id);
  });

  std::array<std::int64_t, kDeclarationTypeCount> billable_left{};
  std::array<std::int64_t, kDeclarationTypeCount> refundable_left{};
  for (DeclarationType t : kAllDeclarationTypes) {
    billable_left[index(t)] = banded.types[index(t)].allocation.paid();
    refundable_left[index(t)] = banded.types[index(t)].allocation.clawed_back();
  }

  DeclarationSelection sel;
  for (std::size_t i : order) {
    const DeclarationRecord& r = records[i];
    if (r.standing == Standing::kVoided) {
      sel.voided.push_back(i);
      continue;
    }
    const bool billable = r.standing == Standing::kBillable;
    switch (calculator_for(contract, r)) {
      case Calculator::kFlatRate:
        (billable ? sel.billable : sel.refundable).push_back(i);
        break;
      case Calculator::kBanded: {
        std::int64_t& left = (billable ? billable_left : refundable_left)[index(r.type)];
        if (left > 0) {
          --left;
          (billable ? sel.billable : sel.refundable).push_back(i);
        }
        break;
      }
      case Calculator::kNone:
        break;
    }
  }
  return sel;
}

}  // namespace rect::finance
