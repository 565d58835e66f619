// Private to projections/lead_provider/: the state behind LeadProviderViews.
//
// Entities are typed structs folded from events: contract periods, lead
// providers, delivery partners, schools, partnerships, teachers (with their
// placements, training periods, mentorships, induction periods and
// declaration ids), declarations and statements. A view is not held as JSON:
// it is its watermark (created, updated) and two fingerprints of its render —
// `fp` over what the API shows (the watermark moves when it changes) and
// `content` over the whole persisted record. Renders are pure functions of the
// entities (render.h), run after each event only to fingerprint the subjects
// an event made stale, and run again to write a record when the changes are
// drained and to present a resource when a query asks for it.
//
// Persisted (docs/storage-format.md): "e/<kind>/<id>" entities and
// "v/<resource>/<scope>/<id>" views, both JSON objects. Derived indexes
// (school -> teachers, partnership -> teachers, mentor <-> ECTs, delivery
// partner -> partnerships, per-scope creation order) are rebuilt on load;
// which subjects are fresh is kept in memory only.
//
// Thread-safety: none; LeadProviderViews guards it with the projection lock,
// except View::presented, guarded by Model::presented_mu.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/date.h"
#include "events/event.h"
#include "events/status.h"
#include "projections/flat_table.h"
#include "projections/lead_provider/views.h"
#include "projections/symbols.h"

namespace rect::projections::lead_provider {

using Json = nlohmann::json;

const char* resource_tag(Resource r);
const char* resource_type(Resource r);

struct School;
struct Placement {
  std::string id, urn, started_on, finished_on, email, working_pattern, cause;
  std::int64_t created = 0;
  std::optional<std::int64_t> finished_recorded;  // when the finish was recorded
  // In memory only: the School under `urn` as Model::school_at last found it,
  // valid while Model::schools_erased is still `school_erasures`.
  School* school = nullptr;
  std::uint32_t school_erasures = 0;
};

// `programme`, `lp`, `eoi_lp` and `schedule` take few values: Symbols of
// Model::symbols, so that reading them (every rerender asks a teacher's
// training for its lead providers) reaches text every teacher shares.
struct TrainingPeriod {
  std::string id, placement_id, partnership_id, started_on, finished_on;
  Symbol programme, lp, eoi_lp, schedule;
  std::string withdrawn_at, withdrawal_reason, deferred_at, deferral_reason;
  int year = 0;
  std::int64_t created = 0;
};

struct Teacher;
struct Mentorship {
  std::string id, ect_placement_id, mentor_id, started_on, finished_on;
  // In memory only: the mentor's Teacher once a rerender has looked it up
  // (null: not yet, or no such teacher yet). Reset when mentor_id changes.
  Teacher* mentor = nullptr;
};

struct Role {
  std::vector<Placement> placements;
  std::vector<TrainingPeriod> training;
  std::vector<Mentorship> mentorships;
};

struct InductionPeriod {
  std::string id, started_on, finished_on, outcome;
};

struct IdChange {
  std::string from, to, changed_at;
};

// A training period at a school as school views read it: a provider-led one
// counts in its cohort year, a school-led one in the years whose contract
// period it started in.
struct SchoolTrainingItem {
  std::string urn, programme;
  int year = 0;
  std::string lp, eoi_lp, started_on;
  auto operator<=>(const SchoolTrainingItem&) const = default;
};

// What of a teacher the shared views (schools, partnerships, declarations)
// and the teacher's transfers read: its training at schools (sorted), and
// hashes of the rest with the partnerships it reaches.
struct TeacherInputs {
  std::vector<SchoolTrainingItem> at_schools;
  std::uint64_t partnerships = 0, training = 0, transfers = 0;
  std::vector<std::string> partnership_ids;
};

// The days on which a partnership's spans give the same count of participants
// currently training as on the day the window was taken: from `from` on, before
// the next span starts (`starts`) and until the next one ends (`ends`).
struct TrainingWindow {
  std::string from, starts, ends;  // YYYY-MM-DD; starts/ends empty: no bound
  int count = 0;
  bool holds(const std::string& day) const {
    return day >= from && (starts.empty() || day < starts) && (ends.empty() || day <= ends);
  }
  // The first day after `from` on which it no longer holds, as a string that
  // orders like a day: `starts`, or the day after `ends` ("YYYY-MM-DD\0",
  // which orders after that day and before the next); empty: none.
  std::string until() const {
    std::string after_ends = ends.empty() ? std::string() : ends + '\0';
    if (!starts.empty() && (after_ends.empty() || starts < after_ends)) return starts;
    return after_ends;
  }
};

// A subject is fresh when its stamp equals Model::epoch: its views match its
// inputs, so rendering it again would reproduce them and rerender skips it.
// 0 is never an epoch, so a zero stamp is stale.
using Stamp = std::uint32_t;

struct Declaration;
struct Partnership;
struct ScopedView;
// A subject's entry in Model::views[r]: its key and its views, by scope. The
// tables' entries never move or go, so entities keep pointers to their own.
using ViewsEntry = std::pair<const std::string, std::vector<ScopedView>>;

struct Teacher {
  std::string id;
  std::int64_t created = 0;
  std::string trn, first_name, last_name, corrected_name, merged_into;
  std::string ect_first_eligible_at, mentor_first_eligible_at, ect_ineligible_on, mentor_ineligible_on,
      mentor_ineligible_reason;
  std::optional<int> frozen_ect, frozen_mentor;
  Role ect, mentor;
  std::vector<InductionPeriod> induction;
  std::vector<std::string> decls;
  std::vector<IdChange> id_changes;

