// Router: maps (method, path pattern) to a handler, with `{name}` segments
// captured as path parameters, and answers the API's own JSON errors for
// unknown paths (404) and known paths with the wrong method (405).
//
// Handlers get the request and a RequestContext filled in by the layers
// before them (authentication, rate limit, sandbox time).
//
// Thread-safety: add() before serving; dispatch() is then safe to call
// concurrently.
//
// Usage:
//   Router r;
//   r.add("GET", "/api/v3/participants/{id}", [](const HttpRequest& q, const RequestContext& c, const PathParams& p) {
//     return HttpResponse::json(200, view.participant(c.lead_provider_id, p.at("id")));
//   });
//   HttpResponse res = r.dispatch(request, context);
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_server.h"
#include "events/types.h"

namespace rect::api {

using PathParams = std::map<std::string, std::string, std::less<>>;

// Who is calling and when, as established before the handler runs.
struct RequestContext {
  Actor actor;                    // for lead provider routes: {kLeadProvider, lead provider id}
  Timestamp now;                  // the clock, or X-With-Server-Date in sandbox mode
  bool sandbox_time = false;      // true when `now` came from X-With-Server-Date
};

using RouteHandler = std::function<HttpResponse(const HttpRequest&, const RequestContext&, const PathParams&)>;

class Router {
 public:
  // `pattern` is a path whose segments are literals or `{name}`.
  void add(std::string method, std::string pattern, RouteHandler handler);
  // Finds the route; nullopt when no pattern matches the path at all.
  struct Match {
    const RouteHandler* handler = nullptr;  // null: the path exists but not for this method
    PathParams params;
    std::vector<std::string> allowed_methods;
  };
  std::optional<Match> match(std::string_view method, std::string_view path) const;
  HttpResponse dispatch(const HttpRequest& request, const RequestContext& context) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    RouteHandler handler;
  };
  std::vector<Route> routes_;
};

// The JSON error bodies of the lead provider API (api.md §4).
HttpResponse error_response(int status, std::string_view title, std::string_view detail);
HttpResponse not_found_response();
// Splits a query string into decoded (key, value) pairs, in order.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);
// Percent-decodes `s` ('+' is a space); nullopt on a malformed escape.
std::optional<std::string> url_decode(std::string_view s);
// Escapes `s` for a JSON string literal (without the quotes).
std::string json_escape(std::string_view s);

}  // namespace rect::api
