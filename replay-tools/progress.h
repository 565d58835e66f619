// Progress: how far a long command has got. On a terminal it redraws one
// line with a bar, events/s and the time left; otherwise (a pipe, a log, a
// test) it prints a plain line every few seconds and one at the end. Reads
// only the steady clock, and only for display.
//
// Thread-safety: one thread calls update()/finish().
//
// Usage:
//   Progress bar(std::cerr, "rebuild", head.value());
//   for (...) bar.update(done);
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
  void finish(std::uint64_t done);
  // Events per second since construction.
  double rate(std::uint64_t done) const;
  // Seconds from construction to the first update() or finish() whose
  // `done` reached the total; nullopt before that, or with no total. A fold
  // reports the events every projection has folded, so what comes after this
  // moment is the projections' last drain.
  std::optional<double> seconds_to_total() const;

 private:
  void draw(std::uint64_t done, bool final);
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