  // In memory only.
  std::string ect_record_id, mentor_record_id;  // training_record_id per role
  std::optional<TeacherInputs> inputs;           // as of the last check_changed_teachers
  Stamp fresh_participant = 0, fresh_transfer = 0, fresh_mentor = 0;
  // Its entries in Model::views for participants, transfers and unfunded
  // mentors, once looked up (null: not yet, or none yet).
  std::array<ViewsEntry*, 3> views_of{};
  bool dirty = false;  // queued in Model::dirty_entities
  // Which declarations may be stale: all of them unless `decls_fresh` is
  // fresh, else only those in `stale_decls` (so that a touch of a teacher
  // does not visit every declaration it has).
  Stamp decls_fresh = 0;
  std::vector<Declaration*> stale_decls;

  Role& role(bool ect_role) { return ect_role ? ect : mentor; }
  const Role& role(bool ect_role) const { return ect_role ? ect : mentor; }
};

// `id` points at the declaration's own key in Model::decls and, once folded,
// `teacher_id` at its teacher's Teacher::id (a Teacher never moves or goes;
// loaded from a record, it is of Model::symbols); the other Symbols are of
// Model::symbols.
struct Declaration {
  Symbol id, teacher_id, tp, mentor_id;
  std::string date;
  Symbol role, lp, type, evidence, dp, statement_id, clawback_statement_id, payment_status, clawback_status;
  int year = 0;
  bool pp = false, sp = false;
  std::int64_t created = 0;
  Stamp fresh = 0;
  bool dirty = false;
  ViewsEntry* views_of = nullptr;  // its entry in Model::views (see Teacher::views_of)
};

// The GIAS fields of a school that its eligibility reads, as the domain folds
// them (a field an event lacks keeps its value; the defaults are the domain's).
struct Gias {
  std::string type_name, status;
  bool in_england = true, section_41_approved = false, eligible = true, marked_as_eligible = false;
};

struct School {
  std::string urn, key, name, tutor_name, tutor_email;  // key: the first URN after a replacement, else empty
  Gias gias;
  bool eligible = false;
  std::int64_t created = 0;
  std::map<int, std::pair<bool, bool>> uplifts;  // year -> (pupil premium, sparsity)
  std::vector<std::string> partnerships;
  std::vector<Partnership*> partnership_ptrs;  // the same, as pointers into Model::pships

