#include "tests/support/openapi_validator.h"

#include <cctype>
#include <cstdio>
#include <filesystem>

#include <nlohmann/json.hpp>

namespace rect::testing {
namespace {

using Json = nlohmann::json;

bool hex_run(const std::string& s, std::size_t from, std::size_t n) {
  for (std::size_t i = from; i < from + n; ++i)
    if (!std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

bool is_uuid(const std::string& s) {
  return s.size() == 36 && s[8] == '-' && s[13] == '-' && s[18] == '-' && s[23] == '-' && hex_run(s, 0, 8) &&
         hex_run(s, 9, 4) && hex_run(s, 14, 4) && hex_run(s, 19, 4) && hex_run(s, 24, 12);
}

bool digits(const std::string& s, std::size_t from, std::size_t n) {
  if (s.size() < from + n) return false;
  for (std::size_t i = from; i < from + n; ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

bool is_date(const std::string& s) {
  return s.size() == 10 && digits(s, 0, 4) && s[4] == '-' && digits(s, 5, 2) && s[7] == '-' && digits(s, 8, 2);
}

// RFC 3339 date-time: date 'T' hh:mm:ss [.fraction] (Z | ±hh:mm).
bool is_date_time(const std::string& s) {
  if (s.size() < 20 || !is_date(s.substr(0, 10)) || (s[10] != 'T' && s[10] != 't')) return false;
  if (!digits(s, 11, 2) || s[13] != ':' || !digits(s, 14, 2) || s[16] != ':' || !digits(s, 17, 2)) return false;
  std::size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    ++i;
    const std::size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == start) return false;
  }
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) return i + 1 == s.size();
  return i + 6 == s.size() && (s[i] == '+' || s[i] == '-') && digits(s, i + 1, 2) && s[i + 3] == ':' && digits(s, i + 4, 2);
}

bool has_type(const Json& v, const std::string& t) {
  if (t == "string") return v.is_string();
  if (t == "integer") return v.is_number_integer();
  if (t == "number") return v.is_number();
  if (t == "boolean") return v.is_boolean();
  if (t == "array") return v.is_array();
  if (t == "object") return v.is_object();
  return true;
}

}  // namespace

struct OpenApiContract::Impl {
  Json doc;

  const Json& resolve(const Json& schema) const {
    const Json* s = &schema;
    for (int depth = 0; depth < 32 && s->is_object() && s->contains("$ref"); ++depth) {
      std::string ref = (*s)["$ref"].get<std::string>();
      if (ref.rfind("#/", 0) != 0) break;
      s = &doc.at(Json::json_pointer(ref.substr(1)));
    }
    return *s;
  }

