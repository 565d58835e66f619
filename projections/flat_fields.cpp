// FlatFields (flat_fields.h).
#include <algorithm>
#include <charconv>

#include "projections/flat_fields.h"
#include "projections/json_bytes.h"

namespace rect::projections {
namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  void skip_ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) ++i_;
  }
  bool eat(char c) {
    // Compact JSON (what the store holds) has no whitespace: look first.
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    skip_ws();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool at_end() {
    skip_ws();
    return i_ == s_.size();
  }
  char peek() {
    skip_ws();
    return i_ < s_.size() ? s_[i_] : '\0';
  }
  std::size_t pos() const { return i_; }

  // A string token; `inner` is the text between the quotes, `escaped` whether it has escapes.
  bool string(std::string_view& inner, bool& escaped) {
    if (!eat('"')) return false;
    const std::size_t from = i_;
    escaped = false;
    while (true) {
      // Straight to the next quote, backslash or control character.
      i_ += first_json_special(s_.data() + i_, s_.size() - i_);
      if (i_ >= s_.size()) return false;
      const char c = s_[i_];
      if (c == '"') {
        inner = s_.substr(from, i_ - from);
        ++i_;
        return true;
      }
      if (c != '\\' || i_ + 2 > s_.size()) return false;  // a raw control character, or a cut-off escape
      escaped = true;
      i_ += 2;
    }
  }

  // Any value; its raw text, and whether it is a string with escapes.
  bool value(std::string_view& raw, bool& escaped) {
    skip_ws();
    const std::size_t from = i_;
    escaped = false;
    if (i_ >= s_.size()) return false;
    const char c = s_[i_];
    if (c == '"') {
      std::string_view inner;
      if (!string(inner, escaped)) return false;
    } else if (c == '{' || c == '[') {
      if (!nested()) return false;
    } else {
      while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != '}' && s_[i_] != ']' && s_[i_] != ' ' && s_[i_] != '\n' &&
             s_[i_] != '\r' && s_[i_] != '\t')
        ++i_;
      if (i_ == from) return false;
    }
    raw = s_.substr(from, i_ - from);
    return true;
  }

 private:
  // Skips a balanced object or array, minding strings.
  bool nested() {
    int depth = 0;
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == '"') {
        std::string_view inner;
        bool esc = false;
        if (!string(inner, esc)) return false;
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      if (c == '}' || c == ']') --depth;
      ++i_;
      if (depth == 0) return true;
    }
    return false;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool hex4(std::string_view s, std::size_t at, std::uint32_t& v) {
  if (at + 4 > s.size()) return false;
  v = 0;
  for (std::size_t k = at; k < at + 4; ++k) {
    const char c = s[k];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= static_cast<std::uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f') v |= static_cast<std::uint32_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= static_cast<std::uint32_t>(c - 'A' + 10);
    else return false;
  }
  return true;
}

bool unescape(std::string_view in, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '\\') {
      out.push_back(in[i]);
      continue;
    }
    if (++i >= in.size()) return false;
    switch (in[i]) {
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case '/': out.push_back('/'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'u': {
        std::uint32_t cp = 0;
        if (!hex4(in, i + 1, cp)) return false;
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < in.size() && in[i + 1] == '\\' && in[i + 2] == 'u') {
          std::uint32_t lo = 0;
          if (hex4(in, i + 3, lo) && lo >= 0xDC00 && lo < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
          }
        }
        append_utf8(out, cp);
        break;
      }
      default: return false;
    }
  }
  return true;
}

}  // namespace

bool FlatFields::parse(std::string_view json) {
  fields_.clear();
  decoded_.clear();
  Scanner sc(json);
  if (!sc.eat('{')) return false;
  if (sc.eat('}')) return sc.at_end();
  while (true) {
    Field f;
    bool escaped = false;
    if (!sc.string(f.key, escaped) || escaped) return false;
    if (!sc.eat(':')) return false;
    if (!sc.value(f.raw, escaped)) return false;
    f.is_string = !f.raw.empty() && f.raw.front() == '"';
    f.decoded = std::string::npos;
    if (escaped) {
      decoded_.emplace_back();
      if (!unescape(f.raw.substr(1, f.raw.size() - 2), decoded_.back())) return false;
      f.decoded = decoded_.size() - 1;
    }
    fields_.push_back(f);
    if (sc.eat(',')) continue;
    if (sc.eat('}')) return sc.at_end();
    return false;
  }
}

std::optional<std::string_view> FlatFields::text(std::string_view key) const {
  for (const Field& f : fields_) {
    if (f.key != key) continue;
    if (!f.is_string) return std::nullopt;
    if (f.decoded != std::string::npos) return std::string_view(decoded_[f.decoded]);
    return f.raw.substr(1, f.raw.size() - 2);
  }
  return std::nullopt;
}

std::optional<std::string_view> FlatFields::raw(std::string_view key) const {
  for (const Field& f : fields_)
    if (f.key == key) return f.raw;
  return std::nullopt;
}

namespace {

// `raw` as a whole integer of type T, or nullopt.
template <class T>
std::optional<T> whole_integer(std::optional<std::string_view> raw) {
  if (!raw) return std::nullopt;
  T v{};
  auto [p, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), v);
  if (ec != std::errc() || p != raw->data() + raw->size()) return std::nullopt;
  return v;
}

}  // namespace

std::int64_t FlatFields::integer(std::string_view key) const { return signed_integer(key).value_or(0); }

std::optional<std::int64_t> FlatFields::signed_integer(std::string_view key) const {
  return whole_integer<std::int64_t>(raw(key));
}

std::optional<std::uint64_t> FlatFields::unsigned_integer(std::string_view key) const {
  return whole_integer<std::uint64_t>(raw(key));
}

}  // namespace rect::projections
