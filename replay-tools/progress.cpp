#include "replay-tools/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace rect::replay {
namespace {

using Clock = std::chrono::steady_clock;

bool is_terminal(const std::ostream& out) {
  if (&out == &std::cerr) return ::isatty(2) == 1;
  if (&out == &std::cout) return ::isatty(1) == 1;
  return false;
}

std::string duration_text(double seconds) {
  if (seconds < 0 || seconds > 1e7) return "?";
  const auto s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, (s / 60) % 60);
  else if (s >= 60) std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%lds", s);
  return buf;
}

// A bar of `frac` (0..1) of its width filled.
std::string bar_text(double frac) {
  constexpr int kWidth = 30;
  std::string bar(kWidth, ' ');
  for (int i = 0; i < static_cast<int>(frac * kWidth); ++i) bar[i] = '#';
  return bar;
}

}  // namespace

Progress::Progress(std::ostream& out, std::string label, std::uint64_t total)
    : out_(out), label_(std::move(label)), total_(total), terminal_(is_terminal(out)), start_(Clock::now()),
      last_(start_) {}

double Progress::rate(std::uint64_t done) const {
  const double secs = std::chrono::duration<double>(Clock::now() - start_).count();
  return secs > 0 ? static_cast<double>(done) / secs : 0;
}

std::optional<double> Progress::seconds_to_total() const {
  if (!reached_total_) return std::nullopt;
  return std::chrono::duration<double>(*reached_total_ - start_).count();
}

void Progress::note_total(std::uint64_t done, Clock::time_point now) {
  if (total_ > 0 && done >= total_ && !reached_total_) reached_total_ = now;
}

bool Progress::due(std::chrono::steady_clock::time_point now) {
  const auto every = terminal_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(5000);
  if (now - last_ < every) return false;
  last_ = now;
  return true;
}

void Progress::update(std::uint64_t done) {
  last_done_ = done;
  const auto now = Clock::now();
  note_total(done, now);
  if (stage_ || !due(now)) return;  // once begun, the stage's line has taken over
  draw(done, false);
}

void Progress::finish(std::uint64_t done) {
  note_total(done, Clock::now());
  if (stage_) draw_stage(true);
  draw(done, true);
}

void Progress::stage(std::string what, std::uint64_t total) {
  if (terminal_) {
    draw(last_done_, false);
    out_ << "\n";
  }
  stage_ = Stage{std::move(what), 0, total, Clock::now()};
  last_ = stage_->start;
}

void Progress::stage_update(std::uint64_t done, std::uint64_t total) {
  if (!stage_) return;
  stage_->done = done;
  stage_->total = total;
  if (due(Clock::now())) draw_stage(false);
}

void Progress::draw_stage(bool final) {
  const Stage& s = *stage_;
  const double secs = std::chrono::duration<double>(Clock::now() - s.start).count();
  const double r = secs > 0 ? static_cast<double>(s.done) / secs : 0;
  const auto done = static_cast<unsigned long long>(s.done), total = static_cast<unsigned long long>(s.total);
  char line[256];
  if (s.total > 0) {
    const double frac = std::min(1.0, static_cast<double>(s.done) / static_cast<double>(s.total));
    const double eta = r > 0 ? static_cast<double>(s.total > s.done ? s.total - s.done : 0) / r : -1;
    const std::string when = duration_text(final ? secs : eta);
    if (terminal_)
      std::snprintf(line, sizeof line, "\r%s: %s [%s] %3.0f%% %llu/%llu records, %.0f records/s, %s %s\033[K",
                    label_.c_str(), s.what.c_str(), bar_text(frac).c_str(), frac * 100, done, total, r,
                    final ? "took" : "ETA", when.c_str());
    else
      std::snprintf(line, sizeof line, "%s: %s: %llu/%llu records (%.0f%%), %.0f records/s, %s %s\n", label_.c_str(),
                    s.what.c_str(), done, total, frac * 100, r, final ? "took" : "ETA", when.c_str());
  } else {
    std::snprintf(line, sizeof line,
                  terminal_ ? "\r%s: %s: %llu records, %.0f records/s\033[K" : "%s: %s: %llu records, %.0f records/s\n",
                  label_.c_str(), s.what.c_str(), done, r);
  }
  out_ << line;
  if (terminal_ && final) out_ << "\n";
  out_.flush();
}

void Progress::draw(std::uint64_t done, bool final) {
  const double r = rate(done);
  const double secs = std::chrono::duration<double>(Clock::now() - start_).count();
  char line[256];
  if (total_ > 0) {
    const double frac = std::min(1.0, static_cast<double>(done) / static_cast<double>(total_));
    const double eta = r > 0 ? static_cast<double>(total_ > done ? total_ - done : 0) / r : -1;
    if (terminal_) {
      std::snprintf(line, sizeof line, "\r%s [%s] %3.0f%% %llu/%llu events, %.0f events/s, %s %s\033[K", label_.c_str(),
                    bar_text(frac).c_str(), frac * 100, static_cast<unsigned long long>(done),
                    static_cast<unsigned long long>(total_), r, final ? "took" : "ETA",
                    duration_text(final ? secs : eta).c_str());
    } else {
      std::snprintf(line, sizeof line, "%s: %llu/%llu events (%.0f%%), %.0f events/s, %s %s\n", label_.c_str(),
                    static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_), frac * 100, r,
                    final ? "took" : "ETA", duration_text(final ? secs : eta).c_str());
    }
  } else {
    std::snprintf(line, sizeof line, terminal_ ? "\r%s: %llu events, %.0f events/s\033[K" : "%s: %llu events, %.0f events/s\n",
                  label_.c_str(), static_cast<unsigned long long>(done), r);
  }
  out_ << line;
  if (terminal_ && final) out_ << "\n";
  out_.flush();
}

}  // namespace rect::replay
