#include "domain/previous_choices.h"

#include "domain/streams.h"

namespace rect::domain {
namespace {

// The latest partnership of (school, lead provider) before `year` whose
// delivery partner is still paired with the lead provider in `year`.
const Partnership* reusable_partnership(const State& s, const std::string& urn, const std::string& lp, int year) {
  const Partnership* best = nullptr;
  for (const Partnership* sp : s.partnerships_placed_at(urn))
    if (sp->school_urn == urn && sp->lead_provider_id == lp && sp->year < year &&
        s.paired(lp, sp->delivery_partner_id, year) && (!best || sp->year > best->year))
      best = sp;
  return best;
}

// True when the school holds a provider-led expression of interest for the
// lead provider that started by the end of the cohort.
bool has_expression_of_interest(const State& s, const std::string& urn, const std::string& lp,
                                const ContractPeriod& cohort) {
  for (const Teacher* t : s.teachers_placed_at(urn))
    for (Role role : {Role::kEct, Role::kMentor}) {
      const RoleRecord& r = t->role(role);
      for (const TrainingPeriod& tp : r.training) {
        if (!tp.provider_led() || tp.eoi_lead_provider_id != lp || tp.started_on > cohort.finished_on) continue;
        const Placement* p = r.placement(tp.placement_id);
        if (p && p->school_urn == urn) return true;
      }
    }
  return false;
}

}  // namespace

std::optional<ProgrammeChoices> reusable_choices(const Context& ctx, Decision& d, const School& school) {
  const std::optional<ProgrammeChoices>& last = school.last_choices;
  const AppropriateBody* ab = last ? ctx.state.appropriate_body(last->appropriate_body_id) : nullptr;
  const bool programme_ok = last && (last->training_programme == "school_led" ||
                                     (last->training_programme == "provider_led" && !last->lead_provider_id.empty()));
  if (!ab || !ab->active || !programme_ok) {
    d.error("use_previous_choices", kPreviousChoicesNotReusable);
    return std::nullopt;
  }
  return last;
}

bool reuse_partnership(const Context& ctx, Decision& d, const std::string& urn, TrainingPlan& plan) {
  if (!plan.partnership_id.empty()) return true;
  const State& s = ctx.state;
  const Partnership* previous =
      plan.moved_out_of_frozen ? nullptr : reusable_partnership(s, urn, plan.lead_provider_id, plan.year);
  if (previous) {
    const Partnership sp{ctx.new_id(), urn, plan.lead_provider_id, previous->delivery_partner_id, "school_reuse", plan.year};
    d.emit(ctx, streams::partnership(sp.id), "school_partnership_created",
           {{"partnership_id", sp.id}, {"school_urn", urn}, {"lead_provider_id", sp.lead_provider_id},
            {"delivery_partner_id", sp.delivery_partner_id}, {"year", sp.year}, {"source", sp.source},
            {"previous_partnership_id", previous->id}});
    d.emit(ctx, streams::partnership(sp.id), "school_partnership_reused",
           {{"partnership_id", sp.id}, {"previous_partnership_id", previous->id}, {"school_urn", urn},
            {"reused_into_year", sp.year}});
    link_expressions_of_interest(ctx, d, sp);
    plan.partnership_id = sp.id;
    plan.eoi_lead_provider_id.clear();
    return true;
  }
  const ContractPeriod* cohort = s.contract_period(plan.year);
  const LeadProvider* lp = s.lead_provider(plan.lead_provider_id);
  if (cohort && lp && lp->active_years.count(plan.year) && has_expression_of_interest(s, urn, lp->id, *cohort)) return true;
  d.error("use_previous_choices", kPreviousChoicesNotReusable);
  return false;
}

}  // namespace rect::domain
