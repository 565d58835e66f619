// Private to domain/: what a command handler decides, before it is written.
//
// A handler reads State through a Context and fills a Decision: field errors
// (nothing will be written), or events grouped by stream, each group carrying
// the stream version the handler decided against (its expected version), plus
// a small JSON result for the caller. CommandHandler then appends the groups
// in order and retries the whole command when the first group's stream, or a
// guarded one, moved.
//
// Thread-safety: a Decision belongs to one command execution.
//
// Usage:
//   Decision d;
//   if (!ok) { d.error("declaration_type", kDuplicate); return d; }
//   d.emit(ctx, streams::declarations(t.id, role), "declaration_submitted", payload);
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/command.h"
#include "domain/date.h"
#include "domain/state.h"
#include "events/event.h"
#include "events/world.h"

namespace rect::domain {

using Json = nlohmann::json;

struct Context {
  const State& state;
  Timestamp now;
  Date today;
  Actor actor;
  Random& random;
  int attempt = 1;  // 1 on the first try; >1 after a concurrent change
  std::string new_id() const { return random.next_uuid().to_string(); }
};

struct PendingEvent {
  std::string type;
  std::uint32_t schema_version = 1;
  Json payload;
};

struct StreamGroup {
  std::string stream;
  StreamVersion expected;
  std::vector<PendingEvent> events;
  // When set, the command is decided again if this stream moved before it is
  // written, even after earlier groups were written (see Decision::guard).
  bool guarded = false;
};

class Decision {
 public:
  // Records a field error; the command will write nothing.
  void error(std::string title, std::string detail);
  bool has_error(const std::string& title) const;
  bool has_any_error(std::initializer_list<const char*> titles) const;
  bool failed() const { return !errors.empty() || !status.is_ok(); }

  // Adds an event to `stream`, decided against the stream's current version in ctx.state.
  void emit(const Context& ctx, const std::string& stream, std::string type, Json payload,
            std::uint32_t schema_version = 1);
  // Like emit, and the stream joins the command's guarded streams: if it moved
  // between the decision and its append, the handler catches up and decides
  // again instead of appending regardless. Groups written before the conflict
  // stay written, so a handler that guards more than its first stream must
  // recognise its own earlier writes when it decides again (merge_participants
  // seals the source's declaration streams this way).
  void guard(const Context& ctx, const std::string& stream, std::string type, Json payload);

  // Makes a refusal write this Decision's events before it is reported: only
  // for events that release what an earlier attempt of the same command
  // reserved (a merge's declaration seals). Every other refusal writes nothing.
  void release_on_refusal() { release_on_refusal_ = true; }
  // True when an event of one of `types` whose payload has `field` equal to
  // `value` is already emitted to `stream` (so that a command that ends one
  // period from two sides ends it once).
  bool emitted(const std::string& stream, std::initializer_list<const char*> types, const char* field,
               const std::string& value) const;
  bool releases_on_refusal() const { return release_on_refusal_; }

  std::vector<FieldError> errors;
  Status status;  // kNotFound / kInvalidArgument for non-field failures
  std::vector<StreamGroup> groups;  // in the order their streams were first emitted to; added to by emit() only
  Json result = Json::object();

 private:
  // The group of `stream`, or null: found by index, so that a command
  // emitting to thousands of streams (the day job) is not quadratic.
  StreamGroup* group_of(const std::string& stream);

  bool release_on_refusal_ = false;
  std::unordered_map<std::string, std::size_t> group_index_;  // stream -> its position in `groups`
};

// "YYYY-MM-DD" or null.
inline Json date_json(const std::optional<Date>& d) { return d ? Json(d->to_string()) : Json(nullptr); }

}  // namespace rect::domain
