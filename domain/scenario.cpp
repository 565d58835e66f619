#include "domain/scenario.h"

#include <nlohmann/json.hpp>

namespace rect::domain {
namespace {

using Json = nlohmann::json;

void substitute(Json& j, const std::map<std::string, std::string>& saved, std::string& missing) {
  if (j.is_object() || j.is_array()) {
    for (auto& v : j) substitute(v, saved, missing);
  } else if (j.is_string()) {
    std::string s = j.get<std::string>();
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
      const auto open = s.find("${", i);
      if (open == std::string::npos) break;
      const auto close = s.find('}', open);
      if (close == std::string::npos) break;
      out += s.substr(i, open - i);
      const std::string key = s.substr(open + 2, close - open - 2);
      auto it = saved.find(key);
      if (it == saved.end()) missing = key;
      else out += it->second;
      i = close + 1;
    }
    if (i > 0) j = out + s.substr(i);
  }
}

std::string error_list(const std::vector<FieldError>& errors) {
  std::string s;
  for (const FieldError& e : errors) s += " [" + e.title + ": " + e.detail + "]";
  return s;
}

// Empty when the outcome meets the expectation; otherwise why not.
std::string check(const Json& expect, const CommandOutcome& o) {
  if (expect.is_null()) return o.ok() ? "" : "expected success, got " + o.status.to_string() + error_list(o.errors);
  if (expect.contains("ok") && expect["ok"].is_boolean()) {
    if (expect["ok"].get<bool>() != o.ok())
      return o.ok() ? "expected a rejection, got success" : "expected success, got " + o.status.to_string() + error_list(o.errors);
  }
  if (expect.contains("status") && expect["status"].is_string() &&
      std::string(code_name(o.status.code())) != expect["status"].get<std::string>())
    return "expected status " + expect["status"].get<std::string>() + ", got " + o.status.to_string();
  if (expect.contains("errors") && expect["errors"].is_array()) {
    std::vector<FieldError> want;
    for (const Json& e : expect["errors"]) want.push_back({e.value("title", ""), e.value("detail", "")});
    if (want != o.errors) return "expected errors" + error_list(want) + ", got" + error_list(o.errors);
  }
  if (expect.contains("events") && expect["events"].is_array()) {
    std::vector<std::string> want, got;
    for (const Json& e : expect["events"]) want.push_back(e.get<std::string>());
    for (const WrittenEvent& e : o.events) got.push_back(e.type);
    if (want != got) {
      std::string g;
      for (const auto& t : got) g += " " + t;
      return "expected other events; got" + g;
    }
  }
  return "";
}

}  // namespace

Result<ScenarioReport> ScenarioPlayer::play(std::string_view jsonl) {
  ScenarioReport report;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos <= jsonl.size()) {
    auto end = jsonl.find('\n', pos);
    if (end == std::string_view::npos) end = jsonl.size();
    const std::string_view raw = jsonl.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    const auto first = raw.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || raw[first] == '#') {
      if (end == jsonl.size()) break;
      continue;
    }
    const std::string where = "line " + std::to_string(line_no) + ": ";
    Json j = Json::parse(raw, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return Status(Code::kInvalidArgument, where + "not a JSON object");
    if (!j.contains("command") || !j["command"].is_string()) return Status(Code::kInvalidArgument, where + "no \"command\"");
    if (j.contains("at")) {
      auto t = j["at"].is_string() ? Timestamp::parse_iso8601(j["at"].get<std::string>()) : std::nullopt;
      if (!t) return Status(Code::kInvalidArgument, where + "\"at\" is not an ISO 8601 time");
      now_ = t;
    }
    Command c;
    c.name = j["command"].get<std::string>();
    const Json actor = j.value("actor", Json::object());
    if (!actor.is_object()) return Status(Code::kInvalidArgument, where + "\"actor\" must be an object");
    auto kind = parse_actor_kind(actor.value("kind", "system"));
    if (!kind) return Status(Code::kInvalidArgument, where + "unknown actor kind");
    c.actor = {*kind, actor.value("id", "")};
    Json body = j.value("body", Json::object());
    std::string missing;
    substitute(body, saved_, missing);
    if (!missing.empty()) return Status(Code::kInvalidArgument, where + "nothing saved as ${" + missing + "}");
    c.body = body.dump();
    CommandOutcome o = handler_.execute(c, now_);
    if (std::string why = check(j.value("expect", Json()), o); !why.empty())
      return Status(Code::kValidation, where + c.name + ": " + why);
    if (!o.ok()) ++report.rejected_as_expected;
    if (o.ok() && j.contains("save") && j["save"].is_string()) {
      const Json result = Json::parse(o.result, nullptr, false);
      if (result.is_object())
        for (auto it = result.begin(); it != result.end(); ++it)
          saved_[j["save"].get<std::string>() + "." + it.key()] = it->is_string() ? it->get<std::string>() : it->dump();
    }
    ++report.commands;
    report.lines.push_back({line_no, c.name, std::move(o)});
    if (end == jsonl.size()) break;
  }
  return report;
}

Result<std::vector<Command>> reference_commands(std::string_view json_text) {
  Json j = Json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status(Code::kInvalidArgument, "reference file: not a JSON object");
  if (j.value("format", "") != "rect-reference") return Status(Code::kInvalidArgument, "reference file: format is not rect-reference");
  if (j.value("schema_version", 0) != 1) return Status(Code::kInvalidArgument, "reference file: unsupported schema_version");
  if (!j.contains("command") || !j["command"].is_string() || !j.contains("items") || !j["items"].is_array())
    return Status(Code::kInvalidArgument, "reference file: needs \"command\" and \"items\"");
  std::vector<Command> out;
  for (const Json& item : j["items"]) {
    if (!item.is_object()) return Status(Code::kInvalidArgument, "reference file: every item must be an object");
    Command c;
    c.name = j["command"].get<std::string>();
    c.actor.kind = ActorKind::kSystem;
    c.body = item.dump();
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace rect::domain
