// Renders partnerships, schools per cohort, delivery partners and statements;
// the dispatch over every resource and the list filters.
#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>

#include "projections/lead_provider/json_text.h"
#include "projections/lead_provider/render.h"

namespace rect::projections::lead_provider {

RenderResult render_teacher_resource(const Model& m, Resource r, const std::string& lp, const std::string& id,
                                     std::string& attrs, std::string& hidden, const Presentation* pres);
bool teacher_resource_matches(const Model& m, Resource r, const std::string& lp, const std::string& id, const Query& q);

namespace {

std::uint64_t fnv(std::string_view v, std::uint64_t seed) {
  std::uint64_t h = seed;
  for (unsigned char c : v) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

bool ongoing(const std::string& started, const std::string& finished, const std::string& today) {
  return started <= today && (finished.empty() || today <= finished);
}

bool in_list(const std::vector<std::string>& list, std::string_view v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

// Adds `v` to a sorted list of distinct views (a few lead provider ids).
void add_sorted(std::vector<std::string_view>& list, std::string_view v) {
  auto it = std::lower_bound(list.begin(), list.end(), v);
  if (it == list.end() || *it != v) list.insert(it, v);
}

// The programme and lead providers (sorted, distinct) of the training periods
// at a school in one cohort year.
struct SchoolTraining {
  bool provider_led = false, school_led = false;
  std::vector<std::string_view> lead_providers;
  bool operator==(const SchoolTraining&) const = default;
};

// Per cohort year of the contract periods. With `from_inputs`, it is read
// from the teachers' at_schools items as last checked (check_changed_teachers),
// which list exactly the training periods this counts: from their sum kept
// at the school when every teacher has been checked, else teacher by teacher
// (one not yet checked, just loaded, from its training periods). Without,
// every teacher is read from its training periods.
std::map<int, SchoolTraining> training_at(const Model& m, const std::string& urn, bool from_inputs) {
  std::map<int, SchoolTraining> out;
  struct Range {
    SchoolTraining* year;
    const std::string *from, *to;
  };
  std::vector<Range> ranges;
  for (const auto& [id, cp] : m.cps) {
    SchoolTraining& tr = out[cp.year];
    if (!cp.started_on.empty()) ranges.push_back({&tr, &cp.started_on, &cp.finished_on});
  }
  auto count = [&](std::string_view programme, int year, std::string_view lp, std::string_view eoi_lp,
                   const std::string& started_on) {
    if (programme == "provider_led") {
      auto y = out.find(year);
      if (y == out.end()) return;
      y->second.provider_led = true;
      if (!lp.empty()) add_sorted(y->second.lead_providers, lp);
      if (!eoi_lp.empty()) add_sorted(y->second.lead_providers, eoi_lp);
    } else if (programme == "school_led") {
      for (Range& r : ranges)
        if (started_on >= *r.from && (r.to->empty() || started_on <= *r.to)) r.year->school_led = true;
    }
  };
  auto it = m.teachers_at_school.find(urn);
  if (it == m.teachers_at_school.end()) return out;
  // Every teacher not yet checked is among the changed teachers (a new
  // teacher, or one just loaded), so when there are none, the sum kept at the
  // school is the sum over its teachers' items.
  if (from_inputs && m.changed_teachers.empty()) {
    for (const SchoolTrainingCount& c : it->second.training) {
      if (c.school_led) count("school_led", 0, {}, {}, c.started_on);
      else count("provider_led", c.year, *c.lp, *c.eoi_lp, c.started_on);
    }
    return out;
  }
  for (const Teacher* t : it->second.teachers) {
    if (from_inputs && t->inputs.has_value()) {
      for (const SchoolTrainingItem& item : t->inputs->at_schools)
        if (item.urn == urn) count(item.programme, item.year, item.lp, item.eoi_lp, item.started_on);
      continue;
    }
    for (bool ect : {true, false}) {
      const Role& role = t->role(ect);
      for (const TrainingPeriod& tp : role.training) {
        const bool here = std::any_of(role.placements.begin(), role.placements.end(),
                                      [&](const Placement& p) { return p.urn == urn && p.id == tp.placement_id; });
        if (here) count(tp.programme, tp.year, tp.lp, tp.eoi_lp, tp.started_on);
      }
    }
  }
  return out;
}

}  // namespace

std::uint64_t school_training_mismatches(const Model& m) {
  std::uint64_t n = 0;
  for (const auto& [urn, sc] : m.schools)
    if (training_at(m, urn, true) != training_at(m, urn, false)) ++n;
  return n;
}

namespace {

// The last school's training by year, kept while Model::render_memo stays the
// same (one rerender or one drain, during which the entities do not change):
// the views of one school's cohort years are rendered one after another.
struct SchoolMemo {
  std::uint64_t generation = 0;
  std::string urn;
  std::map<int, SchoolTraining> by_year;
};

// The school's training in `year`, valid until the next call on this thread.
const SchoolTraining& training_in(const Model& m, const std::string& urn, int year) {
  static const SchoolTraining kNone;
  thread_local SchoolMemo memo;
  // render_memo 0: no rerender or drain is under way, so nothing is reused.
  if (m.render_memo == 0 || memo.generation != m.render_memo || memo.urn != urn) {
    memo.by_year = training_at(m, urn, true);
    memo.generation = m.render_memo;
    memo.urn = urn;
  }
  auto it = memo.by_year.find(year);
  return it == memo.by_year.end() ? kNone : it->second;
}

const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                               "July",    "August",   "September", "October", "November", "December"};

RenderResult partnership(const Model& m, const std::string& id, std::string& attrs, std::string& hidden,
                         const std::string& day, const Presentation* pres) {
  const Partnership* p = Model::find(m.pships, id);
  if (p == nullptr) return {};
  const School* sc = Model::find(m.schools, p->urn);
  const DeliveryPartner* dp = Model::find(m.dps, p->dp);
  const std::vector<std::pair<std::string, std::string>>& spans = partnership_spans(m, id);
  RenderResult r{true, p->created, count_training(spans, day)};
  JsonText a(attrs);
  a.begin_object();
  a.key("cohort").str(std::to_string(p->year));
  a.key("created_at").str(iso(p->created));
  a.key("delivery_partner_id").str(p->dp);
  a.key("delivery_partner_name").str(dp ? std::string_view(dp->name) : std::string_view());
  a.key("induction_tutor_email");
  if (sc) a.str_or_null(sc->tutor_email);
  else a.null();
  a.key("induction_tutor_name");
  if (sc) a.str_or_null(sc->tutor_name);
  else a.null();
  if (pres) a.key("participants_currently_training").integer(r.training);
  a.key("school_id").str(school_api_id(m.school_key(p->urn)));
  if (pres) a.key("updated_at").str(iso(pres->updated));
  a.key("urn").str(p->urn);
  a.end_object();
  JsonText h(hidden);
  h.begin_object();
  h.key("spans").begin_array();
  for (const auto& [from, to] : spans) h.begin_array().str(from).str(to).end_array();
  h.end_array();
  h.end_object();
  return r;
}

RenderResult school(const Model& m, const std::string& year_text, const std::string& key, std::string& attrs,
                    std::string& hidden, const Presentation* pres) {
  const School* sc = school_by_key(m, key);
  if (sc == nullptr) return {};
  const int year = std::atoi(year_text.c_str());
  const SchoolTraining& tr = training_in(m, sc->urn, year);
  bool in_partnership = false;
  std::vector<std::string_view> eoi = tr.lead_providers;
  for (const Partnership* p : sc->partnership_ptrs)
    if (p->year == year) {
      in_partnership = true;
      add_sorted(eoi, p->lp);
    }
  if (!sc->eligible && !in_partnership) return {};
  const bool interested = pres && std::binary_search(eoi.begin(), eoi.end(), std::string_view(pres->lp));
  JsonText a(attrs);
  a.begin_object();
  a.key("cohort").str(std::to_string(year));
  a.key("created_at").str(iso(sc->created));
  if (pres) a.key("expression_of_interest").boolean(interested);
  a.key("in_partnership").boolean(in_partnership);
  a.key("induction_programme_choice").str(tr.provider_led ? "provider_led" : tr.school_led ? "school_led" : "not_yet_known");
  if (pres) {
    a.key("induction_tutor_email");
    if (interested) a.str_or_null(sc->tutor_email);
    else a.null();
    a.key("induction_tutor_name");
    if (interested) a.str_or_null(sc->tutor_name);
    else a.null();
  }
  a.key("name").str(sc->name);
  if (pres) a.key("updated_at").str(iso(pres->updated));
  a.key("urn").str(sc->urn);
  a.end_object();
  JsonText h(hidden);
  h.begin_object();
  h.key("eoi").begin_array();
  for (std::string_view lp : eoi) h.str(lp);
  h.end_array();
  h.key("tutor_email").str(sc->tutor_email);
  h.key("tutor_name").str(sc->tutor_name);
  h.end_object();
  return {true, sc->created, 0};
}

RenderResult delivery_partner(const Model& m, const std::string& lp, const std::string& id, std::string& attrs,
                              std::string& hidden, const Presentation* pres) {
  const DeliveryPartner* dp = Model::find(m.dps, id);
  if (dp == nullptr) return {};
  std::set<int> years;
  for (const auto& [l, y] : dp->pairs)
    if (l == lp) years.insert(y);
  if (years.empty()) return {};
  JsonText a(attrs);
  a.begin_object();
  a.key("cohort").begin_array();
  for (int y : years) a.str(std::to_string(y));
  a.end_array();
  a.key("created_at").str(iso(dp->created));
  a.key("name").str(dp->name);
  if (pres) a.key("updated_at").str(iso(pres->updated));
  a.end_object();
  JsonText(hidden).begin_object().end_object();
  return {true, dp->created, 0};
}

RenderResult statement(const Model& m, const std::string& id, std::string& attrs, std::string& hidden,
                       const Presentation* pres) {
  const Statement* st = Model::find(m.stmts, id);
  if (st == nullptr) return {};
  if (!st->fee_type.empty() && st->fee_type != "output") return {};
  JsonText a(attrs);
  a.begin_object();
  a.key("cohort").str(std::to_string(st->year));
  a.key("created_at").str(iso(st->created));
  a.key("cut_off_date").str(st->deadline_date);
  a.key("month").str(st->month >= 1 && st->month <= 12 ? kMonths[st->month - 1] : "");
  a.key("paid").boolean(st->status == "paid");
  a.key("payment_date").str(st->payment_date);
  if (pres) a.key("updated_at").str(iso(pres->updated));
  a.key("year").str(std::to_string(st->calendar_year));
  a.end_object();
  JsonText(hidden).begin_object().end_object();
  return {true, st->created, 0};
}

}  // namespace

std::uint64_t next_render_memo() {
  static std::atomic<std::uint64_t> last{0};
  return ++last;
}

std::string school_api_id(std::string_view urn) {
  const std::uint64_t a = fnv(urn, 0xcbf29ce484222325ULL), b = fnv(urn, 0x84222325cbf29ce4ULL ^ a);
  std::array<unsigned char, 16> bytes{};
  for (int i = 0; i < 8; ++i) {
    bytes[i] = static_cast<unsigned char>(a >> (56 - 8 * i));
    bytes[8 + i] = static_cast<unsigned char>(b >> (56 - 8 * i));
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x80);  // version 8: custom
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static const char kHex[] = "0123456789abcdef";
  char text[36];
  char* d = text;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) *d++ = '-';
    *d++ = kHex[bytes[i] >> 4];
    *d++ = kHex[bytes[i] & 15];
  }
  return std::string(text, sizeof text);
}

