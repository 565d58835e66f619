// HttpServer: rect's HTTP/1.1 listener, built on Boost.Beast.
//
// The server owns the sockets and the I/O threads; everything it knows about
// rect is the Handler it is given. Requests and responses are plain structs so
// that no Beast or Asio header leaks into the rest of the code base (Beast is
// only included by http_server.cpp). Before the handler sees a request the
// server has already enforced the limits: header size, body size (413), and a
// well-formed request line (400); those answers are JSON.
//
// Thread-safety: the Handler is called concurrently from the I/O threads and
// must be thread-safe. start()/stop() may be called from any thread.
//
// Usage:
//   auto server = HttpServer::start({.address = "127.0.0.1", .port = 0, .threads = 2},
//                                   [](const HttpRequest& r) { return HttpResponse::json(200, "{}"); });
//   std::cout << "listening on " << (*server)->port();
//   (*server)->wait();   // until stop()
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "events/status.h"

namespace rect::api {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query, as sent
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_address;

  // The first header of that (lower-case) name, or empty.
  std::string_view header(std::string_view name) const;
  std::string_view path() const;   // target up to '?'
  std::string_view query() const;  // after '?', or empty
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static HttpResponse json(int status, std::string body) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    return r;
  }
};

using Handler = std::function<HttpResponse(const HttpRequest&)>;

struct HttpServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: pick a free port (see port())
  unsigned threads = 2;
  std::size_t body_limit = 1 << 20;   // larger bodies get 413
  std::size_t header_limit = 16 << 10;  // larger headers get 431
};

class HttpServer {
 public:
  static Result<std::unique_ptr<HttpServer>> start(HttpServerOptions options, Handler handler);
  ~HttpServer();

  std::uint16_t port() const;
  // Stops accepting, closes connections, joins the threads. Idempotent.
  void stop();
  // Blocks until stop() has been called (from another thread or a signal).
  void wait();

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rect::api
