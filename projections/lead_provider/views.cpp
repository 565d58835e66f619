// LeadProviderViews: the Projection glue (fold, watermark, persistence) and the queries.
#include "projections/lead_provider/views.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <exception>
#include <functional>
#include <limits>
#include <mutex>
#include <shared_mutex>
#include <stdexcept>
#include <thread>

#include "projections/flat_fields.h"
#include "projections/key_order.h"
#include "projections/lead_provider/json_text.h"
#include "projections/lead_provider/render.h"

namespace rect::projections::lead_provider {
namespace {

struct ParsedKey {
  Resource resource = Resource::kParticipant;
  std::string scope, id;
};

std::optional<ParsedKey> parse_view_key(std::string_view key) {
  static const Resource kAll[] = {Resource::kParticipant, Resource::kDeclaration,     Resource::kPartnership,
                                  Resource::kSchool,      Resource::kDeliveryPartner, Resource::kStatement,
                                  Resource::kTransfer,    Resource::kUnfundedMentor};
  if (key.substr(0, 2) != "v/") return std::nullopt;
  const auto a = key.find('/', 2);
  const auto b = a == std::string_view::npos ? a : key.find('/', a + 1);
  if (b == std::string_view::npos) return std::nullopt;
  const std::string_view tag = key.substr(2, a - 2);
  for (Resource r : kAll)
    if (tag == resource_tag(r)) return ParsedKey{r, std::string(key.substr(a + 1, b - a - 1)), std::string(key.substr(b + 1))};
  return std::nullopt;
}

// The presented JSON of one resource: {"attributes","id","type"}.
std::string present(const Model& m, Resource r, const std::string& scope, const std::string& id, const View& v,
                    const std::string& lp, const std::string& day) {
  const Presentation pres{day, lp, v.updated};
  std::string attrs, hidden;
  (void)render(m, r, scope, id, attrs, hidden, day, &pres);
  if (attrs.empty()) attrs = "{}";
  std::string out;
  JsonText w(out);
  w.begin_object();
  w.key("attributes").raw(attrs);
  w.key("id").str(r == Resource::kSchool ? school_api_id(id) : id);
  w.key("type").str(resource_type(r));
  w.end_object();
  w.finish();
  return out;
}

// The JSON text of `v` as `lp` sees it on `today`, from the view's cache when
// the day matches (see View::presented).
std::string present_text(const Model& m, Resource r, const std::string& scope, const std::string& id, const View& v,
                         const std::string& lp, domain::Date today) {
  const std::string day = today.to_string();
  if (r == Resource::kSchool) return present(m, r, scope, id, v, lp, day);
  {
    std::lock_guard<std::mutex> l(m.presented_mu.mu);
    if (v.presented && v.presented->day == today) return v.presented->text;
  }
  auto fresh = std::make_shared<const View::Presented>(View::Presented{today, present(m, r, scope, id, v, lp, day)});
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

struct LeadProviderViews::Impl {
  Model model;
  unsigned drain_threads = 1;
  Touched touched;  // reused by every apply
};

LeadProviderViews::LeadProviderViews() : impl_(std::make_unique<Impl>()) {}
LeadProviderViews::~LeadProviderViews() = default;

Status LeadProviderViews::apply(const RecordedEvent& e) {
  Model& m = impl_->model;
  Touched& touched = impl_->touched;
  touched.clear();
  try {
    if (!m.fold(e, touched))
      return Status(Code::kCorruption, "event " + std::to_string(e.position.value()) + ": payload is not a JSON object");
    m.check_changed_teachers();
    if (m.render_everything) m.touch_everything(touched);
    m.rerender(touched, e.recorded_at);
    if (m.render_everything) m.check_partnerships(e.recorded_at);
  } catch (const Json::exception& ex) {
    return Status(Code::kCorruption, "event " + std::to_string(e.position.value()) + " (" + e.data.type + "): " + ex.what());
  }
  return Status::ok();
}

void LeadProviderViews::drain_changes(std::vector<RecordChange>& out) {
  while (!drain_some(out, std::numeric_limits<std::size_t>::max())) {
  }
}

namespace {

// Drains read their records' entities in key order, which is not the order
// they were made in: nearly every entity is a cache miss, and a render
// cannot ask for the next one before it has the key and the table slot of
// this one. So each record, a few records ahead, starts loading what its
// render will read first, in stages each a few records behind the one
// before: the text of its key, then its slot in the entity's table, then
// the entity's node. The distances cover a miss at a record's render time.
constexpr std::size_t kKeyAhead = 24, kSlotAhead = 16, kNodeAhead = 8;

// What a stage starts loading for a record ahead.
enum class Ahead { kKey, kSlot, kNode };

// The table whose entity the record of (kind, id) reads first, started on:
// the slot (kSlot) or the node the slot points at (kNode).
void prefetch_entity(const Model& m, Kind k, std::string_view id, Ahead stage) {
  auto start = [&](const auto& table) { stage == Ahead::kNode ? table.prefetch_node(id) : table.prefetch_slot(id); };
  switch (k) {
    case Kind::kTeacher: start(m.teachers); break;
    case Kind::kDecl: start(m.decls); break;
    case Kind::kSchool: start(m.schools); break;
    case Kind::kPship: start(m.pships); break;
    default: break;
  }
}

// The same for the entity a view of `r` renders from first (none for the
// others: a school's views are keyed by its first URN, not its current one).
void prefetch_subject(const Model& m, Resource r, std::string_view id, Ahead stage) {
  switch (r) {
    case Resource::kParticipant:
    case Resource::kTransfer:
    case Resource::kUnfundedMentor: prefetch_entity(m, Kind::kTeacher, id, stage); break;
    case Resource::kDeclaration: prefetch_entity(m, Kind::kDecl, id, stage); break;
    case Resource::kPartnership: prefetch_entity(m, Kind::kPship, id, stage); break;
    default: break;
  }
}

// Calls stage(j, what) for the records j ahead of record i of n, each at its distance.
template <class Stage>
void prefetch_ahead(std::size_t i, std::size_t n, const Stage& stage) {
  if (i + kKeyAhead < n) stage(i + kKeyAhead, Ahead::kKey);
  if (i + kSlotAhead < n) stage(i + kSlotAhead, Ahead::kSlot);
  if (i + kNodeAhead < n) stage(i + kNodeAhead, Ahead::kNode);
}

// Calls make(i) for every i in [0, n): on this thread alone when n is small,
// else on up to `threads` threads (this one among them), each claiming runs
// of kChunk indices in turn. An exception from any thread is thrown here
// after all have finished.
template <class Fn>
void for_each_index(std::size_t n, unsigned threads, const Fn& make) {
  constexpr std::size_t kShare = 2048;  // the least worth a thread of its own
  const std::size_t parts = std::max<std::size_t>(1, std::min<std::size_t>(threads, n / kShare));
  // Each thread claims the next kChunk indices until none are left. A drain's
  // records are sorted by kind, and a teacher's record costs many times a
  // declaration's, so fixed halves left one thread idle for much of a batch.
  constexpr std::size_t kChunk = 256;
  std::atomic<std::size_t> next{0};
  auto share = [&](std::size_t) {
    for (std::size_t from = next.fetch_add(kChunk); from < n; from = next.fetch_add(kChunk))
      for (std::size_t i = from; i < std::min(n, from + kChunk); ++i) make(i);
  };
  std::vector<std::exception_ptr> failures(parts);
  std::vector<std::thread> helpers;
  for (std::size_t k = 1; k < parts; ++k)
    helpers.emplace_back([&, k] {
      try {
        share(k);
      } catch (...) {
        failures[k] = std::current_exception();
      }
    });
  try {
    share(0);
  } catch (...) {
    failures[0] = std::current_exception();
  }
  for (std::thread& h : helpers) h.join();
  for (const std::exception_ptr& f : failures)
    if (f) std::rethrow_exception(f);
}

// Whether a + "/" sorts before b + "/": how two parts of a key that go on
// with '/' (a kind, a resource's tag, a scope) order it.
bool part_less(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  if (int c = a.substr(0, n).compare(b.substr(0, n)); c != 0) return c < 0;
  if (a.size() == b.size()) return false;
  return a.size() < b.size() ? '/' < b[n] : a[n] < '/';
}

// Where the part `names[i]` comes in key order among all of `names`.
template <std::size_t N>
std::array<std::uint32_t, N> ranks(const std::array<const char*, N>& names) {
  std::array<std::uint32_t, N> r{};
  for (std::size_t i = 0; i < N; ++i)
    for (std::size_t j = 0; j < N; ++j)
      if (part_less(names[j], names[i])) ++r[i];
  return r;
}

std::uint32_t kind_rank(Kind k) {
  static const auto r = ranks<9>({kind_name(Kind::kCp), kind_name(Kind::kLp), kind_name(Kind::kDp),
                                  kind_name(Kind::kSchool), kind_name(Kind::kUrn), kind_name(Kind::kPship),
                                  kind_name(Kind::kTeacher), kind_name(Kind::kDecl), kind_name(Kind::kStmt)});
  return r[static_cast<std::size_t>(k)];
}

std::uint32_t tag_rank(Resource res) {
  static const auto r = [] {
    std::array<const char*, kResources> tags{};
    for (std::size_t i = 0; i < kResources; ++i) tags[i] = resource_tag(static_cast<Resource>(i));
    return ranks<kResources>(tags);
  }();
  return r[index_of(res)];
}

// Whether view `a`'s key ("v/<tag>/<scope>/<id>") sorts before `b`'s.
bool view_key_less(const ViewRef& a, const ViewRef& b) {
  if (a.resource != b.resource) return tag_rank(a.resource) < tag_rank(b.resource);
  if (a.scope != b.scope && *a.scope != *b.scope) return part_less(*a.scope, *b.scope);
  return *a.id < *b.id;
}

// Sorts `refs` by key, descending (view_key_less): scopes are few, so each
// is ranked once.
void sort_views_descending(std::vector<ViewRef>& refs) {
  std::vector<const std::string*> scopes;
  for (const ViewRef& r : refs)
    if (std::find(scopes.begin(), scopes.end(), r.scope) == scopes.end()) scopes.push_back(r.scope);
  std::sort(scopes.begin(), scopes.end(), [](const std::string* a, const std::string* b) { return part_less(*a, *b); });
  auto rank = [&](const ViewRef& r) {
    const auto at = static_cast<std::uint64_t>(std::find(scopes.begin(), scopes.end(), r.scope) - scopes.begin());
    return (static_cast<std::uint64_t>(tag_rank(r.resource)) << 32) | at;
  };
  sort_by_key(refs, rank, [](const ViewRef& r) -> std::string_view { return *r.id; }, true);
}

}  // namespace

void LeadProviderViews::set_drain_threads(unsigned threads) { impl_->drain_threads = std::max(1u, threads); }

namespace {

// Sorts the entities a drain will write (descending, so that it takes them
// from the back) and drops the repeats, once per drain.
void sort_dirty_entities(Model& m) {
  if (m.entities_sorted) return;
  sort_by_key(
      m.dirty_entities, [](const auto& e) { return kind_rank(e.first); },
      [](const auto& e) -> std::string_view { return e.second; }, true);
  m.dirty_entities.erase(std::unique(m.dirty_entities.begin(), m.dirty_entities.end()), m.dirty_entities.end());
  m.entities_sorted = true;
}

}  // namespace

std::size_t LeadProviderViews::pending_changes() {
  Model& m = impl_->model;
  sort_dirty_entities(m);
  return m.dirty_entities.size() + m.dirty_views.size() + m.removed_views.size();
}

// Drains in key order, so that a rebuild writes one table file
// (ReadModelStore::BulkLoad): the entities ("e/"), then the views ("v/"),
// removed ones among them.
//
// Which records a call drains is decided on this thread; rendering them,
// which only reads the model (but for clearing each drained entity's own
// dirty flag), is shared out.
bool LeadProviderViews::drain_some(std::vector<RecordChange>& out, std::size_t max) {
  Model& m = impl_->model;
  const unsigned threads = impl_->drain_threads;
  std::size_t room = max;
  m.render_memo = next_render_memo();
  sort_dirty_entities(m);
  {
    const std::size_t total = m.dirty_entities.size(), n = std::min(total, room), first = out.size();
    out.resize(first + n);
    // Each entity is listed once (sorted and unique), so each flag is cleared
    // by one thread, right after the lookup of its record has brought the
    // entity into that thread's cache; no render reads a dirty flag.
    auto entity_at = [&](std::size_t i) -> const std::pair<Kind, std::string>& { return m.dirty_entities[total - 1 - i]; };
    for_each_index(n, threads, [&](std::size_t i) {
      prefetch_ahead(i, n, [&](std::size_t j, Ahead stage) {
        const auto& [k, key] = entity_at(j);
        if (stage == Ahead::kKey) __builtin_prefetch(key.data());
        else prefetch_entity(m, k, key, stage);
      });
      const auto& [kind, id] = entity_at(i);
      std::string value = entity_record(m, kind, id);
      m.clear_dirty_flag(kind, id);
      out[first + i] = RecordChange(std::string("e/").append(kind_name(kind)).append("/").append(id),
                                    value.empty() ? std::nullopt : std::optional<std::string>(std::move(value)));
    });
    m.dirty_entities.resize(total - n);
    room -= n;
  }
  if (!m.dirty_entities.empty()) {
    m.render_memo = 0;
    return false;
  }
  m.entities_sorted = false;
  if (!m.views_sorted) {
    sort_views_descending(m.removed_views);
    m.removed_views.erase(std::unique(m.removed_views.begin(), m.removed_views.end(),
                                      [](const ViewRef& a, const ViewRef& b) {
                                        return a.resource == b.resource && a.id == b.id && a.scope == b.scope;
                                      }),
                          m.removed_views.end());
    sort_views_descending(m.dirty_views);
    m.views_sorted = true;
  }
  // Both lists are taken from the back, the lesser key first: a removed view
  // is deleted unless it is there again (a job without a view), a dirty one
  // written.
  std::vector<std::pair<ViewRef, const View*>> jobs;
  while (jobs.size() < room && (!m.removed_views.empty() || !m.dirty_views.empty())) {
    const bool removed = m.dirty_views.empty() ||
                         (!m.removed_views.empty() && !view_key_less(m.dirty_views.back(), m.removed_views.back()));
    const ViewRef ref = removed ? m.removed_views.back() : m.dirty_views.back();
    (removed ? m.removed_views : m.dirty_views).pop_back();
    View* v = m.find_view(ref.resource, *ref.id, *ref.scope);
    if (removed) {
      if (v == nullptr) jobs.emplace_back(ref, nullptr);
      continue;
    }
    if (v == nullptr || !v->dirty) continue;
    v->dirty = false;
    jobs.emplace_back(ref, v);
  }
  const std::size_t first = out.size();
  out.resize(first + jobs.size());
  for_each_index(jobs.size(), threads, [&](std::size_t i) {
    prefetch_ahead(i, jobs.size(), [&](std::size_t j, Ahead stage) {
      const auto& [ref, view] = jobs[j];
      if (stage == Ahead::kKey) {
        __builtin_prefetch(ref.id->data());
        __builtin_prefetch(view);
      } else {
        prefetch_subject(m, ref.resource, *ref.id, stage);
      }
    });
    const ViewRef& ref = jobs[i].first;
    if (jobs[i].second == nullptr) {
      out[first + i] = RecordChange(view_key(ref.resource, *ref.scope, *ref.id), std::nullopt);
      return;
    }
    const View& v = *jobs[i].second;
    thread_local std::string attrs, hidden;
    attrs.clear();
    hidden.clear();
    (void)render(m, ref.resource, *ref.scope, *ref.id, attrs, hidden, "", nullptr);
    std::string value;
    value.reserve(attrs.size() + hidden.size() + 96);
    JsonText w(value);
    w.begin_object();
    w.key("a").raw(attrs.empty() ? "{}" : attrs);
    w.key("c").integer(v.created);
    w.key("ch").unsigned_integer(v.content);
    w.key("fp").unsigned_integer(v.fp);
    w.key("h").raw(hidden.empty() ? "{}" : hidden);
    w.key("u").integer(v.updated);
    w.end_object();
    w.finish();
    out[first + i] = RecordChange(view_key(ref.resource, *ref.scope, *ref.id), std::move(value));
  });
  m.render_memo = 0;
  if (!m.removed_views.empty() || !m.dirty_views.empty()) return false;
  m.views_sorted = false;
  return true;
}

Status LeadProviderViews::load(std::string_view key, std::string_view value) {
  Model& m = impl_->model;
  if (key.substr(0, 2) == "e/") {
    Json j = Json::parse(value, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return Status(Code::kCorruption, "lead_provider_api: bad record " + std::string(key));
    const std::size_t slash = key.find('/', 2);
    if (slash == std::string_view::npos) return Status(Code::kCorruption, "lead_provider_api: bad entity key " + std::string(key));
    return load_entity(m, key.substr(2, slash - 2), std::string(key.substr(slash + 1)), j);
  }
  // A view is restored from its watermark and fingerprints alone, top-level
  // integers of its record: its attributes, most of the text, are checked
  // to be well-formed JSON but not built into a tree.
  thread_local FlatFields f;
  if (!f.parse(value)) return Status(Code::kCorruption, "lead_provider_api: bad record " + std::string(key));
  const std::optional<ParsedKey> parsed = parse_view_key(key);
  if (!parsed) return Status(Code::kCorruption, "lead_provider_api: unknown record " + std::string(key));
  const auto c = f.signed_integer("c"), u = f.signed_integer("u");
  const auto fp = f.unsigned_integer("fp"), ch = f.unsigned_integer("ch");
  if (!c || !u || !fp || !ch) return Status(Code::kCorruption, "lead_provider_api: view record without c, u, fp, ch: " + std::string(key));
  View v;
  v.created = *c;
  v.updated = *u;
  v.fp = *fp;
  v.content = *ch;
  m.install_view(parsed->resource, parsed->id, parsed->scope, std::move(v));
  return Status::ok();
}

void LeadProviderViews::clear() {
  const bool everything = impl_->model.render_everything;
  const bool keep_order = impl_->model.keep_order;
  impl_->model = Model();
  impl_->model.render_everything = everything;
  impl_->model.keep_order = keep_order;
}

void LeadProviderViews::set_folding_only(bool on) { impl_->model.set_keep_order(!on); }

void LeadProviderViews::set_render_everything(bool on) { impl_->model.render_everything = on; }

std::uint64_t LeadProviderViews::missed_changes() const {
  std::shared_lock lock(this->lock());
  return impl_->model.missed_changes;
}

std::vector<std::string> LeadProviderViews::list(Resource r, const std::string& lp, const Query& q, Timestamp now) const {
  std::shared_lock lock(this->lock());
  const Model& m = impl_->model;
  if (!m.keep_order) throw std::logic_error("lead_provider_api: list() while folding only (set_folding_only)");
  const std::string scope = r == Resource::kSchool ? std::to_string(q.school_cohort.value_or(0)) : lp;
  std::vector<std::string> out;
  auto oit = m.order[index_of(r)].find(scope);
  if (oit == m.order[index_of(r)].end() || q.per_page == 0 || q.page == 0) return out;
  const domain::Date today = domain::london_date(now);
  const std::size_t skip = (q.page - 1) * q.per_page;
  const bool default_order = r == Resource::kDeclaration || (r != Resource::kStatement && q.sort.empty());
  auto passes = [&](const std::string& id, const View& v) {
    if (q.updated_since && v.updated < q.updated_since->micros()) return false;
    return matches(m, r, scope, id, q);
  };
  std::vector<std::pair<const std::string*, const View*>> hits;
  std::size_t seen = 0;
  for (const auto& [created, id] : oit->second) {
    const View* v = m.find_view(r, id, scope);
    if (v == nullptr || !passes(id, *v)) continue;
    if (default_order) {
      if (seen++ < skip) continue;
      out.push_back(present_text(m, r, scope, id, *v, lp, today));
      if (out.size() == q.per_page) break;
    } else {
      hits.push_back({&id, v});
    }
  }
  if (default_order) return out;
  std::unordered_map<const std::string*, std::string> payment_dates;
  if (r == Resource::kStatement)
    for (const auto& h : hits) payment_dates[h.first] = statement_payment_date(m, *h.first);
  auto cmp = [&](const std::pair<const std::string*, const View*>& x, const std::pair<const std::string*, const View*>& y) {
    if (r == Resource::kStatement) {
      const std::string &a = payment_dates[x.first], &b = payment_dates[y.first];
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
    out.push_back(present_text(m, r, scope, *hits[i].first, *hits[i].second, lp, today));
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
    auto it = m.key_of_school_id.find(id);
    if (it == m.key_of_school_id.end()) return std::nullopt;
    key_id = it->second;
  }
  const View* v = m.find_view(r, key_id, scope);
  if (v == nullptr) return std::nullopt;
  return present_text(m, r, scope, key_id, *v, lp, domain::london_date(now));
}

std::optional<std::string> LeadProviderViews::school_urn(const std::string& school_id) const {
  std::shared_lock lock(this->lock());
  const Model& m = impl_->model;
  if (auto it = m.key_of_school_id.find(school_id); it != m.key_of_school_id.end()) {
    auto now = m.current_urn_of_key.find(it->second);
    return now == m.current_urn_of_key.end() ? it->second : now->second;
  }
  if (Model::find(m.schools, school_id) != nullptr) return school_id;
  return std::nullopt;
}

}  // namespace rect::projections::lead_provider
