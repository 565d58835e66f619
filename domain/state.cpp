#include <algorithm>
#include <functional>

#include "domain/fold.h"
#include "domain/state.h"

namespace rect::domain {
namespace {

// A copy of `items` in the order of their ids (the order of a walk of the
// State's maps).
template <class T>
std::vector<T*> sorted_by_id(const std::vector<T*>& items) {
  std::vector<T*> out(items);
  std::sort(out.begin(), out.end(), [](const T* a, const T* b) { return a->id < b->id; });
  return out;
}

// The list under `key` in id order; empty when there is none.
template <class T>
std::vector<T*> sorted_list(const std::unordered_map<std::string, std::vector<T*>>& index, const std::string& key) {
  auto it = index.find(key);
  return it == index.end() ? std::vector<T*>() : sorted_by_id(it->second);
}

template <class T>
std::vector<const T*> listed(const std::unordered_map<std::string, std::vector<T*>>& index, const std::string& key) {
  std::vector<T*> sorted = sorted_list(index, key);
  return std::vector<const T*>(sorted.begin(), sorted.end());
}

template <class T>
void add_once(std::unordered_map<std::string, std::vector<T*>>& index, const std::string& key, T* item) {
  if (key.empty()) return;
  auto& list = index[key];
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

}  // namespace

bool School::independent() const {
  return type_name == "Other independent school" || type_name == "Other independent special school";
}

bool School::eligible() const {
  if (marked_as_eligible) return true;
  const bool open = status == "open" || status == "proposed_to_close";
  return open && in_england && (gias_eligible || (independent() && section_41_approved));
}

std::string TrainingPeriod::training_status() const {
  if (withdrawn_at && (!deferred_at || *withdrawn_at >= *deferred_at)) return "withdrawn";
  if (deferred_at) return "deferred";
  return "active";
}

Placement* RoleRecord::placement(const std::string& id) {
  for (Placement& p : placements)
    if (p.id == id) return &p;
  return nullptr;
}
const Placement* RoleRecord::placement(const std::string& id) const {
  return const_cast<RoleRecord*>(this)->placement(id);
}
TrainingPeriod* RoleRecord::training_period(const std::string& id) {
  for (TrainingPeriod& t : training)
    if (t.id == id) return &t;
  return nullptr;
}
const TrainingPeriod* RoleRecord::training_period(const std::string& id) const {
  return const_cast<RoleRecord*>(this)->training_period(id);
}
const Placement* RoleRecord::unfinished_at(const std::string& urn) const {
  for (const Placement& p : placements)
    if (p.school_urn == urn && p.unfinished()) return &p;
  return nullptr;
}
const TrainingPeriod* RoleRecord::latest_with(const std::string& lp) const {
  const TrainingPeriod* best = nullptr;
  for (const TrainingPeriod& t : training)
    if (t.lead_provider_id == lp && !t.partnership_id.empty() && (!best || t.started_on >= best->started_on)) best = &t;
  return best;
}
const TrainingPeriod* RoleRecord::latest() const {
  const TrainingPeriod* best = nullptr;
  for (const TrainingPeriod& t : training)
    if (!best || t.started_on >= best->started_on) best = &t;
  return best;
}

std::string Teacher::display_name() const {
  if (!corrected_name.empty()) return corrected_name;
  if (!first_name.empty() || !last_name.empty()) return first_name + " " + last_name;
  return "Unknown";
}

const InductionPeriod* Teacher::ongoing_induction() const {
  for (const InductionPeriod& p : induction)
    if (!p.finished_on) return &p;
  return nullptr;
}

void State::apply(const RecordedEvent& e) {
  Json payload;
  const bool parsed = parse_for_apply(e, payload);
  apply(e, parsed ? &payload : nullptr);
}

void State::apply(const RecordedEvent& e, const Json* payload) {
  position_ = e.position;
  versions_[e.stream] = e.version;
  if (payload == nullptr) return;
  if (const Applier* a = find_applier(e.data.type)) (*a)(*this, e, *payload);
}

bool State::parse_for_apply(const RecordedEvent& e, Json& out) {
  if (!find_applier(e.data.type)) return false;
  out = Json::parse(e.data.payload, nullptr, false);
  return !out.is_discarded() && out.is_object();
}

StreamVersion State::version(const std::string& stream) const {
  auto it = versions_.find(stream);
  return it == versions_.end() ? StreamVersion::none() : it->second;
}

const ContractPeriod* State::contract_period(int year) const {
  auto it = contract_periods_.find(year);
  return it == contract_periods_.end() ? nullptr : &it->second;
}
const ContractPeriod* State::contract_period_on(Date d) const {
  for (const auto& [y, cp] : contract_periods_)
    if (cp.started_on <= d && d <= cp.finished_on) return &cp;
  return nullptr;
}
const Schedule* State::schedule(int year, const std::string& identifier) const {
  auto it = schedules_.find({year, identifier});
  return it == schedules_.end() ? nullptr : &it->second;
}
const LeadProvider* State::lead_provider(const std::string& id) const {
  auto it = lead_providers_.find(id);
  return it == lead_providers_.end() ? nullptr : &it->second;
}
const DeliveryPartner* State::delivery_partner(const std::string& id) const {
  auto it = delivery_partners_.find(id);
  return it == delivery_partners_.end() ? nullptr : &it->second;
}
bool State::paired(const std::string& lp, const std::string& dp, int year) const {
  return pairings_.count({lp, dp, year}) > 0;
}
const AppropriateBody* State::appropriate_body(const std::string& id) const {
  auto it = appropriate_bodies_.find(id);
  return it == appropriate_bodies_.end() ? nullptr : &it->second;
}
const School* State::school(const std::string& urn) const {
  auto it = schools_.find(urn);
  return it == schools_.end() ? nullptr : &it->second;
}
std::string State::successor_urn(const std::string& urn) const {
  auto it = urn_successors_.find(urn);
  return it == urn_successors_.end() ? "" : it->second;
}
const Partnership* State::partnership(const std::string& id) const {
  auto it = partnerships_.find(id);
  return it == partnerships_.end() ? nullptr : &it->second;
}
std::vector<const Partnership*> State::partnerships_for(const std::string& urn, const std::string& lp,
                                                        int year) const {
  std::vector<const Partnership*> out;
  for (const Partnership* p : partnerships_placed_at(urn))
    if (p->school_urn == urn && p->lead_provider_id == lp && p->year == year) out.push_back(p);
  return out;
}
const TrsRecord* State::trs(const std::string& trn) const {
  auto it = trs_.find(trn);
  return it == trs_.end() ? nullptr : &it->second;
}
const Teacher* State::teacher(const std::string& id) const {
  auto it = teacher_index_.find(id);
  return it == teacher_index_.end() ? nullptr : it->second;
}
Teacher& State::teacher_for_fold(const std::string& id) {
  if (auto it = teacher_index_.find(id); it != teacher_index_.end()) return *it->second;
  // Not indexed, so not in teachers_ (only this adds to it): made here.
  const auto at = teachers_.try_emplace(id).first;
  at->second.id = id;
  teacher_index_.emplace(at->first, &at->second);
  return at->second;
}
const Teacher* State::teacher_by_trn(const std::string& trn) const {
  const TrsRecord* r = trs(trn);
  if (!r || r->teacher_id.empty()) return nullptr;
  return live_teacher(r->teacher_id);
}
const Teacher* State::live_teacher(const std::string& id) const {
  const Teacher* t = teacher(id);
  for (int hops = 0; t && !t->merged_into.empty() && hops < 16; ++hops) t = teacher(t->merged_into);
  return t;
}
const Declaration* State::declaration(const std::string& id) const {
  auto it = declaration_index_.find(id);
  if (it == declaration_index_.end()) return nullptr;
  const Teacher* t = teacher(it->second.first);
  if (!t) return nullptr;
  for (const Declaration& d : t->declarations[static_cast<std::size_t>(it->second.second)])
    if (d.id == id) return &d;
  return nullptr;
}
std::vector<const Declaration*> State::declarations_naming(const std::string& statement_id) const {
  std::vector<const Declaration*> out;
  auto it = statement_declarations_.find(statement_id);
  if (it == statement_declarations_.end()) return out;
  for (const std::string& id : it->second)
    if (const Declaration* d = declaration(id); d && (d->statement_id == statement_id || d->clawback_statement_id == statement_id))
      out.push_back(d);
  // A teacher's declarations of one role are one vector, in submission order:
  // their addresses order them.
  std::sort(out.begin(), out.end(), [](const Declaration* a, const Declaration* b) {
    if (a->teacher_id != b->teacher_id) return a->teacher_id < b->teacher_id;
    if (a->role != b->role) return a->role < b->role;
    return std::less<const Declaration*>()(a, b);
  });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}
const Statement* State::statement(const std::string& id) const {
  auto it = statements_.find(id);
  return it == statements_.end() ? nullptr : &it->second;
}
std::vector<const Statement*> State::output_statements(const std::string& lp, int year) const {
  std::vector<const Statement*> out;
  if (auto it = statements_by_lead_provider_.find({lp, year}); it != statements_by_lead_provider_.end())
    for (const Statement* s : it->second)
      if (s->lead_provider_id == lp && s->year == year && s->fee_type == "output") out.push_back(s);
  std::sort(out.begin(), out.end(), [](const Statement* a, const Statement* b) {
    return a->deadline_date != b->deadline_date ? a->deadline_date < b->deadline_date : a->id < b->id;
  });
  return out;
}
std::vector<const Statement*> State::all_statements() const {
  std::vector<const Statement*> out;
  for (const auto& [id, s] : statements_) out.push_back(&s);
  return out;
}
const ActiveLeadProvider* State::active_lead_provider(const std::string& lp, int year) const {
  auto it = active_lead_providers_.find({lp, year});
  return it == active_lead_providers_.end() ? nullptr : &it->second;
}
std::vector<const Teacher*> State::teachers_using_email(const std::string& email) const {
  std::vector<const Teacher*> out;
  for (const Teacher* t : sorted_list(teachers_by_email_, email)) {
    bool uses = false;
    for (const RoleRecord* r : {&t->ect, &t->mentor})
      for (const Placement& p : r->placements)
        if (p.unfinished() && p.email == email) uses = true;
    if (uses) out.push_back(t);
  }
  return out;
}

std::vector<const Teacher*> State::teachers_placed_at(const std::string& urn) const {
  return listed(teachers_at_urn_, urn);
}
std::vector<const Partnership*> State::partnerships_placed_at(const std::string& urn) const {
  return listed(partnerships_at_urn_, urn);
}
std::vector<const Teacher*> State::mentees_of(const std::string& mentor_id) const {
  return listed(mentees_by_mentor_, mentor_id);
}
std::vector<const Teacher*> State::mentees_through(const std::string& placement_id) const {
  return listed(mentees_by_mentor_placement_, placement_id);
}

void State::note_placement(Teacher& t, const Placement& p) {
  note_placement_urn(t, p.school_urn);
  note_placement_email(t, p.email);
}
void State::note_placement_urn(Teacher& t, const std::string& urn) { add_once(teachers_at_urn_, urn, &t); }
void State::note_placement_email(Teacher& t, const std::string& email) { add_once(teachers_by_email_, email, &t); }
void State::note_mentorship(Teacher& mentee, const Mentorship& m) {
  add_once(mentees_by_mentor_, m.mentor_teacher_id, &mentee);
  add_once(mentees_by_mentor_placement_, m.mentor_placement_id, &mentee);
}
void State::note_partnership_urn(Partnership& sp, const std::string& urn) { add_once(partnerships_at_urn_, urn, &sp); }
void State::note_statement(Statement& st) {
  auto& list = statements_by_lead_provider_[{st.lead_provider_id, st.year}];
  if (std::find(list.begin(), list.end(), &st) == list.end()) list.push_back(&st);
}
std::vector<Teacher*> State::mentee_list(const std::string& mentor_id) {
  return sorted_list(mentees_by_mentor_, mentor_id);
}
std::vector<Teacher*> State::mentee_list_through(const std::string& placement_id) {
  return sorted_list(mentees_by_mentor_placement_, placement_id);
}

}  // namespace rect::domain
