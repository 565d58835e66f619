// Helpers shared by the Kafka-mode tests: store options on a mock cluster,
// event makers, and the log invariants every fault test checks. Tests only.
#pragma once

#include <doctest/doctest.h>

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "events/kafka_store.h"
#include "tests/events/kafka_mock.h"
#include "tests/support/temp_dir.h"

namespace rect::testing {

inline constexpr const char* kTopic = "rect-events";

inline KafkaOptions kafka_options(const MockKafka& kafka, const std::string& local_dir, KafkaRole role,
                                  const Clock* clock, Random* random) {
  KafkaOptions o;
  o.brokers = kafka.bootstraps();
  o.topic = kTopic;
  o.role = role;
  o.transactional_id = "rect-writer";
  o.local_dir = local_dir;
  o.clock = clock;
  o.random = random;
  o.open_timeout = std::chrono::seconds(20);
  o.append_timeout = std::chrono::seconds(10);
  o.fetch_wait = std::chrono::milliseconds(10);
  o.librdkafka_config = MockKafka::quiet_clients();
  return o;
}

inline EventData tick(std::string payload = R"({"n":1})") {
  EventData e;
  e.type = "Tick";
  e.payload = std::move(payload);
  e.actor = {ActorKind::kSystem, ""};
  return e;
}

// What appenders were told: event id -> acknowledged position.
class Acknowledged {
 public:
  void add(const EventId& id, GlobalPosition p) {
    std::lock_guard<std::mutex> l(mu_);
    acked_.emplace(id, p);
  }
  std::map<EventId, GlobalPosition> all() const {
    std::lock_guard<std::mutex> l(mu_);
    return acked_;
  }

 private:
  mutable std::mutex mu_;
  std::map<EventId, GlobalPosition> acked_;
};

// Reads the whole topic through a fresh reader and checks: positions 1..N,
// every stream's versions contiguous, no event id twice, and every
// acknowledged event present at the position it was acknowledged with.
// Returns the number of events in the log.
inline std::uint64_t check_log(const MockKafka& kafka, const std::map<EventId, GlobalPosition>& acked) {
  TempDir dir("rect-kafka-check");
  ManualClock clock(Timestamp(0));
  SeededRandom random(1);
  auto reader = KafkaEventStore::open(kafka_options(kafka, dir.sub("reader"), KafkaRole::kReader, &clock, &random));
  REQUIRE_MESSAGE(reader, reader.status().to_string());
  const GlobalPosition head = (*reader)->head();
  auto all = (*reader)->read_all(GlobalPosition::start(), head.value() + 1);
  REQUIRE(all);
  REQUIRE(all->size() == head.value());
  std::map<std::string, std::uint64_t> versions;
  std::map<EventId, GlobalPosition> seen;
  for (std::size_t i = 0; i < all->size(); ++i) {
    const RecordedEvent& e = (*all)[i];
    CHECK(e.position == GlobalPosition(i + 1));
    CHECK(e.version.value() == ++versions[e.stream]);
    CHECK(seen.emplace(e.data.id, e.position).second);
  }
  std::size_t missing = 0;
  for (const auto& [id, pos] : acked) {
    auto it = seen.find(id);
    if (it == seen.end() || it->second != pos) ++missing;
  }
  CHECK_MESSAGE(missing == 0, missing << " acknowledged events are missing or moved");
  return head.value();
}

}  // namespace rect::testing
