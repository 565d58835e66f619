#include "domain/fold.h"

namespace rect::domain {
namespace {

bool flag(const Json& j, const char* key, bool fallback) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

void apply_contract_period_fields(ContractPeriod& cp, const Json& p) {
  if (p.contains("started_on")) cp.started_on = date_of(p, "started_on");
  if (p.contains("finished_on")) cp.finished_on = date_of(p, "finished_on");
  cp.enabled = flag(p, "enabled", cp.enabled);
  if (p.contains("payments_frozen_at")) cp.payments_frozen_at = opt_time(p, "payments_frozen_at");
  cp.mentor_funding_enabled = flag(p, "mentor_funding_enabled", cp.mentor_funding_enabled);
  cp.detailed_evidence_types_enabled = flag(p, "detailed_evidence_types_enabled", cp.detailed_evidence_types_enabled);
  cp.uplift_fees_enabled = flag(p, "uplift_fees_enabled", cp.uplift_fees_enabled);
}

void contract_period_created(State& s, const RecordedEvent&, const Json& p) {
  ContractPeriod& cp = s.contract_periods_[p.value("year", 0)];
  cp.year = p.value("year", 0);
  apply_contract_period_fields(cp, p);
}

void contract_period_flags_changed(State& s, const RecordedEvent&, const Json& p) {
  auto it = s.contract_periods_.find(p.value("year", 0));
  if (it != s.contract_periods_.end() && p.contains("to")) apply_contract_period_fields(it->second, p["to"]);
}

void schedule_created(State& s, const RecordedEvent&, const Json& p) {
  Schedule sc;
  sc.year = p.value("year", 0);
  sc.identifier = str(p, "schedule_identifier");
  for (const Json& m : p.value("milestones", Json::array()))
    sc.milestones[str(m, "declaration_type")] = {date_of(m, "start_date"), opt_date(m, "milestone_date")};
  s.schedules_[{sc.year, sc.identifier}] = std::move(sc);
}

void lead_provider_created(State& s, const RecordedEvent&, const Json& p) {
  LeadProvider& lp = s.lead_providers_[str(p, "lead_provider_id")];
  lp.id = str(p, "lead_provider_id");
  lp.name = str(p, "name");
  lp.vat_registered = flag(p, "vat_registered", true);
}

void lead_provider_vat_status_changed(State& s, const RecordedEvent&, const Json& p) {
  s.lead_providers_[str(p, "lead_provider_id")].vat_registered = flag(p, "to", true);
}

void lead_provider_joined_contract_period(State& s, const RecordedEvent&, const Json& p) {
  s.lead_providers_[str(p, "lead_provider_id")].active_years.insert(p.value("year", 0));
  s.active_lead_providers_[{str(p, "lead_provider_id"), p.value("year", 0)}];
}

void delivery_partner_created(State& s, const RecordedEvent&, const Json& p) {
  DeliveryPartner& dp = s.delivery_partners_[str(p, "delivery_partner_id")];
  dp.id = str(p, "delivery_partner_id");
  dp.name = str(p, "name");
}

void delivery_partner_paired(State& s, const RecordedEvent&, const Json& p) {
  s.pairings_.insert({str(p, "lead_provider_id"), str(p, "delivery_partner_id"), p.value("year", 0)});
}

void delivery_partner_unpaired(State& s, const RecordedEvent&, const Json& p) {
  s.pairings_.erase({str(p, "lead_provider_id"), str(p, "delivery_partner_id"), p.value("year", 0)});
}

void appropriate_body_registered(State& s, const RecordedEvent&, const Json& p) {
  AppropriateBody& ab = s.appropriate_bodies_[str(p, "appropriate_body_id")];
  ab.id = str(p, "appropriate_body_id");
  ab.name = str(p, "name");
  ab.body_type = str(p, "body_type");
  ab.active = flag(p, "active", true);
}

void apply_school_fields(School& sc, const Json& p) {
  if (p.contains("name")) sc.name = str(p, "name");
  if (p.contains("type_name")) sc.type_name = str(p, "type_name");
  if (p.contains("status")) sc.status = str(p, "status");
  sc.in_england = flag(p, "in_england", sc.in_england);
  sc.section_41_approved = flag(p, "section_41_approved", sc.section_41_approved);
  sc.gias_eligible = flag(p, "eligible", sc.gias_eligible);
  sc.marked_as_eligible = flag(p, "marked_as_eligible", sc.marked_as_eligible);
}

// The school record an event on `school-{urn}` is about: an event that landed
// on a replaced URN's stream before the replacement retired it belongs to the
// school under its successor URN.
School& school_at(State& s, std::string urn) {
  for (auto it = s.urn_successors_.find(urn); it != s.urn_successors_.end(); it = s.urn_successors_.find(urn))
    urn = it->second;
  return s.schools_[urn];
}

void school_registered_from_gias(State& s, const RecordedEvent&, const Json& p) {
  School& sc = s.schools_[str(p, "urn")];
  sc.urn = str(p, "urn");
  apply_school_fields(sc, p);
}

void school_gias_details_changed(State& s, const RecordedEvent&, const Json& p) {
  auto it = s.schools_.find(str(p, "urn"));
  if (it != s.schools_.end() && p.contains("to")) apply_school_fields(it->second, p["to"]);
}

void school_uplifts_set(State& s, const RecordedEvent&, const Json& p) {
  school_at(s, str(p, "urn")).uplifts[p.value("year", 0)] = {flag(p, "pupil_premium_uplift", false),
                                                            flag(p, "sparsity_uplift", false)};
}

void school_programme_choices_remembered(State& s, const RecordedEvent&, const Json& p) {
  school_at(s, str(p, "urn")).last_choices =
      ProgrammeChoices{str(p, "appropriate_body_id"), str(p, "training_programme"), str(p, "lead_provider_id")};
}

void induction_tutor_nominated(State& s, const RecordedEvent&, const Json& p) {
  School& sc = school_at(s, str(p, "urn"));
  sc.tutor_name = str(p, "name");
  sc.tutor_email = str(p, "email");
  sc.tutor_year = p.value("year", 0);
}

void induction_tutor_confirmed(State& s, const RecordedEvent&, const Json& p) {
  school_at(s, str(p, "urn")).tutor_year = p.value("year", 0);
}

void school_partnership_created(State& s, const RecordedEvent&, const Json& p) {
  Partnership& sp = s.partnerships_[str(p, "partnership_id")];
  sp.id = str(p, "partnership_id");
  sp.school_urn = str(p, "school_urn");
  sp.lead_provider_id = str(p, "lead_provider_id");
  sp.delivery_partner_id = str(p, "delivery_partner_id");
  sp.year = p.value("year", 0);
  sp.source = str(p, "source");
  s.note_partnership_urn(sp, sp.school_urn);
}

void school_partnership_delivery_partner_changed(State& s, const RecordedEvent&, const Json& p) {
  auto it = s.partnerships_.find(str(p, "partnership_id"));
  if (it != s.partnerships_.end()) it->second.delivery_partner_id = str(p, "to");
}

// The school record, with its uplifts, choices and tutor, now lives under the new URN.
void school_urn_replaced(State& s, const RecordedEvent&, const Json& p) {
  auto it = s.schools_.find(str(p, "from"));
  if (it == s.schools_.end()) return;
  School moved = std::move(it->second);
  s.schools_.erase(it);
  moved.urn = str(p, "to");
  s.urn_successors_[str(p, "from")] = moved.urn;
  s.schools_[moved.urn] = std::move(moved);
}

void school_partnership_moved(State& s, const RecordedEvent&, const Json& p) {
  auto it = s.partnerships_.find(str(p, "partnership_id"));
  if (it == s.partnerships_.end()) return;
  it->second.school_urn = str(p, "to");
  s.note_partnership_urn(it->second, it->second.school_urn);
}

void trs_record_received(State& s, const RecordedEvent&, const Json& p) {
  TrsRecord& r = s.trs_[str(p, "trn")];
  r.trn = str(p, "trn");
  r.first_name = str(p, "first_name");
  r.last_name = str(p, "last_name");
  r.date_of_birth = date_of(p, "date_of_birth");
  r.induction_status = str(p, "induction_status");
  r.qts_awarded_on = opt_date(p, "qts_awarded_on");
  r.prohibited = flag(p, "prohibited", false);
  r.response.clear();
  r.redirected_to.clear();
}

void trs_record_flagged(State& s, const RecordedEvent&, const Json& p) {
  TrsRecord& r = s.trs_[str(p, "trn")];
  r.trn = str(p, "trn");
  r.response = str(p, "response");
  r.redirected_to = str(p, "redirected_to");  // null when TRS gave none
}

void trn_claimed(State& s, const RecordedEvent&, const Json& p) { s.trs_[str(p, "trn")].teacher_id = str(p, "teacher_id"); }

void trn_released(State& s, const RecordedEvent&, const Json& p) {
  auto it = s.trs_.find(str(p, "trn"));
  if (it != s.trs_.end() && it->second.teacher_id == str(p, "teacher_id")) it->second.teacher_id.clear();
}

}  // namespace

void register_reference_appliers(ApplierTable& t) {
  t["contract_period_created"] = contract_period_created;
  t["contract_period_flags_changed"] = contract_period_flags_changed;
  t["schedule_created"] = schedule_created;
  t["lead_provider_created"] = lead_provider_created;
  t["lead_provider_vat_status_changed"] = lead_provider_vat_status_changed;
  t["lead_provider_joined_contract_period"] = lead_provider_joined_contract_period;
  t["delivery_partner_created"] = delivery_partner_created;
  t["delivery_partner_paired"] = delivery_partner_paired;
  t["delivery_partner_unpaired"] = delivery_partner_unpaired;
  t["appropriate_body_registered"] = appropriate_body_registered;
  t["school_registered_from_gias"] = school_registered_from_gias;
  t["school_gias_details_changed"] = school_gias_details_changed;
  t["school_uplifts_set"] = school_uplifts_set;
  t["school_closed"] = [](State& s, const RecordedEvent&, const Json& p) { school_at(s, str(p, "urn")).status = "closed"; };
  t["school_merged"] = [](State& s, const RecordedEvent&, const Json& p) { school_at(s, str(p, "urn")).status = "closed"; };
  t["school_programme_choices_remembered"] = school_programme_choices_remembered;
  t["induction_tutor_nominated"] = induction_tutor_nominated;
  t["induction_tutor_confirmed"] = induction_tutor_confirmed;
  t["school_partnership_created"] = school_partnership_created;
  t["school_partnership_delivery_partner_changed"] = school_partnership_delivery_partner_changed;
  t["school_urn_replaced"] = school_urn_replaced;
  t["school_urn_retired"] = [](State& s, const RecordedEvent&, const Json& p) { s.retired_urns_.insert(str(p, "urn")); };
  t["school_partnership_moved"] = school_partnership_moved;
  t["school_partnership_reused"] = [](State&, const RecordedEvent&, const Json&) {};
  t["trs_record_received"] = trs_record_received;
  t["trs_record_flagged"] = trs_record_flagged;
  t["trn_claimed"] = trn_claimed;
  t["trn_released"] = trn_released;
}

}  // namespace rect::domain
