// School changes to a registered teacher: leaving, lead provider, training
// programme, appropriate body, working pattern, email, name; and the
// induction tutor (domain.md §2.5–§2.7).
#include <algorithm>
#include <cctype>

#include "domain/commands.h"
#include "domain/input.h"
#include "domain/periods.h"
#include "domain/registration.h"
#include "domain/rules.h"
#include "domain/streams.h"

namespace rect::domain {
namespace {

struct AtSchool {
  const Teacher* teacher = nullptr;
  const Placement* placement = nullptr;
};

AtSchool find_at_school(const Context& ctx, Decision& d, const std::string& urn, const std::string& trn, Role role) {
  AtSchool out;
  if (!ctx.state.school(urn)) {
    d.error("school_urn", school_msg::kUnknownSchool);
    return out;
  }
  out.teacher = ctx.state.teacher_by_trn(trn);
  out.placement = out.teacher ? out.teacher->role(role).unfinished_at(urn) : nullptr;
  if (!out.placement) d.error("trn", school_msg::kNotAtSchool);
  return out;
}

void report_leaving(const Context& ctx, const Json& body, Decision& d, Role role) {
  Input in(body, d);
  auto urn = in.text("school_urn", 16);
  auto trn = in.text("trn", 16);
  auto on = in.date("finished_on");
  in.finish();
  if (d.failed()) return;
  const School* school = ctx.state.school(*urn);
  if (!school) return d.error("school_urn", school_msg::kUnknownSchool);
  const Teacher* t = ctx.state.teacher_by_trn(*trn);
  const Placement* p = nullptr;
  if (t)
    for (const Placement& x : t->role(role).placements)
      if (x.school_urn == *urn && (!p || x.started_on > p->started_on)) p = &x;
  if (!p) return d.error("trn", school_msg::kNotAtSchool);
  if (*on > ctx.today.add_months(4)) return d.error("finished_on", school_msg::kTooFarInFuture);
  const std::string left_type = role == Role::kEct ? "ect_left_school" : "mentor_left_school";
  const std::string stream = role == Role::kEct ? streams::ect(t->id) : streams::mentor(t->id);
  if (p->finished_on && *p->finished_on <= *on) {
    d.emit(ctx, stream, left_type,
           {{"teacher_id", t->id}, {"placement_id", p->id}, {"school_urn", *urn},
            {"finished_on", p->finished_on->to_string()}, {"reported_by_school_urn", *urn}});
    return;
  }
  if (*on < p->started_on.add_days(2)) return d.error("finished_on", "Leaving date must be at least 2 days after the teacher started at your school");
  for (const TrainingPeriod& tp : t->role(role).training)
    if (tp.placement_id == p->id && tp.started_on <= ctx.today && *on < tp.started_on.add_days(2))
      return d.error("finished_on", "Leaving date must be at least 2 days after the teacher's latest training started");
  if (role == Role::kEct) finish_ect_placement(ctx, d, *t, *p, *on, "left", *urn);
  else finish_mentor_placement(ctx, d, *t, *p, *on, "left", *urn);
  d.emit(ctx, stream, left_type,
         {{"teacher_id", t->id}, {"placement_id", p->id}, {"school_urn", *urn}, {"finished_on", on->to_string()},
          {"reported_by_school_urn", *urn}});
}

void report_ect_leaving(const Context& ctx, const Json& body, Decision& d) { report_leaving(ctx, body, d, Role::kEct); }
void report_mentor_leaving(const Context& ctx, const Json& body, Decision& d) { report_leaving(ctx, body, d, Role::kMentor); }

const TrainingPeriod* current_training(const Teacher& t, Role role, const Placement& p, Date today) {
  const TrainingPeriod* best = nullptr;
  for (const TrainingPeriod& tp : t.role(role).training)
    if (tp.placement_id == p.id && (!tp.finished_on || *tp.finished_on >= today) && (!best || tp.started_on > best->started_on))
      best = &tp;
  return best;
}

// Ends the current period (or cancels it) for a change that opens a new one today.
void close_for_change(const Context& ctx, Decision& d, const Teacher& t, Role role, const TrainingPeriod& tp,
                      const std::string& cause) {
  const bool eoi_only = tp.partnership_id.empty() && tp.provider_led();
  if (tp.started_on >= ctx.today || eoi_only) {
    d.emit(ctx, role == Role::kEct ? streams::ect(t.id) : streams::mentor(t.id), "training_period_cancelled",
           {{"teacher_id", t.id}, {"role", role_name(role)}, {"training_period_id", tp.id}, {"cause", cause}});
  } else {
    finish_training(ctx, d, t, role, tp, ctx.today.add_days(-1), cause);
  }
}

void change_lead_provider(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto urn = in.text("school_urn", 16);
  auto trn = in.text("trn", 16);
  auto lp = in.text("lead_provider_id", 64);
  auto type = in.optional_one_of("participant_type", {"ect", "mentor"});
  in.finish();
  if (d.failed()) return;
  const Role role = type == "mentor" ? Role::kMentor : Role::kEct;
  AtSchool at = find_at_school(ctx, d, *urn, *trn, role);
  if (d.failed()) return;
  const Teacher& t = *at.teacher;
  const TrainingPeriod* tp = current_training(t, role, *at.placement, ctx.today);
  if (!tp || !tp->provider_led()) return d.error("training_programme", "The lead provider cannot be changed for school-led training");
  if (tp->lead_provider_id == *lp) return d.error("lead_provider_id", "Choose a different lead provider");
  const std::string stream = role == Role::kEct ? streams::ect(t.id) : streams::mentor(t.id);
  if (tp->started_on >= ctx.today) {
    auto plan = plan_training(ctx, d, &t, role, *urn, *lp, tp->started_on);
    if (!plan) return;
    d.emit(ctx, stream, "training_period_updated",
           {{"teacher_id", t.id}, {"role", role_name(role)}, {"training_period_id", tp->id},
            {"to", {{"lead_provider_id", *lp}, {"partnership_id", plan->partnership_id},
                    {"eoi_lead_provider_id", plan->eoi_lead_provider_id}}}});
  } else {
    auto plan = plan_training(ctx, d, &t, role, *urn, *lp, at.placement->started_on);
    if (!plan) return;
    plan->started_on = ctx.today;
    close_for_change(ctx, d, t, role, *tp, "lead_provider_changed");
    start_training(ctx, d, t.id, role, at.placement->id, plan, ctx.today);
    const ContractPeriod* cp = ctx.state.contract_period(tp->year);
    if (cp && cp->frozen(ctx.now) && !tp->partnership_id.empty())
      d.emit(ctx, streams::teacher(t.id), "payments_frozen_cohort_recorded",
             {{"teacher_id", t.id}, {"role", role_name(role)}, {"year", tp->year}});
  }
  d.emit(ctx, stream, "training_lead_provider_changed",
         {{"teacher_id", t.id}, {"role", role_name(role)}, {"from", tp->lead_provider_id}, {"to", *lp}});
}

void switch_training_programme(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto urn = in.text("school_urn", 16);
  auto trn = in.text("trn", 16);
  auto programme = in.one_of("training_programme", {"provider_led", "school_led"});
  auto lp = in.optional_text("lead_provider_id", 64);
  in.finish();
  if (programme == "provider_led" && !lp && !d.has_error("lead_provider_id")) d.error("lead_provider_id", kMissing);
  if (d.failed()) return;
  AtSchool at = find_at_school(ctx, d, *urn, *trn, Role::kEct);
  if (d.failed()) return;
  const Teacher& t = *at.teacher;
  const TrainingPeriod* tp = current_training(t, Role::kEct, *at.placement, ctx.today);
  if (tp && tp->training_programme == *programme) return d.error("training_programme", "Choose a different training programme");
  std::optional<TrainingPlan> plan;
  if (*programme == "provider_led") {
    plan = plan_training(ctx, d, &t, Role::kEct, *urn, *lp, at.placement->started_on);
    if (!plan) return;
    plan->started_on = std::max(at.placement->started_on, ctx.today);
  }
  if (tp) close_for_change(ctx, d, t, Role::kEct, *tp, "programme_switched");
  start_training(ctx, d, t.id, Role::kEct, at.placement->id, plan, std::max(at.placement->started_on, ctx.today));
  d.emit(ctx, streams::ect(t.id), "training_programme_switched",
         {{"teacher_id", t.id}, {"from", tp ? tp->training_programme : ""}, {"to", *programme}});
  if (!plan) return;
  for (const Mentorship& m : t.ect.mentorships) {
    if (m.ect_placement_id != at.placement->id || (m.finished_on && *m.finished_on < ctx.today)) continue;
    const Teacher* mentor = ctx.state.teacher(m.mentor_teacher_id);
    if (!mentor || !mentor->mentor.training.empty() || !mentor->mentor_ineligible_reason.empty()) continue;
    auto mplan = plan_training(ctx, d, mentor, Role::kMentor, *urn, *lp, ctx.today);
    if (!mplan) return;
    mplan->started_on = ctx.today;
    start_training(ctx, d, mentor->id, Role::kMentor, m.mentor_placement_id, mplan, ctx.today);
    start_funding_eligibility(ctx, d, *mentor, Role::kMentor);
  }
}

void change_appropriate_body(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto urn = in.text("school_urn", 16);
  auto trn = in.text("trn", 16);
  auto ab = in.text("appropriate_body_id", 64);
  in.finish();
  if (d.failed()) return;
  AtSchool at = find_at_school(ctx, d, *urn, *trn, Role::kEct);
  if (d.failed()) return;
  check_appropriate_body(ctx, d, *ctx.state.school(*urn), *ab);
  if (at.placement->reported_appropriate_body_id == *ab) d.error("appropriate_body_id", "Choose a different appropriate body");
  if (d.failed()) return;
  d.emit(ctx, streams::ect(at.teacher->id), "ect_reported_appropriate_body_changed",
         {{"teacher_id", at.teacher->id}, {"placement_id", at.placement->id},
          {"from", at.placement->reported_appropriate_body_id}, {"to", *ab}});
}

void change_working_pattern(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto urn = in.text("school_urn", 16);
  auto trn = in.text("trn", 16);
  auto pattern = in.one_of("working_pattern", {"full_time", "part_time"});
  in.finish();
  if (d.failed()) return;
  AtSchool at = find_at_school(ctx, d, *urn, *trn, Role::kEct);
  if (d.failed()) return;
  if (at.placement->working_pattern == *pattern) return d.error("working_pattern", "Choose a different working pattern");
  d.emit(ctx, streams::ect(at.teacher->id), "ect_working_pattern_changed",
         {{"teacher_id", at.teacher->id}, {"placement_id", at.placement->id}, {"from", at.placement->working_pattern},
          {"to", *pattern}});
}

void change_email(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto urn = in.text("school_urn", 16);
  auto trn = in.text("trn", 16);
  auto email = in.text("email", 254);
  auto type = in.optional_one_of("participant_type", {"ect", "mentor"});
  in.finish();
  if (d.failed()) return;
  const Role role = type == "mentor" ? Role::kMentor : Role::kEct;
  AtSchool at = find_at_school(ctx, d, *urn, *trn, role);
  if (d.failed()) return;
  check_email(ctx, d, *email, *trn);
  if (at.placement->email == *email) d.error("email", "Enter a different email address");
  if (d.failed()) return;
  d.emit(ctx, role == Role::kEct ? streams::ect(at.teacher->id) : streams::mentor(at.teacher->id),
         role == Role::kEct ? "ect_email_changed" : "mentor_email_changed",
         {{"teacher_id", at.teacher->id}, {"placement_id", at.placement->id}, {"from", at.placement->email}, {"to", *email}});
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

void change_name(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto urn = in.text("school_urn", 16);
  auto trn = in.text("trn", 16);
  auto name = in.text("corrected_name", 70);
  auto confirmed = in.optional_boolean("confirmed");
  in.finish();
  if (d.failed()) return;
  const Teacher* t = ctx.state.teacher_by_trn(*trn);
  if (!t || (!t->ect.unfinished_at(*urn) && !t->mentor.unfinished_at(*urn))) return d.error("trn", school_msg::kNotAtSchool);
  const std::string current = t->display_name();
  if (lower(current) == lower(*name)) return d.error("corrected_name", "Enter a different name");
  auto first_word = [](const std::string& s) { return lower(s.substr(0, s.find(' '))); };
  auto last_word = [](const std::string& s) { return lower(s.substr(s.rfind(' ') + 1)); };
  if (first_word(current) != first_word(*name) && last_word(current) != last_word(*name) && !confirmed.value_or(false))
    return d.error("confirmed", "Confirm that this is the same person: both the first and last names change");
  const bool trs_name = lower(t->first_name + " " + t->last_name) == lower(*name);
  d.emit(ctx, streams::teacher(t->id), "teacher_name_corrected",
         {{"teacher_id", t->id}, {"from", t->corrected_name}, {"to", trs_name ? "" : *name}, {"by", "school"}});
}

void nominate_induction_tutor(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto urn = in.text("school_urn", 16);
  auto name = in.text("name", 70);
  auto email = in.text("email", 254);
  in.finish();
  if (email && !is_email(*email)) d.error("email", school_msg::kEmailFormat);
  if (d.failed()) return;
  if (!ctx.state.school(*urn)) return d.error("school_urn", school_msg::kUnknownSchool);
  d.emit(ctx, streams::school(*urn), "induction_tutor_nominated",
         {{"urn", *urn}, {"year", current_or_upcoming_year(ctx.state, ctx.today)}, {"name", *name}, {"email", *email}});
}

void confirm_induction_tutor(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto urn = in.text("school_urn", 16);
  in.finish();
  if (d.failed()) return;
  const School* school = ctx.state.school(*urn);
  if (!school) return d.error("school_urn", school_msg::kUnknownSchool);
  if (school->tutor_name.empty()) return d.error("school_urn", "No induction tutor has been nominated yet");
  d.emit(ctx, streams::school(*urn), "induction_tutor_confirmed",
         {{"urn", *urn}, {"year", current_or_upcoming_year(ctx.state, ctx.today)}});
}

}  // namespace

void register_school_change_commands(CommandTable& t) {
  t["report_ect_leaving"] = {report_ect_leaving, kSchool};
  t["report_mentor_leaving"] = {report_mentor_leaving, kSchool};
  t["change_lead_provider"] = {change_lead_provider, kSchool};
  t["switch_training_programme"] = {switch_training_programme, kSchool};
  t["change_appropriate_body"] = {change_appropriate_body, kSchool};
  t["change_working_pattern"] = {change_working_pattern, kSchool};
  t["change_email"] = {change_email, kSchool};
  t["change_name"] = {change_name, kSchool};
  t["nominate_induction_tutor"] = {nominate_induction_tutor, kSchool};
  t["confirm_induction_tutor"] = {confirm_induction_tutor, kSchool};
}

}  // namespace rect::domain
