// Renders the teacher-centred resources: participants, declarations,
// transfers and unfunded mentors, as one lead provider sees them.
#include <algorithm>

#include "projections/lead_provider/json_text.h"
#include "projections/lead_provider/render.h"

namespace rect::projections::lead_provider {
namespace {

template <class T>
bool later(const T& a, const T& b) {
  if (a.started_on != b.started_on) return a.started_on > b.started_on;
  return a.created > b.created;
}

void full_name(const Teacher& t, JsonText& w) {
  if (!t.corrected_name.empty()) {
    w.str(t.corrected_name);
  } else if (t.first_name.empty()) {
    w.str(t.last_name);
  } else if (t.last_name.empty()) {
    w.str(t.first_name);
  } else {
    std::string n;
    n.reserve(t.first_name.size() + t.last_name.size() + 1);
    n.append(t.first_name).append(" ").append(t.last_name);
    w.str(n);
  }
}

const char* training_status(const TrainingPeriod& tp) {
  const std::string &w = tp.withdrawn_at, &d = tp.deferred_at;
  if (w.empty() && d.empty()) return "active";
  if (d.empty()) return "withdrawn";
  if (w.empty()) return "deferred";
  return w >= d ? "withdrawn" : "deferred";
}

std::string_view lp_name(const Model& m, const std::string& lp) {
  const std::string* n = Model::find(m.lps, lp);
  return n ? std::string_view(*n) : std::string_view();
}

const Placement* find_placement(const Role& r, const std::string& id) {
  for (const Placement& p : r.placements)
    if (p.id == id) return &p;
  return nullptr;
}

// One enrolment of a participant: a role in which the teacher trains with the lead provider.
struct Enrolment {
  bool ect = true;
  const TrainingPeriod* tp = nullptr;
  const Placement* pl = nullptr;
  const Partnership* ps = nullptr;
  bool pp = false, sp = false, eligible = false, completed = false;
  const char* status = "active";
  std::int64_t created = 0;
  std::string_view mentor;  // ECTs: the current mentor
  std::string_view induction_start, induction_recent_end, induction_end;
};

Enrolment enrolment(const Model& m, const Teacher& t, bool ect, const TrainingPeriod& tp) {
  Enrolment e;
  e.ect = ect;
  e.tp = &tp;
  const Role& role = t.role(ect);
  e.pl = find_placement(role, tp.placement_id);
  e.ps = Model::find(m.pships, tp.partnership_id);
  const ContractPeriod* cp = Model::find(m.cps, std::to_string(tp.year));
  if (e.pl != nullptr && (cp == nullptr || cp->uplift_fees_enabled))
    if (const School* sc = Model::find(m.schools, e.pl->urn))
      if (auto it = sc->uplifts.find(tp.year); it != sc->uplifts.end()) {
        e.pp = it->second.first;
        e.sp = it->second.second;
      }
  for (const Placement& p : role.placements)
    if (e.created == 0 || p.created < e.created) e.created = p.created;
  if (e.created == 0) e.created = tp.created;
  const std::string& first = ect ? t.ect_first_eligible_at : t.mentor_first_eligible_at;
  const std::string& ineligible = ect ? t.ect_ineligible_on : t.mentor_ineligible_on;
  e.eligible = !first.empty() && (ineligible.empty() || std::string_view(first).substr(0, 10) <= ineligible);
  e.status = training_status(tp);
  const std::string& finished = tp.finished_on;
  if (ect) {
    std::string_view mentor_start;
    for (const Mentorship& ms : t.ect.mentorships)
      if (ms.ect_placement_id == tp.placement_id && ms.finished_on.empty() && ms.started_on >= mentor_start) {
        e.mentor = ms.mentor_id;
        mentor_start = ms.started_on;
      }
    std::string_view recent_start;
    for (const InductionPeriod& ip : t.induction) {
      if (e.induction_start.empty() || ip.started_on < e.induction_start) e.induction_start = ip.started_on;
      if (!ip.finished_on.empty() && ip.started_on >= recent_start) {
        recent_start = ip.started_on;
        e.induction_recent_end = ip.finished_on;
      }
      if (!ip.outcome.empty() && !ip.finished_on.empty()) {
        e.induction_end = ip.finished_on;
        if (finished.empty() || ip.finished_on <= finished) e.completed = true;
      }
    }
  } else {
    const std::string& ended = t.mentor_ineligible_on;
    e.completed = !ended.empty() && (finished.empty() || ended <= finished);
  }
  return e;
}

const char* participant_status(const Enrolment& e, const std::string& day) {
  const std::string &start = e.tp->started_on, &end = e.tp->finished_on;
  if (std::string_view(e.status) != "active") return !end.empty() && end > day ? "leaving" : "left";
  if (e.completed) return "active";
  if (!end.empty()) return end > day ? "leaving" : "left";
  if (start > day) return "joining";
  return "active";
}

void stop_details(JsonText& w, bool on, const std::string& date, const std::string& reason) {
  if (!on) {
    w.null();
    return;
  }
  w.begin_object();
  w.key("date").str(date);
  w.key("reason").str(reason);
  w.end_object();
}

void write_enrolment(JsonText& w, const Teacher& t, const Enrolment& e, const Presentation* pres) {
  const TrainingPeriod& tp = *e.tp;
  const std::string_view status = e.status;
  w.begin_object();
  w.key("cohort").str(std::to_string(tp.year));
  w.key("cohort_changed_after_payments_frozen").boolean(e.ect ? t.frozen_ect.has_value() : t.frozen_mentor.has_value());
  w.key("created_at").str(iso(e.created));
  w.key("deferral");
  stop_details(w, status == "deferred", tp.deferred_at, tp.deferral_reason);
  w.key("delivery_partner_id").str(e.ps ? std::string_view(e.ps->dp) : std::string_view());
  w.key("eligible_for_funding").boolean(e.eligible);
  w.key("email").str(e.pl ? std::string_view(e.pl->email) : std::string_view());
  if (e.ect) {
    w.key("induction_end_date").str_or_null(e.induction_end);
    w.key("mentor_id").str_or_null(e.mentor);
    w.key("most_recent_induction_period_end_date").str_or_null(e.induction_recent_end);
    w.key("overall_induction_start_date").str_or_null(e.induction_start);
  } else {
    w.key("mentor_funding_end_date").str_or_null(t.mentor_ineligible_on);
    w.key("mentor_id").null();
    w.key("mentor_ineligible_for_funding_reason").str_or_null(t.mentor_ineligible_reason);
  }
  if (pres) w.key("participant_status").str(participant_status(e, pres->day));
  w.key("participant_type").str(e.ect ? "ect" : "mentor");
  w.key("pupil_premium_uplift").boolean(e.pp);
  w.key("schedule_identifier").str(tp.schedule);
  w.key("school_urn").str(e.pl ? std::string_view(e.pl->urn) : std::string_view());
  w.key("sparsity_uplift").boolean(e.sp);
  w.key("training_record_id").str(e.ect ? t.ect_record_id : t.mentor_record_id);
  w.key("training_status").str(status);
  w.key("withdrawal");
  stop_details(w, status == "withdrawn", tp.withdrawn_at, tp.withdrawal_reason);
  w.key("working_pattern");
  if (e.ect && e.pl) w.str_or_null(e.pl->working_pattern);
  else w.null();
  w.end_object();
}

RenderResult participant(const Model& m, const std::string& lp, const std::string& id, std::string& attrs,
                         std::string& hidden, const Presentation* pres) {
  const Teacher* t = Model::find(m.teachers, id);
  if (t == nullptr || !t->merged_into.empty()) return {};
  Enrolment es[2];
  int n = 0;
  for (bool ect : {true, false})
    if (const TrainingPeriod* tp = latest_training_with(t->role(ect), lp)) es[n++] = enrolment(m, *t, ect, *tp);
  if (n == 0) return {};
  RenderResult r;
  r.visible = true;
  for (int i = 0; i < n; ++i)
    if (r.created == 0 || es[i].created < r.created) r.created = es[i].created;
  JsonText a(attrs);
  a.begin_object();
  a.key("ecf_enrolments").begin_array();
  for (int i = 0; i < n; ++i) write_enrolment(a, *t, es[i], pres);
  a.end_array();
  a.key("full_name");
  full_name(*t, a);
  a.key("participant_id_changes").begin_array();
  for (const IdChange& c : t->id_changes) {
    a.begin_object();
    a.key("changed_at").str(c.changed_at);
    a.key("from_participant_id").str(c.from);
    a.key("to_participant_id").str(c.to);
    a.end_object();
  }
  a.end_array();
  a.key("teacher_reference_number").str_or_null(t->trn);
  if (pres) a.key("updated_at").str(iso(pres->updated));
  a.end_object();

  JsonText h(hidden);
  h.begin_object();
  h.key("status").begin_array();
  for (int i = 0; i < n; ++i) {
    h.begin_object();
    h.key("completed").boolean(es[i].completed);
    h.key("finished_on").str(es[i].tp->finished_on);
    h.key("started_on").str(es[i].tp->started_on);
    h.key("stopped").boolean(std::string_view(es[i].status) != "active");
    h.end_object();
  }
  h.end_array();
  h.end_object();
  return r;
}

std::string dasherised(std::string v) {
  std::replace(v.begin(), v.end(), '_', '-');
  return v;
}

RenderResult declaration(const Model& m, const std::string& lp, const std::string& id, std::string& attrs,
                         std::string& hidden, const Presentation* pres) {
  const Declaration* d = Model::find(m.decls, id);
  if (d == nullptr) return {};
  const std::string &payment = d->payment_status, &clawback = d->clawback_status;
  if (d->lp != lp) {
    if (payment == "voided" || clawback != "no_clawback") return {};
    const Teacher* t = Model::find(m.teachers, d->teacher_id);
    if (t == nullptr) return {};
    const TrainingPeriod* tp = latest_training_with(t->role(d->role != "mentor"), lp);
    if (tp == nullptr) return {};
    if (!tp->finished_on.empty() && std::string_view(d->date).substr(0, 10) > tp->finished_on) return {};
  }
  const std::string& state = clawback != "no_clawback" ? clawback : payment == "no_payment" ? std::string("submitted") : payment;
  JsonText a(attrs);
  a.begin_object();
  a.key("clawback_statement_id").str_or_null(d->clawback_statement_id);
  a.key("course_identifier").str(d->role == "mentor" ? "ecf-mentor" : "ecf-induction");
  a.key("created_at").str(iso(d->created));
  a.key("declaration_date").str(d->date);
  a.key("declaration_type").str(d->type);
  a.key("delivery_partner_id").str(d->dp);
  a.key("evidence_held").str_or_null(d->evidence);
  a.key("ineligible_for_funding_reason").null();
  a.key("lead_provider_name").str(lp_name(m, d->lp));
  a.key("mentor_id").str_or_null(d->mentor_id);
  a.key("participant_id").str(d->teacher_id);
  a.key("state").str(dasherised(state));
  a.key("statement_id");
  if (payment == "voided") a.null();
  else a.str_or_null(d->statement_id);
  if (pres) a.key("updated_at").str(iso(pres->updated));
  a.key("uplift_paid").boolean(payment == "paid" && (d->pp || d->sp));
  a.end_object();
  JsonText h(hidden);
  h.begin_object();
  h.key("cohort").str(std::to_string(d->year));
  h.end_object();
  return {true, d->created, 0};
}

// The lead provider of a placement: that of its latest training period with one.
std::string_view placement_lp(const Role& role, const Placement& pl) {
  const TrainingPeriod* best = nullptr;
  for (const TrainingPeriod& tp : role.training)
    if (tp.placement_id == pl.id && !tp.lp.empty() && (best == nullptr || later(tp, *best))) best = &tp;
  return best ? std::string_view(best->lp) : std::string_view();
}

void transfer_end(JsonText& w, const Model& m, const std::string& date, std::string_view lp, const std::string& urn) {
  w.begin_object();
  w.key("date").str(date);
  if (!lp.empty()) w.key("provider").str(lp_name(m, std::string(lp)));
  w.key("school_urn").str(urn);
  w.end_object();
}

RenderResult transfer(const Model& m, const std::string& lp, const std::string& id, std::string& attrs,
                      std::string& hidden, const Presentation* pres) {
  const Teacher* t = Model::find(m.teachers, id);
  if (t == nullptr || !t->merged_into.empty()) return {};
  RenderResult r;
  JsonText a(attrs), h(hidden);
  a.begin_object();
  a.key("transfers").begin_array();
  h.begin_object();
  h.key("dates").begin_array();
  std::vector<const Placement*> pls;
  for (bool ect : {true, false}) {
    const Role& role = t->role(ect);
    pls.clear();
    for (const Placement& p : role.placements) pls.push_back(&p);
    std::sort(pls.begin(), pls.end(), [](const Placement* x, const Placement* y) { return later(*y, *x); });
    for (std::size_t i = 0; i < pls.size(); ++i) {
      const Placement& out = *pls[i];
      if (out.finished_on.empty() || out.cause == "induction_completed") continue;
      const Placement* in = i + 1 < pls.size() ? pls[i + 1] : nullptr;
      if (in != nullptr && in->urn == out.urn) continue;
      const std::string_view from_lp = placement_lp(role, out), to_lp = in ? placement_lp(role, *in) : std::string_view();
      if (from_lp != lp && to_lp != lp) continue;
      const std::int64_t c = out.finished_recorded.value_or(out.created);
      if (r.created == 0 || c < r.created) r.created = c;
      r.visible = true;
      a.begin_object();
      a.key("created_at").str(iso(c).view().substr(0, 10));
      a.key("joining");
      if (in) transfer_end(a, m, in->started_on, to_lp, in->urn);
      else a.null();
      a.key("leaving");
      transfer_end(a, m, out.finished_on, from_lp, out.urn);
      if (pres) {
        const bool incomplete = out.finished_on > pres->day || (in && !in->started_on.empty() && in->started_on > pres->day);
        a.key("status").str(incomplete ? "incomplete" : "complete");
      }
      a.key("training_record_id").str(ect ? t->ect_record_id : t->mentor_record_id);
      a.key("transfer_type").str(in == nullptr ? "unknown" : from_lp == to_lp ? "new_school" : "new_provider");
      a.end_object();
      h.begin_array().str(out.finished_on).str(in ? std::string_view(in->started_on) : std::string_view()).end_array();
    }
  }
  a.end_array();
  if (pres) a.key("updated_at").str(iso(pres->updated));
  a.end_object();
  h.end_array();
  h.end_object();
  return r;
}

RenderResult unfunded_mentor(const Model& m, const std::string& lp, const std::string& id, std::string& attrs,
                             std::string& hidden, const Presentation* pres) {
  const Teacher* mt = Model::find(m.teachers, id);
  if (mt == nullptr || !mt->merged_into.empty()) return {};
  for (const TrainingPeriod& tp : mt->mentor.training)
    if (tp.lp == lp) return {};
  auto it = m.ects_of_mentor.find(id);
  if (it == m.ects_of_mentor.end()) return {};
  bool assigned = false;
  for (const std::string& ect : it->second) {
    const Teacher* et = Model::find(m.teachers, ect);
    if (et == nullptr || !et->merged_into.empty()) continue;
    const TrainingPeriod* tp = latest_training_with(et->ect, lp);
    if (tp == nullptr || !tp->finished_on.empty()) continue;
    for (const Mentorship& ms : et->ect.mentorships)
      if (ms.mentor_id == id && ms.finished_on.empty()) assigned = true;
  }
  if (!assigned) return {};
  const Placement* latest = nullptr;
  for (const Placement& p : mt->mentor.placements)
    if (latest == nullptr || later(p, *latest)) latest = &p;
  JsonText a(attrs);
  a.begin_object();
  a.key("created_at").str(iso(mt->created));
  a.key("email").str(latest ? std::string_view(latest->email) : std::string_view());
  a.key("full_name");
  full_name(*mt, a);
  a.key("teacher_reference_number").str_or_null(mt->trn);
  if (pres) a.key("updated_at").str(iso(pres->updated));
  a.end_object();
  JsonText(hidden).begin_object().end_object();
  return {true, mt->created, 0};
}

}  // namespace

const TrainingPeriod* latest_training_with(const Role& role, std::string_view lp) {
  const TrainingPeriod* best = nullptr;
  for (const TrainingPeriod& tp : role.training)
    if (tp.lp == lp && !tp.partnership_id.empty() && (best == nullptr || later(tp, *best))) best = &tp;
  return best;
}

std::string training_record_id(const std::string& teacher_id, const char* role) {
  return school_api_id(std::string("training-record/") + role + "/" + teacher_id);
}

void teacher_lead_providers(const Model& m, const std::string& teacher_id, ScopeList& out) {
  if (const Teacher* t = Model::find(m.teachers, teacher_id)) teacher_lead_providers(*t, out);
}

void teacher_lead_providers(const Teacher& t, ScopeList& out) {
  for (bool ect : {true, false})
    for (const TrainingPeriod& tp : t.role(ect).training)
      if (!tp.lp.empty()) out.add(tp.lp);
}

void mentee_lead_providers(const Model& m, const std::string& mentor_id, ScopeList& out) {
  auto it = m.ects_of_mentor.find(mentor_id);
  if (it == m.ects_of_mentor.end()) return;
  for (const std::string& ect : it->second) teacher_lead_providers(m, ect, out);
}

RenderResult render_teacher_resource(const Model& m, Resource r, const std::string& lp, const std::string& id,
                                     std::string& attrs, std::string& hidden, const Presentation* pres) {
  switch (r) {
    case Resource::kParticipant: return participant(m, lp, id, attrs, hidden, pres);
    case Resource::kDeclaration: return declaration(m, lp, id, attrs, hidden, pres);
    case Resource::kTransfer: return transfer(m, lp, id, attrs, hidden, pres);
    case Resource::kUnfundedMentor: return unfunded_mentor(m, lp, id, attrs, hidden, pres);
    default: return {};
  }
}

bool teacher_resource_matches(const Model& m, Resource r, const std::string& lp, const std::string& id, const Query& q) {
  auto in_list = [](const std::vector<std::string>& list, std::string_view v) {
    return std::find(list.begin(), list.end(), v) != list.end();
  };
  if (r == Resource::kParticipant) {
    const Teacher* t = Model::find(m.teachers, id);
    if (t == nullptr) return false;
    bool cohort = !q.cohorts, status = !q.training_status;
    for (bool ect : {true, false})
      if (const TrainingPeriod* tp = latest_training_with(t->role(ect), lp)) {
        if (q.cohorts && in_list(*q.cohorts, std::to_string(tp->year))) cohort = true;
        if (q.training_status && *q.training_status == training_status(*tp)) status = true;
      }
    if (!cohort || !status) return false;
    if (q.from_participant_id &&
        std::none_of(t->id_changes.begin(), t->id_changes.end(), [&](const IdChange& c) { return c.from == *q.from_participant_id; }))
      return false;
    return true;
  }
  if (r == Resource::kDeclaration) {
    const Declaration* d = Model::find(m.decls, id);
    if (d == nullptr) return false;
    if (q.cohorts && !in_list(*q.cohorts, std::to_string(d->year))) return false;
    if (q.participant_ids && !in_list(*q.participant_ids, d->teacher_id)) return false;
    if (q.delivery_partner_ids && !in_list(*q.delivery_partner_ids, d->dp)) return false;
    return true;
  }
  return true;
}

}  // namespace rect::projections::lead_provider
