#include "projections/engine.h"

#include <algorithm>
#include <iostream>

namespace rect::projections {

struct ProjectionEngine::Entry {
  Projection* projection;
  std::atomic<std::uint64_t> checkpoint{0};
  std::atomic<std::uint64_t> applied{0};
  mutable std::mutex error_mu;
  std::string error;
  bool failed = false;  // engine thread only

  void set_error(std::string e) {
    std::lock_guard<std::mutex> l(error_mu);
    error = std::move(e);
  }
  std::string get_error() const {
    std::lock_guard<std::mutex> l(error_mu);
    return error;
  }
};

ProjectionEngine::ProjectionEngine(const EventStore& log, ReadModelStore& store, std::vector<Projection*> projections,
                                   EngineOptions options)
    : log_(log), store_(store), options_(options) {
  for (Projection* p : projections) {
    auto e = std::make_unique<Entry>();
    e->projection = p;
    entries_.push_back(std::move(e));
  }
}

ProjectionEngine::~ProjectionEngine() { stop(); }

Status ProjectionEngine::restore() {
  std::uint64_t from = UINT64_MAX;
  for (auto& e : entries_) {
    Projection& p = *e->projection;
    std::unique_lock lock(p.lock());
    p.clear();
    auto cp = store_.checkpoint(std::string(p.name()));
    if (!cp) return cp.status();
    if (cp->schema_version != p.schema_version()) {
      if (cp->schema_version != 0)
        std::cerr << "rect: projection " << p.name() << " changed schema (" << cp->schema_version << " -> "
                  << p.schema_version() << "); rebuilding it from the log\n";
      if (Status s = store_.reset(std::string(p.name())); !s) return s;
      e->checkpoint = 0;
    } else {
      Status s = store_.scan(std::string(p.name()), [&](std::string_view k, std::string_view v) { return p.load(k, v); });
      if (!s) return Status(s.code(), "restoring projection " + std::string(p.name()) + ": " + s.message());
      std::vector<RecordChange> ignored;
      p.drain_changes(ignored);
      e->checkpoint = cp->position.value();
    }
    if (e->checkpoint > log_.head().value())
      return Status(Code::kCorruption, "projection " + std::string(p.name()) + " is at position " +
                                           std::to_string(e->checkpoint.load()) + " but the log ends at " +
                                           std::to_string(log_.head().value()) +
                                           ": the read models belong to another log. Rebuild them (rect-replay rebuild)");
    from = std::min<std::uint64_t>(from, e->checkpoint);
  }
  if (from == UINT64_MAX) from = log_.head().value();
  subscription_ = log_.subscribe(GlobalPosition(from));
  position_ = from;
  return Status::ok();
}

Result<bool> ProjectionEngine::step() {
  auto batch = subscription_->next(options_.batch_size, options_.idle_wait);
  if (!batch) return batch.status();
  if (batch->empty()) return false;
  std::vector<ProjectionCommit> commits;
  std::vector<Entry*> committed;
  for (auto& e : entries_) {
    if (e->failed) continue;
    Projection& p = *e->projection;
    std::uint64_t reached = e->checkpoint;
    ProjectionCommit c{std::string(p.name()), {}, GlobalPosition(), p.schema_version()};
    {
      std::unique_lock lock(p.lock());
      for (const RecordedEvent& ev : *batch) {
        if (ev.position.value() <= reached) continue;
        if (Status s = p.apply(ev); !s) {
          e->failed = true;
          e->set_error("position " + std::to_string(ev.position.value()) + " (" + ev.data.type + "): " + s.to_string());
          std::cerr << "rect: projection " << p.name() << " stopped at " << e->get_error() << "\n";
          break;
        }
        reached = ev.position.value();
        e->applied.fetch_add(1, std::memory_order_relaxed);
      }
      p.drain_changes(c.changes);
    }
    c.position = GlobalPosition(reached);
    commits.push_back(std::move(c));
    committed.push_back(e.get());
  }
  if (Status s = store_.commit(commits); !s) return s;
  for (std::size_t i = 0; i < commits.size(); ++i) committed[i]->checkpoint = commits[i].position.value();
  std::uint64_t lowest = batch->back().position.value();
  for (const auto& e : entries_)
    if (!e->failed) lowest = std::min<std::uint64_t>(lowest, e->checkpoint);
  {
    std::lock_guard<std::mutex> l(mu_);
    position_ = lowest;
  }
  cv_.notify_all();
  return true;
}

Status ProjectionEngine::run_to_head() {
  if (Status s = restore(); !s) return s;
  const GlobalPosition target = log_.head();
  while (position() < target) {
    auto r = step();
    if (!r) return r.status();
    if (!*r) break;
    bool all_failed = !entries_.empty() && std::all_of(entries_.begin(), entries_.end(), [](auto& e) { return e->failed; });
    if (all_failed) break;
  }
  for (auto& e : entries_)
    if (e->failed) return Status(Code::kCorruption, "projection " + std::string(e->projection->name()) + " failed at " + e->get_error());
  return Status::ok();
}

Status ProjectionEngine::start() {
  if (Status s = restore(); !s) return s;
  thread_ = std::thread([this] { run(); });
  return Status::ok();
}

void ProjectionEngine::run() {
  while (!stopping_.load()) {
    auto r = step();
    if (!r) {
      std::cerr << "rect: projection engine: " << r.status().to_string() << "; retrying\n";
      for (auto& e : entries_) e->set_error(r.status().to_string());
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  }
}

void ProjectionEngine::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

bool ProjectionEngine::wait_for(GlobalPosition p, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> l(mu_);
  return cv_.wait_for(l, timeout, [&] { return position_.load() >= p.value(); });
}

std::vector<ProjectionStatus> ProjectionEngine::status() const {
  std::vector<ProjectionStatus> out;
  const GlobalPosition head = log_.head();
  for (const auto& e : entries_) {
    ProjectionStatus s;
    s.name = std::string(e->projection->name());
    s.checkpoint = GlobalPosition(e->checkpoint.load());
    s.head = head;
    s.lag = head.value() > s.checkpoint.value() ? head.value() - s.checkpoint.value() : 0;
    s.last_error = e->get_error();
    s.events_applied = e->applied.load();
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace rect::projections
