// run_within: runs a piece of work on a thread of its own and waits a bounded
// time for it, for teardown calls into libraries that can block forever
// (Kafka mode's clients, events/kafka_log.cpp).
//
// Thread-safety: any thread may call it; `work` runs on a new, detached thread.
//
// Usage:
//   if (!rect::run_within([h] { destroy(h); }, std::chrono::seconds(20))) ++abandoned;
#pragma once

#include <chrono>
#include <functional>

namespace rect {

// Runs `work` on a thread of its own and waits at most `limit` for it to
// finish. True when it did; otherwise the thread is left to finish on its own
// (detached), so `work` must own everything it touches.
[[nodiscard]] bool run_within(std::function<void()> work, std::chrono::milliseconds limit);

}  // namespace rect
