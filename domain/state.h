// Private to domain/: the write side's picture of the world, folded from the
// log, that command handlers decide against.
//
// State holds, per aggregate, exactly what the rules need (periods, statuses,
// links) plus the version of every stream it has seen, which becomes the
// expected version of the next append. It is rebuilt by applying every event
// in position order (see fold_*.cpp); it never reads the store itself.
//
// Thread-safety: none; CommandHandler guards it with a shared mutex.
//
// Usage:
//   State s;
//   for (const RecordedEvent& e : events) s.apply(e);
//   const Teacher* t = s.teacher_by_trn("1234567");
#pragma once

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "domain/date.h"
#include "events/event.h"
#include "events/types.h"

namespace rect::domain {

enum class Role { kEct = 0, kMentor = 1 };
inline const char* role_name(Role r) { return r == Role::kEct ? "ect" : "mentor"; }

struct ContractPeriod {
  int year = 0;
  Date started_on, finished_on;
  bool enabled = false;
  std::optional<Timestamp> payments_frozen_at;
  bool mentor_funding_enabled = false;
  bool detailed_evidence_types_enabled = false;
  bool uplift_fees_enabled = true;
  bool frozen(Timestamp now) const { return payments_frozen_at && *payments_frozen_at <= now; }
};

struct Milestone {
  Date start_date;
  std::optional<Date> milestone_date;
};

struct Schedule {
  int year = 0;
  std::string identifier;
  std::map<std::string, Milestone> milestones;  // by declaration type
};

struct LeadProvider {
  std::string id, name;
  bool vat_registered = true;
  std::set<int> active_years;  // contract periods with an active lead provider
};

struct DeliveryPartner {
  std::string id, name;
};

struct AppropriateBody {
  std::string id, name, body_type;  // local_authority | national | teaching_school_hub
  bool active = true;
};

struct ProgrammeChoices {
  std::string appropriate_body_id, training_programme, lead_provider_id;
};

struct School {
  std::string urn, name, type_name, status;
  bool in_england = true, section_41_approved = false, gias_eligible = true, marked_as_eligible = false;
  std::map<int, std::pair<bool, bool>> uplifts;  // year -> (pupil premium, sparsity)
  std::optional<ProgrammeChoices> last_choices;
  std::string tutor_name, tutor_email;
  std::optional<int> tutor_year;
  bool independent() const;
  bool eligible() const;
};

struct Partnership {
  std::string id, school_urn, lead_provider_id, delivery_partner_id, source;
  int year = 0;
};

struct TrsRecord {
  std::string trn, first_name, last_name, induction_status;
  Date date_of_birth;
  std::optional<Date> qts_awarded_on;
  bool prohibited = false;
  std::string teacher_id;  // the Teacher holding this TRN, once one exists
  // TRS's last answer for the TRN when it was not a record: "not_found",
  // "gone" (deactivated) or "permanent_redirect" (merged into redirected_to);
  // empty after an ok answer (trs_record_flagged / trs_record_received).
  std::string response, redirected_to;
};

struct Placement {
  std::string id, school_urn, email, working_pattern, reported_appropriate_body_id;
  Date started_on;
  std::optional<Date> finished_on;
  bool ongoing_on(Date d) const { return started_on <= d && (!finished_on || d <= *finished_on); }
  bool unfinished() const { return !finished_on.has_value(); }
};

struct TrainingPeriod {
  std::string id, placement_id, training_programme, partnership_id, eoi_lead_provider_id, schedule;
  int year = 0;  // contract period; 0 for school-led
  Date started_on;
  std::optional<Date> finished_on;
  std::optional<Timestamp> withdrawn_at, deferred_at;
  std::string withdrawal_reason, deferral_reason;
  std::string lead_provider_id;  // of the partnership or expression of interest
  bool ongoing_on(Date d) const { return started_on <= d && (!finished_on || d <= *finished_on); }
  bool provider_led() const { return training_programme == "provider_led"; }
  // active | deferred | withdrawn (the later of the two timestamps wins).
  std::string training_status() const;
};

struct Mentorship {
  std::string id, ect_placement_id, mentor_teacher_id, mentor_placement_id;
  Date started_on;
  std::optional<Date> finished_on;
};

// One role's stream: ect-{teacher} or mentor-{teacher}.
struct RoleRecord {
  std::vector<Placement> placements;
  std::vector<TrainingPeriod> training;
  std::vector<Mentorship> mentorships;  // ECT stream only
  Placement* placement(const std::string& id);
  const Placement* placement(const std::string& id) const;
  TrainingPeriod* training_period(const std::string& id);
  const TrainingPeriod* training_period(const std::string& id) const;
  const Placement* unfinished_at(const std::string& urn) const;
  // Latest (by start) training period with this lead provider, or null.
  const TrainingPeriod* latest_with(const std::string& lead_provider_id) const;
  const TrainingPeriod* latest() const;
};

struct InductionPeriod {
  std::string id, appropriate_body_id, training_programme, outcome;
  Date started_on;
  std::optional<Date> finished_on;
  std::string number_of_terms;  // decimal text, set when finished
};

struct Declaration {
  std::string id, teacher_id, training_period_id, lead_provider_id, type, evidence_held, delivery_partner_id,
      mentorship_id;
  Role role = Role::kEct;
  int year = 0;
  Timestamp declaration_date;
  std::string payment_status = "no_payment";  // no_payment eligible payable paid voided
  std::string clawback_status = "no_clawback";
  std::string statement_id, clawback_statement_id;
  bool pupil_premium_uplift = false, sparsity_uplift = false;
  bool billable_or_changeable() const {
    return payment_status != "voided" && clawback_status == "no_clawback";
  }
};

struct Teacher {
  std::string id, trn, first_name, last_name, corrected_name;
  std::optional<Timestamp> ect_first_eligible_at, mentor_first_eligible_at;
  std::optional<Date> ect_ineligible_on, mentor_ineligible_on;
  std::string mentor_ineligible_reason;
  std::optional<int> ect_payments_frozen_year, mentor_payments_frozen_year;
  std::string merged_into;
  // The teacher's TRS snapshot was flagged (teacher_trs_record_flagged):
  // "not_found", "gone" or "permanent_redirect", or empty (null or ok in
  // RECT). A flagged teacher is no longer refreshed from TRS.
  std::string trs_response, trs_redirected_to;
  bool anonymised = false;
  std::vector<std::pair<std::string, std::string>> id_changes;  // (from, to)
  RoleRecord ect, mentor;
  std::vector<InductionPeriod> induction;
  std::map<std::string, std::string> extensions;  // id -> terms
  std::array<std::vector<Declaration>, 2> declarations;  // by Role
  // By Role: who holds that declaration stream sealed while it removes or
  // merges the record ("merge:{destination id}" or "undo_registration"), or
  // empty. A sealed teacher takes no new declarations.
  std::array<std::string, 2> sealed_by;
  bool sealed() const { return !sealed_by[0].empty() || !sealed_by[1].empty(); }
  // By Role: the source whose declarations a merge in flight is bringing to
  // this record (declarations_absorbing), or empty. The record still takes
  // declarations, checked against the source's too.
  std::array<std::string, 2> absorbing;
  bool absorbing_any() const { return !absorbing[0].empty() || !absorbing[1].empty(); }
  RoleRecord& role(Role r) { return r == Role::kEct ? ect : mentor; }
  const RoleRecord& role(Role r) const { return r == Role::kEct ? ect : mentor; }
  std::string display_name() const;
  const InductionPeriod* ongoing_induction() const;  // unfinished
};

struct Adjustment {
  std::string id, payment_type, amount;
};

struct Statement {
  std::string id, lead_provider_id, fee_type, status = "open", contract_id;
  int year = 0, month = 0, calendar_year = 0;
  Date deadline_date, payment_date;
  std::vector<Adjustment> adjustments;
};

struct Band {
  int allocation_order = 0;
  long capacity = 0;
};

struct ActiveLeadProvider {
  std::vector<Band> bands;
  std::vector<std::string> contract_ids;
};

class State {
 public:
  State() = default;
  // Not copyable: the teacher index points into teachers_. Moving keeps it valid.
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  State(State&&) = default;
  State& operator=(State&&) = default;

