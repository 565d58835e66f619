// The entity tables, the derived indexes, and which rendered subjects each
// change makes stale (Freshness in model.h).
#include <algorithm>
#include <iterator>

#include "projections/lead_provider/model.h"

namespace rect::projections::lead_provider {
namespace {

const std::string& s(const Json& j, const char* k) {
  static const std::string kEmpty;
  auto it = j.find(k);
  return it != j.end() && it->is_string() ? it->get_ref<const std::string&>() : kEmpty;
}

// FNV-1a over the fields of entities; every value ends with a separator so
// that adjacent fields cannot run together.
struct Hasher {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  void bytes(const char* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      h ^= static_cast<unsigned char>(p[i]);
      h *= 0x100000001b3ULL;
    }
  }
  void tag(char c) { bytes(&c, 1); }
  void field(const Json& j, const char* k) {
    auto it = j.find(k);
    if (it == j.end()) return tag('\x01');
    if (it->is_string()) {
      const std::string& v = it->get_ref<const std::string&>();
      bytes(v.data(), v.size());
      return tag('\x02');
    }
    const std::string v = it->dump();
    bytes(v.data(), v.size());
    tag('\x03');
  }
};

TeacherInputs inputs_of(const Json& t) {
  TeacherInputs in;
  Hasher pship, training, transfers;
  transfers.field(t, "merged_into");
  for (const char* role : {"ect", "mentor"}) {
    training.tag(role[0]);
    pship.tag(role[0]);
    transfers.tag(role[0]);
    const Json& r = member(t, role);
    if (auto it = r.find("placements"); it != r.end())
      for (const Json& p : *it) {
        for (const char* k : {"id", "urn", "started_on", "finished_on", "cause", "created", "finished_recorded"})
          transfers.field(p, k);
      }
    transfers.tag('|');
    if (auto it = r.find("training"); it != r.end())
      for (const Json& tp : *it) {
        for (const char* k : {"partnership_id", "started_on", "finished_on"}) pship.field(tp, k);
        for (const char* k : {"lp", "partnership_id", "started_on", "created", "finished_on"}) training.field(tp, k);
        for (const char* k : {"placement_id", "lp", "started_on", "created"}) transfers.field(tp, k);
        in.partnership_ids.push_back(s(tp, "partnership_id"));
        const std::string& programme = s(tp, "programme");
        if (programme != "provider_led" && programme != "school_led") continue;
        if (auto pls = r.find("placements"); pls != r.end())
          for (const Json& p : *pls)
            if (s(p, "id") == s(tp, "placement_id"))
              in.at_schools.push_back(
                  {s(p, "urn"), programme, tp.value("year", 0), s(tp, "lp"), s(tp, "eoi_lp"), s(tp, "started_on")});
      }
  }
  std::sort(in.at_schools.begin(), in.at_schools.end());
  in.at_schools.erase(std::unique(in.at_schools.begin(), in.at_schools.end()), in.at_schools.end());
  in.partnerships = pship.h;
  in.training = training.h;
  in.transfers = transfers.h;
  return in;
}

}  // namespace

Json* Model::entity(std::string_view kind, std::string_view id) {
  auto t = entities.find(kind);
  if (t == entities.end()) return nullptr;
  auto it = t->second.find(id);
  return it == t->second.end() ? nullptr : &it->second;
}
const Json* Model::entity(std::string_view kind, std::string_view id) const {
  auto t = entities.find(kind);
  if (t == entities.end()) return nullptr;
  auto it = t->second.find(id);
  return it == t->second.end() ? nullptr : &it->second;
}

Json& Model::upsert(std::string_view kind, const std::string& id, bool changes) {
  auto t = entities.find(kind);
  if (t == entities.end()) t = entities.emplace(std::string(kind), Table()).first;
  dirty.insert(std::string("e/").append(kind).append("/").append(id));
  auto [it, created] = t->second.try_emplace(id);
  if (created) it->second = Json::object();
  if (created || changes) stale(kind, id);
  return it->second;
}

void Model::erase_entity(std::string_view kind, const std::string& id) {
  if (auto t = entities.find(kind); t != entities.end()) t->second.erase(id);
  dirty.insert(std::string("e/").append(kind).append("/").append(id));
  stale(kind, id);
}

void Model::touch_entity(std::string_view kind, const std::string& id) {
  dirty.insert(std::string("e/").append(kind).append("/").append(id));
  stale(kind, id);
}

const std::set<int>& Model::contract_years() {
  if (!years) {
    years.emplace();
    if (auto t = entities.find("cp"); t != entities.end())
      for (const auto& [id, cp] : t->second) years->insert(cp.value("year", 0));
  }
  return *years;
}

