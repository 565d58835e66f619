// Private to domain/: the cascades that close or remove a teacher's periods,
// and the funding-eligibility effects, written as events into a Decision.
//
// Rules (domain.md §0, §2.5, §4): periods that have not started by the
// action date are cancelled (not finished); periods ongoing on the date end
// on it; a placement's training and mentorships end with it.
//
// Thread-safety: pure functions over a Context.
//
// Usage:
//   finish_ect_placement(ctx, d, teacher, placement, leaving_on, "left", school_urn);
#pragma once

#include <string>

#include "domain/decision.h"

namespace rect::domain {

// Ends an ECT placement on `on`: cancels mentorships and training starting
// after `on`, finishes those ongoing, then the placement itself.
void finish_ect_placement(const Context& ctx, Decision& d, const Teacher& t, const Placement& p, Date on,
                          const std::string& cause, const std::string& reported_by);
// The same for a mentor placement; the mentees' mentorships end too.
void finish_mentor_placement(const Context& ctx, Decision& d, const Teacher& t, const Placement& p, Date on,
                             const std::string& cause, const std::string& reported_by);
// Ends (or cancels, if it starts after `on`) one training period.
void finish_training(const Context& ctx, Decision& d, const Teacher& t, Role role, const TrainingPeriod& tp, Date on,
                     const std::string& cause);

// Sets the role's first-eligible date (if unset) and makes every no_payment
// declaration of that role eligible on the next output statement.
void start_funding_eligibility(const Context& ctx, Decision& d, const Teacher& t, Role role);
// True when the ECT is eligible by §4.1: an induction ongoing today and a placement.
bool ect_eligibility_condition(const Teacher& t, Date today, bool has_placement);
// The first output statement of (lp, year) with deadline >= today and, when
// `open_only`, status open.
const Statement* next_output_statement(const State& s, const std::string& lp, int year, Date today, bool open_only);

}  // namespace rect::domain
