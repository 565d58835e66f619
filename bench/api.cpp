// bench/api: the lead provider API under load, measured with wrk, beside the
// ceiling of the same HTTP stack in the same run:
//   1. a trivial handler returning a fixed 1 KB JSON body (the ceiling);
//   2. GET /api/v3/participant-declarations/{id};
//   3. GET /api/v3/participants?page[per_page]=100;
// on the synthetic dataset (default 100,000 participants), plus the time and
// peak memory of a full rebuild of every projection from the log (in a child
// process, so its peak RSS is its own). Prints one summary line.
//   rect_bench_api [--participants N] [--seconds S] [--connections C] [--dir DIR] [--keep]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <regex>

#include "api/http_server.h"
#include "api/service.h"
#include "bench/bench_util.h"
#include "events/rocksdb_store.h"
#include "projections/all.h"
#include "projections/engine.h"
#include "replay-tools/seed/generator.h"

using namespace rect;
using namespace rect::bench;

namespace {

struct WrkResult {
  double requests_per_s = 0;
  double p99_ms = 0;
  long non_2xx = 0;
};

std::string run_capture(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  ::pclose(p);
  return out;
}

double to_ms(double v, const std::string& unit) {
  if (unit == "us") return v / 1000;
  if (unit == "s") return v * 1000;
  return v;
}

WrkResult wrk(std::uint16_t port, const std::string& path, const std::string& token, int connections, int seconds) {
  std::string cmd = "wrk --latency -t2 -c" + std::to_string(connections) + " -d" + std::to_string(seconds) + "s ";
  if (!token.empty()) cmd += "-H 'Authorization: Bearer " + token + "' ";
  cmd += "'http://127.0.0.1:" + std::to_string(port) + path + "' 2>&1";
  const std::string out = run_capture(cmd);
  WrkResult r;
  std::smatch m;
  if (std::regex_search(out, m, std::regex(R"(Requests/sec:\s+([0-9.]+))"))) r.requests_per_s = std::stod(m[1]);
  if (std::regex_search(out, m, std::regex(R"(99%\s+([0-9.]+)(us|ms|s))"))) r.p99_ms = to_ms(std::stod(m[1]), m[2]);
  if (std::regex_search(out, m, std::regex(R"(Non-2xx or 3xx responses:\s+([0-9]+))"))) r.non_2xx = std::stol(m[1]);
  if (r.requests_per_s == 0) std::cerr << "wrk said:\n" << out << "\n";
  std::cerr << "  " << path << ": " << static_cast<long>(r.requests_per_s) << " req/s, p99 " << r.p99_ms << " ms"
            << (r.non_2xx ? " NON-2XX: " + std::to_string(r.non_2xx) : "") << "\n";
  return r;
}

// Rebuilds every projection from the log into a fresh directory in a child
// process; returns {seconds, peak RSS MiB, events}.
// The rebuild, run by this binary started again with --rebuild-child (a
// fresh process, so its peak RSS is its own). Not a fork: RocksDB's
// background threads do not survive fork(), and a forked child stalls for
// ever on the first write stall waiting for a flush no thread will run.
int rebuild_child_main(const std::string& events_dir, const std::string& out_dir, int out_fd) {
  auto log = RocksDbEventStore::open(events_dir, {.read_only = true});
  if (!log) return 2;
  auto all = projections::make_all_projections();
  std::vector<projections::Projection*> raw;
  std::vector<std::string> names;
  for (auto& p : all) {
    raw.push_back(p.get());
    names.emplace_back(p->name());
  }
  auto store = projections::ReadModelStore::open(out_dir, names);
  if (!store) return 3;
  const auto start = Stopwatch::now();
  projections::ProjectionEngine engine(**log, **store, raw, {.batch_size = 16384});
  if (!engine.run_to_head()) return 4;
  const double secs = seconds_since(start);
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  char line[128];
  const int n = std::snprintf(line, sizeof line, "%f %f %llu\n", secs, static_cast<double>(u.ru_maxrss) / 1024.0,
                              static_cast<unsigned long long>((*log)->head().value()));
  if (::write(out_fd, line, static_cast<std::size_t>(n)) != n) return 5;
  return 0;
}

std::tuple<double, double, std::uint64_t> rebuild_in_child(const std::string& events_dir, const std::string& out_dir) {
  int fds[2];
  if (::pipe(fds) != 0) std::exit(1);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    const std::string fd = std::to_string(fds[1]);
    ::execl("/proc/self/exe", "rect_bench_api", "--rebuild-child", "--events", events_dir.c_str(), "--out",
            out_dir.c_str(), "--fd", fd.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fds[1]);
  char buf[128] = {};
  const ssize_t n = ::read(fds[0], buf, sizeof buf - 1);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  double secs = 0, rss = 0;
  unsigned long long events = 0;
  if (n <= 0 || std::sscanf(buf, "%lf %lf %llu", &secs, &rss, &events) != 3) {
    std::cerr << "rebuild child failed (status " << status << ")\n";
    std::exit(1);
  }
  return {secs, rss, events};
}

std::string first_declaration_id(std::uint16_t port, const std::string& token) {
  const std::string body = run_capture("curl -sg -H 'Authorization: Bearer " + token + "' 'http://127.0.0.1:" +
                                       std::to_string(port) + "/api/v3/participant-declarations?page[per_page]=1'");
  std::smatch m;
  if (std::regex_search(body, m, std::regex(R"re("id":"([0-9a-f-]{36})")re"))) return m[1];
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  if (has_flag(argc, argv, "help")) {
    std::cout << "usage: rect_bench_api [--participants N] [--seconds S] [--connections C] [--dir DIR] [--keep]\n"
                 "Needs wrk and curl (Debian packages wrk, curl).\n";
    return 0;
  }
  if (has_flag(argc, argv, "rebuild-child"))
    return rebuild_child_main(flag(argc, argv, "events", ""), flag(argc, argv, "out", ""),
                              std::stoi(flag(argc, argv, "fd", "1")));
  const int participants = std::stoi(flag(argc, argv, "participants", "100000"));
  const int seconds = std::stoi(flag(argc, argv, "seconds", "10"));
  const int connections = std::stoi(flag(argc, argv, "connections", "64"));
  const std::string dir = flag(argc, argv, "dir", "/tmp/rect-bench-api");

  std::cerr << "ceiling: a fixed 1 KB JSON body from the same HTTP server\n";
  WrkResult ceiling;
  {
    std::string body = R"({"data":{"id":"x","type":"ceiling","attributes":{"pad":")" + std::string(950, 'x') + "\"}}}";
    auto server = api::HttpServer::start({.address = "127.0.0.1", .port = 0, .threads = 2},
                                         [&](const api::HttpRequest&) { return api::HttpResponse::json(200, body); });
    if (!server) return 1;
    ceiling = wrk((*server)->port(), "/", "", connections, seconds);
  }

