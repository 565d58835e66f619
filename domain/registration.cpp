#include "domain/registration.h"

#include <algorithm>

#include "domain/input.h"
#include "domain/rules.h"
#include "domain/streams.h"

namespace rect::domain {

std::string school_msg::past_limit(Date earliest) {
  return "Start date cannot be this far in the past. Enter a date on or after " + earliest.to_string();
}

std::string school_msg::induction_blocks(const std::string& status) {
  return "This teacher cannot be registered because their induction status in TRS is " + status;
}

const TrsRecord* find_in_trs(const Context& ctx, Decision& d, const std::string& trn, Date dob) {
  const TrsRecord* r = ctx.state.trs(trn);
  if (!r || r->date_of_birth != dob || r->response == "not_found") {
    d.error("trn", school_msg::kTrnNotFound);
    return nullptr;
  }
  if (r->response == "gone" || r->response == "permanent_redirect") {
    d.error("trn", r->response == "gone" ? school_msg::kTrsRecordDeactivated : school_msg::kTrsRecordMerged);
    return nullptr;
  }
  int age = ctx.today.year() - dob.year();
  if (ctx.today.month() < dob.month() || (ctx.today.month() == dob.month() && ctx.today.day() < dob.day())) --age;
  if (age < 18 || age > 100) {
    d.error("date_of_birth", school_msg::kAge);
    return nullptr;
  }
  return r;
}

void check_email(const Context& ctx, Decision& d, const std::string& email, const std::string& trn) {
  if (!is_email(email)) return d.error("email", school_msg::kEmailFormat);
  for (const Teacher* t : ctx.state.teachers_using_email(email))
    if (t->trn != trn) return d.error("email", school_msg::kCantUseEmail);
}

void check_appropriate_body(const Context& ctx, Decision& d, const School& school, const std::string& ab_id) {
  const AppropriateBody* ab = ctx.state.appropriate_body(ab_id);
  if (!ab) return d.error("appropriate_body_id", "No appropriate body with this id was found");
  const bool hub = ab->body_type == "teaching_school_hub";
  const bool istip = ab->body_type == "national" && ab->name.find("ISTIP") != std::string::npos;
  if (!ab->active || !(hub || (school.independent() && istip))) d.error("appropriate_body_id", school_msg::kAbNotAllowed);
}

int current_or_upcoming_year(const State& s, Date today) {
  if (const ContractPeriod* cp = s.contract_period_on(today)) return cp->year;
  for (const auto& [y, cp] : s.contract_periods_)
    if (cp.started_on > today) return y;
  return today.month() >= 6 ? today.year() : today.year() - 1;
}

const School* school_for_registration(const Context& ctx, Decision& d, const std::string& urn, bool ect) {
  const School* school = ctx.state.school(urn);
  if (!school) {
    d.error("school_urn", school_msg::kUnknownSchool);
    return nullptr;
  }
  if (school->status == "closed" || (ect && school->independent() && !school->section_41_approved)) {
    d.error("school_urn", school_msg::kSchoolBlocked);
    return nullptr;
  }
  if (ctx.today >= Date::from_ymd(2026, 6, 1) && ctx.today <= Date::from_ymd(2026, 6, 14)) {
    d.error("school_urn", school_msg::kRegistrationClosed);
    return nullptr;
  }
  if (!school->tutor_year || *school->tutor_year < current_or_upcoming_year(ctx.state, ctx.today)) {
    d.error("school_urn", school_msg::kTutorNotConfirmed);
    return nullptr;
  }
  return school;
}

std::optional<TrainingPlan> plan_training(const Context& ctx, Decision& d, const Teacher* t, Role role,
                                          const std::string& urn, const std::string& lp_id, Date placement_start,
                                          bool replacement) {
  const TrainingPeriod* previous = nullptr;
  if (t)
    for (const TrainingPeriod& tp : t->role(role).training)
      if (tp.provider_led() && (!previous || tp.started_on >= previous->started_on)) previous = &tp;
  const ContractPeriod* registration = cohort_for_registration(ctx.state, placement_start, ctx.today);
  TrainingPlan plan;
  plan.lead_provider_id = lp_id;
  plan.started_on = std::max(placement_start, ctx.today);
  const ContractPeriod* prev_cp = previous ? ctx.state.contract_period(previous->year) : nullptr;
  if (role == Role::kEct && prev_cp && prev_cp->frozen(ctx.now)) {
    plan.year = 2024;
    plan.started_on = std::max(placement_start, Date::from_ymd(2024, 6, 1));
    plan.schedule = "ecf-extended-september";
    plan.moved_out_of_frozen = true;
    plan.frozen_year = prev_cp->year;
  } else if (prev_cp && registration) {
    plan.year = prev_cp->year;
    plan.schedule = previous->schedule;
  } else if (registration) {
    plan.year = registration->year;
    if (previous) {
      plan.schedule = previous->schedule;
    } else {
      plan.schedule = default_schedule(replacement ? "replacement" : "standard", std::max(placement_start, ctx.today));
    }
  } else {
    d.error("started_on", school_msg::kCannotRegisterYet);
    return std::nullopt;
  }
  const LeadProvider* lp = ctx.state.lead_provider(lp_id);
  if (!lp) {
    d.error("lead_provider_id", "No lead provider with this id was found");
    return std::nullopt;
  }
  auto partnerships = ctx.state.partnerships_for(urn, lp_id, plan.year);
  if (!partnerships.empty()) {
    plan.partnership_id = partnerships.front()->id;
  } else if (lp->active_years.count(plan.year)) {
    plan.eoi_lead_provider_id = lp_id;
  } else {
    d.error("lead_provider_id", school_msg::kLeadProviderInactive);
    return std::nullopt;
  }
  return plan;
}

std::string start_training(const Context& ctx, Decision& d, const std::string& teacher_id, Role role,
                           const std::string& placement_id, const std::optional<TrainingPlan>& plan,
                           Date school_led_start) {
  const std::string id = ctx.new_id();
  Json p = {{"teacher_id", teacher_id}, {"role", role_name(role)}, {"training_period_id", id},
            {"placement_id", placement_id}};
  if (plan) {
    p["training_programme"] = "provider_led";
    p["year"] = plan->year;
    p["partnership_id"] = plan->partnership_id;
    p["eoi_lead_provider_id"] = plan->eoi_lead_provider_id;
    p["lead_provider_id"] = plan->lead_provider_id;
    p["schedule"] = plan->schedule;
    p["started_on"] = plan->started_on.to_string();
  } else {
    p["training_programme"] = "school_led";
    p["started_on"] = school_led_start.to_string();
  }
  d.emit(ctx, role == Role::kEct ? streams::ect(teacher_id) : streams::mentor(teacher_id), "training_period_started",
         std::move(p));
  return id;
}

}  // namespace rect::domain
