// The entity tables, the derived indexes, and which subjects each change
// makes stale (Stamp in model.h).
#include <algorithm>
#include <cassert>
#include <iterator>

#include "projections/lead_provider/json_text.h"
#include "projections/lead_provider/model.h"

namespace rect::projections::lead_provider {
namespace {

const std::string& s(const Json& j, const char* k) {
  static const std::string kEmpty;
  if (!j.is_object()) return kEmpty;
  auto it = j.find(k);
  return it != j.end() && it->is_string() ? it->get_ref<const std::string&>() : kEmpty;
}
int integer(const Json& j, const char* k) {
  if (!j.is_object()) return 0;
  auto it = j.find(k);
  return it != j.end() && it->is_number_integer() ? it->get<int>() : 0;
}

// A running hash of the fields of entities; each field moves the state as a
// whole (its length included), so adjacent fields cannot run together. In
// memory only.
struct Hasher {
  std::uint64_t h = 0x243f6a8885a308d3ULL;
  void tag(char c) { h = hash64(std::string_view(&c, 1), h); }
  void field(std::string_view v) { h = hash64(v, h); }
  void field(std::int64_t v) { h = hash64(std::string_view(reinterpret_cast<const char*>(&v), sizeof v), h ^ 0x3); }
  void field(const std::optional<std::int64_t>& v) {
    if (v) field(*v);
    else tag('\x01');
  }
  std::uint64_t hash() const { return h; }
};

TeacherInputs inputs_of(const Teacher& t) {
  TeacherInputs in;
  Hasher pship, training, transfers;
  transfers.field(t.merged_into);
  for (bool ect : {true, false}) {
    const char r = ect ? 'e' : 'm';
    training.tag(r);
    pship.tag(r);
    transfers.tag(r);
    const Role& role = t.role(ect);
    for (const Placement& p : role.placements) {
      transfers.field(p.id);
      transfers.field(p.urn);
      transfers.field(p.started_on);
      transfers.field(p.finished_on);
      transfers.field(p.cause);
      transfers.field(p.created);
      transfers.field(p.finished_recorded);
    }
    transfers.tag('|');
    for (const TrainingPeriod& tp : role.training) {
      pship.field(tp.partnership_id);
      pship.field(tp.started_on);
      pship.field(tp.finished_on);
      training.field(tp.lp);
      training.field(tp.partnership_id);
      training.field(tp.started_on);
      training.field(tp.created);
      training.field(tp.finished_on);
      transfers.field(tp.placement_id);
      transfers.field(tp.lp);
      transfers.field(tp.started_on);
      transfers.field(tp.created);
      in.partnership_ids.push_back(tp.partnership_id);
      if (tp.programme != "provider_led" && tp.programme != "school_led") continue;
      for (const Placement& p : role.placements)
        if (p.id == tp.placement_id)
          in.at_schools.push_back({p.urn, tp.programme, tp.year, tp.lp, tp.eoi_lp, tp.started_on});
    }
  }
  std::sort(in.at_schools.begin(), in.at_schools.end());
  in.at_schools.erase(std::unique(in.at_schools.begin(), in.at_schools.end()), in.at_schools.end());
  in.partnerships = pship.hash();
  in.training = training.hash();
  in.transfers = transfers.hash();
  return in;
}

}  // namespace

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::kCp: return "cp";
    case Kind::kLp: return "lp";
    case Kind::kDp: return "dp";
    case Kind::kSchool: return "school";
    case Kind::kUrn: return "urn";
    case Kind::kPship: return "pship";
    case Kind::kTeacher: return "teacher";
    case Kind::kDecl: return "decl";
    case Kind::kStmt: return "stmt";
  }
  return "";
}

void ContractPeriod::refresh() {
  started_on = s(raw, "started_on");
  finished_on = s(raw, "finished_on");
  year = integer(raw, "year");
  auto it = raw.is_object() ? raw.find("uplift_fees_enabled") : raw.end();
  uplift_fees_enabled = !raw.is_object() || it == raw.end() || !it->is_boolean() || it->get<bool>();
}

void Statement::refresh() {
  lead_provider_id = s(raw, "lead_provider_id");
  fee_type = s(raw, "fee_type");
  deadline_date = s(raw, "deadline_date");
  payment_date = s(raw, "payment_date");
  status = s(raw, "status");
  month = integer(raw, "month");
  calendar_year = integer(raw, "calendar_year");
  year = integer(raw, "year");
  created = raw.is_object() && raw.contains("created") && raw["created"].is_number_integer() ? raw["created"].get<std::int64_t>() : 0;
}

