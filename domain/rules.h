// Private to domain/: the service's shared rules, as pure functions over
// State and dates (cohort choice, default schedules, evidence, declaration
// dates, terms). Command handlers combine them; each is tested on its own.
//
// Thread-safety: pure functions.
//
// Usage:
//   const ContractPeriod* cp = cohort_for_registration(state, start, today);
//   std::string schedule = default_schedule("standard", std::max(start, today));
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "domain/state.h"

namespace rect::domain {

inline constexpr std::initializer_list<const char*> kDeclarationTypesList = {
    "started", "retained-1", "retained-2", "retained-3", "retained-4", "completed", "extended-1", "extended-2", "extended-3"};
inline constexpr std::initializer_list<const char*> kScheduleIdentifiersList = {
    "ecf-standard-january",    "ecf-standard-april",    "ecf-standard-september", "ecf-extended-january",
    "ecf-extended-april",      "ecf-extended-september", "ecf-reduced-january",   "ecf-reduced-april",
    "ecf-reduced-september",   "ecf-replacement-january", "ecf-replacement-april", "ecf-replacement-september"};
inline constexpr std::initializer_list<const char*> kTrsInductionStatuses = {
    "None", "RequiredToComplete", "InProgress", "Passed", "Failed", "FailedInWales", "Exempt"};
inline constexpr std::initializer_list<const char*> kWithdrawalReasons = {
    "left-teaching-profession", "moved-school", "mentor-no-longer-being-mentor", "switched-to-school-led",
    "changed-lead-provider", "other"};
inline constexpr std::initializer_list<const char*> kDeferralReasons = {
    "bereavement", "long-term-sickness", "parental-leave", "career-break", "other"};

bool contains(std::initializer_list<const char*> list, const std::string& s);
// Index in the declaration type order, or -1.
int declaration_type_index(const std::string& type);
// 7 digits.
bool is_trn(const std::string& s);

// The contract period containing d; else the current one (containing today)
// when there is none or it is earlier (ContractPeriod.for_registration_start_date).
const ContractPeriod* cohort_for_registration(const State& s, Date d, Date today);
// Start of the contract period two before the current one.
std::optional<Date> earliest_permitted_start_date(const State& s, Date today);
// "september" (Jun–Oct), "january" (Nov–Feb) or "april" (Mar–May).
std::string term_for(Date d);
// "ecf-<kind>-<term of d>".
std::string default_schedule(const std::string& kind, Date d);

// Accepted evidence_held values for (cohort flags, role, type); empty when
// none are accepted. `required` says whether a value must be given, and
// `ignored` that any value is discarded (started, simple cohorts).
struct EvidenceRule {
  bool required = true;
  bool ignored = false;
  std::vector<std::string> accepted;
};
EvidenceRule evidence_rule(bool detailed, Role role, const std::string& type);

// RFC 3339 as the API accepts it: YYYY-MM-DDTHH:MM:SS[.fff][Z|±hh[:mm]],
// a missing offset meaning Europe/London. nullopt when it does not match.
std::optional<Timestamp> parse_declaration_date(const std::string& s);
// Ruby Time#rfc3339 in UTC, e.g. 2025-03-01T12:00:00Z.
std::string rfc3339_utc(Timestamp t);

// Number of terms: 0..16 with at most one decimal place.
bool valid_terms(const std::string& s);

}  // namespace rect::domain
