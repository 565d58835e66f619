// PaymentsProjection: the Projection glue (fold, drain, load) and the
// queries that turn the counts into statements and derivations.
#include <algorithm>
#include <atomic>
#include <limits>
#include <mutex>
#include <shared_mutex>

#include "projections/key_order.h"
#include "projections/payments/model.h"

namespace rect::projections::payments {
namespace {

enum class Calculator { kBanded, kFlatRate, kNone };

Calculator calculator_for(finance::ContractType c, finance::Role role, finance::DeclarationType t) {
  if (c == finance::ContractType::kEcf || role == finance::Role::kEct) return Calculator::kBanded;
  return finance::is_flat_rate_type(t) ? Calculator::kFlatRate : Calculator::kNone;
}

bool happened_by(GlobalPosition event, GlobalPosition at) { return event.value() != 0 && event <= at; }

DeclarationLine line_of(const Declaration& d, finance::Standing standing) {
  DeclarationLine l;
  l.id = d.id;
  l.participant_id = d.teacher_id;
  l.delivery_partner_id = d.delivery_partner_id;
  l.evidence_held = d.evidence_held;
  l.role = d.role;
  l.type = d.type;
  l.declaration_date = Timestamp(d.declaration_date);
  l.created_at = Timestamp(d.created_at);
  l.standing = standing;
  l.pupil_premium_uplift = d.pupil_premium;
  l.sparsity_uplift = d.sparsity;
  l.payment_status = payment_status_name(d.payment);
  l.clawback_status = clawback_status_name(d.clawback);
  l.positions = d.positions;
  return l;
}

}  // namespace

struct PaymentsProjection::Impl {
  Model m;
  mutable std::mutex relink_mu;
  mutable std::atomic<bool> needs_relink{false};

  // load() cannot know when the last record has arrived, so the derived
  // links are rebuilt on first use after loading.
  void ensure_linked() const {
    if (!needs_relink.load(std::memory_order_acquire)) return;
    std::lock_guard l(relink_mu);
    if (!needs_relink.load(std::memory_order_relaxed)) return;
    const_cast<Model&>(m).relink();
    needs_relink.store(false, std::memory_order_release);
  }

  const Statement* find(std::string_view id) const {
    auto it = m.statements.find(std::string(id));
    return it == m.statements.end() ? nullptr : &it->second;
  }

  Result<StatementView> view(const Statement& s) const {
    StatementView v;
    v.summary = s.summary;
    if (s.frozen) {
      const Frozen& f = *s.frozen;
      if (!f.contract) return Status(Code::kValidation, f.error);
      v.contract_id = f.contract_id;
      v.contract = *f.contract;
      v.vat_registered = f.vat_registered;
      v.activity = {f.previous, f.current, f.adjustments};
      v.frozen = true;
      v.computed_at = f.position;
    } else {
      const Contract* c = m.contract_for(s);
      if (!c) return Status(Code::kValidation, "the statement has no contract to be computed under");
      v.contract_id = c->id;
      v.contract = c->terms;
      auto vat = m.vat_registered.find(s.summary.lead_provider_id);
      v.vat_registered = vat == m.vat_registered.end() ? true : vat->second;
      v.activity = {m.previous_of(s), s.tallies, m.adjustments_of(s)};
      v.computed_at = m.position;
    }
    Result<finance::StatementFigures> figures = finance::calculate_statement(v.contract, v.vat_registered, v.activity);
    if (!figures) return figures.status();
    v.figures = std::move(*figures);
    if (s.frozen) {
      // What authorisation recorded must be what the frozen inputs give.
      const auto& rows = s.frozen->rows;
      bool same = rows.size() == v.figures.rows.size();
      for (std::size_t i = 0; same && i < rows.size(); ++i)
        same = rows[i].first == v.figures.rows[i].key && rows[i].second == v.figures.rows[i].exact.to_string_exact();
      if (!same) return Status(Code::kCorruption, "statement " + s.summary.id + ": frozen figures do not reproduce");
    }
    return v;
  }

