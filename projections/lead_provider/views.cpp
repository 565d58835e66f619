// LeadProviderViews: the Projection glue (fold, watermark, persistence) and the queries.
#include "projections/lead_provider/views.h"

#include <algorithm>
#include <mutex>
#include <shared_mutex>

#include "projections/lead_provider/model.h"

namespace rect::projections::lead_provider {
std::string view_key(Resource r, const std::string& scope, const std::string& id) {
  return std::string("v/") + resource_tag(r) + "/" + scope + "/" + id;
}

namespace {

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

// The JSON text of `v` as `lp` sees it on `today`, from the view's cache when
// the day matches (see View::presented).
std::string present_text(const Model& m, Resource r, const std::string& id, const View& v, const std::string& lp,
                         domain::Date today) {
  if (r == Resource::kSchool) return present(r, id, v, lp, today).dump();
  {
    std::lock_guard<std::mutex> l(m.presented_mu.mu);
    if (v.presented && v.presented->day == today) return v.presented->text;
  }
  auto fresh = std::make_shared<const View::Presented>(View::Presented{today, present(r, id, v, lp, today).dump()});
  std::lock_guard<std::mutex> l(m.presented_mu.mu);
  v.presented = fresh;
  return fresh->text;
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
  if (auto it = views.find(key); it != views.end() && it->second.created == v.created) {
    it->second = std::move(v);
    return;
  }
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
    impl_->model.check_changed_teachers();
    impl_->model.rerender(touched, e.recorded_at);
  } catch (const Json::exception& ex) {
    return Status(Code::kCorruption, "event " + std::to_string(e.position.value()) + " (" + e.data.type + "): " + ex.what());
  }
  return Status::ok();
}

void LeadProviderViews::drain_changes(std::vector<RecordChange>& out) {
  Model& m = impl_->model;
  std::vector<std::string> keys(m.dirty.begin(), m.dirty.end());
  std::sort(keys.begin(), keys.end());
  for (const std::string& key : keys) {
    if (key.rfind("e/", 0) == 0) {
      const std::size_t slash = key.find('/', 2);
      const Json* j = m.entity(std::string_view(key).substr(2, slash - 2), std::string_view(key).substr(slash + 1));
      out.emplace_back(key, j == nullptr ? std::nullopt : std::optional<std::string>(j->dump()));
    } else {
      auto it = m.views.find(key);
      if (it == m.views.end()) {
        out.emplace_back(key, std::nullopt);
      } else {
        // The dump of {"a", "c", "h", "u"} (keys in order), without copying the view.
        const View& v = it->second;
        std::string value = "{\"a\":";
        value.append(v.attrs.dump()).append(",\"c\":").append(std::to_string(v.created));
        value.append(",\"h\":").append(v.hidden.dump()).append(",\"u\":").append(std::to_string(v.updated)).append("}");
        out.emplace_back(key, std::move(value));
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
    const std::size_t slash = k.find('/', 2);
    if (slash == std::string::npos) return Status(Code::kCorruption, "lead_provider_api: bad entity key " + k);
    const std::string kind = k.substr(2, slash - 2), id = k.substr(slash + 1);
    Model& m = impl_->model;
    m.index_entity(kind, id, j);
    if (kind == "teacher") m.remember_inputs(id, j);
    m.entities[kind][id] = std::move(j);
    if (kind == "cp") m.years.reset();
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
      out.push_back(present_text(m, r, id, vit->second, lp, today));
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
    out.push_back(present_text(m, r, *hits[i].first, *hits[i].second, lp, today));
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
  return present_text(m, r, key_id, it->second, lp, domain::london_date(now));
}

std::optional<std::string> LeadProviderViews::school_urn(const std::string& school_id) const {
  std::shared_lock lock(this->lock());
  const Model& m = impl_->model;
  if (auto it = m.urn_of_school_id.find(school_id); it != m.urn_of_school_id.end()) {
    auto now = m.current_urn_of_key.find(it->second);
    return now == m.current_urn_of_key.end() ? it->second : now->second;
  }
  if (m.entity("school", school_id) != nullptr) return school_id;
  return std::nullopt;
}

}  // namespace rect::projections::lead_provider
