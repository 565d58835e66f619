#include "events/kafka_log.h"

#include <librdkafka/rdkafka.h>

#include <sys/types.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "events/run_within.h"

namespace rect {
namespace {

using SteadyClock = std::chrono::steady_clock;

int ms_until(SteadyClock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 24LL * 3600 * 1000));
}

std::string errstr(rd_kafka_resp_err_t err) { return rd_kafka_err2str(err); }

// Sets every property on `conf`; the librdkafka message names the bad one.
Status configure(rd_kafka_conf_t* conf, const std::vector<std::pair<std::string, std::string>>& props) {
  char err[512];
  for (const auto& [k, v] : props) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK)
      return Status(Code::kInvalidArgument, "kafka setting " + k + "=" + v + ": " + err);
  }
  return Status::ok();
}

// Takes ownership of `error` and turns it into a Status.
Status take_error(rd_kafka_error_t* error, std::string_view what) {
  const rd_kafka_resp_err_t code = rd_kafka_error_code(error);
  std::string msg = std::string(what) + ": " + rd_kafka_error_string(error);
  const bool fatal = rd_kafka_error_is_fatal(error);
  rd_kafka_error_destroy(error);
  if (code == RD_KAFKA_RESP_ERR__FENCED || code == RD_KAFKA_RESP_ERR_PRODUCER_FENCED ||
      code == RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH)
    return Status(Code::kFenced, "another writer with the same transactional.id has taken over; this writer "
                                 "accepts no more appends (" + msg + ")");
  if (code == RD_KAFKA_RESP_ERR__TIMED_OUT || code == RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT)
    return Status(Code::kTimedOut, msg);
  return Status(fatal ? Code::kIOError : Code::kUnavailable, msg);
}

Result<rd_kafka_t*> make_client(rd_kafka_type_t type, rd_kafka_conf_t* conf) {
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(type, conf, err, sizeof err);
  if (rk == nullptr) {
    rd_kafka_conf_destroy(conf);
    return Status(Code::kInvalidArgument, std::string("cannot create a kafka client: ") + err);
  }
  return rk;
}

std::atomic<std::uint64_t> abandoned_clients{0};

// How long a client's teardown may take before it is abandoned (run_within).
constexpr std::chrono::seconds kDestroyLimit{20};

