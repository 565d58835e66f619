// School journeys that place teachers: register an ECT, register a mentor,
// assign a mentor (domain.md §2.1–§2.4).
#include <algorithm>

#include "domain/commands.h"
#include "domain/input.h"
#include "domain/periods.h"
#include "domain/previous_choices.h"
#include "domain/registration.h"
#include "domain/rules.h"
#include "domain/streams.h"

namespace rect::domain {
namespace {

// Finds or creates the Teacher for a TRS record; returns the teacher id.
std::string find_or_create_teacher(const Context& ctx, Decision& d, const TrsRecord& r,
                                   const std::optional<std::string>& corrected_name, const Teacher* existing) {
  std::string id;
  if (existing) {
    id = existing->id;
  } else {
    id = ctx.new_id();
    d.emit(ctx, streams::trs(r.trn), "trn_claimed", {{"trn", r.trn}, {"teacher_id", id}});
    d.emit(ctx, streams::teacher(id), "teacher_created",
           {{"teacher_id", id}, {"trn", r.trn}, {"first_name", r.first_name}, {"last_name", r.last_name},
            {"source", "school_registration"}});
  }
  const std::string current = existing ? existing->corrected_name : std::string();
  if (corrected_name && *corrected_name != current)
    d.emit(ctx, streams::teacher(id), "teacher_name_corrected",
           {{"teacher_id", id}, {"from", current}, {"to", *corrected_name}, {"by", "school"}});
  return id;
}

const Placement* latest_placement(const RoleRecord& r) {
  const Placement* best = nullptr;
  for (const Placement& p : r.placements)
    if (!best || p.started_on >= best->started_on) best = &p;
  return best;
}

// Start-date rules against the teacher's previous placement and training (§2.1, L/schools/validation/period_boundary).
void check_start_after_previous(const Context& ctx, Decision& d, const RoleRecord& r, Date start, const char* field) {
  const Placement* prev = latest_placement(r);
  if (!prev) return;
  if (start < prev->started_on.add_days(2)) return d.error(field, school_msg::kTwoDaysAfterPrevious);
  for (const TrainingPeriod& tp : r.training)
    if (tp.started_on <= ctx.today && start < tp.started_on.add_days(2))
      return d.error(field, school_msg::kTwoDaysAfterPrevious);
  if (prev->unfinished() && start > ctx.today.add_months(4)) d.error(field, school_msg::kTooFarInFuture);
}

void register_ect(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto urn = in.text("school_urn", 16);
  auto trn = in.text("trn", 16);
  auto dob = in.date("date_of_birth");
  auto corrected = in.optional_text("corrected_name", 70);
  auto email = in.text("email", 254);
  auto start = in.date("started_on");
  auto pattern = in.one_of("working_pattern", {"full_time", "part_time"});
  auto ab_id = in.optional_text("appropriate_body_id", 64);
  auto programme = in.optional_one_of("training_programme", {"provider_led", "school_led"});
  auto lp_id = in.optional_text("lead_provider_id", 64);
  const bool reuse = in.optional_boolean("use_previous_choices").value_or(false);
  in.finish();
  if (trn && !is_trn(*trn)) d.error("trn", "must be 7 digits");
  if (reuse) {
    for (const auto& [field, given] : {std::pair{"appropriate_body_id", ab_id.has_value()},
                                       std::pair{"training_programme", programme.has_value()},
                                       std::pair{"lead_provider_id", lp_id.has_value()}})
      if (given) d.error(field, "must be empty when the previous choices are reused");
  } else {
    if (!ab_id && !d.has_error("appropriate_body_id")) d.error("appropriate_body_id", kMissing);
    if (!programme && !d.has_error("training_programme")) d.error("training_programme", kMissing);
  }
  if (programme && *programme == "provider_led" && !lp_id && !d.has_error("lead_provider_id"))
    d.error("lead_provider_id", kMissing);
  if (programme && *programme == "school_led" && lp_id) d.error("lead_provider_id", "must be empty for school-led training");
  if (d.failed()) return;

  const School* school = school_for_registration(ctx, d, *urn, true);
  if (!school) return;
  if (reuse) {
    auto last = reusable_choices(ctx, d, *school);
    if (!last) return;
    ab_id = last->appropriate_body_id;
    programme = last->training_programme;
    if (!last->lead_provider_id.empty()) lp_id = last->lead_provider_id;
  }
  const TrsRecord* r = find_in_trs(ctx, d, *trn, *dob);
  if (!r) return;
  const Teacher* t = ctx.state.teacher_by_trn(*trn);
  if (t && t->ect.unfinished_at(*urn)) return d.error("trn", school_msg::kAlreadyActiveAtSchool);
  if (r->induction_status == "Passed" || r->induction_status == "Exempt" || r->induction_status == "Failed")
    return d.error("trn", school_msg::induction_blocks(r->induction_status));
  if (r->prohibited) return d.error("trn", school_msg::kProhibited);
  check_email(ctx, d, *email, *trn);
  if (auto earliest = earliest_permitted_start_date(ctx.state, ctx.today); earliest && *start < *earliest)
    d.error("started_on", school_msg::past_limit(*earliest));
  if (t) check_start_after_previous(ctx, d, t->ect, *start, "started_on");
  const ContractPeriod* cohort = ctx.state.contract_period_on(*start);
  if (!cohort || (*start > ctx.today && !cohort->enabled)) d.error("started_on", school_msg::kCannotRegisterYet);
  check_appropriate_body(ctx, d, *school, *ab_id);
  if (d.failed()) return;
  std::optional<TrainingPlan> plan;
  if (*programme == "provider_led") {
    plan = plan_training(ctx, d, t, Role::kEct, *urn, *lp_id, *start);
    if (!plan) return;
    if (reuse && !reuse_partnership(ctx, d, *urn, *plan)) return;
  }

  const std::string teacher_id = find_or_create_teacher(ctx, d, *r, corrected, t);
  // Guarded: a registration decided against a school whose stream moved
  // meanwhile (a GIAS URN replacement retires it) is decided again before
  // anything is placed there. A new teacher's record, written first, stays
  // and is found by TRN when the registration is decided again.
  d.guard(ctx, streams::school(*urn), "school_programme_choices_remembered",
          {{"urn", *urn}, {"appropriate_body_id", *ab_id}, {"training_programme", *programme},
           {"lead_provider_id", lp_id.value_or("")}});
  if (t)
    for (const Placement& p : t->ect.placements)
      if (p.unfinished()) {
        finish_ect_placement(ctx, d, *t, p, start->add_days(-1), "transfer", "");
        d.emit(ctx, streams::ect(t->id), "ect_left_school",
               {{"teacher_id", t->id}, {"placement_id", p.id}, {"school_urn", p.school_urn},
                {"finished_on", start->add_days(-1).to_string()}, {"reported_by_school_urn", nullptr}});
      }
  const std::string placement_id = ctx.new_id();
  d.emit(ctx, streams::ect(teacher_id), "ect_placement_started",
         {{"teacher_id", teacher_id}, {"placement_id", placement_id}, {"school_urn", *urn},
          {"started_on", start->to_string()}, {"email", *email}, {"working_pattern", *pattern},
          {"reported_appropriate_body_id", *ab_id}});
  const std::string tp_id =
      start_training(ctx, d, teacher_id, Role::kEct, placement_id, plan, std::max(*start, ctx.today));
  if (plan && plan->moved_out_of_frozen && t && t->ect_payments_frozen_year != plan->frozen_year)
    d.emit(ctx, streams::teacher(teacher_id), "payments_frozen_cohort_recorded",
           {{"teacher_id", teacher_id}, {"role", "ect"}, {"year", plan->frozen_year}});
  if (t && ect_eligibility_condition(*t, ctx.today, true)) start_funding_eligibility(ctx, d, *t, Role::kEct);
  d.result = {{"participant_id", teacher_id}, {"placement_id", placement_id}, {"training_period_id", tp_id}};
}

// The mentorship dates and effects of assigning `mentor_placement` to the ECT (§2.4 assign or change).
void assign(const Context& ctx, Decision& d, const Teacher& ect, const Placement& ect_placement,
            const std::string& mentor_teacher_id, const Placement& mentor_placement, bool drop_today) {
  Date start = std::max(ect_placement.started_on, mentor_placement.started_on);
  if (!drop_today) start = std::max(start, ctx.today);
  std::optional<Date> finish = ect_placement.finished_on;
  if (mentor_placement.finished_on && (!finish || *mentor_placement.finished_on < *finish)) finish = mentor_placement.finished_on;
  for (const Mentorship& m : ect.ect.mentorships) {
    if (m.ect_placement_id != ect_placement.id) continue;
    if (m.finished_on && *m.finished_on < start) continue;  // past mentorships stay
    if (m.started_on < start)
      d.emit(ctx, streams::ect(ect.id), "mentorship_finished",
             {{"teacher_id", ect.id}, {"mentorship_id", m.id}, {"finished_on", start.add_days(-1).to_string()}});
    else
      d.emit(ctx, streams::ect(ect.id), "mentorship_cancelled", {{"teacher_id", ect.id}, {"mentorship_id", m.id}});
  }
  const std::string id = ctx.new_id();
  // Guarded: the ECT's placement is what ties the command to the school, so a
  // school change that moved it (a GIAS URN replacement moves every placement)
  // makes the command decide again before the mentor's side is written.
  d.guard(ctx, streams::ect(ect.id), "mentor_assigned",
         {{"teacher_id", ect.id}, {"mentorship_id", id}, {"ect_placement_id", ect_placement.id},
          {"mentor_teacher_id", mentor_teacher_id}, {"mentor_placement_id", mentor_placement.id},
          {"started_on", start.to_string()}, {"finished_on", date_json(finish)}});
  d.result["mentorship_id"] = id;
}

// True when the ECT's provider-led training has a non-voided declaration from
// an earlier mentor dated inside that mentorship (the replacement rule, §2.2).
bool needs_replacement_schedule(const Teacher& ect, const std::string& new_mentor_id) {
  for (const Mentorship& m : ect.ect.mentorships) {
    if (m.mentor_teacher_id == new_mentor_id) continue;
    for (const Declaration& dec : ect.declarations[0]) {
      if (dec.payment_status == "voided") continue;
      const Date on = london_date(dec.declaration_date);
      if (on >= m.started_on && (!m.finished_on || on <= *m.finished_on)) return true;
    }
  }
  return false;
}

const TrainingPeriod* current_ect_training(const Teacher& ect, const Placement& p, Date today) {
  const TrainingPeriod* best = nullptr;
  for (const TrainingPeriod& tp : ect.ect.training)
    if (tp.placement_id == p.id && (!tp.finished_on || *tp.finished_on >= today) &&
        (!best || tp.started_on > best->started_on))
      best = &tp;
  return best;
}

// Provider-led training for a mentor with none, when the ECT is provider-led and the mentor eligible.
void maybe_train_mentor(const Context& ctx, Decision& d, const Teacher* mentor, const std::string& mentor_id,
                        const Teacher& ect, const Placement& ect_placement, const std::string& mentor_placement_id,
                        Date mentor_start, const std::optional<std::string>& lp_choice, Date start) {
  if (mentor && (!mentor->mentor.training.empty() || !mentor->mentor_ineligible_reason.empty())) return;
  const TrainingPeriod* ect_tp = current_ect_training(ect, ect_placement, ctx.today);
  if (!ect_tp || !ect_tp->provider_led()) return;
  const std::string lp = lp_choice.value_or(ect_tp->lead_provider_id);
  auto plan = plan_training(ctx, d, mentor, Role::kMentor, ect_placement.school_urn, lp, mentor_start,
                            needs_replacement_schedule(ect, mentor_id));
  if (!plan) return;
  plan->started_on = start;
  start_training(ctx, d, mentor_id, Role::kMentor, mentor_placement_id, plan, start);
  if (!mentor) {
    d.emit(ctx, streams::teacher(mentor_id), "mentor_funding_eligibility_started",
           {{"teacher_id", mentor_id}, {"at", ctx.now.to_iso8601()}});
  } else {
    start_funding_eligibility(ctx, d, *mentor, Role::kMentor);
  }
}

void register_mentor(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto urn = in.text("school_urn", 16);
  auto trn = in.text("trn", 16);
  auto dob = in.date("date_of_birth");
  auto corrected = in.optional_text("corrected_name", 70);
  auto email = in.text("email", 254);
  auto ect_trn = in.text("ect_trn", 16);
  auto only_here = in.optional_boolean("mentoring_only_at_this_school");
  auto start_in = in.optional_date("started_on");
  auto lp_id = in.optional_text("lead_provider_id", 64);
  in.finish();
  if (trn && !is_trn(*trn)) d.error("trn", "must be 7 digits");
  if (d.failed()) return;
  const School* school = school_for_registration(ctx, d, *urn, false);
  if (!school) return;
  if (*trn == *ect_trn) return d.error("trn", school_msg::kMenteeCannotMentorThemself);
  const Teacher* ect = ctx.state.teacher_by_trn(*ect_trn);
  const Placement* ect_placement = ect ? ect->ect.unfinished_at(*urn) : nullptr;
  if (!ect_placement) return d.error("ect_trn", school_msg::kNotAtSchool);
  const TrsRecord* r = find_in_trs(ctx, d, *trn, *dob);
  if (!r) return;
  if (r->prohibited) return d.error("trn", school_msg::kProhibited);
  const Teacher* mentor = ctx.state.teacher_by_trn(*trn);
  if (mentor)
    if (const Placement* here = mentor->mentor.unfinished_at(*urn)) {
      if (corrected || start_in || only_here) return d.error("trn", "This mentor is already registered at your school");
      assign(ctx, d, *ect, *ect_placement, mentor->id, *here, false);
      return;
    }
  check_email(ctx, d, *email, *trn);
  std::vector<const Placement*> elsewhere;
  if (mentor)
    for (const Placement& p : mentor->mentor.placements)
      if (p.unfinished()) elsewhere.push_back(&p);
  if (!elsewhere.empty() && !only_here) return d.error("mentoring_only_at_this_school", kMissing);
  Date start = ctx.today;
  const bool yes = !elsewhere.empty() && *only_here;
  if (yes) {
    if (!start_in) return d.error("started_on", kMissing);
    start = *start_in;
    if (start > ctx.today.add_months(4)) d.error("started_on", school_msg::kTooFarInFuture);
    check_start_after_previous(ctx, d, mentor->mentor, start, "started_on");
  } else if (start_in && elsewhere.empty()) {
    start = *start_in;
    if (start > ctx.today.add_months(4)) d.error("started_on", school_msg::kTooFarInFuture);
  } else if (start_in) {
    d.error("started_on", "must be empty when the mentor keeps mentoring at other schools");
  }
  if (d.failed()) return;
  const std::string mentor_id = find_or_create_teacher(ctx, d, *r, corrected, mentor);
  const std::string placement_id = ctx.new_id();
  Placement mp;
  mp.id = placement_id;
  mp.started_on = start;
  // The mentorship is written before anything of the mentor's (see assign).
  assign(ctx, d, *ect, *ect_placement, mentor_id, mp, yes);
  if (yes)
    for (const Placement* p : elsewhere) finish_mentor_placement(ctx, d, *mentor, *p, start.add_days(-1), "transfer", "");
  d.emit(ctx, streams::mentor(mentor_id), "mentor_placement_started",
         {{"teacher_id", mentor_id}, {"placement_id", placement_id}, {"school_urn", *urn},
          {"started_on", start.to_string()}, {"email", *email}});
  const bool trains_here = elsewhere.empty() || yes;
  if (trains_here) maybe_train_mentor(ctx, d, mentor, mentor_id, *ect, *ect_placement, placement_id, start, lp_id, start);
  d.result["participant_id"] = mentor_id;
  d.result["placement_id"] = placement_id;
}

void assign_mentor(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto urn = in.text("school_urn", 16);
  auto ect_trn = in.text("ect_trn", 16);
  auto mentor_trn = in.text("mentor_trn", 16);
  auto lp_id = in.optional_text("lead_provider_id", 64);
  in.finish();
  if (d.failed()) return;
  if (!ctx.state.school(*urn)) return d.error("school_urn", school_msg::kUnknownSchool);
  if (*ect_trn == *mentor_trn) return d.error("mentor_trn", school_msg::kMenteeCannotMentorThemself);
  const Teacher* ect = ctx.state.teacher_by_trn(*ect_trn);
  const Placement* ect_placement = ect ? ect->ect.unfinished_at(*urn) : nullptr;
  if (!ect_placement) return d.error("ect_trn", school_msg::kNotAtSchool);
  const Teacher* mentor = ctx.state.teacher_by_trn(*mentor_trn);
  const Placement* mp = mentor ? mentor->mentor.unfinished_at(*urn) : nullptr;
  if (!mp) return d.error("mentor_trn", school_msg::kNotAtSchool);
  for (const Mentorship& m : ect->ect.mentorships)
    if (m.ect_placement_id == ect_placement->id && m.mentor_teacher_id == mentor->id &&
        (!m.finished_on || *m.finished_on >= ctx.today))
      return d.error("mentor_trn", school_msg::kDifferentMentor);
  assign(ctx, d, *ect, *ect_placement, mentor->id, *mp, false);
  maybe_train_mentor(ctx, d, mentor, mentor->id, *ect, *ect_placement, mp->id, mp->started_on, lp_id,
                     std::max(ctx.today, mp->started_on));
}

}  // namespace

void register_school_commands(CommandTable& t) {
  t["register_ect"] = {register_ect, kSchool};
  t["register_mentor"] = {register_mentor, kSchool};
  t["assign_mentor"] = {assign_mentor, kSchool};
}

}  // namespace rect::domain
