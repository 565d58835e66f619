// Entities as persisted ("e/<kind>/<id>", docs/storage-format.md): written as
// JSON text, read back with nlohmann::json at load.
#include "projections/lead_provider/json_text.h"
#include "projections/lead_provider/model.h"

namespace rect::projections::lead_provider {
namespace {

void write_role(JsonText& w, const Role& r) {
  w.begin_object();
  w.key("mentorships").begin_array();
  for (const Mentorship& ms : r.mentorships) {
    w.begin_object();
    w.key("ect_placement_id").str(ms.ect_placement_id);
    w.key("finished_on").str(ms.finished_on);
    w.key("id").str(ms.id);
    w.key("mentor_id").str(ms.mentor_id);
    w.key("started_on").str(ms.started_on);
    w.end_object();
  }
  w.end_array();
  w.key("placements").begin_array();
  for (const Placement& p : r.placements) {
    w.begin_object();
    w.key("cause").str(p.cause);
    w.key("created").integer(p.created);
    w.key("email").str(p.email);
    w.key("finished_on").str(p.finished_on);
    if (p.finished_recorded) w.key("finished_recorded").integer(*p.finished_recorded);
    w.key("id").str(p.id);
    w.key("started_on").str(p.started_on);
    w.key("urn").str(p.urn);
    w.key("working_pattern").str(p.working_pattern);
    w.end_object();
  }
  w.end_array();
  w.key("training").begin_array();
  for (const TrainingPeriod& tp : r.training) {
    w.begin_object();
    w.key("created").integer(tp.created);
    w.key("deferral_reason").str(tp.deferral_reason);
    w.key("deferred_at").str(tp.deferred_at);
    w.key("eoi_lp").str(tp.eoi_lp);
    w.key("finished_on").str(tp.finished_on);
    w.key("id").str(tp.id);
    w.key("lp").str(tp.lp);
    w.key("partnership_id").str(tp.partnership_id);
    w.key("placement_id").str(tp.placement_id);
    w.key("programme").str(tp.programme);
    w.key("schedule").str(tp.schedule);
    w.key("started_on").str(tp.started_on);
    w.key("withdrawal_reason").str(tp.withdrawal_reason);
    w.key("withdrawn_at").str(tp.withdrawn_at);
    w.key("year").integer(tp.year);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

void write_teacher(JsonText& w, const Teacher& t) {
  w.begin_object();
  w.key("corrected_name").str(t.corrected_name);
  w.key("created").integer(t.created);
  w.key("decls").begin_array();
  for (const std::string& d : t.decls) w.str(d);
  w.end_array();
  w.key("ect");
  write_role(w, t.ect);
  w.key("ect_first_eligible_at").str(t.ect_first_eligible_at);
  w.key("ect_ineligible_on").str(t.ect_ineligible_on);
  w.key("first_name").str(t.first_name);
  if (t.frozen_ect) w.key("frozen_ect").integer(*t.frozen_ect);
  if (t.frozen_mentor) w.key("frozen_mentor").integer(*t.frozen_mentor);
  w.key("id").str(t.id);
  w.key("id_changes").begin_array();
  for (const IdChange& c : t.id_changes) {
    w.begin_object();
    w.key("changed_at").str(c.changed_at);
    w.key("from").str(c.from);
    w.key("to").str(c.to);
    w.end_object();
  }
  w.end_array();
  w.key("induction").begin_array();
  for (const InductionPeriod& ip : t.induction) {
    w.begin_object();
    w.key("finished_on").str(ip.finished_on);
    w.key("id").str(ip.id);
    w.key("outcome").str(ip.outcome);
    w.key("started_on").str(ip.started_on);
    w.end_object();
  }
  w.end_array();
  w.key("last_name").str(t.last_name);
  w.key("mentor");
  write_role(w, t.mentor);
  w.key("mentor_first_eligible_at").str(t.mentor_first_eligible_at);
  w.key("mentor_ineligible_on").str(t.mentor_ineligible_on);
  w.key("mentor_ineligible_reason").str(t.mentor_ineligible_reason);
  w.key("merged_into").str(t.merged_into);
  w.key("trn").str(t.trn);
  w.end_object();
}

void write_declaration(JsonText& w, const Declaration& d) {
  w.begin_object();
  w.key("clawback_statement_id").str(d.clawback_statement_id);
  w.key("clawback_status").str(d.clawback_status);
  w.key("created").integer(d.created);
  w.key("date").str(d.date);
  w.key("dp").str(d.dp);
  w.key("evidence").str(d.evidence);
  w.key("id").str(d.id);
  w.key("lp").str(d.lp);
  w.key("mentor_id").str(d.mentor_id);
  w.key("payment_status").str(d.payment_status);
  w.key("pp").boolean(d.pp);
  w.key("role").str(d.role);
  w.key("sp").boolean(d.sp);
  w.key("statement_id").str(d.statement_id);
  w.key("teacher_id").str(d.teacher_id);
  w.key("tp").str(d.tp);
  w.key("type").str(d.type);
  w.key("year").integer(d.year);
  w.end_object();
}

void write_school(JsonText& w, const School& sc) {
  w.begin_object();
  w.key("created").integer(sc.created);
  w.key("eligible").boolean(sc.eligible);
  w.key("gias").begin_object();
  w.key("eligible").boolean(sc.gias.eligible);
  w.key("in_england").boolean(sc.gias.in_england);
  w.key("marked_as_eligible").boolean(sc.gias.marked_as_eligible);
  w.key("section_41_approved").boolean(sc.gias.section_41_approved);
  w.key("status").str(sc.gias.status);
  w.key("type_name").str(sc.gias.type_name);
  w.end_object();
  if (!sc.key.empty()) w.key("key").str(sc.key);
  w.key("name").str(sc.name);
  w.key("partnerships").begin_array();
  for (const std::string& p : sc.partnerships) w.str(p);
  w.end_array();
  w.key("tutor_email").str(sc.tutor_email);
  w.key("tutor_name").str(sc.tutor_name);
  w.key("uplifts").begin_object();
  for (const auto& [year, u] : sc.uplifts) w.key(std::to_string(year)).begin_array().boolean(u.first).boolean(u.second).end_array();
  w.end_object();
  w.key("urn").str(sc.urn);
  w.end_object();
}

// Readers for load: a missing or mistyped field reads as empty.
const std::string& str(const Json& j, const char* k) {
  static const std::string kEmpty;
  auto it = j.find(k);
  return it != j.end() && it->is_string() ? it->get_ref<const std::string&>() : kEmpty;
}
std::int64_t num(const Json& j, const char* k) {
  auto it = j.find(k);
  return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}
bool flag(const Json& j, const char* k, bool otherwise) {
  auto it = j.find(k);
  return it != j.end() && it->is_boolean() ? it->get<bool>() : otherwise;
}
const Json& arr(const Json& j, const char* k) {
  static const Json kEmpty = Json::array();
  auto it = j.find(k);
  return it != j.end() && it->is_array() ? *it : kEmpty;
}
const Json& obj(const Json& j, const char* k) {
  static const Json kEmpty = Json::object();
  auto it = j.find(k);
  return it != j.end() && it->is_object() ? *it : kEmpty;
}

Role read_role(Model& m, const Json& j) {
  Role r;
  for (const Json& x : arr(j, "mentorships"))
    if (x.is_object())
      r.mentorships.push_back({str(x, "id"), str(x, "ect_placement_id"), str(x, "mentor_id"), str(x, "started_on"),
                               str(x, "finished_on")});
  for (const Json& x : arr(j, "placements")) {
    if (!x.is_object()) continue;
    Placement p;
    p.id = str(x, "id");
    p.urn = str(x, "urn");
    p.started_on = str(x, "started_on");
    p.finished_on = str(x, "finished_on");
    p.email = str(x, "email");
    p.working_pattern = str(x, "working_pattern");
    p.cause = str(x, "cause");
    p.created = num(x, "created");
    if (x.contains("finished_recorded")) p.finished_recorded = num(x, "finished_recorded");
    r.placements.push_back(std::move(p));
  }
  for (const Json& x : arr(j, "training")) {
    if (!x.is_object()) continue;
    TrainingPeriod tp;
    tp.id = str(x, "id");
    tp.placement_id = str(x, "placement_id");
    tp.programme = m.symbol(str(x, "programme"));
    tp.partnership_id = str(x, "partnership_id");
    tp.lp = m.symbol(str(x, "lp"));
    tp.eoi_lp = m.symbol(str(x, "eoi_lp"));
    tp.schedule = m.symbol(str(x, "schedule"));
    tp.started_on = str(x, "started_on");
    tp.finished_on = str(x, "finished_on");
    tp.withdrawn_at = str(x, "withdrawn_at");
    tp.withdrawal_reason = str(x, "withdrawal_reason");
    tp.deferred_at = str(x, "deferred_at");
    tp.deferral_reason = str(x, "deferral_reason");
    tp.year = static_cast<int>(num(x, "year"));
    tp.created = num(x, "created");
    r.training.push_back(std::move(tp));
  }
  return r;
}

}  // namespace

std::string entity_record(const Model& m, Kind k, const std::string& id) {
  if (k == Kind::kCp) {
    const ContractPeriod* cp = Model::find(m.cps, id);
    return cp ? cp->raw.dump() : std::string();
  }
  if (k == Kind::kStmt) {
    const Statement* st = Model::find(m.stmts, id);
    return st ? st->raw.dump() : std::string();
  }
  std::string out;
  out.reserve(k == Kind::kTeacher ? 2048 : 512);  // about a record's size, so that writing it seldom reallocates
  JsonText w(out);
  switch (k) {
    case Kind::kCp:
    case Kind::kStmt:
      break;
    case Kind::kLp:
      if (const std::string* name = Model::find(m.lps, id)) w.begin_object().key("name").str(*name).end_object();
      break;
    case Kind::kDp:
      if (const DeliveryPartner* dp = Model::find(m.dps, id)) {
        w.begin_object();
        w.key("created").integer(dp->created);
        w.key("name").str(dp->name);
        w.key("pairs").begin_array();
        for (const auto& [lp, year] : dp->pairs) w.begin_array().str(lp).integer(year).end_array();
        w.end_array();
        w.end_object();
      }
      break;
    case Kind::kSchool:
      if (const School* sc = Model::find(m.schools, id)) write_school(w, *sc);
      break;
    case Kind::kUrn:
      if (const std::string* to = Model::find(m.urns, id)) w.begin_object().key("to").str(*to).end_object();
      break;
    case Kind::kPship:
      if (const Partnership* p = Model::find(m.pships, id)) {
        w.begin_object();
        w.key("created").integer(p->created);
        w.key("dp").str(p->dp);
        w.key("id").str(p->id);
        w.key("lp").str(p->lp);
        w.key("urn").str(p->urn);
        w.key("year").integer(p->year);
        w.end_object();
      }
      break;
    case Kind::kTeacher:
      if (const Teacher* t = Model::find(m.teachers, id)) write_teacher(w, *t);
      break;
    case Kind::kDecl:
      if (const Declaration* d = Model::find(m.decls, id)) write_declaration(w, *d);
      break;
  }
  w.finish();
  return out;
}

Status load_entity(Model& m, std::string_view kind, const std::string& id, const Json& j) {
  if (!j.is_object()) return Status(Code::kCorruption, "lead_provider_api: entity " + std::string(kind) + "/" + id + " is not an object");
  if (kind == "cp") {
    ContractPeriod& cp = m.cps[id];
    cp.raw = j;
    cp.refresh();
    m.years.reset();
  } else if (kind == "lp") {
    m.lps[id] = str(j, "name");
  } else if (kind == "dp") {
    DeliveryPartner& dp = m.dps[id];
    dp.name = str(j, "name");
    dp.created = num(j, "created");
    for (const Json& pair : arr(j, "pairs"))
      if (pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_number_integer())
        dp.pairs.emplace_back(pair[0].get<std::string>(), pair[1].get<int>());
  } else if (kind == "school") {
    School& sc = m.schools[id];
    sc.urn = str(j, "urn");
    sc.key = str(j, "key");
    sc.name = str(j, "name");
    sc.tutor_name = str(j, "tutor_name");
    sc.tutor_email = str(j, "tutor_email");
    const Json& g = obj(j, "gias");
    sc.gias.type_name = str(g, "type_name");
    sc.gias.status = str(g, "status");
    sc.gias.in_england = flag(g, "in_england", true);
    sc.gias.section_41_approved = flag(g, "section_41_approved", false);
    sc.gias.eligible = flag(g, "eligible", true);
    sc.gias.marked_as_eligible = flag(g, "marked_as_eligible", false);
    sc.eligible = flag(j, "eligible", false);
    sc.created = num(j, "created");
    for (const auto& [year, u] : obj(j, "uplifts").items())
      if (u.is_array() && u.size() == 2 && u[0].is_boolean() && u[1].is_boolean())
        sc.uplifts[std::atoi(year.c_str())] = {u[0].get<bool>(), u[1].get<bool>()};
    for (const Json& p : arr(j, "partnerships"))
      if (p.is_string()) {
        sc.partnerships.push_back(p.get<std::string>());
        Partnership& ps = m.pships[sc.partnerships.back()];
        ps.school = &sc;
        sc.partnership_ptrs.push_back(&ps);
      }
    m.index_school(sc);
  } else if (kind == "urn") {
    m.urns[id] = str(j, "to");
  } else if (kind == "pship") {
    Partnership& p = m.pships[id];
    p.id = str(j, "id");
    p.urn = str(j, "urn");
    p.lp = str(j, "lp");
    p.dp = str(j, "dp");
    p.year = static_cast<int>(num(j, "year"));
    p.created = num(j, "created");
    m.index_pship(p);
    m.stale_pships.push_back(id);
  } else if (kind == "teacher") {
    Teacher& t = m.teachers[id];
    t.id = str(j, "id");
    t.created = num(j, "created");
    t.trn = str(j, "trn");
    t.first_name = str(j, "first_name");
    t.last_name = str(j, "last_name");
    t.corrected_name = str(j, "corrected_name");
    t.merged_into = str(j, "merged_into");
    t.ect_first_eligible_at = str(j, "ect_first_eligible_at");
    t.mentor_first_eligible_at = str(j, "mentor_first_eligible_at");
    t.ect_ineligible_on = str(j, "ect_ineligible_on");
    t.mentor_ineligible_on = str(j, "mentor_ineligible_on");
    t.mentor_ineligible_reason = str(j, "mentor_ineligible_reason");
    if (j.contains("frozen_ect")) t.frozen_ect = static_cast<int>(num(j, "frozen_ect"));
    if (j.contains("frozen_mentor")) t.frozen_mentor = static_cast<int>(num(j, "frozen_mentor"));
    t.ect = read_role(m, obj(j, "ect"));
    t.mentor = read_role(m, obj(j, "mentor"));
    for (const Json& x : arr(j, "induction"))
      if (x.is_object())
        t.induction.push_back({str(x, "id"), str(x, "started_on"), str(x, "finished_on"), str(x, "outcome")});
    for (const Json& d : arr(j, "decls"))
      if (d.is_string()) t.decls.push_back(d.get<std::string>());
    for (const Json& c : arr(j, "id_changes"))
      if (c.is_object()) t.id_changes.push_back({str(c, "from"), str(c, "to"), str(c, "changed_at")});
    t.ect_record_id = training_record_id(id, "ect");
    t.mentor_record_id = training_record_id(id, "mentor");
    m.index_teacher(t);
    m.changed_teachers.push_back(id);
  } else if (kind == "decl") {
    auto& [key, d] = *m.decls.try_emplace(id).first;
    d.id = Symbol(&key);
    d.teacher_id = m.symbol(str(j, "teacher_id"));
    d.role = m.symbol(str(j, "role"));
    d.tp = m.symbol(str(j, "tp"));
    d.lp = m.symbol(str(j, "lp"));
    d.type = m.symbol(str(j, "type"));
    d.date = str(j, "date");
    d.evidence = m.symbol(str(j, "evidence"));
    d.dp = m.symbol(str(j, "dp"));
    d.mentor_id = m.symbol(str(j, "mentor_id"));
    d.statement_id = m.symbol(str(j, "statement_id"));
    d.clawback_statement_id = m.symbol(str(j, "clawback_statement_id"));
    d.payment_status = m.symbol(str(j, "payment_status"));
    d.clawback_status = m.symbol(str(j, "clawback_status"));
    d.year = static_cast<int>(num(j, "year"));
    d.pp = flag(j, "pp", false);
    d.sp = flag(j, "sp", false);
    d.created = num(j, "created");
  } else if (kind == "stmt") {
    Statement& st = m.stmts[id];
    st.raw = j;
    st.refresh();
  } else {
    return Status(Code::kCorruption, "lead_provider_api: unknown entity kind " + std::string(kind));
  }
  return Status::ok();
}

}  // namespace rect::projections::lead_provider