// Closes (a consumer) and destroys `rk` within kDestroyLimit, or abandons it.
void destroy_client(rd_kafka_t* rk, bool close_consumer) {
  const bool done = run_within(
      [rk, close_consumer] {
        if (close_consumer) rd_kafka_consumer_close(rk);
        rd_kafka_destroy(rk);
      },
      kDestroyLimit);
  if (!done) abandoned_clients.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

std::uint64_t kafka_clients_abandoned() { return abandoned_clients.load(std::memory_order_relaxed); }

struct KafkaLogProducer::Handle {
  rd_kafka_t* rk = nullptr;
  std::string topic;
  std::uint32_t generation = 0;         // of the current commit(); tags delivery reports
  std::vector<std::int64_t> offsets;    // filled by delivery reports of that commit
  ~Handle() {
    if (rk == nullptr) return;
    rd_kafka_purge(rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    destroy_client(rk, false);
  }
  static void on_delivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
    auto* h = static_cast<Handle*>(opaque);
    const auto tag = reinterpret_cast<std::uintptr_t>(m->_private);
    const auto gen = static_cast<std::uint32_t>(tag >> 32);
    const auto index = static_cast<std::size_t>(tag & 0xFFFFFFFFu);
    if (gen == h->generation && index < h->offsets.size()) h->offsets[index] = m->err ? -1 : m->offset;
  }
};

KafkaLogProducer::KafkaLogProducer(std::unique_ptr<Handle> h) : h_(std::move(h)) {}
KafkaLogProducer::~KafkaLogProducer() = default;

Result<std::unique_ptr<KafkaLogProducer>> KafkaLogProducer::open(const KafkaClientConfig& config,
                                                                 const std::string& transactional_id,
                                                                 std::chrono::milliseconds timeout) {
  auto h = std::make_unique<Handle>();
  h->topic = config.topic;
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  std::vector<std::pair<std::string, std::string>> props = {
      {"bootstrap.servers", config.brokers},
      {"transactional.id", transactional_id},
      {"enable.idempotence", "true"},
      {"acks", "all"},
      {"linger.ms", "0"},
      {"message.max.bytes", "4194304"},
      {"socket.nagle.disable", "true"},
      {"reconnect.backoff.max.ms", "1000"},
      {"transaction.timeout.ms", "60000"},
      {"message.timeout.ms", "60000"},
  };
  props.insert(props.end(), config.extra.begin(), config.extra.end());
  if (Status s = configure(conf, props); !s) {
    rd_kafka_conf_destroy(conf);
    return s;
  }
  rd_kafka_conf_set_dr_msg_cb(conf, &Handle::on_delivery);
  rd_kafka_conf_set_opaque(conf, h.get());
  auto rk = make_client(RD_KAFKA_PRODUCER, conf);
  if (!rk) return rk.status();
  h->rk = *rk;
  if (rd_kafka_error_t* e = rd_kafka_init_transactions(h->rk, static_cast<int>(timeout.count())))
    return take_error(e, "kafka writer could not start its transactions (init_transactions)");
  // Learn the topic's partition now, so the first transaction need not wait
  // for a metadata refresh.
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(h->rk, h->topic.c_str(), nullptr);
  const rd_kafka_metadata_t* md = nullptr;
  const rd_kafka_resp_err_t merr = rd_kafka_metadata(h->rk, 0, rkt, &md, static_cast<int>(timeout.count()));
  rd_kafka_topic_destroy(rkt);
  if (merr != RD_KAFKA_RESP_ERR_NO_ERROR)
    return Status(Code::kUnavailable, "kafka metadata for topic '" + h->topic + "': " + errstr(merr));
  rd_kafka_metadata_destroy(md);
  return std::unique_ptr<KafkaLogProducer>(new KafkaLogProducer(std::move(h)));
}

Status KafkaLogProducer::abort_after(std::string what, SteadyClock::time_point deadline) {
  const int wait = std::max(ms_until(deadline), 1000);
  if (rd_kafka_error_t* e = rd_kafka_abort_transaction(h_->rk, wait)) {
    usable_ = false;
    Status s = take_error(e, "abort transaction");
    if (s.code() == Code::kFenced) return s;
    return Status(Code::kUnavailable, what + "; the abort failed too (" + s.message() + ")");
  }
  return Status(Code::kUnavailable, what + "; the transaction was aborted");
}

Status KafkaLogProducer::commit(const std::vector<KafkaOutRecord>& records, std::vector<std::int64_t>* offsets,
                                std::chrono::milliseconds timeout) {
  if (!usable_) return Status(Code::kUnavailable, "kafka producer is unusable after an earlier error");
  const auto deadline = SteadyClock::now() + timeout;
  ++h_->generation;
  h_->offsets.assign(records.size(), -1);
  if (rd_kafka_error_t* e = rd_kafka_begin_transaction(h_->rk)) {
    usable_ = false;
    return take_error(e, "begin transaction");
  }
  for (std::size_t i = 0; i < records.size(); ++i) {
    const KafkaOutRecord& r = records[i];
    const auto tag = static_cast<std::uintptr_t>(h_->generation) << 32 | i;
    for (;;) {
      const rd_kafka_resp_err_t err = rd_kafka_producev(
          h_->rk, RD_KAFKA_V_TOPIC(h_->topic.c_str()), RD_KAFKA_V_PARTITION(0),
          RD_KAFKA_V_KEY(r.key.data(), r.key.size()), RD_KAFKA_V_VALUE(const_cast<char*>(r.value.data()), r.value.size()),
          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_TIMESTAMP(r.timestamp_ms),
          RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(tag)), RD_KAFKA_V_END);
      if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
      if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL && SteadyClock::now() < deadline) {
        rd_kafka_poll(h_->rk, 5);
        continue;
      }
      if (err == RD_KAFKA_RESP_ERR__FATAL || err == RD_KAFKA_RESP_ERR__FENCED) {
        usable_ = false;
        char buf[512];
        const rd_kafka_resp_err_t fatal = rd_kafka_fatal_error(h_->rk, buf, sizeof buf);
        return take_error(rd_kafka_error_new(fatal, "%s", buf), "produce");
      }
      return abort_after("produce failed: " + errstr(err), deadline);
    }
  }
  for (;;) {
    rd_kafka_error_t* e = rd_kafka_commit_transaction(h_->rk, std::max(ms_until(deadline), 1));
    if (e == nullptr) break;
    if (rd_kafka_error_is_fatal(e)) {
      usable_ = false;
      return take_error(e, "commit transaction");
    }
    const bool abortable = rd_kafka_error_txn_requires_abort(e);
    const bool retriable = rd_kafka_error_is_retriable(e);
    Status s = take_error(e, "commit transaction");
    if (retriable && !abortable && SteadyClock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;
    }
    return abort_after(s.message(), deadline);
  }
  *offsets = h_->offsets;
  return Status::ok();
}

