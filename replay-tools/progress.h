// Progress: how far a long command has got. On a terminal it redraws one
// line with a bar, events/s and the time left; otherwise (a pipe, a log, a
// test) it prints a plain line every few seconds and one at the end. Reads
// only the steady clock, and only for display. A command whose work goes on
// after its count reached the total (a fold's last drain, which writes the
// read models) reports that part as a stage, a second line counting records.
//
// Thread-safety: one thread calls update()/finish().
//
// Usage:
//   Progress bar(std::cerr, "rebuild", head.value());
//   for (...) bar.update(done);
//   bar.stage("writing read models", pending);
//   for (...) bar.stage_update(written, pending);
//   bar.finish(done);
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace rect::replay {

class Progress {
 public:
  // `total` 0 means unknown (no bar, no ETA). A terminal is detected when
  // `out` is std::cerr or std::cout and that descriptor isatty().
  Progress(std::ostream& out, std::string label, std::uint64_t total);
  void update(std::uint64_t done);
  // Draws the last line: the stage's, if one was begun, then the count's.
  void finish(std::uint64_t done);
  // Begins a stage after the count: `what` done to `total` records (0: not
  // known yet), drawn on a line of its own until finish().
  void stage(std::string what, std::uint64_t total);
  bool in_stage() const { return stage_.has_value(); }
  void stage_update(std::uint64_t done, std::uint64_t total);
  // Events per second since construction.
  double rate(std::uint64_t done) const;
  // Seconds from construction to the first update() or finish() whose
  // `done` reached the total; nullopt before that, or with no total. A fold
  // reports the events every projection has folded, so what comes after this
  // moment is the projections' last drain.
  std::optional<double> seconds_to_total() const;

 private:
  void draw(std::uint64_t done, bool final);
  void draw_stage(bool final);
  // True (and the moment noted) when a line is due: every 100 ms on a
  // terminal, every 5 s otherwise.
  bool due(std::chrono::steady_clock::time_point now);
  struct Stage {
    std::string what;
    std::uint64_t done = 0, total = 0;
    std::chrono::steady_clock::time_point start;
  };
  std::optional<Stage> stage_;
  std::uint64_t last_done_ = 0;  // as update() last had it
  std::ostream& out_;
  std::string label_;
  std::uint64_t total_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
  std::optional<std::chrono::steady_clock::time_point> reached_total_;
  void note_total(std::uint64_t done, std::chrono::steady_clock::time_point now);
};

}  // namespace rect::replay
