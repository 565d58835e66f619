// Decimal: an exact rational number for money, ratios and rates.
//
// A Decimal is numerator/denominator, both 128-bit signed integers, kept in
// lowest terms with a positive denominator. Every sum, difference, product
// and quotient is exact, so a service fee divided by 29 months stays exact
// until it is displayed (1/29 * 29 == 1). Rounding happens only in the
// to_*_string functions. `Money` is the same type, named for amounts in
// pounds.
//
// Overflow and division by zero are never silent: the result becomes an
// *invalid* Decimal, and every later operation on it stays invalid (like a
// NaN that cannot be ignored). Invalid values compare unordered with
// everything, print as "invalid", and `checked()` turns them into a
// kInvalidArgument Status. Code that computes figures calls `checked()` on
// its results before handing them out.
//
// Never build a Decimal from binary floating point; parse a decimal string or use
// integers (`Decimal(5)`, `Decimal::fraction(3, 20)`).
//
// Thread-safety: a plain value with no shared state; safe to copy between threads.
//
// Usage:
//   rect::Result<rect::Decimal> fee = rect::Decimal::parse("1086.5");
//   if (!fee) return fee.status();
//   rect::Decimal monthly = (*fee * 3 - rect::Decimal(500)) / 29;
//   rect::Result<rect::Decimal> ok = monthly.checked();   // overflow check
//   std::string shown = monthly.to_pennies_string();       // "95.16"
//   std::string exact = monthly.to_string_exact();         // "5519/58"
#pragma once

#include <compare>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

#include "events/status.h"

namespace rect {

__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

class Decimal {
 public:
  // Zero.
  constexpr Decimal() = default;
  // An integer value.
  constexpr explicit Decimal(std::int64_t units) : num_(units), den_(1) {}

  // Parses an optionally signed decimal string: "12", "-0.01", "+1234.50".
  // At least one digit before the point, and at least one after it when the
  // point is present; no exponent, spaces or thousands separators. Values
  // that need more than 38 digits fail with "out of range".
  [[nodiscard]] static Result<Decimal> parse(std::string_view text);
  // Parses what to_string_exact() prints: a decimal as `parse` accepts, or
  // "numerator/denominator" with a non-zero denominator. For stored figures
  // (e.g. an authorised statement's event) that must round-trip exactly.
  [[nodiscard]] static Result<Decimal> parse_exact(std::string_view text);

  // numerator/denominator, reduced. A zero denominator, or a value that
  // cannot be represented, gives an invalid Decimal.
  [[nodiscard]] static Decimal fraction(Int128 numerator, Int128 denominator);

  // The invalid value (what overflow produces).
  [[nodiscard]] static Decimal invalid();

  bool is_valid() const { return den_ != 0; }
  // The value itself, or kInvalidArgument if an earlier step overflowed.
  [[nodiscard]] Result<Decimal> checked() const;

  Int128 numerator() const { return num_; }
  Int128 denominator() const { return den_; }
  bool is_zero() const { return is_valid() && num_ == 0; }
  bool is_negative() const { return is_valid() && num_ < 0; }
  bool is_integer() const { return den_ == 1; }

  // The exact value: a plain decimal when it terminates ("1500", "-0.015"),
  // otherwise the reduced fraction "numerator/denominator" ("31500/29").
  std::string to_string_exact() const;
  // Rounded half away from zero to `places` fractional digits (0..36), e.g.
  // to_decimal_string(3) of 1/8 is "0.125", of -1/16 is "-0.063". A value
  // that rounds to zero prints without a sign.
  std::string to_decimal_string(int places) const;
  // Pounds and pence for display: to_decimal_string(2).
  std::string to_pennies_string() const { return to_decimal_string(2); }

  // The value rounded half away from zero to `places` digits, as a Decimal.
  [[nodiscard]] Decimal rounded(int places) const;

  friend Decimal operator+(const Decimal& a, const Decimal& b);
  friend Decimal operator-(const Decimal& a, const Decimal& b);
  friend Decimal operator*(const Decimal& a, const Decimal& b);
  friend Decimal operator/(const Decimal& a, const Decimal& b);
  friend Decimal operator*(const Decimal& a, std::int64_t b) { return a * Decimal(b); }
  friend Decimal operator*(std::int64_t a, const Decimal& b) { return Decimal(a) * b; }
  friend Decimal operator/(const Decimal& a, std::int64_t b) { return a / Decimal(b); }
  Decimal operator-() const;
  Decimal& operator+=(const Decimal& b) { return *this = *this + b; }
  Decimal& operator-=(const Decimal& b) { return *this = *this - b; }
  Decimal& operator*=(const Decimal& b) { return *this = *this * b; }
  Decimal& operator/=(const Decimal& b) { return *this = *this / b; }

  // Invalid values are unequal to everything, including themselves.
  friend bool operator==(const Decimal& a, const Decimal& b);
  friend std::partial_ordering operator<=>(const Decimal& a, const Decimal& b);

 private:
  constexpr Decimal(Int128 num, Int128 den, int) : num_(num), den_(den) {}

  Int128 num_ = 0;
  Int128 den_ = 1;  // 0 marks an invalid value
};

using Money = Decimal;

// The exact form, for logs and test failure messages.
std::string to_string(const Decimal& d);
std::ostream& operator<<(std::ostream& os, const Decimal& d);

}  // namespace rect
