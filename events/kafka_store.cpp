#include "events/kafka_store.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "events/append_rules.h"
#include "events/codec.h"
#include "events/group_commit_queue.h"
#include "events/kafka_local_state.h"
#include "events/kafka_log.h"

namespace rect {
namespace {

using SteadyClock = std::chrono::steady_clock;

std::chrono::milliseconds left_until(SteadyClock::time_point deadline) {
  return std::max(std::chrono::milliseconds(0),
                  std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now()));
}

std::string id_key(const EventId& id) { return std::string(reinterpret_cast<const char*>(id.bytes().data()), 16); }

// One append waiting for the writer thread, on the appending thread's stack.
struct PendingAppend {
  std::string stream;
  ExpectedVersion expected = ExpectedVersion::any();
  std::vector<EventId> ids;
  std::vector<std::string> records;  // encoded; position, version and time patched by the writer
  bool caller_ids = false;           // some ids came from the caller: check idempotency
  bool attempted = false;            // an earlier transaction carried it and failed: check ids
  std::optional<Result<AppendResult>> result;
  std::atomic<int> done{0};
};

}  // namespace

struct KafkaEventStore::Impl {
  KafkaOptions options;
  const Clock* clock = nullptr;
  Random* random = nullptr;
  KafkaClientConfig client;
  std::unique_ptr<KafkaLocalState> state;

  mutable std::mutex head_mu;
  mutable std::condition_variable head_cv;
  mutable std::mutex health_mu;
  Status health;  // sticky: fenced writer, or a reader that cannot go on

  // Writer.
  std::unique_ptr<KafkaLogProducer> producer;
  GroupCommitQueue<PendingAppend> queue;

  // Reader.
  std::atomic<bool> stop_tail{false};
  std::thread tail;

  ~Impl() {
    queue.stop();
    stop_tail = true;
    if (tail.joinable()) tail.join();
  }

  Status current_health() const {
    std::lock_guard<std::mutex> l(health_mu);
    return health;
  }
  void fail(Status s) {
    std::lock_guard<std::mutex> l(health_mu);
    if (health.is_ok()) health = std::move(s);
  }
  void notify_head() {
    { std::lock_guard<std::mutex> l(head_mu); }
    head_cv.notify_all();
  }

  // Applies one poll's worth of messages to the local state.
  Status apply_polled(const KafkaPoll& polled) {
    std::vector<KafkaLogRecord> records;
    records.reserve(polled.messages.size());
    for (const KafkaMessage& m : polled.messages) {
      auto r = parse_kafka_record(m.value);
      if (!r)
        return Status(Code::kCorruption, "kafka topic '" + options.topic + "' offset " + std::to_string(m.offset) +
                                             ": " + r.status().message());
      records.push_back(std::move(*r));
    }
    if (records.empty() && polled.next_offset <= state->next_offset()) return Status::ok();
    Status s = state->apply(records, std::max(polled.next_offset, state->next_offset()));
    if (s) notify_head();
    return s;
  }

  // Consumes from the local state's offset to the end of the topic as it is
  // now. After a writer's init_transactions or abort this is the truth about
  // which of its transactions committed.
  Status catch_up(SteadyClock::time_point deadline) {
    auto consumer = KafkaLogConsumer::open(client, state->next_offset(), left_until(deadline));
    if (!consumer) return consumer.status();
    auto marks = (*consumer)->watermarks(std::max(left_until(deadline), std::chrono::milliseconds(1)));
    if (!marks) return marks.status();
    const auto [low, high] = *marks;
    const std::int64_t from = state->next_offset();
    if (from > high)
      return Status(Code::kCorruption, "local state '" + options.local_dir + "' has read topic '" + options.topic +
                                           "' up to offset " + std::to_string(from) + " but the topic ends at " +
                                           std::to_string(high) + ": was the topic recreated? Remove the local state");
    if (from < low)
      return Status(Code::kCorruption, "topic '" + options.topic + "' starts at offset " + std::to_string(low) +
                                           " but this store must read from " + std::to_string(from) +
                                           ": records were deleted (set retention.ms=-1)");
    while (state->next_offset() < high) {
      if (SteadyClock::now() >= deadline)
        return Status(Code::kTimedOut, "catching up with topic '" + options.topic + "': at offset " +
                                           std::to_string(state->next_offset()) + " of " + std::to_string(high));
      auto polled = (*consumer)->poll(4096, std::chrono::milliseconds(100));
      if (!polled) return polled.status();
      if (Status s = apply_polled(*polled); !s) return s;
    }
    return Status::ok();
  }

