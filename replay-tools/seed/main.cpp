// rect-seed: writes the synthetic dataset (replay-tools/seed/generator.h,
// docs/dataset.md) into DIR/events, the RocksDB store rectd opens.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include "events/rocksdb_store.h"
#include "replay-tools/seed/calendar.h"
#include "replay-tools/seed/generator.h"

namespace {

constexpr const char* kUsage = R"(usage: rect-seed --data-dir DIR [--participants N] [--seed S] [--append] [--threads T]

Writes a deterministic synthetic RECT dataset into DIR/events (the store rectd
opens with --data-dir DIR): 7 lead providers, 60 delivery partners, 30
appropriate bodies, one school per five participants, ECTs and mentors of
cohorts 2021-2026 with their whole history, all through the domain's commands.

  --data-dir DIR      where to write (DIR/events is created)
  --participants N    ECTs and mentors (default 100000)
  --seed S            the same seed and size give byte-identical events (default 1)
  --append            seed a store that already holds events (the dataset's
                      streams must not exist there)
  --threads T         shards simulated side by side (default 2)
  --help              this text
)";

// A progress bar on a terminal, a plain line every tenth of the way otherwise.
class ProgressDisplay {
 public:
  ProgressDisplay() : tty_(isatty(STDERR_FILENO) == 1), started_(std::chrono::steady_clock::now()) {}

  void operator()(const rect::seed::SeedProgress& p) {
    const double done = static_cast<double>(p.day - p.first_day + 1) / (p.last_day - p.first_day + 1);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    const double rate = secs > 0 ? static_cast<double>(p.events) / secs : 0;
    const double eta = done > 0 ? secs * (1 - done) / done : 0;
    if (tty_) {
      std::string bar(30, ' ');
      for (int i = 0; i < static_cast<int>(done * 30); ++i) bar[i] = '#';
      std::fprintf(stderr, "\r[%s] %3.0f%% %s %10llu events %8.0f events/s ETA %4.0fs", bar.c_str(), done * 100,
                   rect::seed::iso_date(p.day).c_str(), static_cast<unsigned long long>(p.events), rate, eta);
    } else if (static_cast<int>(done * 10) > reported_) {
      reported_ = static_cast<int>(done * 10);
      std::fprintf(stderr, "rect-seed: %3.0f%% simulated to %s, %llu events, %.0f events/s\n", done * 100,
                   rect::seed::iso_date(p.day).c_str(), static_cast<unsigned long long>(p.events), rate);
    }
  }
  void finish() const {
    if (tty_) std::fprintf(stderr, "\n");
  }

 private:
  bool tty_;
  std::chrono::steady_clock::time_point started_;
  int reported_ = 0;
};

bool parse_number(const std::string& text, unsigned long long& out) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return false;
  out = std::strtoull(text.c_str(), nullptr, 10);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data_dir;
  rect::seed::SeedOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](unsigned long long& out) {
      if (i + 1 >= argc || !parse_number(argv[i + 1], out)) {
        std::cerr << "rect-seed: " << arg << " needs a number\n" << kUsage;
        std::exit(2);
      }
      ++i;
    };
    unsigned long long n = 0;
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (arg == "--data-dir" && i + 1 < argc) {
      data_dir = argv[++i];
    } else if (arg == "--participants") {
      value(n);
      options.participants = static_cast<int>(std::min(n, 5000000ULL));
    } else if (arg == "--seed") {
      value(n);
      options.seed = n;
    } else if (arg == "--threads") {
      value(n);
      options.threads = static_cast<int>(std::clamp(n, 1ULL, 64ULL));
    } else if (arg == "--append") {
      options.append = true;
    } else {
      std::cerr << "rect-seed: unknown argument '" << arg << "'\n" << kUsage;
      return 2;
    }
  }
  if (data_dir.empty()) {
    std::cerr << "rect-seed: --data-dir is required\n" << kUsage;
    return 2;
  }
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) {
    std::cerr << "rect-seed: cannot create " << data_dir << ": " << ec.message() << "\n";
    return 1;
  }
  rect::ManualClock clock(rect::Timestamp(0));
  rect::SeededRandom unused_ids(options.seed);
  auto store = rect::RocksDbEventStore::open(data_dir + "/events", {.clock = &clock, .random = &unused_ids});
  if (!store) {
    std::cerr << "rect-seed: cannot open " << data_dir << "/events: " << store.status().to_string() << "\n";
    return 1;
  }
  ProgressDisplay display;
  options.progress = [&display](const rect::seed::SeedProgress& p) { display(p); };
  auto stats = rect::seed::generate(**store, clock, options);
  display.finish();
  if (!stats) {
    std::cerr << "rect-seed: " << stats.status().to_string() << "\n";
    return 1;
  }
  std::cout << "lead providers:";
  for (const std::string& id : stats->lead_provider_ids) std::cout << " " << id;
  std::cout << "\n";
  std::printf("rect-seed: %llu events, %llu participants (%llu ECTs, %llu mentors), %llu schools, %llu declarations in %.1f s\n",
              static_cast<unsigned long long>(stats->events), static_cast<unsigned long long>(stats->participants),
              static_cast<unsigned long long>(stats->ects), static_cast<unsigned long long>(stats->mentors),
              static_cast<unsigned long long>(stats->schools), static_cast<unsigned long long>(stats->declarations),
              stats->seconds);
  std::fprintf(stderr, "rect-seed: %.1f s in shards, %.1f s merging, %.1f s global commands and fold, %.1f s copying\n",
               stats->seconds_shards, stats->seconds_merge, stats->seconds_global, stats->seconds_copy);
  return 0;
}
