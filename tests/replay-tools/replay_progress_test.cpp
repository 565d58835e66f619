// Progress: the moment a fold's count reached the total, which bench/replay
// takes as the start of the last drain.
#include <cstdint>
#include <optional>
#include <sstream>

#include <doctest/doctest.h>

#include "replay-tools/progress.h"

namespace rect::replay {
namespace {

TEST_CASE("progress_knows_when_the_count_first_reached_the_total_and_keeps_that_moment") {
  std::ostringstream out;
  Progress p(out, "rebuild", 10);
  CHECK_FALSE(p.seconds_to_total().has_value());
  p.update(9);
  CHECK_FALSE(p.seconds_to_total().has_value());
  p.update(10);
  REQUIRE(p.seconds_to_total().has_value());
  const double first = *p.seconds_to_total();
  CHECK(first >= 0);
  p.update(10);
  p.finish(10);
  CHECK(*p.seconds_to_total() == first);
}

// A progress of `total` events, updated to `updated` and finished at `finished`.
std::optional<double> reached_after(std::uint64_t total, std::uint64_t updated, std::uint64_t finished) {
  std::ostringstream out;
  Progress p(out, "rebuild", total);
  p.update(updated);
  p.finish(finished);
  return p.seconds_to_total();
}

TEST_CASE("progress_reaches_the_total_at_finish_when_no_update_saw_it") {
  CHECK(reached_after(4, 2, 4).has_value());
}

TEST_CASE("progress_without_a_total_never_reaches_it") {
  CHECK_FALSE(reached_after(0, 100, 100).has_value());
}

}  // namespace
}  // namespace rect::replay
