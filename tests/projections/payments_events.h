// Test and benchmark support: finance and declaration events written directly,
// with the payloads docs/events.md gives and the domain emits, numbered with
// consecutive global positions. For scenarios the commands cannot reach
// quickly (hundreds of random ones, 100,000 declarations) or at all (§7 V3).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "events/event.h"

namespace rect::testing::payments {

struct SyntheticLog {
  std::vector<RecordedEvent> events;
  std::int64_t now_us = 1760518800000000;  // 2025-10-15T09:00:00Z

  void add(const std::string& type, std::string payload, const std::string& stream = "s") {
    RecordedEvent e;
    e.stream = stream;
    e.position = GlobalPosition(events.size() + 1);
    e.recorded_at = Timestamp(now_us += 1000);
    e.data.type = type;
    e.data.payload = std::move(payload);
    events.push_back(std::move(e));
  }
  static std::string q(const std::string& s) { return "\"" + s + "\""; }

  void lead_provider(const std::string& lp, bool vat) {
    add("lead_provider_created",
        "{\"lead_provider_id\":" + q(lp) + ",\"name\":\"LP\",\"vat_registered\":" + (vat ? "true" : "false") + "}");
  }
  void band(const std::string& lp, int year, int order, std::int64_t capacity) {
    add("band_added", "{\"lead_provider_id\":" + q(lp) + ",\"year\":" + std::to_string(year) +
                          ",\"allocation_order\":" + std::to_string(order) + ",\"capacity\":" + std::to_string(capacity) + "}");
  }
  struct Terms {
    std::string fee, output_ratio, service_ratio;
  };
  void contract(const std::string& lp, int year, const std::string& id, const std::string& type, const std::string& vat,
                const std::vector<Terms>& terms, std::int64_t target, const std::string& setup, const std::string& uplift,
                const std::string& monthly /* "" = null */, const std::string& flat_fee /* "" = no flat rate */) {
    std::string t = "[";
    for (std::size_t i = 0; i < terms.size(); ++i) {
      if (i) t += ",";
      t += "{\"fee_per_declaration\":" + q(terms[i].fee) + ",\"output_fee_ratio\":" + q(terms[i].output_ratio) +
           ",\"service_fee_ratio\":" + q(terms[i].service_ratio) + "}";
    }
    t += "]";
    add("contract_created",
        "{\"contract_id\":" + q(id) + ",\"lead_provider_id\":" + q(lp) + ",\"year\":" + std::to_string(year) +
            ",\"contract_type\":" + q(type) + ",\"vat_rate\":" + q(vat) + ",\"banded\":{\"recruitment_target\":" +
            std::to_string(target) + ",\"setup_fee\":" + q(setup) + ",\"uplift_fee_per_declaration\":" + q(uplift) +
            ",\"monthly_service_fee\":" + (monthly.empty() ? std::string("null") : q(monthly)) + ",\"band_terms\":" + t +
            "},\"flat_rate\":" +
            (flat_fee.empty() ? std::string("null") : "{\"recruitment_target\":10,\"fee_per_declaration\":" + q(flat_fee) + "}") +
            "}");
  }
  void statement(const std::string& id, const std::string& lp, int year, int month, int calendar_year,
                 const std::string& deadline, const std::string& payment, const std::string& fee_type,
                 const std::string& contract_id) {
    add("statement_created", "{\"statement_id\":" + q(id) + ",\"lead_provider_id\":" + q(lp) + ",\"year\":" +
                                 std::to_string(year) + ",\"month\":" + std::to_string(month) + ",\"calendar_year\":" +
                                 std::to_string(calendar_year) + ",\"deadline_date\":" + q(deadline) +
                                 ",\"payment_date\":" + q(payment) + ",\"fee_type\":" + q(fee_type) +
                                 ",\"contract_id\":" + q(contract_id) + "}");
  }
  void adjustment(const std::string& statement_id, const std::string& id, const std::string& amount) {
    add("statement_adjustment_added", "{\"statement_id\":" + q(statement_id) + ",\"adjustment_id\":" + q(id) +
                                          ",\"payment_type\":\"manual\",\"amount\":" + q(amount) + "}");
  }
  void authorised(const std::string& statement_id) {
    add("statement_authorised", "{\"statement_id\":" + q(statement_id) + ",\"at\":\"2026-01-02T09:00:00.000000Z\"}");
  }
  void submitted(const std::string& id, const std::string& lp, int year, const std::string& role, const std::string& type,
                 const std::string& date, bool pupil_premium, bool sparsity) {
    add("declaration_submitted",
        "{\"teacher_id\":" + q("t-" + id) + ",\"role\":" + q(role) + ",\"declaration_id\":" + q(id) +
            ",\"training_period_id\":\"tp\",\"lead_provider_id\":" + q(lp) + ",\"declaration_type\":" + q(type) +
            ",\"declaration_date\":" + q(date) + ",\"evidence_held\":null,\"delivery_partner_id\":\"dp-north\"," +
            "\"mentorship_id\":null,\"mentor_teacher_id\":null,\"year\":" + std::to_string(year) +
            ",\"pupil_premium_uplift\":" + (pupil_premium ? "true" : "false") +
            ",\"sparsity_uplift\":" + (sparsity ? "true" : "false") + "}",
        "declarations-t-" + id + "-" + role);
  }
  void declaration_event(const std::string& type, const std::string& id, const std::string& role,
                         const std::string& statement_id = "") {
    std::string p = "{\"teacher_id\":" + q("t-" + id) + ",\"role\":" + q(role) + ",\"declaration_id\":" + q(id);
    if (!statement_id.empty()) p += ",\"statement_id\":" + q(statement_id);
    if (type == "declaration_voided" || type == "declaration_clawback_requested") p += ",\"by\":\"lead_provider\"";
    add(type, p + "}", "declarations-t-" + id + "-" + role);
  }
};

}  // namespace rect::testing::payments