bool* Model::dirty_flag(Kind k, std::string_view id) {
  if (k == Kind::kTeacher) {
    if (Teacher* t = find(teachers, id)) return &t->dirty;
  } else if (k == Kind::kDecl) {
    if (Declaration* d = find(decls, id)) return &d->dirty;
  } else if (k == Kind::kSchool) {
    if (School* sc = find(schools, id)) return &sc->dirty;
  } else if (k == Kind::kPship) {
    if (Partnership* p = find(pships, id)) return &p->dirty;
  }
  return nullptr;
}

void Model::mark_dirty(Kind k, std::string_view id) {
  if (bool* flag = dirty_flag(k, id)) mark_dirty(k, id, *flag);
  else dirty_entities.emplace_back(k, std::string(id));
  entities_sorted = false;
}

void Model::clear_dirty_flag(Kind k, std::string_view id) {
  if (bool* flag = dirty_flag(k, id)) *flag = false;
}

Teacher& Model::teacher(std::string_view given, std::int64_t now, bool changes) {
  auto it = teachers.find(given);
  const bool created = it == teachers.end();
  if (created) it = teachers.try_emplace(std::string(given)).first;
  const std::string& id = it->first;
  Teacher& t = it->second;
  mark_dirty(Kind::kTeacher, id, t.dirty);
  if (created) {
    t.id = id;
    t.created = now;
    t.ect_record_id = training_record_id(id, "ect");
    t.mentor_record_id = training_record_id(id, "mentor");
  }
  if (created || changes) stale_teacher(id);
  return t;
}

School& Model::school(const std::string& given, std::int64_t now, bool changes, Touched& t) {
  // An event that reached a replaced URN's stream while the replacement was
  // being written belongs to the school under its new URN.
  std::string urn = given;
  for (int hops = 0; hops < 64 && !schools.contains(urn); ++hops) {
    const std::string* successor = find(urns, urn);
    if (successor == nullptr) break;
    urn = *successor;
  }
  auto [it, created] = schools.try_emplace(urn);
  School& sc = it->second;
  mark_dirty(Kind::kSchool, urn, sc.dirty);
  if (created) {
    sc.urn = urn;
    sc.created = now;
    index_school(sc);
  }
  if (created || changes) stale_school(urn);
  t.schools.push_back(urn);
  return sc;
}

const std::set<int>& Model::contract_years() {
  if (!years) {
    years.emplace();
    for (const auto& [id, cp] : cps) years->insert(cp.year);
  }
  return *years;
}

// Derived indexes only grow; a stale entry just causes a harmless re-render.
void Model::index_school(const School& sc) {
  key_of_school_id[school_api_id(sc.view_key())] = sc.view_key();
  current_urn_of_key[sc.view_key()] = sc.urn;
}

void Model::index_pship(const Partnership& p) { partnerships_of_dp[p.dp].insert(p.id); }

void Model::index_teacher(const Teacher& t) {
  for (bool ect : {true, false}) {
    const Role& r = t.role(ect);
    for (const Placement& p : r.placements) add_teacher_at_school(p.urn, t);
    for (const TrainingPeriod& tp : r.training)
      if (!tp.partnership_id.empty()) add_teacher_in_partnership(tp.partnership_id, t.id);
    for (const Mentorship& ms : r.mentorships) add_mentee(ms.mentor_id, t.id);
  }
}

std::string Model::school_key(const std::string& urn) const {
  const School* sc = find(schools, urn);
  return sc != nullptr ? sc->view_key() : urn;
}

bool add_teacher(TeacherList& list, const Teacher& t) {
  auto it = std::lower_bound(list.begin(), list.end(), &t, [](const Teacher* a, const Teacher* b) { return a->id < b->id; });
  if (it != list.end() && *it == &t) return false;
  list.insert(it, &t);
  return true;
}

// Not a reason to render the school's views again: what they read of a
// teacher at the school is the teacher's training there (inputs_of's
// at_schools), and check_changed_teachers marks the cohort years whose items
// a change of the teacher added or took away, this one's included.
void Model::add_teacher_at_school(const std::string& urn, const Teacher& t) { add_teacher(teachers_at_school[urn].teachers, t); }
void Model::add_teacher_in_partnership(const std::string& partnership_id, const std::string& teacher_id) {
  const Teacher* t = find(teachers, teacher_id);
  if (t != nullptr && add_teacher(teachers_in_partnership[partnership_id], *t))
    if (Partnership* p = find(pships, partnership_id)) stale_partnership(*p);
}
void Model::add_mentee(const std::string& mentor_id, const std::string& ect_id) {
  mentors_of_ect[ect_id].insert(mentor_id);
  if (ects_of_mentor[mentor_id].insert(ect_id).second)
    if (Teacher* m = find(teachers, mentor_id)) m->fresh_mentor = 0;
}

void Model::stale_teacher(const std::string& id) {
  if (Teacher* t = find(teachers, id)) {
    t->fresh_participant = 0;
    t->fresh_mentor = 0;
  }
  if (auto it = mentors_of_ect.find(id); it != mentors_of_ect.end())
    for (const std::string& mentor : it->second)
      if (Teacher* m = find(teachers, mentor)) m->fresh_mentor = 0;
  changed_teachers.push_back(id);
}

