// Private to projections/lead_provider/: JsonText, a minimal writer of JSON
// text into a caller's string, and hash64, the fingerprint of such text.
//
// The views are rendered with JsonText straight from the typed entities: no
// JSON tree is built. The writer emits exactly what nlohmann::json::dump()
// would for the same values (no spaces; strings escaped as dump() escapes
// them, UTF-8 passed through), so the caller writes object keys in sorted
// order, as nlohmann's std::map-backed objects print them.
//
// Thread-safety: a JsonText is used by one thread; hash64 is pure.
//
// Usage:
//   std::string out;
//   JsonText w(out);
//   w.begin_object();
//   w.key("cohort").str("2025");
//   w.key("paid").boolean(false);
//   w.end_object();  // out == {"cohort":"2025","paid":false}
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace rect::projections::lead_provider {

class JsonText {
 public:
  explicit JsonText(std::string& out) : out_(out) {}

  JsonText& begin_object() {
    prefix();
    out_.push_back('{');
    first_ = true;
    return *this;
  }
  JsonText& end_object() {
    out_.push_back('}');
    first_ = false;
    return *this;
  }
  JsonText& begin_array() {
    prefix();
    out_.push_back('[');
    first_ = true;
    return *this;
  }
  JsonText& end_array() {
    out_.push_back(']');
    first_ = false;
    return *this;
  }
  JsonText& key(std::string_view k) {
    // One append of `,"k":` (keys are short literals), not four.
    char buf[64];
    if (k.size() + 4 > sizeof buf) return long_key(k);
    std::size_t n = 0;
    if (!first_) buf[n++] = ',';
    buf[n++] = '"';
    std::memcpy(buf + n, k.data(), k.size());
    n += k.size();
    buf[n++] = '"';
    buf[n++] = ':';
    out_.append(buf, n);
    after_key_ = true;
    return *this;
  }
  JsonText& str(std::string_view v);
  // null for an empty string
  JsonText& str_or_null(std::string_view v) { return v.empty() ? null() : str(v); }
  JsonText& null() {
    prefix();
    out_.append("null", 4);
    return *this;
  }
  JsonText& boolean(bool b) {
    prefix();
    if (b) out_.append("true", 4);
    else out_.append("false", 5);
    return *this;
  }
  JsonText& integer(std::int64_t v);
  JsonText& unsigned_integer(std::uint64_t v);
  // Already-valid JSON text, written as one value.
  JsonText& raw(std::string_view json) {
    prefix();
    out_.append(json);
    return *this;
  }

 private:
  template <class Int>
  JsonText& number(Int v);
  JsonText& long_key(std::string_view k) {
    if (!first_) out_.push_back(',');
    out_.push_back('"');
    out_.append(k);
    out_.append("\":", 2);
    after_key_ = true;
    return *this;
  }
  void prefix() {
    if (after_key_) after_key_ = false;
    else if (!first_) out_.push_back(',');
    first_ = false;
  }

  std::string& out_;
  bool first_ = true;
  bool after_key_ = false;
};

// A 64-bit hash of bytes, stable across builds and platforms (it is persisted
// as a view's fingerprint), 8 bytes at a time.
std::uint64_t hash64(std::string_view bytes, std::uint64_t seed = 0);

}  // namespace rect::projections::lead_provider
