#include "api/service.h"

#include <sys/stat.h>

#include <filesystem>
#include <iostream>
#include <thread>
#include <fstream>
#include <nlohmann/json.hpp>

#include "api/rate_limiter.h"
#include "api/router.h"
#include "api/tokens.h"
#include "api/finance/finance_routes.h"
#include "api/v3/lead_provider_api.h"
#include "projections/all.h"
#include "projections/generations.h"
#include "projections/lead_provider/views.h"
#include "projections/payments/payments.h"
#include "domain/command_handler.h"
#include "events/kafka_store.h"
#include "events/rocksdb_store.h"
#include "projections/engine.h"
#include "projections/read_model_store.h"

namespace rect::api {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

HttpResponse access_denied() { return HttpResponse::json(401, R"({"error":"HTTP Token: Access denied"})"); }

HttpResponse too_many(std::chrono::seconds retry) {
  HttpResponse r = error_response(429, "Too many requests", "Retry later");
  r.headers.emplace_back("Retry-After", std::to_string(retry.count()));
  return r;
}

HttpResponse json_response(int status, const Json& j) { return HttpResponse::json(status, j.dump()); }

}  // namespace

// Everything that reads: the read-model store of the current generation, the
// projections folded into it, their engine and the routes that serve them.
// Requests hold a shared_ptr to the read side they started on, so a reload
// (a blue/green swap after rect-replay rebuild) never pulls state from under
// a request.
struct ReadSide {
  std::string dir;
  std::unique_ptr<projections::ReadModelStore> store;
  std::vector<std::unique_ptr<projections::Projection>> owned;
  TokenRegistry tokens;
  const projections::lead_provider::LeadProviderViews* views = nullptr;
  const projections::payments::PaymentsProjection* payments = nullptr;
  std::unique_ptr<projections::ProjectionEngine> engine;
  Router router;

  std::vector<projections::Projection*> projections() {
    std::vector<projections::Projection*> all{&tokens};
    for (auto& p : owned) all.push_back(p.get());
    return all;
  }
  ~ReadSide() {
    if (engine) engine->stop();
  }
};

struct Service::Impl {
  ServiceOptions options;
  // Kafka mode, else RocksDB (store_kind names which Kafka client).
  bool kafka_mode() const { return !options.kafka.brokers.empty(); }
  const Clock* clock = nullptr;
  Random* random = nullptr;
  std::unique_ptr<EventStore> log;
  std::string store_kind = "rocksdb";
  bool read_only_log = false;  // a Kafka reader: writes are refused
  std::unique_ptr<domain::CommandHandler> commands;
  std::shared_ptr<ReadSide> read_side;  // std::atomic_load / atomic_store
  std::mutex reload_mu;
  std::unique_ptr<RateLimiter> api_limiter;
  RateLimiter public_limiter{300, 300s};
  std::string admin_token;
  std::unique_ptr<HttpServer> server;

  std::shared_ptr<ReadSide> current() const { return std::atomic_load(&read_side); }

  // Opens the current read-model generation, restores its projections and
  // starts following the log.
  Result<std::shared_ptr<ReadSide>> open_read_side() {
    auto rs = std::make_shared<ReadSide>();
    auto dir = projections::current_read_models_dir(options.data_dir);
    if (!dir) return dir.status();
    rs->dir = *dir;
    rs->owned = projections::make_all_projections();
    for (auto& p : rs->owned) {
      if (auto* v = dynamic_cast<projections::lead_provider::LeadProviderViews*>(p.get())) rs->views = v;
      if (auto* v = dynamic_cast<projections::payments::PaymentsProjection*>(p.get())) rs->payments = v;
    }
    std::vector<std::string> names;
    for (auto* p : rs->projections()) names.emplace_back(p->name());
    auto store = projections::ReadModelStore::open(rs->dir, names);
    if (!store) return store.status();
    rs->store = std::move(*store);
    rs->engine = std::make_unique<projections::ProjectionEngine>(*log, *rs->store, rs->projections());
    if (Status s = rs->engine->start(); !s) return s;
    add_routes(*rs);
    return rs;
  }

  // Swaps in the read-model generation rect-replay published, if it changed.
  Result<std::string> reload() {
    std::lock_guard<std::mutex> l(reload_mu);
    auto dir = projections::current_read_models_dir(options.data_dir);
    if (!dir) return dir.status();
    auto old = current();
    if (*dir == old->dir) return std::string("unchanged: " + *dir);
    auto fresh = open_read_side();  // the old one keeps serving meanwhile
    if (!fresh) return fresh.status();
    if (!(*fresh)->engine->wait_for(log->head(), options.write_wait))
      return Status(Code::kTimedOut, "the new read models did not catch up in time");
    std::atomic_store(&read_side, *fresh);
    return std::string("now serving " + *dir);
  }

