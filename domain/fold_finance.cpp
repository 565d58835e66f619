#include <algorithm>

#include "domain/fold.h"

namespace rect::domain {
namespace {

void band_added(State& s, const RecordedEvent&, const Json& p) {
  s.active_lead_providers_[{str(p, "lead_provider_id"), p.value("year", 0)}].bands.push_back(
      {p.value("allocation_order", 0), p.value("capacity", 0L)});
}

void contract_created(State& s, const RecordedEvent&, const Json& p) {
  s.active_lead_providers_[{str(p, "lead_provider_id"), p.value("year", 0)}].contract_ids.push_back(
      str(p, "contract_id"));
}

void statement_created(State& s, const RecordedEvent&, const Json& p) {
  Statement& st = s.statements_[str(p, "statement_id")];
  st.id = str(p, "statement_id");
  st.lead_provider_id = str(p, "lead_provider_id");
  st.year = p.value("year", 0);
  st.month = p.value("month", 0);
  st.calendar_year = p.value("calendar_year", 0);
  st.deadline_date = date_of(p, "deadline_date");
  st.payment_date = date_of(p, "payment_date");
  st.fee_type = str(p, "fee_type");
  st.contract_id = str(p, "contract_id");
  s.note_statement(st);
}

Statement* statement_of(State& s, const Json& p) {
  auto it = s.statements_.find(str(p, "statement_id"));
  return it == s.statements_.end() ? nullptr : &it->second;
}

void statement_adjustment_added(State& s, const RecordedEvent&, const Json& p) {
  if (Statement* st = statement_of(s, p))
    st->adjustments.push_back({str(p, "adjustment_id"), str(p, "payment_type"), str(p, "amount")});
}

void statement_adjustment_removed(State& s, const RecordedEvent&, const Json& p) {
  if (Statement* st = statement_of(s, p)) {
    const std::string id = str(p, "adjustment_id");
    auto& v = st->adjustments;
    v.erase(std::remove_if(v.begin(), v.end(), [&](const Adjustment& a) { return a.id == id; }), v.end());
  }
}

void statement_marked_payable(State& s, const RecordedEvent&, const Json& p) {
  if (Statement* st = statement_of(s, p)) st->status = "payable";
}

void statement_authorised(State& s, const RecordedEvent&, const Json& p) {
  if (Statement* st = statement_of(s, p)) st->status = "paid";
}

void no_state_change(State&, const RecordedEvent&, const Json&) {}

}  // namespace

void register_finance_appliers(ApplierTable& t) {
  t["band_added"] = band_added;
  t["contract_created"] = contract_created;
  t["statement_created"] = statement_created;
  t["statement_adjustment_added"] = statement_adjustment_added;
  t["statement_adjustment_removed"] = statement_adjustment_removed;
  t["statement_marked_payable"] = statement_marked_payable;
  t["statement_authorised"] = statement_authorised;
  t["day_started"] = no_state_change;
  t["school_eligibility_changed"] = no_state_change;
  t["trs_induction_update_requested"] = no_state_change;
}

}  // namespace rect::domain