  void validate(const Json& v, const Json& schema_in, const std::string& where, std::vector<std::string>& out) const {
    const Json& schema = resolve(schema_in);
    if (!schema.is_object()) return;
    if (v.is_null()) {
      if (schema.value("nullable", false) || !schema.contains("type")) return;
      out.push_back(where + ": null but not nullable");
      return;
    }
    if (auto it = schema.find("allOf"); it != schema.end())
      for (const Json& sub : *it) validate(v, sub, where, out);
    for (const char* any : {"anyOf", "oneOf"})
      if (auto it = schema.find(any); it != schema.end()) {
        std::size_t passing = 0;
        for (const Json& sub : *it) {
          std::vector<std::string> errs;
          validate(v, sub, where, errs);
          if (errs.empty()) ++passing;
        }
        if (passing == 0 || (std::string(any) == "oneOf" && passing > 1))
          out.push_back(where + ": matches " + std::to_string(passing) + " of the " + any + " alternatives");
      }
    if (auto it = schema.find("type"); it != schema.end() && !has_type(v, it->get<std::string>())) {
      out.push_back(where + ": expected " + it->get<std::string>() + ", got " + v.dump());
      return;
    }
    if (auto it = schema.find("enum"); it != schema.end()) {
      bool found = false;
      for (const Json& e : *it) found = found || e == v;
      if (!found) out.push_back(where + ": " + v.dump() + " is not one of " + it->dump());
    }
    if (auto it = schema.find("format"); it != schema.end() && v.is_string()) {
      const std::string f = it->get<std::string>(), s = v.get<std::string>();
      if ((f == "uuid" && !is_uuid(s)) || (f == "date-time" && !is_date_time(s)) || (f == "date" && !is_date(s)))
        out.push_back(where + ": \"" + s + "\" is not a " + f);
    }
    if (v.is_object()) {
      if (auto req = schema.find("required"); req != schema.end())
        for (const Json& k : *req)
          if (!v.contains(k.get<std::string>())) out.push_back(where + ": missing required '" + k.get<std::string>() + "'");
      const Json props = schema.value("properties", Json::object());
      for (auto& [k, sub] : props.items())
        if (v.contains(k)) validate(v[k], sub, where + "/" + k, out);
      if (auto ap = schema.find("additionalProperties"); ap != schema.end() && ap->is_boolean() && !ap->get<bool>())
        for (auto& [k, sub] : v.items())
          if (!props.contains(k)) out.push_back(where + ": unexpected property '" + k + "'");
    }
    if (v.is_array())
      if (auto items = schema.find("items"); items != schema.end())
        for (std::size_t i = 0; i < v.size(); ++i) validate(v[i], *items, where + "/" + std::to_string(i), out);
  }
};

OpenApiContract::OpenApiContract() : impl_(std::make_unique<Impl>()) {}
OpenApiContract::~OpenApiContract() = default;

OpenApiContract::Loaded OpenApiContract::load(const std::string& yaml_path) {
  Loaded out;
  if (!std::filesystem::exists(yaml_path)) {
    out.why_not = yaml_path + " is absent";
    return out;
  }
  const std::string cmd = "python3 -c 'import json,sys,yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)' '" +
                          yaml_path + "' 2>/dev/null";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) {
    out.why_not = "cannot run python3";
    return out;
  }
  std::string text;
  char buf[65536];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) text.append(buf, n);
  const int rc = ::pclose(p);
  Json doc = Json::parse(text, nullptr, false);
  if (rc != 0 || doc.is_discarded() || !doc.is_object()) {
    out.why_not = "python3 with PyYAML (Debian python3-yaml) is needed to read " + yaml_path;
    return out;
  }
  out.contract.reset(new OpenApiContract());
  out.contract->impl_->doc = std::move(doc);
  return out;
}

std::vector<std::string> OpenApiContract::check(const std::string& method, const std::string& path_template, int status,
                                                 const std::string& body) const {
  std::vector<std::string> out;
  const Json v = Json::parse(body, nullptr, false);
  if (v.is_discarded()) return {"body is not JSON: " + body.substr(0, 200)};
  const Json& doc = impl_->doc;
  std::string m = method;
  for (char& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const Json* schema = nullptr;
  const Json::json_pointer op("/paths/" + std::string() + [&] {
    std::string escaped;
    for (char c : path_template) escaped += c == '/' ? std::string("~1") : c == '~' ? std::string("~0") : std::string(1, c);
    return escaped;
  }() + "/" + m);
  if (!doc.contains(op)) return {"the contract has no operation " + method + " " + path_template};
  const Json::json_pointer resp = op / "responses" / std::to_string(status) / "content" / "application/json" / "schema";
  if (doc.contains(resp)) schema = &doc.at(resp);
  Json generic;
  if (schema == nullptr) {
    const char* name = status == 401 ? "UnauthorisedResponse" : status == 404 ? "NotFoundResponse"
                       : status == 422 ? "UnprocessableContentResponse" : "BadRequestResponse";
    generic = Json{{"$ref", std::string("#/components/schemas/") + name}};
    if (!doc.contains(Json::json_pointer("/components/schemas/" + std::string(name)))) return out;
    schema = &generic;
  }
  impl_->validate(v, *schema, "#", out);
  return out;
}

}  // namespace rect::testing
