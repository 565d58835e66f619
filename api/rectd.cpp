// rectd: the rect server, and its token command. See `rectd --help`.
#include <signal.h>

#include <iostream>
#include <thread>

#include "api/rectd_options.h"
#include "api/service.h"
#include "api/tokens.h"
#include "events/rocksdb_store.h"

namespace {

using namespace rect;

std::string value_of(const std::vector<std::string>& args, const std::string& flag, const std::string& fallback) {
  for (std::size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == flag) return args[i + 1];
  return fallback;
}

// rectd token issue|revoke ...: works on the store directly, so rectd must be stopped.
int token_command(const std::vector<std::string>& args) {
  if (args.empty() || (args[0] != "issue" && args[0] != "revoke")) {
    std::cerr << "rectd token: say 'issue' or 'revoke' (see rectd --help)\n";
    return 2;
  }
  const std::string dir = value_of(args, "--data-dir", "./var");
  auto store = RocksDbEventStore::open(dir + "/events", {});
  if (!store) {
    std::cerr << "rectd token: " << store.status().to_string()
              << "\n(if rectd is running, use POST /admin/tokens with the admin token instead)\n";
    return 1;
  }
  const Actor cli{ActorKind::kAdmin, "cli"};
  if (args[0] == "issue") {
    auto kind = parse_actor_kind(value_of(args, "--holder-kind", ""));
    if (!kind) {
      std::cerr << "rectd token issue: --holder-kind must be lead_provider, school_user, appropriate_body, "
                   "finance_user or admin\n";
      return 2;
    }
    auto t = api::issue_token(**store, *SystemRandom::instance(), {*kind, value_of(args, "--holder-id", "")}, cli);
    if (!t) {
      std::cerr << "rectd token issue: " << t.status().message() << "\n";
      return 1;
    }
    std::cout << t->token << "\n";
    return 0;
  }
  if (args.size() < 2) {
    std::cerr << "rectd token revoke: give the token id\n";
    return 2;
  }
  auto r = api::revoke_token(**store, args[1], cli);
  if (!r) {
    std::cerr << "rectd token revoke: " << r.status().message() << "\n";
    return r.status().code() == Code::kNotFound ? 1 : 2;
  }
  std::cout << "revoked " << args[1] << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "token") return token_command({args.begin() + 1, args.end()});
  auto parsed = api::parse_rectd_options(args);
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

  api::ServiceOptions so;
  so.data_dir = o.data_dir;
  so.listen = o.listen;
  so.port = o.port;
  so.threads = o.threads ? o.threads : std::max(2u, std::thread::hardware_concurrency());
  so.sandbox = o.sandbox;
  so.verify_full = o.verify_store == "full";
  if (o.store == "kafka") {
    so.kafka.brokers = o.brokers;
    so.kafka.topic = o.topic;
    so.kafka.reader = o.kafka_role == "reader";
    so.kafka.transactional_id = o.transactional_id;
  }
  auto service = api::Service::start(so);
  if (!service) {
    std::cerr << "rectd: refusing to start: " << service.status().to_string() << "\n";
    return 1;
  }
  std::cout << "rectd: store " << (o.store == "kafka" ? "kafka topic " + o.topic + " (" + o.kafka_role + ")" : o.data_dir + "/events")
            << " at position " << (*service)->log().head().value()
            << (o.sandbox ? " (sandbox mode: X-With-Server-Date honoured)" : "") << "\n"
            << "rectd: admin token in " << o.data_dir << "/admin.token\n"
            << "rectd: listening on http://" << o.listen << ":" << (*service)->port() << std::endl;
  int sig = 0;
  sigwait(&signals, &sig);
  std::cout << "rectd: signal " << sig << ", shutting down" << std::endl;
  (*service)->stop();
  return 0;
}
