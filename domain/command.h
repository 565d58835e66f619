// Command and CommandOutcome: what callers hand to the domain and what they
// get back.
//
// A Command names one of the service's commands (see docs/scenarios.md for
// the list and their bodies), says who issued it and carries its body as a
// JSON object in text form, so callers need no JSON library to build one.
// The outcome is either the events written (their last global position, for
// read-your-writes waits) plus a small JSON result such as the new
// declaration's id, or a list of field errors (Code::kValidation; nothing was
// written), or another failure (kNotFound for an id the actor cannot see,
// kInvalidArgument for an unknown command or a body that is not an object,
// or a store error).
//
// Field errors carry the API title and detail exactly as the lead provider API
// emits them (reference api-errors.json, after name mapping); for school,
// appropriate body and finance commands the title is the body field at fault.
//
// Thread-safety: plain values.
//
// Usage:
//   Command c{"submit_declaration", {ActorKind::kLeadProvider, "lp-ambition"},
//             R"({"participant_id":"…","declaration_type":"started",…})"};
//   CommandOutcome o = handler.execute(c);
//   if (o.status.code() == Code::kValidation) for (auto& e : o.errors) show(e.title, e.detail);
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "events/status.h"
#include "events/types.h"

namespace rect::domain {

struct Command {
  std::string name;                       // e.g. "register_ect", "submit_declaration"
  Actor actor;                            // who issues it; lead provider commands use actor.id as the LP
  std::string body = "{}";                // a JSON object
  std::optional<EventId> correlation_id;  // stamped on every event written; drawn if absent
};

struct FieldError {
  std::string title;   // the field (API name), e.g. "declaration_type"
  std::string detail;  // the message, verbatim
  bool operator==(const FieldError&) const = default;
};

struct WrittenEvent {
  std::string stream;
  std::string type;
  StreamVersion version;
  GlobalPosition position;
};

struct CommandOutcome {
  Status status;                     // ok, or why not
  std::vector<FieldError> errors;    // when status is kValidation
  std::vector<WrittenEvent> events;  // what was appended, in order
  GlobalPosition last_position;      // position of the last event written (start() if none)
  std::string result = "{}";         // JSON object, e.g. {"declaration_id":"…"}
  int attempts = 0;                  // 1 + retries after a concurrent change

  bool ok() const { return status.is_ok(); }
};

}  // namespace rect::domain
