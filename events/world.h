// The world, injected: a Clock and a source of randomness.
//
// Nothing in rect reads the wall clock or a global random generator
// directly. Production code receives SystemClock / SystemRandom; tests,
// replays and fault injection receive ManualClock / SeededRandom and are
// therefore deterministic.
//
// Thread-safety: every implementation here is safe for concurrent use.
//
// Usage:
//   ManualClock clock(Timestamp::parse_iso8601("2025-03-31").value());
//   SeededRandom rng(7);
//   RocksDbEventStore::open(dir, {.clock = &clock, .random = &rng});
//   clock.advance(std::chrono::hours(24));
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <random>

#include "events/types.h"

namespace rect {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() const = 0;
};

// Reads the system real-time clock. The only place in rect that does.
class SystemClock final : public Clock {
 public:
  Timestamp now() const override;
  static SystemClock* instance();
};

// A clock that only moves when told to.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp t) : us_(t.micros()) {}
  Timestamp now() const override { return Timestamp(us_.load()); }
  void set(Timestamp t) { us_.store(t.micros()); }
  void advance(std::chrono::microseconds d) { us_.fetch_add(d.count()); }

 private:
  std::atomic<std::int64_t> us_;
};

class Random {
 public:
  virtual ~Random() = default;
  virtual std::uint64_t next_u64() = 0;
  // A random (version 4) UUID drawn from this source.
  EventId next_uuid();
  // A time-ordered (version 7) UUID: 48 bits of milliseconds since the epoch
  // from `now`, then random bits. Ids made this way sort by creation time,
  // which keeps the store's id index append-mostly.
  EventId next_uuid_v7(Timestamp now);
};

// Seeded from the operating system's entropy once, at construction.
class SystemRandom final : public Random {
 public:
  SystemRandom();
  std::uint64_t next_u64() override;
  static SystemRandom* instance();

 private:
  std::mutex mu_;
  std::mt19937_64 gen_;
};

// Deterministic for a seed.
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(std::uint64_t seed) : gen_(seed) {}
  std::uint64_t next_u64() override {
    std::lock_guard<std::mutex> l(mu_);
    return gen_();
  }

 private:
  std::mutex mu_;
  std::mt19937_64 gen_;
};

}  // namespace rect
