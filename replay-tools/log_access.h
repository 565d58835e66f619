// open_log(): the event store of a data directory, opened the only way
// rect-replay reads it — as a RocksDB secondary instance that follows
// whatever rectd (the one writer) has made durable, without taking its lock
// or blocking its writers. The secondary's own files live in a scratch
// directory that disappears with the handle.
//
// Thread-safety: as RocksDbEventStore.
//
// Usage:
//   auto log = open_log(args.data_dir());
//   if (!log) return fail(log.status());
//   GlobalPosition head = (*log)->store().head();
#pragma once

#include <memory>
#include <string>

#include "events/rocksdb_store.h"
#include "replay-tools/scratch_dir.h"

namespace rect::replay {

class LogHandle {
 public:
  LogHandle(std::unique_ptr<ScratchDir> scratch, std::unique_ptr<RocksDbEventStore> store)
      : scratch_(std::move(scratch)), store_(std::move(store)) {}
  RocksDbEventStore& store() { return *store_; }

 private:
  std::unique_ptr<ScratchDir> scratch_;  // outlives the store: declared first
  std::unique_ptr<RocksDbEventStore> store_;
};

// Opens DATA_DIR/events as a secondary and catches up with the primary.
Result<std::unique_ptr<LogHandle>> open_log(const std::string& data_dir);

}  // namespace rect::replay