struct KafkaLogConsumer::Handle {
  rd_kafka_t* rk = nullptr;
  rd_kafka_queue_t* queue = nullptr;
  std::string topic;
  ~Handle() {
    if (queue) rd_kafka_queue_destroy(queue);
    if (rk) destroy_client(rk, true);
  }
};

KafkaLogConsumer::KafkaLogConsumer(std::unique_ptr<Handle> h) : h_(std::move(h)) {}
KafkaLogConsumer::~KafkaLogConsumer() = default;

Result<std::unique_ptr<KafkaLogConsumer>> KafkaLogConsumer::open(const KafkaClientConfig& config, std::int64_t offset,
                                                                 std::chrono::milliseconds timeout) {
  auto h = std::make_unique<Handle>();
  h->topic = config.topic;
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  std::vector<std::pair<std::string, std::string>> props = {
      {"bootstrap.servers", config.brokers},
      {"group.id", "rect-log-reader"},
      {"enable.auto.commit", "false"},
      {"enable.auto.offset.store", "false"},
      {"isolation.level", "read_committed"},
      {"enable.partition.eof", "true"},
      {"auto.offset.reset", "error"},
      {"fetch.wait.max.ms", std::to_string(config.fetch_wait.count())},
      {"fetch.error.backoff.ms", "50"},
      {"socket.nagle.disable", "true"},
      {"reconnect.backoff.max.ms", "1000"},
  };
  props.insert(props.end(), config.extra.begin(), config.extra.end());
  if (Status s = configure(conf, props); !s) {
    rd_kafka_conf_destroy(conf);
    return s;
  }
  auto rk = make_client(RD_KAFKA_CONSUMER, conf);
  if (!rk) return rk.status();
  h->rk = *rk;

  rd_kafka_topic_t* rkt = rd_kafka_topic_new(h->rk, h->topic.c_str(), nullptr);
  const rd_kafka_metadata_t* md = nullptr;
  const rd_kafka_resp_err_t merr = rd_kafka_metadata(h->rk, 0, rkt, &md, static_cast<int>(timeout.count()));
  rd_kafka_topic_destroy(rkt);
  if (merr != RD_KAFKA_RESP_ERR_NO_ERROR)
    return Status(Code::kUnavailable, "kafka metadata for topic '" + h->topic + "' from " + config.brokers + ": " +
                                          errstr(merr));
  const rd_kafka_resp_err_t terr = md->topic_cnt == 1 ? md->topics[0].err : RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
  const int partitions = md->topic_cnt == 1 ? md->topics[0].partition_cnt : 0;
  rd_kafka_metadata_destroy(md);
  if (terr == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)
    return Status(Code::kNotFound, "kafka topic '" + h->topic + "' does not exist; create it with one partition "
                                   "(see docs/kafka-mode.md)");
  if (terr != RD_KAFKA_RESP_ERR_NO_ERROR)
    return Status(Code::kUnavailable, "kafka topic '" + h->topic + "': " + errstr(terr));
  if (partitions != 1)
    return Status(Code::kInvalidArgument, "kafka topic '" + h->topic + "' has " + std::to_string(partitions) +
                                              " partitions; rect needs exactly one (one total order)");

  if (rd_kafka_resp_err_t e = rd_kafka_poll_set_consumer(h->rk); e != RD_KAFKA_RESP_ERR_NO_ERROR)
    return Status(Code::kIOError, "kafka consumer: " + errstr(e));
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(parts, h->topic.c_str(), 0)->offset = offset;
  const rd_kafka_resp_err_t aerr = rd_kafka_assign(h->rk, parts);
  rd_kafka_topic_partition_list_destroy(parts);
  if (aerr != RD_KAFKA_RESP_ERR_NO_ERROR) return Status(Code::kIOError, "kafka consumer assign: " + errstr(aerr));
  h->queue = rd_kafka_queue_get_consumer(h->rk);
  return std::unique_ptr<KafkaLogConsumer>(new KafkaLogConsumer(std::move(h)));
}