void partnership_spans(const Model& m, const std::string& id, std::vector<std::pair<std::string, std::string>>& out) {
  out.clear();
  auto it = m.teachers_in_partnership.find(id);
  if (it == m.teachers_in_partnership.end()) return;
  for (const Teacher* t : it->second)
    for (bool ect : {true, false})
      for (const TrainingPeriod& tp : t->role(ect).training)
        if (tp.partnership_id == id) out.emplace_back(tp.started_on, tp.finished_on);
}

// The last partnership's spans, kept while Model::render_memo stays the same:
// a rerender takes a partnership's spans for its window, then renders it.
struct SpansMemo {
  std::uint64_t generation = 0;
  std::string id;
  std::vector<std::pair<std::string, std::string>> spans;
};

const std::vector<std::pair<std::string, std::string>>& partnership_spans(const Model& m, const std::string& id) {
  thread_local SpansMemo memo;
  if (m.render_memo == 0 || memo.generation != m.render_memo || memo.id != id) {
    partnership_spans(m, id, memo.spans);
    memo.generation = m.render_memo;
    memo.id = id;
  }
  return memo.spans;
}

int count_training(const std::vector<std::pair<std::string, std::string>>& spans, const std::string& today) {
  int n = 0;
  for (const auto& [started, finished] : spans)
    if (ongoing(started, finished, today)) ++n;
  return n;
}

