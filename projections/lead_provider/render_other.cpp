// Renders partnerships, schools per cohort, delivery partners and statements,
// and turns a stored View into the API's JSON with its time-derived fields.
#include <algorithm>
#include <array>
#include <cstdio>

#include "projections/lead_provider/model.h"

namespace rect::projections::lead_provider {
namespace {

const std::string& s(const Json& j, const char* k) {
  static const std::string kEmpty;
  auto it = j.find(k);
  return it != j.end() && it->is_string() ? it->get_ref<const std::string&>() : kEmpty;
}
Json str_or_null(const std::string& v) { return v.empty() ? Json(nullptr) : Json(v); }

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

// The programme, year and lead providers of the training periods at a school.
struct SchoolTraining {
  bool provider_led = false, school_led = false;
  std::set<std::string> lead_providers;
};

// Per cohort year, in one pass over the school's teachers.
std::map<int, SchoolTraining> training_at(const Model& m, const std::string& urn, const std::set<int>& years) {
  std::map<int, SchoolTraining> out;
  for (int y : years) out[y];
  auto it = m.teachers_at_school.find(urn);
  if (it == m.teachers_at_school.end()) return out;
  struct Range {
    SchoolTraining* year;
    std::string from, to;
  };
  std::vector<Range> ranges;
  for (auto& [y, tr] : out) {
    const Json* cp = m.entity("cp", std::to_string(y));
    if (cp != nullptr && !s(*cp, "started_on").empty()) ranges.push_back({&tr, s(*cp, "started_on"), s(*cp, "finished_on")});
  }
  for (const std::string& id : it->second) {
    const Json* t = m.entity("teacher", id);
    if (t == nullptr) continue;
    for (const char* role : {"ect", "mentor"}) {
      std::set<std::string> here;
      for (const Json& p : (*t)[role]["placements"])
        if (s(p, "urn") == urn) here.insert(s(p, "id"));
      if (here.empty()) continue;
      for (const Json& tp : (*t)[role]["training"]) {
        if (!here.count(s(tp, "placement_id"))) continue;
        const std::string programme = s(tp, "programme");
        if (programme == "provider_led") {
          auto y = out.find(tp.value("year", 0));
          if (y == out.end()) continue;
          y->second.provider_led = true;
          for (const char* k : {"lp", "eoi_lp"})
            if (!s(tp, k).empty()) y->second.lead_providers.insert(s(tp, k));
        } else if (programme == "school_led") {
          const std::string started = s(tp, "started_on");
          for (Range& r : ranges)
            if (started >= r.from && (r.to.empty() || started <= r.to)) r.year->school_led = true;
        }
      }
    }
  }
  return out;
}

const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                               "July",    "August",   "September", "October", "November", "December"};

}  // namespace

std::string school_api_id(std::string_view urn) {
  const std::uint64_t a = fnv(urn, 0xcbf29ce484222325ULL), b = fnv(urn, 0x84222325cbf29ce4ULL ^ a);
  std::array<unsigned char, 16> bytes{};
  for (int i = 0; i < 8; ++i) {
    bytes[i] = static_cast<unsigned char>(a >> (56 - 8 * i));
    bytes[8 + i] = static_cast<unsigned char>(b >> (56 - 8 * i));
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x80);  // version 8: custom
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  std::string out;
  char buf[3];
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    std::snprintf(buf, sizeof buf, "%02x", bytes[i]);
    out += buf;
  }
  return out;
}

int count_training(const Json& spans, const std::string& today) {
  int n = 0;
  for (const Json& sp : spans)
    if (ongoing(sp[0].get_ref<const std::string&>(), sp[1].get_ref<const std::string&>(), today)) ++n;
  return n;
}

TrainingWindow training_window(const Json& spans, const std::string& today) {
  TrainingWindow w;
  w.from = today;
  for (const Json& sp : spans) {
    const std::string& started = sp[0].get_ref<const std::string&>();
    const std::string& finished = sp[1].get_ref<const std::string&>();
    if (ongoing(started, finished, today)) ++w.count;
    if (started > today && (w.starts.empty() || started < w.starts)) w.starts = started;
    if (!finished.empty() && finished >= today && (w.ends.empty() || finished < w.ends)) w.ends = finished;
  }
  return w;
}

