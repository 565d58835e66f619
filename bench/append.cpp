// bench/append: durable appends of ~280-byte events, one event per append, by
// 1, 8 and 64 concurrent writers; beside it, in the same run, RocksDB's own
// ceiling on this disk (synced WriteBatches of 100 puts, and single synced
// puts). With --store kafka, the same runs against Kafka mode on a
// three-broker librdkafka mock cluster the benchmark starts itself, printed
// in the same summary line beside the RocksDB figures.
//   rect_bench_append [--seconds 3] [--dir /tmp/x] [--store kafka]
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <sys/resource.h>

#include <atomic>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <ranges>
#include <thread>

#include "bench/bench_util.h"
#include "events/codec.h"
#include "events/kafka_store.h"
#include "events/rocksdb_log.h"
#include "events/rocksdb_store.h"
#include "events/world.h"

using namespace rect;
using namespace rect::bench;

namespace {

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct Run {
  int writers;
  double events_per_s;
  double p50_ms;
  double p99_ms;
};

Run run_writers(EventStore& store, int writers, double seconds) {
  auto* rocks = dynamic_cast<RocksDbEventStore*>(&store);
  const WriterStats before = rocks ? rocks->writer_stats() : WriterStats{};
  const double cpu_before = cpu_seconds();
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::vector<double> latencies;
  std::atomic<std::uint64_t> total{0};
  std::vector<std::thread> threads;
  const auto start = Stopwatch::now();
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      std::vector<double> mine;
      std::uint64_t n = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        EventData e;
        e.type = "DeclarationSubmitted";
        e.payload = declaration_payload(static_cast<std::uint64_t>(w) << 40 | n);
        const std::string stream = "bench-" + std::to_string(writers) + "-" + std::to_string(w) + "-" + std::to_string(n % 64);
        const auto t0 = Stopwatch::now();
        auto r = store.append(stream, ExpectedVersion::any(), {std::move(e)});
        if (!r) {
          std::cerr << "append failed: " << r.status().to_string() << "\n";
          std::exit(1);
        }
        mine.push_back(std::chrono::duration<double, std::milli>(Stopwatch::now() - t0).count());
        ++n;
      }
      total += n;
      std::lock_guard<std::mutex> l(mu);
      latencies.insert(latencies.end(), mine.begin(), mine.end());
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : threads) t.join();
  const double elapsed = seconds_since(start);
  Run r{writers, static_cast<double>(total) / elapsed, percentile(latencies, 0.50), percentile(latencies, 0.99)};
  if (rocks) {
    const WriterStats after = rocks->writer_stats();
    std::cerr << "  (" << (cpu_seconds() - cpu_before) * 1e6 / static_cast<double>(total) << " CPU us per event, "
              << (after.appends - before.appends) / std::max<double>(1, after.groups - before.groups)
              << " appends per synced group)\n";
  }
  std::cerr << "  writers=" << writers << ": " << static_cast<long>(r.events_per_s) << " events/s, p50 " << r.p50_ms
            << " ms, p99 " << r.p99_ms << " ms\n";
  return r;
}

// Raw RocksDB: synced batches of `batch` puts of the same size, for `seconds`.
double raw_synced_keys_per_s(const std::string& dir, int batch, double seconds) {
  rocksdb::Options o;
  o.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::Open(o, dir, &raw).ok()) {
    std::cerr << "cannot open raw RocksDB at " << dir << "\n";
    std::exit(1);
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::WriteOptions wo;
  wo.sync = true;
  std::uint64_t keys = 0;
  const auto start = Stopwatch::now();
  while (seconds_since(start) < seconds) {
    rocksdb::WriteBatch wb;
    for (int i = 0; i < batch; ++i) {
      std::string k(1, 'k');
      k += std::to_string(keys++);
      wb.Put(k, declaration_payload(keys)).PermitUncheckedError();
    }
    if (!db->Write(wo, &wb).ok()) std::exit(1);
  }
  const double rate = static_cast<double>(keys) / seconds_since(start);
  db->Close().PermitUncheckedError();
  return rate;
}

