// EventStore: the append-only log of rect, written once and implemented per
// backend (RocksDB, in-memory, Kafka).
//
// Every event belongs to a stream (an aggregate such as "participant-<id>")
// and has a version within it; every event also has a global position in the
// one total order of the log. Appends are atomic per call: all events of a
// call are recorded with contiguous versions, or none is.
//
// Guarantees every backend gives (checked by tests/events/conformance):
//  * An append is acknowledged only once durable.
//  * ExpectedVersion is checked atomically with the write.
//  * Re-appending events whose ids are all already stored in that stream
//    writes nothing and returns the original positions (idempotency).
//  * read_all never shows a position before every lower position is
//    readable: there are no gaps, ever.
//
// Thread-safety: all methods are safe to call concurrently.
//
// Usage:
//   auto r = store.append("participant-1", ExpectedVersion::no_stream(), {e});
//   if (!r) return r.status();
//   auto sub = store.subscribe(GlobalPosition::start());
//   while (running) {
//     auto batch = sub->next(1000, std::chrono::milliseconds(500));
//     if (!batch) break;
//     for (const RecordedEvent& ev : *batch) apply(ev);
//   }
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "events/event.h"
#include "events/status.h"
#include "events/types.h"

namespace rect {

// What the caller believes about the stream before appending.
class ExpectedVersion {
 public:
  enum class Kind : std::uint8_t { kAny, kNoStream, kExact };
  static ExpectedVersion any() { return ExpectedVersion(Kind::kAny, StreamVersion::none()); }
  static ExpectedVersion no_stream() { return ExpectedVersion(Kind::kNoStream, StreamVersion::none()); }
  // The stream's last version must be exactly `v` (Exact(0) is NoStream).
  static ExpectedVersion exact(StreamVersion v) { return ExpectedVersion(Kind::kExact, v); }
  Kind kind() const { return kind_; }
  StreamVersion version() const { return v_; }
  // True when a stream whose last version is `actual` satisfies this.
  bool admits(StreamVersion actual) const {
    switch (kind_) {
      case Kind::kAny: return true;
      case Kind::kNoStream: return actual == StreamVersion::none();
      case Kind::kExact: return actual == v_;
    }
    return false;
  }
  std::string to_string() const;

 private:
  ExpectedVersion(Kind k, StreamVersion v) : kind_(k), v_(v) {}
  Kind kind_;
  StreamVersion v_;
};

// What an append recorded: the positions and versions of its events, in order.
struct AppendResult {
  std::vector<GlobalPosition> positions;  // one per event, in the order given
  StreamVersion first_version;
  StreamVersion last_version;
  bool idempotent_replay = false;  // true when nothing was written (ids already stored)
  GlobalPosition last_position() const { return positions.empty() ? GlobalPosition() : positions.back(); }
};

// One append of append_many().
struct AppendRequest {
  std::string stream;
  ExpectedVersion expected = ExpectedVersion::any();
  std::vector<EventData> events;
};

// A live, ordered feed of the log starting after a position. Catches up from
// the store, then waits for new events. Pull-based: the consumer decides
// its own threading and batching.
class Subscription {
 public:
  virtual ~Subscription() = default;
  // Up to `max` events after the last one returned. Waits at most `wait` when
  // nothing is available; an empty vector then means "no new event yet".
  virtual Result<std::vector<RecordedEvent>> next(std::size_t max, std::chrono::milliseconds wait) = 0;
  // The position of the last event returned (or the starting position).
  virtual GlobalPosition position() const = 0;
};

class EventStore {
 public:
  virtual ~EventStore() = default;

  // Appends `events` to `stream` if `expected` admits the stream's current
  // version. Errors: kWrongExpectedVersion (message names the actual version,
  // also available from stream_version()), kInvalidArgument, kIOError,
  // kNoSpace, kFenced, kUnavailable.
  virtual Result<AppendResult> append(std::string_view stream, ExpectedVersion expected,
                                      std::vector<EventData> events) = 0;

  // Submits several appends at once, for bulk loads and imports. Each is
  // decided on its own, in order (a later one sees the earlier ones), and
  // gets its own result; the RocksDB backend writes them all in one synced
  // group. The default implementation calls append() for each.
  virtual std::vector<Result<AppendResult>> append_many(std::vector<AppendRequest> requests);

  // Events of `stream` with version >= from, at most `max` of them.
  // An unknown stream yields an empty vector.
  virtual Result<std::vector<RecordedEvent>> read_stream(std::string_view stream, StreamVersion from,
                                                         std::size_t max) const = 0;

  // Events with position > after, in position order, at most `max`.
  virtual Result<std::vector<RecordedEvent>> read_all(GlobalPosition after, std::size_t max) const = 0;

  // read_all into `out` (replacing what it held), reusing the storage of the
  // events already in it, so a reader that pages through the log with one
  // vector allocates almost nothing per event. On error `out` is emptied.
  // The default implementation moves read_all's result in.
  [[nodiscard]] virtual Status read_all_into(GlobalPosition after, std::size_t max, std::vector<RecordedEvent>* out) const;

  // The last version of a stream (none() when the stream does not exist).
  virtual Result<StreamVersion> stream_version(std::string_view stream) const = 0;

  // The position of the last durable event (start() when the log is empty).
  virtual GlobalPosition head() const = 0;

  // Blocks until head() > after or `wait` elapses; returns head().
  virtual GlobalPosition wait_for_head_after(GlobalPosition after, std::chrono::milliseconds wait) const = 0;

  // A feed of every event with position > after.
  std::unique_ptr<Subscription> subscribe(GlobalPosition after) const;
};

}  // namespace rect
