// bench/replay: rect-replay's rebuild of every projection (projections/all.h)
// from a synthetic history made by the dataset generator (rect::seed), beside
// a read_all scan of the same log in the same run. Prints one summary line:
// rebuild events/s, scan events/s, their ratio, the seconds of the rebuild
// after every event was folded (drain=, the last drain), and the peak RSS of
// the scans and rebuilds (rss_of=rebuild; rss_of=process when the peak could
// not be reset after generating, and so includes the generation).
// The default size, 170,000 participants, is the 5,000,000 events.
//   rect_bench_replay [--participants 170000] [--dir /tmp/rect-bench-replay] [--keep] [--only PROJECTION] [--rounds 2]
//                     [--drain-threads 2] [--commit-batch 4096] [--page 8192] [--slice 1024] [--queue-slices 4]
// The log is generated once into DIR/events and reused while DIR is kept.
#include <sys/resource.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "bench/bench_util.h"
#include "events/rocksdb_store.h"
#include "projections/all.h"
#include "projections/read_model_store.h"
#include "replay-tools/fold.h"
#include "replay-tools/seed/generator.h"

using namespace rect;
using namespace rect::bench;

namespace {

// The peak RSS is the rebuilds' own when the kernel lets the process reset
// its high-water mark (writing 5 to /proc/self/clear_refs resets VmHWM),
// done once the history is generated: generating 5 M events holds about
// 4 GiB, which would otherwise be what the line reports on a first run.
bool reset_peak_rss() {
  std::ofstream f("/proc/self/clear_refs");
  f << "5";
  f.flush();
  return static_cast<bool>(f);
}

// VmHWM from /proc/self/status, else the whole process's peak (getrusage).
double peak_rss_mib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;  // "VmHWM:  1234 kB"
  struct rusage ru {};
  if (::getrusage(RUSAGE_SELF, &ru) != 0) return 0;
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

double scan(const EventStore& log) {
  const auto start = Stopwatch::now();
  GlobalPosition after;
  std::uint64_t n = 0, bytes = 0;
  for (;;) {
    auto page = log.read_all(after, 8192);
    if (!page) {
      std::cerr << page.status().to_string() << "\n";
      std::exit(1);
    }
    if (page->empty()) break;
    for (const RecordedEvent& e : *page) bytes += e.data.payload.size();
    n += page->size();
    after = page->back().position;
  }
  if (bytes == 0) std::exit(1);
  return static_cast<double>(n) / seconds_since(start);
}

// Rebuilds into `dir`; returns events/s and sets `drain_s` to the seconds
// after every event was folded (the last drain and the files' ingestion).
double rebuild(const EventStore& log, const std::string& dir, const std::string& only, const replay::FoldBounds& bounds,
               std::uint64_t* records, std::size_t* table_files, double* drain_s) {
  std::filesystem::remove_all(dir);
  auto all = projections::make_all_projections();
  std::vector<projections::Projection*> raw;
  std::vector<std::string> names;
  for (auto& p : all) {
    if (!only.empty() && p->name() != only) continue;
    raw.push_back(p.get());
    names.emplace_back(p->name());
  }
  auto store = projections::ReadModelStore::open(dir, names);
  if (!store) {
    std::cerr << store.status().to_string() << "\n";
    std::exit(1);
  }
  replay::FoldBounds b = bounds;
  b.until = log.head();
  replay::Progress progress(std::cerr, "rebuild", b.until.value());
  const auto start = Stopwatch::now();
  auto r = replay::fold_log(log, **store, raw, b, &progress);
  const double secs = seconds_since(start);
  if (!r) {
    std::cerr << r.status().to_string() << "\n";
    std::exit(1);
  }
  *table_files = r->table_files;
  *drain_s = secs - progress.seconds_to_total().value_or(secs);
  *records = 0;
  for (const auto& n : names)
    if (!(*store)->scan(n, [&](std::string_view, std::string_view) { ++*records; return Status::ok(); })) std::exit(1);
  return static_cast<double>(r->events_read) / secs;
}

}  // namespace

