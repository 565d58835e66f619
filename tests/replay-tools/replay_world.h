// Test support for rect_replay_tests: a data directory whose log holds the
// project's reference data, the sandbox setup and the teacher-life scenario,
// written through the domain with a manual clock (so recorded_at is known),
// and a way to run rect-replay in-process and capture what it prints.
#pragma once

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "domain/command_handler.h"
#include "domain/scenario.h"
#include "events/rocksdb_store.h"
#include "replay-tools/replay.h"
#include "tests/support/temp_dir.h"

namespace rect::replay::testing {

inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline Timestamp at(const char* iso) { return Timestamp::parse_iso8601(iso).value(); }

struct Run {
  int rc = -1;
  std::string out, err;
};

inline Run rr(const std::vector<std::string>& words) {
  std::ostringstream out, err;
  Run r;
  r.rc = run_replay(words, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// The lines of `text` that start with `prefix`.
inline std::vector<std::string> lines_starting(const std::string& text, const std::string& prefix) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0) out.push_back(line);
  return out;
}

// A data directory with a log written through the domain. Part one (reference
// data, sandbox setup) is recorded on 2025-10-01; part two (teacher-life) from
// 2025-10-15 on.
struct DataDir {
  rect::testing::TempDir tmp{"rect-replay-test"};
  ManualClock clock{at("2025-10-01T09:00:00Z")};
  SeededRandom rng{7};
  GlobalPosition end_of_part_one;

  std::string path() const { return tmp.path(); }

  void write(bool part_two = true) {
    auto store = RocksDbEventStore::open(path() + "/events", {.clock = &clock, .random = &rng});
    REQUIRE(store);
    domain::CommandHandler handler(**store, clock, rng);
    for (const char* f : {"contract-periods.v1.json", "schedules.v1.json"}) {
      auto cmds = domain::reference_commands(read_text(std::string(RECT_SOURCE_DIR) + "/data/reference/" + f));
      REQUIRE(cmds);
      for (const domain::Command& c : *cmds) REQUIRE(handler.execute(c).ok());
    }
    play(handler, "data/scenarios/sandbox-setup.jsonl");
    end_of_part_one = (*store)->head();
    if (!part_two) return;
    clock.set(at("2025-10-15T09:00:00Z"));
    play(handler, "data/scenarios/teacher-life.jsonl");
  }

  void play(domain::CommandHandler& handler, const std::string& rel) {
    domain::ScenarioPlayer player(handler);
    auto r = player.play(read_text(std::string(RECT_SOURCE_DIR) + "/" + rel));
    INFO(r.status().to_string());
    REQUIRE(r);
  }
};

}  // namespace rect::replay::testing