void Model::stale_school(const std::string& urn) {
  School* sc = find(schools, urn);
  if (sc == nullptr) return;
  sc->fresh = 0;
  for (Partnership* p : sc->partnership_ptrs) stale_partnership(*p);
}

void Model::stale_pship(const std::string& id) {
  Partnership* p = find(pships, id);
  if (p == nullptr) return;
  stale_partnership(*p);
  if (School* sc = find(schools, p->urn)) sc->fresh = 0;
  if (auto it = teachers_in_partnership.find(id); it != teachers_in_partnership.end())
    for (const Teacher* t : it->second) stale_teacher(t->id);
}

void Model::stale_dp(const std::string& id) {
  if (auto it = partnerships_of_dp.find(id); it != partnerships_of_dp.end())
    for (const std::string& pid : it->second)
      if (Partnership* p = find(pships, pid)) stale_partnership(*p);
}

void Model::stale_all() {
  ++epoch;
  if (epoch == 0) ++epoch;
  years.reset();
  for (const auto& [id, p] : pships) stale_pships.push_back(id);
}

void Model::stale_partnership(Partnership& p) {
  p.fresh = 0;
  if (p.school != nullptr) p.school->pships_fresh = 0;
  stale_pships.push_back(p.id);
  if (stale_pships.size() > 2 * pships.size() + 1024) {
    std::sort(stale_pships.begin(), stale_pships.end());
    stale_pships.erase(std::unique(stale_pships.begin(), stale_pships.end()), stale_pships.end());
    std::erase_if(stale_pships, [&](const std::string& id) {
      const Partnership* q = find(pships, id);
      return q == nullptr || is_fresh(q->fresh);
    });
  }
}

void Model::count_at_school(const SchoolTrainingItem& item, int delta) {
  SchoolTrainingCount key;
  key.school_led = item.programme == "school_led";
  if (key.school_led) {
    key.started_on = item.started_on;
  } else {
    key.year = item.year;
    key.lp = intern(item.lp);
    key.eoi_lp = intern(item.eoi_lp);
  }
  std::vector<SchoolTrainingCount>& counts = teachers_at_school[item.urn].training;
  auto same = [&](const SchoolTrainingCount& c) {
    return c.school_led == key.school_led && c.year == key.year && c.lp == key.lp && c.eoi_lp == key.eoi_lp &&
           c.started_on == key.started_on;
  };
  auto it = std::find_if(counts.begin(), counts.end(), same);
  // Only an item that was added is ever taken away (check_changed_teachers
  // takes away what a teacher's last inputs held), so a count never goes below zero.
  assert((it != counts.end() || delta > 0) && "a school's training count taken below zero");
  if (it == counts.end()) it = counts.insert(counts.end(), std::move(key));
  it->items += delta;
  assert(it->items >= 0 && "a school's training count taken below zero");
  if (it->items == 0) {
    *it = std::move(counts.back());
    counts.pop_back();
  }
}

void Model::check_changed_teachers() {
  changed_teachers.sort_unique();
  for (const std::string& id : changed_teachers) {
    Teacher* t = find(teachers, id);
    if (t == nullptr) continue;
    TeacherInputs now = inputs_of(*t);
    const bool first = !t->inputs.has_value();
    if (first) t->inputs.emplace();
    TeacherInputs& was = *t->inputs;
    std::vector<SchoolTrainingItem> gone, came;
    std::set_difference(was.at_schools.begin(), was.at_schools.end(), now.at_schools.begin(), now.at_schools.end(),
                        std::back_inserter(gone));
    std::set_difference(now.at_schools.begin(), now.at_schools.end(), was.at_schools.begin(), was.at_schools.end(),
                        std::back_inserter(came));
    for (const auto* changed : {&gone, &came})
      for (const SchoolTrainingItem& item : *changed) {
        count_at_school(item, changed == &gone ? -1 : 1);
        School* sc = find(schools, item.urn);
        if (sc == nullptr) continue;
        if (item.programme == "school_led") sc->fresh = 0;
        else if (is_fresh(sc->fresh)) sc->stale_years.insert(item.year);
      }
    if (first || was.partnerships != now.partnerships) {
      for (const std::vector<std::string>* list : {&was.partnership_ids, &now.partnership_ids})
        for (const std::string& pid : *list)
          if (Partnership* p = find(pships, pid)) stale_partnership(*p);
    }
    if (first || was.transfers != now.transfers) t->fresh_transfer = 0;
    if (first || was.training != now.training) t->decls_fresh = 0;
    was = std::move(now);
  }
  changed_teachers.clear();  // nothing in the loop adds to it (only stale_teacher does)
}

}  // namespace rect::projections::lead_provider
