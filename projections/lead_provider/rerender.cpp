// Re-rendering after a fold: the views an event reaches (skipping subjects
// whose inputs did not change since their last render) and the watermark rule.
#include <utility>

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

// Whether a stored view's hidden fields are the rendered ones plus its "fp".
bool same_hidden(const Json& stored, const Json& rendered) {
  if (!stored.is_object() || !rendered.is_object() || !stored.contains("fp") || stored.size() != rendered.size() + 1)
    return false;
  for (auto it = rendered.begin(); it != rendered.end(); ++it) {
    auto s = stored.find(it.key());
    if (s == stored.end() || *s != *it) return false;
  }
  return true;
}

}  // namespace

void Model::put_view(Resource r, const std::string& scope, const std::string& id, std::optional<Rendered> rendered,
                     Timestamp at) {
  const std::string key = view_key(r, scope, id);
  if (!rendered) {
    remove_view(key);
    return;
  }
  auto it = views.find(key);
  // Every resource but partnerships fingerprints exactly its attributes and
  // hidden fields, partnerships add their count of participants currently
  // training: when these are unchanged, so is the fingerprint, and the stored
  // view stays as it is.
  bool same_training = true;
  if (r == Resource::kPartnership) {
    const int n = rendered->compare[1].get<int>();
    auto [c, added] = partnership_training.try_emplace(key, n);
    same_training = !added && c->second == n;
    c->second = n;
  }
  if (it != views.end() && same_training && it->second.attrs == rendered->attrs &&
      same_hidden(it->second.hidden, rendered->hidden))
    return;
  const std::uint64_t fp = fingerprint(rendered->compare);
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

// The views reached are exactly those the event touches (directly, or through
// the teachers, schools and partnerships it touches); of those, a subject still
// fresh since its last render is skipped, because rendering it again would
// reproduce its stored views. A fresh partnership is rendered again only when
// the day moved out of its TrainingWindow and its count changed.
void Model::rerender(const Touched& t, Timestamp at) {
  const domain::Date today = domain::london_date(at);
  const std::string day = today.to_string();
  std::set<std::string> teachers = t.teachers, partnerships = t.partnerships, schools = t.schools;
  auto all_of = [&](std::string_view kind, std::set<std::string>& into) {
    if (auto it = entities.find(kind); it != entities.end())
      for (const auto& [id, j] : it->second) into.insert(id);
  };
  if (t.all_teachers) all_of("teacher", teachers);
  if (t.all_schools) all_of("school", schools);

  auto scopes = [&](Resource r, const std::string& id, const std::set<std::string>& base) {
    std::set<std::string> out = base;
    if (auto it = scopes_of.find(std::string(resource_tag(r)) + "/" + id); it != scopes_of.end())
      out.insert(it->second.begin(), it->second.end());
    return out;
  };
  std::set<std::string> mentors;
  for (const std::string& id : teachers) {
    std::optional<std::set<std::string>> lps;
    auto lead_providers = [&]() -> const std::set<std::string>& {
      if (!lps) lps = teacher_lead_providers(*this, id);
      return *lps;
    };
    if (!fresh.teachers.contains(id)) {
      for (const std::string& lp : scopes(Resource::kParticipant, id, lead_providers()))
        put_view(Resource::kParticipant, lp, id, render_participant(*this, lp, id, today), at);
      fresh.teachers.insert(id);
    }
    if (!fresh.transfers.contains(id)) {
      for (const std::string& lp : scopes(Resource::kTransfer, id, lead_providers()))
        put_view(Resource::kTransfer, lp, id, render_transfer(*this, lp, id), at);
      fresh.transfers.insert(id);
    }
    mentors.insert(id);
    if (const Json* tj = entity("teacher", id)) {
      for (const Json& d : (*tj)["decls"]) {
        const std::string& did = d.get_ref<const std::string&>();
        if (fresh.declarations.contains(did)) continue;
        for (const std::string& lp : scopes(Resource::kDeclaration, did, lead_providers()))
          put_view(Resource::kDeclaration, lp, did, render_declaration(*this, lp, did), at);
        fresh.declarations.insert(did);
      }
      for (const Json& ms : (*tj)["ect"]["mentorships"]) mentors.insert(ms.value("mentor_id", ""));
      for (const char* role : {"ect", "mentor"})
        for (const Json& p : (*tj)[role]["placements"]) schools.insert(p.value("urn", ""));
    }
  }
  for (const std::string& id : mentors) {
    if (fresh.mentors.contains(id)) continue;
    for (const std::string& lp : scopes(Resource::kUnfundedMentor, id, mentee_lead_providers(*this, id)))
      put_view(Resource::kUnfundedMentor, lp, id, render_unfunded_mentor(*this, lp, id), at);
    fresh.mentors.insert(id);
  }
  const std::set<int>& years = contract_years();
  for (const std::string& urn : schools) {
    // A URN no school has any more (replaced): its views live on under the school's key.
    const Json* school = entity("school", urn);
    if (school == nullptr) continue;
    std::set<int> stale_years;
    if (!fresh.schools.contains(urn)) {
      stale_years = years;
      fresh.schools.insert(urn);
    } else if (auto sy = fresh.school_years.find(urn); sy != fresh.school_years.end()) {
      for (int y : sy->second)
        if (years.contains(y)) stale_years.insert(y);
    }
    fresh.school_years.erase(urn);
    if (!stale_years.empty()) {
      const std::string key = school_key(urn);
      for (auto& [y, rendered] : render_school(*this, stale_years, urn))
        put_view(Resource::kSchool, std::to_string(y), key, std::move(rendered), at);
    }
    for (const Json& pid : member(*school, "partnerships")) partnerships.insert(pid.get_ref<const std::string&>());
  }
  auto refresh_partnership = [&](const std::string& id) {
    auto f = fresh.partnerships.find(id);
    if (f != fresh.partnerships.end() && f->second.holds(day)) return;
    const Json* p = entity("pship", id);
    if (p == nullptr) return;
    const std::string lp = p->value("lp", "");
    if (f != fresh.partnerships.end()) {
      if (auto v = views.find(view_key(Resource::kPartnership, lp, id)); v != views.end()) {
        TrainingWindow w = training_window(std::as_const(v->second.hidden)["spans"], day);
        if (w.count == f->second.count) {
          f->second = std::move(w);
          return;
        }
      }
    }
    std::optional<Rendered> rendered = render_partnership(*this, id, today);
    TrainingWindow w = rendered ? training_window(rendered->hidden["spans"], day) : TrainingWindow();
    put_view(Resource::kPartnership, lp, id, std::move(rendered), at);
    fresh.partnerships.insert_or_assign(id, std::move(w));
  };
  // Every partnership is a superset of the ones touched; the order of renders does not matter.
  if (!t.all_partnerships) {
    for (const std::string& id : partnerships) refresh_partnership(id);
  } else if (auto all = entities.find("pship"); all != entities.end()) {
    for (const auto& [id, p] : all->second) refresh_partnership(id);
  }
  for (const std::string& id : t.delivery_partners) {
    std::set<std::string> lps;
    if (const Json* dp = entity("dp", id))
      for (const Json& pair : member(*dp, "pairs")) lps.insert(pair[0].get<std::string>());
    for (const std::string& lp : scopes(Resource::kDeliveryPartner, id, lps))
      put_view(Resource::kDeliveryPartner, lp, id, render_delivery_partner(*this, lp, id), at);
  }
  for (const std::string& id : t.statements)
    if (const Json* st = entity("stmt", id))
      put_view(Resource::kStatement, st->value("lead_provider_id", ""), id, render_statement(*this, id), at);
}

}  // namespace rect::projections::lead_provider