  void apply(const RecordedEvent& e);
  // The same, for a fold that parses payloads on another thread: `payload`
  // is what parse_for_apply() gave (null when it gave false).
  void apply(const RecordedEvent& e, const nlohmann::json* payload);
  // Parses e's payload into `out` when e's type changes the State; false
  // when it does not, or the payload is not a JSON object (apply ignores
  // such an event but for its position and stream version).
  static bool parse_for_apply(const RecordedEvent& e, nlohmann::json& out);
  GlobalPosition position() const { return position_; }
  StreamVersion version(const std::string& stream) const;

  const ContractPeriod* contract_period(int year) const;
  // The contract period containing d, if any.
  const ContractPeriod* contract_period_on(Date d) const;
  const Schedule* schedule(int year, const std::string& identifier) const;
  const LeadProvider* lead_provider(const std::string& id) const;
  const DeliveryPartner* delivery_partner(const std::string& id) const;
  bool paired(const std::string& lp, const std::string& dp, int year) const;
  const AppropriateBody* appropriate_body(const std::string& id) const;
  const School* school(const std::string& urn) const;
  // The URN a GIAS replacement gave the school that had `urn`, or "".
  std::string successor_urn(const std::string& urn) const;
  bool urn_retired(const std::string& urn) const { return retired_urns_.count(urn) > 0; }
  const Partnership* partnership(const std::string& id) const;
  std::vector<const Partnership*> partnerships_for(const std::string& urn, const std::string& lp, int year) const;
  const TrsRecord* trs(const std::string& trn) const;
  const Teacher* teacher(const std::string& id) const;
  const Teacher* teacher_by_trn(const std::string& trn) const;
  // Follows merges: the teacher a (possibly merged-away) id now belongs to.
  const Teacher* live_teacher(const std::string& id) const;
  const Declaration* declaration(const std::string& id) const;
  // The declarations that name this statement now, as the one that pays them
  // or the one that claws them back, whatever their status: those a
  // statement's day job and authorisation choose from, in the order a walk of
  // teachers() would meet them (teacher id, then ECT before mentor, then
  // submission). Found through an index, not a walk of every teacher.
  std::vector<const Declaration*> declarations_naming(const std::string& statement_id) const;
  const Statement* statement(const std::string& id) const;
  // Output statements of (lead provider, year) ordered by deadline.
  std::vector<const Statement*> output_statements(const std::string& lp, int year) const;
  std::vector<const Statement*> all_statements() const;
  const ActiveLeadProvider* active_lead_provider(const std::string& lp, int year) const;
  // Teachers with an unfinished placement (either role) using this email.
  std::vector<const Teacher*> teachers_using_email(const std::string& email) const;

