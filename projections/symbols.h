// Symbol and SymbolTable: strings held once and referred to by pointer, for
// fields with few distinct values across many entities (lead provider,
// delivery partner and statement ids, declaration types and statuses), so
// that 680,000 declarations do not hold 680,000 copies of each.
//
// Thread-safety: a Symbol is an immutable pointer. A SymbolTable is only ever
// added to; adding needs the same exclusion as any other write to the model
// that owns it (the projection lock). A Symbol stays valid for as long as its
// table lives; the table may be moved (its strings do not move).
//
// Usage:
//   SymbolTable symbols;
//   Symbol lp = symbols.symbol("lp-ambition");
//   if (lp == "lp-ambition") ...;
//   std::string copy = lp;  // the text, when it must outlive the table
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "projections/hash64.h"

namespace rect::projections {

// Hashes std::string and std::string_view alike, so that tables keyed by
// std::string can be searched with a view. hash64 rather than std::hash: the
// keys are mostly 36-byte UUIDs, which it takes 16 bytes at a time.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view v) const { return hash64(v); }
};

// A string held once in a SymbolTable. Default-constructed it is the empty
// string. Two symbols of one table are equal when their pointers are (the
// text is compared only otherwise).
class Symbol {
 public:
  Symbol() : s_(&blank()) {}
  explicit Symbol(const std::string* interned) : s_(interned) {}
  const std::string& str() const { return *s_; }
  operator const std::string&() const { return *s_; }
  operator std::string_view() const { return *s_; }
  bool empty() const { return s_->empty(); }
  friend bool operator==(Symbol a, Symbol b) { return a.s_ == b.s_ || *a.s_ == *b.s_; }
  friend bool operator==(Symbol a, std::string_view b) { return *a.s_ == b; }

 private:
  static const std::string& blank() {
    static const std::string kEmpty;
    return kEmpty;
  }
  const std::string* s_;
};

// The strings that Symbols point at, each once. Nothing is ever removed.
class SymbolTable {
 public:
  // The table's copy of `text`, added on first use.
  const std::string* intern(std::string_view text) {
    auto it = strings_.find(text);
    if (it == strings_.end()) it = strings_.emplace(text).first;
    return &*it;
  }
  Symbol symbol(std::string_view text) { return Symbol(intern(text)); }

 private:
  std::unordered_set<std::string, StringHash, std::equal_to<>> strings_;
};

}  // namespace rect::projections
