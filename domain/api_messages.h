// Private to domain/: the lead provider API's 422 messages, verbatim after
// the internal → API name mapping (reference api-errors.json). Titles are the
// API attribute names. Templates take the placeholder as an argument.
//
// Thread-safety: constants and pure functions.
//
// Usage:
//   d.error(kTitleDeclarationType, msg::kDuplicateDeclaration);
#pragma once

#include <string>

namespace rect::domain::msg {

inline constexpr const char* kParticipantIdBlank = "Enter a '#/participant_id'.";
inline constexpr const char* kParticipantIdUnknown =
    "Your update cannot be made as the '#/participant_id' is not recognised. Check participant details and try again.";
inline constexpr const char* kCourseIdentifierBlank = "Enter a '#/course_identifier'.";
inline constexpr const char* kCourseIdentifierNotRecognised =
    "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again.";
inline constexpr const char* kReasonBlank = "Enter a '#/reason'.";
inline constexpr const char* kReasonNotRecognised =
    "The entered '#/reason' is not recognised for the given participant. Check details and try again.";
inline constexpr const char* kAlreadyWithdrawn = "The '#/participant_id' is already withdrawn.";
inline constexpr const char* kAlreadyDeferred = "The '#/participant_id' is already deferred.";
inline constexpr const char* kAlreadyActive = "The '#/participant_id' is already active.";
inline constexpr const char* kWithdrawNotStarted =
    "You cannot withdraw #/participant_id. This is because they have not been training with you for at least one "
    "day.";
inline constexpr const char* kDeferNotStarted =
    "You cannot defer #/participant_id. This is because they have not been training with you for at least one day.";
inline constexpr const char* kStartedToday =
    "You cannot defer or withdraw this participant today. You need to try again tomorrow as the training was "
    "recently changed for this participant.";
inline constexpr const char* kMentorOnlyReason = "You cannot withdraw an ECT for this reason. The ECT is not a mentor.";
inline constexpr const char* kActiveWithAnotherProvider =
    "This participant cannot be resumed because they are already active with another provider.";
inline constexpr const char* kResumeFinishedToday =
    "You cannot resume a participant on the same day they were withdrawn or deferred. Resume them tomorrow or later.";
inline constexpr const char* kNoLongerAtSchool =
    "The participant is no longer at the school. Please contact the induction tutor to resolve.";

inline constexpr const char* kScheduleBlank =
    "The property '#/schedule_identifier' must be present and correspond to a valid schedule.";
inline constexpr const char* kScheduleUnknown = "Enter a valid schedule identifier.";
inline constexpr const char* kScheduleUnchanged = "Selected schedule is already on the profile";
inline constexpr const char* kReplacementForEct = "Selected schedule is not valid for the course_identifier";
inline constexpr const char* kReducedForMentor =
    "Mentors cannot be placed on a reduced schedule. Assign them to a different schedule.";
inline constexpr const char* kWouldInvalidateDeclarations =
    "The change of schedule cannot be applied because a previous change of schedule and a declaration were made on "
    "the same day. Applying another change of schedule would invalidate existing declarations. Please contact DfE for "
    "assistance.";
inline constexpr const char* kNoPartnershipInTargetCohort =
    "You cannot change a participant to this contract_period as you do not have a partnership with the school for "
    "the contract_period. Contact the DfE for assistance.";
inline constexpr const char* kFrozenCohortMove =
    "You cannot move a participant to a payments frozen cohort unless they previously belonged to that cohort.";
inline constexpr const char* kTrainingCompleted =
    "You cannot change this participant's schedule as they have completed their training or induction.";
inline constexpr const char* kParticipantLeft =
    "You cannot change this participant's schedule. This is because the participant has a 'left' "
    "participant_status, so they are not training with you currently.";
inline constexpr const char* kParticipantWithdrawn = "Cannot perform actions on a withdrawn participant";
inline constexpr const char* kFutureTrainingElsewhere =
    "You cannot change this participant's schedule as they are due to start with another lead provider in the "
    "future.";

inline constexpr const char* kDeclarationDateBlank = "Enter a '#/declaration_date'.";
inline constexpr const char* kDeclarationTypeBlank = "Enter a '#/declaration_type'.";
inline constexpr const char* kDeclarationTypeInvalid = "Enter a valid declaration type.";
inline constexpr const char* kDuplicateDeclaration =
    "A declaration has already been submitted that will be, or has been, paid for this event.";
inline constexpr const char* kDeclarationDateFuture =
    "The '#/declaration_date' value cannot be a future date. Check the date and try again.";
inline constexpr const char* kBeforeMilestoneStart =
    "Declaration date must be on or after the milestone start date for the same declaration type.";
inline constexpr const char* kAfterMilestoneEnd =
    "Declaration date must be on or before the milestone date for the same declaration type.";
inline constexpr const char* kDeclarationDateFormat = "Enter a valid RCF3339 '#/declaration_date'.";
inline constexpr const char* kMentorTypeNotAllowed =
    "You cannot send retained or extended declarations for participants who began their mentor training after June "
    "2025. Resubmit this declaration with either a started or completed declaration.";
inline constexpr const char* kEvidenceMissing = "Enter a '#/evidence_held' value for this participant.";
inline constexpr const char* kEvidenceNotAccepted = "Enter an available '#/evidence_held' type for this participant.";
inline constexpr const char* kMilestoneMissing = "The property '#/declaration_type' does not exist for this schedule.";
inline constexpr const char* kOutOfSequence =
    "This '#/declaration_date' is invalid. Check that it is in sequence with existing declaration dates for this "
    "participant.";

inline std::string withdrawn_before_date(const std::string& withdrawn_at_rfc3339) {
  return "This participant withdrew from this course on " + withdrawn_at_rfc3339 +
         ". Enter a '#/declaration_date' that's on or before the withdrawal date.";
}
inline std::string cohort_frozen(int year) {
  return "You cannot submit declarations for the " + std::to_string(year) +
         " cohort. The funding contract for this cohort has ended. Get in touch if you need to discuss this with us.";
}
inline std::string no_output_statement(int year) {
  return "You cannot submit or void declarations for the " + std::to_string(year) +
         " cohort. The funding contract for this cohort has ended. Get in touch if you need to discuss this with us.";
}
// Clawback variant: no trailing full stop.
inline std::string clawback_no_output_statement(int year) {
  return "You cannot submit or void declarations for the " + std::to_string(year) +
         " cohort. The funding contract for this cohort has ended. Get in touch if you need to discuss this with us";
}

inline constexpr const char* kAlreadyVoided = "The declaration has already been voided.";
inline constexpr const char* kAlreadyRefunded = "The declaration will or has been refunded";

inline constexpr const char* kCohortBlank = "Enter a '#/cohort'.";
inline constexpr const char* kSchoolIdBlank = "Enter a '#/school_id'.";
inline constexpr const char* kDeliveryPartnerIdBlank = "Enter a '#/delivery_partner_id'.";
inline constexpr const char* kCohortUnknown = "The '#/cohort' you have entered is invalid. Check cohort details and try again.";
inline constexpr const char* kCohortNotStarted = "You cannot create a partnership for a future cohort.";
inline constexpr const char* kCohortClosed = "You cannot create this partnership as the cohort is closed.";
inline constexpr const char* kSchoolUnknown =
    "The '#/school_id' you have entered is invalid. Check school details and try again. Contact the DfE for support "
    "if you are unable to find the '#/school_id'.";
inline constexpr const char* kSchoolNotEligible =
    "The school you have entered is currently ineligible for DfE funding. Contact the school for more information.";
inline constexpr const char* kDeliveryPartnerUnknown =
    "The '#/delivery_partner_id' you have entered is invalid. Check delivery partner details and try again.";
inline constexpr const char* kDeliveryPartnerNotPaired =
    "The entered delivery partner is not recognised to be working in partnership with you for the given cohort. "
    "Contact the DfE for more information.";
inline constexpr const char* kAlreadyPartnered =
    "You are already in a confirmed partnership with this school for the entered cohort.";
inline constexpr const char* kSchoolLedOnly =
    "This school has only registered school-led participants. Contact the school for more information.";
inline constexpr const char* kDuplicatePartnership =
    "We are unable to process this request. You are already confirmed to be in partnership with the entered delivery "
    "partner. Contact the DfE for support.";

}  // namespace rect::domain::msg
