#include "api/rectd_options.h"

#include <charconv>

namespace rect::api {
namespace {

Status bad(const std::string& msg) { return Status(Code::kInvalidArgument, msg); }

bool parse_uint(const std::string& s, unsigned long max, unsigned long* out) {
  unsigned long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v > max) return false;
  *out = v;
  return true;
}

}  // namespace

std::string rectd_usage() {
  return R"(Usage: rectd [options]

Serves rect: the lead provider API v3, the admin and finance endpoints and
/healthz, from an event log and its read-model projections.

Options:
  --data-dir DIR            Directory of the embedded store (default ./var).
                            The event log lives in DIR/events.
  --listen ADDR             IP address to listen on (default 127.0.0.1;
                            0.0.0.0 for every interface).
  --port N                  TCP port, 0..65535 (default 8080; 0 picks a free
                            port, printed at start-up).
  --threads N               HTTP I/O threads, 1..256 (default: one per core).
  --store BACKEND           Event store backend: rocksdb (default), the
                            embedded durable store under --data-dir; or
                            kafka, the log on a Kafka topic (docs/kafka-mode.md)
                            with local state under --data-dir.
  --brokers HOST:PORT[,...] Kafka bootstrap servers (required with --store kafka).
  --topic NAME              Kafka topic of the log, one partition
                            (default rect-events).
  --kafka-role writer|reader
                            writer (default): the one instance that appends,
                            fencing any earlier writer; reader: serves reads
                            and refuses writes with 503.
  --transactional-id ID     The writer's Kafka transactional.id, the same for
                            every writer of a deployment (default rect-writer).
  --verify-store tail|full  Check at start-up: the newest 4096 records (tail,
                            default) or every record (full). A store that
                            fails is refused, never served.
  --sandbox                 Sandbox mode: honour the X-With-Server-Date
                            header (ISO 8601) so requests run as if at that
                            time. Never use in production.
  --version                 Print the version and exit.
  --help                    Print this help and exit.

Tokens (run while rectd is stopped; while it runs, use POST /admin/tokens):
  rectd token issue --holder-kind KIND [--holder-id ID] [--data-dir DIR]
                            Prints a new bearer token. KIND is lead_provider,
                            school_user, appropriate_body, finance_user or
                            admin; ID the lead provider, school URN or
                            appropriate body it acts for.
  rectd token revoke TOKEN_ID [--data-dir DIR]

The admin token is created on first start in DIR/admin.token (mode 0600).

Exit status: 0 after a clean shutdown (SIGINT/SIGTERM), 1 when the store
cannot be opened or the port cannot be bound, 2 for a bad command line.
)";
}

Result<RectdOptions> parse_rectd_options(const std::vector<std::string>& args) {
  RectdOptions o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    std::string value;
    bool has_value = false;
    if (auto eq = flag.find('='); flag.starts_with("--") && eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag = flag.substr(0, eq);
      has_value = true;
    }
    auto take = [&](std::string* out) -> Status {
      if (has_value) {
        *out = value;
        return Status::ok();
      }
      if (i + 1 >= args.size()) return bad(flag + " needs a value");
      *out = args[++i];
      return Status::ok();
    };
    if (flag == "--help" || flag == "-h") {
      o.help = true;
    } else if (flag == "--version") {
      o.version = true;
    } else if (flag == "--data-dir") {
      if (Status s = take(&o.data_dir); !s) return s;
      if (o.data_dir.empty()) return bad("--data-dir must not be empty");
    } else if (flag == "--listen") {
      if (Status s = take(&o.listen); !s) return s;
    } else if (flag == "--port") {
      std::string v;
      if (Status s = take(&v); !s) return s;
      unsigned long n = 0;
      if (!parse_uint(v, 65535, &n)) return bad("--port must be a number from 0 to 65535, not '" + v + "'");
      o.port = static_cast<std::uint16_t>(n);
    } else if (flag == "--threads") {
      std::string v;
      if (Status s = take(&v); !s) return s;
      unsigned long n = 0;
      if (!parse_uint(v, 256, &n) || n == 0) return bad("--threads must be a number from 1 to 256, not '" + v + "'");
      o.threads = static_cast<unsigned>(n);
    } else if (flag == "--store") {
      if (Status s = take(&o.store); !s) return s;
      if (o.store != "rocksdb" && o.store != "kafka")
        return bad("--store must be 'rocksdb' or 'kafka', not '" + o.store + "'");
    } else if (flag == "--brokers") {
      if (Status s = take(&o.brokers); !s) return s;
    } else if (flag == "--topic") {
      if (Status s = take(&o.topic); !s) return s;
      if (o.topic.empty()) return bad("--topic must not be empty");
    } else if (flag == "--kafka-role") {
      if (Status s = take(&o.kafka_role); !s) return s;
      if (o.kafka_role != "writer" && o.kafka_role != "reader")
        return bad("--kafka-role must be 'writer' or 'reader', not '" + o.kafka_role + "'");
    } else if (flag == "--transactional-id") {
      if (Status s = take(&o.transactional_id); !s) return s;
    } else if (flag == "--sandbox") {
      o.sandbox = true;
    } else if (flag == "--verify-store") {
      if (Status s = take(&o.verify_store); !s) return s;
      if (o.verify_store != "tail" && o.verify_store != "full")
        return bad("--verify-store must be 'tail' or 'full', not '" + o.verify_store + "'");
    } else {
      return bad("unknown option '" + args[i] + "'");
    }
  }
  if (o.store == "kafka" && o.brokers.empty()) return bad("--store kafka needs --brokers HOST:PORT");
  if (o.store != "kafka" && !o.brokers.empty()) return bad("--brokers is only for --store kafka");
  return o;
}

}  // namespace rect::api
