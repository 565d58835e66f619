#include "replay-tools/fold.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>

#include <dlfcn.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace rect::replay {
namespace {

// One page of the log as every folding thread sees it: the events and which
// of them pass the time bounds. Empty events: the end of the log.
struct Page {
  std::vector<RecordedEvent> events;
  std::vector<bool> within;
};
using PagePtr = std::shared_ptr<const Page>;

// Pages the folding threads are done with, kept for the reading thread to
// decode the next pages into: their events' strings keep their capacity, so
// a page is read without allocating, and the folding thread that lets a page
// go does not free it (thousands of strings, allocated by another thread).
// It must outlive every page it hands out.
class PagePool {
 public:
  // A page to read into: a recycled one (its old events still there, to be
  // overwritten) or a new one.
  std::unique_ptr<Page> take() {
    std::lock_guard l(mu_);
    if (free_.empty()) return std::make_unique<Page>();
    std::unique_ptr<Page> p = std::move(free_.back());
    free_.pop_back();
    return p;
  }
  // Shares `page`; when the last holder lets it go, it comes back here.
  PagePtr share(std::unique_ptr<Page> page) {
    return PagePtr(page.release(), [this](const Page* done) {
      std::lock_guard l(mu_);
      free_.emplace_back(const_cast<Page*>(done));
    });
  }

 private:
  std::mutex mu_;
  std::vector<std::unique_ptr<Page>> free_;
};

// Events [begin, end) of a page, handed to a folding thread as one. No page:
// the end of the log.
struct Slice {
  PagePtr page;
  std::size_t begin = 0, end = 0;
};

// A bounded hand-over of slices from the reading thread to one folding thread.
class SliceQueue {
 public:
  explicit SliceQueue(std::size_t capacity) : capacity_(capacity) {}
  // False when the consumer has gone away.
  bool push(Slice slice) {
    std::unique_lock l(mu_);
    not_full_.wait(l, [&] { return q_.size() < capacity_ || closed_; });
    if (closed_) return false;
    q_.push_back(std::move(slice));
    not_empty_.notify_one();
    return true;
  }
  Slice pop() {
    std::unique_lock l(mu_);
    not_empty_.wait(l, [&] { return !q_.empty(); });
    Slice s = std::move(q_.front());
    q_.pop_front();
    not_full_.notify_one();
    return s;
  }
  void close() {
    std::lock_guard l(mu_);
    closed_ = true;
    not_full_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Slice> q_;
  std::size_t capacity_;
  bool closed_ = false;
};

// One drained batch of a projection's records.
struct Batch {
  std::string projection;
  std::vector<projections::RecordChange> changes;
  std::atomic<std::uint64_t>* written = nullptr;  // if set, counts the records once they are written
};

// Writes the projections' batches on a thread of its own, in the order they
// are handed over, into one ReadModelStore::BulkLoad per projection, so that
// a projection goes on folding while its last stretch is written. At most
// `capacity` batches wait. finish() adds the loads' files to the store; a
// writer destroyed without it leaves the store as it was.
class BatchWriter {
 public:
  BatchWriter(projections::ReadModelStore& out, std::size_t capacity, std::atomic<bool>& failed)
      : out_(out), capacity_(capacity), failed_(failed), thread_([this] { loop(); }) {}
  ~BatchWriter() { (void)stop(); }

