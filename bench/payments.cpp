// bench/payments: one lead provider, one cohort, 34 monthly output
// statements and 100,000 declarations (with payable, paid, voided and
// clawed-back ones). Measures the payments projection's fold cost per event
// (apply plus drain of changed records every 4,096 events, as the engine
// batches) and the time to produce all 34 statements with their derivations.
// One summary line.
//
//   rect_bench_payments [--declarations=100000] [--statements=34]
#include <cstdio>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "projections/payments/payments.h"
#include "tests/projections/payments_events.h"

using rect::testing::payments::SyntheticLog;

int main(int argc, char** argv) {
  const int declarations = std::stoi(rect::bench::flag(argc, argv, "declarations", "100000"));
  const int statements = std::stoi(rect::bench::flag(argc, argv, "statements", "34"));
  const char* kTypes[] = {"started", "retained-1", "retained-2", "retained-3", "retained-4", "completed"};

  SyntheticLog l;
  l.events.reserve(static_cast<std::size_t>(declarations) * 4 + 1000);
  l.lead_provider("lp", true);
  for (int b = 1; b <= 4; ++b) l.band("lp", 2025, b, 2000);
  l.contract("lp", 2025, "c", "ecf", "0.20",
             {{"1000", "0.60", "0.40"}, {"900", "0.60", "0.40"}, {"800", "0.60", "0.40"}, {"800", "1.00", "0.00"}}, 7000,
             "0", "100", "", "");
  std::vector<std::string> ids;
  for (int s = 0; s < statements; ++s) {
    const int month = (10 + s) % 12 + 1, year = 2025 + (10 + s) / 12;
    char deadline[16], payment[16];
    std::snprintf(deadline, sizeof deadline, "%04d-%02d-01", year, month);
    std::snprintf(payment, sizeof payment, "%04d-%02d-25", year, month);
    ids.push_back("st" + std::to_string(s));
    l.statement(ids.back(), "lp", 2025, month, year, deadline, payment, "output", "c");
  }
  for (int i = 0; i < declarations; ++i) {
    const std::string id = "decl-" + std::to_string(i);
    const int s = i % statements;
    l.submitted(id, "lp", 2025, i % 5 ? "ect" : "mentor", kTypes[(i / statements) % 6], "2025-10-01T10:00:00Z",
                i % 7 == 0, false);
    l.declaration_event("declaration_made_eligible", id, i % 5 ? "ect" : "mentor", ids[static_cast<std::size_t>(s)]);
    if (i % 50 == 0) {
      l.declaration_event("declaration_voided", id, i % 5 ? "ect" : "mentor");
    } else if (s + 1 < statements) {
      l.declaration_event("declaration_paid", id, i % 5 ? "ect" : "mentor");
      if (i % 40 == 1)
        l.declaration_event("declaration_clawback_requested", id, i % 5 ? "ect" : "mentor",
                            ids[static_cast<std::size_t>(s + 1)]);
    }
  }
  for (int s = 0; s < statements; s += 3) l.adjustment(ids[static_cast<std::size_t>(s)], "a" + std::to_string(s), "-250.00");

  rect::projections::payments::PaymentsProjection payments;
  std::vector<rect::projections::RecordChange> changes;
  std::size_t records = 0;
  const auto fold_start = rect::bench::Stopwatch::now();
  for (std::size_t i = 0; i < l.events.size(); ++i) {
    if (rect::Status st = payments.apply(l.events[i]); !st) {
      std::fprintf(stderr, "apply failed: %s\n", st.to_string().c_str());
      return 1;
    }
    if ((i + 1) % 4096 == 0 || i + 1 == l.events.size()) {
      payments.drain_changes(changes);
      records += changes.size();
      changes.clear();
    }
  }
  const double fold_s = rect::bench::seconds_since(fold_start);

  std::size_t lines = 0;
  std::string last_total;
  const auto read_start = rect::bench::Stopwatch::now();
  for (const auto& summary : payments.statements("lp", 2025)) {
    auto d = payments.derivation(summary.id);
    if (!d) {
      std::fprintf(stderr, "derivation failed: %s\n", d.status().to_string().c_str());
      return 1;
    }
    lines += d->lines.size();
    last_total = d->statement.figures.total.to_pennies_string();
  }
  const double read_s = rect::bench::seconds_since(read_start);

  std::printf(
      "payments: %d declarations, %zu events, %d statements: fold %.2f us/event (%zu records drained); "
      "all statements with derivations %.1f ms (%zu declaration lines; last total %s)\n",
      declarations, l.events.size(), statements, fold_s * 1e6 / static_cast<double>(l.events.size()), records,
      read_s * 1e3, lines, last_total.c_str());
  return 0;
}