  Stamp fresh = 0;
  bool dirty = false;
  std::set<int> stale_years;  // of a fresh school, the cohort years whose views are stale nonetheless
  // While `pships_fresh` is fresh, every partnership in partnership_ptrs was
  // fresh and its window held on every day in [pships_from, pships_until)
  // (until empty: no end), so a rerender on such a day need not visit them
  // (each is a cache miss). Made stale with any of its partnerships
  // (Model::stale_partnership) and whenever one's window is taken again.
  Stamp pships_fresh = 0;
  std::string pships_from, pships_until;
  bool pships_hold(const std::string& day) const {
    return day >= pships_from && (pships_until.empty() || day < pships_until);
  }
  const std::string& view_key() const { return key.empty() ? urn : key; }
};

struct Partnership {
  std::string id, urn, lp, dp;
  int year = 0;
  std::int64_t created = 0;
  Stamp fresh = 0;
  bool dirty = false;
  ViewsEntry* views_of = nullptr;  // its entry in Model::views (see Teacher::views_of)
  TrainingWindow window;  // while fresh: the days its participants_currently_training stays as fingerprinted
  // In memory only: the School whose partnership_ptrs hold this one (null
  // until it is added to one; kept up to date when that school's URN is replaced).
  School* school = nullptr;
};

struct DeliveryPartner {
  std::string name;
  std::int64_t created = 0;
  std::vector<std::pair<std::string, int>> pairs;  // (lead provider id, year)
};

struct ContractPeriod {
  Json raw;  // the contract_period_created payload with later flag changes applied
  std::string started_on, finished_on;
  bool uplift_fees_enabled = true;
  int year = 0;
  void refresh();  // the typed fields from raw
};

struct Statement {
  Json raw;  // the statement_created payload plus status and created
  std::string lead_provider_id, fee_type, deadline_date, payment_date, status;
  int month = 0, calendar_year = 0, year = 0;
  std::int64_t created = 0;
  void refresh();
};

// Keyed by id, looked up by string_view (projections/flat_table.h).
template <class T>
using Table = FlatTable<T>;
using IdIndex = Table<std::set<std::string>>;
// Teachers in the order of their ids, each once (add_teacher).
using TeacherList = std::vector<const Teacher*>;
// Adds `t` to `list` in its place; false when it is there already.
bool add_teacher(TeacherList& list, const Teacher& t);

// What the training periods at one school add up to, as its views count them
// (training_at in render_other.cpp): a provider-led one by cohort year, lead
// provider and the lead provider of its expression of interest, a school-led
// one by its start day; `items` is how many of the teachers' at_schools items
// (TeacherInputs) it stands for.
struct SchoolTrainingCount {
  bool school_led = false;
  int year = 0;                                   // provider-led
  const std::string *lp = nullptr, *eoi_lp = nullptr;  // provider-led; Model::symbols
  std::string started_on;                         // school-led
  int items = 0;
};

// The teachers with a placement at a URN (each once, in id order) and the sum
// of the at_schools items at that URN of every one of them that has been
// checked (TeacherInputs, kept by check_changed_teachers), so that a render of
// the school's views reads one short list instead of visiting each teacher.
struct TeachersAtSchool {
  TeacherList teachers;
  std::vector<SchoolTrainingCount> training;  // in no order; none with 0 items
};

// One view: its watermark and fingerprints (the rendered text is made on demand).
struct View {
  std::int64_t created = 0, updated = 0;  // µs
  std::uint64_t fp = 0;       // what the API shows (with partnerships' count of participants training)
  std::uint64_t content = 0;  // the persisted attributes and hidden fields

  // The presented JSON text for one day, kept by the first query that day
  // asks for it; dropped whenever `content` or `updated` changes. Only for
  // resources whose presentation is the same for every lead provider (all but
  // schools). Guarded by Model::presented_mu.
  struct Presented {
    domain::Date day;
    std::string text;
  };
  mutable std::shared_ptr<const Presented> presented;
  bool dirty = false;  // queued in Model::dirty_views
};

// A resource's views of one subject, by scope (usually one). The scope is
// one of Model::symbols.
struct ScopedView {
  const std::string* scope;
  View view;
};
using ViewsOf = std::vector<ScopedView>;

// Names one view in the drain queues: `id` is the key of its subject in
// Model::views (whose entries are never erased, so the key outlives the
// reference) and `scope` one of Model::symbols.
struct ViewRef {
  Resource resource;
  const std::string* id;
  const std::string* scope;
};

constexpr std::size_t kResources = 8;
inline std::size_t index_of(Resource r) { return static_cast<std::size_t>(r); }

// A list of ids filled afresh for every event (what it touched) that keeps
// its strings' storage between events: clear() only forgets the count, and an
// id pushed into a slot used before is copied into that slot's buffer, so
// that filling the list does not allocate once its slots have grown.
class IdList {
 public:
  void clear() { n_ = 0; }
  void push_back(std::string_view s) {
    if (n_ < items_.size()) items_[n_].assign(s.data(), s.size());
    else items_.emplace_back(s);
    ++n_;
  }
  template <class It>
  void append(It first, It last) {
    for (; first != last; ++first) push_back(*first);
  }
  // Sorts the ids and drops repeats (moving strings swaps their buffers, so
  // none is lost to the slots past the end).
  void sort_unique() {
    std::sort(begin(), end());
    n_ = static_cast<std::size_t>(std::unique(begin(), end()) - begin());
  }
  std::size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  const std::string& operator[](std::size_t i) const { return items_[i]; }
  std::string* begin() { return items_.data(); }
  std::string* end() { return items_.data() + n_; }
  const std::string* begin() const { return items_.data(); }
  const std::string* end() const { return items_.data() + n_; }