  Status ensure_admin_token() {
    const std::string path = options.data_dir + "/admin.token";
    std::ifstream in(path);
    if (in && std::getline(in, admin_token) && current()->tokens.authenticate("Bearer " + admin_token))
      return Status::ok();
    auto t = api::issue_token(*log, *random, {ActorKind::kAdmin, "admin"}, {ActorKind::kSystem, ""});
    if (!t) return t.status();
    if (!current()->engine->wait_for(t->position, options.write_wait))
      return Status(Code::kTimedOut, "the admin token was not folded in time");
    {
      std::ofstream out(path, std::ios::trunc);
      out << t->token << "\n";
      if (!out) return Status(Code::kIOError, "cannot write " + path);
    }
    ::chmod(path.c_str(), 0600);
    admin_token = t->token;
    return Status::ok();
  }

  // Waits until the read models include `p`; false on timeout.
  bool caught_up(GlobalPosition p) { return current()->engine->wait_for(p, options.write_wait); }

  void add_routes(ReadSide& rs) {
    Router& router = rs.router;
    projections::ProjectionEngine* engine = rs.engine.get();
    router.add("GET", "/healthz", [this, engine](const HttpRequest&, const RequestContext&, const PathParams&) {
      Json health{{"status", "ok"}, {"store", store_kind}, {"head", log->head().value()},
                  {"projections_at", engine->position().value()}};
      if (kafka_mode()) health["kafka_clients_abandoned"] = KafkaEventStore::clients_abandoned();
      return json_response(200, health);
    });
    router.add("POST", "/admin/read-models/reload", [this](const HttpRequest&, const RequestContext&, const PathParams&) {
      auto r = reload();
      if (!r) return error_response(500, "Reload failed", r.status().to_string());
      return json_response(200, Json{{"data", {{"result", *r}}}});
    });
    router.add("GET", "/admin/projections", [this, engine](const HttpRequest&, const RequestContext&, const PathParams&) {
      Json list = Json::array();
      for (const auto& s : engine->status())
        list.push_back({{"name", s.name},
                        {"checkpoint", s.checkpoint.value()},
                        {"head", s.head.value()},
                        {"lag", s.lag},
                        {"events_applied", s.events_applied},
                        {"last_error", s.last_error.empty() ? Json() : Json(s.last_error)}});
      return json_response(200, Json{{"head", log->head().value()}, {"read_models", current()->dir}, {"projections", list}});
    });
    router.add("POST", "/admin/tokens", [this](const HttpRequest& r, const RequestContext& c, const PathParams&) {
      Json body = Json::parse(r.body, nullptr, false);
      if (!body.is_object() || !body.contains("holder_kind") || !body["holder_kind"].is_string())
        return error_response(400, "Bad request", "Send {\"holder_kind\": \"lead_provider\", \"holder_id\": \"...\"}");
      auto kind = parse_actor_kind(body["holder_kind"].get<std::string>());
      if (!kind) return error_response(422, "holder_kind", "is not a known role");
      const std::string id = body.contains("holder_id") && body["holder_id"].is_string() ? body["holder_id"].get<std::string>() : "";
      auto t = api::issue_token(*log, *random, {*kind, id}, c.actor);
      if (!t) return error_response(t.status().code() == Code::kInvalidArgument ? 422 : 500, "holder_id", t.status().message());
      if (!caught_up(t->position)) return error_response(503, "Service unavailable", "the token is not active yet; retry");
      return json_response(200, Json{{"data", Json{{"token_id", t->token_id}, {"token", t->token}}}});
    });
    router.add("DELETE", "/admin/tokens/{id}", [this](const HttpRequest&, const RequestContext& c, const PathParams& p) {
      auto r = revoke_token(*log, p.at("id"), c.actor);
      if (!r) {
        if (r.status().code() == Code::kNotFound) return not_found_response();
        return error_response(r.status().code() == Code::kInvalidArgument ? 400 : 500, "id", r.status().message());
      }
      if (!caught_up(*r)) return error_response(503, "Service unavailable", "the revocation is recorded but not yet in force");
      return json_response(200, Json{{"data", Json{{"token_id", p.at("id")}, {"revoked", true}}}});
    });
    router.add("GET", "/commands", [](const HttpRequest&, const RequestContext&, const PathParams&) {
      return json_response(200, Json{{"data", domain::CommandHandler::command_names()}});
    });
    router.add("POST", "/commands/{name}", [this](const HttpRequest& r, const RequestContext& c, const PathParams& p) {
      return run_command(p.at("name"), r.body, c);
    });
    if (rs.views) register_lead_provider_v3(router, {rs.views, commands.get(), engine, options.write_wait});
    if (rs.payments) register_finance_routes(router, {rs.payments});
  }

