// Private to events/: KafkaLocalState, the local materialisation of the
// Kafka log that a KafkaEventStore (writer or reader) serves reads from.
//
// A small RocksDB database with the column families and key encodings of the
// embedded store (docs/storage-format.md) plus, in the default column family,
// the topic it mirrors and the Kafka offset to consume from next. Every apply()
// writes the records and that offset in one WriteBatch, so the state and the
// checkpoint never disagree after a crash. The batch is not synced: Kafka is
// the durable copy, and a lost tail is consumed again from the older offset.
//
// Thread-safety: apply() from one thread at a time (the writer thread or the
// tail thread); every other method from any thread, concurrently.
//
// Usage:
//   auto state = KafkaLocalState::open("var/kafka-state", "rect-events");
//   Status s = (*state)->apply(records, next_offset);
//   auto all = (*state)->read_all(GlobalPosition::start(), 100);
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "events/append_rules.h"
#include "events/event_store.h"

namespace rect {

// One event record as it travels in a Kafka message value, with the fields
// the materialisation indexes by.
struct KafkaLogRecord {
  std::string bytes;  // codec record bytes (docs/storage-format.md)
  std::string stream;
  EventId id;
  GlobalPosition position;
  StreamVersion version;
};

// Decodes and checks a message value; kCorruption names what is wrong.
Result<KafkaLogRecord> parse_kafka_record(std::string_view value);

class KafkaLocalState {
 public:
  static Result<std::unique_ptr<KafkaLocalState>> open(const std::string& dir, std::string_view topic);
  ~KafkaLocalState();

  // Applies `records` in log order and records `next_offset`, atomically.
  // A record at or below head() must repeat the stored one (same event id) and
  // is skipped; the next one must be at head()+1 with its stream's next
  // version. Anything else is kCorruption and nothing of the call is applied.
  Status apply(const std::vector<KafkaLogRecord>& records, std::int64_t next_offset);

  GlobalPosition head() const { return GlobalPosition(head_.load(std::memory_order_acquire)); }
  std::int64_t next_offset() const { return next_offset_.load(std::memory_order_acquire); }

  Result<StreamVersion> stream_version(std::string_view stream) const;
  Result<std::optional<append_rules::StoredId>> find_id(const EventId& id) const;
  Result<std::vector<RecordedEvent>> read_stream(std::string_view stream, StreamVersion from, std::size_t max) const;
  Result<std::vector<RecordedEvent>> read_all(GlobalPosition after, std::size_t max) const;

 private:
  struct Db;
  explicit KafkaLocalState(std::unique_ptr<Db> db);
  Result<RecordedEvent> read_position(std::uint64_t position) const;

  std::unique_ptr<Db> db_;
  std::atomic<std::uint64_t> head_{0};
  std::atomic<std::int64_t> next_offset_{0};
};

}  // namespace rect
