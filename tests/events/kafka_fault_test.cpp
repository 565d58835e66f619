// Kafka mode under faults injected through the mock cluster's controls:
// brokers down and up, leader changes, request errors, added latency. After
// each, a fresh reader checks the whole log: positions 1..N, contiguous
// stream versions, no event twice, every acknowledged event where it was
// acknowledged. RECT_SOAK=1 makes the random-fault run last a minute.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <thread>

#include "tests/events/kafka_testing.h"

namespace rect::testing {
namespace {

using namespace std::chrono_literals;

// Appenders running until stopped, each on its own streams, with ids they
// choose so that acknowledgements can be checked against the log.
class Appenders {
 public:
  Appenders(EventStore& store, int threads) {
    for (int t = 0; t < threads; ++t) {
      threads_.emplace_back([this, &store, t] {
        SeededRandom ids(1000 + static_cast<std::uint64_t>(t));
        for (int n = 0; !stop_.load(); ++n) {
          EventData e = tick("{\"t\":" + std::to_string(t) + ",\"n\":" + std::to_string(n) + "}");
          e.id = ids.next_uuid();
          const EventId id = e.id;
          auto r = store.append("stream-" + std::to_string(t) + "-" + std::to_string(n % 4), ExpectedVersion::any(),
                                {std::move(e)});
          if (r) {
            acked_.add(id, r->positions.front());
            ++ok_;
          } else {
            std::lock_guard<std::mutex> l(mu_);
            failures_.push_back(r.status());
          }
        }
      });
    }
  }
  ~Appenders() { stop(); }
  void stop() {
    stop_ = true;
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }
  int ok() const { return ok_.load(); }
  std::map<EventId, GlobalPosition> acked() const { return acked_.all(); }
  std::vector<Status> failures() {
    std::lock_guard<std::mutex> l(mu_);
    return failures_;
  }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> ok_{0};
  Acknowledged acked_;
  std::mutex mu_;
  std::vector<Status> failures_;
  std::vector<std::thread> threads_;
};

struct FaultWorld {
  ManualClock clock{Timestamp(1'700'000'000'000'000)};
  SeededRandom random{11};
  MockKafka kafka;
  TempDir dir{"rect-kafka-fault"};
  std::unique_ptr<KafkaEventStore> writer;

  explicit FaultWorld(std::chrono::milliseconds append_timeout = 10s) {
    REQUIRE(kafka.create_topic(kTopic));
    REQUIRE(rd_kafka_mock_partition_set_leader(kafka.cluster(), kTopic, 0, 1) == RD_KAFKA_RESP_ERR_NO_ERROR);
    REQUIRE(rd_kafka_mock_coordinator_set(kafka.cluster(), "transaction", "rect-writer", 1) ==
            RD_KAFKA_RESP_ERR_NO_ERROR);
    KafkaOptions o = kafka_options(kafka, dir.sub("writer"), KafkaRole::kWriter, &clock, &random);
    o.append_timeout = append_timeout;
    auto s = KafkaEventStore::open(o);
    REQUIRE_MESSAGE(s, s.status().to_string());
    writer = std::move(*s);
  }

  // Appends once more after the fault, then checks the log.
  void check_after(Appenders& appenders, bool failures_allowed) {
    appenders.stop();
    for (const Status& s : appenders.failures()) {
      INFO(s.to_string());
      CHECK(failures_allowed);
      CHECK((s.code() == Code::kTimedOut || s.code() == Code::kUnavailable));
    }
    EventData last = tick();
    last.id = random.next_uuid();
    auto after = writer->append("after-the-fault", ExpectedVersion::any(), {last});
    REQUIRE_MESSAGE(after, after.status().to_string());
    CHECK(writer->health().is_ok());
    auto acked = appenders.acked();
    acked.emplace(last.id, after->positions.front());
    CHECK(appenders.ok() > 0);
    const std::uint64_t n = check_log(kafka, acked);
    CHECK(n == writer->head().value());
    CHECK(n >= acked.size());
  }
};

}  // namespace

TEST_CASE("kafka fault: the partition leader's broker goes down and comes back") {
  FaultWorld w;
  Appenders appenders(*w.writer, 4);
  std::this_thread::sleep_for(100ms);
  REQUIRE(rd_kafka_mock_broker_set_down(w.kafka.cluster(), 1) == RD_KAFKA_RESP_ERR_NO_ERROR);
  std::this_thread::sleep_for(400ms);
  REQUIRE(rd_kafka_mock_broker_set_up(w.kafka.cluster(), 1) == RD_KAFKA_RESP_ERR_NO_ERROR);
  std::this_thread::sleep_for(300ms);
  w.check_after(appenders, false);
}

TEST_CASE("kafka fault: the partition leader moves between brokers") {
  FaultWorld w;
  Appenders appenders(*w.writer, 4);
  for (int leader : {2, 3, 1, 2}) {
    std::this_thread::sleep_for(120ms);
    REQUIRE(rd_kafka_mock_partition_set_leader(w.kafka.cluster(), kTopic, 0, leader) == RD_KAFKA_RESP_ERR_NO_ERROR);
  }
  std::this_thread::sleep_for(200ms);
  w.check_after(appenders, false);
}

TEST_CASE("kafka fault: injected request errors") {
  FaultWorld w;
  rd_kafka_mock_cluster_t* c = w.kafka.cluster();
  SUBCASE("retriable errors on Produce, AddPartitionsToTxn and EndTxn are retried") {
    rd_kafka_mock_push_request_errors(c, kApiProduce, 3, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
                                      RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS);
    rd_kafka_mock_push_request_errors(c, kApiAddPartitionsToTxn, 2, RD_KAFKA_RESP_ERR_CONCURRENT_TRANSACTIONS,
                                      RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS);
    rd_kafka_mock_push_request_errors(c, kApiEndTxn, 2, RD_KAFKA_RESP_ERR_NOT_COORDINATOR,
                                      RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE);
  }
  SUBCASE("an abortable error before anything is produced: aborted, then written again") {
    rd_kafka_mock_push_request_errors(c, kApiAddPartitionsToTxn, 1, RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED);
  }
  SUBCASE("a commit that fails after its records were produced: the writer learns the outcome from the topic") {
    rd_kafka_mock_push_request_errors(c, kApiEndTxn, 1, RD_KAFKA_RESP_ERR_UNKNOWN);
  }
  SUBCASE("a fatal producer error: the writer makes a new producer and carries on") {
    rd_kafka_mock_push_request_errors(c, kApiEndTxn, 1, RD_KAFKA_RESP_ERR_INVALID_TXN_STATE);
  }
  Appenders appenders(*w.writer, 4);
  std::this_thread::sleep_for(500ms);
  w.check_after(appenders, false);
}

TEST_CASE("kafka fault: added latency slows appends but loses nothing") {
  FaultWorld w;
  for (int b = 1; b <= 3; ++b) REQUIRE(rd_kafka_mock_broker_set_rtt(w.kafka.cluster(), b, 40) == RD_KAFKA_RESP_ERR_NO_ERROR);
  Appenders appenders(*w.writer, 8);
  std::this_thread::sleep_for(800ms);
  for (int b = 1; b <= 3; ++b) REQUIRE(rd_kafka_mock_broker_set_rtt(w.kafka.cluster(), b, 0) == RD_KAFKA_RESP_ERR_NO_ERROR);
  w.check_after(appenders, false);
}

TEST_CASE("kafka fault: an outage longer than append_timeout fails appends loudly and the writer recovers") {
  FaultWorld w(700ms);
  REQUIRE(w.writer->append("before", ExpectedVersion::any(), {tick()}));
  for (int b = 1; b <= 3; ++b) REQUIRE(rd_kafka_mock_broker_set_down(w.kafka.cluster(), b) == RD_KAFKA_RESP_ERR_NO_ERROR);
  const auto t0 = std::chrono::steady_clock::now();
  auto r = w.writer->append("during", ExpectedVersion::any(), {tick()});
  REQUIRE_FALSE(r);
  CHECK((r.status().code() == Code::kTimedOut || r.status().code() == Code::kUnavailable));
  CHECK(r.status().message().find("not acknowledged") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - t0 < 30s);  // bounded by append_timeout, not hanging
  for (int b = 1; b <= 3; ++b) REQUIRE(rd_kafka_mock_broker_set_up(w.kafka.cluster(), b) == RD_KAFKA_RESP_ERR_NO_ERROR);
  Result<AppendResult> later = Status(Code::kUnavailable, "not tried");
  for (int i = 0; i < 20 && !later; ++i) later = w.writer->append("after", ExpectedVersion::any(), {tick()});
  REQUIRE_MESSAGE(later, later.status().to_string());
  CHECK(w.writer->health().is_ok());
  CHECK(check_log(w.kafka, {}) == w.writer->head().value());
}

TEST_CASE("kafka fault: random faults while appending (RECT_SOAK=1 for a minute)") {
  const bool soak = std::getenv("RECT_SOAK") != nullptr && std::string(std::getenv("RECT_SOAK")) == "1";
  const auto duration = soak ? std::chrono::milliseconds(60s) : std::chrono::milliseconds(1500ms);
  FaultWorld w;
  rd_kafka_mock_cluster_t* c = w.kafka.cluster();
  SeededRandom dice(soak ? static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) : 5);
  Appenders appenders(*w.writer, 8);
  const auto end = std::chrono::steady_clock::now() + duration;
  int faults = 0;
  while (std::chrono::steady_clock::now() < end) {
    const auto broker = static_cast<std::int32_t>(1 + dice.next_u64() % 3);
    switch (dice.next_u64() % 5) {
      case 0:
        CHECK(rd_kafka_mock_broker_set_down(c, broker) == RD_KAFKA_RESP_ERR_NO_ERROR);
        std::this_thread::sleep_for(std::chrono::milliseconds(50 + dice.next_u64() % 200));
        CHECK(rd_kafka_mock_broker_set_up(c, broker) == RD_KAFKA_RESP_ERR_NO_ERROR);
        break;
      case 1: CHECK(rd_kafka_mock_partition_set_leader(c, kTopic, 0, broker) == RD_KAFKA_RESP_ERR_NO_ERROR); break;
      case 2: CHECK(rd_kafka_mock_broker_set_rtt(c, broker, static_cast<int>(dice.next_u64() % 30)) == RD_KAFKA_RESP_ERR_NO_ERROR); break;
      case 3: rd_kafka_mock_push_request_errors(c, kApiProduce, 1, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION); break;
      default: rd_kafka_mock_push_request_errors(c, kApiAddPartitionsToTxn, 1, RD_KAFKA_RESP_ERR_CONCURRENT_TRANSACTIONS); break;
    }
    ++faults;
    std::this_thread::sleep_for(std::chrono::milliseconds(50 + dice.next_u64() % 150));
  }
  for (int b = 1; b <= 3; ++b) {
    CHECK(rd_kafka_mock_broker_set_up(c, b) == RD_KAFKA_RESP_ERR_NO_ERROR);
    CHECK(rd_kafka_mock_broker_set_rtt(c, b, 0) == RD_KAFKA_RESP_ERR_NO_ERROR);
  }
  MESSAGE(faults << " faults, " << appenders.ok() << " acknowledged appends");
  CHECK(appenders.ok() > faults);
  w.check_after(appenders, soak);
}

}  // namespace rect::testing
