#include "domain/finance/declaration_type.h"

namespace rect::finance {
namespace {

constexpr std::array<std::string_view, kDeclarationTypeCount> kNames = {
    "started",   "retained-1", "retained-2", "retained-3", "retained-4",
    "completed", "extended-1", "extended-2", "extended-3",
};

}  // namespace

std::string_view declaration_type_name(DeclarationType t) { return kNames[index(t)]; }

std::optional<DeclarationType> parse_declaration_type(std::string_view name) {
  for (DeclarationType t : kAllDeclarationTypes) {
    if (kNames[index(t)] == name) return t;
  }
  return std::nullopt;
}

Decimal banded_fee_proportion(DeclarationType t) {
  if (t == DeclarationType::kStarted || t == DeclarationType::kCompleted) return Decimal::fraction(1, 5);
  return Decimal::fraction(3, 20);
}

bool is_flat_rate_type(DeclarationType t) {
  return t == DeclarationType::kStarted || t == DeclarationType::kCompleted;
}

Decimal flat_rate_fee_proportion(DeclarationType t) {
  return is_flat_rate_type(t) ? Decimal::fraction(1, 2) : Decimal();
}

}  // namespace rect::finance
