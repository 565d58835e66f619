// Private to projections/lead_provider/: JsonText, a minimal writer of JSON
// text into a caller's string (hash64, the fingerprint of such text, is
// projections/hash64.h).
//
// The views are rendered with JsonText straight from the typed entities: no
// JSON tree is built. The writer emits exactly what nlohmann::json::dump()
// would for the same values (no spaces; strings escaped as dump() escapes
// them, UTF-8 passed through), so the caller writes object keys in sorted
// order, as nlohmann's std::map-backed objects print them.
//
// A JsonText writes into spare room at the end of its string (no append call
// per value) and cuts the string back to the text when it is destroyed or
// finish() is called; only then is the text there to read.
//
// Thread-safety: a JsonText is used by one thread.
//
// Usage:
//   std::string out;
//   {
//     JsonText w(out);
//     w.begin_object();
//     w.key("cohort").str("2025");
//     w.key("paid").boolean(false);
//     w.end_object();
//   }  // out == {"cohort":"2025","paid":false}
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "projections/hash64.h"
#include "projections/json_bytes.h"

namespace rect::projections::lead_provider {

class JsonText {
 public:
  // Appends to `out`. Until the writer is destroyed or finish() is called,
  // `out` may hold unwritten bytes past the text: neither read nor change it
  // in that time.
  explicit JsonText(std::string& out) : out_(out), len_(out.size()) {}
  ~JsonText() { finish(); }
  JsonText(const JsonText&) = delete;
  JsonText& operator=(const JsonText&) = delete;

  // Cuts the string back to the text written so far, so that it may be read;
  // writing may go on after it.
  void finish() { out_.resize(len_); }

  JsonText& begin_object() {
    prefix();
    put('{');
    first_ = true;
    return *this;
  }
  JsonText& end_object() {
    put('}');
    first_ = false;
    return *this;
  }
  JsonText& begin_array() {
    prefix();
    put('[');
    first_ = true;
    return *this;
  }
  JsonText& end_array() {
    put(']');
    first_ = false;
    return *this;
  }
  // `,"k":` written in place (keys are short literals needing no escape).
  JsonText& key(std::string_view k) {
    char* d = room(k.size() + 4);
    char* const start = d;
    if (!first_) *d++ = ',';
    *d++ = '"';
    std::memcpy(d, k.data(), k.size());
    d += k.size();
    *d++ = '"';
    *d++ = ':';
    len_ += static_cast<std::size_t>(d - start);
    after_key_ = true;
    return *this;
  }
  JsonText& str(std::string_view v) {
    prefix();
    // Most strings (ids, dates, names) need no escape: copied as they are checked.
    char* d = room(v.size() + 2);
    d[0] = '"';
    if (!copy_json_plain(d + 1, v.data(), v.size())) return escaped(v);
    d[v.size() + 1] = '"';
    len_ += v.size() + 2;
    return *this;
  }
  // null for an empty string
  JsonText& str_or_null(std::string_view v) { return v.empty() ? null() : str(v); }
  JsonText& null() {
    prefix();
    put("null", 4);
    return *this;
  }
  JsonText& boolean(bool b) {
    prefix();
    if (b) put("true", 4);
    else put("false", 5);
    return *this;
  }
  JsonText& integer(std::int64_t v);
  JsonText& unsigned_integer(std::uint64_t v);
  // Already-valid JSON text, written as one value.
  JsonText& raw(std::string_view json) {
    prefix();
    put(json.data(), json.size());
    return *this;
  }

 private:
  template <class Int>
  JsonText& number(Int v);
  // str() of a string with a byte to escape (its prefix already written).
  JsonText& escaped(std::string_view v);
  void prefix() {
    if (after_key_) after_key_ = false;
    else if (!first_) put(',');
    first_ = false;
  }
  // Where the next n bytes go: `out_` is grown (its unwritten tail is
  // `out_.size() - len_` bytes) only when they do not fit.
  char* room(std::size_t n) {
    if (out_.size() - len_ < n) grow(n);
    return out_.data() + len_;
  }
  void grow(std::size_t n);
  void put(char c) {
    *room(1) = c;
    ++len_;
  }
  void put(const char* p, std::size_t n) {
    if (n == 0) return;  // p may be null
    std::memcpy(room(n), p, n);
    len_ += n;
  }

  std::string& out_;
  std::size_t len_;  // the bytes of `out_` written so far (its own text first)
  bool first_ = true;
  bool after_key_ = false;
};

using projections::hash64;

}  // namespace rect::projections::lead_provider
