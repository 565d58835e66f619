// Private to domain/: reads a command body field by field, recording a field
// error for every missing, malformed, unknown or out-of-range value.
//
// Each accessor takes the field name (which is also the error title) and
// returns the value or nullopt; the error, if any, is added to the Decision.
// finish() reports every body field that no accessor asked for, so unknown
// fields are rejected rather than ignored.
//
// Thread-safety: one Input per command execution.
//
// Usage:
//   Input in(body, d);
//   auto urn = in.text("school_urn");
//   auto start = in.date("started_on");
//   auto pattern = in.one_of("working_pattern", {"full_time", "part_time"});
//   in.finish();
//   if (d.failed()) return d;
#pragma once

#include <initializer_list>
#include <optional>
#include <set>
#include <string>

#include "domain/decision.h"

namespace rect::domain {

inline constexpr const char* kMissing = "is required";
inline constexpr const char* kNotText = "must be a string";
inline constexpr const char* kNotDate = "must be a date in the form YYYY-MM-DD";
inline constexpr const char* kNotBool = "must be true or false";
inline constexpr const char* kNotInteger = "must be a whole number";
inline constexpr const char* kNotRecognised = "is not one of the recognised values";
inline constexpr const char* kUnknownField = "is not a recognised field for this command";
inline constexpr const char* kTooLong = "is too long";

class Input {
 public:
  Input(const Json& body, Decision& d) : body_(body), d_(d) {}

  // Present, a non-empty string (at most max_len bytes).
  std::optional<std::string> text(const char* field, std::size_t max_len = 256);
  std::optional<std::string> optional_text(const char* field, std::size_t max_len = 256);
  std::optional<Date> date(const char* field);
  std::optional<Date> optional_date(const char* field);
  std::optional<std::string> one_of(const char* field, std::initializer_list<const char*> values);
  std::optional<std::string> optional_one_of(const char* field, std::initializer_list<const char*> values);
  std::optional<bool> boolean(const char* field);
  std::optional<bool> optional_boolean(const char* field);
  // An integer in [lo, hi]; a string of digits is accepted too.
  std::optional<long> integer(const char* field, long lo, long hi);
  std::optional<long> optional_integer(const char* field, long lo, long hi);
  // A decimal amount as text, e.g. "1234.50" (at most `places` decimals).
  std::optional<std::string> decimal(const char* field, int places);
  std::optional<std::string> optional_decimal(const char* field, int places);
  // The raw JSON value (marks the field as known); null when absent.
  const Json* raw(const char* field);
  bool has(const char* field) const { return body_.contains(field); }

  // Adds an error for each body field no accessor read.
  void finish();

 private:
  const Json* get(const char* field);
  const Json& body_;
  Decision& d_;
  std::set<std::string> seen_;
};

// True when `s` is "-"? digits ("." 1..places digits)?
bool is_decimal_text(const std::string& s, int places);
// Notify-style email check: something@domain.tld, no spaces, ≤ 254 bytes.
bool is_email(const std::string& s);

}  // namespace rect::domain
