// Strong types for the numbers of the event-store protocol.
//
// GlobalPosition is an event's place in the one total order of the log,
// starting at 1 (0 means "before the first event"). StreamVersion is an
// event's place within its stream, starting at 1 (0 means "the stream is
// empty"). EventId is a 128-bit UUID. Timestamp is microseconds since the Unix
// epoch, UTC. None of them converts implicitly to or from an integer, so a
// position can never be passed where a version is expected.
//
// Thread-safety: plain values.
//
// Usage:
//   GlobalPosition p{42};
//   StreamVersion v = StreamVersion::none().next();   // == StreamVersion{1}
//   EventId id = EventId::parse("0b5c...").value();
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rect {

class GlobalPosition {
 public:
  constexpr GlobalPosition() = default;
  constexpr explicit GlobalPosition(std::uint64_t v) : v_(v) {}
  static constexpr GlobalPosition start() { return GlobalPosition(0); }
  constexpr std::uint64_t value() const { return v_; }
  constexpr GlobalPosition next() const { return GlobalPosition(v_ + 1); }
  constexpr auto operator<=>(const GlobalPosition&) const = default;

 private:
  std::uint64_t v_ = 0;
};

class StreamVersion {
 public:
  constexpr StreamVersion() = default;
  constexpr explicit StreamVersion(std::uint64_t v) : v_(v) {}
  static constexpr StreamVersion none() { return StreamVersion(0); }
  constexpr std::uint64_t value() const { return v_; }
  constexpr StreamVersion next() const { return StreamVersion(v_ + 1); }
  constexpr auto operator<=>(const StreamVersion&) const = default;

 private:
  std::uint64_t v_ = 0;
};

// Microseconds since 1970-01-01T00:00:00Z.
class Timestamp {
 public:
  constexpr Timestamp() = default;
  constexpr explicit Timestamp(std::int64_t micros) : us_(micros) {}
  constexpr std::int64_t micros() const { return us_; }
  constexpr auto operator<=>(const Timestamp&) const = default;
  // RFC 3339 in UTC with microseconds, e.g. "2025-03-31T12:00:00.000000Z".
  std::string to_iso8601() const;
  // The same text written into `out` without allocating; returns its length
  // (27 bytes for the years 0000 to 9999).
  static constexpr std::size_t kIso8601Capacity = 40;
  std::size_t to_iso8601(char (&out)[kIso8601Capacity]) const;
  // Accepts "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS[.ffffff](Z|±HH:MM)".
  static std::optional<Timestamp> parse_iso8601(std::string_view s);

 private:
  std::int64_t us_ = 0;
};

class EventId {
 public:
  using Bytes = std::array<std::uint8_t, 16>;
  constexpr EventId() = default;
  constexpr explicit EventId(const Bytes& b) : b_(b) {}
  const Bytes& bytes() const { return b_; }
  bool is_nil() const;
  // Lower-case 8-4-4-4-12 hex form.
  std::string to_string() const;
  // Accepts the 8-4-4-4-12 form in either case; nullopt otherwise.
  static std::optional<EventId> parse(std::string_view s);
  auto operator<=>(const EventId&) const = default;

 private:
  Bytes b_{};
};

// Who issued the command that produced an event.
enum class ActorKind : std::uint8_t {
  kSystem = 0,
  kSchoolUser = 1,
  kAppropriateBody = 2,
  kLeadProvider = 3,
  kFinanceUser = 4,
  kAdmin = 5,
};
std::string_view actor_kind_name(ActorKind k);
std::optional<ActorKind> parse_actor_kind(std::string_view s);

struct Actor {
  ActorKind kind = ActorKind::kSystem;
  std::string id;  // e.g. a lead provider id or a user id; empty for system
  bool operator==(const Actor&) const = default;
};

}  // namespace rect
