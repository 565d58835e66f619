// RocksDbEventStore: the embedded, durable default EventStore.
//
// One writer thread assigns global positions and stream versions and
// group-commits every append waiting at that moment in one synced RocksDB
// WriteBatch, so an acknowledged append is on disk and concurrent appenders
// share the fsync. The committed head only moves after the batch is durable,
// so readers never observe a position before all lower ones. A write failure
// (full disk, failed fsync) fails every append of that batch and makes the
// store refuse further appends until it is reopened. The on-disk layout is in
// docs/storage-format.md.
//
// Thread-safety: all methods are safe to call concurrently.
//
// Usage:
//   auto store = RocksDbEventStore::open("var/events", {});
//   if (!store) { std::cerr << store.status().to_string(); return 1; }
//   auto r = (*store)->append("participant-7", ExpectedVersion::no_stream(), {event});
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "events/event_store.h"
#include "events/world.h"

namespace rocksdb {
class Env;
}

namespace rect {

struct RocksDbOptions {
  const Clock* clock = nullptr;   // null: SystemClock
  Random* random = nullptr;       // null: SystemRandom (for event ids the caller left nil)
  rocksdb::Env* env = nullptr;    // null: the default Env; tests inject faults here
  bool create_if_missing = true;
  bool read_only = false;         // open for reading only (no writer thread, appends fail)
  // Open as a RocksDB secondary instance that follows a store another
  // process (rectd) has open for writing; implies read_only. The directory
  // holds the secondary's own logs. See refresh().
  std::string secondary_dir = {};
  // How many of the newest records to check (checksum, contiguity) at open.
  // 0 checks none; UINT64_MAX checks the whole log (see also verify()).
  std::uint64_t verify_tail_records = 4096;
};

// Counters of the writer thread since open.
struct WriterStats {
  std::uint64_t groups = 0;   // synced WriteBatches written
  std::uint64_t appends = 0;  // appends answered (including rejected ones)
  std::uint64_t events = 0;   // events written
};

// What verify() found.
struct VerifyReport {
  std::uint64_t events = 0;
  std::uint64_t streams = 0;
};

class RocksDbEventStore final : public EventStore {
 public:
  // Opens (or creates) the store in `dir`. Refuses, with kCorruption and a
  // message naming the problem, a directory that is not a rect store, a store
  // of an unknown format version, or one whose newest records fail checks.
  static Result<std::unique_ptr<RocksDbEventStore>> open(const std::string& dir, RocksDbOptions options);
  ~RocksDbEventStore() override;

  Result<AppendResult> append(std::string_view stream, ExpectedVersion expected,
                              std::vector<EventData> events) override;
  std::vector<Result<AppendResult>> append_many(std::vector<AppendRequest> requests) override;
  // Secondary instances only: catches up with what the primary has written.
  Status refresh();
  Result<std::vector<RecordedEvent>> read_stream(std::string_view stream, StreamVersion from,
                                                 std::size_t max) const override;
  Result<std::vector<RecordedEvent>> read_all(GlobalPosition after, std::size_t max) const override;
  Status read_all_into(GlobalPosition after, std::size_t max, std::vector<RecordedEvent>* out) const override;
  Result<StreamVersion> stream_version(std::string_view stream) const override;
  GlobalPosition head() const override;
  GlobalPosition wait_for_head_after(GlobalPosition after, std::chrono::milliseconds wait) const override;

  // Checks the whole store: positions 1..head contiguous, every checksum,
  // each stream's versions contiguous and matching the index. `progress` is
  // called now and then with (records checked, head).
  Result<VerifyReport> verify(const std::function<void(std::uint64_t, std::uint64_t)>& progress = {}) const;

  WriterStats writer_stats() const;

  // The format version this build writes and reads.
  static constexpr std::uint8_t kStoreFormatVersion = 2;
  // Version-1 stores are taken over on open (see docs/storage-format.md).
  static constexpr std::uint8_t kOldestReadableFormatVersion = 1;

 private:
  struct Impl;
  explicit RocksDbEventStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rect
