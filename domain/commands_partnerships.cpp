// Lead provider partnerships with schools (api.md §7.5–§7.6, domain.md §1.3).
#include "domain/api_messages.h"
#include "domain/commands.h"
#include "domain/input.h"
#include "domain/registration.h"
#include "domain/streams.h"

namespace rect::domain {
namespace {

std::optional<std::string> api_value(const Json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (it->is_number_integer()) return std::to_string(it->get<long>());
  if (it->is_string() && !it->get_ref<const std::string&>().empty()) return it->get<std::string>();
  return std::nullopt;
}

bool known_fields(const Json& body, std::initializer_list<const char*> fields, Decision& d) {
  for (auto it = body.begin(); it != body.end(); ++it) {
    bool known = false;
    for (const char* f : fields) known = known || it.key() == f;
    if (!known) d.error(it.key(), kUnknownField);
  }
  return d.errors.empty();
}

void create_partnership(const Context& ctx, const Json& body, Decision& d) {
  if (!known_fields(body, {"cohort", "school_id", "delivery_partner_id"}, d)) return;
  const State& s = ctx.state;
  const std::string lp = ctx.actor.id;
  const auto cohort = api_value(body, "cohort");
  const auto urn = api_value(body, "school_id");
  const auto dp = api_value(body, "delivery_partner_id");
  if (!cohort) d.error("cohort", msg::kCohortBlank);
  if (!urn) d.error("school_id", msg::kSchoolIdBlank);
  if (lp.empty()) d.error("lead_provider_id", "Enter a '#/lead_provider_id'.");
  if (!dp) d.error("delivery_partner_id", msg::kDeliveryPartnerIdBlank);
  const ContractPeriod* cp = nullptr;
  int year = 0;
  if (cohort && cohort->size() == 4 && std::all_of(cohort->begin(), cohort->end(), ::isdigit)) {
    year = std::stoi(*cohort);
    cp = s.contract_period(year);
  }
  if (!d.has_error("cohort") && !cp) d.error("cohort", msg::kCohortUnknown);
  if (cp && !d.has_error("cohort") && cp->started_on > ctx.today) d.error("cohort", msg::kCohortNotStarted);
  if (cp && !d.has_error("cohort") && !cp->enabled) d.error("cohort", msg::kCohortClosed);
  if (!lp.empty() && !s.lead_provider(lp) && !d.has_error("lead_provider_id"))
    d.error("lead_provider_id", "Enter a '#/lead_provider_id'.");
  const School* school = urn ? s.school(*urn) : nullptr;
  if (urn && !school && !d.has_error("school_id")) d.error("school_id", msg::kSchoolUnknown);
  if (school && !d.has_error("school_id") && !school->eligible()) d.error("school_id", msg::kSchoolNotEligible);
  const DeliveryPartner* partner = dp ? s.delivery_partner(*dp) : nullptr;
  if (dp && !partner && !d.has_error("delivery_partner_id")) d.error("delivery_partner_id", msg::kDeliveryPartnerUnknown);
  if (partner && s.lead_provider(lp) && !s.paired(lp, *dp, year)) d.error("delivery_partner_id", msg::kDeliveryPartnerNotPaired);
  if (school && cp && !s.partnerships_for(*urn, lp, year).empty()) d.error("school_id", msg::kAlreadyPartnered);
  if (school && cp) {
    bool any_provider_led = false, any_school_led = false;
    for (const Teacher* t : s.teachers_placed_at(*urn))
      for (const TrainingPeriod& tp : t->ect.training) {
        const Placement* p = t->ect.placement(tp.placement_id);
        if (!p || p->school_urn != *urn) continue;
        const ContractPeriod* on = s.contract_period_on(tp.started_on);
        if (tp.year == year || (!tp.provider_led() && on && on->year == year))
          (tp.provider_led() ? any_provider_led : any_school_led) = true;
      }
    if (any_school_led && !any_provider_led) d.error("school_id", msg::kSchoolLedOnly);
  }
  if (d.failed()) return;
  Partnership sp{ctx.new_id(), *urn, lp, *dp, "lp_api", year};
  d.emit(ctx, streams::partnership(sp.id), "school_partnership_created",
         {{"partnership_id", sp.id}, {"school_urn", *urn}, {"lead_provider_id", lp}, {"delivery_partner_id", *dp},
          {"year", year}, {"source", "lp_api"}});
  link_expressions_of_interest(ctx, d, sp);
  d.result = {{"partnership_id", sp.id}};
}

void update_partnership(const Context& ctx, const Json& body, Decision& d) {
  if (!known_fields(body, {"partnership_id", "delivery_partner_id"}, d)) return;
  const State& s = ctx.state;
  const auto id = api_value(body, "partnership_id");
  const Partnership* sp = id ? s.partnership(*id) : nullptr;
  if (!sp || sp->lead_provider_id != ctx.actor.id) {
    d.status = Status(Code::kNotFound, "Nothing could be found for the provided details");
    return;
  }
  const auto dp = api_value(body, "delivery_partner_id");
  if (!dp) d.error("delivery_partner_id", msg::kDeliveryPartnerIdBlank);
  const DeliveryPartner* partner = dp ? s.delivery_partner(*dp) : nullptr;
  if (dp && !partner) d.error("delivery_partner_id", msg::kDeliveryPartnerUnknown);
  if (partner && !s.paired(sp->lead_provider_id, *dp, sp->year)) d.error("delivery_partner_id", msg::kDeliveryPartnerNotPaired);
  if (partner)
    for (const Partnership* other : s.partnerships_placed_at(sp->school_urn))
      if (other->school_urn == sp->school_urn && other->lead_provider_id == sp->lead_provider_id &&
          other->delivery_partner_id == *dp && other->year == sp->year) {
        d.error("delivery_partner_id", msg::kDuplicatePartnership);
        break;
      }
  if (d.failed()) return;
  d.emit(ctx, streams::partnership(sp->id), "school_partnership_delivery_partner_changed",
         {{"partnership_id", sp->id}, {"from", sp->delivery_partner_id}, {"to", *dp}});
  d.result = {{"partnership_id", sp->id}};
}

}  // namespace

void link_expressions_of_interest(const Context& ctx, Decision& d, const Partnership& sp) {
  for (const Teacher* placed : ctx.state.teachers_placed_at(sp.school_urn)) {
    const Teacher& t = *placed;
    for (Role role : {Role::kEct, Role::kMentor}) {
      const RoleRecord& r = t.role(role);
      for (const TrainingPeriod& tp : r.training) {
        if (!tp.partnership_id.empty() || tp.eoi_lead_provider_id != sp.lead_provider_id || tp.year != sp.year) continue;
        const Placement* p = r.placement(tp.placement_id);
        if (!p || p->school_urn != sp.school_urn) continue;
        d.emit(ctx, role == Role::kEct ? streams::ect(t.id) : streams::mentor(t.id), "training_period_partnership_confirmed",
               {{"teacher_id", t.id}, {"role", role_name(role)}, {"training_period_id", tp.id}, {"partnership_id", sp.id},
                {"lead_provider_id", sp.lead_provider_id}, {"delivery_partner_id", sp.delivery_partner_id}});
      }
    }
  }
}

void register_partnership_commands(CommandTable& t) {
  t["create_partnership"] = {create_partnership, kLeadProviderActor};
  t["update_partnership"] = {update_partnership, kLeadProviderActor};
}

}  // namespace rect::domain