  void run_tail() {
    std::unique_ptr<KafkaLogConsumer> consumer;
    while (!stop_tail.load()) {
      if (!consumer) {
        auto c = KafkaLogConsumer::open(client, state->next_offset(), std::chrono::seconds(5));
        if (!c) {
          if (c.status().code() == Code::kCorruption) return fail(c.status());
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
          continue;
        }
        consumer = std::move(*c);
      }
      auto polled = consumer->poll(4096, std::chrono::milliseconds(100));
      Status s = polled ? apply_polled(*polled) : polled.status();
      if (!s) {
        fail(Status(s.code(), "kafka reader stopped: " + s.message()));
        notify_head();
        return;
      }
    }
  }

  // Writer: makes sure there is a producer and the local state reflects every
  // committed transaction. Returns the reason when it cannot.
  Status ready_writer(SteadyClock::time_point deadline) {
    if (producer && producer->usable()) return Status::ok();
    producer.reset();
    auto p = KafkaLogProducer::open(client, options.transactional_id, std::max(left_until(deadline), std::chrono::milliseconds(1000)));
    if (!p) return p.status();
    producer = std::move(*p);
    return catch_up(deadline);
  }

  static void answer(PendingAppend* req, Result<AppendResult> r) {
    req->result = std::move(r);
    req->done.store(1, std::memory_order_release);
    req->done.notify_one();
  }

  // Decides each append of `todo` against the local state plus the earlier
  // appends of the group: answers those that need no write, patches the
  // records of the others and lists them in `writing`.
  void decide(std::vector<PendingAppend*>& todo, std::vector<PendingAppend*>* writing,
              std::vector<KafkaLogRecord>* records) {
    std::unordered_map<std::string, std::uint64_t> new_heads;
    std::unordered_map<std::string, append_rules::StoredId> new_ids;
    std::uint64_t next_pos = state->head().value() + 1;
    const Timestamp now = clock->now();
    std::vector<PendingAppend*> keep;
    for (PendingAppend* req : todo) {
      auto idem = !(req->caller_ids || req->attempted)
                      ? Result<std::optional<AppendResult>>(std::optional<AppendResult>())
                      : append_rules::check_idempotent(req->stream, req->ids, [&](const EventId& id) -> Result<std::optional<append_rules::StoredId>> {
                          if (auto it = new_ids.find(id_key(id)); it != new_ids.end()) return std::optional(it->second);
                          return state->find_id(id);
                        });
      if (!idem) {
        answer(req, idem.status());
        continue;
      }
      if (idem->has_value()) {
        AppendResult res = std::move(**idem);
        if (req->attempted && !req->caller_ids) res.idempotent_replay = false;
        answer(req, std::move(res));
        continue;
      }
      std::uint64_t current;
      if (auto it = new_heads.find(req->stream); it != new_heads.end()) {
        current = it->second;
      } else {
        auto v = state->stream_version(req->stream);
        if (!v) {
          answer(req, v.status());
          continue;
        }
        current = v->value();
      }
      if (!req->expected.admits(StreamVersion(current))) {
        answer(req, append_rules::wrong_expected_version(req->stream, req->expected, StreamVersion(current)));
        continue;
      }
      AppendResult res;
      res.first_version = StreamVersion(current + 1);
      for (std::size_t k = 0; k < req->records.size(); ++k) {
        const StreamVersion version(++current);
        const GlobalPosition position(next_pos++);
        codec::patch_record(&req->records[k], position, version, now);
        records->push_back(KafkaLogRecord{req->records[k], req->stream, req->ids[k], position, version});
        new_ids.emplace(id_key(req->ids[k]), append_rules::StoredId{req->stream, position, version});
        res.positions.push_back(position);
      }
      res.last_version = StreamVersion(current);
      new_heads[req->stream] = current;
      req->result = std::move(res);
      writing->push_back(req);
      keep.push_back(req);
    }
    todo.swap(keep);
  }

