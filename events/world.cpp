#include "events/world.h"

#include <chrono>

namespace rect {

Timestamp SystemClock::now() const {
  using namespace std::chrono;
  return Timestamp(duration_cast<microseconds>(system_clock::now().time_since_epoch()).count());
}

SystemClock* SystemClock::instance() {
  static SystemClock clock;
  return &clock;
}

EventId Random::next_uuid() {
  EventId::Bytes b{};
  const std::uint64_t hi = next_u64();
  const std::uint64_t lo = next_u64();
  for (int i = 0; i < 8; ++i) {
    b[i] = static_cast<std::uint8_t>(hi >> (56 - 8 * i));
    b[8 + i] = static_cast<std::uint8_t>(lo >> (56 - 8 * i));
  }
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
  return EventId(b);
}

EventId Random::next_uuid_v7(Timestamp now) {
  EventId::Bytes b = next_uuid().bytes();
  const auto ms = static_cast<std::uint64_t>(now.micros() / 1000);
  for (int i = 0; i < 6; ++i) b[i] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0F) | 0x70);  // version 7
  return EventId(b);
}

SystemRandom::SystemRandom() {
  std::random_device rd;
  std::seed_seq seq{rd(), rd(), rd(), rd(), rd(), rd(), rd(), rd()};
  gen_.seed(seq);
}

std::uint64_t SystemRandom::next_u64() {
  std::lock_guard<std::mutex> l(mu_);
  return gen_();
}

SystemRandom* SystemRandom::instance() {
  static SystemRandom r;
  return &r;
}

}  // namespace rect