// RocksDB alone writing exactly what the store writes for one-event appends
// (per event: the benchmark's own event, encoded, in `log`, a `stream_index` entry over 4,096
// streams, a time-ordered `event_ids` entry; the store's column family
// options), `group` events per synced WriteBatch from one thread, with none
// of rect's own work. No single-writer store of this layout can beat it with
// groups of that size.
double shape_ceiling_events_per_s(const std::string& dir, int group, double seconds) {
  rocksdb::DBOptions dbo;
  dbo.create_if_missing = true;
  dbo.create_missing_column_families = true;
  const LogCfOptions cf = log_cf_options();
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs = {
      {rocksdb::kDefaultColumnFamilyName, {}}, {"log", cf.log}, {"stream_index", cf.stream_index}, {"event_ids", cf.lookup}};
  std::vector<rocksdb::ColumnFamilyHandle*> h;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::Open(dbo, dir, cfs, &h, &raw).ok()) {
    std::cerr << "cannot open raw RocksDB at " << dir << "\n";
    std::exit(1);
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  SeededRandom random(7);
  std::vector<std::uint64_t> versions(4096);
  RecordedEvent e;
  e.stream = "bench-64-0-0";
  e.version = StreamVersion(1);
  e.position = GlobalPosition(1);
  e.recorded_at = Timestamp(1);
  e.data.type = "DeclarationSubmitted";
  e.data.payload = declaration_payload(1);
  e.data.id = random.next_uuid_v7(Timestamp(1));
  std::string record;
  codec::encode_record(e, &record);
  rocksdb::WriteOptions wo;
  wo.sync = true;
  std::uint64_t position = 0;
  const auto start = Stopwatch::now();
  while (seconds_since(start) < seconds) {
    rocksdb::WriteBatch wb;
    for (int i = 0; i < group; ++i) {
      const std::string pos = codec::position_key(++position);
      const std::uint64_t s = random.next_u64() % versions.size();
      wb.Put(h[1], pos, record).PermitUncheckedError();
      wb.Put(h[2], codec::stream_index_key("bench-" + std::to_string(s), ++versions[s]), pos).PermitUncheckedError();
      const EventId id = random.next_uuid_v7(Timestamp(static_cast<std::int64_t>(position)));
      wb.Put(h[3], rocksdb::Slice(reinterpret_cast<const char*>(id.bytes().data()), 16), pos).PermitUncheckedError();
    }
    if (!db->Write(wo, &wb).ok()) std::exit(1);
  }
  const double rate = static_cast<double>(position) / seconds_since(start);
  for (auto* x : h) db->DestroyColumnFamilyHandle(x).PermitUncheckedError();
  db->Close().PermitUncheckedError();
  return rate;
}

// Kafka mode on a mock cluster started here: one writer, one topic.
std::vector<Run> run_kafka(const std::string& dir, const std::vector<int>& writer_counts, double seconds) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  if (rd_kafka_conf_set(conf, "log_level", "0", err, sizeof err) != RD_KAFKA_CONF_OK) std::exit(1);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (rk == nullptr) {
    std::cerr << "cannot start the kafka mock cluster: " << err << "\n";
    std::exit(1);
  }
  rd_kafka_mock_cluster_t* cluster = rd_kafka_mock_cluster_new(rk, 3);
  if (cluster == nullptr || rd_kafka_mock_topic_create(cluster, "rect-events", 1, 3) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    std::cerr << "cannot start the kafka mock cluster\n";
    std::exit(1);
  }
  std::vector<Run> runs;
  {
    KafkaOptions o;
    o.brokers = rd_kafka_mock_cluster_bootstraps(cluster);
    o.local_dir = dir + "/kafka-state";
    o.librdkafka_config = {{"log_level", "0"}};
    auto store = KafkaEventStore::open(o);
    if (!store) {
      std::cerr << store.status().to_string() << "\n";
      std::exit(1);
    }
    std::cerr << "rect KafkaEventStore (librdkafka mock cluster, 3 brokers, one transaction per group):\n";
    for (int w : writer_counts) runs.push_back(run_writers(**store, w, seconds));
  }
  rd_kafka_mock_cluster_destroy(cluster);
  rd_kafka_destroy(rk);
  return runs;
}

}  // namespace

