// Private to projections/lead_provider/: the state behind LeadProviderViews.
//
// Two kinds of persisted records, both JSON objects:
//   "e/<kind>/<id>"          source facts folded from events (entities): contract
//                            periods, lead providers, delivery partners, schools,
//                            partnerships, teachers (with their placements,
//                            training periods, mentorships, induction periods and
//                            declaration ids), declarations and statements;
//   "v/<resource>/<scope>/<id>"  rendered API resources with their watermark,
//                            scope being the lead provider id (or the cohort for
//                            schools, whose records all providers share, keyed
//                            by the school's first URN).
// Derived indexes (school -> teachers, partnership -> teachers, mentor <-> ECTs,
// delivery partner -> partnerships, per-scope creation order) are rebuilt
// from the records on load; which rendered views are fresh is kept in memory
// only, so after a load every subject renders again on its next touch.
//
// Thread-safety: none; LeadProviderViews guards it with the projection lock.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/date.h"
#include "events/event.h"
#include "projections/lead_provider/views.h"

namespace rect::projections::lead_provider {

using Json = nlohmann::json;

const char* resource_tag(Resource r);
const char* resource_type(Resource r);

// One rendered resource: what the API shows plus what it needs at read time.
struct View {
  Json attrs;   // attributes, without the time-derived ones and without updated_at
  Json hidden;  // inputs of the time-derived fields and of the filters
  std::int64_t created = 0, updated = 0;  // µs

  // The presented JSON text for one day, kept by the first query that day
  // asks for it. The fold replaces a View (install_view) rather than change
  // it, so the text can only go stale by the day moving on. Only for
  // resources whose presentation is the same for every lead provider (all
  // but schools). Guarded by Model::presented_mu.
  struct Presented {
    domain::Date day;
    std::string text;
  };
  mutable std::shared_ptr<const Presented> presented;
};

// What a render produces before the watermark is decided.
struct Rendered {
  Json attrs;
  Json hidden;
  Json compare;  // the visible state whose change bumps updated_at
  std::int64_t created = 0;
};

// Everything an event may require to be re-rendered.
struct Touched {
  std::set<std::string> teachers, partnerships, delivery_partners, statements, schools;
  bool all_teachers = false, all_partnerships = false, all_schools = false;
};

// Hashing and equality that accept a string_view, so lookups need no key string.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view v) const { return std::hash<std::string_view>{}(v); }
};
using Table = std::unordered_map<std::string, Json, StringHash, std::equal_to<>>;
using IdSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;
using IdIndex = std::unordered_map<std::string, std::set<std::string>, StringHash, std::equal_to<>>;

// The days on which a partnership's spans give the same count of participants
// currently training as on the day the window was taken: from `from` on, before
// the next span starts (`starts`) and until the next one ends (`ends`).
struct TrainingWindow {
  std::string from, starts, ends;  // YYYY-MM-DD; starts/ends empty: no bound
  int count = 0;
  bool holds(const std::string& day) const {
    return day >= from && (starts.empty() || day < starts) && (ends.empty() || day <= ends);
  }
};

// Which rendered subjects are known to match their inputs. A subject is fresh
// from its render until the fold changes something its renders read; a render
// of a fresh subject would reproduce its stored views exactly, so rerender
// skips it. Empty (everything stale) after load and clear; in memory only.
struct Freshness {
  IdSet teachers;      // participant views of a teacher
  IdSet transfers;     // transfer views of a teacher
  IdSet mentors;       // unfunded mentor views of a mentor
  IdSet declarations;  // declaration views
  IdSet schools;       // school views of every cohort
  // of the schools above, the cohort years whose views are stale nonetheless
  std::unordered_map<std::string, std::set<int>, StringHash, std::equal_to<>> school_years;
  // partnership id -> the days its participants_currently_training stays as rendered
  std::unordered_map<std::string, TrainingWindow, StringHash, std::equal_to<>> partnerships;
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

struct Model {
  std::map<std::string, Table, std::less<>> entities;  // kind -> id -> entity, persisted as "e/<kind>/<id>"
  std::unordered_set<std::string> dirty;               // persisted keys changed since drain
  std::unordered_map<std::string, View> views;         // key "v/<tag>/<scope>/<id>"
  std::map<std::string, std::set<std::pair<std::int64_t, std::string>>> order;  // "<tag>/<scope>" -> (created, id)
  std::unordered_map<std::string, std::set<std::string>> scopes_of;  // "<tag>/<id>" -> scopes with a view
  IdIndex teachers_at_school, teachers_in_partnership, ects_of_mentor, mentors_of_ect, partnerships_of_dp;
  // A school's views and API id follow its first URN (its key) when GIAS
  // replaces the URN: API id -> key, and key -> the URN it has now.
  std::unordered_map<std::string, std::string> urn_of_school_id;
  std::unordered_map<std::string, std::string> current_urn_of_key;
  Freshness fresh;
  std::unordered_map<std::string, TeacherInputs, StringHash, std::equal_to<>> teacher_inputs;
  std::vector<std::string> changed_teachers;  // teachers whose entity the current fold changed
  std::optional<std::set<int>> years;         // the years of the contract periods, once computed
  // partnership view key -> participants_currently_training in the fingerprint
  // of its stored view, once put since the load
  std::unordered_map<std::string, int> partnership_training;
  // Guards View::presented, which concurrent queries (under the shared
  // projection lock) fill in. A new Model (clear()) gets a new mutex.
  struct PresentedMutex {
    mutable std::mutex mu;
    PresentedMutex() = default;
    PresentedMutex(const PresentedMutex&) {}
    PresentedMutex& operator=(const PresentedMutex&) { return *this; }
  } presented_mu;