const Json& member(const Json& j, const char* k) {
  static const Json kNull;
  if (!j.is_object()) {
    (void)j.value(k, kNull);  // throws type_error, as value() on a non-object always did here
    return kNull;
  }
  auto it = j.find(k);
  return it == j.end() ? kNull : *it;
}

std::string iso(std::int64_t micros) { return Timestamp(micros).to_iso8601(); }

std::optional<Rendered> render_partnership(const Model& m, const std::string& id, domain::Date today) {
  const Json* pj = m.entity("pship", id);
  if (pj == nullptr) return std::nullopt;
  const Json& p = *pj;
  const Json* sc = m.entity("school", s(p, "urn"));
  const Json* dp = m.entity("dp", s(p, "dp"));
  Json spans = Json::array();
  if (auto it = m.teachers_in_partnership.find(id); it != m.teachers_in_partnership.end())
    for (const std::string& tid : it->second)
      if (const Json* t = m.entity("teacher", tid))
        for (const char* role : {"ect", "mentor"})
          for (const Json& tp : (*t)[role]["training"])
            if (s(tp, "partnership_id") == id) spans.push_back(Json::array({s(tp, "started_on"), s(tp, "finished_on")}));
  Rendered r;
  r.attrs = Json{{"cohort", std::to_string(p.value("year", 0))},
                 {"urn", s(p, "urn")},
                 {"school_id", school_api_id(m.school_key(s(p, "urn")))},
                 {"delivery_partner_id", s(p, "dp")},
                 {"delivery_partner_name", dp ? s(*dp, "name") : std::string()},
                 {"induction_tutor_name", sc ? str_or_null(s(*sc, "tutor_name")) : Json(nullptr)},
                 {"induction_tutor_email", sc ? str_or_null(s(*sc, "tutor_email")) : Json(nullptr)},
                 {"created_at", iso(p.value("created", std::int64_t{0}))}};
  r.compare = Json::array({r.attrs, count_training(spans, today.to_string())});
  r.hidden = Json{{"spans", std::move(spans)}};
  r.created = p.value("created", std::int64_t{0});
  return r;
}

std::vector<std::pair<int, std::optional<Rendered>>> render_school(const Model& m, const std::set<int>& years,
                                                                   const std::string& urn) {
  std::vector<std::pair<int, std::optional<Rendered>>> out;
  const Json* sj = m.entity("school", urn);
  if (sj == nullptr) {
    for (int y : years) out.emplace_back(y, std::nullopt);
    return out;
  }
  const Json& sc = *sj;
  const std::map<int, SchoolTraining> training = training_at(m, urn, years);
  for (const auto& [year, tr] : training) {
    bool in_partnership = false;
    std::set<std::string> eoi;
    for (const Json& pid : member(sc, "partnerships"))
      if (const Json* p = m.entity("pship", pid.get_ref<const std::string&>()); p && p->value("year", 0) == year) {
        in_partnership = true;
        eoi.insert(s(*p, "lp"));
      }
    if (!sc.value("eligible", false) && !in_partnership) {
      out.emplace_back(year, std::nullopt);
      continue;
    }
    eoi.insert(tr.lead_providers.begin(), tr.lead_providers.end());
    Rendered r;
    r.attrs = Json{{"name", s(sc, "name")},
                   {"urn", urn},
                   {"cohort", std::to_string(year)},
                   {"in_partnership", in_partnership},
                   {"induction_programme_choice", tr.provider_led ? "provider_led" : tr.school_led ? "school_led" : "not_yet_known"},
                   {"created_at", iso(sc.value("created", std::int64_t{0}))}};
    r.hidden = Json{{"eoi", eoi}, {"tutor_name", s(sc, "tutor_name")}, {"tutor_email", s(sc, "tutor_email")}};
    r.compare = Json::array({r.attrs, r.hidden});
    r.created = sc.value("created", std::int64_t{0});
    out.emplace_back(year, std::move(r));
  }
  return out;
}

