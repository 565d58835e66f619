// Private to events/: the two librdkafka clients of Kafka mode, behind types
// that do not mention librdkafka, so that only kafka_log.cpp includes it.
//
// KafkaLogProducer is a transactional producer: commit() produces records to
// partition 0 of the topic in one transaction and commits it. KafkaLogConsumer
// reads partition 0 from an offset with isolation.level=read_committed.
//
// Thread-safety: each object is used by one thread at a time.
//
// Usage:
//   auto p = KafkaLogProducer::open(cfg, "rect-writer", 30s);
//   std::vector<std::int64_t> offsets;
//   Status s = (*p)->commit({{stream, bytes, ms}}, &offsets, 10s);
//   auto c = KafkaLogConsumer::open(cfg, 0);
//   auto batch = (*c)->poll(1000, 100ms);
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "events/status.h"

namespace rect {

// The clients destroy their librdkafka handles through run_within
// (events/run_within.h): rd_kafka_destroy can wait forever on a broker
// thread that never stops (librdkafka issue #4519, seen here about once in
// 260 opens against the mock cluster), and a stuck handle is better leaked
// than left to hang the caller. How many client handles were abandoned that
// way by this process:
std::uint64_t kafka_clients_abandoned();

struct KafkaClientConfig {
  std::string brokers;
  std::string topic;
  std::chrono::milliseconds fetch_wait{20};
  std::vector<std::pair<std::string, std::string>> extra;  // passed to librdkafka as they are
};

struct KafkaOutRecord {
  std::string_view key;
  std::string_view value;
  std::int64_t timestamp_ms = 0;
};

class KafkaLogProducer {
 public:
  // Creates the producer and runs init_transactions, which fences any earlier
  // producer with the same transactional id and settles its open transaction.
  static Result<std::unique_ptr<KafkaLogProducer>> open(const KafkaClientConfig& config,
                                                        const std::string& transactional_id,
                                                        std::chrono::milliseconds timeout);
  ~KafkaLogProducer();

  // OK: the transaction committed and (*offsets)[i] is the offset of records[i]
  // (-1 if no delivery report named it). Otherwise nothing is acknowledged:
  // kFenced when another producer took the transactional id over, kTimedOut or
  // kUnavailable when the transaction was aborted or its outcome is unknown.
  Status commit(const std::vector<KafkaOutRecord>& records, std::vector<std::int64_t>* offsets,
                std::chrono::milliseconds timeout);
  // False after a fatal error or a failed abort: make a new producer.
  bool usable() const { return usable_; }

 private:
  struct Handle;
  explicit KafkaLogProducer(std::unique_ptr<Handle> h);
  Status abort_after(std::string what, std::chrono::steady_clock::time_point deadline);
  std::unique_ptr<Handle> h_;
  bool usable_ = true;
};

struct KafkaMessage {
  std::int64_t offset = 0;
  std::string value;
};

struct KafkaPoll {
  std::vector<KafkaMessage> messages;
  std::int64_t next_offset = -1;  // the offset to read next, when known (-1: unchanged)
  bool at_end = false;            // reached the end of what is committed
  std::string transient_error;    // a passing error the client retries by itself
};

class KafkaLogConsumer {
 public:
  // Reads partition 0 from `offset`. Checks first that the topic exists with
  // exactly one partition (kNotFound / kInvalidArgument otherwise).
  static Result<std::unique_ptr<KafkaLogConsumer>> open(const KafkaClientConfig& config, std::int64_t offset,
                                                        std::chrono::milliseconds timeout);
  ~KafkaLogConsumer();

  // The partition's first and end offsets, asked of its leader.
  Result<std::pair<std::int64_t, std::int64_t>> watermarks(std::chrono::milliseconds timeout);
  // Up to `max` messages, waiting at most `wait` for the first one.
  // kCorruption when the offset is no longer in the topic.
  Result<KafkaPoll> poll(std::size_t max, std::chrono::milliseconds wait);

 private:
  struct Handle;
  explicit KafkaLogConsumer(std::unique_ptr<Handle> h);
  std::unique_ptr<Handle> h_;
};

}  // namespace rect
