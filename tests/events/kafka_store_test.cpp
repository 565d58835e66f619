// Kafka mode beyond the conformance suite: readers, restarts, fencing and
// refusals, on librdkafka's mock cluster.
#include <doctest/doctest.h>

#include <atomic>
#include <future>
#include <memory>
#include <thread>

#include "events/kafka_log.h"
#include "events/run_within.h"
#include "tests/events/kafka_testing.h"

namespace rect::testing {
namespace {

EventData with_id(EventData e, std::uint8_t tag) {
  EventId::Bytes b{};
  b[0] = 0xCD;
  b[15] = tag;
  e.id = EventId(b);
  return e;
}

struct KafkaWorld {
  ManualClock clock{Timestamp(1'700'000'000'000'000)};
  SeededRandom random{7};
  MockKafka kafka;
  TempDir dir{"rect-kafka"};
  KafkaWorld() { REQUIRE(kafka.create_topic(kTopic)); }
  KafkaOptions options(const std::string& name, KafkaRole role) {
    return kafka_options(kafka, dir.sub(name), role, &clock, &random);
  }
  std::unique_ptr<KafkaEventStore> open(const std::string& name, KafkaRole role) {
    auto s = KafkaEventStore::open(options(name, role));
    REQUIRE_MESSAGE(s, s.status().to_string());
    return std::move(*s);
  }
};

}  // namespace

TEST_CASE("kafka reader: materialises the writer's log, follows it live and refuses appends") {
  KafkaWorld w;
  auto writer = w.open("writer", KafkaRole::kWriter);
  REQUIRE(writer->append("a", ExpectedVersion::no_stream(), {tick("{\"a\":1}"), tick("{\"a\":2}")}));
  REQUIRE(writer->append("b", ExpectedVersion::no_stream(), {tick("{\"b\":1}")}));

  auto reader = w.open("reader", KafkaRole::kReader);
  CHECK(reader->role() == KafkaRole::kReader);
  CHECK(reader->head() == GlobalPosition(3));
  auto all = reader->read_all(GlobalPosition::start(), 10);
  REQUIRE(all);
  REQUIRE(all->size() == 3);
  CHECK((*all)[2].stream == "b");
  CHECK((*all)[2].recorded_at == w.clock.now());
  auto v = reader->stream_version("a");
  REQUIRE(v);
  CHECK(*v == StreamVersion(2));

  auto refused = reader->append("a", ExpectedVersion::any(), {tick()});
  REQUIRE_FALSE(refused);
  CHECK(refused.status().code() == Code::kUnavailable);
  CHECK(refused.status().message().find("reader") != std::string::npos);

  auto sub = reader->subscribe(GlobalPosition(3));
  REQUIRE(writer->append("a", ExpectedVersion::exact(StreamVersion(2)), {tick("{\"a\":3}")}));
  std::vector<RecordedEvent> live;
  for (int i = 0; i < 100 && live.empty(); ++i) {
    auto got = sub->next(10, std::chrono::milliseconds(100));
    REQUIRE(got);
    live = std::move(*got);
  }
  REQUIRE(live.size() == 1);
  CHECK(live[0].position == GlobalPosition(4));
  CHECK(live[0].version == StreamVersion(3));
  CHECK(live[0].data.payload == "{\"a\":3}");

  SUBCASE("a restarted reader resumes from its stored offset") {
    reader.reset();
    REQUIRE(writer->append("c", ExpectedVersion::any(), {tick()}));
    reader = w.open("reader", KafkaRole::kReader);
    CHECK(reader->head() == GlobalPosition(5));
    auto stream = reader->read_stream("a", StreamVersion(1), 10);
    REQUIRE(stream);
    CHECK(stream->size() == 3);
    CHECK(reader->health().is_ok());
  }
  SUBCASE("a reader's local state is tied to its topic") {
    reader.reset();
    KafkaOptions other = w.options("reader", KafkaRole::kReader);
    other.topic = "another-topic";
    REQUIRE(w.kafka.create_topic("another-topic"));
    auto s = KafkaEventStore::open(other);
    REQUIRE_FALSE(s);
    CHECK(s.status().code() == Code::kInvalidArgument);
  }
}

TEST_CASE("kafka writer: a new writer with an empty local state rebuilds it from the topic") {
  KafkaWorld w;
  GlobalPosition first;
  {
    auto writer = w.open("writer-1", KafkaRole::kWriter);
    auto r = writer->append("a", ExpectedVersion::no_stream(), {with_id(tick(), 1), with_id(tick(), 2)});
    REQUIRE(r);
    first = r->positions.front();
    REQUIRE(writer->append("b", ExpectedVersion::any(), {tick()}));
  }
  auto writer = w.open("writer-2", KafkaRole::kWriter);
  CHECK(writer->head() == GlobalPosition(3));
  auto v = writer->stream_version("a");
  REQUIRE(v);
  CHECK(*v == StreamVersion(2));
  auto again = writer->append("a", ExpectedVersion::no_stream(), {with_id(tick(), 1), with_id(tick(), 2)});
  REQUIRE(again);
  CHECK(again->idempotent_replay);
  CHECK(again->positions.front() == first);
  auto stale = writer->append("a", ExpectedVersion::exact(StreamVersion(1)), {tick()});
  REQUIRE_FALSE(stale);
  CHECK(stale.status().actual_version() == std::optional<std::uint64_t>(2));
  auto next = writer->append("a", ExpectedVersion::exact(StreamVersion(2)), {tick()});
  REQUIRE(next);
  CHECK(next->positions.front() == GlobalPosition(4));
  CHECK(check_log(w.kafka, {}) == 4);
}

// The broker bumps the producer epoch when a second producer initialises the
// same transactional.id, and then answers the first producer's next
// transactional request with PRODUCER_FENCED. librdkafka 2.0.2's mock gives
// the second producer a new producer id instead, so the test plays the
// broker's part for the first writer's next request.
TEST_CASE("kafka writer: a second writer with the same transactional.id fences the first") {
  KafkaWorld w;
  auto first = w.open("writer-1", KafkaRole::kWriter);
  REQUIRE(first->append("a", ExpectedVersion::no_stream(), {tick()}));
  auto second = w.open("writer-2", KafkaRole::kWriter);
  CHECK(second->head() == GlobalPosition(1));

  rd_kafka_mock_push_request_errors(w.kafka.cluster(), kApiAddPartitionsToTxn, 1,
                                    RD_KAFKA_RESP_ERR_PRODUCER_FENCED);
  auto fenced = first->append("a", ExpectedVersion::exact(StreamVersion(1)), {tick()});
  REQUIRE_FALSE(fenced);
  CHECK(fenced.status().code() == Code::kFenced);
  CHECK(fenced.status().message().find("transactional.id") != std::string::npos);
  CHECK(first->health().code() == Code::kFenced);
  auto still = first->append("b", ExpectedVersion::any(), {tick()});
  REQUIRE_FALSE(still);
  CHECK(still.status().code() == Code::kFenced);
  auto reads = first->read_all(GlobalPosition::start(), 10);
  REQUIRE(reads);
  CHECK(reads->size() == 1);

  auto r = second->append("a", ExpectedVersion::exact(StreamVersion(1)), {tick()});
  REQUIRE_MESSAGE(r, r.status().to_string());
  CHECK(r->positions.front() == GlobalPosition(2));
  CHECK(check_log(w.kafka, {}) == 2);
}

TEST_CASE("kafka open: refuses clearly what it cannot serve") {
  KafkaWorld w;
  SUBCASE("a missing topic") {
    // A broker answers UNKNOWN_TOPIC_OR_PART (kNotFound); the mock creates
    // the topic on the metadata request with four partitions (refused).
    KafkaOptions o = w.options("s", KafkaRole::kWriter);
    o.topic = "nope";
    auto s = KafkaEventStore::open(o);
    REQUIRE_FALSE(s);
    INFO(s.status().to_string());
    CHECK((s.status().code() == Code::kNotFound || s.status().code() == Code::kInvalidArgument));
  }
  SUBCASE("a topic with several partitions") {
    REQUIRE(w.kafka.create_topic("wide", 4));
    KafkaOptions o = w.options("s", KafkaRole::kReader);
    o.topic = "wide";
    auto s = KafkaEventStore::open(o);
    REQUIRE_FALSE(s);
    CHECK(s.status().code() == Code::kInvalidArgument);
    CHECK(s.status().message().find("4 partitions") != std::string::npos);
  }
  SUBCASE("missing options") {
    KafkaOptions o = w.options("s", KafkaRole::kWriter);
    o.local_dir.clear();
    CHECK(KafkaEventStore::open(o).status().code() == Code::kInvalidArgument);
    o = w.options("s", KafkaRole::kWriter);
    o.brokers.clear();
    CHECK(KafkaEventStore::open(o).status().code() == Code::kInvalidArgument);
  }
  SUBCASE("a local state that has read further than the topic holds") {
    {
      auto writer = w.open("writer", KafkaRole::kWriter);
      REQUIRE(writer->append("a", ExpectedVersion::any(), {tick()}));
    }
    MockKafka fresh;
    REQUIRE(fresh.create_topic(kTopic));
    KafkaOptions o = w.options("writer", KafkaRole::kReader);
    o.brokers = fresh.bootstraps();
    auto s = KafkaEventStore::open(o);
    REQUIRE_FALSE(s);
    CHECK(s.status().code() == Code::kCorruption);
    CHECK(s.status().message().find("recreated") != std::string::npos);
  }
}

TEST_CASE("kafka teardown: run_within waits for work that finishes, and gives up on work that hangs") {
  bool ran = false;
  CHECK(run_within([&ran] { ran = true; }, std::chrono::seconds(10)));
  CHECK(ran);
  // Work that does not finish until released, as a librdkafka handle whose
  // destroy waits on a broker thread that never stops (issue #4519).
  auto release = std::make_shared<std::promise<void>>();
  auto finished = std::make_shared<std::atomic<bool>>(false);
  std::shared_future<void> released = release->get_future().share();
  const auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(run_within([released, finished] {
    released.wait();
    finished->store(true);
  }, std::chrono::milliseconds(50)));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  CHECK_FALSE(finished->load());
  release->set_value();
  for (int i = 0; i < 500 && !finished->load(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(finished->load());
}

}  // namespace rect::testing