int main(int argc, char** argv) {
  if (has_flag(argc, argv, "help")) {
    std::cout << "usage: rect_bench_replay [--participants N] [--dir DIR] [--keep] [--only PROJECTION] [--rounds N] [--drain-threads N] [--commit-batch N] [--page N] [--slice N] [--queue-slices N]\n"
                 "rebuild every projection from a rect::seed history vs a read_all scan of it.\n"
                 "The history (default 170000 participants, 5,004,663 events) is generated into DIR/events\n"
                 "(default /tmp/rect-bench-replay) unless it is there; --keep keeps DIR for the next run.\n";
    return 0;
  }
  const int participants = std::stoi(flag(argc, argv, "participants", "170000"));
  const std::string dir = flag(argc, argv, "dir", "/tmp/rect-bench-replay");
  const std::string events_dir = dir + "/events";
  const std::string only = flag(argc, argv, "only", "");
  if (!std::filesystem::exists(events_dir + "/CURRENT")) {
    ManualClock clock(Timestamp(0));
    auto store = RocksDbEventStore::open(events_dir, {.clock = &clock});
    if (!store) {
      std::cerr << store.status().to_string() << "\n";
      return 1;
    }
    std::cerr << "generating " << participants << " participants into " << events_dir << "\n";
    seed::SeedOptions o;
    o.participants = participants;
    auto s = seed::generate(**store, clock, o);
    if (!s) {
      std::cerr << s.status().to_string() << "\n";
      return 1;
    }
    std::cerr << "  " << s->events << " events in " << static_cast<long>(s->seconds) << " s\n";
  }
  auto store = RocksDbEventStore::open(events_dir, {.read_only = true, .verify_tail_records = 1});
  if (!store) {
    std::cerr << store.status().to_string() << "\n";
    return 1;
  }
  const std::uint64_t n = (*store)->head().value();
  const bool rss_of_rebuild = reset_peak_rss();
  double best_scan = 0, best_rebuild = 0, best_drain_s = 0;
  std::uint64_t records = 0;
  std::size_t table_files = 0;
  const int rounds = std::max(1, std::stoi(flag(argc, argv, "rounds", "2")));
  replay::FoldBounds bounds;
  const auto positive = [&](const char* name, std::size_t fallback) {
    return static_cast<std::size_t>(std::max(1L, std::stol(flag(argc, argv, name, std::to_string(fallback)))));
  };
  bounds.drain_threads = static_cast<unsigned>(positive("drain-threads", 2));
  bounds.commit_batch = positive("commit-batch", bounds.commit_batch);
  bounds.page = positive("page", bounds.page);
  bounds.slice = positive("slice", bounds.slice);
  bounds.queue_slices = positive("queue-slices", bounds.queue_slices);
  for (int round = 0; round < rounds; ++round) {
    best_scan = std::max(best_scan, scan(**store));
    double drain_s = 0;
    const double rate = rebuild(**store, dir + "/readmodels", only, bounds, &records, &table_files, &drain_s);
    if (rate > best_rebuild) {
      best_rebuild = rate;
      best_drain_s = drain_s;
    }
    std::cerr << "  round " << round << ": scan " << static_cast<long>(best_scan) << "/s, rebuild "
              << static_cast<long>(rate) << "/s, of which drain " << drain_s << " s\n";
  }
  if (!has_flag(argc, argv, "keep")) std::filesystem::remove_all(dir);
  std::printf("replay: projections=%s drain_threads=%u commit_batch=%zu page=%zu slice=%zu queue_slices=%zu events=%llu rebuild=%.0fev/s read_all=%.0fev/s ratio=%.2f drain=%.1fs records=%llu table_files=%zu peak_rss=%.0fMiB rss_of=%s\n",
              only.empty() ? "all" : only.c_str(), bounds.drain_threads, bounds.commit_batch, bounds.page, bounds.slice, bounds.queue_slices, static_cast<unsigned long long>(n), best_rebuild, best_scan, best_rebuild / best_scan, best_drain_s,
              static_cast<unsigned long long>(records), table_files, peak_rss_mib(), rss_of_rebuild ? "rebuild" : "process");
  return 0;
}
