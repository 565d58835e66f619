// RectdOptions: rectd's command line, parsed and validated.
//
// Kept apart from main() so that tests (and the compose.yaml check) can ask
// which flags rectd accepts without starting a server.
//
// Thread-safety: plain values and pure functions.
//
// Usage:
//   auto o = parse_rectd_options(argc, argv);
//   if (!o) { std::cerr << o.status().message() << "\n" << rectd_usage(); return 2; }
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "events/status.h"

namespace rect::api {

struct RectdOptions {
  std::string data_dir = "./var";
  std::string listen = "127.0.0.1";
  std::uint16_t port = 8080;
  unsigned threads = 0;  // 0: one per core
  std::string store = "rocksdb";
  std::string brokers;                       // --store kafka
  std::string topic = "rect-events";
  std::string kafka_role = "writer";         // writer | reader
  std::string transactional_id = "rect-writer";
  std::string verify_store = "tail";  // "tail" or "full"
  bool sandbox = false;
  bool help = false;
  bool version = false;
};

Result<RectdOptions> parse_rectd_options(const std::vector<std::string>& args);
// The --help text: every flag, its default and what it does.
std::string rectd_usage();

}  // namespace rect::api
