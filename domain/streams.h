// The names of the domain's streams: one per aggregate, chosen so that each
// invariant that must hold under concurrency lives inside one stream (see
// docs/events.md, "Streams").
//
// Thread-safety: pure functions.
//
// Usage:
//   store.read_stream(streams::declarations(teacher_id, "ect"), StreamVersion(1), 1000);
#pragma once

#include <string>

namespace rect::domain::streams {

inline std::string contract_period(int year) { return "contract-period-" + std::to_string(year); }
inline std::string schedule(int year, const std::string& identifier) {
  return "schedule-" + std::to_string(year) + "-" + identifier;
}
inline std::string lead_provider(const std::string& id) { return "lead-provider-" + id; }
inline std::string delivery_partner(const std::string& id) { return "delivery-partner-" + id; }
inline std::string appropriate_body(const std::string& id) { return "appropriate-body-" + id; }
inline std::string school(const std::string& urn) { return "school-" + urn; }
inline std::string trs(const std::string& trn) { return "trs-" + trn; }
inline std::string teacher(const std::string& id) { return "teacher-" + id; }
inline std::string ect(const std::string& teacher_id) { return "ect-" + teacher_id; }
inline std::string mentor(const std::string& teacher_id) { return "mentor-" + teacher_id; }
inline std::string induction(const std::string& teacher_id) { return "induction-" + teacher_id; }
inline std::string declarations(const std::string& teacher_id, const std::string& role) {
  return "declarations-" + teacher_id + "-" + role;
}
inline std::string partnership(const std::string& id) { return "partnership-" + id; }
inline std::string active_lead_provider(const std::string& lp, int year) {
  return "active-lead-provider-" + lp + "-" + std::to_string(year);
}
inline std::string statement(const std::string& id) { return "statement-" + id; }
inline std::string clock() { return "clock"; }

}  // namespace rect::domain::streams