int main(int argc, char** argv) {
  if (has_flag(argc, argv, "help")) {
    std::cout << "usage: rect_bench_append [--seconds S] [--dir DIR] [--writers 1,8,64] [--store kafka]\n"
                 "Durable one-event appends by 1, 8 and 64 writers; beside them RocksDB's synced-batch ceiling\n"
                 "and the ceiling of RocksDB alone writing the store's layout in synced groups of 32 and 64.\n"
                 "--store kafka also runs Kafka mode on a mock cluster and prints it in the same line.\n";
    return 0;
  }
  const double seconds = std::stod(flag(argc, argv, "seconds", "3"));
  const std::string dir = flag(argc, argv, "dir", "/tmp/rect-bench-append");
  const bool kafka = flag(argc, argv, "store", "rocksdb") == "kafka";
  std::vector<int> writer_counts;
  for (const std::string w = flag(argc, argv, "writers", "1,8,64"); const auto part : std::views::split(w, ','))
    writer_counts.push_back(std::stoi(std::string(part.begin(), part.end())));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);

  std::cerr << "rocksdb ceiling (same disk, same run):\n";
  const double batch100 = raw_synced_keys_per_s(dir + "/raw100", 100, seconds);
  const double single = raw_synced_keys_per_s(dir + "/raw1", 1, seconds);
  std::cerr << "  synced batch of 100 puts: " << static_cast<long>(batch100) << " keys/s; single synced put: "
            << static_cast<long>(single) << "/s\n";
  const double shape32 = shape_ceiling_events_per_s(dir + "/shape32", 32, seconds);
  const double shape64 = shape_ceiling_events_per_s(dir + "/shape64", 64, seconds);
  std::cerr << "  the store's own layout, one thread, synced groups of 32 / 64 events: " << static_cast<long>(shape32)
            << " / " << static_cast<long>(shape64) << " events/s\n";

  std::vector<Run> runs;
  {
    auto store = RocksDbEventStore::open(dir + "/store", {});
    if (!store) {
      std::cerr << store.status().to_string() << "\n";
      return 1;
    }
    std::cerr << "rect RocksDbEventStore:\n";
    for (int w : writer_counts) runs.push_back(run_writers(**store, w, seconds));
  }
  const std::vector<Run> kafka_runs = kafka ? run_kafka(dir, writer_counts, seconds) : std::vector<Run>{};
  std::filesystem::remove_all(dir);

  std::printf("append: store=rocksdb");
  for (const Run& r : runs)
    std::printf(" w%d=%.0fev/s(p50=%.2fms,p99=%.2fms)", r.writers, r.events_per_s, r.p50_ms, r.p99_ms);
  std::printf(" rocksdb_synced_batch100=%.0fkeys/s rocksdb_synced_put=%.0f/s w64/batch100=%.2f w1/put=%.2f", batch100,
              single, runs.back().events_per_s / batch100, runs.front().events_per_s / single);
  std::printf(" layout_ceiling_g32=%.0fev/s layout_ceiling_g64=%.0fev/s w64/layout_g32=%.2f", shape32, shape64,
              runs.back().events_per_s / shape32);
  for (const Run& r : kafka_runs)
    std::printf(" kafka_w%d=%.0fev/s(p50=%.2fms,p99=%.2fms)", r.writers, r.events_per_s, r.p50_ms, r.p99_ms);
  std::printf("\n");
  return 0;
}
