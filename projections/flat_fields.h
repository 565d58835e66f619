// FlatFields: a small, allocation-light reader of a JSON object's top-level
// fields, so that folding an event costs well under the price of building a
// full JSON tree. Shared by the projections' folds.
//
// Thread-safety: one FlatFields per thread; the views it returns point into
// the parsed text and into the reader, so both must outlive them.
//
// Usage:
//   FlatFields f;
//   if (!f.parse(event.data.payload)) return corrupt();
//   std::string teacher = f.str("teacher_id");
//   std::int64_t year = f.integer("year");
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rect::projections {

// The top-level fields of a JSON object, strings decoded, other values as
// their raw JSON text (nested objects and arrays included verbatim).
class FlatFields {
 public:
  // False when `json` is not a well-formed JSON object.
  bool parse(std::string_view json);
  // The decoded string, or nullopt when absent or not a string.
  std::optional<std::string_view> text(std::string_view key) const;
  // The value's raw JSON text ("true", "2025", "null", "{...}"), or nullopt.
  std::optional<std::string_view> raw(std::string_view key) const;
  std::string str(std::string_view key) const { return std::string(text(key).value_or("")); }
  std::int64_t integer(std::string_view key) const;  // 0 when absent or not an integer
  // The integer, or nullopt when absent, not an integer or out of range.
  std::optional<std::int64_t> signed_integer(std::string_view key) const;
  std::optional<std::uint64_t> unsigned_integer(std::string_view key) const;
  bool boolean(std::string_view key) const { return raw(key) == "true"; }

 private:
  struct Field {
    std::string_view key;
    std::string_view raw;
    bool is_string = false;
    std::size_t decoded = 0;  // index into decoded_ when the string had escapes, else npos
  };
  std::vector<Field> fields_;
  std::vector<std::string> decoded_;
};

}  // namespace rect::projections
