#include <algorithm>

#include "domain/fold.h"

namespace rect::domain {
namespace {

Teacher& teacher_of(State& s, const Json& p) { return s.teacher_for_fold(str(p, "teacher_id")); }

Role role_of(const Json& p) { return str(p, "role") == "mentor" ? Role::kMentor : Role::kEct; }

void teacher_created(State& s, const RecordedEvent&, const Json& p) {
  Teacher& t = teacher_of(s, p);
  t.trn = str(p, "trn");
  t.first_name = str(p, "first_name");
  t.last_name = str(p, "last_name");
}

void teacher_trs_record_flagged(State& s, const RecordedEvent&, const Json& p) {
  Teacher& t = teacher_of(s, p);
  t.trs_response = str(p, "response");
  t.trs_redirected_to = str(p, "redirected_to");  // null when TRS gave none
}

void teacher_trs_snapshot_refreshed(State& s, const RecordedEvent&, const Json& p) {
  Teacher& t = teacher_of(s, p);
  const Json changes = p.value("changes", Json::object());
  if (auto it = changes.find("first_name"); it != changes.end()) t.first_name = str(*it, "to");
  if (auto it = changes.find("last_name"); it != changes.end()) t.last_name = str(*it, "to");
}

void teacher_name_corrected(State& s, const RecordedEvent&, const Json& p) { teacher_of(s, p).corrected_name = str(p, "to"); }

void ect_funding_eligibility_started(State& s, const RecordedEvent&, const Json& p) {
  teacher_of(s, p).ect_first_eligible_at = opt_time(p, "at");
}
void mentor_funding_eligibility_started(State& s, const RecordedEvent&, const Json& p) {
  teacher_of(s, p).mentor_first_eligible_at = opt_time(p, "at");
}
void ect_funding_ineligibility_recorded(State& s, const RecordedEvent&, const Json& p) {
  teacher_of(s, p).ect_ineligible_on = opt_date(p, "on");
}
void mentor_funding_ended(State& s, const RecordedEvent&, const Json& p) {
  Teacher& t = teacher_of(s, p);
  t.mentor_ineligible_on = opt_date(p, "on");
  t.mentor_ineligible_reason = str(p, "reason");
}
void mentor_funding_end_cleared(State& s, const RecordedEvent&, const Json& p) {
  Teacher& t = teacher_of(s, p);
  t.mentor_ineligible_on.reset();
  t.mentor_ineligible_reason.clear();
}
void payments_frozen_cohort_recorded(State& s, const RecordedEvent&, const Json& p) {
  Teacher& t = teacher_of(s, p);
  (role_of(p) == Role::kEct ? t.ect_payments_frozen_year : t.mentor_payments_frozen_year) = p.value("year", 0);
}

void placement_started(State& s, const RecordedEvent& e, const Json& p) {
  Teacher& t = teacher_of(s, p);
  Placement pl;
  pl.id = str(p, "placement_id");
  pl.school_urn = str(p, "school_urn");
  pl.started_on = date_of(p, "started_on");
  pl.email = str(p, "email");
  pl.working_pattern = str(p, "working_pattern");
  pl.reported_appropriate_body_id = str(p, "reported_appropriate_body_id");
  s.note_placement(t, pl);
  (e.data.type.rfind("ect_", 0) == 0 ? t.ect : t.mentor).placements.push_back(std::move(pl));
}

RoleRecord& record_for(Teacher& t, const RecordedEvent& e) { return e.data.type.rfind("ect_", 0) == 0 ? t.ect : t.mentor; }

void placement_finished(State& s, const RecordedEvent& e, const Json& p) {
  if (Placement* pl = record_for(teacher_of(s, p), e).placement(str(p, "placement_id"))) pl->finished_on = opt_date(p, "finished_on");
}

void placement_cancelled(State& s, const RecordedEvent& e, const Json& p) {
  auto& v = record_for(teacher_of(s, p), e).placements;
  const std::string id = str(p, "placement_id");
  v.erase(std::remove_if(v.begin(), v.end(), [&](const Placement& x) { return x.id == id; }), v.end());
}

void placement_moved_school(State& s, const RecordedEvent& e, const Json& p) {
  Teacher& t = teacher_of(s, p);
  if (Placement* pl = record_for(t, e).placement(str(p, "placement_id"))) {
    pl->school_urn = str(p, "to_urn");
    s.note_placement_urn(t, pl->school_urn);
  }
}

// The merged placements' training and mentorships now belong to `into`.
void mentor_placements_merged(State& s, const RecordedEvent&, const Json& p) {
  Teacher& t = teacher_of(s, p);
  const std::string into = str(p, "into");
  for (const Json& merged : p.value("merged", Json::array())) {
    const std::string id = merged.get<std::string>();
    for (TrainingPeriod& tp : t.mentor.training)
      if (tp.placement_id == id) tp.placement_id = into;
    for (Teacher* mentee : s.mentee_list_through(id))
      for (Mentorship& m : mentee->ect.mentorships)
        if (m.mentor_placement_id == id) {
          m.mentor_placement_id = into;
          s.note_mentorship(*mentee, m);
        }
    auto& v = t.mentor.placements;
    v.erase(std::remove_if(v.begin(), v.end(), [&](const Placement& x) { return x.id == id; }), v.end());
  }
}

void email_changed(State& s, const RecordedEvent& e, const Json& p) {
  Teacher& t = teacher_of(s, p);
  if (Placement* pl = record_for(t, e).placement(str(p, "placement_id"))) {
    pl->email = str(p, "to");
    s.note_placement_email(t, pl->email);
  }
}
void working_pattern_changed(State& s, const RecordedEvent&, const Json& p) {
  if (Placement* pl = teacher_of(s, p).ect.placement(str(p, "placement_id"))) pl->working_pattern = str(p, "to");
}
void reported_ab_changed(State& s, const RecordedEvent&, const Json& p) {
  if (Placement* pl = teacher_of(s, p).ect.placement(str(p, "placement_id")))
    pl->reported_appropriate_body_id = str(p, "to");
}

void apply_training_fields(TrainingPeriod& tp, const Json& p) {
  if (p.contains("training_programme")) tp.training_programme = str(p, "training_programme");
  if (p.contains("year")) tp.year = p.value("year", 0);
  if (p.contains("partnership_id")) tp.partnership_id = str(p, "partnership_id");
  if (p.contains("eoi_lead_provider_id")) tp.eoi_lead_provider_id = str(p, "eoi_lead_provider_id");
  if (p.contains("lead_provider_id")) tp.lead_provider_id = str(p, "lead_provider_id");
  if (p.contains("schedule")) tp.schedule = str(p, "schedule");
  if (p.contains("started_on")) tp.started_on = date_of(p, "started_on");
}

void training_period_started(State& s, const RecordedEvent&, const Json& p) {
  TrainingPeriod tp;
  tp.id = str(p, "training_period_id");
  tp.placement_id = str(p, "placement_id");
  apply_training_fields(tp, p);
  tp.finished_on = opt_date(p, "finished_on");
  teacher_of(s, p).role(role_of(p)).training.push_back(std::move(tp));
}

void training_period_updated(State& s, const RecordedEvent&, const Json& p) {
  if (TrainingPeriod* tp = teacher_of(s, p).role(role_of(p)).training_period(str(p, "training_period_id")))
    if (p.contains("to")) apply_training_fields(*tp, p["to"]);
}

void training_period_finished(State& s, const RecordedEvent&, const Json& p) {
  if (TrainingPeriod* tp = teacher_of(s, p).role(role_of(p)).training_period(str(p, "training_period_id")))
    tp->finished_on = opt_date(p, "finished_on");
}

void training_period_cancelled(State& s, const RecordedEvent&, const Json& p) {
  auto& v = teacher_of(s, p).role(role_of(p)).training;
  const std::string id = str(p, "training_period_id");
  v.erase(std::remove_if(v.begin(), v.end(), [&](const TrainingPeriod& x) { return x.id == id; }), v.end());
}

void training_period_partnership_confirmed(State& s, const RecordedEvent&, const Json& p) {
  if (TrainingPeriod* tp = teacher_of(s, p).role(role_of(p)).training_period(str(p, "training_period_id")))
    tp->partnership_id = str(p, "partnership_id");
}

void training_withdrawn(State& s, const RecordedEvent&, const Json& p) {
  if (TrainingPeriod* tp = teacher_of(s, p).role(role_of(p)).training_period(str(p, "training_period_id"))) {
    tp->withdrawn_at = opt_time(p, "at");
    tp->withdrawal_reason = str(p, "reason");
    tp->finished_on = opt_date(p, "finished_on");
  }
}

void training_deferred(State& s, const RecordedEvent&, const Json& p) {
  if (TrainingPeriod* tp = teacher_of(s, p).role(role_of(p)).training_period(str(p, "training_period_id"))) {
    tp->deferred_at = opt_time(p, "at");
    tp->deferral_reason = str(p, "reason");
    tp->finished_on = opt_date(p, "finished_on");
  }
}

void no_state_change(State&, const RecordedEvent&, const Json&) {}

void mentor_assigned(State& s, const RecordedEvent&, const Json& p) {
  Mentorship m;
  m.id = str(p, "mentorship_id");
  m.ect_placement_id = str(p, "ect_placement_id");
  m.mentor_teacher_id = str(p, "mentor_teacher_id");
  m.mentor_placement_id = str(p, "mentor_placement_id");
  m.started_on = date_of(p, "started_on");
  m.finished_on = opt_date(p, "finished_on");
  Teacher& mentee = teacher_of(s, p);
  s.note_mentorship(mentee, m);
  mentee.ect.mentorships.push_back(std::move(m));
}

void mentorship_finished(State& s, const RecordedEvent&, const Json& p) {
  for (Mentorship& m : teacher_of(s, p).ect.mentorships)
    if (m.id == str(p, "mentorship_id")) m.finished_on = opt_date(p, "finished_on");
}

void mentorship_cancelled(State& s, const RecordedEvent&, const Json& p) {
  auto& v = teacher_of(s, p).ect.mentorships;
  const std::string id = str(p, "mentorship_id");
  v.erase(std::remove_if(v.begin(), v.end(), [&](const Mentorship& x) { return x.id == id; }), v.end());
}

InductionPeriod* induction_period(Teacher& t, const std::string& id) {
  for (InductionPeriod& ip : t.induction)
    if (ip.id == id) return &ip;
  return nullptr;
}

void induction_period_opened(State& s, const RecordedEvent&, const Json& p) {
  InductionPeriod ip;
  ip.id = str(p, "induction_period_id");
  ip.appropriate_body_id = str(p, "appropriate_body_id");
  ip.started_on = date_of(p, "started_on");
  ip.training_programme = str(p, "training_programme");
  teacher_of(s, p).induction.push_back(std::move(ip));
}

void induction_period_closed(State& s, const RecordedEvent& e, const Json& p) {
  if (InductionPeriod* ip = induction_period(teacher_of(s, p), str(p, "induction_period_id"))) {
    ip->finished_on = opt_date(p, "finished_on");
    ip->number_of_terms = str(p, "number_of_terms");
    if (e.data.type == "induction_passed") ip->outcome = "pass";
    if (e.data.type == "induction_failed") ip->outcome = "fail";
  }
}

void induction_period_reopened(State& s, const RecordedEvent&, const Json& p) {
  if (InductionPeriod* ip = induction_period(teacher_of(s, p), str(p, "induction_period_id"))) {
    ip->finished_on.reset();
    ip->number_of_terms.clear();
    ip->outcome.clear();
  }
}

void induction_period_deleted(State& s, const RecordedEvent&, const Json& p) {
  auto& v = teacher_of(s, p).induction;
  const std::string id = str(p, "induction_period_id");
  v.erase(std::remove_if(v.begin(), v.end(), [&](const InductionPeriod& x) { return x.id == id; }), v.end());
}

void induction_extension_recorded(State& s, const RecordedEvent&, const Json& p) {
  teacher_of(s, p).extensions[str(p, "extension_id")] = str(p, "number_of_terms");
}
void induction_extension_removed(State& s, const RecordedEvent&, const Json& p) {
  teacher_of(s, p).extensions.erase(str(p, "extension_id"));
}

Declaration* declaration_of(State& s, const Json& p) {
  Teacher& t = teacher_of(s, p);
  const std::string id = str(p, "declaration_id");
  for (Declaration& d : t.declarations[static_cast<std::size_t>(role_of(p))])
    if (d.id == id) return &d;
  return nullptr;
}

void declaration_submitted(State& s, const RecordedEvent&, const Json& p) {
  Declaration d;
  d.id = str(p, "declaration_id");
  d.teacher_id = str(p, "teacher_id");
  d.role = role_of(p);
  d.training_period_id = str(p, "training_period_id");
  d.lead_provider_id = str(p, "lead_provider_id");
  d.type = str(p, "declaration_type");
  d.declaration_date = opt_time(p, "declaration_date").value_or(Timestamp());
  d.evidence_held = str(p, "evidence_held");
  d.delivery_partner_id = str(p, "delivery_partner_id");
  d.mentorship_id = str(p, "mentorship_id");
  d.year = p.value("year", 0);
  d.pupil_premium_uplift = p.value("pupil_premium_uplift", false);
  d.sparsity_uplift = p.value("sparsity_uplift", false);
  s.declaration_index_[d.id] = {d.teacher_id, static_cast<int>(d.role)};
  teacher_of(s, p).declarations[static_cast<std::size_t>(d.role)].push_back(std::move(d));
}

void declaration_made_eligible(State& s, const RecordedEvent&, const Json& p) {
  if (Declaration* d = declaration_of(s, p)) {
    d->payment_status = "eligible";
    d->statement_id = str(p, "statement_id");
    s.statement_declarations_[d->statement_id].push_back(d->id);
  }
}
void declaration_made_payable(State& s, const RecordedEvent&, const Json& p) {
  if (Declaration* d = declaration_of(s, p)) d->payment_status = "payable";
}
void declaration_paid(State& s, const RecordedEvent&, const Json& p) {
  if (Declaration* d = declaration_of(s, p)) d->payment_status = "paid";
}
void declaration_voided(State& s, const RecordedEvent&, const Json& p) {
  if (Declaration* d = declaration_of(s, p)) d->payment_status = "voided";
}
void declaration_clawback_requested(State& s, const RecordedEvent&, const Json& p) {
  if (Declaration* d = declaration_of(s, p)) {
    d->clawback_status = "awaiting_clawback";
    d->clawback_statement_id = str(p, "statement_id");
    s.statement_declarations_[d->clawback_statement_id].push_back(d->id);
  }
}
void declaration_clawed_back(State& s, const RecordedEvent&, const Json& p) {
  if (Declaration* d = declaration_of(s, p)) d->clawback_status = "clawed_back";
}

void declarations_sealed(State& s, const RecordedEvent&, const Json& p) {
  const std::string by = str(p, "by");
  teacher_of(s, p).sealed_by[static_cast<std::size_t>(role_of(p))] =
      by == "merge" ? "merge:" + str(p, "destination_teacher_id") : by;
}
void declarations_unsealed(State& s, const RecordedEvent&, const Json& p) {
  teacher_of(s, p).sealed_by[static_cast<std::size_t>(role_of(p))].clear();
}

void declarations_absorbing(State& s, const RecordedEvent&, const Json& p) {
  teacher_of(s, p).absorbing[static_cast<std::size_t>(role_of(p))] = str(p, "source_teacher_id");
}
void declarations_absorbing_ended(State& s, const RecordedEvent&, const Json& p) {
  teacher_of(s, p).absorbing[static_cast<std::size_t>(role_of(p))].clear();
}

void teacher_merged_into(State& s, const RecordedEvent&, const Json& p) {
  teacher_of(s, p).merged_into = str(p, "destination_teacher_id");
}

// The destination takes over the source's periods and declarations.
void teacher_absorbed(State& s, const RecordedEvent&, const Json& p) {
  const std::string source_id = str(p, "source_teacher_id");
  auto it = s.teachers_.find(source_id);
  Teacher& dest = teacher_of(s, p);
  dest.id_changes.emplace_back(source_id, dest.id);
  dest.absorbing = {};
  if (it == s.teachers_.end()) return;
  Teacher& src = it->second;
  for (Role r : {Role::kEct, Role::kMentor}) {
    auto& from = src.role(r);
    auto& to = dest.role(r);
    for (const Placement& pl : from.placements) s.note_placement(dest, pl);
    for (const Mentorship& m : from.mentorships) s.note_mentorship(dest, m);
    to.placements.insert(to.placements.end(), from.placements.begin(), from.placements.end());
    to.training.insert(to.training.end(), from.training.begin(), from.training.end());
    to.mentorships.insert(to.mentorships.end(), from.mentorships.begin(), from.mentorships.end());
    from = RoleRecord();
    auto& decs = src.declarations[static_cast<std::size_t>(r)];
    for (Declaration& d : decs) {
      d.teacher_id = dest.id;
      s.declaration_index_[d.id] = {dest.id, static_cast<int>(r)};
      dest.declarations[static_cast<std::size_t>(r)].push_back(d);
    }
    decs.clear();
  }
  dest.induction.insert(dest.induction.end(), src.induction.begin(), src.induction.end());
  src.induction.clear();
  for (const auto& [id, terms] : src.extensions) dest.extensions[id] = terms;
  src.extensions.clear();
  for (Teacher* mentee : s.mentee_list(source_id))
    for (Mentorship& ms : mentee->ect.mentorships)
      if (ms.mentor_teacher_id == source_id) {
        ms.mentor_teacher_id = dest.id;
        s.note_mentorship(*mentee, ms);
      }
}

void teacher_anonymised(State& s, const RecordedEvent&, const Json& p) {
  Teacher& t = teacher_of(s, p);
  t.anonymised = true;
  t.first_name.clear();
  t.last_name.clear();
  t.corrected_name.clear();
  t.trn.clear();
}

}  // namespace

void register_teacher_appliers(ApplierTable& t) {
  t["teacher_created"] = teacher_created;
  t["teacher_name_corrected"] = teacher_name_corrected;
  t["teacher_trs_snapshot_refreshed"] = teacher_trs_snapshot_refreshed;
  t["teacher_trs_record_flagged"] = teacher_trs_record_flagged;
  t["teacher_trs_induction_status_changed"] = no_state_change;
  t["ect_funding_eligibility_started"] = ect_funding_eligibility_started;
  t["mentor_funding_eligibility_started"] = mentor_funding_eligibility_started;
  t["ect_funding_ineligibility_recorded"] = ect_funding_ineligibility_recorded;
  t["mentor_funding_ended"] = mentor_funding_ended;
  t["mentor_funding_end_cleared"] = mentor_funding_end_cleared;
  t["payments_frozen_cohort_recorded"] = payments_frozen_cohort_recorded;
  t["teacher_merged_into"] = teacher_merged_into;
  t["teacher_absorbed"] = teacher_absorbed;
  t["teacher_anonymised"] = teacher_anonymised;
  t["teacher_registration_undone"] = no_state_change;
  t["ect_placement_started"] = placement_started;
  t["mentor_placement_started"] = placement_started;
  t["ect_placement_finished"] = placement_finished;
  t["mentor_placement_finished"] = placement_finished;
  t["ect_placement_cancelled"] = placement_cancelled;
  t["mentor_placement_cancelled"] = placement_cancelled;
  t["ect_placement_moved_school"] = placement_moved_school;
  t["mentor_placement_moved_school"] = placement_moved_school;
  t["mentor_placements_merged"] = mentor_placements_merged;
  t["ect_email_changed"] = email_changed;
  t["mentor_email_changed"] = email_changed;
  t["ect_working_pattern_changed"] = working_pattern_changed;
  t["ect_reported_appropriate_body_changed"] = reported_ab_changed;
  t["training_period_started"] = training_period_started;
  t["training_period_updated"] = training_period_updated;
  t["training_period_finished"] = training_period_finished;
  t["training_period_cancelled"] = training_period_cancelled;
  t["training_period_partnership_confirmed"] = training_period_partnership_confirmed;
  t["training_withdrawn"] = training_withdrawn;
  t["training_deferred"] = training_deferred;
  t["training_resumed"] = no_state_change;
  t["training_schedule_changed"] = no_state_change;
  t["training_lead_provider_changed"] = no_state_change;
  t["training_programme_switched"] = no_state_change;
  t["ect_left_school"] = no_state_change;
  t["mentor_left_school"] = no_state_change;
  t["mentor_assigned"] = mentor_assigned;
  t["mentorship_finished"] = mentorship_finished;
  t["mentorship_cancelled"] = mentorship_cancelled;
  t["induction_period_opened"] = induction_period_opened;
  t["induction_period_released"] = induction_period_closed;
  t["induction_passed"] = induction_period_closed;
  t["induction_failed"] = induction_period_closed;
  t["induction_period_reopened"] = induction_period_reopened;
  t["induction_period_deleted"] = induction_period_deleted;
  t["induction_extension_recorded"] = induction_extension_recorded;
  t["induction_extension_changed"] = induction_extension_recorded;
  t["induction_extension_removed"] = induction_extension_removed;
  t["declaration_submitted"] = declaration_submitted;
  t["declaration_made_eligible"] = declaration_made_eligible;
  t["declaration_made_payable"] = declaration_made_payable;
  t["declaration_paid"] = declaration_paid;
  t["declaration_voided"] = declaration_voided;
  t["declaration_clawback_requested"] = declaration_clawback_requested;
  t["declaration_clawed_back"] = declaration_clawed_back;
  t["declarations_sealed"] = declarations_sealed;
  t["declarations_unsealed"] = declarations_unsealed;
  t["declarations_absorbing"] = declarations_absorbing;
  t["declarations_absorbing_ended"] = declarations_absorbing_ended;
}

}  // namespace rect::domain
