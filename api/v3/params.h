// Private to api/v3/: turning a request's query string into a
// lead_provider::Query, with the API's 400 answers (spec/api.md §3.3–3.6).
//
// Thread-safety: pure functions.
//
// Usage:
//   QueryParams p = parse_params(request.query());
//   if (auto bad = p.check_filter_is_hash()) return *bad;
//   auto q = p.list_query(ListKind::kDeclarations);  // HttpResponse on a bad value
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>

#include "api/http_server.h"
#include "projections/lead_provider/views.h"

namespace rect::api::v3 {

enum class ListKind { kParticipants, kDeclarations, kPartnerships, kSchools, kDeliveryPartners, kStatements, kOther };

struct QueryParams {
  bool filter_not_hash = false;
  std::map<std::string, std::string> filter;  // filter[key] -> value
  std::map<std::string, std::string> page;    // page[key] -> value
  std::optional<std::string> sort;

  // 400 "Filter must be a hash" when ?filter=... was sent.
  std::optional<HttpResponse> check_filter_is_hash() const;
  // Builds the query for a list endpoint, or the 400 to answer.
  std::variant<projections::lead_provider::Query, HttpResponse> list_query(ListKind kind) const;
  // filter[cohort] for the school endpoints: 400 when absent; nullopt cohort when not a year.
  std::variant<std::optional<int>, HttpResponse> school_cohort() const;
};

QueryParams parse_params(std::string_view query);

bool is_uuid(std::string_view s);

}  // namespace rect::api::v3
