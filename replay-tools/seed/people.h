// People and places of the seed world: GIAS-like schools and TRS-like
// teachers with plausible names, dates of birth and QTS dates, drawn from a
// seeded generator.
//
// Thread-safety: pure functions of the generator passed in.
//
// Usage:
//   std::mt19937_64 rng(seed);
//   std::vector<School> schools = make_schools(plan, rng, world);
//   Teacher t = make_teacher(rng, 1000042, false, 2025);
#pragma once

#include <random>
#include <string>
#include <vector>

#include "replay-tools/seed/world.h"

namespace rect::seed {

struct ShardPlan;

struct School {
  std::string urn, name, type_name, status = "open";
  bool independent = false, section_41_approved = false, gias_eligible = true;
  bool hosts_ects = false;  // open and allowed to register ECTs
  int weight = 1;           // how many ECTs it tends to take
  std::string appropriate_body, tutor_name;
  int tutor_year = 0;  // the year of the last induction tutor nomination
  double pupil_premium_rate = 0, sparsity_rate = 0;
  std::vector<int> lead_provider;  // the school's lead provider by cohort - kFirstCohort
};

struct Teacher {
  std::string trn, first_name, last_name, date_of_birth, email, qts_awarded_on;
};

std::vector<School> make_schools(const ShardPlan& plan, std::mt19937_64& rng, const World& world);
Teacher make_teacher(std::mt19937_64& rng, int trn, bool mentor, int cohort);

}  // namespace rect::seed
