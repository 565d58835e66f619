// RateLimiter: at most N requests per rolling window per key (the lead
// provider API allows 1,000 per 5 minutes per Authorization header value).
//
// Exact rolling window: for each key it remembers the times of its last N
// admitted requests; a request is admitted when fewer than N fall inside the
// window ending now. Time comes from the caller (the injected clock).
//
// Thread-safety: allow() is safe to call concurrently.
//
// Usage:
//   RateLimiter limiter(1000, std::chrono::minutes(5));
//   if (auto retry = limiter.allow(header, clock.now())) return too_many(*retry);
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "events/types.h"

namespace rect::api {

class RateLimiter {
 public:
  RateLimiter(std::size_t limit, std::chrono::microseconds window) : limit_(limit), window_(window) {}

  // nullopt when admitted (and counted); otherwise how long until a request
  // would be admitted.
  std::optional<std::chrono::seconds> allow(const std::string& key, Timestamp now);

 private:
  struct Ring {
    std::vector<std::int64_t> times;  // admitted request times, a ring of `limit_` slots
    std::size_t next = 0;
  };
  std::size_t limit_;
  std::chrono::microseconds window_;
  std::mutex mu_;
  std::unordered_map<std::string, Ring> rings_;
};

}  // namespace rect::api