  void push(Batch b) {
    std::unique_lock l(mu_);
    cv_.wait(l, [&] { return q_.size() < capacity_ || !status_.is_ok(); });
    if (!status_.is_ok()) return;
    q_.push_back(std::move(b));
    cv_.notify_all();
  }
  // Writes what is queued, stops the thread and returns the first failure.
  Status stop() {
    {
      std::lock_guard l(mu_);
      done_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    return status_;
  }
  // After stop(): adds every load's files to the store.
  Status finish() {
    for (auto& [name, load] : loads_)
      if (Status s = load->finish(); !s) return s;
    return Status::ok();
  }
  // Files written so far, over every projection.
  std::size_t runs() const {
    std::size_t n = 0;
    for (const auto& [name, load] : loads_) n += load->runs();
    return n;
  }

 private:
  Status write(Batch& b) {
    auto it = loads_.find(b.projection);
    if (it == loads_.end()) {
      auto load = out_.bulk_load(b.projection);
      if (!load) return load.status();
      it = loads_.emplace(b.projection, std::move(*load)).first;
    }
    return it->second->add(b.changes);
  }
  void loop() {
    for (;;) {
      Batch b;
      {
        std::unique_lock l(mu_);
        cv_.wait(l, [&] { return !q_.empty() || done_; });
        if (q_.empty()) return;
        b = std::move(q_.front());
        q_.pop_front();
        cv_.notify_all();
      }
      if (Status s = write(b); !s) {
        std::lock_guard l(mu_);
        status_ = s;
        failed_ = true;
        q_.clear();
        cv_.notify_all();
        return;
      }
      if (b.written) b.written->fetch_add(b.changes.size());
    }
  }

  projections::ReadModelStore& out_;
  std::size_t capacity_;
  std::atomic<bool>& failed_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Batch> q_;
  bool done_ = false;
  Status status_;
  std::map<std::string, std::unique_ptr<projections::ReadModelStore::BulkLoad>> loads_;  // by projection; writer thread only until stop()
  std::thread thread_;
};

}  // namespace

void release_free_memory() {
  // jemalloc's mallctl, when jemalloc is this process's allocator (it is
  // linked into every program: docs/decisions.md, "The allocator").
  using Mallctl = int (*)(const char*, void*, std::size_t*, void*, std::size_t);
  static const auto mallctl = reinterpret_cast<Mallctl>(::dlsym(RTLD_DEFAULT, "mallctl"));
  if (mallctl != nullptr) {
    (void)mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0);  // 4096: MALLCTL_ARENAS_ALL
    return;
  }
#if defined(__GLIBC__)
  // glibc's malloc_trim only when glibc's malloc is the one in use: under
  // another allocator (the sanitizers') glibc's malloc was never set up, and
  // two first calls of malloc_trim at once race in setting it up.
  static const bool glibc_malloc = [] {
    Dl_info info{};
    void* malloc_in_use = ::dlsym(RTLD_DEFAULT, "malloc");
    return malloc_in_use != nullptr && ::dladdr(malloc_in_use, &info) != 0 && info.dli_fname != nullptr &&
           std::string_view(info.dli_fname).find("libc.so") != std::string_view::npos;
  }();
  if (glibc_malloc) (void)malloc_trim(0);
#endif
}

namespace {

bool within_time(const RecordedEvent& e, const FoldBounds& b) {
  if (b.recorded_until && e.recorded_at > *b.recorded_until) return false;
  if (b.valid_until && e.data.valid_at.value_or(e.recorded_at) > *b.valid_until) return false;
  return true;
}

// One projection and the thread folding it.
struct Target {
  projections::Projection* projection;
  std::string name;
  GlobalPosition stop;
  GlobalPosition reached;
  std::unique_ptr<SliceQueue> queue;
  std::atomic<std::uint64_t> folded{0};  // events of the log this target is past
  std::atomic<bool> done{false};         // folded and drained (or failed)
  // The last drain, for the progress display: set once it has begun, with
  // how many records it drains and how many of those are written so far.
  std::atomic<bool> last_drain{false};
  std::atomic<std::uint64_t> last_drain_records{0}, last_drain_written{0};
  Status failure;
};

// Folds pages into one projection until the end page; drains its records
// to the writer every `commit_every` events and at the end.
// `running` counts the targets not yet done; a target that finishes before
// the last clears its projection (see fold.h).
void fold_target(Target& t, BatchWriter& out, const FoldBounds& b, std::atomic<bool>& failed,
                 std::atomic<std::size_t>& running) {
  std::uint64_t since_drain = 0;
  GlobalPosition drained = t.reached;
  // Drains in batches of at most `commit_batch` records.
  auto drain = [&](std::atomic<std::uint64_t>* written) {
    for (bool done = false; !done;) {
      std::vector<projections::RecordChange> changes;
      {
        std::unique_lock lock(t.projection->lock());
        done = t.projection->drain_some(changes, b.commit_batch);
      }
      out.push({t.name, std::move(changes), written});
    }
    since_drain = 0;
    drained = t.reached;
  };
  for (;;) {
    const Slice slice = t.queue->pop();
    if (!slice.page || failed.load()) break;
    const Page* page = slice.page.get();
    {
      std::unique_lock lock(t.projection->lock());
      for (std::size_t i = slice.begin; i < slice.end; ++i) {
        const RecordedEvent& e = page->events[i];
        if (e.position > t.stop) break;
        if (page->within[i]) {
          if (Status s = t.projection->apply(e); !s) {
            t.failure = Status(s.code(), "projection " + t.name + " failed at position " + std::to_string(e.position.value()) +
                                             " (" + e.data.type + "): " + s.message());
            break;
          }
        }
        t.reached = e.position;
        ++since_drain;
      }
    }
    if (t.failure.is_ok() && b.commit_every != 0 && since_drain >= b.commit_every) drain(nullptr);
    if (!t.failure.is_ok()) {
      failed = true;
      break;
    }
    t.folded += slice.end - slice.begin;
  }
  const bool last_drain = t.failure.is_ok() && !failed.load() && t.reached != drained;
  if (last_drain) {
    std::unique_lock lock(t.projection->lock());
    t.last_drain_records = t.projection->pending_changes();
  }
  t.last_drain = true;
  if (last_drain) drain(&t.last_drain_written);
  if (!t.failure.is_ok()) failed = true;
  if (running.fetch_sub(1) > 1) {
    {
      std::unique_lock lock(t.projection->lock());
      t.projection->clear();
    }
    release_free_memory();
  }
  t.queue->close();
  t.done = true;
}

}  // namespace

Result<FoldReport> fold_log(const EventStore& log, projections::ReadModelStore& out,
                            const std::vector<projections::Projection*>& projections, const FoldBounds& bounds,
                            Progress* progress) {
  const GlobalPosition until = std::min(bounds.until, log.head());
  PagePool pages;  // first: it outlives the queues holding its pages
  std::vector<std::unique_ptr<Target>> targets;
  for (auto* p : projections) {
    auto t = std::make_unique<Target>();
    t->projection = p;
    t->name = std::string(p->name());
    t->stop = until;
    t->reached = bounds.after;
    if (auto it = bounds.stop_at.find(t->name); it != bounds.stop_at.end()) t->stop = std::min(until, it->second);
    t->queue = std::make_unique<SliceQueue>(bounds.queue_slices);
    std::unique_lock lock(p->lock());
    p->clear();
    p->set_drain_threads(bounds.drain_threads);
    p->set_folding_only(true);
    targets.push_back(std::move(t));
  }

  std::atomic<bool> failed{false};
  BatchWriter writer(out, 2, failed);
  std::vector<std::thread> threads;
  std::atomic<std::size_t> running{targets.size()};
  for (auto& t : targets)
    threads.emplace_back([&, tp = t.get()] { fold_target(*tp, writer, bounds, failed, running); });

  FoldReport report;
  report.reached = bounds.after;
  Status failure;
  auto folded = [&] {
    std::uint64_t least = report.events_read;
    for (const auto& t : targets) least = std::min(least, t->folded.load());
    return least;
  };
  GlobalPosition at = bounds.after;
  while (at < until && !failed.load()) {
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(bounds.page, until.value() - at.value()));
    std::unique_ptr<Page> page = pages.take();
    if (Status s = log.read_all_into(at, want, &page->events); !s) {
      failure = s;
      break;
    }
    if (page->events.empty()) break;
    page->within.clear();
    page->within.reserve(page->events.size());
    for (const RecordedEvent& e : page->events) {
      const bool in = within_time(e, bounds);
      page->within.push_back(in);
      if (in) ++report.events_folded;
    }
    at = page->events.back().position;
    report.events_read += page->events.size();
    report.reached = at;
    const std::size_t n = page->events.size();
    const PagePtr shared = pages.share(std::move(page));
    const std::size_t step = std::max<std::size_t>(1, bounds.slice);
    for (std::size_t begin = 0; begin < n; begin += step) {
      const Slice slice{shared, begin, std::min(n, begin + step)};
      for (auto& t : targets) (void)t->queue->push(slice);
    }
    if (progress) progress->update(folded());
  }
  for (auto& t : targets) (void)t->queue->push(Slice{});
  // The folds run behind the reading by up to queue_slices slices, then drain:
  // keep the bar moving with them.
  auto all_done = [&] {
    return std::all_of(targets.begin(), targets.end(), [](const auto& t) { return t->done.load(); });
  };
  // Once every projection is in its last drain, the bar counts the records
  // written instead, against what the projections said they would drain (at
  // most that: a view removed and made again is not written); once all is
  // written, against what was.
  auto show_last_drain = [&](bool all_written) {
    std::uint64_t records = 0, written = 0;
    for (const auto& t : targets) {
      if (!t->last_drain.load()) return;
      records += t->last_drain_records.load();
      written += t->last_drain_written.load();
    }
    if (all_written) records = written;
    if (!progress->in_stage()) {
      if (records == 0) return;
      progress->stage("writing read models", records);
    }
    progress->stage_update(written, records);
  };
  while (progress && !all_done()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    progress->update(folded());
    show_last_drain(false);
  }
  for (std::thread& th : threads) th.join();
  if (Status s = writer.stop(); !s && failure.is_ok()) failure = s;
  if (progress && failure.is_ok()) show_last_drain(true);
  if (failure.is_ok())
    for (const auto& t : targets)
      if (!t->failure.is_ok()) {
        failure = t->failure;
        break;
      }
  if (!failure.is_ok()) return failure;  // the loads' files are removed, nothing was added
  if (report.reached < until)
    return Status(Code::kCorruption, "the log ended at position " + std::to_string(report.reached.value()) +
                                         " before its head " + std::to_string(until.value()));
  if (Status s = writer.finish(); !s) return s;
  report.table_files = writer.runs();
  // Every checkpoint ends at the bound it was folded to, even where no event
  // moved it, so the copy is complete.
  std::vector<projections::ProjectionCommit> commits;
  for (const auto& t : targets) commits.push_back({t->name, {}, t->stop, t->projection->schema_version()});
  if (Status s = out.commit(commits); !s) return s;
  if (Status s = out.flush(); !s) return s;
  if (progress) progress->finish(report.events_read);
  return report;
}

}  // namespace rect::replay
