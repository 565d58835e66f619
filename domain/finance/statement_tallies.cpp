#include "domain/finance/statement_tallies.h"

namespace rect::finance {

Tally& Tally::operator+=(const Tally& o) {
  billable += o.billable;
  refundable += o.refundable;
  uplift_billable += o.uplift_billable;
  uplift_refundable += o.uplift_refundable;
  return *this;
}

StatementTallies& StatementTallies::operator+=(const StatementTallies& o) {
  for (std::size_t i = 0; i < kDeclarationTypeCount; ++i) {
    ect[i] += o.ect[i];
    mentor[i] += o.mentor[i];
  }
  return *this;
}

StatementTallies previous_tallies(std::span<const DatedTallies> statements,
                                  std::chrono::year_month_day payment_date) {
  StatementTallies sum;
  for (const DatedTallies& s : statements) {
    if (s.payment_date < payment_date) sum += s.tallies;
  }
  return sum;
}

TypeTallies banded_selection(ContractType contract, const StatementTallies& t) {
  TypeTallies out = t.ect;
  if (contract == ContractType::kEcf) {
    for (std::size_t i = 0; i < kDeclarationTypeCount; ++i) out[i] += t.mentor[i];
  }
  return out;
}

TypeTallies flat_rate_selection(ContractType contract, const StatementTallies& t) {
  TypeTallies out{};
  if (contract != ContractType::kIttecfEctp) return out;
  for (DeclarationType type : kAllDeclarationTypes) {
    if (is_flat_rate_type(type)) out[index(type)] = t.mentor[index(type)];
  }
  return out;
}

bool has_negative(const TypeTallies& t) {
  for (const Tally& x : t) {
    if (x.billable < 0 || x.refundable < 0 || x.uplift_billable < 0 || x.uplift_refundable < 0) return true;
  }
  return false;
}

}  // namespace rect::finance