std::optional<Rendered> render_delivery_partner(const Model& m, const std::string& lp, const std::string& dp_id) {
  const Json* dj = m.entity("dp", dp_id);
  if (dj == nullptr) return std::nullopt;
  std::set<int> years;
  for (const Json& pair : member(*dj, "pairs"))
    if (pair[0].get<std::string>() == lp) years.insert(pair[1].get<int>());
  if (years.empty()) return std::nullopt;
  Json cohorts = Json::array();
  for (int y : years) cohorts.push_back(std::to_string(y));
  Rendered r;
  r.attrs = Json{{"name", s(*dj, "name")}, {"cohort", std::move(cohorts)},
                 {"created_at", iso(dj->value("created", std::int64_t{0}))}};
  r.hidden = Json::object();
  r.compare = r.attrs;
  r.created = dj->value("created", std::int64_t{0});
  return r;
}

std::optional<Rendered> render_statement(const Model& m, const std::string& id) {
  const Json* sj = m.entity("stmt", id);
  if (sj == nullptr) return std::nullopt;
  const Json& st = *sj;
  const std::string fee = s(st, "fee_type");
  if (!fee.empty() && fee != "output") return std::nullopt;
  const int month = st.value("month", 0);
  Rendered r;
  r.attrs = Json{{"month", month >= 1 && month <= 12 ? kMonths[month - 1] : ""},
                 {"year", std::to_string(st.value("calendar_year", 0))},
                 {"cohort", std::to_string(st.value("year", 0))},
                 {"cut_off_date", s(st, "deadline_date")},
                 {"payment_date", s(st, "payment_date")},
                 {"paid", s(st, "status") == "paid"},
                 {"created_at", iso(st.value("created", std::int64_t{0}))}};
  r.hidden = Json::object();
  r.compare = r.attrs;
  r.created = st.value("created", std::int64_t{0});
  return r;
}

Json present(Resource r, const std::string& id, const View& v, const std::string& lp, domain::Date today) {
  Json attrs = v.attrs;
  attrs["updated_at"] = iso(v.updated);
  const std::string day = today.to_string();
  switch (r) {
    case Resource::kParticipant: {
      const Json& inputs = v.hidden["status"];
      for (std::size_t i = 0; i < attrs["ecf_enrolments"].size() && i < inputs.size(); ++i) {
        const Json& in = inputs[i];
        const std::string start = s(in, "started_on"), end = s(in, "finished_on");
        std::string status = "active";
        if (in.value("stopped", false)) status = !end.empty() && end > day ? "leaving" : "left";
        else if (in.value("completed", false)) status = "active";
        else if (!end.empty()) status = end > day ? "leaving" : "left";
        else if (start > day) status = "joining";
        attrs["ecf_enrolments"][i]["participant_status"] = status;
      }
      break;
    }
    case Resource::kTransfer: {
      const Json& dates = v.hidden["dates"];
      for (std::size_t i = 0; i < attrs["transfers"].size() && i < dates.size(); ++i) {
        const std::string out = dates[i][0].get<std::string>(), in = dates[i][1].get<std::string>();
        attrs["transfers"][i]["status"] = out > day || (!in.empty() && in > day) ? "incomplete" : "complete";
      }
      break;
    }
    case Resource::kPartnership:
      attrs["participants_currently_training"] = count_training(v.hidden["spans"], day);
      break;
    case Resource::kSchool: {
      const bool eoi = v.hidden["eoi"].is_array() &&
                       std::find(v.hidden["eoi"].begin(), v.hidden["eoi"].end(), Json(lp)) != v.hidden["eoi"].end();
      attrs["expression_of_interest"] = eoi;
      attrs["induction_tutor_name"] = eoi ? str_or_null(s(v.hidden, "tutor_name")) : Json(nullptr);
      attrs["induction_tutor_email"] = eoi ? str_or_null(s(v.hidden, "tutor_email")) : Json(nullptr);
      break;
    }
    default:
      break;
  }
  return Json{{"id", r == Resource::kSchool ? school_api_id(id) : id}, {"type", resource_type(r)}, {"attributes", std::move(attrs)}};
}

}  // namespace rect::projections::lead_provider
