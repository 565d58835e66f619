// The EventStore conformance suite: the same cases against every backend.
#include <doctest/doctest.h>

#include <set>
#include <thread>

#include "tests/events/backends.h"

namespace rect::testing {
namespace {

EventData make_event(std::string type = "Thing", std::string payload = R"({"n":1})") {
  EventData e;
  e.type = std::move(type);
  e.payload = std::move(payload);
  e.actor = {ActorKind::kLeadProvider, "lp-1"};
  return e;
}

EventData with_id(EventData e, std::uint8_t tag) {
  EventId::Bytes b{};
  b[0] = 0xAB;
  b[15] = tag;
  e.id = EventId(b);
  return e;
}

}  // namespace

TEST_CASE_TEMPLATE_DEFINE("event store conformance", Backend, conformance) {
  Backend backend;
  std::unique_ptr<EventStore> store = backend.open();
  REQUIRE(store != nullptr);
  INFO("backend: " << Backend::kName);

  SUBCASE("an empty store has head 0 and reads nothing") {
    CHECK(store->head() == GlobalPosition::start());
    auto all = store->read_all(GlobalPosition::start(), 10);
    REQUIRE(all);
    CHECK(all->empty());
    auto v = store->stream_version("nope");
    REQUIRE(v);
    CHECK(*v == StreamVersion::none());
    auto s = store->read_stream("nope", StreamVersion(1), 10);
    REQUIRE(s);
    CHECK(s->empty());
  }

  SUBCASE("no_stream succeeds once, then reports the actual version") {
    auto r = store->append("s-1", ExpectedVersion::no_stream(), {make_event(), make_event()});
    REQUIRE(r);
    CHECK(r->first_version == StreamVersion(1));
    CHECK(r->last_version == StreamVersion(2));
    CHECK(r->positions == std::vector<GlobalPosition>{GlobalPosition(1), GlobalPosition(2)});
    CHECK_FALSE(r->idempotent_replay);
    auto again = store->append("s-1", ExpectedVersion::no_stream(), {make_event()});
    REQUIRE_FALSE(again);
    CHECK(again.status().code() == Code::kWrongExpectedVersion);
    CHECK(again.status().actual_version() == std::optional<std::uint64_t>(2));
    CHECK(again.status().message().find("version is 2") != std::string::npos);
  }

  SUBCASE("exact expectation") {
    REQUIRE(store->append("s-1", ExpectedVersion::exact(StreamVersion(0)), {make_event()}));
    auto ok = store->append("s-1", ExpectedVersion::exact(StreamVersion(1)), {make_event()});
    REQUIRE(ok);
    CHECK(ok->last_version == StreamVersion(2));
    auto stale = store->append("s-1", ExpectedVersion::exact(StreamVersion(1)), {make_event()});
    REQUIRE_FALSE(stale);
    CHECK(stale.status().code() == Code::kWrongExpectedVersion);
    CHECK(stale.status().actual_version() == std::optional<std::uint64_t>(2));
    auto ahead = store->append("s-1", ExpectedVersion::exact(StreamVersion(7)), {make_event()});
    REQUIRE_FALSE(ahead);
    CHECK(ahead.status().code() == Code::kWrongExpectedVersion);
    auto v = store->stream_version("s-1");
    REQUIRE(v);
    CHECK(*v == StreamVersion(2));
  }

  SUBCASE("any expectation appends whatever the version") {
    REQUIRE(store->append("s-1", ExpectedVersion::any(), {make_event()}));
    REQUIRE(store->append("s-1", ExpectedVersion::any(), {make_event()}));
    auto v = store->stream_version("s-1");
    REQUIRE(v);
    CHECK(*v == StreamVersion(2));
  }

  SUBCASE("re-appending stored ids writes nothing and returns the original positions") {
    auto first = store->append("s-1", ExpectedVersion::no_stream(), {with_id(make_event(), 1), with_id(make_event(), 2)});
    REQUIRE(first);
    REQUIRE(store->append("s-2", ExpectedVersion::any(), {make_event()}));
    auto again = store->append("s-1", ExpectedVersion::no_stream(), {with_id(make_event(), 1), with_id(make_event(), 2)});
    REQUIRE(again);
    CHECK(again->idempotent_replay);
    CHECK(again->positions == first->positions);
    CHECK(again->first_version == StreamVersion(1));
    CHECK(again->last_version == StreamVersion(2));
    CHECK(store->head() == GlobalPosition(3));
    auto mixed = store->append("s-1", ExpectedVersion::any(), {with_id(make_event(), 2), with_id(make_event(), 3)});
    REQUIRE_FALSE(mixed);
    CHECK(mixed.status().code() == Code::kInvalidArgument);
    auto elsewhere = store->append("s-3", ExpectedVersion::any(), {with_id(make_event(), 1)});
    REQUIRE_FALSE(elsewhere);
    CHECK(elsewhere.status().code() == Code::kInvalidArgument);
    CHECK(store->head() == GlobalPosition(3));
  }

  SUBCASE("read_stream returns events in version order with every field") {
    EventData e = make_event("DeclarationSubmitted", R"({"declaration_type":"started","n":"é"})");
    e.schema_version = 3;
    e.valid_at = Timestamp::parse_iso8601("2025-03-31");
    e.correlation_id = EventId::parse("11111111-2222-4333-8444-555555555555");
    e.causation_id = EventId::parse("66666666-7777-4888-9999-aaaaaaaaaaaa");
    e.actor = {ActorKind::kFinanceUser, "finance@example"};
    REQUIRE(store->append("s-1", ExpectedVersion::no_stream(), {e, make_event("B"), make_event("C")}));
    auto r = store->read_stream("s-1", StreamVersion(1), 100);
    REQUIRE(r);
    REQUIRE(r->size() == 3);
    const RecordedEvent& got = (*r)[0];
    CHECK(got.stream == "s-1");
    CHECK(got.version == StreamVersion(1));
    CHECK(got.position == GlobalPosition(1));
    CHECK(got.recorded_at == backend.clock.now());
    CHECK(got.data.type == "DeclarationSubmitted");
    CHECK(got.data.schema_version == 3);
    CHECK(got.data.valid_at == e.valid_at);
    CHECK(got.data.correlation_id == e.correlation_id);
    CHECK(got.data.causation_id == e.causation_id);
    CHECK(got.data.actor == e.actor);
    CHECK(got.data.payload == e.payload);
    CHECK_FALSE(got.data.id.is_nil());
    CHECK((*r)[1].data.type == "B");
    CHECK((*r)[2].data.type == "C");
    auto tail = store->read_stream("s-1", StreamVersion(2), 1);
    REQUIRE(tail);
    REQUIRE(tail->size() == 1);
    CHECK((*tail)[0].data.type == "B");
  }

  SUBCASE("global order across streams") {
    REQUIRE(store->append("a", ExpectedVersion::any(), {make_event("A1")}));
    REQUIRE(store->append("b", ExpectedVersion::any(), {make_event("B1"), make_event("B2")}));
    REQUIRE(store->append("a", ExpectedVersion::any(), {make_event("A2")}));
    auto all = store->read_all(GlobalPosition::start(), 100);
    REQUIRE(all);
    REQUIRE(all->size() == 4);
    const std::vector<std::string> types = {"A1", "B1", "B2", "A2"};
    for (std::size_t i = 0; i < 4; ++i) {
      CHECK((*all)[i].position == GlobalPosition(i + 1));
      CHECK((*all)[i].data.type == types[i]);
    }
    CHECK((*all)[3].version == StreamVersion(2));
    auto page = store->read_all(GlobalPosition(2), 1);
    REQUIRE(page);
    REQUIRE(page->size() == 1);
    CHECK((*page)[0].data.type == "B2");
    CHECK(store->head() == GlobalPosition(4));
  }

  SUBCASE("a subscription catches up, then receives new events live") {
    REQUIRE(store->append("a", ExpectedVersion::any(), {make_event("A1"), make_event("A2")}));
    auto sub = store->subscribe(GlobalPosition::start());
    auto first = sub->next(10, std::chrono::milliseconds(100));
    REQUIRE(first);
    REQUIRE(first->size() == 2);
    auto none = sub->next(10, std::chrono::milliseconds(20));
    REQUIRE(none);
    CHECK(none->empty());
    std::thread writer([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
      CHECK(store->append("b", ExpectedVersion::any(), {make_event("B1")}));
    });
    std::vector<RecordedEvent> live;
    for (int i = 0; i < 100 && live.empty(); ++i) {
      auto got = sub->next(10, std::chrono::milliseconds(100));
      REQUIRE(got);
      live = std::move(*got);
    }
    writer.join();
    REQUIRE(live.size() == 1);
    CHECK(live[0].data.type == "B1");
    CHECK(live[0].position == GlobalPosition(3));
    CHECK(sub->position() == GlobalPosition(3));
  }

  SUBCASE("reopening keeps everything") {
    REQUIRE(store->append("a", ExpectedVersion::any(), {with_id(make_event("A1"), 9)}));
    REQUIRE(store->append("b", ExpectedVersion::any(), {make_event("B1")}));
    store = backend.reopen(std::move(store));
    REQUIRE(store != nullptr);
    CHECK(store->head() == GlobalPosition(2));
    auto v = store->stream_version("a");
    REQUIRE(v);
    CHECK(*v == StreamVersion(1));
    auto again = store->append("a", ExpectedVersion::any(), {with_id(make_event("A1"), 9)});
    REQUIRE(again);
    CHECK(again->idempotent_replay);
    auto next = store->append("a", ExpectedVersion::exact(StreamVersion(1)), {make_event("A2")});
    REQUIRE(next);
    CHECK(next->positions.front() == GlobalPosition(3));
  }

  SUBCASE("read_all_into pages through the log reusing one vector, every field replaced") {
    EventData rich = make_event("Rich", R"({"long":"0123456789012345678901234567890123456789"})");
    rich.valid_at = Timestamp(1'700'000'000'000'000);
    rich.correlation_id = with_id(make_event(), 7).id;
    rich.causation_id = with_id(make_event(), 8).id;
    rich.schema_version = 3;
    REQUIRE(store->append("rich", ExpectedVersion::any(), {rich, rich, rich}));
    EventData plain = make_event("Plain", R"({"n":2})");
    plain.actor = {ActorKind::kSystem, ""};
    REQUIRE(store->append("plain", ExpectedVersion::any(), {plain, plain}));
    auto expected = store->read_all(GlobalPosition::start(), 10);
    REQUIRE(expected);
    REQUIRE(expected->size() == 5);

    std::vector<RecordedEvent> page;
    REQUIRE(store->read_all_into(GlobalPosition::start(), 3, &page));
    REQUIRE(page.size() == 3);
    CHECK(page[2].data.valid_at.has_value());
    REQUIRE(store->read_all_into(GlobalPosition(3), 3, &page));
    REQUIRE(page.size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
      const RecordedEvent& a = page[i];
      const RecordedEvent& b = (*expected)[3 + i];
      CHECK(a.position == b.position);
      CHECK(a.stream == "plain");
      CHECK(a.data.type == "Plain");
      CHECK(a.data.payload == R"({"n":2})");
      CHECK(a.data.schema_version == 1);
      CHECK_FALSE(a.data.valid_at.has_value());
      CHECK_FALSE(a.data.correlation_id.has_value());
      CHECK_FALSE(a.data.causation_id.has_value());
      CHECK(a.data.actor.kind == ActorKind::kSystem);
      CHECK(a.data.actor.id.empty());
      CHECK(a.data.id == b.data.id);
    }
    REQUIRE(store->read_all_into(GlobalPosition(5), 3, &page));
    CHECK(page.empty());
  }

  SUBCASE("bad input is rejected and nothing is written") {
    auto check_rejected = [&](Result<AppendResult> r, std::string_view fragment) {
      REQUIRE_FALSE(r);
      CHECK(r.status().code() == Code::kInvalidArgument);
      INFO(r.status().message());
      CHECK(r.status().message().find(fragment) != std::string::npos);
    };
    check_rejected(store->append("", ExpectedVersion::any(), {make_event()}), "empty");
    check_rejected(store->append(std::string(513, 's'), ExpectedVersion::any(), {make_event()}), "limit is 512");
    check_rejected(store->append("bad\xC3\x28utf8", ExpectedVersion::any(), {make_event()}), "UTF-8");
    check_rejected(store->append(std::string("nul\0in", 6), ExpectedVersion::any(), {make_event()}), "NUL");
    check_rejected(store->append("s", ExpectedVersion::any(), {}), "no events");
    check_rejected(store->append("s", ExpectedVersion::any(), {make_event("T", "[1,2]")}), "not a JSON object");
    check_rejected(store->append("s", ExpectedVersion::any(), {make_event("T", "42")}), "not a JSON object");
    check_rejected(store->append("s", ExpectedVersion::any(), {make_event("T", "{\"a\":")}), "not valid JSON");
    check_rejected(store->append("s", ExpectedVersion::any(), {make_event("T", "{\"a\":\"\xFF\"}")}), "not valid JSON");
    check_rejected(store->append("s", ExpectedVersion::any(), {make_event("")}), "event type");
    check_rejected(store->append("s", ExpectedVersion::any(), {make_event("has space")}), "event type");
    check_rejected(store->append("s", ExpectedVersion::any(), {with_id(make_event(), 1), with_id(make_event(), 1)}),
                   "appears twice");
    CHECK(store->append("s", ExpectedVersion::any(), {make_event("T", std::string(kMaxPayloadBytes + 1, ' '))})
              .status().code() == Code::kInvalidArgument);
    CHECK(store->read_stream("", StreamVersion(1), 1).status().code() == Code::kInvalidArgument);
    CHECK(store->head() == GlobalPosition::start());
    std::string max_stream(512, 'x');
    CHECK(store->append(max_stream, ExpectedVersion::any(), {make_event()}));
  }
}

TEST_CASE_TEMPLATE_INVOKE(conformance, MemoryBackend, RocksBackend, KafkaBackend);

TEST_CASE_TEMPLATE("concurrent appenders get contiguous versions and positions 1..N", Backend, MemoryBackend, RocksBackend,
                   KafkaBackend) {
  Backend backend;
  auto store = backend.open();
  REQUIRE(store != nullptr);
  constexpr int kThreads = 8;
  constexpr int kPerThread = 2000;
  constexpr int kStreams = 16;
  std::atomic<int> conflicts{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string stream = "stream-" + std::to_string((t * 7 + i) % kStreams);
        for (;;) {
          auto v = store->stream_version(stream);
          if (!v) {
            ++failures;
            break;
          }
          EventData e;
          e.type = "Tick";
          e.payload = R"({"t":)" + std::to_string(t) + R"(,"i":)" + std::to_string(i) + "}";
          auto r = store->append(stream, ExpectedVersion::exact(*v), {e});
          if (r) break;
          if (r.status().code() != Code::kWrongExpectedVersion) {
            ++failures;
            break;
          }
          ++conflicts;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(failures == 0);
  const std::uint64_t n = kThreads * kPerThread;
  CHECK(store->head() == GlobalPosition(n));
  auto all = store->read_all(GlobalPosition::start(), n + 10);
  REQUIRE(all);
  REQUIRE(all->size() == n);
  std::map<std::string, std::uint64_t> versions;
  std::set<std::string> payloads;
  for (std::size_t i = 0; i < all->size(); ++i) {
    const RecordedEvent& e = (*all)[i];
    CHECK(e.position == GlobalPosition(i + 1));
    CHECK(e.version.value() == ++versions[e.stream]);
    payloads.insert(e.data.payload);
  }
  CHECK(payloads.size() == n);  // every append landed exactly once
  for (const auto& [stream, v] : versions) {
    auto r = store->read_stream(stream, StreamVersion(1), n);
    REQUIRE(r);
    CHECK(r->size() == v);
  }
  MESSAGE(Backend::kName << ": " << conflicts.load() << " conflicts retried");
}

}  // namespace rect::testing
