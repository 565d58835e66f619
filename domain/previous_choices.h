// Private to domain/: reusing a school's previous programme choices when it
// registers an ECT (domain.md §2.3, case 11).
//
// The school's last appropriate body, programme and lead provider are
// reusable when the appropriate body is still active and, for provider-led
// training, the lead provider can still train at the school in the
// registration cohort: through a partnership there, through an earlier
// partnership whose delivery partner is still paired with the lead provider
// (recreated in the registration cohort), or through an expression of
// interest the school already holds for that lead provider.
//
// Thread-safety: pure functions over a Context.
//
// Usage:
//   auto choices = reusable_choices(ctx, d, school);          // errors on "use_previous_choices"
//   ... plan = plan_training(...);
//   if (!reuse_partnership(ctx, d, school.urn, *plan)) return; // may emit a recreated partnership
#pragma once

#include <optional>

#include "domain/registration.h"

namespace rect::domain {

inline constexpr const char* kPreviousChoicesNotReusable =
    "The school's previous programme choices cannot be reused. Choose the appropriate body, training programme "
    "and lead provider";

// The school's last choices when their appropriate body is still active and
// the programme is school-led, or provider-led with a lead provider.
std::optional<ProgrammeChoices> reusable_choices(const Context& ctx, Decision& d, const School& school);

// For a provider-led plan with no partnership in its cohort: recreates the
// latest reusable earlier partnership in the plan's cohort (emitting
// school_partnership_created and school_partnership_reused, and setting the
// plan's partnership), or keeps the expression of interest when the school
// already has one for the lead provider. False (with an error) when neither.
bool reuse_partnership(const Context& ctx, Decision& d, const std::string& urn, TrainingPlan& plan);

}  // namespace rect::domain
