// TrainingWindow::until(), the bound a school's partnership summary keeps
// (School::pships_until): from `from` on, a window holds exactly on the days
// before until(). A summary that ended a day late would let a rerender skip a
// partnership whose count of participants currently training had changed.
#include <doctest/doctest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "projections/lead_provider/model.h"

namespace rect::projections::lead_provider {
namespace {

// Every day of 2024 and 2025 (months of 28 days are enough for the order).
std::vector<std::string> days() {
  std::vector<std::string> out;
  char buf[16];
  for (int y : {2024, 2025})
    for (int m = 1; m <= 12; ++m)
      for (int d = 1; d <= 28; ++d) {
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
        out.emplace_back(buf);
      }
  return out;
}

TEST_CASE("training_window_holds_from_its_first_day_until_until_and_not_on_it") {
  const std::vector<std::string> all = days();
  std::mt19937 rng(11);
  auto pick = [&](bool may_be_empty) { return may_be_empty && rng() % 4 == 0 ? std::string() : all[rng() % all.size()]; };
  for (int i = 0; i < 500; ++i) {
    TrainingWindow w;
    w.from = pick(false);
    w.starts = pick(true);
    w.ends = pick(true);
    const std::string until = w.until();
    INFO(w.from << " starts " << w.starts << " ends " << w.ends << " until " << until);
    for (const std::string& day : all) {
      if (day < w.from) continue;
      CHECK(w.holds(day) == (until.empty() || day < until));
    }
  }
}

TEST_CASE("training_window_until_is_the_next_start_or_the_day_after_the_next_end") {
  TrainingWindow w;
  w.from = "2025-01-10";
  CHECK(w.until().empty());
  w.ends = "2025-03-31";
  CHECK(w.until() == std::string("2025-03-31\0", 11));
  CHECK(w.holds("2025-03-31"));
  CHECK(std::string("2025-03-31") < w.until());
  CHECK(w.until() < std::string("2025-04-01"));
  w.starts = "2025-02-01";
  CHECK(w.until() == "2025-02-01");
  w.starts = "2025-05-01";
  CHECK(w.until() == std::string("2025-03-31\0", 11));
}

}  // namespace
}  // namespace rect::projections::lead_provider
