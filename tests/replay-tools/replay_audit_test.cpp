// rect-replay audit and as-of against an authorised statement: replay
// reproduces the figures that were frozen when finance authorised it.
#include "projections/payments/payments.h"
#include "projections/read_model_store.h"
#include "tests/projections/payments_world.h"
#include "tests/replay-tools/replay_world.h"

using namespace rect;
using namespace rect::replay::testing;
using rect::testing::payments::PayWorld;
using projections::payments::PaymentsProjection;

namespace {

// Copies the world's log into DIR/events with the same positions and recorded_at.
void copy_log(const PayWorld& w, const std::string& dir) {
  ManualClock clock(Timestamp(0));
  auto store = RocksDbEventStore::open(dir + "/events", {.clock = &clock});
  REQUIRE(store);
  for (const RecordedEvent& e : w.all_events()) {
    clock.set(e.recorded_at);
    auto r = (*store)->append(e.stream, ExpectedVersion::any(), {e.data});
    REQUIRE(r);
    REQUIRE(r->last_position() == e.position);
  }
}

std::vector<std::string> figures(const PaymentsProjection& p, const std::string& id) {
  auto v = p.statement(id);
  REQUIRE(v);
  std::vector<std::string> out;
  for (const auto& r : v->figures.rows) out.push_back(std::string(r.key) + "=" + r.exact.to_string_exact());
  return out;
}

// A log with statement `nov` authorised; `p` folded over all of it.
struct Authorised {
  PayWorld w;
  PaymentsProjection p;
  std::string nov;
  GlobalPosition authorised;
  rect::testing::TempDir dir{"rect-replay-audit"};

  Authorised() {
    build();
    copy_log(w, dir.path());
  }
  ~Authorised() {
    std::error_code ec;
    namespace fs = std::filesystem;
    for (fs::recursive_directory_iterator it(dir.path(), ec), end; !ec && it != end; it.increment(ec))
      fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
  }
  void build() {
    w.bands({2, 2});
    w.contract("ecf", R"([{"fee_per_declaration":"100","output_fee_ratio":"0.75","service_fee_ratio":"0.25"},
                         {"fee_per_declaration":"75","output_fee_ratio":"0.75","service_fee_ratio":"0.25"}])",
               R"("recruitment_target":4,"setup_fee":"0","uplift_fee_per_declaration":"0","monthly_service_fee":"0")");
    for (int i = 0; i < 3; ++i) w.declared(w.eligible_ect().first, "started");
    w.fold(p);
    for (const auto& s : p.statements("lp-ambition", 2025))
      if (s.month == 11) nov = s.id;
    REQUIRE(!nov.empty());
    w.day("2025-11-01");
    w.authorise(nov);
    w.set_today("2025-11-02T09:00:00Z");
    w.fold(p);
    auto frozen = p.statement(nov);
    REQUIRE(frozen);
    REQUIRE(frozen->frozen);
    authorised = frozen->computed_at;
  }
};

}  // namespace

TEST_CASE("replay: audit re-derives an authorised statement from the events before its authorisation") {
  Authorised a;
  Run audit = rr({"audit", "statement", a.nov, "--data-dir", a.dir.path()});
  INFO(audit.out << audit.err);
  CHECK(audit.rc == 0);
  CHECK(audit.out.find("audit passed") != std::string::npos);
  CHECK(audit.out.find("band A") != std::string::npos);
  CHECK(rr({"audit", "statement", "no-such-statement", "--data-dir", a.dir.path()}).rc == 2);
}

TEST_CASE("replay: as-of at the position a statement was authorised reproduces its figures") {
  Authorised a;
  const std::string& nov = a.nov;
  const auto& dir = a.dir;
  const auto authorised = a.authorised;
  const auto& p = a.p;
  Run as_of = rr({"as-of", "--data-dir", dir.path(), "--position", std::to_string(authorised.value()), "--out",
                  dir.sub("as-of"), "--projection", "payments"});
  INFO(as_of.out << as_of.err);
  REQUIRE(as_of.rc == 0);
  PaymentsProjection then;
  {
    auto rm = projections::ReadModelStore::open(dir.sub("as-of") + "/readmodels", {}, true);
    REQUIRE(rm);
    Status s = (*rm)->scan("payments", [&](std::string_view k, std::string_view v) { return then.load(k, v); });
    INFO(s.to_string());
    REQUIRE(s);
  }
  CHECK(figures(then, nov) == figures(p, nov));
}
