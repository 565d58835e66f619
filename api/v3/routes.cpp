// The lead provider API v3 routes: reads from LeadProviderViews, writes through
// the CommandHandler with a read-your-writes wait.
#include <nlohmann/json.hpp>

#include "api/v3/lead_provider_api.h"
#include "api/v3/params.h"
#include "domain/command_handler.h"
#include "projections/engine.h"
#include "projections/lead_provider/views.h"

namespace rect::api {
namespace {

using Json = nlohmann::json;
using projections::lead_provider::Query;
using projections::lead_provider::Resource;
using v3::ListKind;

HttpResponse data_list(const std::vector<std::string>& items) {
  std::string body = "{\"data\":[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) body.push_back(',');
    body += items[i];
  }
  body += "]}";
  return HttpResponse::json(200, std::move(body));
}

HttpResponse data_one(const std::optional<std::string>& item) {
  if (!item) return not_found_response();
  return HttpResponse::json(200, "{\"data\":" + *item + "}");
}

HttpResponse malformed_body() {
  return error_response(400, "Bad request", "Correct json data structure required. See API docs for reference.");
}

// {"data":{"type":..., "attributes":{...}}} -> the permitted attributes, or the 400.
std::variant<Json, HttpResponse> attributes(const HttpRequest& r, const std::vector<std::string>& permitted) {
  Json body = Json::parse(r.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return malformed_body();
  auto data = body.find("data");
  if (data == body.end() || !data->is_object() || data->empty()) return malformed_body();
  auto attrs = data->find("attributes");
  if (attrs == data->end() || !attrs->is_object()) return malformed_body();
  Json out = Json::object();
  for (const std::string& k : permitted)
    if (auto it = attrs->find(k); it != attrs->end()) out[k] = *it;
  if (out.empty()) return malformed_body();
  return out;
}

class Routes {
 public:
  explicit Routes(const V3Deps& d) : d_(d) {}

  HttpResponse list(const HttpRequest& r, const RequestContext& c, Resource res, ListKind kind) const {
    const v3::QueryParams p = v3::parse_params(r.query());
    if (auto bad = p.check_filter_is_hash()) return *bad;
    std::optional<int> cohort;
    if (kind == ListKind::kSchools) {
      auto sc = p.school_cohort();
      if (auto* bad = std::get_if<HttpResponse>(&sc)) return *bad;
      cohort = std::get<std::optional<int>>(sc);
    }
    auto q = p.list_query(kind);
    if (auto* bad = std::get_if<HttpResponse>(&q)) return *bad;
    Query& query = std::get<Query>(q);
    if (kind == ListKind::kSchools) {
      if (!cohort) return data_list({});
      query.school_cohort = cohort;
    }
    return data_list(d_.views->list(res, c.actor.id, query, c.now));
  }

  HttpResponse show(const HttpRequest& r, const RequestContext& c, const PathParams& pp, Resource res) const {
    const v3::QueryParams p = v3::parse_params(r.query());
    if (auto bad = p.check_filter_is_hash()) return *bad;
    std::optional<int> cohort;
    if (res == Resource::kSchool) {
      auto sc = p.school_cohort();
      if (auto* bad = std::get_if<HttpResponse>(&sc)) return *bad;
      cohort = std::get<std::optional<int>>(sc);
      if (!cohort) return not_found_response();
    }
    return data_one(d_.views->find(res, c.actor.id, pp.at("id"), c.now, cohort));
  }

  // Runs a command; on success waits for the projections and answers `res` `id_of(result)`.
  HttpResponse write(const RequestContext& c, const std::string& command, const Json& body, Resource res,
                     const std::function<std::string(const Json&)>& id_of) const {
    domain::CommandOutcome o = d_.commands->execute({command, c.actor, body.dump(), std::nullopt}, c.now);
    if (!o.ok()) {
      if (o.status.code() == Code::kValidation) {
        std::string body = "{\"errors\":[";
        for (std::size_t i = 0; i < o.errors.size(); ++i)
          body += (i ? ",{\"title\":\"" : "{\"title\":\"") + json_escape(o.errors[i].title) + "\",\"detail\":\"" +
                  json_escape(o.errors[i].detail) + "\"}";
        return HttpResponse::json(422, body + "]}");
      }
      if (o.status.code() == Code::kNotFound) return not_found_response();
      if (o.status.code() == Code::kInvalidArgument) return error_response(400, "Bad request", o.status.message());
      return HttpResponse::json(500, R"({"error":"Internal server error"})");
    }
    if (!d_.engine->wait_for(o.last_position, d_.write_wait))
      return error_response(503, "Service unavailable", "The change was recorded but is not readable yet; read it again shortly");
    Json result = Json::parse(o.result, nullptr, false);
    if (result.is_discarded()) result = Json::object();
    return data_one(d_.views->find(res, c.actor.id, id_of(result), c.now));
  }

  HttpResponse participant_action(const HttpRequest& r, const RequestContext& c, const PathParams& pp,
                                  const std::string& command, const std::vector<std::string>& permitted) const {
    if (auto bad = v3::parse_params(r.query()).check_filter_is_hash()) return *bad;
    auto attrs = attributes(r, permitted);
    if (auto* bad = std::get_if<HttpResponse>(&attrs)) return *bad;
    const std::string id = pp.at("id");
    if (!d_.views->find(Resource::kParticipant, c.actor.id, id, c.now)) return not_found_response();
    Json body = std::get<Json>(attrs);
    body["participant_id"] = id;
    return write(c, command, body, Resource::kParticipant, [&](const Json&) { return id; });
  }

  HttpResponse create_declaration(const HttpRequest& r, const RequestContext& c) const {
    if (auto bad = v3::parse_params(r.query()).check_filter_is_hash()) return *bad;
    auto attrs = attributes(r, {"participant_id", "declaration_type", "declaration_date", "course_identifier", "evidence_held"});
    if (auto* bad = std::get_if<HttpResponse>(&attrs)) return *bad;
    return write(c, "submit_declaration", std::get<Json>(attrs), Resource::kDeclaration,
                 [](const Json& res) { return res.value("declaration_id", ""); });
  }

  HttpResponse void_declaration(const HttpRequest& r, const RequestContext& c, const PathParams& pp) const {
    if (auto bad = v3::parse_params(r.query()).check_filter_is_hash()) return *bad;
    const std::string id = pp.at("id");
    if (!d_.views->find(Resource::kDeclaration, c.actor.id, id, c.now)) return not_found_response();
    return write(c, "void_declaration", Json{{"participant_declaration_id", id}}, Resource::kDeclaration,
                 [&](const Json&) { return id; });
  }

  HttpResponse create_partnership(const HttpRequest& r, const RequestContext& c) const {
    if (auto bad = v3::parse_params(r.query()).check_filter_is_hash()) return *bad;
    auto attrs = attributes(r, {"cohort", "school_id", "delivery_partner_id"});
    if (auto* bad = std::get_if<HttpResponse>(&attrs)) return *bad;
    Json body = std::get<Json>(attrs);
    if (auto it = body.find("school_id"); it != body.end() && it->is_string())
      if (auto urn = d_.views->school_urn(it->get<std::string>())) *it = *urn;
    return write(c, "create_partnership", body, Resource::kPartnership,
                 [](const Json& res) { return res.value("partnership_id", ""); });
  }

  HttpResponse update_partnership(const HttpRequest& r, const RequestContext& c, const PathParams& pp) const {
    if (auto bad = v3::parse_params(r.query()).check_filter_is_hash()) return *bad;
    const std::string id = pp.at("id");
    if (!d_.views->find(Resource::kPartnership, c.actor.id, id, c.now)) return not_found_response();
    auto attrs = attributes(r, {"delivery_partner_id"});
    if (auto* bad = std::get_if<HttpResponse>(&attrs)) return *bad;
    Json body = std::get<Json>(attrs);
    body["partnership_id"] = id;
    return write(c, "update_partnership", body, Resource::kPartnership, [&](const Json&) { return id; });
  }

 private:
  V3Deps d_;
};

}  // namespace

HttpResponse serve_openapi(const HttpRequest& r);
HttpResponse serve_guidance(const HttpRequest& r);

void register_lead_provider_v3(Router& router, const V3Deps& deps) {
  auto routes = std::make_shared<const Routes>(deps);
  auto lst = [&](const char* path, Resource res, ListKind kind) {
    router.add("GET", path, [routes, res, kind](const HttpRequest& r, const RequestContext& c, const PathParams&) {
      return routes->list(r, c, res, kind);
    });
  };
  auto one = [&](const char* path, Resource res) {
    router.add("GET", path, [routes, res](const HttpRequest& r, const RequestContext& c, const PathParams& p) {
      return routes->show(r, c, p, res);
    });
  };
  auto action = [&](const char* path, std::string command, std::vector<std::string> permitted) {
    router.add("PUT", path, [routes, command, permitted](const HttpRequest& r, const RequestContext& c, const PathParams& p) {
      return routes->participant_action(r, c, p, command, permitted);
    });
  };

  lst("/api/v3/participants", Resource::kParticipant, ListKind::kParticipants);
  lst("/api/v3/participants/transfers", Resource::kTransfer, ListKind::kOther);
  one("/api/v3/participants/{id}", Resource::kParticipant);
  one("/api/v3/participants/{id}/transfers", Resource::kTransfer);
  action("/api/v3/participants/{id}/withdraw", "withdraw_participant", {"reason", "course_identifier"});
  action("/api/v3/participants/{id}/defer", "defer_participant", {"reason", "course_identifier"});
  action("/api/v3/participants/{id}/resume", "resume_participant", {"course_identifier"});
  action("/api/v3/participants/{id}/change-schedule", "change_schedule", {"schedule_identifier", "course_identifier", "cohort"});

  lst("/api/v3/participant-declarations", Resource::kDeclaration, ListKind::kDeclarations);
  router.add("POST", "/api/v3/participant-declarations",
             [routes](const HttpRequest& r, const RequestContext& c, const PathParams&) { return routes->create_declaration(r, c); });
  one("/api/v3/participant-declarations/{id}", Resource::kDeclaration);
  router.add("PUT", "/api/v3/participant-declarations/{id}/void",
             [routes](const HttpRequest& r, const RequestContext& c, const PathParams& p) { return routes->void_declaration(r, c, p); });

  lst("/api/v3/partnerships", Resource::kPartnership, ListKind::kPartnerships);
  router.add("POST", "/api/v3/partnerships",
             [routes](const HttpRequest& r, const RequestContext& c, const PathParams&) { return routes->create_partnership(r, c); });
  one("/api/v3/partnerships/{id}", Resource::kPartnership);
  router.add("PUT", "/api/v3/partnerships/{id}",
             [routes](const HttpRequest& r, const RequestContext& c, const PathParams& p) { return routes->update_partnership(r, c, p); });

  lst("/api/v3/schools", Resource::kSchool, ListKind::kSchools);
  one("/api/v3/schools/{id}", Resource::kSchool);
  lst("/api/v3/delivery-partners", Resource::kDeliveryPartner, ListKind::kDeliveryPartners);
  one("/api/v3/delivery-partners/{id}", Resource::kDeliveryPartner);
  lst("/api/v3/statements", Resource::kStatement, ListKind::kStatements);
  one("/api/v3/statements/{id}", Resource::kStatement);
  lst("/api/v3/unfunded-mentors", Resource::kUnfundedMentor, ListKind::kOther);
  one("/api/v3/unfunded-mentors/{id}", Resource::kUnfundedMentor);

  router.add("GET", "/api/docs/v3", [](const HttpRequest& r, const RequestContext&, const PathParams&) { return serve_openapi(r); });
  router.add("GET", "/api/guidance", [](const HttpRequest& r, const RequestContext&, const PathParams&) { return serve_guidance(r); });
}

}  // namespace rect::api
