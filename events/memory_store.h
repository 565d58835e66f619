// MemoryEventStore: an EventStore held entirely in memory.
//
// Same semantics as the durable backends (it passes the same conformance
// suite) except that nothing survives the process. Used by domain and
// projection tests, scenario dry-runs and benchmarks that want the store out
// of the picture.
//
// Thread-safety: all methods are safe to call concurrently (one mutex).
//
// Usage:
//   ManualClock clock(Timestamp(0));
//   MemoryEventStore store(&clock);
//   auto r = store.append("school-100", ExpectedVersion::any(), {event});
#pragma once

#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "events/event_store.h"
#include "events/world.h"

namespace rect {

class MemoryEventStore final : public EventStore {
 public:
  explicit MemoryEventStore(const Clock* clock = nullptr, Random* random = nullptr);

  Result<AppendResult> append(std::string_view stream, ExpectedVersion expected,
                              std::vector<EventData> events) override;
  Result<std::vector<RecordedEvent>> read_stream(std::string_view stream, StreamVersion from,
                                                 std::size_t max) const override;
  Result<std::vector<RecordedEvent>> read_all(GlobalPosition after, std::size_t max) const override;
  Result<StreamVersion> stream_version(std::string_view stream) const override;
  GlobalPosition head() const override;
  GlobalPosition wait_for_head_after(GlobalPosition after, std::chrono::milliseconds wait) const override;

 private:
  const Clock* clock_;
  Random* random_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::vector<RecordedEvent> log_;                           // log_[p-1] is position p
  std::map<std::string, std::vector<std::size_t>, std::less<>> streams_;  // stream -> indexes into log_
  std::map<EventId, std::size_t> ids_;
};

}  // namespace rect