 private:
  std::vector<std::string> items_;
  std::size_t n_ = 0;
};

// Everything an event may require to be re-rendered.
struct Touched {
  IdList teachers, partnerships, delivery_partners, statements, schools;
  bool all_teachers = false, all_partnerships = false, all_schools = false;
  // render_everything: the views of every teacher and school, without the
  // schools and partnerships a touch of them would check
  bool every_teacher_view = false, every_school_view = false;
  // Empties every list (keeping their storage, so that the next event's
  // touches do not allocate) and clears every flag.
  void clear() {
    for (auto* v : {&teachers, &partnerships, &delivery_partners, &statements, &schools}) v->clear();
    all_teachers = all_partnerships = all_schools = every_teacher_view = every_school_view = false;
  }
};

// A small set of lead provider ids (or other scopes) that keeps its strings'
// storage between uses (an IdList), so that filling it for every subject a
// fold reaches does not allocate. Iteration order is insertion order.
class ScopeList {
 public:
  void clear() { items_.clear(); }
  void add(std::string_view s) {
    if (std::find(items_.begin(), items_.end(), s) == items_.end()) items_.push_back(s);
  }
  // Its scopes are already distinct: copied as they are.
  void assign(const ScopeList& other) {
    clear();
    items_.append(other.begin(), other.end());
  }
  const std::string* begin() const { return items_.begin(); }
  const std::string* end() const { return items_.end(); }

 private:
  IdList items_;
};

enum class Kind : std::uint8_t { kCp, kLp, kDp, kSchool, kUrn, kPship, kTeacher, kDecl, kStmt };
const char* kind_name(Kind k);

struct Model {
  // Movable, not copyable: Symbols and ViewRefs point into the Model's own tables.
  Model() = default;
  Model(Model&&) = default;
  Model& operator=(Model&&) = default;
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  Table<ContractPeriod> cps;  // by year
  Table<std::string> lps;     // lead provider id -> name
  Table<DeliveryPartner> dps;
  Table<School> schools;  // by current URN
  std::uint32_t schools_erased = 0;  // schools erased from `schools` so far (a URN replaced)
  // The school under a placement's URN (as find(schools, p.urn)), kept in
  // the placement while no school has been erased and its URN is the same.
  School* school_at(Placement& p) {
    if (p.school == nullptr || p.school_erasures != schools_erased || p.school->urn != p.urn) {
      p.school = find(schools, p.urn);
      p.school_erasures = schools_erased;
    }
    return p.school;
  }
  Table<std::string> urns;  // replaced URN -> the URN that replaced it
  Table<Partnership> pships;
  Table<Teacher> teachers;
  Table<Declaration> decls;
  Table<Statement> stmts;

