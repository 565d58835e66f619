#include "projections/all.h"

#include "projections/lead_provider/views.h"
#include "projections/payments/payments.h"

namespace rect::projections {

std::vector<std::unique_ptr<Projection>> make_all_projections() {
  std::vector<std::unique_ptr<Projection>> all;
  all.push_back(std::make_unique<lead_provider::LeadProviderViews>());
  all.push_back(std::make_unique<payments::PaymentsProjection>());
  return all;
}

std::vector<std::string> all_projection_names() {
  std::vector<std::string> names;
  for (const auto& p : make_all_projections()) names.emplace_back(p->name());
  return names;
}

}  // namespace rect::projections
