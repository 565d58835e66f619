// Private to events/: what the RocksDB backend and Kafka mode's local state
// share, since both keep the log in a RocksDB column family laid out as in
// docs/storage-format.md.
//
// Thread-safety: pure functions over a thread-safe rocksdb::DB.
//
// Usage:
//   auto events = read_log_range(*db, log_cf, after, want, "log");
//   if (!events) return events.status();
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "events/event.h"
#include "events/status.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class Status;
}  // namespace rocksdb

namespace rect {

// Maps a RocksDB status to rect's codes; `what` says what was being done.
Status from_rocks(const rocksdb::Status& s, std::string_view what);

// The `want` events at positions after+1 .. after+want of a log column
// family, checked: contiguous positions, record versions and checksums. A
// missing position is kCorruption naming it (`what` names the log).
Result<std::vector<RecordedEvent>> read_log_range(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* log, std::uint64_t after,
                                                  std::uint64_t want, std::string_view what);

}  // namespace rect
