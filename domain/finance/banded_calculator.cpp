#include "domain/finance/banded_calculator.h"

namespace rect::finance {

Result<BandedFigures> calculate_banded(const BandedFeeStructure& fees, const TypeTallies& previous,
                                       const TypeTallies& current, std::span<const Money> adjustments) {
  if (has_negative(previous) || has_negative(current)) {
    return Status(Code::kInvalidArgument, "declaration counts must not be negative");
  }
  Result<ServiceFee> service = monthly_service_fee(fees);
  if (!service) return service.status();

  std::vector<std::int64_t> capacities;
  capacities.reserve(fees.bands.size());
  for (const BandTerms& b : fees.bands) capacities.push_back(b.capacity);

  BandedFigures f;
  f.service_fee = *service;
  for (DeclarationType type : kAllDeclarationTypes) {
    const std::size_t i = index(type);
    TypeOutput& out = f.types[i];
    out.type = type;
    out.counts = {.previous_billable = previous[i].billable,
                  .previous_refundable = previous[i].refundable,
                  .current_billable = current[i].billable,
                  .current_refundable = current[i].refundable};
    out.allocation = allocate_bands(capacities, out.counts);
    const Decimal proportion = banded_fee_proportion(type);
    out.bands.reserve(fees.bands.size());
    for (std::size_t b = 0; b < fees.bands.size(); ++b) {
      BandOutput band;
      band.counts = out.allocation.bands[b];
      band.fee_per_declaration = proportion * fees.bands[b].output_fee_ratio * fees.bands[b].fee_per_declaration;
      band.billable = band.counts.current_billable * band.fee_per_declaration;
      band.refundable = band.counts.current_refundable * band.fee_per_declaration;
      out.billable += band.billable;
      out.refundable += band.refundable;
      out.bands.push_back(band);
    }
    f.output_billable += out.billable;
    f.output_refundable += out.refundable;
    f.uplift_billable_count += current[i].uplift_billable;
    f.uplift_refundable_count += current[i].uplift_refundable;
  }
  f.output_net = f.output_billable - f.output_refundable;
  f.uplift_billable = f.uplift_billable_count * fees.uplift_fee_per_declaration;
  f.uplift_refundable = f.uplift_refundable_count * fees.uplift_fee_per_declaration;
  f.uplift_net = f.uplift_billable - f.uplift_refundable;
  for (const Money& a : adjustments) f.adjustments += a;
  f.subtotal = f.output_net + f.uplift_net + f.service_fee.monthly + f.adjustments;
  if (!f.subtotal.is_valid() || !f.output_billable.is_valid() || !f.uplift_billable.is_valid()) {
    return Status(Code::kInvalidArgument, "banded calculation overflowed");
  }
  return f;
}

}  // namespace rect::finance