  Result<Derivation> derive(const Statement& s) const {
    Result<StatementView> v = view(s);
    if (!v) return v.status();
    Derivation d;
    d.statement = std::move(*v);
    const GlobalPosition at =
        s.frozen ? s.frozen->position : GlobalPosition(std::numeric_limits<std::uint64_t>::max());
    const std::size_t pay_n = s.frozen ? s.frozen->payment_count : s.payment_declarations.size();
    const std::size_t claw_n = s.frozen ? s.frozen->clawback_count : s.clawback_declarations.size();
    d.lines.reserve(pay_n + claw_n);
    for (std::size_t i = 0; i < pay_n && i < s.payment_declarations.size(); ++i) {
      const Declaration& x = *s.payment_declarations[i];
      d.lines.push_back(line_of(x, happened_by(x.positions.voided, at) ? finance::Standing::kVoided
                                                                       : finance::Standing::kBillable));
    }
    for (std::size_t i = 0; i < claw_n && i < s.clawback_declarations.size(); ++i)
      d.lines.push_back(line_of(*s.clawback_declarations[i], finance::Standing::kRefundable));

    std::vector<finance::DeclarationRecord> records;
    records.reserve(d.lines.size());
    for (const DeclarationLine& l : d.lines)
      records.push_back({l.id, l.role, l.type, l.declaration_date, l.created_at, l.standing});
    const finance::ContractType ct = d.statement.contract.type;
    const finance::StatementFigures& fig = d.statement.figures;
    d.selection = finance::select_declarations(ct, records, fig.banded);

    // The lines the selection left out, in §5.7 order (usually few).
    std::vector<char> selected(d.lines.size(), 0);
    for (std::size_t i : d.selection.billable) selected[i] = 1;
    for (std::size_t i : d.selection.refundable) selected[i] = 1;
    for (std::size_t i : d.selection.voided) selected[i] = 1;
    std::vector<std::size_t> order = d.selection.voided;
    for (std::size_t i = 0; i < d.lines.size(); ++i)
      if (!selected[i]) order.push_back(i);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const finance::DeclarationRecord& x = records[a];
      const finance::DeclarationRecord& y = records[b];
      return std::tie(x.type, x.declaration_date, x.created_at, x.id) <
             std::tie(y.type, y.declaration_date, y.created_at, y.id);
    });

    for (finance::DeclarationType t : finance::kAllDeclarationTypes) {
      const finance::TypeOutput& out = fig.banded.types[finance::index(t)];
      TypeDerivation td;
      td.type = t;
      td.counts = out.counts;
      td.billable = out.billable;
      td.refundable = out.refundable;
      for (const finance::BandOutput& b : out.bands) td.bands.push_back({b, {}, {}});
      std::size_t band = 0;
      std::int64_t room = td.bands.empty() ? 0 : td.bands[0].output.counts.current_billable;
      for (std::size_t i : d.selection.billable) {
        const DeclarationLine& l = d.lines[i];
        if (l.type != t || calculator_for(ct, l.role, l.type) != Calculator::kBanded) continue;
        while (room == 0 && band + 1 < td.bands.size()) room = td.bands[++band].output.counts.current_billable;
        td.bands[band].billable.push_back(i);
        --room;
      }
      std::size_t rband = td.bands.size();
      std::int64_t rroom = 0;
      for (std::size_t i : d.selection.refundable) {
        const DeclarationLine& l = d.lines[i];
        if (l.type != t || calculator_for(ct, l.role, l.type) != Calculator::kBanded) continue;
        while (rroom == 0 && rband > 0) rroom = td.bands[--rband].output.counts.current_refundable;
        td.bands[rband].refundable.push_back(i);
        --rroom;
      }
      for (std::size_t i : order) {
        const DeclarationLine& l = d.lines[i];
        if (l.type != t) continue;
        if (l.standing == finance::Standing::kVoided) td.voided.push_back(i);
        else if (calculator_for(ct, l.role, l.type) != Calculator::kBanded) continue;
        else if (l.standing == finance::Standing::kBillable) td.unpaid.push_back(i);
        else td.unmatched_refundable.push_back(i);
      }
      d.types.push_back(std::move(td));
    }
    if (fig.flat_rate) {
      for (const finance::FlatRateLine& line : fig.flat_rate->lines) {
        FlatRateDerivation fd;
        fd.line = line;
        for (std::size_t i : d.selection.billable)
          if (d.lines[i].type == line.type && calculator_for(ct, d.lines[i].role, d.lines[i].type) == Calculator::kFlatRate)
            fd.billable.push_back(i);
        for (std::size_t i : d.selection.refundable)
          if (d.lines[i].type == line.type && calculator_for(ct, d.lines[i].role, d.lines[i].type) == Calculator::kFlatRate)
            fd.refundable.push_back(i);
        d.flat_rate.push_back(std::move(fd));
      }
    }
    if (s.frozen) {
      d.previous.push_back({"", s.summary.payment_date, finance::banded_selection(ct, s.frozen->previous)});
    } else if (const ActiveLeadProvider* a = m.find_alp(s.summary.lead_provider_id, s.summary.cohort)) {
      for (const Statement* o : a->statements)
        if (o->summary.payment_date < s.summary.payment_date)
          d.previous.push_back({o->summary.id, o->summary.payment_date, finance::banded_selection(ct, o->tallies)});
      std::sort(d.previous.begin(), d.previous.end(), [](const PreviousStatementCounts& x, const PreviousStatementCounts& y) {
        return std::tie(x.payment_date, x.statement_id) < std::tie(y.payment_date, y.statement_id);
      });
    }
    return d;
  }
};

