#include "domain/finance/band_allocation.h"

#include <algorithm>
#include <cassert>

namespace rect::finance {
namespace {

using Field = std::int64_t BandCounts::*;

// Fills bands first→last with `count`, each up to its free room, into
// `field`. Returns what did not fit.
std::int64_t fill(std::span<const std::int64_t> caps, std::vector<BandCounts>* bands, std::int64_t count, Field field) {
  for (std::size_t b = 0; b < bands->size() && count > 0; ++b) {
    BandCounts& band = (*bands)[b];
    std::int64_t take = std::min(count, std::max<std::int64_t>(caps[b] - band.net(), 0));
    band.*field += take;
    count -= take;
  }
  return count;
}

// Drains bands last→first by `count`, each by at most its net, into
// `field`. Returns what found nothing to drain.
std::int64_t drain(std::vector<BandCounts>* bands, std::int64_t count, Field field) {
  for (std::size_t b = bands->size(); b-- > 0 && count > 0;) {
    BandCounts& band = (*bands)[b];
    std::int64_t take = std::min(count, std::max<std::int64_t>(band.net(), 0));
    band.*field += take;
    count -= take;
  }
  return count;
}

}  // namespace

std::int64_t BandAllocation::paid() const {
  std::int64_t n = 0;
  for (const BandCounts& b : bands) n += b.current_billable;
  return n;
}

std::int64_t BandAllocation::clawed_back() const {
  std::int64_t n = 0;
  for (const BandCounts& b : bands) n += b.current_refundable;
  return n;
}

BandAllocation allocate_bands(std::span<const std::int64_t> capacities, const AllocationCounts& counts) {
  assert(counts.previous_billable >= 0 && counts.previous_refundable >= 0);
  assert(counts.current_billable >= 0 && counts.current_refundable >= 0);
  BandAllocation a;
  a.bands.resize(capacities.size());
  a.dropped_previous_billable = fill(capacities, &a.bands, counts.previous_billable, &BandCounts::previous_billable);
  a.ignored_previous_refundable = drain(&a.bands, counts.previous_refundable, &BandCounts::previous_refundable);
  a.unpaid_current_billable = fill(capacities, &a.bands, counts.current_billable, &BandCounts::current_billable);
  a.ignored_current_refundable = drain(&a.bands, counts.current_refundable, &BandCounts::current_refundable);
  return a;
}

}  // namespace rect::finance
