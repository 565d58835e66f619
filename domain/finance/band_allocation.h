// BandAllocation: how one declaration type's counts fill a lead provider's
// volume bands on one statement (finance.md §5.1, the 4-step allocator).
//
// Inputs are the four counts of §5.0 for one type: previous billable (PB),
// previous refundable (PR), current billable (CB) and current refundable
// (CR). Bands are given by capacity in allocation order (A first).
//   1. PB fills bands A→last up to each band's free room; excess is dropped.
//   2. PR drains bands last→A, each by at most its net count; excess ignored.
//   3. CB fills bands A→last up to the free room; excess is not paid.
//   4. CR drains bands last→A, each by at most its net count; excess ignored.
// Only the current numbers (cb, cr) are paid or clawed back on the statement;
// the previous ones only use up capacity. A clawback is therefore priced at
// the highest occupied band.
//
// Thread-safety: pure function over values.
//
// Usage:
//   std::vector<std::int64_t> caps = {2, 2, 2};
//   BandAllocation a = allocate_bands(caps, {.previous_billable = 1, .current_billable = 2});
//   // a.bands[0] == {pb 1, cb 1}, a.bands[1] == {cb 1}
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace rect::finance {

// PB, PR, CB, CR of finance.md §5.0 for one declaration type.
struct AllocationCounts {
  std::int64_t previous_billable = 0;
  std::int64_t previous_refundable = 0;
  std::int64_t current_billable = 0;
  std::int64_t current_refundable = 0;
  friend bool operator==(const AllocationCounts&, const AllocationCounts&) = default;
};

// pb, pr, cb, cr of one band.
struct BandCounts {
  std::int64_t previous_billable = 0;
  std::int64_t previous_refundable = 0;
  std::int64_t current_billable = 0;
  std::int64_t current_refundable = 0;
  // pb + cb − pr − cr: the participants occupying the band.
  std::int64_t net() const {
    return previous_billable + current_billable - previous_refundable - current_refundable;
  }
  friend bool operator==(const BandCounts&, const BandCounts&) = default;
};

struct BandAllocation {
  std::vector<BandCounts> bands;  // one per capacity, same order
  // What did not fit or had nothing to drain, step by step.
  std::int64_t dropped_previous_billable = 0;
  std::int64_t ignored_previous_refundable = 0;
  std::int64_t unpaid_current_billable = 0;
  std::int64_t ignored_current_refundable = 0;

  // Σ cb: current declarations paid on the statement.
  std::int64_t paid() const;
  // Σ cr: current declarations clawed back on the statement.
  std::int64_t clawed_back() const;
  friend bool operator==(const BandAllocation&, const BandAllocation&) = default;
};

// Precondition: capacities are positive and counts non-negative (the
// statement calculator checks both and reports kInvalidArgument).
BandAllocation allocate_bands(std::span<const std::int64_t> capacities, const AllocationCounts& counts);

}  // namespace rect::finance
