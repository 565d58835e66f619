// The payments records' bytes are persisted: a string is written with '"' and
// '\\' escaped and control characters as \u00XX, and everything else as it is,
// whatever path the writer takes (plain strings are copied in one go).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "projections/payments/payments.h"
#include "tests/projections/payments_events.h"

namespace rect::testing::payments {
namespace {

using projections::payments::PaymentsProjection;

TEST_CASE("payments_records_escape_quotes_backslashes_and_control_characters_as_they_always_have") {
  SyntheticLog l;
  l.lead_provider("lp", true);
  // The contract id as JSON text in the payload: c"1<newline><U+0001>\é, then 40 plain bytes.
  const std::string plain(40, 'p');
  l.add("statement_created", R"({"statement_id":"st","lead_provider_id":"lp","year":2025,"month":11,"calendar_year":2025,)"
                             R"("deadline_date":"2025-10-31","payment_date":"2025-11-25","fee_type":"output",)"
                             R"("contract_id":"c\"1\n\u0001\\é)" + plain + R"("})");
  PaymentsProjection p;
  for (const RecordedEvent& e : l.events) REQUIRE(p.apply(e));
  std::vector<projections::RecordChange> records;
  p.drain_changes(records);
  std::string statement;
  for (const auto& [key, value] : records)
    if (value && value->find("\"fee_type\":\"output\"") != std::string::npos) statement = *value;
  REQUIRE(!statement.empty());
  CHECK(statement.find(R"("contract_id":"c\"1\u000a\u0001\\é)" + plain + "\"") != std::string::npos);
  CHECK(nlohmann::json::parse(statement)["contract_id"] == "c\"1\n\x01\\\xc3\xa9" + plain);
}

}  // namespace
}  // namespace rect::testing::payments
