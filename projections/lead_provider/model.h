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
//                            schools, whose records all providers share).
// Derived indexes (school -> teachers, partnership -> teachers, mentor -> ECTs,
// per-scope creation order) are rebuilt from the records on load.
//
// Thread-safety: none; LeadProviderViews guards it with the projection lock.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
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

struct Model {
  std::unordered_map<std::string, Json> entities;  // key "e/<kind>/<id>"
  std::unordered_map<std::string, std::set<std::string>> ids_of_kind;  // kind -> ids present in `entities`
  std::set<std::string> dirty;                     // persisted keys changed since drain
  std::unordered_map<std::string, View> views;     // key "v/<tag>/<scope>/<id>"
  std::map<std::string, std::set<std::pair<std::int64_t, std::string>>> order;  // "<tag>/<scope>" -> (created, id)
  std::unordered_map<std::string, std::set<std::string>> scopes_of;  // "<tag>/<id>" -> scopes with a view
  std::unordered_map<std::string, std::set<std::string>> teachers_at_school, teachers_in_partnership, ects_of_mentor;
  std::unordered_map<std::string, std::string> urn_of_school_id;

  Json* entity(const std::string& kind, const std::string& id);
  const Json* entity(const std::string& kind, const std::string& id) const;
  Json& upsert(const std::string& kind, const std::string& id);
  void erase_entity(const std::string& kind, const std::string& id);
  void touch_entity(const std::string& kind, const std::string& id) { dirty.insert("e/" + kind + "/" + id); }
  void index_entity(const std::string& key, const Json& value);
  // Records that "e/<kind>/<id>" exists (or no longer does), so that "every
  // entity of a kind" never needs a scan of all entities.
  void note_kind(const std::string& key, bool present);

  // Folds one event into the entities and says what must be re-rendered.
  void fold(const RecordedEvent& e, const Json& payload, Touched& touched);
  // Re-renders everything touched; `at` is the event's time (the watermark).
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
std::optional<Rendered> render_school(const Model& m, int year, const std::string& urn);
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

}  // namespace rect::projections::lead_provider