  HttpResponse run_command(const std::string& name, const std::string& body, const RequestContext& c) {
    domain::Command cmd{name, c.actor, body.empty() ? "{}" : body, std::nullopt};
    domain::CommandOutcome o = commands->execute(cmd, c.sandbox_time ? std::optional<Timestamp>(c.now) : std::nullopt);
    if (o.ok()) {
      if (!caught_up(o.last_position))
        return error_response(503, "Service unavailable", "the command was recorded but the read models are behind");
      Json result = Json::parse(o.result, nullptr, false);
      return json_response(200, Json{{"data", result.is_discarded() ? Json::object() : result},
                                     {"position", o.last_position.value()}});
    }
    switch (o.status.code()) {
      case Code::kValidation: {
        Json errors = Json::array();
        for (const auto& e : o.errors) errors.push_back({{"title", e.title}, {"detail", e.detail}});
        if (errors.empty()) errors.push_back({{"title", "command"}, {"detail", o.status.message()}});
        return json_response(422, Json{{"errors", errors}});
      }
      case Code::kNotFound: return not_found_response();
      case Code::kInvalidArgument: return error_response(400, "Bad request", o.status.message());
      case Code::kWrongExpectedVersion: return error_response(409, "Conflict", o.status.message());
      case Code::kUnavailable:
      case Code::kFenced:
        return error_response(503, "Service unavailable",
                              read_only_log ? "This rectd reads a Kafka log and accepts no writes; send writes to the writer"
                                            : o.status.message());
      default: return error_response(500, "Internal server error", o.status.to_string());
    }
  }

  HttpResponse handle(const HttpRequest& r) {
    const std::shared_ptr<ReadSide> rs = current();
    const Router& router = rs->router;
    const TokenRegistry& tokens = rs->tokens;
    RequestContext ctx;
    ctx.now = clock->now();
    if (options.sandbox) {
      if (auto d = r.header("x-with-server-date"); !d.empty()) {
        auto t = Timestamp::parse_iso8601(d);
        if (!t) return error_response(400, "Bad request", "X-With-Server-Date must be an ISO 8601 date or time");
        ctx.now = *t;
        ctx.sandbox_time = true;
      }
    }
    const std::string_view path = r.path();
    if (path == "/healthz") return router.dispatch(r, ctx);
    if (path.starts_with("/api/v3")) {
      auto actor = tokens.authenticate(r.header("authorization"));
      if (!actor || actor->kind != ActorKind::kLeadProvider) return access_denied();
      if (auto retry = api_limiter->allow(std::string(r.header("authorization")), ctx.now)) return too_many(*retry);
      ctx.actor = *actor;
      return router.dispatch(r, ctx);
    }
    if (path.starts_with("/api/docs") || path.starts_with("/api/guidance")) {
      if (auto retry = public_limiter.allow(r.remote_address, ctx.now)) return too_many(*retry);
      return router.dispatch(r, ctx);
    }
    if (path.starts_with("/admin") || path.starts_with("/commands")) {
      auto actor = tokens.authenticate(r.header("authorization"));
      if (!actor) return access_denied();
      const bool admin_only = path.starts_with("/admin");
      const bool finance_ok = path.starts_with("/admin/statements") && actor->kind == ActorKind::kFinanceUser;
      if (admin_only && actor->kind != ActorKind::kAdmin && !finance_ok)
        return error_response(403, "Forbidden", "This endpoint needs an admin token (statements: admin or finance)");
      if (!admin_only && actor->kind == ActorKind::kLeadProvider)
        return error_response(403, "Forbidden", "Lead providers use the lead provider API under /api/v3");
      if (auto retry = api_limiter->allow(std::string(r.header("authorization")), ctx.now)) return too_many(*retry);
      ctx.actor = *actor;
      return router.dispatch(r, ctx);
    }
    return router.dispatch(r, ctx);
  }
};

