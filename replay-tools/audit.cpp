// rect-replay audit: recompute a statement from the log (docs/replay.md).
#include <algorithm>
#include <filesystem>

#include "projections/generations.h"
#include "projections/payments/payments.h"
#include "replay-tools/command_support.h"
#include "replay-tools/log_access.h"
#include "replay-tools/read_model_copy.h"
#include "replay-tools/replay.h"

namespace rect::replay {
namespace {

using projections::payments::PaymentsProjection;

constexpr const char* kHelp = R"(usage: rect-replay audit statement ID [--data-dir DIR] [--read-models DIR]

Takes the frozen figures of an authorised statement from the read models
rectd serves (or, when they hold no payments projection, from a fold of the
whole log), then recomputes the statement from scratch: a fresh payments fold
of the events before its statement_authorised event, and the domain's
calculators over those counts. Prints the derivation (declarations per type
and band, every figure exactly and in pence) and exits 1 if any figure
differs from the frozen one.

  --read-models DIR  take the frozen figures from this copy instead
)";

// Folds events with position in (p.position(), until] into `p`.
Status fold_until(const EventStore& log, PaymentsProjection& p, GlobalPosition until) {
  GlobalPosition at = p.position();
  while (at < until) {
    auto page = log.read_all(at, static_cast<std::size_t>(std::min<std::uint64_t>(8192, until.value() - at.value())));
    if (!page) return page.status();
    if (page->empty()) break;
    for (const RecordedEvent& e : *page)
      if (Status s = p.apply(e); !s) return s;
    at = page->back().position;
  }
  return Status::ok();
}

Status load_from(const ReadModelCopy& copy, PaymentsProjection& p) {
  auto cp = copy.scan(std::string(p.name()), [&](std::string_view k, std::string_view v) { return p.load(k, v); });
  if (!cp) return cp.status();
  std::vector<projections::RecordChange> ignored;
  p.drain_changes(ignored);
  return Status::ok();
}

void print_derivation(std::ostream& out, const projections::payments::Derivation& d) {
  const auto& s = d.statement.summary;
  out << "statement " << s.id << ": " << s.lead_provider_id << ", cohort " << s.cohort << ", " << s.calendar_year
      << "-" << (s.month < 10 ? "0" : "") << s.month << ", " << s.fee_type << " fees, contract "
      << d.statement.contract_id << (d.statement.vat_registered ? ", VAT registered" : ", not VAT registered") << "\n";
  out << "  declarations on the statement: " << d.lines.size() << "; earlier statements using band capacity: "
      << d.previous.size() << "\n";
  for (const auto& t : d.types) {
    out << "  " << finance::declaration_type_name(t.type) << ": previous billable " << t.counts.previous_billable
        << ", previous refundable " << t.counts.previous_refundable << ", current billable "
        << t.counts.current_billable << ", current refundable " << t.counts.current_refundable << "\n";
    for (std::size_t b = 0; b < t.bands.size(); ++b) {
      const auto& band = t.bands[b].output;
      out << "    band " << static_cast<char>('A' + b) << ": fee " << band.fee_per_declaration.to_string_exact()
          << ", " << t.bands[b].billable.size() << " billable = " << band.billable.to_string_exact() << ", "
          << t.bands[b].refundable.size() << " refundable = " << band.refundable.to_string_exact() << "\n";
    }
    if (!t.unpaid.empty()) out << "    over capacity (unpaid): " << t.unpaid.size() << "\n";
  }
  for (const auto& f : d.flat_rate)
    out << "  flat rate: " << f.billable.size() << " billable, " << f.refundable.size() << " refundable\n";
}

}  // namespace

int cmd_audit(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
  Args a;
  if (auto rc = parse_or_help(words, {"--read-models"}, {}, kHelp, out, err, a)) return *rc;
  if (a.positional().size() != 2 || a.positional()[0] != "statement") {
    err << "rect-replay audit: say 'audit statement ID'\n\n" << kHelp;
    return 2;
  }
  const std::string id = a.positional()[1];
  auto log = open_log(a.data_dir());
  if (!log) return fail(err, "audit", log.status());
  const EventStore& store = (*log)->store();

  PaymentsProjection frozen_source;
  std::string source = "a fold of the whole log";
  auto dir = a.get("--read-models") ? resolve_read_models(*a.get("--read-models"))
                                    : projections::current_read_models_dir(a.data_dir());
  if (dir && std::filesystem::exists(*dir + "/CURRENT")) {
    auto copy = ReadModelCopy::open(*dir);
    if (!copy) return fail(err, "audit", copy.status());
    if ((*copy)->has(frozen_source.name())) {
      if (Status s = load_from(**copy, frozen_source); !s) return fail(err, "audit", s);
      source = "the read models in " + *dir;
    }
  }
  if (source.starts_with("a fold"))
    if (Status s = fold_until(store, frozen_source, store.head()); !s) return fail(err, "audit", s);
  auto frozen = frozen_source.statement(id);
  if (!frozen) return fail(err, "audit", frozen.status());
  if (!frozen->frozen) {
    err << "rect-replay audit: statement " << id << " is " << frozen->summary.status
        << ", not authorised: it has no frozen figures to audit\n";
    return 2;
  }
  const GlobalPosition at = frozen->computed_at;
  out << "frozen figures: from " << source << ", authorised at position " << at.value() << "\n";

  PaymentsProjection fresh;
  if (Status s = fold_until(store, fresh, GlobalPosition(at.value() - 1)); !s) return fail(err, "audit", s);
  auto recomputed = fresh.derivation(id);
  if (!recomputed) return fail(err, "audit", recomputed.status());
  out << "recomputed from events 1.." << at.value() - 1 << " (before the authorisation):\n";
  print_derivation(out, *recomputed);

  int differences = 0;
  const auto& want = frozen->figures.rows;
  const auto& got = recomputed->statement.figures.rows;
  out << "  figures (recomputed | frozen):\n";
  for (const auto& r : got) {
    const finance::DisplayRow* f = frozen->figures.row(r.key);
    const bool same = f && f->exact == r.exact;
    differences += same ? 0 : 1;
    out << "    " << (same ? "  " : "! ") << r.label << ": " << r.rounded << " (" << r.exact.to_string_exact()
        << ") | " << (f ? f->rounded + " (" + f->exact.to_string_exact() + ")" : "(absent)") << "\n";
  }
  for (const auto& f : want)
    if (!recomputed->statement.figures.row(f.key)) {
      ++differences;
      out << "    ! " << f.label << ": (absent) | " << f.rounded << "\n";
    }
  out << (differences == 0 ? "audit passed: the recomputed figures equal the frozen ones\n"
                           : "audit FAILED: " + std::to_string(differences) + " figure(s) differ\n");
  return differences == 0 ? 0 : 1;
}

}  // namespace rect::replay
