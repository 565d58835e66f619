#include "domain/finance/statement_calculator.h"

namespace rect::finance {
namespace {

void add_row(StatementFigures* f, std::string_view key, std::string_view label, const Money& exact) {
  f->rows.push_back({key, label, exact, exact.to_pennies_string()});
}

void add_rows(StatementFigures* f) {
  const BandedFigures& b = f->banded;
  const Money banded_clawbacks = -(b.output_refundable + b.uplift_refundable);
  if (f->contract_type == ContractType::kEcf) {
    add_row(f, "output_payment", "Output payment", b.output_billable);
    add_row(f, "service_fee", "Service fee", b.service_fee.monthly);
    add_row(f, "uplift_fees", "Uplift fees", b.uplift_billable);
    add_row(f, "clawbacks", "Clawbacks", banded_clawbacks);
  } else {
    add_row(f, "ect_output_payment", "ECTs output payment", b.output_billable);
    add_row(f, "mentor_output_payment", "Mentors output payment", f->flat_rate->billable);
    add_row(f, "service_fee", "Service fee", b.service_fee.monthly);
    // Uplifts are disabled for ittecf_ectp cohorts, so the row is normally
    // absent; it appears only if flagged declarations reach the calculator,
    // so that the rows still account for the total.
    if (!b.uplift_billable.is_zero()) add_row(f, "uplift_fees", "Uplift fees", b.uplift_billable);
    add_row(f, "ect_clawbacks", "ECTs clawbacks", banded_clawbacks);
    add_row(f, "mentor_clawbacks", "Mentors clawbacks", -f->flat_rate->refundable);
  }
  add_row(f, "additional_adjustments", "Additional adjustments", b.adjustments);
  add_row(f, "vat", "VAT", f->vat);
  add_row(f, "total", "Total", f->total);
}

}  // namespace

const DisplayRow* StatementFigures::row(std::string_view key) const {
  for (const DisplayRow& r : rows) {
    if (r.key == key) return &r;
  }
  return nullptr;
}

Result<StatementFigures> calculate_statement(const ContractTerms& contract, bool lead_provider_vat_registered,
                                             const StatementActivity& activity) {
  if (Status s = validate(contract); !s) return s;
  for (const Money& a : activity.adjustments) {
    if (!a.is_valid()) return Status(Code::kInvalidArgument, "an adjustment amount is invalid");
  }
  StatementFigures f;
  f.contract_type = contract.type;
  f.vat_rate = lead_provider_vat_registered ? contract.vat_rate : Decimal();

  Result<BandedFigures> banded =
      calculate_banded(contract.banded, banded_selection(contract.type, activity.previous),
                       banded_selection(contract.type, activity.current), activity.adjustments);
  if (!banded) return banded.status();
  f.banded = std::move(*banded);
  f.subtotal = f.banded.subtotal;

  if (contract.type == ContractType::kIttecfEctp) {
    Result<FlatRateFigures> flat =
        calculate_flat_rate(contract.flat_rate, flat_rate_selection(contract.type, activity.current));
    if (!flat) return flat.status();
    f.flat_rate = *flat;
    f.subtotal += f.flat_rate->net;
  }
  f.vat = f.subtotal * f.vat_rate;
  f.total = f.subtotal * (Decimal(1) + f.vat_rate);
  if (!f.total.is_valid() || !f.vat.is_valid()) {
    return Status(Code::kInvalidArgument, "statement total overflowed");
  }
  add_rows(&f);
  return f;
}

}  // namespace rect::finance
