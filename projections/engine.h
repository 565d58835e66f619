// ProjectionEngine: keeps a set of projections up to date with the log.
//
// One thread reads the log in order (one subscription, fanned out to every
// projection) and, after each batch of events, persists every projection's
// changed records and its new checkpoint in one WriteBatch. On start each
// projection is restored from the read-model store; a projection whose
// schema version changed is rebuilt from position 0. wait_for() gives the
// HTTP layer read-your-writes: a write endpoint waits (bounded) until the
// projections reach the position of the events it appended.
//
// Thread-safety: all public methods are safe to call concurrently.
//
// Usage:
//   ProjectionEngine engine(log, *read_models, {&participants, &payments});
//   if (Status s = engine.start(); !s) fail(s);
//   ...append...
//   if (!engine.wait_for(position, std::chrono::seconds(5))) return timeout();
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "events/event_store.h"
#include "projections/projection.h"
#include "projections/read_model_store.h"

namespace rect::projections {

struct ProjectionStatus {
  std::string name;
  GlobalPosition checkpoint;
  GlobalPosition head;
  std::uint64_t lag = 0;
  std::string last_error;  // empty when healthy
  std::uint64_t events_applied = 0;
};

struct EngineOptions {
  std::size_t batch_size = 4096;  // events folded per WriteBatch at most
  std::chrono::milliseconds idle_wait{200};
};

class ProjectionEngine {
 public:
  ProjectionEngine(const EventStore& log, ReadModelStore& store, std::vector<Projection*> projections,
                   EngineOptions options = {});
  ~ProjectionEngine();

  // Restores every projection, then starts following the log.
  Status start();
  // Restores and folds up to the current head on the calling thread, without
  // starting the follower thread (rebuilds and tools).
  Status run_to_head();
  void stop();

  // The position every healthy projection has reached.
  GlobalPosition position() const { return GlobalPosition(position_.load()); }
  // Waits until position() >= p; false on timeout.
  bool wait_for(GlobalPosition p, std::chrono::milliseconds timeout) const;
  std::vector<ProjectionStatus> status() const;

 private:
  struct Entry;
  Status restore();
  Result<bool> step();  // folds one batch; false when nothing was available
  void run();

  const EventStore& log_;
  ReadModelStore& store_;
  EngineOptions options_;
  std::vector<std::unique_ptr<Entry>> entries_;
  std::unique_ptr<Subscription> subscription_;
  std::atomic<std::uint64_t> position_{0};
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace rect::projections
