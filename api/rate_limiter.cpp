#include "api/rate_limiter.h"

namespace rect::api {

std::optional<std::chrono::seconds> RateLimiter::allow(const std::string& key, Timestamp now) {
  std::lock_guard<std::mutex> l(mu_);
  Ring& r = rings_[key];
  if (r.times.size() < limit_) {
    r.times.push_back(now.micros());
    return std::nullopt;
  }
  const std::int64_t oldest = r.times[r.next];  // the Nth most recent admitted request
  if (now.micros() - oldest >= window_.count()) {
    r.times[r.next] = now.micros();
    r.next = (r.next + 1) % limit_;
    return std::nullopt;
  }
  const auto wait_us = window_.count() - (now.micros() - oldest);
  return std::chrono::seconds((wait_us + 999'999) / 1'000'000);
}

}  // namespace rect::api
