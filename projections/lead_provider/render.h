// Private to projections/lead_provider/: the renders of the API resources
// from the typed entities (model.h), written as JSON text.
//
// One render serves three uses, so that what is fingerprinted, persisted and
// presented cannot drift apart:
//   * fingerprinting after a fold (pres == nullptr): attributes and hidden
//     fields (the inputs of the time-derived fields and of the filters);
//   * the persisted record at drain time (the same text);
//   * presenting (pres != nullptr): the attributes with `updated_at` and the
//     time-derived fields for pres->day and pres->lp in their sorted places.
// Object keys are written in sorted order, as nlohmann::json prints them.
//
// Thread-safety: renders only read the model.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "projections/lead_provider/model.h"

namespace rect::projections::lead_provider {

struct Presentation {
  std::string day;   // YYYY-MM-DD, Europe/London
  std::string lp;    // the lead provider asking
  std::int64_t updated = 0;
};

struct RenderResult {
  bool visible = false;
  std::int64_t created = 0;
  int training = 0;  // partnerships: participants currently training on `day`
};

// Renders resource `r` of `scope` (a lead provider id, or the cohort year for
// schools) and `id` (a school's key for schools) into `attrs` and `hidden`
// (both appended to). `day` is the day the time-derived values are taken for.
RenderResult render(const Model& m, Resource r, const std::string& scope, const std::string& id, std::string& attrs,
                    std::string& hidden, const std::string& day, const Presentation* pres);

// Whether the view of `r`/`scope`/`id` passes the query's filters other than updated_since.
bool matches(const Model& m, Resource r, const std::string& scope, const std::string& id, const Query& q);

// The statement's payment date (the order of statement lists).
std::string statement_payment_date(const Model& m, const std::string& id);

const School* school_by_key(const Model& m, const std::string& key);

// For render_everything: the schools whose training by cohort year, as school
// views read it from their teachers' at_schools items, differs from the same
// read from the teachers' training periods (0 unless the items went stale).
std::uint64_t school_training_mismatches(const Model& m);

}  // namespace rect::projections::lead_provider
