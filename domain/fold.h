// Private to domain/: how each event type changes State. One applier per event
// type, registered by area (reference and finance data, teachers).
//
// Thread-safety: the table is built once and read-only afterwards.
//
// Usage:
//   if (const Applier* a = find_applier(e.data.type)) (*a)(state, e, payload);
#pragma once

#include <optional>
#include <string>
#include <unordered_map>

#include "domain/decision.h"

namespace rect::domain {

using Applier = void (*)(State&, const RecordedEvent&, const Json&);
using ApplierTable = std::unordered_map<std::string, Applier>;

void register_reference_appliers(ApplierTable& t);
void register_teacher_appliers(ApplierTable& t);
void register_finance_appliers(ApplierTable& t);
const Applier* find_applier(const std::string& type);
// Every event type the domain records (the catalogue, for docs and tests).
std::vector<std::string> known_event_types();

std::string str(const Json& j, const char* key);
std::optional<Date> opt_date(const Json& j, const char* key);
Date date_of(const Json& j, const char* key);
std::optional<Timestamp> opt_time(const Json& j, const char* key);

}  // namespace rect::domain
