// The projection engine: persistence with checkpoints, restart, rebuild,
// read-your-writes, a failing projection, and crash atomicity.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <set>

#include "events/rocksdb_store.h"
#include "projections/engine.h"
#include "tests/support/temp_dir.h"

namespace rect::testing {
namespace {

using namespace projections;
using namespace std::chrono_literals;

// Counts events per type; records are type -> count.
class CountByType final : public Projection {
 public:
  explicit CountByType(std::uint32_t schema = 1, std::string poison = "") : schema_(schema), poison_(std::move(poison)) {}
  std::string_view name() const override { return "count_by_type"; }
  std::uint32_t schema_version() const override { return schema_; }
  Status apply(const RecordedEvent& e) override {
    if (e.data.type == poison_) return Status(Code::kCorruption, "poisoned");
    ++counts_[e.data.type];
    dirty_.insert(e.data.type);
    return Status::ok();
  }
  void drain_changes(std::vector<RecordChange>& out) override {
    for (const auto& k : dirty_) out.emplace_back(k, std::to_string(counts_[k]));
    dirty_.clear();
  }
  Status load(std::string_view key, std::string_view value) override {
    counts_[std::string(key)] = std::stoull(std::string(value));
    return Status::ok();
  }
  void clear() override {
    counts_.clear();
    dirty_.clear();
  }
  std::map<std::string, std::uint64_t> counts() const {
    std::shared_lock l(lock());
    return counts_;
  }

 private:
  std::uint32_t schema_;
  std::string poison_;
  std::map<std::string, std::uint64_t> counts_;
  std::set<std::string> dirty_;
};

// Sums payload "n" per stream.
class SumByStream final : public Projection {
 public:
  std::string_view name() const override { return "sum_by_stream"; }
  std::uint32_t schema_version() const override { return 1; }
  Status apply(const RecordedEvent& e) override {
    const auto at = e.data.payload.find("\"n\":");
    sums_[e.stream] += at == std::string::npos ? 0 : std::stoull(e.data.payload.substr(at + 4));
    dirty_.insert(e.stream);
    return Status::ok();
  }
  void drain_changes(std::vector<RecordChange>& out) override {
    for (const auto& k : dirty_) out.emplace_back(k, std::to_string(sums_[k]));
    dirty_.clear();
  }
  Status load(std::string_view key, std::string_view value) override {
    sums_[std::string(key)] = std::stoull(std::string(value));
    return Status::ok();
  }
  void clear() override {
    sums_.clear();
    dirty_.clear();
  }
  std::map<std::string, std::uint64_t> sums() const {
    std::shared_lock l(lock());
    return sums_;
  }