  Json* entity(std::string_view kind, std::string_view id);
  const Json* entity(std::string_view kind, std::string_view id) const;
  // Creates the entity as an empty object when missing; marks it for
  // persisting and, unless `changes` is false and it already existed, marks
  // stale whatever reads it.
  Json& upsert(std::string_view kind, const std::string& id, bool changes = true);
  void erase_entity(std::string_view kind, const std::string& id);
  void touch_entity(std::string_view kind, const std::string& id);
  void index_entity(std::string_view kind, const std::string& id, const Json& value);
  // The URN a school's views are keyed by and its API id derived from: the
  // first URN it had.
  std::string school_key(const std::string& urn) const;
  const std::set<int>& contract_years();

  // Index insertions, each marking stale the subjects that read the index.
  void add_teacher_at_school(const std::string& urn, const std::string& teacher_id);
  void add_teacher_in_partnership(const std::string& partnership_id, const std::string& teacher_id);
  void add_mentee(const std::string& mentor_id, const std::string& ect_id);
  // Marks stale what reads this entity.
  void stale(std::string_view kind, const std::string& id);
  void stale_teacher(const std::string& id);
  // Compares what the shared views read of each changed teacher with the last
  // time, and marks the schools, partnerships and declarations it reaches stale.
  void check_changed_teachers();
  // Records what the shared views read of a teacher loaded from the store.
  void remember_inputs(const std::string& id, const Json& teacher);

  // Folds one event into the entities and says what must be re-rendered.
  void fold(const RecordedEvent& e, const Json& payload, Touched& touched);
  // Re-renders everything touched that is stale; `at` is the event's time (the watermark).
  void rerender(const Touched& touched, Timestamp at);

  void put_view(Resource r, const std::string& scope, const std::string& id, std::optional<Rendered> rendered,
                Timestamp at);
  void install_view(const std::string& key, View v);
  void remove_view(const std::string& key);
};

// Renders (nullopt: not visible to that scope).
std::optional<Rendered> render_participant(const Model& m, const std::string& lp, const std::string& teacher_id,
                                           domain::Date today);
std::optional<Rendered> render_declaration(const Model& m, const std::string& lp, const std::string& declaration_id);
std::optional<Rendered> render_partnership(const Model& m, const std::string& partnership_id, domain::Date today);
// A school's views, one per cohort year of `years`.
std::vector<std::pair<int, std::optional<Rendered>>> render_school(const Model& m, const std::set<int>& years,
                                                                   const std::string& urn);
std::optional<Rendered> render_delivery_partner(const Model& m, const std::string& lp, const std::string& dp_id);
std::optional<Rendered> render_statement(const Model& m, const std::string& statement_id);
std::optional<Rendered> render_transfer(const Model& m, const std::string& lp, const std::string& teacher_id);
std::optional<Rendered> render_unfunded_mentor(const Model& m, const std::string& lp, const std::string& mentor_id);

// The latest training period of `role` ("ect" | "mentor") with this lead
// provider that belongs to a partnership, or null.
const Json* latest_training_with(const Json& teacher, const char* role, const std::string& lp);
std::string training_record_id(const std::string& teacher_id, const char* role);

// The lead providers that may see something of this teacher (training periods
// in either role, and the lead providers of their mentees for unfunded mentors).
std::set<std::string> teacher_lead_providers(const Model& m, const std::string& teacher_id);
std::set<std::string> mentee_lead_providers(const Model& m, const std::string& mentor_id);

// The final JSON object of one resource, with the time-derived fields filled in for `today`.
Json present(Resource r, const std::string& id, const View& v, const std::string& lp, domain::Date today);

std::string iso(std::int64_t micros);
// The member `k` of `j`, or null (an empty range) when `j` has none; never a copy.
const Json& member(const Json& j, const char* k);
// How many [started_on, finished_on] spans are ongoing on `today` (YYYY-MM-DD).
int count_training(const Json& spans, const std::string& today);
TrainingWindow training_window(const Json& spans, const std::string& today);
std::string view_key(Resource r, const std::string& scope, const std::string& id);

}  // namespace rect::projections::lead_provider
