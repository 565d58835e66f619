#include "events/event.h"

#include <nlohmann/json.hpp>

#include "events/event_store.h"

namespace rect {

bool is_valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int n;
    std::uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (end - p <= n) return false;
    for (int i = 1; i <= n; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = cp << 6 | (p[i] & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000)) return false;  // overlong
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    p += n + 1;
  }
  return true;
}

Status validate_stream_id(std::string_view stream) {
  if (stream.empty()) return Status(Code::kInvalidArgument, "stream id is empty");
  if (stream.size() > kMaxStreamIdBytes)
    return Status(Code::kInvalidArgument, "stream id is " + std::to_string(stream.size()) +
                                              " bytes; the limit is " + std::to_string(kMaxStreamIdBytes));
  if (!is_valid_utf8(stream)) return Status(Code::kInvalidArgument, "stream id is not valid UTF-8");
  if (stream.find('\0') != std::string_view::npos) return Status(Code::kInvalidArgument, "stream id contains NUL");
  return Status::ok();
}

Status validate_event(const EventData& e) {
  if (e.type.empty() || e.type.size() > kMaxEventTypeBytes)
    return Status(Code::kInvalidArgument, "event type must be 1.." + std::to_string(kMaxEventTypeBytes) + " bytes");
  for (char c : e.type) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
    if (!ok) return Status(Code::kInvalidArgument, "event type '" + e.type + "' has a character outside [A-Za-z0-9_.]");
  }
  if (e.schema_version == 0) return Status(Code::kInvalidArgument, "event schema_version must be >= 1");
  if (e.actor.id.size() > 256 || !is_valid_utf8(e.actor.id))
    return Status(Code::kInvalidArgument, "event actor id must be valid UTF-8 of at most 256 bytes");
  if (e.payload.size() > kMaxPayloadBytes)
    return Status(Code::kInvalidArgument, "event payload is " + std::to_string(e.payload.size()) +
                                              " bytes; the limit is " + std::to_string(kMaxPayloadBytes));
  const auto first = e.payload.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || e.payload[first] != '{')
    return Status(Code::kInvalidArgument, "event payload of '" + e.type + "' is not a JSON object");
  if (!nlohmann::json::accept(e.payload))
    return Status(Code::kInvalidArgument, "event payload of '" + e.type + "' is not valid JSON (or not UTF-8)");
  return Status::ok();
}

std::string ExpectedVersion::to_string() const {
  switch (kind_) {
    case Kind::kAny: return "any";
    case Kind::kNoStream: return "no_stream";
    case Kind::kExact: return "exact(" + std::to_string(v_.value()) + ")";
  }
  return "?";
}

}  // namespace rect