 private:
  std::map<std::string, std::uint64_t> sums_;
  std::set<std::string> dirty_;
};

void append(EventStore& log, int n, const std::string& type = "", int offset = 0) {
  for (int i = 0; i < n; ++i) {
    EventData e;
    e.type = type.empty() ? std::string(1, static_cast<char>('A' + (i + offset) % 3)) : type;
    e.payload = "{\"n\":" + std::to_string(i + offset) + "}";
    REQUIRE(log.append("s-" + std::to_string((i + offset) % 5), ExpectedVersion::any(), {e}));
  }
}

std::map<std::string, std::uint64_t> fresh_fold(EventStore& log, GlobalPosition upto) {
  CountByType fold;
  auto all = log.read_all(GlobalPosition::start(), upto.value());
  REQUIRE(all);
  for (const auto& e : *all) REQUIRE(fold.apply(e));
  return fold.counts();
}

struct Fixture {
  TempDir dir{"rect-engine"};
  std::unique_ptr<RocksDbEventStore> log;
  Fixture() { reopen_log(); }
  void reopen_log() {
    log.reset();
    auto s = RocksDbEventStore::open(dir.sub("events"), {});
    REQUIRE(s);
    log = std::move(*s);
  }
  std::unique_ptr<ReadModelStore> read_models() {
    auto s = ReadModelStore::open(dir.sub("readmodels"), {"count_by_type", "sum_by_stream"});
    REQUIRE(s);
    return std::move(*s);
  }
};

}  // namespace

TEST_CASE("projections persist state with their checkpoint and resume after restart") {
  Fixture f;
  append(*f.log, 90);
  {
    auto rm = f.read_models();
    CountByType counts;
    SumByStream sums;
    ProjectionEngine engine(*f.log, *rm, {&counts, &sums}, {.batch_size = 7});
    REQUIRE(engine.run_to_head());
    CHECK(engine.position() == GlobalPosition(90));
    CHECK(counts.counts() == std::map<std::string, std::uint64_t>{{"A", 30}, {"B", 30}, {"C", 30}});
    auto cp = rm->checkpoint("count_by_type");
    REQUIRE(cp);
    CHECK(cp->position == GlobalPosition(90));
  }
  append(*f.log, 30, "", 90);
  auto rm = f.read_models();
  CountByType counts;
  SumByStream sums;
  ProjectionEngine engine(*f.log, *rm, {&counts, &sums});
  REQUIRE(engine.run_to_head());
  CHECK(counts.counts() == std::map<std::string, std::uint64_t>{{"A", 40}, {"B", 40}, {"C", 40}});
  std::uint64_t total = 0;
  for (const auto& [k, v] : sums.sums()) total += v;
  CHECK(total == 119 * 120 / 2);
}

TEST_CASE("a schema change rebuilds from position 0 and gives the same state") {
  Fixture f;
  append(*f.log, 50);
  std::map<std::string, std::uint64_t> before;
  {
    auto rm = f.read_models();
    CountByType counts(1);
    ProjectionEngine engine(*f.log, *rm, {&counts});
    REQUIRE(engine.run_to_head());
    before = counts.counts();
  }
  auto rm = f.read_models();
  CountByType counts(2);
  ProjectionEngine engine(*f.log, *rm, {&counts});
  REQUIRE(engine.run_to_head());
  CHECK(counts.counts() == before);
  CHECK(rm->checkpoint("count_by_type")->schema_version == 2);
}

TEST_CASE("wait_for gives read-your-writes while the engine follows the log") {
  Fixture f;
  auto rm = f.read_models();
  CountByType counts;
  ProjectionEngine engine(*f.log, *rm, {&counts}, {.batch_size = 64, .idle_wait = 20ms});
  REQUIRE(engine.start());
  for (int round = 0; round < 20; ++round) {
    EventData e;
    e.type = "Tick";
    auto r = f.log->append("ticks", ExpectedVersion::any(), {e});
    REQUIRE(r);
    REQUIRE(engine.wait_for(r->last_position(), 5s));
    CHECK(counts.counts()["Tick"] == static_cast<std::uint64_t>(round + 1));
  }
  CHECK_FALSE(engine.wait_for(GlobalPosition(1000), 30ms));
  auto st = engine.status();
  REQUIRE(st.size() == 1);
  CHECK(st[0].checkpoint == GlobalPosition(20));
  CHECK(st[0].lag == 0);
  CHECK(st[0].last_error.empty());
}

TEST_CASE("a failing projection stops at the event before and reports it, the others go on") {
  Fixture f;
  append(*f.log, 10);
  append(*f.log, 1, "Poison");
  append(*f.log, 10, "", 10);
  auto rm = f.read_models();
  CountByType counts(1, "Poison");
  SumByStream sums;
  ProjectionEngine engine(*f.log, *rm, {&counts, &sums});
  Status s = engine.run_to_head();
  CHECK(s.code() == Code::kCorruption);
  auto st = engine.status();
  CHECK(st[0].checkpoint == GlobalPosition(10));
  CHECK(st[0].last_error.find("position 11 (Poison)") != std::string::npos);
  CHECK(st[1].checkpoint == GlobalPosition(21));
  CHECK(rm->checkpoint("count_by_type")->position == GlobalPosition(10));
}

TEST_CASE("read models of another log are refused") {
  Fixture f;
  append(*f.log, 5);
  {
    auto rm = f.read_models();
    CountByType counts;
    ProjectionEngine engine(*f.log, *rm, {&counts});
    REQUIRE(engine.run_to_head());
  }
  TempDir other;
  auto empty_log = RocksDbEventStore::open(other.sub("events"), {});
  REQUIRE(empty_log);
  auto rm = f.read_models();
  CountByType counts;
  ProjectionEngine engine(**empty_log, *rm, {&counts});
  CHECK(engine.run_to_head().code() == Code::kCorruption);
}

TEST_CASE("crash safety: a killed engine never double-applies or skips an event") {
  Fixture f;
  append(*f.log, 200);
  f.log.reset();
  for (int cycle = 0; cycle < 5; ++cycle) {
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::close(ready[0]);
      auto log = RocksDbEventStore::open(f.dir.sub("events"), {});
      auto rm = ReadModelStore::open(f.dir.sub("readmodels"), {"count_by_type"});
      if (!log || !rm) ::_exit(3);
      CountByType counts;
      ProjectionEngine engine(**log, **rm, {&counts}, {.batch_size = 3, .idle_wait = 5ms});
      if (!engine.start()) ::_exit(4);
      for (int i = 0;; ++i) {
        if (i == 50) {
          if (!engine.wait_for(GlobalPosition(230), 20s)) ::_exit(6);
          if (::write(ready[1], "r", 1) != 1) ::_exit(7);
        }
        EventData e;
        e.type = std::string(1, static_cast<char>('A' + i % 3));
        if (!(*log)->append("live", ExpectedVersion::any(), {e})) ::_exit(5);
      }
    }
    ::close(ready[1]);
    char byte = 0;
    REQUIRE(::read(ready[0], &byte, 1) == 1);  // the engine has folded live events
    ::close(ready[0]);
    ::usleep(static_cast<useconds_t>(1000 + cycle * 7000));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(WIFSIGNALED(status));
    f.reopen_log();
    auto rm = f.read_models();
    auto cp = rm->checkpoint("count_by_type");
    REQUIRE(cp);
    CountByType restored;
    REQUIRE(rm->scan("count_by_type", [&](std::string_view k, std::string_view v) { return restored.load(k, v); }));
    INFO("cycle " << cycle << " checkpoint " << cp->position.value() << " head " << f.log->head().value());
    CHECK(cp->position <= f.log->head());
    CHECK(cp->position > GlobalPosition(200));  // the engine had folded live events before the kill
    CHECK(restored.counts() == fresh_fold(*f.log, cp->position));
    f.log.reset();
  }
}

}  // namespace rect::testing
