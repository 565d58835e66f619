#include "events/append_rules.h"

#include <algorithm>
#include <set>

namespace rect::append_rules {

Status prepare(std::string_view stream, std::vector<EventData>& events, Timestamp now, Random& random) {
  if (Status s = validate_stream_id(stream); !s) return s;
  if (events.empty()) return Status(Code::kInvalidArgument, "append to '" + std::string(stream) + "' has no events");
  if (events.size() > kMaxEventsPerAppend)
    return Status(Code::kInvalidArgument, "append has " + std::to_string(events.size()) + " events; the limit is " +
                                              std::to_string(kMaxEventsPerAppend));
  std::set<EventId> seen;
  for (EventData& e : events) {
    if (e.id.is_nil()) e.id = random.next_uuid_v7(now);
    if (Status s = validate_event(e); !s) return s;
    if (!seen.insert(e.id).second)
      return Status(Code::kInvalidArgument, "event id " + e.id.to_string() + " appears twice in one append");
  }
  return Status::ok();
}

std::vector<EventId> ids_of(const std::vector<EventData>& events) {
  std::vector<EventId> ids;
  ids.reserve(events.size());
  for (const EventData& e : events) ids.push_back(e.id);
  return ids;
}

Result<std::optional<AppendResult>> check_idempotent(
    std::string_view stream, const std::vector<EventId>& ids,
    const std::function<Result<std::optional<StoredId>>(const EventId&)>& find) {
  AppendResult original;
  original.idempotent_replay = true;
  std::size_t found = 0;
  for (const EventId& id : ids) {
    auto r = find(id);
    if (!r) return r.status();
    if (!r->has_value()) continue;
    const StoredId& s = **r;
    if (s.stream != stream)
      return Status(Code::kInvalidArgument, "event id " + id.to_string() + " is already stored in stream '" +
                                                s.stream + "', not '" + std::string(stream) + "'");
    if (found == 0) original.first_version = s.version;
    original.first_version = std::min(original.first_version, s.version);
    original.last_version = std::max(original.last_version, s.version);
    original.positions.push_back(s.position);
    ++found;
  }
  if (found == 0) return std::optional<AppendResult>();
  if (found != ids.size())
    return Status(Code::kInvalidArgument, std::to_string(found) + " of the " + std::to_string(ids.size()) +
                                              " events in this append are already stored; re-send exactly the "
                                              "original append or only new events");
  return std::optional<AppendResult>(std::move(original));
}

Status wrong_expected_version(std::string_view stream, ExpectedVersion expected, StreamVersion actual) {
  return Status::wrong_expected_version("stream '" + std::string(stream) + "' expected " + expected.to_string() +
                                            " but its version is " + std::to_string(actual.value()),
                                        actual.value());
}

}  // namespace rect::append_rules