  // Commits the appends of `group` in one transaction. When a transaction
  // fails, the writer learns from the topic what committed, answers the
  // appends found there and retries the rest until append_timeout.
  void commit_group(std::vector<PendingAppend*> todo) {
    const auto deadline = SteadyClock::now() + options.append_timeout;
    Status last_error;
    while (!todo.empty()) {
      if (Status h = current_health(); !h) {
        for (PendingAppend* req : todo) answer(req, h);
        return;
      }
      if (SteadyClock::now() >= deadline) {
        const Code code = last_error.code() == Code::kOk ? Code::kTimedOut : last_error.code();
        for (PendingAppend* req : todo)
          answer(req, Status(code, "append not acknowledged within " + std::to_string(options.append_timeout.count()) +
                                       " ms (if its transaction did commit, the log shows it once the writer is back; "
                                       "re-send with the same event ids to be sure): " + last_error.message()));
        return;
      }
      if (Status s = ready_writer(deadline); !s) {
        if (s.code() == Code::kFenced || s.code() == Code::kCorruption) fail(s);
        last_error = s;
        producer.reset();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        continue;
      }
      std::vector<PendingAppend*> writing;
      std::vector<KafkaLogRecord> records;
      decide(todo, &writing, &records);
      if (writing.empty()) return;
      std::vector<KafkaOutRecord> out;
      out.reserve(records.size());
      for (const KafkaLogRecord& r : records)
        out.push_back({r.stream, r.bytes, clock->now().micros() / 1000});
      std::vector<std::int64_t> offsets;
      Status s = producer->commit(out, &offsets, left_until(deadline));
      if (s) {
        const std::int64_t last = offsets.empty() ? -1 : *std::max_element(offsets.begin(), offsets.end());
        Status applied = state->apply(records, std::max(state->next_offset(), last + 1));
        if (!applied)
          fail(Status(applied.code(), "events committed to Kafka but the local state failed; the writer stops: " +
                                          applied.message()));
        notify_head();
        for (PendingAppend* req : writing) answer(req, std::move(*req->result));
        return;
      }
      last_error = s;
      if (s.code() == Code::kFenced) {
        fail(s);
        continue;
      }
      for (PendingAppend* req : writing) {
        req->attempted = true;
        req->result.reset();
      }
      if (!producer->usable()) {
        producer.reset();
        continue;  // ready_writer makes a new producer and catches up
      }
      if (Status c = catch_up(deadline); !c) {
        if (c.code() == Code::kCorruption) fail(c);
        producer.reset();
      }
    }
  }
};

KafkaEventStore::KafkaEventStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
KafkaEventStore::~KafkaEventStore() = default;

