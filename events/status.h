// Status and Result<T>: how rect reports expected failures.
//
// A Status is a code plus a human-readable message. Expected failures
// (a stale expected version, a missing stream, a full disk, bad input) are
// returned as values, never thrown. Exceptions are reserved for the HTTP edge
// and for programmer errors. Both types are [[nodiscard]]: ignoring a result
// is a compile error under -Werror.
//
// Thread-safety: plain values; safe to copy between threads.
//
// Usage:
//   rect::Result<GlobalPosition> r = store.append(...);
//   if (!r) {
//     if (r.status().code() == rect::Code::kWrongExpectedVersion) retry();
//     else return r.status();
//   }
//   use(*r);
#pragma once

#include <cassert>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace rect {

enum class Code : std::uint8_t {
  kOk = 0,
  kWrongExpectedVersion,  // optimistic concurrency check failed
  kNotFound,              // no such stream / record / resource
  kCorruption,            // stored bytes fail a checksum or format check
  kIOError,               // the filesystem or network failed
  kNoSpace,               // the disk is full
  kInvalidArgument,       // the caller passed something malformed
  kValidation,            // a domain rule rejected a command
  kTimedOut,              // a bounded wait ran out
  kFenced,                // another writer has taken over (Kafka mode)
  kUnavailable,           // the store is closed or not ready
};

// The stable lower-case name of a code, e.g. "wrong_expected_version".
std::string_view code_name(Code c);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok() { return Status(); }
  // A kWrongExpectedVersion status that carries the stream's actual version.
  static Status wrong_expected_version(std::string message, std::uint64_t actual_version) {
    Status s(Code::kWrongExpectedVersion, std::move(message));
    s.actual_version_ = actual_version;
    return s;
  }

  bool is_ok() const { return code_ == Code::kOk; }
  explicit operator bool() const { return is_ok(); }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // For kWrongExpectedVersion: the version the stream actually had.
  std::optional<std::uint64_t> actual_version() const { return actual_version_; }
  // "<code name>: <message>", or "ok".
  std::string to_string() const;

 private:
  Code code_ = Code::kOk;
  std::string message_;
  std::optional<std::uint64_t> actual_version_;
};

// Either a value of type T or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(v_).is_ok() && "Result built from an OK status");
  }

  bool is_ok() const { return v_.index() == 0; }
  explicit operator bool() const { return is_ok(); }

  const Status& status() const {
    static const Status kOk;
    return is_ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { assert(is_ok()); return std::get<0>(v_); }
  const T& value() const& { assert(is_ok()); return std::get<0>(v_); }
  T&& value() && { assert(is_ok()); return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace rect
