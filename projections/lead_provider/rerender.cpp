// Fingerprinting after a fold: the views an event reaches (skipping subjects
// whose inputs did not change since they were last fingerprinted) and the
// watermark rule.
#include <algorithm>
#include <utility>

#include "projections/lead_provider/json_text.h"
#include "projections/lead_provider/render.h"

namespace rect::projections::lead_provider {
namespace {

// A view's fingerprints from its render: `content` over the persisted
// attributes and hidden fields; `fp` over what the API shows, which is the
// same for every resource but partnerships, whose hidden spans only feed
// participants_currently_training: for them the count replaces the spans.
std::pair<std::uint64_t, std::uint64_t> fingerprints(Resource r, const std::string& attrs, const std::string& hidden,
                                                     int training) {
  const std::uint64_t a = hash64(attrs);
  const std::uint64_t content = hash64(hidden, a);
  if (r != Resource::kPartnership) return {content, content};
  return {hash64(std::to_string(training), a ^ 0x9e3779b97f4a7c15ULL), content};
}

// The view in `scope` of a subject's views, or null.
template <class Of>
auto scoped_in(Of& of, std::string_view scope) -> decltype(&of.front()) {
  for (auto& sv : of)
    if (*sv.scope == scope) return &sv;
  return nullptr;
}

}  // namespace

std::string view_key(Resource r, const std::string& scope, const std::string& id) {
  std::string key;
  key.reserve(4 + scope.size() + id.size() + 16);
  key.append("v/").append(resource_tag(r)).append("/").append(scope).append("/").append(id);
  return key;
}

const View* Model::find_view(Resource r, std::string_view id, std::string_view scope) const {
  const ViewsOf* of = find(views[index_of(r)], id);
  if (of == nullptr) return nullptr;
  const ScopedView* sv = scoped_in(*of, scope);
  return sv == nullptr ? nullptr : &sv->view;
}

View* Model::find_view(Resource r, std::string_view id, std::string_view scope) {
  return const_cast<View*>(std::as_const(*this).find_view(r, id, scope));
}

Model::ViewSlot Model::view_slot(Resource r, const std::string& id, std::string_view scope) {
  ViewsEntry& e = *views[index_of(r)].try_emplace(id).first;
  return {&e.first, &e.second, scoped_in(e.second, scope), &e};
}

ScopedView& Model::add_view(Resource r, ViewSlot& slot, std::string_view scope, View v) {
  const std::string* sym = intern(scope);
  if (keep_order) order[index_of(r)].try_emplace(*sym).first->second.insert({v.created, *slot.id});
  slot.of->push_back({sym, std::move(v)});
  slot.scoped = &slot.of->back();
  return *slot.scoped;
}

View& Model::install_view(Resource r, const std::string& id, const std::string& scope, View v) {
  ViewSlot slot = view_slot(r, id, scope);
  if (slot.scoped == nullptr) return add_view(r, slot, scope, std::move(v)).view;
  View& old = slot.scoped->view;
  if (keep_order && old.created != v.created) {
    auto& ordered = order[index_of(r)].try_emplace(scope).first->second;
    ordered.erase({old.created, id});
    ordered.insert({v.created, id});
  }
  old = std::move(v);
  return old;
}

void Model::set_keep_order(bool on) {
  if (on == keep_order) return;
  keep_order = on;
  for (std::size_t r = 0; r < kResources; ++r) {
    order[r].clear();
    if (!on) continue;
    for (const auto& [id, of] : views[r])
      for (const ScopedView& sv : of) order[r].try_emplace(*sv.scope).first->second.insert({sv.view.created, id});
  }
}

void Model::remove_view(Resource r, const std::string& id, const std::string& scope) {
  auto it = views[index_of(r)].find(id);
  if (it != views[index_of(r)].end()) remove_view(r, it->first, it->second, scope);
}

void Model::remove_view(Resource r, const std::string& key, ViewsOf& of, std::string_view scope) {
  for (auto sv = of.begin(); sv != of.end(); ++sv) {
    if (*sv->scope != scope) continue;
    if (keep_order)
      if (auto oit = order[index_of(r)].find(scope); oit != order[index_of(r)].end()) oit->second.erase({sv->view.created, key});
    removed_views.push_back({r, &key, sv->scope});
    views_sorted = false;
    of.erase(sv);
    return;
  }
}

namespace {

// One subject's views of one resource, looked up once for every scope a
// rerender renders it in; `key` and `of` stay null until it has an entry in
// Model::views (whose entries never move or go). With `cache`, the entity's
// own pointer to that entry: used when set, and set once the entry is known,
// so that later rerenders of the subject need no lookup.
struct Subject {
  Subject(Model& m, Resource res, const std::string& subject, ViewsEntry** entry_cache = nullptr)
      : r(res), id(subject), cache(entry_cache) {
    ViewsEntry* e = cache != nullptr ? *cache : nullptr;
    if (e == nullptr) {
      auto it = m.views[index_of(r)].find(id);
      if (it != m.views[index_of(r)].end()) e = &*it;
    }
    if (e != nullptr) found(*e);
  }
  void found(ViewsEntry& e) {
    key = &e.first;
    of = &e.second;
    if (cache != nullptr) *cache = &e;
  }
  Resource r;
  const std::string& id;
  ViewsEntry** cache;
  const std::string* key = nullptr;
  ViewsOf* of = nullptr;
};

// Renders one view for its fingerprints and applies the watermark rule: a new
// view is created and updated now; an existing one keeps `created`, and its
// `updated` moves only when `fp` changes.
void put_view(Model& m, Subject& s, const std::string& scope, Timestamp at, const std::string& day) {
  const Resource r = s.r;
  m.scratch_attrs.clear();
  m.scratch_hidden.clear();
  const RenderResult rr = render(m, r, scope, s.id, m.scratch_attrs, m.scratch_hidden, day, nullptr);
  if (!rr.visible) {
    if (s.of != nullptr) m.remove_view(r, *s.key, *s.of, scope);
    return;
  }
  const auto [fp, content] = fingerprints(r, m.scratch_attrs, m.scratch_hidden, rr.training);
  Model::ViewSlot slot{s.key, s.of, nullptr};
  if (s.of == nullptr) {
    slot = m.view_slot(r, s.id, scope);
    s.found(*slot.entry);
  } else {
    slot.scoped = scoped_in(*s.of, scope);
  }
  if (slot.scoped != nullptr) {
    View& v = slot.scoped->view;
    if (v.fp == fp && v.content == content) return;
    if (v.fp != fp) v.updated = at.micros();
    v.fp = fp;
    v.content = content;
    v.presented.reset();
  } else {
    View fresh;
    fresh.created = rr.created;
    fresh.updated = at.micros();
    fresh.fp = fp;
    fresh.content = content;
    m.add_view(r, slot, scope, std::move(fresh));
  }
  if (!slot.scoped->view.dirty) {
    slot.scoped->view.dirty = true;
    m.dirty_views.push_back({r, slot.id, slot.scoped->scope});
    m.views_sorted = false;
  }
}

// The scopes holding a view of this subject, added to `out`.
void scopes(const Subject& s, ScopeList& out) {
  if (s.of != nullptr)
    for (const ScopedView& sv : *s.of) out.add(*sv.scope);
}

}  // namespace

// The views reached are exactly those the event touches (directly, or through
// the teachers, schools and partnerships it touches); of those, a subject still
// fresh since its last render is skipped, because rendering it again would
// reproduce its fingerprints. A fresh partnership is rendered again only when
// the day moved out of its TrainingWindow and its count changed.
void Model::rerender(Touched& t, Timestamp at) {
  render_memo = next_render_memo();
  const domain::Date today = domain::london_date(at);
  if (day_of_rerender != today) {
    day_of_rerender = today;
    day_text = today.to_string();
  }
  const std::string& day = day_text;
  const bool back_in_time = day < latest_day;
  if (!back_in_time) latest_day = day;
  IdList& teacher_ids = t.teachers;
  IdList& school_urns = t.schools;
  IdList& partnership_ids = t.partnerships;
  if (t.all_teachers)
    for (const auto& [id, tj] : teachers) teacher_ids.push_back(id);
  std::vector<School*>& touched_schools = rerender_scratch.schools;
  touched_schools.clear();
  if (t.all_schools)
    for (auto& [urn, sc] : schools) touched_schools.push_back(&sc);
  teacher_ids.sort_unique();
  const std::size_t touched_teachers = teacher_ids.size();
  if (t.every_teacher_view)
    for (const auto& [id, tj] : teachers)
      if (!std::binary_search(teacher_ids.begin(), teacher_ids.begin() + static_cast<std::ptrdiff_t>(touched_teachers), id))
        teacher_ids.push_back(id);

  IdList& mentors = rerender_scratch.mentors;
  ScopeList& lps = rerender_scratch.lps;
  ScopeList& scoped = rerender_scratch.scoped;
  mentors.clear();
  for (std::size_t i = 0; i < teacher_ids.size(); ++i) {
    const std::string& id = teacher_ids[i];
    Teacher* tj = find(teachers, id);
    bool have_lps = false;
    // Renders the subject's view for each of the teacher's lead providers and
    // for each scope it already has a view in, but `skip`.
    auto each_scope = [&](Resource r, const std::string& subject, ViewsEntry** cache, std::string_view skip = {}) {
      if (!have_lps) {
        lps.clear();
        if (tj != nullptr) teacher_lead_providers(*tj, lps);
        have_lps = true;
      }
      Subject s(*this, r, subject, cache);
      scoped.assign(lps);
      scopes(s, scoped);
      for (const std::string& lp : scoped)
        if (lp != skip) put_view(*this, s, lp, at, day);
    };
    if (tj == nullptr || !is_fresh(tj->fresh_participant)) {
      each_scope(Resource::kParticipant, id, tj ? &tj->views_of[0] : nullptr);
      if (tj) tj->fresh_participant = epoch;
    }
    if (tj == nullptr || !is_fresh(tj->fresh_transfer)) {
      each_scope(Resource::kTransfer, id, tj ? &tj->views_of[1] : nullptr);
      if (tj) tj->fresh_transfer = epoch;
    }
    // A mentor still fresh would be skipped below: it is not listed.
    if (tj == nullptr || !is_fresh(tj->fresh_mentor)) mentors.push_back(id);
    if (tj == nullptr) continue;
    // `all`: the teacher's training changed. That reaches a declaration's
    // views in other lead providers' scopes only (render_teacher's
    // declaration reads the teacher for those); in its own provider's scope
    // it renders from the declaration alone, so a fresh one is skipped there.
    auto refresh_declaration = [&](Declaration& d, bool all) {
      const bool fresh = is_fresh(d.fresh);
      if (!all && fresh) return;
      each_scope(Resource::kDeclaration, d.id, &d.views_of, fresh ? std::string_view(d.lp) : std::string_view());
      d.fresh = epoch;
    };
    if (!is_fresh(tj->decls_fresh)) {
      for (const std::string& did : tj->decls)
        if (Declaration* d = find(decls, did)) refresh_declaration(*d, true);
      tj->decls_fresh = epoch;
    } else {
      for (Declaration* d : tj->stale_decls) refresh_declaration(*d, false);
    }
    tj->stale_decls.clear();
    for (Mentorship& ms : tj->ect.mentorships) {
      if (ms.mentor == nullptr) ms.mentor = find(teachers, ms.mentor_id);
      if (ms.mentor == nullptr || !is_fresh(ms.mentor->fresh_mentor)) mentors.push_back(ms.mentor_id);
    }
    if (i < touched_teachers)
      for (bool ect : {true, false})
        for (Placement& p : tj->role(ect).placements)
          if (School* sc = school_at(p)) touched_schools.push_back(sc);
  }
  mentors.sort_unique();
  for (const std::string& id : mentors) {
    Teacher* mt = find(teachers, id);  // listed only when not fresh (above), and once
    Subject s(*this, Resource::kUnfundedMentor, id, mt ? &mt->views_of[2] : nullptr);
    scoped.clear();
    mentee_lead_providers(*this, id, scoped);
    scopes(s, scoped);
    for (const std::string& lp : scoped) put_view(*this, s, lp, at, day);
    if (mt) mt->fresh_mentor = epoch;
  }

  // A URN no school has any more (replaced): its views live on under the school's key.
  for (const std::string& urn : school_urns)
    if (School* sc = find(schools, urn)) touched_schools.push_back(sc);
  auto by_urn = [](const School* a, const School* b) { return a->urn < b->urn; };
  std::sort(touched_schools.begin(), touched_schools.end(), by_urn);
  touched_schools.erase(std::unique(touched_schools.begin(), touched_schools.end()), touched_schools.end());
  const std::set<int>& cohort_years = contract_years();
  std::vector<int>& stale_years = rerender_scratch.stale_years;
  auto school_views = [&](School& sc, bool with_partnerships) {
    stale_years.clear();
    if (!is_fresh(sc.fresh)) {
      stale_years.assign(cohort_years.begin(), cohort_years.end());
      sc.fresh = epoch;
    } else {
      for (int y : sc.stale_years)
        if (cohort_years.contains(y)) stale_years.push_back(y);
    }
    sc.stale_years.clear();
    if (!stale_years.empty()) {
      const std::string key = sc.view_key();
      Subject s(*this, Resource::kSchool, key);
      for (int y : stale_years) put_view(*this, s, std::to_string(y), at, day);
    }
    if (!with_partnerships || (is_fresh(sc.pships_fresh) && sc.pships_hold(day))) return;
    bool all_hold = true;
    for (const Partnership* p : sc.partnership_ptrs)
      if (!is_fresh(p->fresh) || !p->window.holds(day)) {
        partnership_ids.push_back(p->id);
        all_hold = false;
      }
    if (!all_hold) return;
    sc.pships_from.clear();
    sc.pships_until.clear();
    for (const Partnership* p : sc.partnership_ptrs) {
      if (p->window.from > sc.pships_from) sc.pships_from = p->window.from;
      const std::string until = p->window.until();
      if (!until.empty() && (sc.pships_until.empty() || until < sc.pships_until)) sc.pships_until = until;
    }
    sc.pships_fresh = epoch;
  };
  for (School* sc : touched_schools) school_views(*sc, true);
  if (t.every_school_view)
    for (auto& [urn, sc] : schools)
      if (!std::binary_search(touched_schools.begin(), touched_schools.end(), &sc, by_urn)) school_views(sc, false);

  auto refresh_partnership = [&](const std::string& id) {
    Partnership* p = find(pships, id);
    if (p == nullptr) return;
    const bool fresh = is_fresh(p->fresh);
    if (fresh && p->window.holds(day)) return;
    TrainingWindow w = training_window(partnership_spans(*this, id), day);
    if (!fresh || w.count != p->window.count) {
      Subject s(*this, Resource::kPartnership, id, &p->views_of);
      put_view(*this, s, p->lp, at, day);
    }
    p->window = std::move(w);
    p->fresh = epoch;
    if (p->school != nullptr) p->school->pships_fresh = 0;  // its summary read the old window
    if (std::string until = p->window.until(); !until.empty()) window_ends.emplace(std::move(until), id);
  };
  if (t.all_partnerships) {
    if (back_in_time) {
      // A day earlier than one already folded: no window index can say what changed.
      for (const auto& [id, p] : pships) refresh_partnership(id);
    } else {
      partnership_ids.append(stale_pships.begin(), stale_pships.end());
      stale_pships.clear();
      auto end = window_ends.upper_bound(day);
      for (auto it = window_ends.begin(); it != end; ++it) partnership_ids.push_back(it->second);
      window_ends.erase(window_ends.begin(), end);
    }
  }
  partnership_ids.sort_unique();
  for (const std::string& id : partnership_ids) refresh_partnership(id);

  t.delivery_partners.sort_unique();
  for (const std::string& id : t.delivery_partners) {
    Subject s(*this, Resource::kDeliveryPartner, id);
    scoped.clear();
    if (const DeliveryPartner* dp = find(dps, id))
      for (const auto& [lp, year] : dp->pairs) scoped.add(lp);
    scopes(s, scoped);
    for (const std::string& lp : scoped) put_view(*this, s, lp, at, day);
  }
  t.statements.sort_unique();
  for (const std::string& id : t.statements)
    if (const Statement* st = find(stmts, id)) {
      Subject s(*this, Resource::kStatement, id);
      put_view(*this, s, st->lead_provider_id, at, day);
    }
  render_memo = 0;
}

void Model::touch_everything(Touched& t) {
  for (auto& [id, tj] : teachers) {
    tj.fresh_participant = tj.fresh_transfer = tj.fresh_mentor = tj.decls_fresh = 0;
  }
  for (auto& [urn, sc] : schools) sc.fresh = 0;
  t.every_teacher_view = t.every_school_view = true;
  for (const auto& [id, dp] : dps) t.delivery_partners.push_back(id);
  for (const auto& [id, st] : stmts) t.statements.push_back(id);
}

void Model::check_partnerships(Timestamp at) {
  const std::string day = domain::london_date(at).to_string();
  for (const auto& [id, p] : pships) {
    if (!is_fresh(p.fresh) || !p.window.holds(day)) continue;
    scratch_attrs.clear();
    scratch_hidden.clear();
    const RenderResult rr = render(*this, Resource::kPartnership, p.lp, id, scratch_attrs, scratch_hidden, day, nullptr);
    const View* v = find_view(Resource::kPartnership, id, p.lp);
    if (!rr.visible || v == nullptr || v->content != fingerprints(Resource::kPartnership, scratch_attrs, scratch_hidden, rr.training).second)
      ++missed_changes;
  }
  missed_changes += school_training_mismatches(*this);
}

}  // namespace rect::projections::lead_provider
