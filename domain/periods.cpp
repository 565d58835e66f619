#include "domain/periods.h"

#include "domain/streams.h"

namespace rect::domain {
namespace {

// The events that end a mentorship: a closure that finishes both the ECT's
// and the mentor's placement must end it once.
constexpr std::initializer_list<const char*> kMentorshipEnds = {"mentorship_finished", "mentorship_cancelled"};

}  // namespace

void finish_training(const Context& ctx, Decision& d, const Teacher& t, Role role, const TrainingPeriod& tp, Date on,
                     const std::string& cause) {
  const std::string stream = role == Role::kEct ? streams::ect(t.id) : streams::mentor(t.id);
  if (tp.started_on > on) {
    d.emit(ctx, stream, "training_period_cancelled",
           {{"teacher_id", t.id}, {"role", role_name(role)}, {"training_period_id", tp.id}, {"cause", cause}});
  } else if (!tp.finished_on || *tp.finished_on > on) {
    d.emit(ctx, stream, "training_period_finished",
           {{"teacher_id", t.id}, {"role", role_name(role)}, {"training_period_id", tp.id},
            {"finished_on", on.to_string()}, {"cause", cause}});
  }
}

void finish_ect_placement(const Context& ctx, Decision& d, const Teacher& t, const Placement& p, Date on,
                          const std::string& cause, const std::string& reported_by) {
  const std::string stream = streams::ect(t.id);
  for (const Mentorship& m : t.ect.mentorships) {
    if (m.ect_placement_id != p.id || d.emitted(stream, kMentorshipEnds, "mentorship_id", m.id)) continue;
    if (m.started_on > on)
      d.emit(ctx, stream, "mentorship_cancelled", {{"teacher_id", t.id}, {"mentorship_id", m.id}});
    else if (!m.finished_on || *m.finished_on > on)
      d.emit(ctx, stream, "mentorship_finished",
             {{"teacher_id", t.id}, {"mentorship_id", m.id}, {"finished_on", on.to_string()}});
  }
  for (const TrainingPeriod& tp : t.ect.training)
    if (tp.placement_id == p.id) finish_training(ctx, d, t, Role::kEct, tp, on, cause);
  if (p.started_on > on) {
    d.emit(ctx, stream, "ect_placement_cancelled", {{"teacher_id", t.id}, {"placement_id", p.id}, {"cause", cause}});
  } else if (!p.finished_on || *p.finished_on > on) {
    d.emit(ctx, stream, "ect_placement_finished",
           {{"teacher_id", t.id}, {"placement_id", p.id}, {"finished_on", on.to_string()}, {"cause", cause},
            {"reported_by_school_urn", reported_by.empty() ? Json(nullptr) : Json(reported_by)}});
  }
}

void finish_mentor_placement(const Context& ctx, Decision& d, const Teacher& t, const Placement& p, Date on,
                             const std::string& cause, const std::string& reported_by) {
  const std::string stream = streams::mentor(t.id);
  for (const Teacher* listed : ctx.state.mentees_through(p.id)) {
    const Teacher& mentee = *listed;
    for (const Mentorship& m : mentee.ect.mentorships) {
      if (m.mentor_placement_id != p.id || d.emitted(streams::ect(mentee.id), kMentorshipEnds, "mentorship_id", m.id))
        continue;
      if (m.started_on > on)
        d.emit(ctx, streams::ect(mentee.id), "mentorship_cancelled", {{"teacher_id", mentee.id}, {"mentorship_id", m.id}});
      else if (!m.finished_on || *m.finished_on > on)
        d.emit(ctx, streams::ect(mentee.id), "mentorship_finished",
               {{"teacher_id", mentee.id}, {"mentorship_id", m.id}, {"finished_on", on.to_string()}});
    }
  }
  for (const TrainingPeriod& tp : t.mentor.training)
    if (tp.placement_id == p.id) finish_training(ctx, d, t, Role::kMentor, tp, on, cause);
  if (p.started_on > on) {
    d.emit(ctx, stream, "mentor_placement_cancelled", {{"teacher_id", t.id}, {"placement_id", p.id}, {"cause", cause}});
  } else if (!p.finished_on || *p.finished_on > on) {
    d.emit(ctx, stream, "mentor_placement_finished",
           {{"teacher_id", t.id}, {"placement_id", p.id}, {"finished_on", on.to_string()}, {"cause", cause},
            {"reported_by_school_urn", reported_by.empty() ? Json(nullptr) : Json(reported_by)}});
  }
}

const Statement* next_output_statement(const State& s, const std::string& lp, int year, Date today, bool open_only) {
  for (const Statement* st : s.output_statements(lp, year))
    if (st->deadline_date >= today && (!open_only || st->status == "open")) return st;
  return nullptr;
}

bool ect_eligibility_condition(const Teacher& t, Date today, bool has_placement) {
  if (!has_placement && t.ect.placements.empty()) return false;
  for (const InductionPeriod& ip : t.induction)
    if (ip.started_on <= today && (!ip.finished_on || today <= *ip.finished_on)) return true;
  return false;
}

void start_funding_eligibility(const Context& ctx, Decision& d, const Teacher& t, Role role) {
  const bool already = role == Role::kEct ? t.ect_first_eligible_at.has_value() : t.mentor_first_eligible_at.has_value();
  if (already) return;
  d.emit(ctx, streams::teacher(t.id),
         role == Role::kEct ? "ect_funding_eligibility_started" : "mentor_funding_eligibility_started",
         {{"teacher_id", t.id}, {"at", ctx.now.to_iso8601()}});
  for (const Declaration& dec : t.declarations[static_cast<std::size_t>(role)]) {
    if (dec.payment_status != "no_payment") continue;
    const Statement* st = next_output_statement(ctx.state, dec.lead_provider_id, dec.year, ctx.today, false);
    if (!st) continue;
    d.emit(ctx, streams::declarations(t.id, role_name(role)), "declaration_made_eligible",
           {{"teacher_id", t.id}, {"role", role_name(role)}, {"declaration_id", dec.id}, {"statement_id", st->id}});
  }
}

}  // namespace rect::domain