// Derived indexes only grow; a stale entry just causes a harmless re-render.
void Model::index_entity(std::string_view kind, const std::string& id, const Json& v) {
  if (kind == "school") {
    const std::string key = v.contains("key") ? s(v, "key") : id;
    urn_of_school_id[school_api_id(key)] = key;
    current_urn_of_key[key] = id;
    return;
  }
  if (kind == "pship") {
    partnerships_of_dp[s(v, "dp")].insert(id);
    return;
  }
  if (kind != "teacher") return;
  for (const char* role : {"ect", "mentor"}) {
    const Json& r = member(v, role);
    for (const Json& p : member(r, "placements")) add_teacher_at_school(p.value("urn", ""), id);
    for (const Json& t : member(r, "training"))
      if (!s(t, "partnership_id").empty()) add_teacher_in_partnership(s(t, "partnership_id"), id);
    for (const Json& ms : member(r, "mentorships")) add_mentee(s(ms, "mentor_id"), id);
  }
}

std::string Model::school_key(const std::string& urn) const {
  const Json* sc = entity("school", urn);
  return sc != nullptr && sc->contains("key") ? s(*sc, "key") : urn;
}

void Model::add_teacher_at_school(const std::string& urn, const std::string& teacher_id) {
  if (teachers_at_school[urn].insert(teacher_id).second) fresh.schools.erase(urn);
}
void Model::add_teacher_in_partnership(const std::string& partnership_id, const std::string& teacher_id) {
  if (teachers_in_partnership[partnership_id].insert(teacher_id).second) fresh.partnerships.erase(partnership_id);
}
void Model::add_mentee(const std::string& mentor_id, const std::string& ect_id) {
  mentors_of_ect[ect_id].insert(mentor_id);
  if (ects_of_mentor[mentor_id].insert(ect_id).second) fresh.mentors.erase(mentor_id);
}

void Model::stale_teacher(const std::string& id) {
  fresh.teachers.erase(id);
  fresh.mentors.erase(id);
  if (auto it = mentors_of_ect.find(id); it != mentors_of_ect.end())
    for (const std::string& mentor : it->second) fresh.mentors.erase(mentor);
  changed_teachers.push_back(id);
}

void Model::stale(std::string_view kind, const std::string& id) {
  if (kind == "teacher") {
    stale_teacher(id);
  } else if (kind == "decl") {
    fresh.declarations.erase(id);
  } else if (kind == "school") {
    fresh.schools.erase(id);
    if (const Json* sc = entity("school", id); sc && sc->contains("partnerships"))
      for (const Json& pid : (*sc)["partnerships"])
        if (pid.is_string()) fresh.partnerships.erase(pid.get_ref<const std::string&>());
  } else if (kind == "pship") {
    fresh.partnerships.erase(id);
    if (const Json* ps = entity("pship", id)) fresh.schools.erase(s(*ps, "urn"));
    if (auto it = teachers_in_partnership.find(id); it != teachers_in_partnership.end())
      for (const std::string& t : it->second) stale_teacher(t);
  } else if (kind == "dp") {
    if (auto it = partnerships_of_dp.find(id); it != partnerships_of_dp.end())
      for (const std::string& pid : it->second) fresh.partnerships.erase(pid);
  } else if (kind == "cp" || kind == "lp") {
    fresh = Freshness();
    years.reset();
  }
}

void Model::remember_inputs(const std::string& id, const Json& teacher) { teacher_inputs[id] = inputs_of(teacher); }

void Model::check_changed_teachers() {
  std::vector<std::string> ids;
  ids.swap(changed_teachers);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (const std::string& id : ids) {
    const Json* t = entity("teacher", id);
    TeacherInputs now = t ? inputs_of(*t) : TeacherInputs();
    auto [it, first] = teacher_inputs.try_emplace(id);
    TeacherInputs& was = it->second;
    std::vector<SchoolTrainingItem> changed;
    std::set_symmetric_difference(was.at_schools.begin(), was.at_schools.end(), now.at_schools.begin(),
                                  now.at_schools.end(), std::back_inserter(changed));
    for (const SchoolTrainingItem& item : changed) {
      if (item.programme == "school_led") fresh.schools.erase(item.urn);
      else if (fresh.schools.contains(item.urn)) fresh.school_years[item.urn].insert(item.year);
    }
    if (first || was.partnerships != now.partnerships) {
      for (const std::string& pid : was.partnership_ids) fresh.partnerships.erase(pid);
      for (const std::string& pid : now.partnership_ids) fresh.partnerships.erase(pid);
    }
    if (first || was.transfers != now.transfers) fresh.transfers.erase(id);
    if ((first || was.training != now.training) && t && t->contains("decls"))
      for (const Json& d : (*t)["decls"])
        if (d.is_string()) fresh.declarations.erase(d.get_ref<const std::string&>());
    was = std::move(now);
  }
}

}  // namespace rect::projections::lead_provider