  const std::string events_dir = dir + "/events";
  {
    ManualClock seed_clock(Timestamp(0));
    auto store = RocksDbEventStore::open(events_dir, {.clock = &seed_clock});
    if (!store) {
      std::cerr << store.status().to_string() << "\n";
      return 1;
    }
    if ((*store)->head() == GlobalPosition::start()) {
      std::cerr << "seeding " << participants << " participants into " << dir << "\n";
      auto stats = seed::generate(**store, seed_clock, {.participants = participants, .seed = 1});
      if (!stats) {
        std::cerr << stats.status().to_string() << "\n";
        return 1;
      }
    }
  }
  std::filesystem::remove_all(dir + "/rebuild");
  auto [rebuild_s, rebuild_rss, events] = rebuild_in_child(events_dir, dir + "/rebuild");
  std::filesystem::remove_all(dir + "/rebuild");
  std::cerr << "rebuild of all projections: " << events << " events in " << rebuild_s << " s, peak RSS "
            << rebuild_rss << " MiB\n";

  api::ServiceOptions so;
  so.data_dir = dir;
  so.port = 0;
  so.threads = 2;
  so.rate_limit = 1u << 30;  // the benchmark measures the server, not the limiter
  auto svc = api::Service::start(so);
  if (!svc) {
    std::cerr << svc.status().to_string() << "\n";
    return 1;
  }
  auto token = (*svc)->issue_token({ActorKind::kLeadProvider, flag(argc, argv, "lead-provider", "lp-ambition")});
  if (!token) return 1;
  const std::string id = first_declaration_id((*svc)->port(), *token);
  if (id.empty()) {
    std::cerr << "no declaration visible to the lead provider; pass --lead-provider\n";
    return 1;
  }
  const WrkResult one = wrk((*svc)->port(), "/api/v3/participant-declarations/" + id, *token, connections, seconds);
  const WrkResult page = wrk((*svc)->port(), "/api/v3/participants?page%5Bper_page%5D=100", *token, connections, seconds);
  (*svc)->stop();
  if (!has_flag(argc, argv, "keep")) std::filesystem::remove_all(dir);

  std::printf(
      "api: participants=%d connections=%d ceiling=%.0freq/s(p99=%.2fms) declaration=%.0freq/s(p99=%.2fms,%.0f%%of_ceiling) "
      "participants_page100=%.0freq/s(p99=%.2fms) rebuild=%.1fs(%llu_events,%.0fev/s,peak_rss=%.0fMiB) non2xx=%ld\n",
      participants, connections, ceiling.requests_per_s, ceiling.p99_ms, one.requests_per_s, one.p99_ms,
      100.0 * one.requests_per_s / std::max(1.0, ceiling.requests_per_s), page.requests_per_s, page.p99_ms, rebuild_s,
      static_cast<unsigned long long>(events), static_cast<double>(events) / std::max(1e-9, rebuild_s), rebuild_rss,
      one.non_2xx + page.non_2xx);
  return 0;
}
