#include "domain/finance/flat_rate_calculator.h"

namespace rect::finance {

Result<FlatRateFigures> calculate_flat_rate(const FlatRateFeeStructure& fees, const TypeTallies& mentors) {
  if (has_negative(mentors)) return Status(Code::kInvalidArgument, "declaration counts must not be negative");
  FlatRateFigures f;
  const std::array<DeclarationType, 2> types = {DeclarationType::kStarted, DeclarationType::kCompleted};
  for (std::size_t k = 0; k < types.size(); ++k) {
    FlatRateLine& line = f.lines[k];
    const Tally& t = mentors[index(types[k])];
    line.type = types[k];
    line.billable_count = t.billable;
    line.refundable_count = t.refundable;
    line.fee_per_declaration = flat_rate_fee_proportion(types[k]) * fees.fee_per_declaration;
    line.billable = t.billable * line.fee_per_declaration;
    line.refundable = t.refundable * line.fee_per_declaration;
    f.billable += line.billable;
    f.refundable += line.refundable;
  }
  f.net = f.billable - f.refundable;
  if (!f.net.is_valid()) return Status(Code::kInvalidArgument, "flat-rate calculation overflowed");
  return f;
}

}  // namespace rect::finance
