// Renders the teacher-centred resources: participants, declarations,
// transfers and unfunded mentors, as one lead provider sees them.
#include <algorithm>

#include "projections/lead_provider/model.h"

namespace rect::projections::lead_provider {
namespace {

const std::string& s(const Json& j, const char* k) {
  static const std::string kEmpty;
  auto it = j.find(k);
  return it != j.end() && it->is_string() ? it->get_ref<const std::string&>() : kEmpty;
}
Json str_or_null(const std::string& v) { return v.empty() ? Json(nullptr) : Json(v); }

const Json* find_id(const Json& arr, const std::string& id) {
  for (const Json& x : arr)
    if (s(x, "id") == id) return &x;
  return nullptr;
}

bool later(const Json& a, const Json& b) {
  const std::string sa = s(a, "started_on"), sb = s(b, "started_on");
  if (sa != sb) return sa > sb;
  return a.value("created", std::int64_t{0}) > b.value("created", std::int64_t{0});
}

std::string full_name(const Json& t) {
  const std::string c = s(t, "corrected_name");
  if (!c.empty()) return c;
  const std::string f = s(t, "first_name"), l = s(t, "last_name");
  return f.empty() ? l : l.empty() ? f : f + " " + l;
}

std::string training_status(const Json& tp) {
  const std::string w = s(tp, "withdrawn_at"), d = s(tp, "deferred_at");
  if (w.empty() && d.empty()) return "active";
  if (d.empty()) return "withdrawn";
  if (w.empty()) return "deferred";
  return w >= d ? "withdrawn" : "deferred";
}

std::string lp_name(const Model& m, const std::string& lp) {
  const Json* j = m.entity("lp", lp);
  return j ? s(*j, "name") : std::string();
}

std::string dasherise(std::string v) {
  std::replace(v.begin(), v.end(), '_', '-');
  return v;
}

}  // namespace

// The latest training period of `role` with this lead provider that belongs to a partnership.
const Json* latest_training_with(const Json& teacher, const char* role, const std::string& lp) {
  const Json* best = nullptr;
  for (const Json& tp : teacher[role]["training"])
    if (s(tp, "lp") == lp && !s(tp, "partnership_id").empty() && (best == nullptr || later(tp, *best))) best = &tp;
  return best;
}

std::string training_record_id(const std::string& teacher_id, const char* role) {
  return school_api_id(std::string("training-record/") + role + "/" + teacher_id);
}

std::set<std::string> teacher_lead_providers(const Model& m, const std::string& teacher_id) {
  std::set<std::string> out;
  const Json* t = m.entity("teacher", teacher_id);
  if (t == nullptr) return out;
  for (const char* role : {"ect", "mentor"})
    for (const Json& tp : (*t)[role]["training"])
      if (!s(tp, "lp").empty()) out.insert(s(tp, "lp"));
  return out;
}

std::set<std::string> mentee_lead_providers(const Model& m, const std::string& mentor_id) {
  std::set<std::string> out;
  auto it = m.ects_of_mentor.find(mentor_id);
  if (it == m.ects_of_mentor.end()) return out;
  for (const std::string& ect : it->second)
    for (const std::string& lp : teacher_lead_providers(m, ect)) out.insert(lp);
  return out;
}

std::optional<Rendered> render_participant(const Model& m, const std::string& lp, const std::string& teacher_id,
                                           domain::Date) {
  const Json* tj = m.entity("teacher", teacher_id);
  if (tj == nullptr || !s(*tj, "merged_into").empty()) return std::nullopt;
  const Json& t = *tj;
  Rendered r;
  Json enrolments = Json::array(), status_inputs = Json::array();
  std::int64_t created = 0;
  for (const char* role : {"ect", "mentor"}) {
    const Json* tp = latest_training_with(t, role, lp);
    if (tp == nullptr) continue;
    const bool ect = std::string(role) == "ect";
    const Json* pl = find_id(t[role]["placements"], s(*tp, "placement_id"));
    const Json* ps = m.entity("pship", s(*tp, "partnership_id"));
    const int year = tp->value("year", 0);
    const Json* cp = m.entity("cp", std::to_string(year));
    const bool uplifts = cp == nullptr || cp->value("uplift_fees_enabled", true);
    bool pp = false, sp = false;
    if (pl != nullptr && uplifts)
      if (const Json* sc = m.entity("school", s(*pl, "urn"))) {
        const Json& u = (*sc)["uplifts"];
        if (auto it = u.find(std::to_string(year)); it != u.end()) {
          pp = (*it)[0].get<bool>();
          sp = (*it)[1].get<bool>();
        }
      }
    std::int64_t role_created = 0;
    for (const Json& p : t[role]["placements"]) {
      const std::int64_t c = p.value("created", std::int64_t{0});
      if (role_created == 0 || c < role_created) role_created = c;
    }
    if (role_created == 0) role_created = tp->value("created", std::int64_t{0});
    if (created == 0 || role_created < created) created = role_created;

    const std::string first = s(t, std::string(role).append("_first_eligible_at").c_str());
    const std::string ineligible = s(t, std::string(role).append("_ineligible_on").c_str());
    const bool eligible = !first.empty() && (ineligible.empty() || first.substr(0, 10) <= ineligible);
    const std::string status = training_status(*tp);
    const std::string finished = s(*tp, "finished_on");

    Json e{{"training_record_id", training_record_id(teacher_id, role)},
           {"email", pl ? s(*pl, "email") : std::string()},
           {"school_urn", pl ? s(*pl, "urn") : std::string()},
           {"participant_type", role},
           {"working_pattern", ect && pl ? str_or_null(s(*pl, "working_pattern")) : Json(nullptr)},
           {"cohort", std::to_string(year)},
           {"training_status", status},
           {"eligible_for_funding", eligible},
           {"pupil_premium_uplift", pp},
           {"sparsity_uplift", sp},
           {"schedule_identifier", s(*tp, "schedule")},
           {"delivery_partner_id", ps ? s(*ps, "dp") : std::string()},
           {"withdrawal", status == "withdrawn" ? Json{{"reason", s(*tp, "withdrawal_reason")}, {"date", s(*tp, "withdrawn_at")}}
                                                : Json(nullptr)},
           {"deferral", status == "deferred" ? Json{{"reason", s(*tp, "deferral_reason")}, {"date", s(*tp, "deferred_at")}}
                                             : Json(nullptr)},
           {"created_at", iso(role_created)},
           {"cohort_changed_after_payments_frozen", t.contains(std::string("frozen_") + role)}};
    bool completed = false;
    if (ect) {
      std::string mentor;
      std::string mentor_start;
      for (const Json& ms : t["ect"]["mentorships"])
        if (s(ms, "ect_placement_id") == s(*tp, "placement_id") && s(ms, "finished_on").empty() &&
            s(ms, "started_on") >= mentor_start) {
          mentor = s(ms, "mentor_id");
          mentor_start = s(ms, "started_on");
        }
      e["mentor_id"] = str_or_null(mentor);
      std::string start, recent_end, recent_start, end;
      for (const Json& ip : t["induction"]) {
        const std::string st = s(ip, "started_on"), fin = s(ip, "finished_on");
        if (start.empty() || st < start) start = st;
        if (!fin.empty() && st >= recent_start) {
          recent_start = st;
          recent_end = fin;
        }
        if (!s(ip, "outcome").empty() && !fin.empty()) {
          end = fin;
          if (finished.empty() || fin <= finished) completed = true;
        }
      }
      e["induction_end_date"] = str_or_null(end);
      e["most_recent_induction_period_end_date"] = str_or_null(recent_end);
      e["overall_induction_start_date"] = str_or_null(start);
    } else {
      e["mentor_id"] = nullptr;
      const std::string ended = s(t, "mentor_ineligible_on");
      e["mentor_funding_end_date"] = str_or_null(ended);
      e["mentor_ineligible_for_funding_reason"] = str_or_null(s(t, "mentor_ineligible_reason"));
      completed = !ended.empty() && (finished.empty() || ended <= finished);
    }
    enrolments.push_back(std::move(e));
    status_inputs.push_back(Json{{"started_on", s(*tp, "started_on")}, {"finished_on", finished},
                                 {"stopped", status != "active"}, {"completed", completed}});
  }
  if (enrolments.empty()) return std::nullopt;
  Json changes = Json::array();
  for (const Json& c : t["id_changes"])
    changes.push_back(Json{{"from_participant_id", c["from"]}, {"to_participant_id", c["to"]}, {"changed_at", c["changed_at"].is_string() ? c["changed_at"] : Json("")}});
  r.attrs = Json{{"full_name", full_name(t)},
                 {"teacher_reference_number", str_or_null(s(t, "trn"))},
                 {"ecf_enrolments", std::move(enrolments)},
                 {"participant_id_changes", std::move(changes)}};
  r.hidden = Json{{"status", std::move(status_inputs)}};
  r.compare = Json::array({r.attrs, r.hidden});
  r.created = created;
  return r;
}

std::optional<Rendered> render_declaration(const Model& m, const std::string& lp, const std::string& declaration_id) {
  const Json* dj = m.entity("decl", declaration_id);
  if (dj == nullptr) return std::nullopt;
  const Json& d = *dj;
  const std::string payment = s(d, "payment_status"), clawback = s(d, "clawback_status");
  if (s(d, "lp") != lp) {
    if (payment == "voided" || clawback != "no_clawback") return std::nullopt;
    const Json* t = m.entity("teacher", s(d, "teacher_id"));
    if (t == nullptr) return std::nullopt;
    const Json* tp = latest_training_with(*t, s(d, "role") == "mentor" ? "mentor" : "ect", lp);
    if (tp == nullptr) return std::nullopt;
    const std::string end = s(*tp, "finished_on");
    if (!end.empty() && s(d, "date").substr(0, 10) > end) return std::nullopt;
  }
  std::string state = clawback != "no_clawback" ? clawback : payment == "no_payment" ? "submitted" : payment;
  Rendered r;
  r.attrs = Json{{"participant_id", s(d, "teacher_id")},
                 {"declaration_type", s(d, "type")},
                 {"declaration_date", s(d, "date")},
                 {"course_identifier", s(d, "role") == "mentor" ? "ecf-mentor" : "ecf-induction"},
                 {"state", dasherise(state)},
                 {"created_at", iso(d.value("created", std::int64_t{0}))},
                 {"delivery_partner_id", s(d, "dp")},
                 {"statement_id", payment == "voided" ? Json(nullptr) : str_or_null(s(d, "statement_id"))},
                 {"clawback_statement_id", str_or_null(s(d, "clawback_statement_id"))},
                 {"ineligible_for_funding_reason", nullptr},
                 {"mentor_id", str_or_null(s(d, "mentor_id"))},
                 {"uplift_paid", payment == "paid" && (d.value("pp", false) || d.value("sp", false))},
                 {"evidence_held", str_or_null(s(d, "evidence"))},
                 {"lead_provider_name", lp_name(m, s(d, "lp"))}};
  r.hidden = Json{{"cohort", std::to_string(d.value("year", 0))}};
  r.compare = r.attrs;
  r.created = d.value("created", std::int64_t{0});
  return r;
}

std::optional<Rendered> render_transfer(const Model& m, const std::string& lp, const std::string& teacher_id) {
  const Json* tj = m.entity("teacher", teacher_id);
  if (tj == nullptr || !s(*tj, "merged_into").empty()) return std::nullopt;
  const Json& t = *tj;
  Rendered r;
  Json transfers = Json::array(), dates = Json::array();
  std::int64_t created = 0;
  for (const char* role : {"ect", "mentor"}) {
    std::vector<const Json*> pls;
    for (const Json& p : t[role]["placements"]) pls.push_back(&p);
    std::sort(pls.begin(), pls.end(), [](const Json* a, const Json* b) { return later(*b, *a); });
    auto lp_of = [&](const Json& pl) {
      const Json* best = nullptr;
      for (const Json& tp : t[role]["training"])
        if (s(tp, "placement_id") == s(pl, "id") && !s(tp, "lp").empty() && (best == nullptr || later(tp, *best))) best = &tp;
      return best ? s(*best, "lp") : std::string();
    };
    for (std::size_t i = 0; i < pls.size(); ++i) {
      const Json& out = *pls[i];
      if (s(out, "finished_on").empty() || s(out, "cause") == "induction_completed") continue;
      const Json* in = i + 1 < pls.size() ? pls[i + 1] : nullptr;
      if (in != nullptr && s(*in, "urn") == s(out, "urn")) continue;
      const std::string from_lp = lp_of(out), to_lp = in ? lp_of(*in) : std::string();
      if (from_lp != lp && to_lp != lp) continue;
      const std::int64_t c = out.value("finished_recorded", out.value("created", std::int64_t{0}));
      if (created == 0 || c < created) created = c;
      Json leaving{{"school_urn", s(out, "urn")}, {"date", s(out, "finished_on")}};
      if (!from_lp.empty()) leaving["provider"] = lp_name(m, from_lp);
      Json joining = nullptr;
      if (in != nullptr) {
        joining = Json{{"school_urn", s(*in, "urn")}, {"date", s(*in, "started_on")}};
        if (!to_lp.empty()) joining["provider"] = lp_name(m, to_lp);
      }
      transfers.push_back(Json{{"training_record_id", training_record_id(teacher_id, role)},
                               {"transfer_type", in == nullptr ? "unknown" : from_lp == to_lp ? "new_school" : "new_provider"},
                               {"created_at", iso(c).substr(0, 10)},
                               {"leaving", std::move(leaving)},
                               {"joining", std::move(joining)}});
      dates.push_back(Json::array({s(out, "finished_on"), in ? s(*in, "started_on") : std::string()}));
    }
  }
  if (transfers.empty()) return std::nullopt;
  r.attrs = Json{{"transfers", std::move(transfers)}};
  r.hidden = Json{{"dates", std::move(dates)}};
  r.compare = Json::array({r.attrs, r.hidden});
  r.created = created;
  return r;
}

std::optional<Rendered> render_unfunded_mentor(const Model& m, const std::string& lp, const std::string& mentor_id) {
  const Json* mj = m.entity("teacher", mentor_id);
  if (mj == nullptr || !s(*mj, "merged_into").empty()) return std::nullopt;
  for (const Json& tp : (*mj)["mentor"]["training"])
    if (s(tp, "lp") == lp) return std::nullopt;
  auto it = m.ects_of_mentor.find(mentor_id);
  if (it == m.ects_of_mentor.end()) return std::nullopt;
  bool assigned = false;
  for (const std::string& ect : it->second) {
    const Json* ej = m.entity("teacher", ect);
    if (ej == nullptr || !s(*ej, "merged_into").empty()) continue;
    const Json* tp = latest_training_with(*ej, "ect", lp);
    if (tp == nullptr || !s(*tp, "finished_on").empty()) continue;
    for (const Json& ms : (*ej)["ect"]["mentorships"])
      if (s(ms, "mentor_id") == mentor_id && s(ms, "finished_on").empty()) assigned = true;
  }
  if (!assigned) return std::nullopt;
  const Json* latest = nullptr;
  for (const Json& p : (*mj)["mentor"]["placements"])
    if (latest == nullptr || later(p, *latest)) latest = &p;
  Rendered r;
  r.attrs = Json{{"full_name", full_name(*mj)},
                 {"email", latest ? s(*latest, "email") : std::string()},
                 {"teacher_reference_number", str_or_null(s(*mj, "trn"))},
                 {"created_at", iso(mj->value("created", std::int64_t{0}))}};
  r.hidden = Json::object();
  r.compare = r.attrs;
  r.created = mj->value("created", std::int64_t{0});
  return r;
}

}  // namespace rect::projections::lead_provider
