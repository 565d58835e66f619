#include "events/memory_store.h"

#include "events/append_rules.h"

namespace rect {

MemoryEventStore::MemoryEventStore(const Clock* clock, Random* random)
    : clock_(clock ? clock : SystemClock::instance()), random_(random ? random : SystemRandom::instance()) {}

Result<AppendResult> MemoryEventStore::append(std::string_view stream, ExpectedVersion expected,
                                              std::vector<EventData> events) {
  if (Status s = append_rules::prepare(stream, events, clock_->now(), *random_); !s) return s;
  std::unique_lock<std::mutex> l(mu_);
  auto idem = append_rules::check_idempotent(
      stream, append_rules::ids_of(events), [&](const EventId& id) -> Result<std::optional<append_rules::StoredId>> {
        auto it = ids_.find(id);
        if (it == ids_.end()) return std::optional<append_rules::StoredId>();
        const RecordedEvent& e = log_[it->second];
        return std::optional(append_rules::StoredId{e.stream, e.position, e.version});
      });
  if (!idem) return idem.status();
  if (idem->has_value()) return std::move(**idem);
  auto sit = streams_.find(stream);
  const StreamVersion current(sit == streams_.end() ? 0 : sit->second.size());
  if (!expected.admits(current)) return append_rules::wrong_expected_version(stream, expected, current);
  if (sit == streams_.end()) sit = streams_.emplace(std::string(stream), std::vector<std::size_t>{}).first;
  AppendResult res;
  res.first_version = current.next();
  const Timestamp now = clock_->now();
  for (EventData& data : events) {
    const std::size_t index = log_.size();
    const EventId id = data.id;
    log_.push_back(RecordedEvent{std::string(stream), StreamVersion(sit->second.size() + 1),
                                 GlobalPosition(index + 1), now, std::move(data)});
    sit->second.push_back(index);
    ids_.emplace(id, index);
    res.positions.push_back(GlobalPosition(index + 1));
  }
  res.last_version = StreamVersion(sit->second.size());
  l.unlock();
  cv_.notify_all();
  return res;
}

Result<std::vector<RecordedEvent>> MemoryEventStore::read_stream(std::string_view stream, StreamVersion from,
                                                                 std::size_t max) const {
  if (Status s = validate_stream_id(stream); !s) return s;
  std::lock_guard<std::mutex> l(mu_);
  std::vector<RecordedEvent> out;
  auto it = streams_.find(stream);
  if (it == streams_.end()) return out;
  for (std::size_t v = std::max<std::uint64_t>(from.value(), 1); v <= it->second.size() && out.size() < max; ++v)
    out.push_back(log_[it->second[v - 1]]);
  return out;
}

Result<std::vector<RecordedEvent>> MemoryEventStore::read_all(GlobalPosition after, std::size_t max) const {
  std::lock_guard<std::mutex> l(mu_);
  std::vector<RecordedEvent> out;
  for (std::size_t i = after.value(); i < log_.size() && out.size() < max; ++i) out.push_back(log_[i]);
  return out;
}

Result<StreamVersion> MemoryEventStore::stream_version(std::string_view stream) const {
  if (Status s = validate_stream_id(stream); !s) return s;
  std::lock_guard<std::mutex> l(mu_);
  auto it = streams_.find(stream);
  return StreamVersion(it == streams_.end() ? 0 : it->second.size());
}

GlobalPosition MemoryEventStore::head() const {
  std::lock_guard<std::mutex> l(mu_);
  return GlobalPosition(log_.size());
}

GlobalPosition MemoryEventStore::wait_for_head_after(GlobalPosition after, std::chrono::milliseconds wait) const {
  std::unique_lock<std::mutex> l(mu_);
  cv_.wait_for(l, wait, [&] { return log_.size() > after.value(); });
  return GlobalPosition(log_.size());
}

}  // namespace rect
