// Private to domain/: the rules shared by the school journeys that place a
// teacher and start their training (domain.md §2.1–§2.4): the TRS lookup,
// the email rule, the appropriate body rule, and the plan for a new
// provider-led training period (cohort, start, partnership or expression of
// interest, schedule).
//
// Thread-safety: pure functions over a Context.
//
// Usage:
//   const TrsRecord* r = find_in_trs(ctx, d, trn, dob);
//   auto plan = plan_training(ctx, d, teacher, Role::kEct, urn, lp, start);
#pragma once

#include <optional>
#include <string>

#include "domain/decision.h"

namespace rect::domain::school_msg {
inline constexpr const char* kTrnNotFound =
    "No teacher with this teacher reference number (TRN) and date of birth was found";
inline constexpr const char* kAge = "The teacher must be between 18 and 100 years old";
inline constexpr const char* kAlreadyActiveAtSchool = "This teacher is already registered at your school";
inline constexpr const char* kTrsRecordDeactivated =
    "This teacher's record has been deactivated in the Teaching Record System (TRS) and cannot be registered";
inline constexpr const char* kTrsRecordMerged =
    "This teacher reference number (TRN) has been merged into another TRS record. Use the teacher's current TRN";
inline constexpr const char* kProhibited = "This teacher is prohibited from teaching and cannot be registered";
inline constexpr const char* kCantUseEmail = "This email address is already being used by another teacher";
inline constexpr const char* kEmailFormat =
    "Enter an email address in the correct format, like name@example.com";
inline constexpr const char* kTooFarInFuture = "Enter a date no further than 4 months from today";
inline constexpr const char* kTwoDaysAfterPrevious =
    "Start date must be at least 2 days after the start of the teacher's previous school or training";
inline constexpr const char* kCannotRegisterYet =
    "You cannot register this teacher yet because registration for their cohort has not opened";
inline constexpr const char* kRegistrationClosed = "Registration is closed from 1 to 14 June 2026";
inline constexpr const char* kTutorNotConfirmed =
    "Confirm the induction tutor details for this school before registering teachers";
inline constexpr const char* kSchoolBlocked = "This school cannot register early career teachers";
inline constexpr const char* kAbNotAllowed =
    "Choose a teaching school hub (or, for an independent school, a hub or ISTIP)";
inline constexpr const char* kLeadProviderInactive = "This lead provider is not contracted for the cohort";
inline constexpr const char* kMenteeCannotMentorThemself = "A mentee cannot mentor themself";
inline constexpr const char* kDifferentMentor = "It needs to be a different mentor for this ECT";
inline constexpr const char* kNotAtSchool = "This teacher is not registered at your school";
inline constexpr const char* kUnknownSchool = "No school with this URN was found";
std::string past_limit(Date earliest);
std::string induction_blocks(const std::string& status);
}  // namespace rect::domain::school_msg

namespace rect::domain {

// The TRS record for (trn, dob), unless TRS answered not_found, gone (deactivated)
// or permanent_redirect (merged) for it, and the 18–100 age rule; null after an error.
const TrsRecord* find_in_trs(const Context& ctx, Decision& d, const std::string& trn, Date dob);
// Refuses an email used by another TRN's unfinished placement (cant_use_email).
void check_email(const Context& ctx, Decision& d, const std::string& email, const std::string& trn);
// The appropriate body rule at registration and on change (§1.4, §2.1).
void check_appropriate_body(const Context& ctx, Decision& d, const School& school, const std::string& ab_id);
// The school exists and may register ECTs (§1.2 blocked, §2 gating).
const School* school_for_registration(const Context& ctx, Decision& d, const std::string& urn, bool ect);
// The cohort that is current or upcoming today (the induction tutor year).
int current_or_upcoming_year(const State& s, Date today);

struct TrainingPlan {
  int year = 0;
  std::string partnership_id, eoi_lead_provider_id, lead_provider_id, schedule;
  Date started_on;
  bool moved_out_of_frozen = false;
  int frozen_year = 0;  // the payments-frozen cohort left behind, when moved_out_of_frozen
};

// The provider-led training period a registration or change creates
// (§2.2). `t` may be null for a new teacher. Errors go on "lead_provider_id".
std::optional<TrainingPlan> plan_training(const Context& ctx, Decision& d, const Teacher* t, Role role,
                                          const std::string& urn, const std::string& lead_provider_id,
                                          Date placement_start, bool replacement = false);
// Links the school's training periods that have an expression of interest for
// (lp, year) and no partnership yet (domain.md §1.3, case 10).
void link_expressions_of_interest(const Context& ctx, Decision& d, const Partnership& sp);
// Emits training_period_started for a plan (or a school-led period when plan is null).
std::string start_training(const Context& ctx, Decision& d, const std::string& teacher_id, Role role,
                           const std::string& placement_id, const std::optional<TrainingPlan>& plan,
                           Date school_led_start);

}  // namespace rect::domain
