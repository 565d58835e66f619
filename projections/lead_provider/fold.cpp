// The fold: how each catalogued event changes the entities, and what it touches.
#include <algorithm>

#include "domain/state.h"
#include "projections/lead_provider/model.h"

namespace rect::projections::lead_provider {
namespace {

std::string s(const Json& j, const char* k) {
  auto it = j.find(k);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
Json opt(const Json& j, const char* k) {
  auto it = j.find(k);
  return it != j.end() && !it->is_null() ? *it : Json(nullptr);
}
std::string role_of(const Json& p) { return s(p, "role") == "mentor" ? "mentor" : "ect"; }
std::string role_of_type(const std::string& type) { return type.rfind("ect_", 0) == 0 ? "ect" : "mentor"; }

Json* find_in(Json& arr, const std::string& id) {
  for (Json& x : arr)
    if (x.value("id", "") == id) return &x;
  return nullptr;
}
void erase_from(Json& arr, const std::string& id) {
  Json out = Json::array();
  for (Json& x : arr)
    if (x.value("id", "") != id) out.push_back(std::move(x));
  arr = std::move(out);
}

Json empty_role() { return Json{{"placements", Json::array()}, {"training", Json::array()}, {"mentorships", Json::array()}}; }

// The GIAS fields of a school that its eligibility reads, as the domain folds
// them: a field the payload lacks keeps its value.
void apply_gias(Json& gias, const Json& p) {
  for (const char* k : {"type_name", "status"})
    if (p.contains(k) && p[k].is_string()) gias[k] = p[k];
  for (const char* k : {"in_england", "section_41_approved", "eligible", "marked_as_eligible"})
    if (p.contains(k) && p[k].is_boolean()) gias[k] = p[k];
}

// Whether the school is listed without a partnership (api.md §6.4): the
// domain's own rule (domain.md §1.2), so that a closed school drops out.
bool eligible(const Json& gias) {
  domain::School sc;
  sc.type_name = s(gias, "type_name");
  sc.status = s(gias, "status");
  sc.in_england = gias.value("in_england", true);
  sc.section_41_approved = gias.value("section_41_approved", false);
  sc.gias_eligible = gias.value("eligible", true);
  sc.marked_as_eligible = gias.value("marked_as_eligible", false);
  return sc.eligible();
}

}  // namespace

void Model::fold(const RecordedEvent& e, const Json& p, Touched& t) {
  const std::string& type = e.data.type;
  const std::int64_t now = e.recorded_at.micros();

  // What an event changes of its teacher: what renders read (kRead), only the
  // list of declaration ids (kDeclarations), or nothing (kNothing).
  enum class Change { kRead, kDeclarations, kNothing };
  auto teacher = [&](Change c = Change::kRead) -> Json& {
    const std::string id = s(p, "teacher_id");
    t.teachers.insert(id);
    if (c == Change::kNothing)
      if (Json* j = entity("teacher", id); j != nullptr && j->contains("id")) return *j;
    Json& j = upsert("teacher", id, c == Change::kRead);
    if (!j.contains("id")) {
      j = Json{{"id", id}, {"created", now}, {"ect", empty_role()}, {"mentor", empty_role()}, {"induction", Json::array()},
               {"decls", Json::array()}, {"id_changes", Json::array()}};
      stale_teacher(id);
    }
    return j;
  };
  // `uplifts_only`: the event changes only the uplifts, which only participants read.
  auto school_of = [&](const std::string& given, bool uplifts_only = false) -> Json& {
    // An event that reached a replaced URN's stream while the replacement was
    // being written belongs to the school under its new URN.
    std::string urn = given;
    for (int hops = 0; hops < 64 && entity("school", urn) == nullptr; ++hops) {
      const Json* successor = entity("urn", urn);
      if (successor == nullptr) break;
      urn = s(*successor, "to");
    }
    Json& j = upsert("school", urn, !uplifts_only);
    if (!j.contains("urn")) {
      j = Json{{"urn", urn}, {"created", now}, {"uplifts", Json::object()}, {"partnerships", Json::array()}};
      index_entity("school", urn, j);
      stale("school", urn);
    }
    t.schools.insert(urn);
    return j;
  };
  auto training = [&](Json& tj) -> Json* { return find_in(tj[role_of(p)]["training"], s(p, "training_period_id")); };
  auto touch_partnership = [&](const Json& tp) {
    if (!s(tp, "partnership_id").empty()) {
      t.partnerships.insert(s(tp, "partnership_id"));
      add_teacher_in_partnership(s(tp, "partnership_id"), s(p, "teacher_id"));
    }
  };

  if (type == "contract_period_created" || type == "contract_period_flags_changed") {
    const std::string y = std::to_string(p.value("year", 0));
    // Renders read only these fields; a change of any other flag changes no view.
    auto read = [](const Json& c) {
      return Json::array({member(c, "year"), member(c, "started_on"), member(c, "finished_on"), member(c, "uplift_fees_enabled")});
    };
    Json& cp = upsert("cp", y, false);
    const Json before = read(cp);
    if (type == "contract_period_created") cp = p;
    else if (p.contains("to") && p["to"].is_object())
      for (auto& [k, v] : p["to"].items()) cp[k] = v;
    if (read(cp) != before) stale("cp", y);
    t.all_teachers = t.all_schools = true;
  } else if (type == "lead_provider_created") {
    upsert("lp", s(p, "lead_provider_id")) = Json{{"name", s(p, "name")}};
  } else if (type == "delivery_partner_created") {
    Json& dp = upsert("dp", s(p, "delivery_partner_id"));
    dp["name"] = s(p, "name");
    dp["created"] = now;
    if (!dp.contains("pairs")) dp["pairs"] = Json::array();
    t.delivery_partners.insert(s(p, "delivery_partner_id"));
  } else if (type == "delivery_partner_paired" || type == "delivery_partner_unpaired") {
    Json& dp = upsert("dp", s(p, "delivery_partner_id"));
    if (!dp.contains("pairs")) dp["pairs"] = Json::array();
    Json pair = Json::array({s(p, "lead_provider_id"), p.value("year", 0)});
    Json out = Json::array();
    for (const Json& x : dp["pairs"])
      if (x != pair) out.push_back(x);
    if (type == "delivery_partner_paired") out.push_back(pair);
    dp["pairs"] = std::move(out);
    t.delivery_partners.insert(s(p, "delivery_partner_id"));
    t.all_partnerships = true;
  } else if (type == "school_registered_from_gias") {
    Json& sc = school_of(s(p, "urn"));
    sc["name"] = s(p, "name");
    sc["gias"] = Json::object();
    apply_gias(sc["gias"], p);
    sc["eligible"] = eligible(sc["gias"]);
  } else if (type == "school_gias_details_changed") {
    Json& sc = school_of(s(p, "urn"));
    if (p.contains("to") && p["to"].is_object()) {
      if (p["to"].contains("name")) sc["name"] = p["to"]["name"];
      apply_gias(sc["gias"], p["to"]);
      sc["eligible"] = eligible(sc["gias"]);
    }
  } else if (type == "school_closed" || type == "school_merged") {
    // A merged predecessor counts as closed; its placements, partnerships and
    // training move by their own events.
    Json& sc = school_of(s(p, "urn"));
    sc["gias"]["status"] = "closed";
    sc["eligible"] = eligible(sc["gias"]);
  } else if (type == "school_eligibility_changed") {
    Json& sc = school_of(s(p, "urn"));
    const Json to = opt(p, "to");
    sc["eligible"] = to.is_boolean() ? to.get<bool>() : to.is_object() && to.value("eligible", false);
  } else if (type == "school_uplifts_set") {
    Json& sc = school_of(s(p, "urn"), true);
    sc["uplifts"][std::to_string(p.value("year", 0))] =
        Json::array({p.value("pupil_premium_uplift", false), p.value("sparsity_uplift", false)});
    for (const std::string& id : teachers_at_school[s(p, "urn")]) {
      stale_teacher(id);
      t.teachers.insert(id);
    }
  } else if (type == "induction_tutor_nominated") {
    Json& sc = school_of(s(p, "urn"));
    sc["tutor_name"] = s(p, "name");
    sc["tutor_email"] = s(p, "email");
  } else if (type == "school_partnership_created") {
    const std::string id = s(p, "partnership_id");
    upsert("pship", id) = Json{{"id", id},           {"urn", s(p, "school_urn")}, {"lp", s(p, "lead_provider_id")},
                               {"dp", s(p, "delivery_partner_id")}, {"year", p.value("year", 0)}, {"created", now}};
    partnerships_of_dp[s(p, "delivery_partner_id")].insert(id);
    school_of(s(p, "school_urn"))["partnerships"].push_back(id);
    t.partnerships.insert(id);
  } else if (type == "school_urn_replaced") {
    // The school carries on under the new URN, keyed (and identified in the
    // API) by its first; its partnerships and placements follow by their own events.
    const std::string from = s(p, "from"), to = s(p, "to");
    const Json* old = entity("school", from);
    if (old != nullptr && entity("school", to) == nullptr) {
      Json moved = *old;
      if (!moved.contains("key")) moved["key"] = from;
      moved["urn"] = to;
      erase_entity("school", from);
      Json& sc = upsert("school", to);
      sc = std::move(moved);
      index_entity("school", to, sc);
      t.schools.insert(to);
      upsert("urn", from, false) = Json{{"to", to}};
    }
  } else if (type == "school_partnership_moved") {
    const std::string id = s(p, "partnership_id");
    if (Json* ps = entity("pship", id)) {
      (*ps)["urn"] = s(p, "to");
      touch_entity("pship", id);
    }
    t.partnerships.insert(id);
  } else if (type == "school_partnership_delivery_partner_changed") {
    const std::string id = s(p, "partnership_id");
    if (Json* ps = entity("pship", id)) {
      (*ps)["dp"] = s(p, "to");
      partnerships_of_dp[s(p, "to")].insert(id);
      touch_entity("pship", id);
    }
    t.partnerships.insert(id);
    for (const std::string& tid : teachers_in_partnership[id]) t.teachers.insert(tid);
  } else if (type == "teacher_created") {
    Json& tj = teacher();
    tj["trn"] = s(p, "trn");
    tj["first_name"] = s(p, "first_name");
    tj["last_name"] = s(p, "last_name");
  } else if (type == "teacher_name_corrected") {
    teacher()["corrected_name"] = s(p, "to");
  } else if (type == "ect_funding_eligibility_started" || type == "mentor_funding_eligibility_started") {
    teacher()[role_of_type(type) + "_first_eligible_at"] = opt(p, "at");
  } else if (type == "ect_funding_ineligibility_recorded") {
    teacher()["ect_ineligible_on"] = opt(p, "on");
  } else if (type == "mentor_funding_ended") {
    Json& tj = teacher();
    tj["mentor_ineligible_on"] = opt(p, "on");
    tj["mentor_ineligible_reason"] = opt(p, "reason");
  } else if (type == "mentor_funding_end_cleared") {
    Json& tj = teacher();
    tj["mentor_ineligible_on"] = nullptr;
    tj["mentor_ineligible_reason"] = nullptr;
  } else if (type == "payments_frozen_cohort_recorded") {
    teacher()["frozen_" + role_of(p)] = p.value("year", 0);
  } else if (type == "teacher_merged_into") {
    teacher()["merged_into"] = s(p, "destination_teacher_id");
  } else if (type == "teacher_absorbed") {
    Json& dest = teacher();
    const std::string src_id = s(p, "source_teacher_id");
    dest["id_changes"].push_back(Json{{"from", src_id}, {"to", dest["id"]}, {"changed_at", opt(p, "changed_at")}});
    if (Json* src = entity("teacher", src_id)) {
      for (const char* role : {"ect", "mentor"})
        for (const char* part : {"placements", "training", "mentorships"}) {
          for (Json& x : (*src)[role][part]) dest[role][part].push_back(x);
          (*src)[role][part] = Json::array();
        }
      for (Json& x : (*src)["induction"]) dest["induction"].push_back(x);
      (*src)["induction"] = Json::array();
      for (Json& d : (*src)["decls"]) {
        if (Json* dj = entity("decl", d.get<std::string>())) {
          (*dj)["teacher_id"] = dest["id"];
          touch_entity("decl", d.get<std::string>());
        }
        dest["decls"].push_back(d);
      }
      (*src)["decls"] = Json::array();
      touch_entity("teacher", src_id);
      t.teachers.insert(src_id);
      for (const std::string& ect : ects_of_mentor[src_id]) {
        if (Json* ej = entity("teacher", ect)) {
          for (Json& ms : (*ej)["ect"]["mentorships"])
            if (s(ms, "mentor_id") == src_id) ms["mentor_id"] = dest["id"];
          touch_entity("teacher", ect);
          add_mentee(dest["id"].get<std::string>(), ect);
          t.teachers.insert(ect);
        }
      }
    }
    index_entity("teacher", dest["id"].get<std::string>(), dest);
  } else if (type == "teacher_anonymised") {
    Json& tj = teacher();
    for (const char* k : {"first_name", "last_name", "corrected_name", "trn"}) tj[k] = "";
  } else if (type == "ect_placement_started" || type == "mentor_placement_started") {
    Json& tj = teacher();
    tj[role_of_type(type)]["placements"].push_back(
        Json{{"id", s(p, "placement_id")}, {"urn", s(p, "school_urn")},  {"started_on", s(p, "started_on")},
             {"finished_on", nullptr},     {"email", s(p, "email")},      {"working_pattern", opt(p, "working_pattern")},
             {"created", now},             {"cause", nullptr}});
    add_teacher_at_school(s(p, "school_urn"), s(p, "teacher_id"));
  } else if (type == "ect_placement_finished" || type == "mentor_placement_finished") {
    if (Json* pl = find_in(teacher()[role_of_type(type)]["placements"], s(p, "placement_id"))) {
      (*pl)["finished_on"] = opt(p, "finished_on");
      (*pl)["cause"] = opt(p, "cause");
      (*pl)["finished_recorded"] = now;
    }
  } else if (type == "ect_placement_moved_school" || type == "mentor_placement_moved_school") {
    if (Json* pl = find_in(teacher()[role_of_type(type)]["placements"], s(p, "placement_id"))) (*pl)["urn"] = s(p, "to_urn");
    add_teacher_at_school(s(p, "to_urn"), s(p, "teacher_id"));
    t.schools.insert(s(p, "from_urn"));
    t.schools.insert(s(p, "to_urn"));
  } else if (type == "mentor_placements_merged") {
    // The merged placements' training belongs to `into` from now on; `into`
    // takes the earliest creation time, so the enrolment's created_at stays.
    Json& tj = teacher();
    Json& placements = tj["mentor"]["placements"];
    const std::string into = s(p, "into");
    for (const Json& merged : p.value("merged", Json::array())) {
      if (!merged.is_string() || merged.get_ref<const std::string&>() == into) continue;
      const std::string& id = merged.get_ref<const std::string&>();
      const Json* gone = find_in(placements, id);
      Json* kept = find_in(placements, into);
      if (gone == nullptr || kept == nullptr) continue;
      (*kept)["created"] = std::min((*kept).value("created", std::int64_t{0}), gone->value("created", std::int64_t{0}));
      t.schools.insert(s(*gone, "urn"));
      for (Json& tp : tj["mentor"]["training"])
        if (s(tp, "placement_id") == id) tp["placement_id"] = into;
      erase_from(placements, id);
    }
  } else if (type == "ect_placement_cancelled" || type == "mentor_placement_cancelled") {
    erase_from(teacher()[role_of_type(type)]["placements"], s(p, "placement_id"));
  } else if (type == "ect_email_changed" || type == "mentor_email_changed") {
    if (Json* pl = find_in(teacher()[role_of_type(type)]["placements"], s(p, "placement_id"))) (*pl)["email"] = s(p, "to");
    for (const std::string& ect : ects_of_mentor[s(p, "teacher_id")]) t.teachers.insert(ect);
  } else if (type == "ect_working_pattern_changed") {
    if (Json* pl = find_in(teacher()["ect"]["placements"], s(p, "placement_id"))) (*pl)["working_pattern"] = opt(p, "to");
  } else if (type == "training_period_started") {
    Json& tj = teacher();
    Json tp{{"id", s(p, "training_period_id")}, {"placement_id", s(p, "placement_id")},
            {"programme", s(p, "training_programme")}, {"year", p.value("year", 0)},
            {"partnership_id", s(p, "partnership_id")}, {"lp", s(p, "lead_provider_id")},
            {"eoi_lp", s(p, "eoi_lead_provider_id")}, {"schedule", s(p, "schedule")},
            {"started_on", s(p, "started_on")}, {"finished_on", opt(p, "finished_on")}, {"created", now}};
    touch_partnership(tp);
    tj[role_of(p)]["training"].push_back(std::move(tp));
  } else if (type == "training_period_updated") {
    Json& tj = teacher();
    if (Json* tp = training(tj); tp && p.contains("to") && p["to"].is_object()) {
      touch_partnership(*tp);
      const Json& to = p["to"];
      const std::pair<const char*, const char*> fields[] = {
          {"training_programme", "programme"}, {"year", "year"}, {"partnership_id", "partnership_id"},
          {"lead_provider_id", "lp"}, {"eoi_lead_provider_id", "eoi_lp"}, {"schedule", "schedule"},
          {"started_on", "started_on"}, {"finished_on", "finished_on"}};
      for (const auto& [from, into] : fields)
        if (to.contains(from)) (*tp)[into] = to[from].is_null() && std::string(into) != "finished_on" ? Json("") : to[from];
      touch_partnership(*tp);
    }
  } else if (type == "training_period_finished") {
    Json& tj = teacher();
    if (Json* tp = training(tj)) {
      (*tp)["finished_on"] = opt(p, "finished_on");
      touch_partnership(*tp);
    }
  } else if (type == "training_period_cancelled") {
    Json& tj = teacher();
    if (Json* tp = training(tj)) touch_partnership(*tp);
    erase_from(tj[role_of(p)]["training"], s(p, "training_period_id"));
  } else if (type == "training_period_partnership_confirmed") {
    Json& tj = teacher();
    if (Json* tp = training(tj)) {
      (*tp)["partnership_id"] = s(p, "partnership_id");
      if (!s(p, "lead_provider_id").empty()) (*tp)["lp"] = s(p, "lead_provider_id");
      touch_partnership(*tp);
    }
  } else if (type == "training_withdrawn" || type == "training_deferred") {
    Json& tj = teacher();
    const std::string what = type == "training_withdrawn" ? "withdrawn" : "deferred";
    if (Json* tp = training(tj)) {
      (*tp)[what + "_at"] = opt(p, "at");
      (*tp)[what == "withdrawn" ? "withdrawal_reason" : "deferral_reason"] = s(p, "reason");
      (*tp)["finished_on"] = opt(p, "finished_on");
      touch_partnership(*tp);
    }
  } else if (type == "mentor_assigned") {
    Json& tj = teacher();
    tj["ect"]["mentorships"].push_back(Json{{"id", s(p, "mentorship_id")}, {"ect_placement_id", s(p, "ect_placement_id")},
                                            {"mentor_id", s(p, "mentor_teacher_id")}, {"started_on", s(p, "started_on")},
                                            {"finished_on", opt(p, "finished_on")}});
    add_mentee(s(p, "mentor_teacher_id"), s(p, "teacher_id"));
    t.teachers.insert(s(p, "mentor_teacher_id"));
  } else if (type == "mentorship_finished" || type == "mentorship_cancelled") {
    Json& tj = teacher();
    if (Json* ms = find_in(tj["ect"]["mentorships"], s(p, "mentorship_id"))) {
      t.teachers.insert(s(*ms, "mentor_id"));
      if (type == "mentorship_finished") (*ms)["finished_on"] = opt(p, "finished_on");
    }
    if (type == "mentorship_cancelled") erase_from(tj["ect"]["mentorships"], s(p, "mentorship_id"));
  } else if (type == "induction_period_opened") {
    teacher()["induction"].push_back(Json{{"id", s(p, "induction_period_id")}, {"started_on", s(p, "started_on")},
                                          {"finished_on", nullptr}, {"outcome", nullptr}});
  } else if (type == "induction_period_released" || type == "induction_passed" || type == "induction_failed") {
    if (Json* ip = find_in(teacher()["induction"], s(p, "induction_period_id"))) {
      (*ip)["finished_on"] = opt(p, "finished_on");
      if (type != "induction_period_released") (*ip)["outcome"] = type == "induction_passed" ? "pass" : "fail";
    }
  } else if (type == "induction_period_reopened") {
    if (Json* ip = find_in(teacher()["induction"], s(p, "induction_period_id"))) {
      (*ip)["finished_on"] = nullptr;
      (*ip)["outcome"] = nullptr;
    }
  } else if (type == "induction_period_deleted") {
    erase_from(teacher()["induction"], s(p, "induction_period_id"));
  } else if (type == "declaration_submitted") {
    Json& tj = teacher(Change::kDeclarations);
    const std::string id = s(p, "declaration_id");
    upsert("decl", id) = Json{{"id", id},
                              {"teacher_id", s(p, "teacher_id")},
                              {"role", role_of(p)},
                              {"tp", s(p, "training_period_id")},
                              {"lp", s(p, "lead_provider_id")},
                              {"type", s(p, "declaration_type")},
                              {"date", s(p, "declaration_date")},
                              {"evidence", opt(p, "evidence_held")},
                              {"dp", s(p, "delivery_partner_id")},
                              {"mentor_id", opt(p, "mentor_teacher_id")},
                              {"year", p.value("year", 0)},
                              {"pp", p.value("pupil_premium_uplift", false)},
                              {"sp", p.value("sparsity_uplift", false)},
                              {"payment_status", "no_payment"},
                              {"clawback_status", "no_clawback"},
                              {"statement_id", nullptr},
                              {"clawback_statement_id", nullptr},
                              {"created", now}};
    tj["decls"].push_back(id);
  } else if (type.rfind("declaration_", 0) == 0) {
    teacher(Change::kNothing);
    const std::string id = s(p, "declaration_id");
    Json* d = entity("decl", id);
    if (d == nullptr) return;
    touch_entity("decl", id);
    if (type == "declaration_made_eligible") {
      (*d)["payment_status"] = "eligible";
      (*d)["statement_id"] = opt(p, "statement_id");
    } else if (type == "declaration_made_payable") {
      (*d)["payment_status"] = "payable";
    } else if (type == "declaration_paid") {
      (*d)["payment_status"] = "paid";
    } else if (type == "declaration_voided") {
      (*d)["payment_status"] = "voided";
    } else if (type == "declaration_clawback_requested") {
      (*d)["clawback_status"] = "awaiting_clawback";
      (*d)["clawback_statement_id"] = opt(p, "statement_id");
    } else if (type == "declaration_clawed_back") {
      (*d)["clawback_status"] = "clawed_back";
    }
  } else if (type == "statement_created") {
    const std::string id = s(p, "statement_id");
    Json st = p;
    st["status"] = "open";
    st["created"] = now;
    upsert("stmt", id) = std::move(st);
    t.statements.insert(id);
  } else if (type == "statement_marked_payable" || type == "statement_authorised") {
    const std::string id = s(p, "statement_id");
    if (Json* st = entity("stmt", id)) {
      (*st)["status"] = type == "statement_authorised" ? "paid" : "payable";
      touch_entity("stmt", id);
    }
    t.statements.insert(id);
  } else if (type == "day_started") {
    t.all_partnerships = true;
  } else if (p.contains("teacher_id")) {
    teacher(Change::kNothing);
  }
}

}  // namespace rect::projections::lead_provider
