// The finance endpoints over the payments projection (docs/payments.md):
//
//   GET /admin/statements?lead_provider_id=&cohort=   statements of a lead provider (cohort optional)
//   GET /admin/statements/{id}                        every §5.6 display row, exact and rounded
//   GET /admin/statements/{id}/derivation             counts, fees and amounts per type and band, and
//                                                     the declarations and event positions behind them
//   GET /admin/statements/{id}/derivation.csv         the same declarations as CSV (§5.7 order)
//
// Authentication happens before the router: the Service routes /admin/* only
// for admin (and finance) tokens. Answers are JSON ({"data": ...}) except
// the CSV; an unknown statement is 404, a statement with no contract to be
// computed under is 422, a bad query is 400.
//
// Thread-safety: the registered handlers are safe to call concurrently; the
// projection must outlive the router.
//
// Usage:
//   projections::payments::PaymentsProjection payments;   // give it to the engine too
//   Router router;
//   register_finance_routes(router, {&payments});
#pragma once

#include "api/router.h"

namespace rect::projections::payments {
class PaymentsProjection;
}

namespace rect::api {

struct FinanceDeps {
  const projections::payments::PaymentsProjection* payments = nullptr;
};

void register_finance_routes(Router& router, const FinanceDeps& deps);

}  // namespace rect::api
