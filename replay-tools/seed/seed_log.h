// SeedLog: the in-memory EventStore each part of the seed generator runs its
// CommandHandler over. Unlike MemoryEventStore it can forget events once they
// have been copied on and folded (trim), so a 100,000-participant run keeps
// only the handlers' folded State in memory, not the whole log twice over.
//
// It checks expected versions like every store, stamps recorded_at from the
// injected clock, and can take a copy of an event recorded elsewhere with its
// envelope and recorded_at unchanged (append_copy). It does not keep an event
// id index (the generator never re-appends an event), and read_stream is not
// offered: the CommandHandler only uses read_all, append and stream_version.
//
// Thread-safety: none; one SeedLog belongs to one thread at a time.
//
// Usage:
//   ManualClock clock(start);
//   SeedLog log(clock);
//   CommandHandler handler(log, clock, rng);
//   handler.execute(cmd);
//   for (const RecordedEvent& e : log.since(mark)) copy(e);
//   (void)handler.catch_up();
//   log.trim(log.head());
#pragma once

#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "events/event_store.h"
#include "events/world.h"

namespace rect::seed {

class SeedLog final : public EventStore {
 public:
  explicit SeedLog(const Clock& clock) : clock_(clock) {}

  Result<AppendResult> append(std::string_view stream, ExpectedVersion expected,
                              std::vector<EventData> events) override;
  Result<std::vector<RecordedEvent>> read_stream(std::string_view stream, StreamVersion from,
                                                 std::size_t max) const override;
  Result<std::vector<RecordedEvent>> read_all(GlobalPosition after, std::size_t max) const override;
  Result<StreamVersion> stream_version(std::string_view stream) const override;
  GlobalPosition head() const override { return GlobalPosition(first_ + log_.size() - 1); }
  GlobalPosition wait_for_head_after(GlobalPosition, std::chrono::milliseconds) const override { return head(); }

  // Appends an event recorded by another log: same envelope and recorded_at;
  // its version must be the next one of its stream here.
  Status append_copy(const RecordedEvent& e);
  // The kept events after `after`, in order.
  std::vector<const RecordedEvent*> since(GlobalPosition after) const;
  // Forgets every event at or before `upto`.
  void trim(GlobalPosition upto);

 private:
  const Clock& clock_;
  std::uint64_t first_ = 1;  // position of log_.front()
  std::deque<RecordedEvent> log_;
  std::unordered_map<std::string, std::uint64_t> versions_;
};

}  // namespace rect::seed
