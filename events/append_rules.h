// Private to events/: the rules every backend applies to an append, so that
// all backends agree on validation, idempotency and the wording of errors.
//
// Thread-safety: pure functions.
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "events/event_store.h"
#include "events/world.h"

namespace rect::append_rules {

// Where an already-stored event id lives.
struct StoredId {
  std::string stream;
  GlobalPosition position;
  StreamVersion version;
};

// Validates stream id, batch size, each event and duplicate ids within the
// batch; gives nil event ids a fresh time-ordered UUID (v7) made from
// `now` and `random`.
Status prepare(std::string_view stream, std::vector<EventData>& events, Timestamp now, Random& random);

// The ids of `events`, in order.
std::vector<EventId> ids_of(const std::vector<EventData>& events);

// If every event id is already stored in `stream`, the original AppendResult
// (nothing to write); if none is, nullopt (write them); otherwise an error.
Result<std::optional<AppendResult>> check_idempotent(
    std::string_view stream, const std::vector<EventId>& ids,
    const std::function<Result<std::optional<StoredId>>(const EventId&)>& find);

Status wrong_expected_version(std::string_view stream, ExpectedVersion expected, StreamVersion actual);

}  // namespace rect::append_rules
