// The EventStore backends the conformance suite runs against. Each backend
// type opens a store, and can close and reopen it (durable backends keep
// their events; the in-memory one says it is not durable).
#pragma once

#include <iostream>
#include <memory>

#include "events/kafka_store.h"
#include "events/memory_store.h"
#include "events/rocksdb_store.h"
#include "events/world.h"
#include "tests/events/kafka_mock.h"
#include "tests/support/temp_dir.h"

namespace rect::testing {

struct MemoryBackend {
  static constexpr bool kDurable = false;
  static constexpr const char* kName = "memory";
  ManualClock clock{Timestamp(1'700'000'000'000'000)};
  SeededRandom random{42};
  std::unique_ptr<EventStore> open() { return std::make_unique<MemoryEventStore>(&clock, &random); }
  std::unique_ptr<EventStore> reopen(std::unique_ptr<EventStore> s) { return s; }
};

struct RocksBackend {
  static constexpr bool kDurable = true;
  static constexpr const char* kName = "rocksdb";
  ManualClock clock{Timestamp(1'700'000'000'000'000)};
  SeededRandom random{42};
  TempDir dir{"rect-conformance"};
  std::unique_ptr<EventStore> open() {
    auto s = RocksDbEventStore::open(dir.sub("store"), {.clock = &clock, .random = &random});
    if (!s) return nullptr;
    return std::move(*s);
  }
  std::unique_ptr<EventStore> reopen(std::unique_ptr<EventStore> s) {
    s.reset();
    return open();
  }
};

// A writer on a fresh three-broker mock cluster; reopening keeps the cluster
// and the local state directory.
struct KafkaBackend {
  static constexpr bool kDurable = true;
  static constexpr const char* kName = "kafka";
  ManualClock clock{Timestamp(1'700'000'000'000'000)};
  SeededRandom random{42};
  MockKafka kafka;
  TempDir dir{"rect-conformance-kafka"};
  bool topic_created = kafka.create_topic("rect-events");
  std::unique_ptr<EventStore> open() {
    auto s = KafkaEventStore::open({.brokers = kafka.bootstraps(),
                                    .topic = "rect-events",
                                    .role = KafkaRole::kWriter,
                                    .transactional_id = "rect-writer",
                                    .local_dir = dir.sub("state"),
                                    .clock = &clock,
                                    .random = &random,
                                    .librdkafka_config = MockKafka::quiet_clients()});
    if (!s) std::cerr << "kafka backend: " << s.status().to_string() << "\n";
    if (!s || !topic_created) return nullptr;
    return std::move(*s);
  }
  std::unique_ptr<EventStore> reopen(std::unique_ptr<EventStore> s) {
    s.reset();
    return open();
  }
};

}  // namespace rect::testing
