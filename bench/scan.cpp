// bench/scan: read_all over N events (default 5,000,000), beside a raw RocksDB
// iterator scan of the same log column family in the same run. Prints one
// summary line with both rates and their ratio.
//   rect_bench_scan [--events 5000000] [--dir /tmp/rect-bench-scan] [--keep]
#include <rocksdb/db.h>

#include <filesystem>
#include <iostream>

#include "bench/bench_util.h"
#include "events/rocksdb_store.h"

using namespace rect;
using namespace rect::bench;

namespace {

// Appends `n` events in appends of 1,000 to 1,000-event streams.
void load(EventStore& store, std::uint64_t n) {
  const auto start = Stopwatch::now();
  std::uint64_t done = store.head().value();
  while (done < n) {
    std::vector<EventData> batch;
    const std::uint64_t k = std::min<std::uint64_t>(1000, n - done);
    for (std::uint64_t i = 0; i < k; ++i) {
      EventData e;
      e.type = "DeclarationSubmitted";
      e.payload = declaration_payload(done + i);
      batch.push_back(std::move(e));
    }
    auto r = store.append("scan-" + std::to_string(done / 1000), ExpectedVersion::any(), std::move(batch));
    if (!r) {
      std::cerr << "load failed: " << r.status().to_string() << "\n";
      std::exit(1);
    }
    done += k;
    if (done % 500000 == 0)
      std::cerr << "  loaded " << done << " events (" << static_cast<long>(done / seconds_since(start)) << "/s)\n";
  }
}

double scan_rect(const std::string& dir, std::uint64_t expect) {
  auto store = RocksDbEventStore::open(dir, {});
  if (!store) std::exit(1);
  const auto start = Stopwatch::now();
  GlobalPosition after;
  std::uint64_t n = 0, bytes = 0;
  std::vector<RecordedEvent> page;
  for (;;) {
    if (Status s = (*store)->read_all_into(after, 10000, &page); !s) {
      std::cerr << s.to_string() << "\n";
      std::exit(1);
    }
    if (page.empty()) break;
    for (const RecordedEvent& e : page) bytes += e.data.payload.size();
    n += page.size();
    after = page.back().position;
  }
  const double rate = static_cast<double>(n) / seconds_since(start);
  if (n != expect || bytes == 0) {
    std::cerr << "read_all saw " << n << " events, expected " << expect << "\n";
    std::exit(1);
  }
  return rate;
}

double scan_raw(const std::string& dir, std::uint64_t expect) {
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const char* name : {"default", "log", "stream_index", "stream_heads", "event_ids"})
    cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), dir, cfs, &handles, &raw).ok()) std::exit(1);
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;
  ro.readahead_size = 2 << 20;
  const auto start = Stopwatch::now();
  std::uint64_t n = 0, bytes = 0;
  {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro, handles[1]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      bytes += it->value().size();
      ++n;
    }
  }
  const double rate = static_cast<double>(n) / seconds_since(start);
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  if (n != expect || bytes == 0) std::exit(1);
  return rate;
}

}  // namespace

int main(int argc, char** argv) {
  if (has_flag(argc, argv, "help")) {
    std::cout << "usage: rect_bench_scan [--events N] [--dir DIR] [--keep]\n"
                 "read_all over N events vs a raw RocksDB iterator over the same data.\n";
    return 0;
  }
  const std::uint64_t n = std::stoull(flag(argc, argv, "events", "5000000"));
  const std::string dir = flag(argc, argv, "dir", "/tmp/rect-bench-scan");
  {
    auto store = RocksDbEventStore::open(dir, {});
    if (!store) {
      std::cerr << store.status().to_string() << "\n";
      return 1;
    }
    if ((*store)->head().value() > n) {
      std::cerr << dir << " holds more than " << n << " events; remove it or pass --events\n";
      return 1;
    }
    std::cerr << "loading " << n << " events into " << dir << "\n";
    load(**store, n);
  }
  double best_raw = 0, best_rect = 0;
  for (int round = 0; round < 2; ++round) {
    best_raw = std::max(best_raw, scan_raw(dir, n));
    best_rect = std::max(best_rect, scan_rect(dir, n));
    std::cerr << "  round " << round << ": raw " << static_cast<long>(best_raw) << "/s, read_all "
              << static_cast<long>(best_rect) << "/s\n";
  }
  if (!has_flag(argc, argv, "keep")) std::filesystem::remove_all(dir);
  std::printf("scan: events=%llu read_all=%.0fev/s raw_iterator=%.0fkeys/s ratio=%.2f\n",
              static_cast<unsigned long long>(n), best_rect, best_raw, best_rect / best_raw);
  return 0;
}
