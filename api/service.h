// Service: rect assembled — the event store, the read-model store, the
// projection engine with every projection, the domain's CommandHandler, the
// routes, authentication, rate limiting and the HTTP server. rectd is a thin
// main() around it; end-to-end tests start one in-process.
//
// Routes (docs/api.md has the details):
//   GET  /healthz                       no token
//   /api/v3/...                         lead provider token, 1,000 requests / 5 min
//   POST /commands/{name}, GET /commands  school, appropriate body, finance or admin token
//   GET  /admin/projections             admin token
//   GET  /admin/statements[/{id}[/derivation[.csv]]]  admin or finance token
//   POST /admin/read-models/reload      admin token (after rect-replay rebuild)
//   POST /admin/tokens, DELETE /admin/tokens/{id}  admin token
//
// Thread-safety: the accessors may be used from any thread while serving.
//
// Usage:
//   auto svc = Service::start({.data_dir = "var", .port = 0});
//   std::cout << (*svc)->port();
//   (*svc)->wait();   // until stop()
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "api/http_server.h"
#include "events/event_store.h"
#include "events/world.h"

namespace rect::domain {
class CommandHandler;
}
namespace rect::projections {
class ProjectionEngine;
}

namespace rect::api {

// Where the log lives: the embedded RocksDB store (default) or a Kafka topic.
struct KafkaServiceOptions {
  std::string brokers;                  // empty: RocksDB mode
  std::string topic = "rect-events";
  bool reader = false;                  // a reading instance: refuses writes
  std::string transactional_id = "rect-writer";
};

struct ServiceOptions {
  std::string data_dir = "./var";
  KafkaServiceOptions kafka = {};
  std::string listen = "127.0.0.1";
  std::uint16_t port = 8080;
  unsigned threads = 2;
  bool sandbox = false;        // honour X-With-Server-Date
  bool verify_full = false;    // check every record of the log at start
  const Clock* clock = nullptr;  // null: SystemClock
  Random* random = nullptr;      // null: SystemRandom
  std::chrono::milliseconds write_wait{5000};  // read-your-writes bound
  std::size_t rate_limit = 1000;               // requests per window per token
  std::chrono::seconds rate_window{300};
};

class Service {
 public:
  static Result<std::unique_ptr<Service>> start(ServiceOptions options);
  ~Service();

  std::uint16_t port() const;
  // The admin token, created on first start in <data-dir>/admin.token (0600).
  const std::string& admin_token() const;
  EventStore& log();
  domain::CommandHandler& commands();
  projections::ProjectionEngine& engine();
  // Issues a token for `holder` and waits until it is usable.
  Result<std::string> issue_token(const Actor& holder);

  void stop();
  void wait();

 private:
  struct Impl;
  explicit Service(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rect::api
