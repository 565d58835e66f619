// The fold: how each catalogued event changes the entities, and what it touches.
#include <algorithm>

#include "domain/state.h"
#include "projections/flat_fields.h"
#include "projections/lead_provider/model.h"

namespace rect::projections::lead_provider {
namespace {

bool is_mentor(const FlatFields& p) { return p.text("role") == "mentor"; }
bool mentor_type(std::string_view type) { return !type.starts_with("ect_"); }

template <class T>
T* find_id(std::vector<T>& items, std::string_view id) {
  for (T& x : items)
    if (x.id == id) return &x;
  return nullptr;
}
template <class T>
void erase_id(std::vector<T>& items, std::string_view id) {
  items.erase(std::remove_if(items.begin(), items.end(), [&](const T& x) { return x.id == id; }), items.end());
}

// The GIAS fields of a school that its eligibility reads, as the domain folds
// them: a field the payload lacks keeps its value.
void apply_gias(Gias& g, const FlatFields& p) {
  if (auto v = p.text("type_name")) g.type_name = *v;
  if (auto v = p.text("status")) g.status = *v;
  auto flag = [&](const char* k, bool& into) {
    auto raw = p.raw(k);
    if (raw == "true") into = true;
    else if (raw == "false") into = false;
  };
  flag("in_england", g.in_england);
  flag("section_41_approved", g.section_41_approved);
  flag("eligible", g.eligible);
  flag("marked_as_eligible", g.marked_as_eligible);
}

// Whether the school is listed without a partnership (api.md §6.4): the
// domain's own rule (domain.md §1.2), so that a closed school drops out.
bool eligible(const Gias& g) {
  domain::School sc;
  sc.type_name = g.type_name;
  sc.status = g.status;
  sc.in_england = g.in_england;
  sc.section_41_approved = g.section_41_approved;
  sc.gias_eligible = g.eligible;
  sc.marked_as_eligible = g.marked_as_eligible;
  return sc.eligible();
}

// The nested object `key` of `p`, read into `into`; false when it is not an object.
bool nested(const FlatFields& p, const char* key, FlatFields& into) {
  auto raw = p.raw(key);
  return raw && !raw->empty() && raw->front() == '{' && into.parse(*raw);
}

Json contract_period_read(const Json& c) {
  auto get = [&](const char* k) { return c.is_object() && c.contains(k) ? c[k] : Json(nullptr); };
  return Json::array({get("year"), get("started_on"), get("finished_on"), get("uplift_fees_enabled")});
}

}  // namespace

const Model::FixedSymbols& Model::fixed_symbols() {
  if (!fixed_symbols_)
    fixed_symbols_ = FixedSymbols{symbol("ect"),      symbol("mentor"),  symbol("no_payment"),
                                  symbol("no_clawback"), symbol("eligible"), symbol("payable"),
                                  symbol("paid"),     symbol("voided"),  symbol("awaiting_clawback"),
                                  symbol("clawed_back")};
  return *fixed_symbols_;
}

bool Model::fold(const RecordedEvent& e, Touched& t) {
  thread_local FlatFields p, to;
  if (!p.parse(e.data.payload)) return false;
  // A view, so that each comparison below is a length check before any bytes
  // (std::string == const char* measures the literal and compares bytes).
  const std::string_view type = e.data.type;
  const std::int64_t now = e.recorded_at.micros();

  // What an event changes of its teacher: what renders read (kRead), only the
  // list of declaration ids (kDeclarations), or nothing (kNothing).
  enum class Change { kRead, kDeclarations, kNothing };
  auto teacher_of = [&](Change c = Change::kRead) -> Teacher& {
    const std::string_view id = p.text("teacher_id").value_or("");
    t.teachers.push_back(id);
    if (c == Change::kNothing)
      if (Teacher* tj = find(teachers, id)) return *tj;
    return teacher(id, now, c == Change::kRead);
  };
  auto school_of = [&](const std::string& urn, bool uplifts_only = false) -> School& {
    return school(urn, now, !uplifts_only, t);
  };
  auto training = [&](Teacher& tj) -> TrainingPeriod* {
    return find_id(tj.role(!is_mentor(p)).training, p.str("training_period_id"));
  };
  auto touch_partnership = [&](const TrainingPeriod& tp) {
    if (!tp.partnership_id.empty()) {
      t.partnerships.push_back(tp.partnership_id);
      add_teacher_in_partnership(tp.partnership_id, p.str("teacher_id"));
    }
  };
  auto opt = [&](const char* k) { return std::string(p.text(k).value_or("")); };
  auto sym = [&](const char* k) { return symbol(p.text(k).value_or("")); };

  if (type == "contract_period_created" || type == "contract_period_flags_changed") {
    const std::string y = std::to_string(p.integer("year"));
    auto [it, created] = cps.try_emplace(y);
    ContractPeriod& cp = it->second;
    if (created) {
      cp.raw = Json::object();
      stale_all();
    }
    mark_dirty(Kind::kCp, y);
    const Json before = contract_period_read(cp.raw);
    if (type == "contract_period_created") {
      Json full = Json::parse(e.data.payload, nullptr, false);
      if (full.is_object()) cp.raw = std::move(full);
    } else if (auto raw = p.raw("to"); raw && !raw->empty() && raw->front() == '{') {
      Json changes = Json::parse(*raw, nullptr, false);
      if (changes.is_object())
        for (auto& [k, v] : changes.items()) cp.raw[k] = v;
    }
    cp.refresh();
    if (contract_period_read(cp.raw) != before) stale_all();
    t.all_teachers = t.all_schools = true;
  } else if (type == "lead_provider_created") {
    lps[p.str("lead_provider_id")] = p.str("name");
    mark_dirty(Kind::kLp, p.str("lead_provider_id"));
    stale_all();
  } else if (type == "delivery_partner_created") {
    const std::string id = p.str("delivery_partner_id");
    DeliveryPartner& dp = dps[id];
    dp.name = p.str("name");
    dp.created = now;
    mark_dirty(Kind::kDp, id);
    stale_dp(id);
    t.delivery_partners.push_back(id);
  } else if (type == "delivery_partner_paired" || type == "delivery_partner_unpaired") {
    const std::string id = p.str("delivery_partner_id");
    DeliveryPartner& dp = dps[id];
    const std::pair<std::string, int> pair(p.str("lead_provider_id"), static_cast<int>(p.integer("year")));
    dp.pairs.erase(std::remove(dp.pairs.begin(), dp.pairs.end(), pair), dp.pairs.end());
    if (type == "delivery_partner_paired") dp.pairs.push_back(pair);
    mark_dirty(Kind::kDp, id);
    // No stale_dp: a partnership's views read its delivery partner's name,
    // never its pairs, so they are not rendered again for a pairing.
    t.delivery_partners.push_back(id);
    t.all_partnerships = true;
  } else if (type == "school_registered_from_gias") {
    School& sc = school_of(p.str("urn"));
    sc.name = p.str("name");
    sc.gias = Gias();
    apply_gias(sc.gias, p);
    sc.eligible = eligible(sc.gias);
  } else if (type == "school_gias_details_changed") {
    School& sc = school_of(p.str("urn"));
    if (nested(p, "to", to)) {
      if (to.raw("name")) sc.name = to.str("name");
      apply_gias(sc.gias, to);
      sc.eligible = eligible(sc.gias);
    }
  } else if (type == "school_closed" || type == "school_merged") {
    // A merged predecessor counts as closed; its placements, partnerships and
    // training move by their own events.
    School& sc = school_of(p.str("urn"));
    sc.gias.status = "closed";
    sc.eligible = eligible(sc.gias);
  } else if (type == "school_eligibility_changed") {
    School& sc = school_of(p.str("urn"));
    const auto raw = p.raw("to");
    if (raw == "true" || raw == "false") sc.eligible = raw == "true";
    else sc.eligible = nested(p, "to", to) && to.boolean("eligible");
  } else if (type == "school_uplifts_set") {
    const std::string urn = p.str("urn");
    School& sc = school_of(urn, true);
    const int year = static_cast<int>(p.integer("year"));
    const std::pair<bool, bool> uplifts(p.boolean("pupil_premium_uplift"), p.boolean("sparsity_uplift"));
    auto [at, added] = sc.uplifts.try_emplace(year, uplifts);
    // A year's uplifts reach only the enrolments of that year (render_teacher's
    // enrolment): the teachers with training of that year, and only when the
    // uplifts change.
    if (added || at->second != uplifts) {
      at->second = uplifts;
      auto trains_in_year = [year](const Teacher& tj) {
        for (bool ect : {true, false})
          for (const TrainingPeriod& tp : tj.role(ect).training)
            if (tp.year == year) return true;
        return false;
      };
      if (auto it = teachers_at_school.find(urn); it != teachers_at_school.end())
        for (const Teacher* tj : it->second.teachers)
          if (trains_in_year(*tj)) {
            stale_teacher(tj->id);
            t.teachers.push_back(tj->id);
          }
    }
  } else if (type == "induction_tutor_nominated") {
    School& sc = school_of(p.str("urn"));
    sc.tutor_name = p.str("name");
    sc.tutor_email = p.str("email");
  } else if (type == "school_partnership_created") {
    const std::string id = p.str("partnership_id");
    Partnership& ps = pships[id];
    ps = Partnership();
    ps.id = id;
    ps.urn = p.str("school_urn");
    ps.lp = p.str("lead_provider_id");
    ps.dp = p.str("delivery_partner_id");
    ps.year = static_cast<int>(p.integer("year"));
    ps.created = now;
    mark_dirty(Kind::kPship, id);
    index_pship(ps);
    stale_pship(id);
    School& sc = school_of(p.str("school_urn"));
    sc.partnerships.push_back(id);
    sc.partnership_ptrs.push_back(&ps);
    sc.pships_fresh = 0;
    ps.school = &sc;
    t.partnerships.push_back(id);
  } else if (type == "school_urn_replaced") {
    // The school carries on under the new URN, keyed (and identified in the
    // API) by its first; its partnerships and placements follow by their own events.
    const std::string from = p.str("from"), to_urn = p.str("to");
    auto old = schools.find(from);
    if (old != schools.end() && !schools.contains(to_urn)) {
      School moved = std::move(old->second);
      schools.erase(old);
      ++schools_erased;
      mark_dirty(Kind::kSchool, from);
      if (moved.key.empty()) moved.key = from;
      moved.urn = to_urn;
      moved.fresh = 0;
      moved.pships_fresh = 0;
      moved.dirty = false;
      School& sc = schools.emplace(to_urn, std::move(moved)).first->second;
      for (Partnership* ps : sc.partnership_ptrs) ps->school = &sc;
      mark_dirty(Kind::kSchool, to_urn);
      index_school(sc);
      stale_school(to_urn);
      t.schools.push_back(to_urn);
      urns[from] = to_urn;
      mark_dirty(Kind::kUrn, from);
    }
  } else if (type == "school_partnership_moved") {
    const std::string id = p.str("partnership_id");
    if (Partnership* ps = find(pships, id)) {
      ps->urn = p.str("to");
      mark_dirty(Kind::kPship, id);
      stale_pship(id);
    }
    t.partnerships.push_back(id);
  } else if (type == "school_partnership_delivery_partner_changed") {
    const std::string id = p.str("partnership_id");
    if (Partnership* ps = find(pships, id)) {
      ps->dp = p.str("to");
      index_pship(*ps);
      mark_dirty(Kind::kPship, id);
      stale_pship(id);
    }
    t.partnerships.push_back(id);
    if (auto it = teachers_in_partnership.find(id); it != teachers_in_partnership.end())
      for (const Teacher* tj : it->second) t.teachers.push_back(tj->id);
  } else if (type == "teacher_created") {
    Teacher& tj = teacher_of();
    tj.trn = p.str("trn");
    tj.first_name = p.str("first_name");
    tj.last_name = p.str("last_name");
  } else if (type == "teacher_name_corrected") {
    teacher_of().corrected_name = p.str("to");
  } else if (type == "ect_funding_eligibility_started") {
    teacher_of().ect_first_eligible_at = opt("at");
  } else if (type == "mentor_funding_eligibility_started") {
    teacher_of().mentor_first_eligible_at = opt("at");
  } else if (type == "ect_funding_ineligibility_recorded") {
    teacher_of().ect_ineligible_on = opt("on");
  } else if (type == "mentor_funding_ended") {
    Teacher& tj = teacher_of();
    tj.mentor_ineligible_on = opt("on");
    tj.mentor_ineligible_reason = opt("reason");
  } else if (type == "mentor_funding_end_cleared") {
    Teacher& tj = teacher_of();
    tj.mentor_ineligible_on.clear();
    tj.mentor_ineligible_reason.clear();
  } else if (type == "payments_frozen_cohort_recorded") {
    Teacher& tj = teacher_of();
    (is_mentor(p) ? tj.frozen_mentor : tj.frozen_ect) = static_cast<int>(p.integer("year"));
  } else if (type == "teacher_merged_into") {
    teacher_of().merged_into = p.str("destination_teacher_id");
  } else if (type == "teacher_absorbed") {
    Teacher& dest = teacher_of();
    const std::string src_id = p.str("source_teacher_id");
    dest.id_changes.push_back({src_id, dest.id, opt("changed_at")});
    Teacher* src = find(teachers, src_id);
    if (src != nullptr && src != &dest) {
      for (bool ect : {true, false}) {
        Role &from = src->role(ect), &into = dest.role(ect);
        for (Placement& x : from.placements) into.placements.push_back(std::move(x));
        for (TrainingPeriod& x : from.training) into.training.push_back(std::move(x));
        for (Mentorship& x : from.mentorships) into.mentorships.push_back(std::move(x));
        from = Role();
      }
      for (InductionPeriod& x : src->induction) dest.induction.push_back(std::move(x));
      src->induction.clear();
      for (const std::string& d : src->decls) {
        if (Declaration* dj = find(decls, d)) {
          dj->teacher_id = Symbol(&dest.id);
          dj->fresh = 0;
          mark_dirty(Kind::kDecl, d);
        }
        dest.decls.push_back(d);
      }
      src->decls.clear();
      src->stale_decls.clear();
      dest.decls_fresh = 0;
      mark_dirty(Kind::kTeacher, src_id);
      stale_teacher(src_id);
      t.teachers.push_back(src_id);
      if (auto it = ects_of_mentor.find(src_id); it != ects_of_mentor.end()) {
        const std::vector<std::string> ects(it->second.begin(), it->second.end());
        for (const std::string& ect : ects)
          if (Teacher* ej = find(teachers, ect)) {
            for (Mentorship& ms : ej->ect.mentorships)
              if (ms.mentor_id == src_id) {
                ms.mentor_id = dest.id;
                ms.mentor = nullptr;
              }
            mark_dirty(Kind::kTeacher, ect);
            stale_teacher(ect);
            add_mentee(dest.id, ect);
            t.teachers.push_back(ect);
          }
      }
    }
    index_teacher(dest);
  } else if (type == "teacher_anonymised") {
    Teacher& tj = teacher_of();
    tj.first_name.clear();
    tj.last_name.clear();
    tj.corrected_name.clear();
    tj.trn.clear();
  } else if (type == "ect_placement_started" || type == "mentor_placement_started") {
    Teacher& tj = teacher_of();
    Placement pl;
    pl.id = p.str("placement_id");
    pl.urn = p.str("school_urn");
    pl.started_on = p.str("started_on");
    pl.email = p.str("email");
    pl.working_pattern = opt("working_pattern");
    pl.created = now;
    tj.role(!mentor_type(type)).placements.push_back(std::move(pl));
    add_teacher_at_school(p.str("school_urn"), tj);
  } else if (type == "ect_placement_finished" || type == "mentor_placement_finished") {
    if (Placement* pl = find_id(teacher_of().role(!mentor_type(type)).placements, p.str("placement_id"))) {
      pl->finished_on = opt("finished_on");
      pl->cause = opt("cause");
      pl->finished_recorded = now;
    }
  } else if (type == "ect_placement_moved_school" || type == "mentor_placement_moved_school") {
    Teacher& tj = teacher_of();
    if (Placement* pl = find_id(tj.role(!mentor_type(type)).placements, p.str("placement_id"))) pl->urn = p.str("to_urn");
    add_teacher_at_school(p.str("to_urn"), tj);
    t.schools.push_back(p.str("from_urn"));
    t.schools.push_back(p.str("to_urn"));
  } else if (type == "mentor_placements_merged") {
    // The merged placements' training belongs to `into` from now on; `into`
    // takes the earliest creation time, so the enrolment's created_at stays.
    Teacher& tj = teacher_of();
    std::vector<Placement>& placements = tj.mentor.placements;
    const std::string into = p.str("into");
    const Json merged = Json::parse(p.raw("merged").value_or("[]"), nullptr, false);
    if (merged.is_array())
      for (const Json& m : merged) {
        if (!m.is_string() || m.get_ref<const std::string&>() == into) continue;
        const std::string& id = m.get_ref<const std::string&>();
        const Placement* gone = find_id(placements, id);
        Placement* kept = find_id(placements, into);
        if (gone == nullptr || kept == nullptr) continue;
        kept->created = std::min(kept->created, gone->created);
        t.schools.push_back(gone->urn);
        for (TrainingPeriod& tp : tj.mentor.training)
          if (tp.placement_id == id) tp.placement_id = into;
        erase_id(placements, id);
      }
  } else if (type == "ect_placement_cancelled" || type == "mentor_placement_cancelled") {
    erase_id(teacher_of().role(!mentor_type(type)).placements, p.str("placement_id"));
  } else if (type == "ect_email_changed" || type == "mentor_email_changed") {
    Teacher& tj = teacher_of();
    if (Placement* pl = find_id(tj.role(!mentor_type(type)).placements, p.str("placement_id"))) pl->email = p.str("to");
    if (auto it = ects_of_mentor.find(tj.id); it != ects_of_mentor.end())
      t.teachers.append(it->second.begin(), it->second.end());
  } else if (type == "ect_working_pattern_changed") {
    if (Placement* pl = find_id(teacher_of().ect.placements, p.str("placement_id"))) pl->working_pattern = opt("to");
  } else if (type == "training_period_started") {
    Teacher& tj = teacher_of();
    TrainingPeriod tp;
    tp.id = p.str("training_period_id");
    tp.placement_id = p.str("placement_id");
    tp.programme = sym("training_programme");
    tp.year = static_cast<int>(p.integer("year"));
    tp.partnership_id = p.str("partnership_id");
    tp.lp = sym("lead_provider_id");
    tp.eoi_lp = sym("eoi_lead_provider_id");
    tp.schedule = sym("schedule");
    tp.started_on = p.str("started_on");
    tp.finished_on = opt("finished_on");
    tp.created = now;
    touch_partnership(tp);
    tj.role(!is_mentor(p)).training.push_back(std::move(tp));
  } else if (type == "training_period_updated") {
    Teacher& tj = teacher_of();
    TrainingPeriod* tp = training(tj);
    if (tp != nullptr && nested(p, "to", to)) {
      touch_partnership(*tp);
      const std::pair<const char*, std::string TrainingPeriod::*> texts[] = {
          {"partnership_id", &TrainingPeriod::partnership_id},
          {"started_on", &TrainingPeriod::started_on},
          {"finished_on", &TrainingPeriod::finished_on}};
      const std::pair<const char*, Symbol TrainingPeriod::*> symbols[] = {
          {"training_programme", &TrainingPeriod::programme}, {"lead_provider_id", &TrainingPeriod::lp},
          {"eoi_lead_provider_id", &TrainingPeriod::eoi_lp},  {"schedule", &TrainingPeriod::schedule}};
      for (const auto& [from, into] : texts)
        if (to.raw(from)) (*tp).*into = to.str(from);
      for (const auto& [from, into] : symbols)
        if (to.raw(from)) (*tp).*into = symbol(to.text(from).value_or(""));
      if (to.raw("year")) tp->year = static_cast<int>(to.integer("year"));
      touch_partnership(*tp);
    }
  } else if (type == "training_period_finished") {
    if (TrainingPeriod* tp = training(teacher_of())) {
      tp->finished_on = opt("finished_on");
      touch_partnership(*tp);
    }
  } else if (type == "training_period_cancelled") {
    Teacher& tj = teacher_of();
    if (TrainingPeriod* tp = training(tj)) touch_partnership(*tp);
    erase_id(tj.role(!is_mentor(p)).training, p.str("training_period_id"));
  } else if (type == "training_period_partnership_confirmed") {
    if (TrainingPeriod* tp = training(teacher_of())) {
      tp->partnership_id = p.str("partnership_id");
      if (auto lp = p.text("lead_provider_id"); lp && !lp->empty()) tp->lp = symbol(*lp);
      touch_partnership(*tp);
    }
  } else if (type == "training_withdrawn" || type == "training_deferred") {
    if (TrainingPeriod* tp = training(teacher_of())) {
      if (type == "training_withdrawn") {
        tp->withdrawn_at = opt("at");
        tp->withdrawal_reason = p.str("reason");
      } else {
        tp->deferred_at = opt("at");
        tp->deferral_reason = p.str("reason");
      }
      tp->finished_on = opt("finished_on");
      touch_partnership(*tp);
    }
  } else if (type == "mentor_assigned") {
    Teacher& tj = teacher_of();
    tj.ect.mentorships.push_back({p.str("mentorship_id"), p.str("ect_placement_id"), p.str("mentor_teacher_id"),
                                  p.str("started_on"), opt("finished_on")});
    add_mentee(p.str("mentor_teacher_id"), tj.id);
    t.teachers.push_back(p.str("mentor_teacher_id"));
  } else if (type == "mentorship_finished" || type == "mentorship_cancelled") {
    Teacher& tj = teacher_of();
    if (Mentorship* ms = find_id(tj.ect.mentorships, p.str("mentorship_id"))) {
      t.teachers.push_back(ms->mentor_id);
      if (type == "mentorship_finished") ms->finished_on = opt("finished_on");
    }
    if (type == "mentorship_cancelled") erase_id(tj.ect.mentorships, p.str("mentorship_id"));
  } else if (type == "induction_period_opened") {
    teacher_of().induction.push_back({p.str("induction_period_id"), p.str("started_on"), "", ""});
  } else if (type == "induction_period_released" || type == "induction_passed" || type == "induction_failed") {
    if (InductionPeriod* ip = find_id(teacher_of().induction, p.str("induction_period_id"))) {
      ip->finished_on = opt("finished_on");
      if (type != "induction_period_released") ip->outcome = type == "induction_passed" ? "pass" : "fail";
    }
  } else if (type == "induction_period_reopened") {
    if (InductionPeriod* ip = find_id(teacher_of().induction, p.str("induction_period_id"))) {
      ip->finished_on.clear();
      ip->outcome.clear();
    }
  } else if (type == "induction_period_deleted") {
    erase_id(teacher_of().induction, p.str("induction_period_id"));
  } else if (type == "declaration_submitted") {
    const FixedSymbols& fixed = fixed_symbols();
    Teacher& tj = teacher_of(Change::kDeclarations);
    const std::string id = p.str("declaration_id");
    auto& [key, d] = *decls.try_emplace(id).first;
    d = Declaration();
    d.id = Symbol(&key);
    d.teacher_id = Symbol(&tj.id);
    d.role = is_mentor(p) ? fixed.mentor : fixed.ect;
    d.tp = sym("training_period_id");
    d.lp = sym("lead_provider_id");
    d.type = sym("declaration_type");
    d.date = p.str("declaration_date");
    d.evidence = sym("evidence_held");
    d.dp = sym("delivery_partner_id");
    d.mentor_id = sym("mentor_teacher_id");
    d.payment_status = fixed.no_payment;
    d.clawback_status = fixed.no_clawback;
    d.year = static_cast<int>(p.integer("year"));
    d.pp = p.boolean("pupil_premium_uplift");
    d.sp = p.boolean("sparsity_uplift");
    d.created = now;
    mark_dirty(Kind::kDecl, id);
    tj.decls.push_back(id);
    tj.stale_decls.push_back(&d);
  } else if (type.starts_with("declaration_")) {
    teacher_of(Change::kNothing);
    const std::string_view id = p.text("declaration_id").value_or("");
    Declaration* d = find(decls, id);
    if (d == nullptr) return true;
    const FixedSymbols& fixed = fixed_symbols();
    d->fresh = 0;
    if (Teacher* owner = find(teachers, d->teacher_id)) owner->stale_decls.push_back(d);
    mark_dirty(Kind::kDecl, id);
    if (type == "declaration_made_eligible") {
      d->payment_status = fixed.eligible;
      d->statement_id = sym("statement_id");
    } else if (type == "declaration_made_payable") {
      d->payment_status = fixed.payable;
    } else if (type == "declaration_paid") {
      d->payment_status = fixed.paid;
    } else if (type == "declaration_voided") {
      d->payment_status = fixed.voided;
    } else if (type == "declaration_clawback_requested") {
      d->clawback_status = fixed.awaiting_clawback;
      d->clawback_statement_id = sym("statement_id");
    } else if (type == "declaration_clawed_back") {
      d->clawback_status = fixed.clawed_back;
    }
  } else if (type == "statement_created") {
    const std::string id = p.str("statement_id");
    Statement& st = stmts[id];
    st.raw = Json::parse(e.data.payload, nullptr, false);
    if (!st.raw.is_object()) st.raw = Json::object();
    st.raw["status"] = "open";
    st.raw["created"] = now;
    st.refresh();
    mark_dirty(Kind::kStmt, id);
    t.statements.push_back(id);
  } else if (type == "statement_marked_payable" || type == "statement_authorised") {
    const std::string id = p.str("statement_id");
    if (Statement* st = find(stmts, id)) {
      st->raw["status"] = type == "statement_authorised" ? "paid" : "payable";
      st->refresh();
      mark_dirty(Kind::kStmt, id);
    }
    t.statements.push_back(id);
  } else if (type == "day_started") {
    t.all_partnerships = true;
  } else if (p.raw("teacher_id")) {
    teacher_of(Change::kNothing);
  }
  return true;
}

}  // namespace rect::projections::lead_provider