Result<std::unique_ptr<KafkaEventStore>> KafkaEventStore::open(KafkaOptions options) {
  if (options.brokers.empty()) return Status(Code::kInvalidArgument, "kafka mode needs the brokers to connect to");
  if (options.topic.empty()) return Status(Code::kInvalidArgument, "kafka mode needs a topic name");
  if (options.local_dir.empty())
    return Status(Code::kInvalidArgument, "kafka mode needs a directory for its local state");
  if (options.role == KafkaRole::kWriter && options.transactional_id.empty())
    return Status(Code::kInvalidArgument, "a kafka writer needs a transactional.id");
  auto impl = std::make_unique<Impl>();
  impl->clock = options.clock ? options.clock : SystemClock::instance();
  impl->random = options.random ? options.random : SystemRandom::instance();
  impl->client = KafkaClientConfig{options.brokers, options.topic, options.fetch_wait, options.librdkafka_config};
  impl->options = std::move(options);
  auto state = KafkaLocalState::open(impl->options.local_dir, impl->options.topic);
  if (!state) return state.status();
  impl->state = std::move(*state);
  const auto deadline = SteadyClock::now() + impl->options.open_timeout;
  if (impl->options.role == KafkaRole::kWriter) {
    // Check the topic with a consumer first: a producer's metadata request
    // may make the broker auto-create a missing topic with the wrong shape.
    auto check = KafkaLogConsumer::open(impl->client, impl->state->next_offset(), impl->options.open_timeout);
    if (!check) return check.status();
    check->reset();
    if (Status s = impl->ready_writer(deadline); !s) return s;
    impl->queue.start([p = impl.get()](std::vector<PendingAppend*>& group) { p->commit_group(group); });
  } else {
    if (Status s = impl->catch_up(deadline); !s) return s;
    impl->tail = std::thread([p = impl.get()] { p->run_tail(); });
  }
  return std::unique_ptr<KafkaEventStore>(new KafkaEventStore(std::move(impl)));
}

Result<AppendResult> KafkaEventStore::append(std::string_view stream, ExpectedVersion expected,
                                             std::vector<EventData> events) {
  if (impl_->options.role == KafkaRole::kReader)
    return Status(Code::kUnavailable, "this store is a kafka reader; appends go to the writer (transactional.id '" +
                                          impl_->options.transactional_id + "')");
  PendingAppend req;
  req.caller_ids = std::any_of(events.begin(), events.end(), [](const EventData& e) { return !e.id.is_nil(); });
  if (Status s = append_rules::prepare(stream, events, impl_->clock->now(), *impl_->random); !s) return s;
  if (Status h = impl_->current_health(); !h) return h;
  req.stream = std::string(stream);
  req.expected = expected;
  req.ids = append_rules::ids_of(events);
  req.records.resize(events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    RecordedEvent placeholder{req.stream, StreamVersion(), GlobalPosition(), Timestamp(), std::move(events[i])};
    codec::encode_record(placeholder, &req.records[i]);
  }
  if (Status s = impl_->queue.push({&req}); !s) return s;
  req.done.wait(0, std::memory_order_acquire);
  return std::move(*req.result);
}

Result<std::vector<RecordedEvent>> KafkaEventStore::read_stream(std::string_view stream, StreamVersion from,
                                                                std::size_t max) const {
  if (Status s = validate_stream_id(stream); !s) return s;
  if (impl_->options.role == KafkaRole::kReader) {
    if (Status h = impl_->current_health(); !h) return h;
  }
  return impl_->state->read_stream(stream, from, max);
}

Result<std::vector<RecordedEvent>> KafkaEventStore::read_all(GlobalPosition after, std::size_t max) const {
  if (impl_->options.role == KafkaRole::kReader) {
    if (Status h = impl_->current_health(); !h) return h;
  }
  return impl_->state->read_all(after, max);
}

Result<StreamVersion> KafkaEventStore::stream_version(std::string_view stream) const {
  if (Status s = validate_stream_id(stream); !s) return s;
  return impl_->state->stream_version(stream);
}

GlobalPosition KafkaEventStore::head() const { return impl_->state->head(); }

std::uint64_t KafkaEventStore::clients_abandoned() { return kafka_clients_abandoned(); }

GlobalPosition KafkaEventStore::wait_for_head_after(GlobalPosition after, std::chrono::milliseconds wait) const {
  std::unique_lock<std::mutex> l(impl_->head_mu);
  impl_->head_cv.wait_for(l, wait, [&] { return impl_->state->head() > after; });
  return impl_->state->head();
}

KafkaRole KafkaEventStore::role() const { return impl_->options.role; }

Status KafkaEventStore::health() const { return impl_->current_health(); }

}  // namespace rect
