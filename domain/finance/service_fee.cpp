#include "domain/finance/service_fee.h"

#include <algorithm>

namespace rect::finance {

Result<ServiceFee> monthly_service_fee(const BandedFeeStructure& fees) {
  if (fees.bands.empty() || fees.bands.front().capacity <= 0) {
    return Status(Code::kInvalidArgument, "the service fee needs a band A with a positive capacity");
  }
  ServiceFee f;
  std::int64_t remaining = std::max<std::int64_t>(fees.recruitment_target, 0);
  for (const BandTerms& b : fees.bands) {
    std::int64_t filled = std::min(remaining, std::max<std::int64_t>(b.capacity, 0));
    remaining -= filled;
    f.pool += filled * b.fee_per_declaration * b.service_fee_ratio;
  }
  const std::int64_t cap_a = fees.bands.front().capacity;
  f.setup_deduction = std::min(fees.recruitment_target, cap_a) * fees.setup_fee / cap_a;
  if (fees.monthly_service_fee) {
    f.overridden = true;
    f.monthly = *fees.monthly_service_fee;
  } else {
    f.monthly = (f.pool - f.setup_deduction) / kServiceFeeMonths;
  }
  if (!f.pool.is_valid() || !f.setup_deduction.is_valid() || !f.monthly.is_valid()) {
    return Status(Code::kInvalidArgument, "service fee arithmetic overflowed");
  }
  return f;
}

}  // namespace rect::finance