Result<std::pair<std::int64_t, std::int64_t>> KafkaLogConsumer::watermarks(std::chrono::milliseconds timeout) {
  std::int64_t lo = 0, hi = 0;
  const rd_kafka_resp_err_t err =
      rd_kafka_query_watermark_offsets(h_->rk, h_->topic.c_str(), 0, &lo, &hi, static_cast<int>(timeout.count()));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
    return Status(err == RD_KAFKA_RESP_ERR__TIMED_OUT ? Code::kTimedOut : Code::kUnavailable,
                  "kafka offsets of topic '" + h_->topic + "': " + errstr(err));
  return std::pair(lo, hi);
}

Result<KafkaPoll> KafkaLogConsumer::poll(std::size_t max, std::chrono::milliseconds wait) {
  KafkaPoll out;
  std::vector<rd_kafka_message_t*> msgs(std::max<std::size_t>(max, 1));
  const ssize_t n = rd_kafka_consume_batch_queue(h_->queue, static_cast<int>(wait.count()), msgs.data(), msgs.size());
  if (n < 0) return Status(Code::kIOError, "kafka consume: " + errstr(rd_kafka_last_error()));
  Status hard;
  for (ssize_t i = 0; i < n; ++i) {
    rd_kafka_message_t* m = msgs[static_cast<std::size_t>(i)];
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      out.messages.push_back({m->offset, std::string(static_cast<const char*>(m->payload), m->len)});
      out.next_offset = m->offset + 1;
    } else if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      out.at_end = true;
      out.next_offset = std::max(out.next_offset, m->offset);
    } else if (m->err == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET || m->err == RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE) {
      if (hard.is_ok())
        hard = Status(Code::kCorruption, "kafka topic '" + h_->topic + "' no longer holds the offset this store "
                                         "reads next (retention, or the topic was recreated): " +
                                             rd_kafka_message_errstr(m));
    } else if (m->err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART || m->err == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC) {
      if (hard.is_ok()) hard = Status(Code::kNotFound, "kafka topic '" + h_->topic + "' has gone");
    } else {
      out.transient_error = rd_kafka_message_errstr(m);
    }
    rd_kafka_message_destroy(m);
  }
  if (!hard.is_ok()) return hard;
  return out;
}

}  // namespace rect
