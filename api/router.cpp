#include "api/router.h"

namespace rect::api {
namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    const std::size_t j = path.find('/', i);
    const std::size_t end = j == std::string_view::npos ? path.size() : j;
    if (end > i) out.emplace_back(path.substr(i, end - i));
    i = end;
  }
  return out;
}

}  // namespace

void Router::add(std::string method, std::string pattern, RouteHandler handler) {
  routes_.push_back({std::move(method), split_path(pattern), std::move(handler)});
}

std::optional<Router::Match> Router::match(std::string_view method, std::string_view path) const {
  const auto segments = split_path(path);
  std::optional<Match> found;
  for (const Route& r : routes_) {
    if (r.segments.size() != segments.size()) continue;
    PathParams params;
    bool ok = true;
    for (std::size_t i = 0; i < segments.size() && ok; ++i) {
      const std::string& want = r.segments[i];
      if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
        auto decoded = url_decode(segments[i]);
        if (!decoded) ok = false;
        else params.emplace(want.substr(1, want.size() - 2), std::move(*decoded));
      } else {
        ok = want == segments[i];
      }
    }
    if (!ok) continue;
    if (!found) found.emplace();
    found->allowed_methods.push_back(r.method);
    if (r.method == method || (method == "HEAD" && r.method == "GET")) {
      if (!found->handler) {
        found->handler = &r.handler;
        found->params = std::move(params);
      }
    }
  }
  return found;
}

HttpResponse Router::dispatch(const HttpRequest& request, const RequestContext& context) const {
  auto m = match(request.method, request.path());
  if (!m) return not_found_response();
  if (!m->handler) {
    std::string allow;
    for (const auto& a : m->allowed_methods) allow += (allow.empty() ? "" : ", ") + a;
    HttpResponse r = error_response(405, "Method not allowed", "Use " + allow);
    r.headers.emplace_back("Allow", allow);
    return r;
  }
  return (*m->handler)(request, context, m->params);
}

std::string json_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static const char* kHex = "0123456789abcdef";
          out += "\\u00";
          out.push_back(kHex[(c >> 4) & 0xF]);
          out.push_back(kHex[c & 0xF]);
        } else {
          out.push_back(c);
        }
    }
  }
  return out;
}

HttpResponse error_response(int status, std::string_view title, std::string_view detail) {
  return HttpResponse::json(status, R"({"errors":[{"title":")" + json_escape(title) + R"(","detail":")" +
                                        json_escape(detail) + R"("}]})");
}

HttpResponse not_found_response() {
  return error_response(404, "Resource not found", "Nothing could be found for the provided details");
}

std::optional<std::string> url_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
      };
      const int hi = hex(s[i + 1]), lo = hex(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi << 4 | lo));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t i = 0;
  while (i <= query.size()) {
    const std::size_t amp = query.find('&', i);
    const std::string_view part = query.substr(i, amp == std::string_view::npos ? std::string_view::npos : amp - i);
    if (!part.empty()) {
      const std::size_t eq = part.find('=');
      auto k = url_decode(part.substr(0, eq));
      auto v = eq == std::string_view::npos ? std::optional<std::string>("") : url_decode(part.substr(eq + 1));
      out.emplace_back(k ? *k : std::string(part.substr(0, eq)), v ? *v : std::string());
    }
    if (amp == std::string_view::npos) break;
    i = amp + 1;
  }
  return out;
}

}  // namespace rect::api
