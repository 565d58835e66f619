// KafkaEventStore: the EventStore kept on an Apache Kafka topic (Kafka mode).
//
// The log is one topic with one partition. Exactly one instance is the
// writer: a transactional producer with a fixed transactional.id, so that a
// newer writer fences an older one (whose appends then fail with kFenced).
// The writer group-commits the appends waiting at that moment in one Kafka
// transaction; an append is acknowledged once that transaction committed.
// Global positions and stream versions are assigned by the writer and carried
// inside each record, so they stay 1..N without gaps whatever offsets Kafka's
// control records take. Any number of readers consume the topic with
// isolation.level=read_committed. Writer and readers serve every read from a
// local RocksDB materialisation whose consumed offset is written in the same
// batch as its state. Readers refuse appends (kUnavailable). Design and
// limits: docs/kafka-mode.md.
//
// Thread-safety: all methods are safe to call concurrently.
//
// Usage:
//   auto store = KafkaEventStore::open({.brokers = "kafka:9092", .topic = "rect-events",
//                                       .role = KafkaRole::kWriter, .transactional_id = "rect-writer",
//                                       .local_dir = "var/kafka-state"});
//   if (!store) { std::cerr << store.status().to_string(); return 1; }
//   auto r = (*store)->append("participant-7", ExpectedVersion::no_stream(), {event});
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "events/event_store.h"
#include "events/world.h"

namespace rect {

enum class KafkaRole : std::uint8_t { kWriter, kReader };

struct KafkaOptions {
  std::string brokers;                       // bootstrap servers, "host:port[,host:port...]"
  std::string topic = "rect-events";         // must exist with exactly one partition
  KafkaRole role = KafkaRole::kWriter;
  std::string transactional_id = "rect-writer";  // the same for every writer of a deployment
  std::string local_dir;                     // the local materialisation (a RocksDB directory); required
  const Clock* clock = nullptr;              // null: SystemClock (recorded_at)
  Random* random = nullptr;                  // null: SystemRandom (event ids the caller left nil)
  // Topic checks, init_transactions and catching up with the topic at open.
  std::chrono::milliseconds open_timeout{60'000};
  // How long one append may wait for its transaction, retries included.
  std::chrono::milliseconds append_timeout{30'000};
  // Readers: the longest a fetch waits at the broker for new records.
  std::chrono::milliseconds fetch_wait{20};
  // Extra librdkafka properties for both clients (TLS, SASL, log_level...).
  std::vector<std::pair<std::string, std::string>> librdkafka_config;
};

class KafkaEventStore final : public EventStore {
 public:
  // Checks the topic, brings the local materialisation up to the end of the
  // topic and, for a writer, fences any earlier writer first. Errors:
  // kInvalidArgument (options, a topic with several partitions), kNotFound
  // (no topic), kUnavailable/kTimedOut (no cluster), kCorruption (the topic
  // and the local state disagree), kFenced.
  static Result<std::unique_ptr<KafkaEventStore>> open(KafkaOptions options);
  ~KafkaEventStore() override;

  // Writer only; a reader answers kUnavailable. After kFenced, or a failure
  // of the local state, every later append fails the same way.
  Result<AppendResult> append(std::string_view stream, ExpectedVersion expected,
                              std::vector<EventData> events) override;
  Result<std::vector<RecordedEvent>> read_stream(std::string_view stream, StreamVersion from,
                                                 std::size_t max) const override;
  Result<std::vector<RecordedEvent>> read_all(GlobalPosition after, std::size_t max) const override;
  Result<StreamVersion> stream_version(std::string_view stream) const override;
  GlobalPosition head() const override;
  GlobalPosition wait_for_head_after(GlobalPosition after, std::chrono::milliseconds wait) const override;

  KafkaRole role() const;
  // OK while the store works. Otherwise why it stopped: the writer was fenced,
  // or a reader met a record it cannot apply (reads then fail with it too).
  Status health() const;
  // librdkafka handles this process gave up closing after 20 s (a destroy
  // that never returns, docs/kafka-mode.md "Limits and known gaps"), left
  // running rather than hanging whoever closed them. Normally 0.
  static std::uint64_t clients_abandoned();

 private:
  struct Impl;
  explicit KafkaEventStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rect