  std::vector<std::pair<Kind, std::string>> dirty_entities;  // changed since drain (duplicates possible)
  std::vector<ViewRef> dirty_views;    // views whose record changed since drain, each once (View::dirty)
  std::vector<ViewRef> removed_views;  // views removed since drain
  bool views_sorted = false;           // both lists sorted by key (descending), while a drain is under way
  // resource -> subject id -> its views. An entry stays when its last view is
  // removed (ViewRef points at its key).
  std::array<Table<ViewsOf>, kResources> views;
  // The symbol table: every Symbol's text and every view scope (lead provider
  // ids and cohort years), each once. Only added to.
  SymbolTable symbols;
  Symbol symbol(std::string_view text) { return symbols.symbol(text); }
  // The fixed texts a declaration's fold writes, interned once.
  struct FixedSymbols {
    Symbol ect, mentor, no_payment, no_clawback, eligible, payable, paid, voided, awaiting_clawback, clawed_back;
  };
  const FixedSymbols& fixed_symbols();
  std::optional<FixedSymbols> fixed_symbols_;
  const std::string* intern(std::string_view text) { return symbols.intern(text); }
  // resource -> scope -> (created, id): the default order of lists. Kept
  // only while keep_order (only lists read it; see set_folding_only).
  std::array<std::map<std::string, std::set<std::pair<std::int64_t, std::string>>, std::less<>>, kResources> order;
  bool keep_order = true;
  // Stops keeping `order` (and drops it), or builds it again from the views.
  void set_keep_order(bool on);
  IdIndex ects_of_mentor, mentors_of_ect, partnerships_of_dp;
  // URN -> the teachers with a placement there, and partnership id -> the
  // teachers with training in it: each once, in id order, as pointers into
  // `teachers` (whose entries never move or go), so that a render reaches
  // them without a lookup each.
  Table<TeachersAtSchool> teachers_at_school;
  Table<TeacherList> teachers_in_partnership;
  // A school's views and API id follow its first URN (its key): API id -> key, key -> current URN.
  std::unordered_map<std::string, std::string> key_of_school_id;
  std::unordered_map<std::string, std::string> current_urn_of_key;
  Stamp epoch = 1;                       // see Stamp
  // What a check of every partnership (a new day, a pairing) must look at:
  // the partnerships made stale since the last check, and those whose
  // TrainingWindow stops holding on or before the day (by that first day).
  // Other partnerships are fresh with a window that holds, and would be skipped.
  std::vector<std::string> stale_pships;
  std::multimap<std::string, std::string> window_ends;
  std::string latest_day;  // the latest day an event was folded on
  IdList changed_teachers;  // teachers whose entity the current fold changed
  std::optional<std::set<int>> years;         // the years of the contract periods, once computed
  std::string scratch_attrs, scratch_hidden;  // reused by fingerprinting
  // Reused by every rerender, so that it does not allocate afresh for each event.
  struct RerenderScratch {
    IdList mentors;
    std::vector<School*> schools;
    std::vector<int> stale_years;
    ScopeList lps, scoped;
  } rerender_scratch;
  // The London day of the last rerender's time, and its text.
  std::optional<domain::Date> day_of_rerender;
  std::string day_text;
  // Non-zero while the entities cannot change (one rerender, one drain):
  // renders may then keep what they computed under this number (render_other.cpp).
  std::uint64_t render_memo = 0;
  bool render_everything = false;  // LeadProviderViews::set_render_everything
  std::uint64_t missed_changes = 0;
  // For render_everything: marks every subject but partnerships stale and touched.
  void touch_everything(Touched& t);
  // For render_everything: counts fresh partnerships whose render no longer
  // matches their view, and schools whose training read from the teachers'
  // at_schools items is not what their training periods say.
  void check_partnerships(Timestamp at);

  // Guards View::presented, which concurrent queries (under the shared
  // projection lock) fill in. A new Model (clear()) gets a new mutex.
  struct PresentedMutex {
    mutable std::mutex mu;
    PresentedMutex() = default;
    PresentedMutex(const PresentedMutex&) {}
    PresentedMutex& operator=(const PresentedMutex&) { return *this; }
  } presented_mu;

  template <class T>
  static const T* find(const Table<T>& t, std::string_view id) {
    auto it = t.find(id);
    return it == t.end() ? nullptr : &it->second;
  }
  template <class T>
  static T* find(Table<T>& t, std::string_view id) {
    auto it = t.find(id);
    return it == t.end() ? nullptr : &it->second;
  }
  bool is_fresh(Stamp s) const { return s == epoch; }

  // Queues an entity's record for the next drain (once while `flag` is set).
  void mark_dirty(Kind k, std::string_view id);
  bool entities_sorted = false;  // dirty_entities sorted by key (descending) and unique, while a drain is under way
  void clear_dirty_flag(Kind k, std::string_view id);
  // The dirty flag of a teacher, declaration, school or partnership; null for
  // other kinds and for an entity that is not there.
  bool* dirty_flag(Kind k, std::string_view id);
  void mark_dirty(Kind k, std::string_view id, bool& flag) {
    if (flag) return;
    flag = true;
    dirty_entities.emplace_back(k, std::string(id));
    entities_sorted = false;
  }
  // The teacher, created (empty) when missing; marks it for persisting and,
  // when `changes` (or it is new), stale with what reads it.
  Teacher& teacher(std::string_view id, std::int64_t now, bool changes);
  // The school under its current URN, following replaced URNs; created when missing.
  School& school(const std::string& urn, std::int64_t now, bool changes, Touched& t);
  void index_school(const School& sc);
  void index_pship(const Partnership& p);
  void index_teacher(const Teacher& t);
  std::string school_key(const std::string& urn) const;
  const std::set<int>& contract_years();

