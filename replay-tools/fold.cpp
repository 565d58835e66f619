#include "replay-tools/fold.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace rect::replay {
namespace {

using Page = Result<std::vector<RecordedEvent>>;

// A bounded hand-over of pages from the reading thread to the folding one.
class PageQueue {
 public:
  explicit PageQueue(std::size_t capacity) : capacity_(capacity) {}
  // False when the consumer has gone away.
  bool push(Page page) {
    std::unique_lock l(mu_);
    not_full_.wait(l, [&] { return q_.size() < capacity_ || closed_; });
    if (closed_) return false;
    q_.push_back(std::move(page));
    not_empty_.notify_one();
    return true;
  }
  Page pop() {
    std::unique_lock l(mu_);
    not_empty_.wait(l, [&] { return !q_.empty(); });
    Page p = std::move(q_.front());
    q_.pop_front();
    not_full_.notify_one();
    return p;
  }
  void close() {
    std::lock_guard l(mu_);
    closed_ = true;
    not_full_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Page> q_;
  std::size_t capacity_;
  bool closed_ = false;
};

bool within_time(const RecordedEvent& e, const FoldBounds& b) {
  if (b.recorded_until && e.recorded_at > *b.recorded_until) return false;
  if (b.valid_until && e.data.valid_at.value_or(e.recorded_at) > *b.valid_until) return false;
  return true;
}

struct Target {
  projections::Projection* projection;
  std::string name;
  GlobalPosition stop;
  GlobalPosition reached;
};

}  // namespace

Result<FoldReport> fold_log(const EventStore& log, projections::ReadModelStore& out,
                            const std::vector<projections::Projection*>& projections, const FoldBounds& bounds,
                            Progress* progress) {
  const GlobalPosition until = std::min(bounds.until, log.head());
  std::vector<Target> targets;
  for (auto* p : projections) {
    Target t{p, std::string(p->name()), until, bounds.after};
    if (auto it = bounds.stop_at.find(t.name); it != bounds.stop_at.end()) t.stop = std::min(until, it->second);
    std::unique_lock lock(p->lock());
    p->clear();
    targets.push_back(std::move(t));
  }

  PageQueue queue(4);
  std::thread reader([&] {
    GlobalPosition at = bounds.after;
    while (at < until) {
      const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(bounds.page, until.value() - at.value()));
      Page page = log.read_all(at, want);
      const bool stop = !page || page->empty();
      if (!stop) at = page->back().position;
      if (!queue.push(std::move(page)) || stop) return;
    }
    queue.push(std::vector<RecordedEvent>{});
  });

  FoldReport report;
  report.reached = bounds.after;
  Status failure;
  std::vector<projections::RecordChange> changes;
  for (;;) {
    Page page = queue.pop();
    if (!page) {
      failure = page.status();
      break;
    }
    if (page->empty()) break;
    std::vector<projections::ProjectionCommit> commits;
    for (Target& t : targets) {
      if (t.reached >= t.stop) continue;
      projections::Projection& p = *t.projection;
      std::unique_lock lock(p.lock());
      for (const RecordedEvent& e : *page) {
        if (e.position > t.stop) break;
        if (within_time(e, bounds)) {
          if (Status s = p.apply(e); !s) {
            failure = Status(s.code(), "projection " + t.name + " failed at position " +
                                           std::to_string(e.position.value()) + " (" + e.data.type + "): " + s.message());
            break;
          }
        }
        t.reached = e.position;
      }
      if (!failure.is_ok()) break;
      changes.clear();
      p.drain_changes(changes);
      commits.push_back({t.name, std::move(changes), t.reached, p.schema_version()});
    }
    if (!failure.is_ok()) break;
    for (const RecordedEvent& e : *page)
      if (within_time(e, bounds)) ++report.events_folded;
    if (Status s = out.commit(commits); !s) {
      failure = s;
      break;
    }
    report.events_read += page->size();
    report.reached = page->back().position;
    if (progress) progress->update(report.events_read);
  }
  queue.close();
  reader.join();
  if (!failure.is_ok()) return failure;
  if (report.reached < until)
    return Status(Code::kCorruption, "the log ended at position " + std::to_string(report.reached.value()) +
                                         " before its head " + std::to_string(until.value()));
  // Projections that saw no event still get a checkpoint, so the copy is complete.
  std::vector<projections::ProjectionCommit> commits;
  for (Target& t : targets) commits.push_back({t.name, {}, t.stop, t.projection->schema_version()});
  if (Status s = out.commit(commits); !s) return s;
  if (progress) progress->finish(report.events_read);
  return report;
}

}  // namespace rect::replay
