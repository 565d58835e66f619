// When a fact the domain records took effect in the world: the `valid_at` of
// the events it writes (docs/events.md, "When a fact took effect").
//
// Some events carry a business date of their own: a placement's started_on, a
// leaving date, an induction outcome's finished_on, a declaration's
// declaration_date. Schools report them late or ahead of time, so the date
// can be weeks away from when rect recorded the event. The command handler
// stamps such an event's envelope with that date's start in Europe/London (a
// date) or with the instant itself (a time), so that `rect-replay as-of
// --valid-at T` can leave out what had not yet taken effect at T. Every other
// event has no valid_at: it took effect when it was recorded.
//
// Thread-safety: pure functions of their arguments.
//
// Usage:
//   e.valid_at = effective_time(p.type, p.payload);  // nullopt: none of its own
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "events/types.h"

namespace rect::domain {

// The payload field that holds an event type's business date, and whether it
// is a date (YYYY-MM-DD) or a time (RFC 3339); null for a type without one.
struct EffectiveField {
  const char* field;
  bool is_time;
};
const EffectiveField* effective_field(std::string_view type);
// Every event type that has one, in name order.
std::vector<std::string_view> types_with_effective_time();

// The business-effective time of an event of `type` with this payload:
// nullopt when the type has no business date, or the field is absent, null or
// not a date (validation has refused such input before any event is written).
std::optional<Timestamp> effective_time(std::string_view type, const nlohmann::json& payload);

}  // namespace rect::domain
