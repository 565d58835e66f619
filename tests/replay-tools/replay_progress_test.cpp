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

TEST_CASE("progress_draws_a_stage_after_the_count_then_the_count_last") {
  std::ostringstream out;
  Progress p(out, "rebuild", 10);
  p.update(10);
  CHECK_FALSE(p.in_stage());
  p.stage("writing read models", 10);
  CHECK(p.in_stage());
  p.stage_update(4, 8);
  p.finish(10);
  const std::string text = out.str();
  const auto stage = text.find("rebuild: writing read models: 4/8 records (50%)");
  const auto count = text.find("rebuild: 10/10 events (100%)");
  INFO(text);
  REQUIRE(stage != std::string::npos);
  REQUIRE(count != std::string::npos);
  CHECK(stage < count);
  CHECK(text.find("records/s, took") != std::string::npos);
}

TEST_CASE("progress_stage_without_a_total_counts_records") {
  std::ostringstream out;
  Progress p(out, "as-of", 10);
  p.stage("writing read models", 0);
  p.stage_update(7, 0);
  p.finish(10);
  INFO(out.str());
  CHECK(out.str().find("as-of: writing read models: 7 records,") != std::string::npos);
}

}  // namespace
}  // namespace rect::replay
