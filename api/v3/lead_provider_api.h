// The lead provider API v3 (spec/api.md §5): the 24 endpoints under /api/v3,
// rect's own OpenAPI document at /api/docs/v3 and the guidance page at
// /api/guidance. Reads come from LeadProviderViews; writes go through the
// domain's CommandHandler and answer only once the projection engine has
// folded the events they wrote (read-your-writes, bounded by write_wait).
//
// The routes expect RequestContext::actor to be the authenticated lead
// provider (actor.id is its id) and RequestContext::now to be the request's
// time (the clock, or X-With-Server-Date in sandbox mode). Authentication and
// rate limiting happen before the router.
//
// Thread-safety: the registered handlers are safe to call concurrently; the
// objects in V3Deps must outlive the router.
//
// Usage:
//   projections::lead_provider::LeadProviderViews views;   // give it to the engine
//   Router router;
//   register_lead_provider_v3(router, {&views, &commands, &engine});
#pragma once

#include <chrono>

#include "api/router.h"

namespace rect::domain {
class CommandHandler;
}
namespace rect::projections {
class ProjectionEngine;
namespace lead_provider {
class LeadProviderViews;
}
}  // namespace rect::projections

namespace rect::api {

struct V3Deps {
  const projections::lead_provider::LeadProviderViews* views = nullptr;
  domain::CommandHandler* commands = nullptr;
  const projections::ProjectionEngine* engine = nullptr;
  std::chrono::milliseconds write_wait{5000};  // read-your-writes bound
};

void register_lead_provider_v3(Router& router, const V3Deps& deps);

// rect's OpenAPI 3.0 document for the routes above (YAML text).
const char* lead_provider_openapi_yaml();

}  // namespace rect::api
