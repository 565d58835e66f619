// Progress: the moment a fold's count reached the total, which bench/replay
// takes as the start of the last drain.
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

TEST_CASE("progress_reaches_the_total_at_finish_when_no_update_saw_it") {
  std::ostringstream out;
  Progress p(out, "rebuild", 4);
  p.update(2);
  p.finish(4);
  CHECK(p.seconds_to_total().has_value());
  CHECK(out.str().find("took") != std::string::npos);
}

TEST_CASE("progress_without_a_total_never_reaches_it") {
  std::ostringstream out;
  Progress p(out, "export", 0);
  p.update(100);
  p.finish(100);
  CHECK_FALSE(p.seconds_to_total().has_value());
}

}  // namespace
}  // namespace rect::replay
