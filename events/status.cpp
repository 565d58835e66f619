#include "events/status.h"

namespace rect {

std::string_view code_name(Code c) {
  switch (c) {
    case Code::kOk: return "ok";
    case Code::kWrongExpectedVersion: return "wrong_expected_version";
    case Code::kNotFound: return "not_found";
    case Code::kCorruption: return "corruption";
    case Code::kIOError: return "io_error";
    case Code::kNoSpace: return "no_space";
    case Code::kInvalidArgument: return "invalid_argument";
    case Code::kValidation: return "validation";
    case Code::kTimedOut: return "timed_out";
    case Code::kFenced: return "fenced";
    case Code::kUnavailable: return "unavailable";
  }
  return "unknown";
}

std::string Status::to_string() const {
  if (is_ok()) return "ok";
  std::string s(code_name(code_));
  s += ": ";
  s += message_;
  return s;
}

}  // namespace rect
