// LeadProviderViews: the Projection glue (fold, watermark, persistence) and the queries.
#include "projections/lead_provider/views.h"

#include <algorithm>
#include <mutex>
#include <shared_mutex>

#include "projections/lead_provider/model.h"

namespace rect::projections::lead_provider {
namespace {

std::uint64_t fingerprint(const Json& j) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : j.dump()) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string view_key(Resource r, const std::string& scope, const std::string& id) {
  return std::string("v/") + resource_tag(r) + "/" + scope + "/" + id;
}

bool in_list(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

// Whether a stored view passes the query's filters.
bool matches(Resource r, const View& v, const Query& q) {
  if (q.updated_since && v.updated < q.updated_since->micros()) return false;
  const Json& a = v.attrs;
  switch (r) {
    case Resource::kParticipant: {
      const Json& es = a["ecf_enrolments"];
      if (q.cohorts && std::none_of(es.begin(), es.end(), [&](const Json& e) { return in_list(*q.cohorts, e["cohort"]); }))
        return false;
      if (q.training_status &&
          std::none_of(es.begin(), es.end(), [&](const Json& e) { return e["training_status"] == *q.training_status; }))
        return false;
      if (q.from_participant_id) {
        const Json& cs = a["participant_id_changes"];
        if (std::none_of(cs.begin(), cs.end(), [&](const Json& c) { return c["from_participant_id"] == *q.from_participant_id; }))
          return false;
      }
      return true;
    }
    case Resource::kDeclaration:
      if (q.cohorts && !in_list(*q.cohorts, v.hidden.value("cohort", ""))) return false;
      if (q.participant_ids && !in_list(*q.participant_ids, a.value("participant_id", ""))) return false;
      if (q.delivery_partner_ids && !in_list(*q.delivery_partner_ids, a.value("delivery_partner_id", ""))) return false;
      return true;
    case Resource::kPartnership:
      if (q.cohorts && !in_list(*q.cohorts, a.value("cohort", ""))) return false;
      if (q.delivery_partner_ids && !in_list(*q.delivery_partner_ids, a.value("delivery_partner_id", ""))) return false;
      return true;
    case Resource::kSchool:
      return !q.urn || a.value("urn", "") == *q.urn;
    case Resource::kDeliveryPartner:
      if (q.cohorts) {
        const Json& cs = a["cohort"];
        if (std::none_of(cs.begin(), cs.end(), [&](const Json& c) { return in_list(*q.cohorts, c); })) return false;
      }
      return true;
    case Resource::kStatement:
      return !q.cohorts || in_list(*q.cohorts, a.value("cohort", ""));
    default:
      return true;
  }
}

}  // namespace

const char* resource_tag(Resource r) {
  switch (r) {
    case Resource::kParticipant: return "participant";
    case Resource::kDeclaration: return "declaration";
    case Resource::kPartnership: return "partnership";
    case Resource::kSchool: return "school";
    case Resource::kDeliveryPartner: return "delivery_partner";
    case Resource::kStatement: return "statement";
    case Resource::kTransfer: return "transfer";
    case Resource::kUnfundedMentor: return "unfunded_mentor";
  }
  return "";
}

const char* resource_type(Resource r) {
  switch (r) {
    case Resource::kParticipant: return "participant";
    case Resource::kDeclaration: return "participant-declaration";
    case Resource::kPartnership: return "partnership";
    case Resource::kSchool: return "school";
    case Resource::kDeliveryPartner: return "delivery-partner";
    case Resource::kStatement: return "statement";
    case Resource::kTransfer: return "participant-transfer";
    case Resource::kUnfundedMentor: return "unfunded-mentor";
  }
  return "";
}

void Model::install_view(const std::string& key, View v) {
  const auto a = key.find('/', 2), b = key.find('/', a + 1);
  const std::string tag = key.substr(2, a - 2), scope = key.substr(a + 1, b - a - 1), id = key.substr(b + 1);
  auto it = views.find(key);
  if (it != views.end()) order[tag + "/" + scope].erase({it->second.created, id});
  order[tag + "/" + scope].insert({v.created, id});
  scopes_of[tag + "/" + id].insert(scope);
  views[key] = std::move(v);
}

void Model::remove_view(const std::string& key) {
  auto it = views.find(key);
  if (it == views.end()) return;
  const auto a = key.find('/', 2), b = key.find('/', a + 1);
  const std::string tag = key.substr(2, a - 2), scope = key.substr(a + 1, b - a - 1), id = key.substr(b + 1);
  order[tag + "/" + scope].erase({it->second.created, id});
  scopes_of[tag + "/" + id].erase(scope);
  views.erase(it);
  dirty.insert(key);
}

void Model::put_view(Resource r, const std::string& scope, const std::string& id, std::optional<Rendered> rendered,
                     Timestamp at) {
  const std::string key = view_key(r, scope, id);
  if (!rendered) {
    remove_view(key);
    return;
  }
  const std::uint64_t fp = fingerprint(rendered->compare);
  auto it = views.find(key);
  View v;
  v.attrs = std::move(rendered->attrs);
  v.hidden = std::move(rendered->hidden);
  v.hidden["fp"] = fp;
  if (it != views.end()) {
    v.created = it->second.created;
    const bool same = it->second.hidden.value("fp", std::uint64_t{0}) == fp;
    v.updated = same ? it->second.updated : at.micros();
    if (same && it->second.attrs == v.attrs && it->second.hidden == v.hidden) return;
  } else {
    v.created = rendered->created;
    v.updated = at.micros();
  }
  dirty.insert(key);
  install_view(key, std::move(v));
}

void Model::rerender(const Touched& t, Timestamp at) {
  const domain::Date today = domain::london_date(at);
  std::set<std::string> teachers = t.teachers, partnerships = t.partnerships, schools = t.schools;
  auto all_of = [&](const std::string& kind, std::set<std::string>& into) {
    if (auto it = ids_of_kind.find(kind); it != ids_of_kind.end()) into.insert(it->second.begin(), it->second.end());
  };
  if (t.all_teachers) all_of("teacher", teachers);
  if (t.all_partnerships) all_of("pship", partnerships);
  if (t.all_schools) all_of("school", schools);

  auto scopes = [&](Resource r, const std::string& id, std::set<std::string> base) {
    if (auto it = scopes_of.find(std::string(resource_tag(r)) + "/" + id); it != scopes_of.end())
      base.insert(it->second.begin(), it->second.end());
    return base;
  };
  std::set<std::string> mentors;
  for (const std::string& id : teachers) {
    const std::set<std::string> lps = teacher_lead_providers(*this, id);
    for (const std::string& lp : scopes(Resource::kParticipant, id, lps))
      put_view(Resource::kParticipant, lp, id, render_participant(*this, lp, id, today), at);
    for (const std::string& lp : scopes(Resource::kTransfer, id, lps))
      put_view(Resource::kTransfer, lp, id, render_transfer(*this, lp, id), at);
    mentors.insert(id);
    if (const Json* tj = entity("teacher", id)) {
      for (const Json& d : (*tj)["decls"])
        for (const std::string& lp : scopes(Resource::kDeclaration, d.get<std::string>(), lps))
          put_view(Resource::kDeclaration, lp, d.get<std::string>(), render_declaration(*this, lp, d.get<std::string>()), at);
      for (const Json& ms : (*tj)["ect"]["mentorships"]) mentors.insert(ms.value("mentor_id", ""));
      for (const char* role : {"ect", "mentor"})
        for (const Json& p : (*tj)[role]["placements"]) schools.insert(p.value("urn", ""));
    }
  }
  for (const std::string& id : mentors)
    for (const std::string& lp : scopes(Resource::kUnfundedMentor, id, mentee_lead_providers(*this, id)))
      put_view(Resource::kUnfundedMentor, lp, id, render_unfunded_mentor(*this, lp, id), at);
  std::set<int> years;
  if (auto it = ids_of_kind.find("cp"); it != ids_of_kind.end())
    for (const std::string& id : it->second)
      if (const Json* cp = entity("cp", id)) years.insert(cp->value("year", 0));
  for (const std::string& urn : schools) {
    for (int y : years) put_view(Resource::kSchool, std::to_string(y), urn, render_school(*this, y, urn), at);
    if (const Json* sc = entity("school", urn))
      for (const Json& pid : sc->value("partnerships", Json::array())) partnerships.insert(pid.get<std::string>());
  }
  for (const std::string& id : partnerships)
    if (const Json* p = entity("pship", id))
      put_view(Resource::kPartnership, p->value("lp", ""), id, render_partnership(*this, id, today), at);
  for (const std::string& id : t.delivery_partners) {
    std::set<std::string> lps;
    if (const Json* dp = entity("dp", id))
      for (const Json& pair : dp->value("pairs", Json::array())) lps.insert(pair[0].get<std::string>());
    for (const std::string& lp : scopes(Resource::kDeliveryPartner, id, lps))
      put_view(Resource::kDeliveryPartner, lp, id, render_delivery_partner(*this, lp, id), at);
  }
  for (const std::string& id : t.statements)
    if (const Json* st = entity("stmt", id))
      put_view(Resource::kStatement, st->value("lead_provider_id", ""), id, render_statement(*this, id), at);
}

struct LeadProviderViews::Impl {
  Model model;
};

LeadProviderViews::LeadProviderViews() : impl_(std::make_unique<Impl>()) {}
LeadProviderViews::~LeadProviderViews() = default;

Status LeadProviderViews::apply(const RecordedEvent& e) {
  Json payload = Json::parse(e.data.payload, nullptr, false);
  if (payload.is_discarded() || !payload.is_object())
    return Status(Code::kCorruption, "event " + std::to_string(e.position.value()) + ": payload is not a JSON object");
  Touched touched;
  try {
    impl_->model.fold(e, payload, touched);
    impl_->model.rerender(touched, e.recorded_at);
  } catch (const Json::exception& ex) {
    return Status(Code::kCorruption, "event " + std::to_string(e.position.value()) + " (" + e.data.type + "): " + ex.what());
  }
  return Status::ok();
}

void LeadProviderViews::drain_changes(std::vector<RecordChange>& out) {
  Model& m = impl_->model;
  for (const std::string& key : m.dirty) {
    if (key.rfind("e/", 0) == 0) {
      auto it = m.entities.find(key);
      out.emplace_back(key, it == m.entities.end() ? std::nullopt : std::optional<std::string>(it->second.dump()));
    } else {
      auto it = m.views.find(key);
      if (it == m.views.end()) {
        out.emplace_back(key, std::nullopt);
      } else {
        const View& v = it->second;
        out.emplace_back(key, Json{{"a", v.attrs}, {"h", v.hidden}, {"c", v.created}, {"u", v.updated}}.dump());
      }
    }
  }
  m.dirty.clear();
}

Status LeadProviderViews::load(std::string_view key, std::string_view value) {
  Json j = Json::parse(value, nullptr, false);
  if (j.is_discarded()) return Status(Code::kCorruption, "lead_provider_api: bad record " + std::string(key));
  const std::string k(key);
  if (k.rfind("e/", 0) == 0) {
    impl_->model.index_entity(k, j);
    impl_->model.note_kind(k, true);
    impl_->model.entities[k] = std::move(j);
  } else if (k.rfind("v/", 0) == 0 && j.is_object()) {
    View v;
    v.attrs = std::move(j["a"]);
    v.hidden = std::move(j["h"]);
    v.created = j.value("c", std::int64_t{0});
    v.updated = j.value("u", std::int64_t{0});
    impl_->model.install_view(k, std::move(v));
  } else {
    return Status(Code::kCorruption, "lead_provider_api: unknown record " + k);
  }
  return Status::ok();
}

void LeadProviderViews::clear() { impl_->model = Model(); }

std::vector<std::string> LeadProviderViews::list(Resource r, const std::string& lp, const Query& q, Timestamp now) const {
  std::shared_lock lock(this->lock());
  const Model& m = impl_->model;
  const std::string scope = r == Resource::kSchool ? std::to_string(q.school_cohort.value_or(0)) : lp;
  std::vector<std::string> out;
  auto oit = m.order.find(std::string(resource_tag(r)) + "/" + scope);
  if (oit == m.order.end() || q.per_page == 0 || q.page == 0) return out;
  const domain::Date today = domain::london_date(now);
  const std::size_t skip = (q.page - 1) * q.per_page;
  const bool default_order = r == Resource::kDeclaration || (r != Resource::kStatement && q.sort.empty());
  std::vector<std::pair<const std::string*, const View*>> hits;
  std::size_t seen = 0;
  for (const auto& [created, id] : oit->second) {
    auto vit = m.views.find(view_key(r, scope, id));
    if (vit == m.views.end() || !matches(r, vit->second, q)) continue;
    if (default_order) {
      if (seen++ < skip) continue;
      out.push_back(present(r, id, vit->second, lp, today).dump());
      if (out.size() == q.per_page) break;
    } else {
      hits.push_back({&id, &vit->second});
    }
  }
  if (default_order) return out;
  auto cmp = [&](const std::pair<const std::string*, const View*>& x, const std::pair<const std::string*, const View*>& y) {
    if (r == Resource::kStatement) {
      const std::string a = x.second->attrs.value("payment_date", ""), b = y.second->attrs.value("payment_date", "");
      if (a != b) return a < b;
    } else {
      for (const SortKey& k : q.sort) {
        const std::int64_t a = k.field == "updated_at" ? x.second->updated : x.second->created;
        const std::int64_t b = k.field == "updated_at" ? y.second->updated : y.second->created;
        if (a != b) return k.descending ? a > b : a < b;
      }
    }
    if (x.second->created != y.second->created) return x.second->created < y.second->created;
    return *x.first < *y.first;
  };
  std::stable_sort(hits.begin(), hits.end(), cmp);
  for (std::size_t i = skip; i < hits.size() && out.size() < q.per_page; ++i)
    out.push_back(present(r, *hits[i].first, *hits[i].second, lp, today).dump());
  return out;
}

std::optional<std::string> LeadProviderViews::find(Resource r, const std::string& lp, const std::string& id, Timestamp now,
                                                   std::optional<int> cohort) const {
  std::shared_lock lock(this->lock());
  const Model& m = impl_->model;
  std::string key_id = id, scope = lp;
  if (r == Resource::kSchool) {
    if (!cohort) return std::nullopt;
    scope = std::to_string(*cohort);
    auto it = m.urn_of_school_id.find(id);
    if (it == m.urn_of_school_id.end()) return std::nullopt;
    key_id = it->second;
  }
  auto it = m.views.find(view_key(r, scope, key_id));
  if (it == m.views.end()) return std::nullopt;
  return present(r, key_id, it->second, lp, domain::london_date(now)).dump();
}

std::optional<std::string> LeadProviderViews::school_urn(const std::string& school_id) const {
  std::shared_lock lock(this->lock());
  const Model& m = impl_->model;
  if (auto it = m.urn_of_school_id.find(school_id); it != m.urn_of_school_id.end()) return it->second;
  if (m.entity("school", school_id) != nullptr) return school_id;
  return std::nullopt;
}

}  // namespace rect::projections::lead_provider
