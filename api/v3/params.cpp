#include "api/v3/params.h"

#include <cctype>

#include "api/router.h"

namespace rect::api::v3 {
namespace {

using projections::lead_provider::Query;
using projections::lead_provider::SortKey;

constexpr std::size_t kMaxPerPage = 3000;
constexpr std::size_t kMaxPage = 1000000000000ULL;

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i <= s.size()) {
    const std::size_t j = s.find(',', i);
    const std::size_t end = j == std::string::npos ? s.size() : j;
    std::string item = s.substr(i, end - i);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    out.push_back(std::move(item));
    if (j == std::string::npos) break;
    i = j + 1;
  }
  return out;
}

bool is_year(const std::string& s) {
  if (s.empty() || s.size() > 6) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// Ruby's String#to_i on a page value: leading integer, else 0; must be >= 1.
std::optional<std::size_t> positive(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  if (i < s.size() && s[i] == '+') ++i;
  std::size_t v = 0;
  bool any = false;
  for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i) {
    any = true;
    v = v > kMaxPage ? v : v * 10 + static_cast<std::size_t>(s[i] - '0');
  }
  if (!any || v == 0) return std::nullopt;
  return v;
}

HttpResponse bad_request(std::string_view detail) { return error_response(400, "Bad request", detail); }

// A key "name[sub]" -> ("name", "sub"); plain "name" -> ("name", nullopt).
std::pair<std::string, std::optional<std::string>> split_key(const std::string& key) {
  const auto open = key.find('[');
  if (open == std::string::npos || key.back() != ']') return {key, std::nullopt};
  return {key.substr(0, open), key.substr(open + 1, key.size() - open - 2)};
}

bool strict_iso8601(const std::string& v) {
  if (v.size() < 20 || v[10] != 'T') return false;
  return Timestamp::parse_iso8601(v).has_value();
}

}  // namespace

bool is_uuid(std::string_view s) { return EventId::parse(s).has_value(); }

QueryParams parse_params(std::string_view query) {
  QueryParams p;
  for (auto& [key, value] : parse_query(query)) {
    auto [name, sub] = split_key(key);
    if (name == "filter") {
      if (!sub) p.filter_not_hash = true;
      else p.filter[*sub] = value;
    } else if (name == "page" && sub) {
      p.page[*sub] = value;
    } else if (name == "sort" && !sub) {
      p.sort = value;
    }
  }
  return p;
}

std::optional<HttpResponse> QueryParams::check_filter_is_hash() const {
  if (filter_not_hash) return error_response(400, "Bad parameter", "Filter must be a hash");
  return std::nullopt;
}

std::variant<std::optional<int>, HttpResponse> QueryParams::school_cohort() const {
  auto it = filter.find("cohort");
  if (it == filter.end()) return error_response(400, "Bad parameter", "The filter '#/cohort' must be included in your request");
  if (!is_year(it->second)) return std::optional<int>();
  return std::optional<int>(std::stoi(it->second));
}

std::variant<Query, HttpResponse> QueryParams::list_query(ListKind kind) const {
  Query q;
  auto value = [&](const char* k) -> std::optional<std::string> {
    auto it = filter.find(k);
    if (it == filter.end() || it->second.empty()) return std::nullopt;
    return it->second;
  };
  if (kind != ListKind::kDeliveryPartners)
    if (auto since = value("updated_since")) {
      if (!strict_iso8601(*since)) return bad_request("The filter '#/updated_since' must be a valid ISO 8601 date");
      q.updated_since = Timestamp::parse_iso8601(*since);
    }
  const auto pp = page.find("page"), per = page.find("per_page");
  std::optional<std::size_t> page_no = pp == page.end() ? std::optional<std::size_t>(1) : positive(pp->second);
  std::optional<std::size_t> per_page = per == page.end() ? std::optional<std::size_t>(100) : positive(per->second);
  if (!page_no || !per_page)
    return bad_request("The '#/page[page]' and '#/page[per_page]' parameter values must be a valid positive number");
  q.page = std::min(*page_no, kMaxPage);
  q.per_page = std::min(*per_page, kMaxPerPage);

  const bool has_cohort = kind != ListKind::kOther && kind != ListKind::kSchools;
  if (has_cohort)
    if (auto c = value("cohort")) {
      std::vector<std::string> years;
      for (std::string& y : split(*c))
        if (is_year(y)) years.push_back(std::to_string(std::stoi(y)));
      q.cohorts = std::move(years);
    }
  auto id_list = [&](const char* k, bool uuids_only) -> std::optional<std::vector<std::string>> {
    auto v = value(k);
    if (!v) return std::nullopt;
    std::vector<std::string> ids;
    for (std::string& id : split(*v))
      if (!id.empty() && (!uuids_only || is_uuid(id))) ids.push_back(id);
    return ids;
  };
  if (kind == ListKind::kDeclarations) {
    q.participant_ids = id_list("participant_id", true);
    q.delivery_partner_ids = id_list("delivery_partner_id", true);
  }
  if (kind == ListKind::kPartnerships) q.delivery_partner_ids = id_list("delivery_partner_id", false);
  if (kind == ListKind::kParticipants) {
    if (auto it = filter.find("training_status"); it != filter.end() && !it->second.empty()) q.training_status = it->second;
    q.from_participant_id = value("from_participant_id");
  }
  if (kind == ListKind::kSchools) q.urn = value("urn");
  if (sort && kind != ListKind::kDeclarations && kind != ListKind::kStatements)
    for (std::string item : split(*sort)) {
      SortKey k;
      if (!item.empty() && (item.front() == '-' || item.front() == '+')) {
        k.descending = item.front() == '-';
        item.erase(item.begin());
      }
      if (item == "created_at" || item == "updated_at") {
        k.field = item;
        q.sort.push_back(k);
      }
    }
  return q;
}

}  // namespace rect::api::v3