  // Index insertions, each marking stale the subjects that read the index.
  void add_teacher_at_school(const std::string& urn, const Teacher& t);
  // A teacher id that names no teacher is not indexed (it has no training to read).
  void add_teacher_in_partnership(const std::string& partnership_id, const std::string& teacher_id);
  void add_mentee(const std::string& mentor_id, const std::string& ect_id);
  // Marks stale what reads this entity.
  void stale_teacher(const std::string& id);
  void stale_school(const std::string& urn);
  void stale_pship(const std::string& id);
  void stale_dp(const std::string& id);
  void stale_partnership(Partnership& p);
  void stale_all();
  // Compares what the shared views read of each changed teacher with the last
  // time, marks the schools, partnerships and declarations it reaches stale,
  // and keeps the schools' sums (TeachersAtSchool::training) up to date.
  void check_changed_teachers();
  // Adds `delta` (1 or -1) to the count of `item` at its school.
  void count_at_school(const SchoolTrainingItem& item, int delta);

  // Folds one event into the entities and says what must be re-rendered.
  // False when the payload is not a JSON object.
  bool fold(const RecordedEvent& e, Touched& touched);
  // Fingerprints everything touched that is stale; `at` is the event's time (the watermark).
  void rerender(Touched& touched, Timestamp at);

  const View* find_view(Resource r, std::string_view id, std::string_view scope) const;
  View* find_view(Resource r, std::string_view id, std::string_view scope);
  // Where the view of `id` in `scope` lives, with one lookup: the subject's
  // key in views[r] (its entry added when it has none) and the view, or null.
  struct ViewSlot {
    const std::string* id;
    ViewsOf* of;
    ScopedView* scoped;
    ViewsEntry* entry = nullptr;  // the entry id and of belong to
  };
  ViewSlot view_slot(Resource r, const std::string& id, std::string_view scope);
  // Puts `v` in `scope` of a slot that has no view there yet; returns it.
  ScopedView& add_view(Resource r, ViewSlot& slot, std::string_view scope, View v);
  View& install_view(Resource r, const std::string& id, const std::string& scope, View v);
  void remove_view(Resource r, const std::string& id, const std::string& scope);
  // The same, given the subject's entry in views[r]: its key and its views.
  void remove_view(Resource r, const std::string& key, ViewsOf& of, std::string_view scope);
};

// The lead providers that may see something of this teacher (training periods
// in either role, and the lead providers of their mentees for unfunded mentors).
void teacher_lead_providers(const Model& m, const std::string& teacher_id, ScopeList& out);
void teacher_lead_providers(const Teacher& t, ScopeList& out);
void mentee_lead_providers(const Model& m, const std::string& mentor_id, ScopeList& out);

// The latest training period of a role with this lead provider that belongs to a partnership, or null.
const TrainingPeriod* latest_training_with(const Role& role, std::string_view lp);
std::string training_record_id(const std::string& teacher_id, const char* role);

// A time's RFC 3339 text (Timestamp::to_iso8601) held in place, so that a
// render writes it without allocating.
class IsoText {
 public:
  explicit IsoText(std::int64_t micros) : n_(Timestamp(micros).to_iso8601(text_)) {}
  std::string_view view() const { return {text_, n_}; }
  operator std::string_view() const { return view(); }

 private:
  char text_[Timestamp::kIso8601Capacity];
  std::size_t n_;
};
inline IsoText iso(std::int64_t micros) { return IsoText(micros); }
int count_training(const std::vector<std::pair<std::string, std::string>>& spans, const std::string& today);
TrainingWindow training_window(const std::vector<std::pair<std::string, std::string>>& spans, const std::string& today);
void partnership_spans(const Model& m, const std::string& id, std::vector<std::pair<std::string, std::string>>& out);
// The same, kept for the next call with this id while Model::render_memo stays
// the same and is not 0; valid until the next call on this thread.
const std::vector<std::pair<std::string, std::string>>& partnership_spans(const Model& m, const std::string& id);
std::string view_key(Resource r, const std::string& scope, const std::string& id);

// A number no other render_memo of any Model has had (render_other.cpp).
std::uint64_t next_render_memo();

// Entities as persisted: JSON text, and back (records.cpp).
std::string entity_record(const Model& m, Kind k, const std::string& id);  // empty: the entity is gone
Status load_entity(Model& m, std::string_view kind, const std::string& id, const Json& j);

}  // namespace rect::projections::lead_provider
