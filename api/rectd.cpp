// rectd: the rect server. See `rectd --help`.
#include <signal.h>

#include <iostream>
#include <thread>

#include "api/http_server.h"
#include "api/rectd_options.h"
#include "events/rocksdb_store.h"

int main(int argc, char** argv) {
  using namespace rect;
  auto parsed = api::parse_rectd_options(std::vector<std::string>(argv + 1, argv + argc));
  if (!parsed) {
    std::cerr << "rectd: " << parsed.status().message() << "\n\n" << api::rectd_usage();
    return 2;
  }
  const api::RectdOptions& o = *parsed;
  if (o.help) {
    std::cout << api::rectd_usage();
    return 0;
  }
  if (o.version) {
    std::cout << "rectd 0.1.0\n";
    return 0;
  }

  // Block the shutdown signals in every thread; main waits for them below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  const std::string store_dir = o.data_dir + "/events";
  RocksDbOptions store_options;
  store_options.verify_tail_records = o.verify_store == "full" ? UINT64_MAX : 4096;
  auto store = RocksDbEventStore::open(store_dir, store_options);
  if (!store) {
    std::cerr << "rectd: refusing to start: " << store.status().to_string() << "\n";
    return 1;
  }
  if (o.verify_store == "full") {
    auto report = (*store)->verify();
    if (!report) {
      std::cerr << "rectd: refusing to start: " << report.status().to_string() << "\n";
      return 1;
    }
  }
  EventStore* log = store->get();

  api::HttpServerOptions server_options;
  server_options.address = o.listen;
  server_options.port = o.port;
  server_options.threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  auto server = api::HttpServer::start(server_options, [log](const api::HttpRequest& r) {
    if (r.path() == "/healthz") {
      if (r.method != "GET" && r.method != "HEAD")
        return api::HttpResponse::json(405, R"({"errors":[{"title":"Method not allowed","detail":"Use GET"}]})");
      return api::HttpResponse::json(200, R"({"status":"ok","store":"rocksdb","head":)" +
                                              std::to_string(log->head().value()) + "}");
    }
    return api::HttpResponse::json(
        404, R"({"errors":[{"title":"Resource not found","detail":"Nothing could be found for the provided details"}]})");
  });
  if (!server) {
    std::cerr << "rectd: " << server.status().to_string() << "\n";
    return 1;
  }
  std::cout << "rectd: store " << store_dir << " at position " << log->head().value() << "\n"
            << "rectd: listening on http://" << o.listen << ":" << (*server)->port() << std::endl;

  int sig = 0;
  sigwait(&signals, &sig);
  std::cout << "rectd: signal " << sig << ", shutting down" << std::endl;
  (*server)->stop();
  return 0;
}
