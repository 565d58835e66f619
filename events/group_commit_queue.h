// Private to events/: the queue in front of a backend's one writer thread.
// Appending threads push requests; the writer thread takes every request
// waiting at that moment as one group and hands it to `commit`, which must
// answer each request. Both durable backends (RocksDB, Kafka) group-commit
// this way.
//
// Thread-safety: push() may be called from any thread; start() and stop()
// from the owner only.
//
// Usage:
//   GroupCommitQueue<PendingAppend> queue;
//   queue.start([this](std::vector<PendingAppend*>& group) { commit(group); });
//   if (Status s = queue.push({&req}); !s) return s;   // then wait for req's answer
//   queue.stop();   // commits what is queued, then joins
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "events/status.h"

namespace rect {

template <typename Request>
class GroupCommitQueue {
 public:
  using Commit = std::function<void(std::vector<Request*>&)>;

  ~GroupCommitQueue() { stop(); }

  void start(Commit commit) {
    commit_ = std::move(commit);
    thread_ = std::thread([this] { run(); });
  }

  // Queues `requests` for the next group; kUnavailable once stopping.
  Status push(const std::vector<Request*>& requests) {
    bool wake = false;
    {
      std::lock_guard<std::mutex> l(mu_);
      if (stopping_) return Status(Code::kUnavailable, "event store is closing");
      queue_.insert(queue_.end(), requests.begin(), requests.end());
      wake = sleeping_;
    }
    if (wake) cv_.notify_one();  // only when the writer waits: saves a system call per append
    return Status::ok();
  }

  // Commits whatever is queued, then stops the writer thread. Idempotent.
  void stop() {
    {
      std::lock_guard<std::mutex> l(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void run() {
    std::vector<Request*> group;
    for (;;) {
      {
        std::unique_lock<std::mutex> l(mu_);
        while (!stopping_ && queue_.empty()) {
          sleeping_ = true;
          cv_.wait(l);
          sleeping_ = false;
        }
        if (queue_.empty() && stopping_) return;
        group.clear();
        group.swap(queue_);
      }
      commit_(group);
    }
  }

  Commit commit_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Request*> queue_;
  bool sleeping_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace rect