  // The command handlers' ways to what a school, a mentor or a mentor's
  // placement touches, through indexes the fold keeps instead of a walk of
  // every teacher or partnership. Each lists, in id order and once, all that
  // ever matched: a placement since finished, moved or merged away, or a
  // partnership since moved, leaves its owner listed, so a caller still
  // checks what it is given, as a walk would.
  //
  // Teachers that have had a placement (either role) at `urn`.
  std::vector<const Teacher*> teachers_placed_at(const std::string& urn) const;
  // Partnerships that have been at `urn`.
  std::vector<const Partnership*> partnerships_placed_at(const std::string& urn) const;
  // Teachers whose ECT mentorships have named `mentor_id` as the mentor.
  std::vector<const Teacher*> mentees_of(const std::string& mentor_id) const;
  // Teachers whose ECT mentorships have named the mentor placement `placement_id`.
  std::vector<const Teacher*> mentees_through(const std::string& placement_id) const;

  // For the fold: adds to those indexes (repeats are ignored; empty keys too).
  void note_placement(Teacher& t, const Placement& p);
  void note_placement_urn(Teacher& t, const std::string& urn);
  void note_placement_email(Teacher& t, const std::string& email);
  void note_mentorship(Teacher& mentee, const Mentorship& m);
  void note_partnership_urn(Partnership& sp, const std::string& urn);
  void note_statement(Statement& st);
  // The mutable lists behind mentees_of and mentees_through (the fold
  // rewrites what they find); empty when there is none.
  std::vector<Teacher*> mentee_list(const std::string& mentor_id);
  std::vector<Teacher*> mentee_list_through(const std::string& placement_id);
  const std::map<std::string, Teacher>& teachers() const { return teachers_; }
  // The teacher under `id`, made (with its id set) if there is none: the
  // fold's way in, through a hash index rather than the ordered map.
  Teacher& teacher_for_fold(const std::string& id);

  // Mutable access for the fold.
  std::map<int, ContractPeriod> contract_periods_;
  std::map<std::pair<int, std::string>, Schedule> schedules_;
  std::map<std::string, LeadProvider> lead_providers_;
  std::map<std::string, DeliveryPartner> delivery_partners_;
  std::set<std::tuple<std::string, std::string, int>> pairings_;
  std::map<std::string, AppropriateBody> appropriate_bodies_;
  std::map<std::string, School> schools_;
  // A replaced URN -> its successor (school_urn_replaced), and the replaced
  // URNs whose stream is closed (school_urn_retired).
  std::map<std::string, std::string> urn_successors_;
  std::set<std::string> retired_urns_;
  std::map<std::string, Partnership> partnerships_;
  std::map<std::string, TrsRecord> trs_;
  std::map<std::string, Teacher> teachers_;  // added to by teacher_for_fold only (never erased)
  std::unordered_map<std::string, std::pair<std::string, int>> declaration_index_;  // id -> (teacher, role)
  // statement id -> ids of the declarations made eligible on it or whose
  // clawback was requested on it (an id may repeat; see declarations_naming).
  std::unordered_map<std::string, std::vector<std::string>> statement_declarations_;
  std::map<std::string, Statement> statements_;
  std::map<std::pair<std::string, int>, ActiveLeadProvider> active_lead_providers_;

 private:
  GlobalPosition position_;
  std::unordered_map<std::string, StreamVersion> versions_;
  // teachers_ by hash: the fold looks a teacher up for almost every event,
  // and the ordered map's lookup is a walk of ~17 cold nodes at 170,000.
  std::unordered_map<std::string_view, Teacher*> teacher_index_;
  // The indexes behind teachers_placed_at and its kin (map nodes never move,
  // so the pointers stay valid when the State moves). Unordered lists
  // without repeats; a query sorts its copy by id.
  template <class T>
  using Listing = std::unordered_map<std::string, std::vector<T*>>;
  Listing<Teacher> teachers_at_urn_, teachers_by_email_, mentees_by_mentor_, mentees_by_mentor_placement_;
  Listing<Partnership> partnerships_at_urn_;
  std::map<std::pair<std::string, int>, std::vector<Statement*>> statements_by_lead_provider_;  // (lp, year)
};

}  // namespace rect::domain
