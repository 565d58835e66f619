// Crash safety: a writer process is SIGKILLed at a random moment; every
// append it acknowledged (printed on a pipe) must be in the store, intact,
// and nothing partial may be visible. RECT_CRASH_CYCLES sets the number of
// cycles (default 20; scripts/soak runs 500), RECT_SEED the seed.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <random>
#include <sstream>

#include "events/rocksdb_store.h"
#include "tests/support/temp_dir.h"

namespace rect::testing {
namespace {

struct Acked {
  std::string stream;
  std::uint64_t version;
  std::string id;
};

std::uint64_t env_or(const char* name, std::uint64_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtoull(v, nullptr, 10) : fallback;
}

// Runs the writer until about `run_ms` after its first acknowledgement (so
// that a slow start, as under the sanitizers on a busy machine, still gives a
// kill in the middle of writing), kills it, and adds what it acknowledged.
void run_and_kill(const std::string& dir, std::uint64_t seed, int run_ms, std::map<std::uint64_t, Acked>* acked) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    const std::string s = std::to_string(seed);
    ::execl(RECT_CRASH_WRITER, RECT_CRASH_WRITER, dir.c_str(), s.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fds[1]);
  std::string buffer;
  // Until the first acknowledgement: a generous bound on the writer's start.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  bool started = false, killed = false;
  for (;;) {
    if (!started && buffer.find('\n') != std::string::npos) {
      started = true;
      deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(run_ms);
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (!killed && left.count() <= 0) {
      ::kill(pid, SIGKILL);
      killed = true;
    }
    pollfd p{fds[0], POLLIN, 0};
    ::poll(&p, 1, killed ? 1000 : static_cast<int>(std::max<long>(1, left.count())));
    if (p.revents & (POLLIN | POLLHUP)) {
      char buf[65536];
      const ssize_t n = ::read(fds[0], buf, sizeof buf);
      if (n <= 0) break;
      buffer.append(buf, static_cast<std::size_t>(n));
    }
  }
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE_MESSAGE((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL), "writer exited by itself; status " << status);
  std::istringstream lines(buffer);
  std::string line;
  while (std::getline(lines, line)) {
    if (lines.eof()) break;  // a line cut by the kill was never fully acknowledged
    std::istringstream f(line);
    std::uint64_t pos = 0;
    Acked a;
    f >> pos >> a.stream >> a.version >> a.id;
    REQUIRE_MESSAGE(f, "bad line from writer: " << line);
    (*acked)[pos] = a;
  }
}

}  // namespace

TEST_CASE("crash safety: every acknowledged append survives SIGKILL") {
  const std::uint64_t cycles = env_or("RECT_CRASH_CYCLES", 20);
  const std::uint64_t seed = env_or("RECT_SEED", 20261123);
  MESSAGE("crash cycles: " << cycles << ", seed: " << seed << " (set RECT_SEED to reproduce)");
  std::mt19937_64 rng(seed);
  TempDir dir("rect-crash");
  const std::string store_dir = dir.sub("store");
  std::map<std::uint64_t, Acked> acked;
  for (std::uint64_t cycle = 0; cycle < cycles; ++cycle) {
    const int run_ms = 20 + static_cast<int>(rng() % 180);
    run_and_kill(store_dir, rng(), run_ms, &acked);
    auto store = RocksDbEventStore::open(store_dir, {.verify_tail_records = 1'000'000});
    REQUIRE_MESSAGE(store, "cycle " << cycle << ": " << store.status().to_string());
    auto report = (*store)->verify();
    REQUIRE_MESSAGE(report, "cycle " << cycle << ": " << report.status().to_string());
    const std::uint64_t head = (*store)->head().value();
    CHECK(report->events == head);
    if (!acked.empty()) REQUIRE(acked.rbegin()->first <= head);
    auto all = (*store)->read_all(GlobalPosition::start(), head);
    REQUIRE(all);
    for (const auto& [pos, a] : acked) {
      const RecordedEvent& e = (*all)[pos - 1];
      INFO("cycle " << cycle << " position " << pos);
      REQUIRE(e.position.value() == pos);
      CHECK(e.stream == a.stream);
      CHECK(e.version.value() == a.version);
      CHECK(e.data.id.to_string() == a.id);
      CHECK(e.data.payload.find(a.id) != std::string::npos);
    }
  }
  MESSAGE("acknowledged appends checked: " << acked.size());
  CHECK(acked.size() > 0);
}

}  // namespace rect::testing
