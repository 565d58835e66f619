// The event envelope: what is appended (EventData) and what is read back
// (RecordedEvent).
//
// An event is immutable once recorded. The store assigns the stream version,
// the global position and recorded_at (from the injected Clock); everything
// else is supplied by the caller. The payload is a JSON object, kept as text
// so that this module needs no JSON library in its headers. The full field
// list and its meaning is documented in docs/events.md.
//
// Thread-safety: plain values.
//
// Usage:
//   EventData e;
//   e.id = rng.next_uuid();
//   e.type = "DeclarationSubmitted";
//   e.schema_version = 1;
//   e.actor = {ActorKind::kLeadProvider, "lp-ambition"};
//   e.payload = R"({"declaration_type":"started"})";
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "events/status.h"
#include "events/types.h"

namespace rect {

struct EventData {
  EventId id;                            // nil: the store draws one from its Random
  std::string type;                      // e.g. "EctRegistered"; 1..128 bytes, [A-Za-z0-9_.]
  std::uint32_t schema_version = 1;      // version of this type's payload shape
  std::optional<Timestamp> valid_at;     // business-effective time, if it differs
  std::optional<EventId> correlation_id; // the request that led to this event
  std::optional<EventId> causation_id;   // the event or command that caused it
  Actor actor;
  std::string payload = "{}";            // a JSON object
};

struct RecordedEvent {
  std::string stream;
  StreamVersion version;
  GlobalPosition position;
  Timestamp recorded_at;
  EventData data;
};

// Limits enforced on every append.
inline constexpr std::size_t kMaxStreamIdBytes = 512;
inline constexpr std::size_t kMaxEventTypeBytes = 128;
inline constexpr std::size_t kMaxPayloadBytes = 1 << 20;
inline constexpr std::size_t kMaxEventsPerAppend = 10000;

// Checks a stream id: non-empty, at most 512 bytes, valid UTF-8, no NUL.
Status validate_stream_id(std::string_view stream);
// Checks one event's type, actor and payload (a JSON object, valid UTF-8).
Status validate_event(const EventData& e);
// True when `s` is well-formed UTF-8 (no overlongs, no surrogates).
bool is_valid_utf8(std::string_view s);

}  // namespace rect
