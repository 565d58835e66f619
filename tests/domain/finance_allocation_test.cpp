// finance.md §7 V4 (band allocation scenarios) and the banding examples of
// the additional vectors, through allocate_bands.
#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "domain/finance/band_allocation.h"

namespace rect::finance {
namespace {

const std::vector<std::int64_t> kThreeOfTwo = {2, 2, 2};

BandCounts band(std::int64_t pb, std::int64_t pr, std::int64_t cb, std::int64_t cr) {
  return {.previous_billable = pb, .previous_refundable = pr, .current_billable = cb, .current_refundable = cr};
}

BandAllocation run(std::int64_t pb, std::int64_t pr, std::int64_t cb, std::int64_t cr,
                   const std::vector<std::int64_t>& caps = kThreeOfTwo) {
  return allocate_bands(caps, {.previous_billable = pb,
                               .previous_refundable = pr,
                               .current_billable = cb,
                               .current_refundable = cr});
}

TEST_CASE("finance V4: fits in band A") {
  BandAllocation a = run(0, 0, 1, 0);
  CHECK(a.bands == std::vector<BandCounts>{band(0, 0, 1, 0), band(0, 0, 0, 0), band(0, 0, 0, 0)});
}

TEST_CASE("finance V4: overflow into band B") {
  BandAllocation a = run(0, 0, 3, 0);
  CHECK(a.bands == std::vector<BandCounts>{band(0, 0, 2, 0), band(0, 0, 1, 0), band(0, 0, 0, 0)});
}

TEST_CASE("finance V4: previous declarations take capacity") {
  BandAllocation a = run(1, 0, 2, 0);
  CHECK(a.bands == std::vector<BandCounts>{band(1, 0, 1, 0), band(0, 0, 1, 0), band(0, 0, 0, 0)});
}

TEST_CASE("finance V4: refunds drain from the top") {
  BandAllocation a = run(3, 0, 2, 2);
  CHECK(a.bands == std::vector<BandCounts>{band(2, 0, 0, 0), band(1, 0, 1, 1), band(0, 0, 1, 1)});
  CHECK(a.paid() == 2);
  CHECK(a.clawed_back() == 2);
}

TEST_CASE("finance V4: full 4-step") {
  BandAllocation a = run(3, 0, 3, 0);
  CHECK(a.bands == std::vector<BandCounts>{band(2, 0, 0, 0), band(1, 0, 1, 0), band(0, 0, 2, 0)});
}

TEST_CASE("finance V4: previous refunds free capacity") {
  BandAllocation a = run(4, 1, 4, 1);
  CHECK(a.bands == std::vector<BandCounts>{band(2, 0, 0, 0), band(2, 1, 1, 0), band(0, 0, 2, 1)});
  CHECK(a.unpaid_current_billable == 1);
}

TEST_CASE("finance V4: over capacity leaves declarations unpaid") {
  BandAllocation a = run(0, 0, 8, 0);
  CHECK(a.bands == std::vector<BandCounts>{band(0, 0, 2, 0), band(0, 0, 2, 0), band(0, 0, 2, 0)});
  CHECK(a.paid() == 6);
  CHECK(a.unpaid_current_billable == 2);
}

TEST_CASE("finance V4: refunds exceeding the current top band drain lower bands") {
  BandAllocation a = run(1, 0, 3, 3);
  CHECK(a.bands == std::vector<BandCounts>{band(1, 0, 1, 1), band(0, 0, 2, 2), band(0, 0, 0, 0)});
  CHECK(a.ignored_current_refundable == 0);
}

TEST_CASE("finance V4: types are allocated independently") {
  BandAllocation started = run(0, 0, 3, 0);
  BandAllocation completed = run(0, 0, 1, 0);
  CHECK(started.bands == std::vector<BandCounts>{band(0, 0, 2, 0), band(0, 0, 1, 0), band(0, 0, 0, 0)});
  CHECK(completed.bands == std::vector<BandCounts>{band(0, 0, 1, 0), band(0, 0, 0, 0), band(0, 0, 0, 0)});
}

TEST_CASE("finance allocation: excess previous billables are dropped before refunds (RECT, not ECF1)") {
  // 8 previous billable into 6 places: 2 dropped; then 2 previous refunds
  // free 2 places in C, which the current billable fills.
  BandAllocation a = run(8, 2, 2, 0);
  CHECK(a.dropped_previous_billable == 2);
  CHECK(a.bands == std::vector<BandCounts>{band(2, 0, 0, 0), band(2, 0, 0, 0), band(2, 2, 2, 0)});
  CHECK(a.paid() == 2);
}

TEST_CASE("finance allocation: refunds with nothing to drain are ignored") {
  BandAllocation a = run(0, 3, 0, 2);
  CHECK(a.ignored_previous_refundable == 3);
  CHECK(a.ignored_current_refundable == 2);
  CHECK(a.clawed_back() == 0);
}

TEST_CASE("finance allocation: no bands pays nothing") {
  BandAllocation a = run(1, 0, 4, 1, {});
  CHECK(a.bands.empty());
  CHECK(a.unpaid_current_billable == 4);
  CHECK(a.paid() == 0);
}

TEST_CASE("finance vector: docs banding example, previous 2,100 and current 2,000") {
  // Bands A 0–2,000, B 2,000–4,000, C 4,000+ (C given a large capacity).
  BandAllocation a = run(2100, 0, 2000, 0, {2000, 2000, 1000000});
  CHECK(a.bands[0].current_billable == 0);
  CHECK(a.bands[1].current_billable == 1900);
  CHECK(a.bands[2].current_billable == 100);
}

TEST_CASE("finance vector: contract guidance, 6,000 recruited with 500 withdrawing per milestone") {
  const std::vector<std::int64_t> caps = {2000, 2000, 2000};
  const std::vector<std::vector<std::int64_t>> expected = {
      {2000, 2000, 2000}, {2000, 2000, 1500}, {2000, 2000, 1000},
      {2000, 2000, 500},  {2000, 2000, 0},    {2000, 1500, 0},
  };
  for (std::size_t m = 0; m < expected.size(); ++m) {
    BandAllocation a = run(0, 0, 6000 - 500 * static_cast<std::int64_t>(m), 0, caps);
    for (std::size_t b = 0; b < caps.size(); ++b) CHECK(a.bands[b].current_billable == expected[m][b]);
  }
}

TEST_CASE("finance vector: contract guidance, target 7,000 with band D") {
  const std::vector<std::int64_t> caps = {2000, 2000, 2000, 1000};
  BandAllocation start = run(0, 0, 7000, 0, caps);
  CHECK(start.bands == std::vector<BandCounts>{band(0, 0, 2000, 0), band(0, 0, 2000, 0), band(0, 0, 2000, 0),
                                               band(0, 0, 1000, 0)});
  BandAllocation completion = run(0, 0, 4500, 0, caps);
  CHECK(completion.bands == std::vector<BandCounts>{band(0, 0, 2000, 0), band(0, 0, 2000, 0), band(0, 0, 500, 0),
                                                    band(0, 0, 0, 0)});
}

}  // namespace
}  // namespace rect::finance