TrainingWindow training_window(const std::vector<std::pair<std::string, std::string>>& spans, const std::string& today) {
  TrainingWindow w;
  w.from = today;
  for (const auto& [started, finished] : spans) {
    if (ongoing(started, finished, today)) ++w.count;
    if (started > today && (w.starts.empty() || started < w.starts)) w.starts = started;
    if (!finished.empty() && finished >= today && (w.ends.empty() || finished < w.ends)) w.ends = finished;
  }
  return w;
}

const School* school_by_key(const Model& m, const std::string& key) {
  auto it = m.current_urn_of_key.find(key);
  return Model::find(m.schools, it == m.current_urn_of_key.end() ? key : it->second);
}

RenderResult render(const Model& m, Resource r, const std::string& scope, const std::string& id, std::string& attrs,
                    std::string& hidden, const std::string& day, const Presentation* pres) {
  switch (r) {
    case Resource::kPartnership: return partnership(m, id, attrs, hidden, day, pres);
    case Resource::kSchool: return school(m, scope, id, attrs, hidden, pres);
    case Resource::kDeliveryPartner: return delivery_partner(m, scope, id, attrs, hidden, pres);
    case Resource::kStatement: return statement(m, id, attrs, hidden, pres);
    default: return render_teacher_resource(m, r, scope, id, attrs, hidden, pres);
  }
}