PaymentsProjection::PaymentsProjection() : impl_(std::make_unique<Impl>()) {}
PaymentsProjection::~PaymentsProjection() = default;

Status PaymentsProjection::apply(const RecordedEvent& event) {
  impl_->ensure_linked();
  return impl_->m.fold(event);
}

void PaymentsProjection::drain_changes(std::vector<RecordChange>& out) {
  while (!drain_some(out, std::numeric_limits<std::size_t>::max())) {
  }
}

// Drains in key order ("a/" < "d/" < "l/" < "p" < "s/"), so that a rebuild
// writes one table file (ReadModelStore::BulkLoad): the active lead
// providers first, then the declarations by id over as many calls as they
// take, then the rest.
bool PaymentsProjection::drain_some(std::vector<RecordChange>& out, std::size_t max) {
  Model& m = impl_->m;
  const std::size_t stop = out.size() + max;
  for (const auto& key : m.dirty_alps)
    out.emplace_back("a/" + key.first + "/" + std::to_string(key.second), encode_alp(m.alps[key]));
  m.dirty_alps.clear();
  if (!m.declarations_sorted) {
    sort_by_key(
        m.dirty_declarations, [](const Declaration*) { return 0; },
        [](const Declaration* d) -> std::string_view { return d->id.str(); }, true);
    m.declarations_sorted = true;
  }
  for (; !m.dirty_declarations.empty() && out.size() < stop; m.dirty_declarations.pop_back()) {
    const Declaration* d = m.dirty_declarations.back();
    out.emplace_back("d/" + d->id.str(), encode_declaration(*d));
    d->marked = false;
  }
  if (!m.dirty_declarations.empty()) return false;
  m.declarations_sorted = false;
  for (const std::string& lp : m.dirty_lead_providers) out.emplace_back("l/" + lp, encode_lead_provider(m.vat_registered[lp]));
  if (m.dirty_position) out.emplace_back("p", std::to_string(m.position.value()));
  for (const std::string& id : m.dirty_statements) out.emplace_back("s/" + id, encode_statement(m.statements.at(id)));
  m.dirty_lead_providers.clear();
  m.dirty_statements.clear();
  m.dirty_position = false;
  return true;
}

std::size_t PaymentsProjection::pending_changes() {
  const Model& m = impl_->m;
  return m.dirty_alps.size() + m.dirty_declarations.size() + m.dirty_lead_providers.size() +
         (m.dirty_position ? 1 : 0) + m.dirty_statements.size();
}

Status PaymentsProjection::load(std::string_view key, std::string_view value) {
  impl_->needs_relink.store(true, std::memory_order_release);
  return load_record(impl_->m, key, value);
}

void PaymentsProjection::clear() {
  std::lock_guard l(impl_->relink_mu);
  impl_->m = Model();
  impl_->needs_relink.store(false);
}

std::vector<StatementSummary> PaymentsProjection::statements(std::string_view lead_provider,
                                                             std::optional<int> cohort) const {
  std::shared_lock l(lock());
  impl_->ensure_linked();
  std::vector<StatementSummary> out;
  const std::string lp(lead_provider);
  for (auto it = impl_->m.alps.lower_bound({lp, std::numeric_limits<int>::min()});
       it != impl_->m.alps.end() && it->first.first == lp; ++it) {
    if (cohort && it->first.second != *cohort) continue;
    for (const Statement* s : it->second.statements) out.push_back(s->summary);
  }
  std::sort(out.begin(), out.end(), [](const StatementSummary& a, const StatementSummary& b) {
    return std::tie(a.cohort, a.payment_date, a.month, a.id) < std::tie(b.cohort, b.payment_date, b.month, b.id);
  });
  return out;
}

Result<StatementView> PaymentsProjection::statement(std::string_view id) const {
  std::shared_lock l(lock());
  impl_->ensure_linked();
  const Statement* s = impl_->find(id);
  if (!s) return Status(Code::kNotFound, "no statement " + std::string(id));
  return impl_->view(*s);
}

Result<Derivation> PaymentsProjection::derivation(std::string_view id) const {
  std::shared_lock l(lock());
  impl_->ensure_linked();
  const Statement* s = impl_->find(id);
  if (!s) return Status(Code::kNotFound, "no statement " + std::string(id));
  return impl_->derive(*s);
}

GlobalPosition PaymentsProjection::position() const {
  std::shared_lock l(lock());
  return impl_->m.position;
}

}  // namespace rect::projections::payments