Service::Service(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Service::~Service() { stop(); }

Result<std::unique_ptr<Service>> Service::start(ServiceOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->clock = options.clock ? options.clock : SystemClock::instance();
  impl->random = options.random ? options.random : SystemRandom::instance();
  impl->api_limiter = std::make_unique<RateLimiter>(options.rate_limit, options.rate_window);
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec) return Status(Code::kIOError, "cannot create data directory '" + options.data_dir + "': " + ec.message());

  if (!impl->kafka_mode()) {
    RocksDbOptions store_options;
    store_options.clock = impl->clock;
    store_options.random = impl->random;
    store_options.verify_tail_records = options.verify_full ? UINT64_MAX : 4096;
    auto log = RocksDbEventStore::open(options.data_dir + "/events", store_options);
    if (!log) return log.status();
    if (options.verify_full) {
      auto report = (*log)->verify();
      if (!report) return report.status();
    }
    impl->log = std::move(*log);
  } else {
    KafkaOptions ko;
    ko.brokers = options.kafka.brokers;
    ko.topic = options.kafka.topic;
    ko.role = options.kafka.reader ? KafkaRole::kReader : KafkaRole::kWriter;
    ko.transactional_id = options.kafka.transactional_id;
    ko.local_dir = options.data_dir + "/kafka-state";
    ko.clock = impl->clock;
    ko.random = impl->random;
    auto log = KafkaEventStore::open(ko);
    if (!log) return log.status();
    impl->log = std::move(*log);
    impl->store_kind = options.kafka.reader ? "kafka-reader" : "kafka-writer";
    impl->read_only_log = options.kafka.reader;
  }
  impl->commands = std::make_unique<domain::CommandHandler>(*impl->log, *impl->clock, *impl->random);
  // The write side's state is a fold of the whole log and the read models
  // are restored from their store: two independent starts, each a large
  // part of a restart on a big log, so they run side by side.
  const auto opening = std::chrono::steady_clock::now();
  auto seconds_since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };
  std::cerr << "rectd: folding the log (" << impl->log->head().value()
            << " events) into the write side's state while the read models are restored\n";
  Status write_side;
  std::jthread catching_up([&] {  // joins on the way out, whatever happens
    write_side = impl->commands->catch_up();
    if (write_side) std::cerr << "rectd: write side ready in " << static_cast<long>(seconds_since(opening)) << " s\n";
  });
  auto rs = impl->open_read_side();
  const double restored = seconds_since(opening);
  catching_up.join();
  if (!write_side) return write_side;
  if (!rs) return rs.status();
  std::cerr << "rectd: read models restored in " << static_cast<long>(restored) << " s\n";
  std::atomic_store(&impl->read_side, *rs);
  // Serve only once the read models have caught up with the log as it was at
  // start (a first start folds the whole log); say how it is going.
  const GlobalPosition target = impl->log->head();
  const auto started = std::chrono::steady_clock::now();
  while (!(*rs)->engine->wait_for(target, 2s)) {
    const auto at = (*rs)->engine->position().value();
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cerr << "rectd: read models at position " << at << " of " << target.value() << " ("
              << static_cast<long>(static_cast<double>(at) / std::max(secs, 1e-3)) << " events/s)\n";
    for (const auto& st : (*rs)->engine->status())
      if (!st.last_error.empty()) return Status(Code::kCorruption, "projection " + st.name + " failed: " + st.last_error);
  }
  if (!impl->read_only_log) {
    if (Status s = impl->ensure_admin_token(); !s) return s;
  } else {
    // A reader shares the writer's tokens through the log; it has no admin
    // token of its own unless one was copied into its data directory.
    std::ifstream in(options.data_dir + "/admin.token");
    if (in) std::getline(in, impl->admin_token);
  }

  HttpServerOptions http;
  http.address = options.listen;
  http.port = options.port;
  http.threads = options.threads;
  Impl* raw = impl.get();
  auto server = HttpServer::start(http, [raw](const HttpRequest& r) { return raw->handle(r); });
  if (!server) return server.status();
  impl->server = std::move(*server);
  return std::unique_ptr<Service>(new Service(std::move(impl)));
}

std::uint16_t Service::port() const { return impl_->server->port(); }
const std::string& Service::admin_token() const { return impl_->admin_token; }
EventStore& Service::log() { return *impl_->log; }
domain::CommandHandler& Service::commands() { return *impl_->commands; }
projections::ProjectionEngine& Service::engine() { return *impl_->current()->engine; }

Result<std::string> Service::issue_token(const Actor& holder) {
  auto t = api::issue_token(*impl_->log, *impl_->random, holder, {ActorKind::kAdmin, "admin"});
  if (!t) return t.status();
  if (!impl_->caught_up(t->position)) return Status(Code::kTimedOut, "the token was not folded in time");
  return t->token;
}

void Service::stop() {
  if (impl_->server) impl_->server->stop();
  if (auto rs = impl_->current()) rs->engine->stop();
}

void Service::wait() { impl_->server->wait(); }

}  // namespace rect::api