bool matches(const Model& m, Resource r, const std::string& scope, const std::string& id, const Query& q) {
  switch (r) {
    case Resource::kPartnership: {
      const Partnership* p = Model::find(m.pships, id);
      if (p == nullptr) return false;
      if (q.cohorts && !in_list(*q.cohorts, std::to_string(p->year))) return false;
      if (q.delivery_partner_ids && !in_list(*q.delivery_partner_ids, p->dp)) return false;
      return true;
    }
    case Resource::kSchool: {
      if (!q.urn) return true;
      const School* sc = school_by_key(m, id);
      return sc != nullptr && sc->urn == *q.urn;
    }
    case Resource::kDeliveryPartner: {
      if (!q.cohorts) return true;
      const DeliveryPartner* dp = Model::find(m.dps, id);
      return dp != nullptr && std::any_of(dp->pairs.begin(), dp->pairs.end(), [&](const auto& pair) {
               return pair.first == scope && in_list(*q.cohorts, std::to_string(pair.second));
             });
    }
    case Resource::kStatement: {
      if (!q.cohorts) return true;
      const Statement* st = Model::find(m.stmts, id);
      return st != nullptr && in_list(*q.cohorts, std::to_string(st->year));
    }
    default:
      return teacher_resource_matches(m, r, scope, id, q);
  }
}

std::string statement_payment_date(const Model& m, const std::string& id) {
  const Statement* st = Model::find(m.stmts, id);
  return st ? st->payment_date : std::string();
}

}  // namespace rect::projections::lead_provider
