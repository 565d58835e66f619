// rect's own OpenAPI 3.0 description of the lead provider API v3 it serves.
#include "api/v3/lead_provider_api.h"

namespace rect::api {

const char* lead_provider_openapi_yaml() {
  return R"YAML(openapi: 3.0.1
info:
  title: rect lead provider API
  version: v3
  description: >
    The lead provider API of rect, the event-sourced "Register early career teachers" backend.
    Every request needs "Authorization: Bearer <token>"; a token belongs to one lead provider and
    every answer is scoped to it. Lists are paginated with page[page] and page[per_page]
    (default 100, at most 3000) and end with an empty page. Timestamps are RFC 3339 UTC.
servers:
  - url: /api/v3
security:
  - bearer: []
paths:
  /participants:
    get:
      summary: Participants trained by you
      parameters: [{$ref: '#/components/parameters/page'}, {$ref: '#/components/parameters/sort'},
                   {name: filter, in: query, style: deepObject, schema: {$ref: '#/components/schemas/ParticipantFilter'}}]
      responses: {'200': {$ref: '#/components/responses/Participants'}, '400': {$ref: '#/components/responses/BadRequest'}, '401': {$ref: '#/components/responses/Unauthorised'}}
  /participants/{id}:
    get:
      summary: One participant
      parameters: [{$ref: '#/components/parameters/id'}]
      responses: {'200': {$ref: '#/components/responses/Participant'}, '401': {$ref: '#/components/responses/Unauthorised'}, '404': {$ref: '#/components/responses/NotFound'}}
  /participants/{id}/withdraw:
    put:
      summary: Withdraw a participant (reason, course_identifier)
      parameters: [{$ref: '#/components/parameters/id'}]
      requestBody: {$ref: '#/components/requestBodies/Action'}
      responses: {'200': {$ref: '#/components/responses/Participant'}, '400': {$ref: '#/components/responses/BadRequest'}, '404': {$ref: '#/components/responses/NotFound'}, '422': {$ref: '#/components/responses/Unprocessable'}}
  /participants/{id}/defer:
    put:
      summary: Defer a participant (reason, course_identifier)
      parameters: [{$ref: '#/components/parameters/id'}]
      requestBody: {$ref: '#/components/requestBodies/Action'}
      responses: {'200': {$ref: '#/components/responses/Participant'}, '400': {$ref: '#/components/responses/BadRequest'}, '404': {$ref: '#/components/responses/NotFound'}, '422': {$ref: '#/components/responses/Unprocessable'}}
  /participants/{id}/resume:
    put:
      summary: Resume a deferred or withdrawn participant (course_identifier)
      parameters: [{$ref: '#/components/parameters/id'}]
      requestBody: {$ref: '#/components/requestBodies/Action'}
      responses: {'200': {$ref: '#/components/responses/Participant'}, '400': {$ref: '#/components/responses/BadRequest'}, '404': {$ref: '#/components/responses/NotFound'}, '422': {$ref: '#/components/responses/Unprocessable'}}
  /participants/{id}/change-schedule:
    put:
      summary: Change a participant's schedule and optionally cohort (schedule_identifier, course_identifier, cohort)
      parameters: [{$ref: '#/components/parameters/id'}]
      requestBody: {$ref: '#/components/requestBodies/Action'}
      responses: {'200': {$ref: '#/components/responses/Participant'}, '400': {$ref: '#/components/responses/BadRequest'}, '404': {$ref: '#/components/responses/NotFound'}, '422': {$ref: '#/components/responses/Unprocessable'}}
  /participants/transfers:
    get:
      summary: School moves of your participants
      parameters: [{$ref: '#/components/parameters/page'}, {$ref: '#/components/parameters/sort'},
                   {name: filter, in: query, style: deepObject, schema: {$ref: '#/components/schemas/UpdatedSinceFilter'}}]
      responses: {'200': {description: Transfers, content: {application/json: {schema: {$ref: '#/components/schemas/TransferList'}}}}}
  /participants/{id}/transfers:
    get:
      summary: School moves of one participant
      parameters: [{$ref: '#/components/parameters/id'}]
      responses: {'200': {description: Transfers, content: {application/json: {schema: {$ref: '#/components/schemas/TransferOne'}}}}, '404': {$ref: '#/components/responses/NotFound'}}
  /participant-declarations:
    get:
      summary: Declarations you can see (always oldest first)
      parameters: [{$ref: '#/components/parameters/page'},
                   {name: filter, in: query, style: deepObject, schema: {$ref: '#/components/schemas/DeclarationFilter'}}]
      responses: {'200': {description: Declarations, content: {application/json: {schema: {$ref: '#/components/schemas/DeclarationList'}}}}}
    post:
      summary: Submit a declaration
      requestBody: {$ref: '#/components/requestBodies/Action'}
      responses:
        '200': {description: The declaration, content: {application/json: {schema: {$ref: '#/components/schemas/DeclarationOne'}}}}
        '400': {$ref: '#/components/responses/BadRequest'}
        '422': {$ref: '#/components/responses/Unprocessable'}
  /participant-declarations/{id}:
    get:
      summary: One declaration
      parameters: [{$ref: '#/components/parameters/id'}]
      responses: {'200': {description: The declaration, content: {application/json: {schema: {$ref: '#/components/schemas/DeclarationOne'}}}}, '404': {$ref: '#/components/responses/NotFound'}}
  /participant-declarations/{id}/void:
    put:
      summary: Void one of your declarations, or request a clawback when it was paid
      parameters: [{$ref: '#/components/parameters/id'}]
      responses: {'200': {description: The declaration, content: {application/json: {schema: {$ref: '#/components/schemas/DeclarationOne'}}}}, '404': {$ref: '#/components/responses/NotFound'}, '422': {$ref: '#/components/responses/Unprocessable'}}
  /partnerships:
    get:
      summary: Your partnerships
      parameters: [{$ref: '#/components/parameters/page'}, {$ref: '#/components/parameters/sort'},
                   {name: filter, in: query, style: deepObject, schema: {$ref: '#/components/schemas/PartnershipFilter'}}]
      responses: {'200': {description: Partnerships, content: {application/json: {schema: {$ref: '#/components/schemas/PartnershipList'}}}}}
    post:
      summary: Create a partnership (cohort, school_id, delivery_partner_id); school_id is the school's id or its URN
      requestBody: {$ref: '#/components/requestBodies/Action'}
      responses: {'200': {description: The partnership, content: {application/json: {schema: {$ref: '#/components/schemas/PartnershipOne'}}}}, '400': {$ref: '#/components/responses/BadRequest'}, '422': {$ref: '#/components/responses/Unprocessable'}}
  /partnerships/{id}:
    get:
      summary: One partnership
      parameters: [{$ref: '#/components/parameters/id'}]
      responses: {'200': {description: The partnership, content: {application/json: {schema: {$ref: '#/components/schemas/PartnershipOne'}}}}, '404': {$ref: '#/components/responses/NotFound'}}
    put:
      summary: Change a partnership's delivery partner (delivery_partner_id)
      parameters: [{$ref: '#/components/parameters/id'}]
      requestBody: {$ref: '#/components/requestBodies/Action'}
      responses: {'200': {description: The partnership, content: {application/json: {schema: {$ref: '#/components/schemas/PartnershipOne'}}}}, '404': {$ref: '#/components/responses/NotFound'}, '422': {$ref: '#/components/responses/Unprocessable'}}
  /schools:
    get:
      summary: Schools for one cohort (filter[cohort] is required)
      parameters: [{$ref: '#/components/parameters/page'}, {$ref: '#/components/parameters/sort'},
                   {name: filter, in: query, required: true, style: deepObject, schema: {$ref: '#/components/schemas/SchoolFilter'}}]
      responses: {'200': {description: Schools, content: {application/json: {schema: {$ref: '#/components/schemas/SchoolList'}}}}, '400': {$ref: '#/components/responses/BadRequest'}}
  /schools/{id}:
    get:
      summary: One school in one cohort (filter[cohort] is required)
      parameters: [{$ref: '#/components/parameters/id'}, {name: filter, in: query, required: true, style: deepObject, schema: {$ref: '#/components/schemas/SchoolFilter'}}]
      responses: {'200': {description: The school, content: {application/json: {schema: {$ref: '#/components/schemas/SchoolOne'}}}}, '404': {$ref: '#/components/responses/NotFound'}}
  /delivery-partners:
    get:
      summary: Delivery partners paired with you
      parameters: [{$ref: '#/components/parameters/page'}, {$ref: '#/components/parameters/sort'},
                   {name: filter, in: query, style: deepObject, schema: {$ref: '#/components/schemas/CohortFilter'}}]
      responses: {'200': {description: Delivery partners, content: {application/json: {schema: {$ref: '#/components/schemas/DeliveryPartnerList'}}}}}
  /delivery-partners/{id}:
    get:
      summary: One delivery partner
      parameters: [{$ref: '#/components/parameters/id'}]
      responses: {'200': {description: The delivery partner, content: {application/json: {schema: {$ref: '#/components/schemas/DeliveryPartnerOne'}}}}, '404': {$ref: '#/components/responses/NotFound'}}
  /statements:
    get:
      summary: Your output statements, by payment date
      parameters: [{$ref: '#/components/parameters/page'}, {name: filter, in: query, style: deepObject, schema: {$ref: '#/components/schemas/CohortFilter'}}]
      responses: {'200': {description: Statements, content: {application/json: {schema: {$ref: '#/components/schemas/StatementList'}}}}}
  /statements/{id}:
    get:
      summary: One statement
      parameters: [{$ref: '#/components/parameters/id'}]
      responses: {'200': {description: The statement, content: {application/json: {schema: {$ref: '#/components/schemas/StatementOne'}}}}, '404': {$ref: '#/components/responses/NotFound'}}
  /unfunded-mentors:
    get:
      summary: Mentors of your ECTs whom you do not train
      parameters: [{$ref: '#/components/parameters/page'}, {$ref: '#/components/parameters/sort'}, {name: filter, in: query, style: deepObject, schema: {$ref: '#/components/schemas/UpdatedSinceFilter'}}]
      responses: {'200': {description: Unfunded mentors, content: {application/json: {schema: {$ref: '#/components/schemas/UnfundedMentorList'}}}}}
  /unfunded-mentors/{id}:
    get:
      summary: One unfunded mentor
      parameters: [{$ref: '#/components/parameters/id'}]
      responses: {'200': {description: The mentor, content: {application/json: {schema: {$ref: '#/components/schemas/UnfundedMentorOne'}}}}, '404': {$ref: '#/components/responses/NotFound'}}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  parameters:
    id: {name: id, in: path, required: true, schema: {type: string}}
    page: {name: page, in: query, style: deepObject, schema: {type: object, properties: {page: {type: integer, minimum: 1}, per_page: {type: integer, minimum: 1, maximum: 3000}}}}
    sort: {name: sort, in: query, schema: {type: string, example: '-updated_at,created_at'}}
  requestBodies:
    Action:
      content: {application/json: {schema: {$ref: '#/components/schemas/ActionRequest'}}}
  responses:
    Participants: {description: Participants, content: {application/json: {schema: {$ref: '#/components/schemas/ParticipantList'}}}}
    Participant: {description: The participant, content: {application/json: {schema: {$ref: '#/components/schemas/ParticipantOne'}}}}
    BadRequest: {description: Bad request or bad parameter, content: {application/json: {schema: {$ref: '#/components/schemas/Errors'}}}}
    Unprocessable: {description: The request broke a rule, content: {application/json: {schema: {$ref: '#/components/schemas/Errors'}}}}
    NotFound: {description: Not found or not yours, content: {application/json: {schema: {$ref: '#/components/schemas/Errors'}}}}
    Unauthorised: {description: No or unknown token, content: {application/json: {schema: {type: object, required: [error], properties: {error: {type: string}}}}}}
  schemas:
    ActionRequest:
      type: object
      required: [data]
      properties:
        data: {type: object, required: [attributes], properties: {type: {type: string}, attributes: {type: object}}}
    Errors:
      type: object
      required: [errors]
      properties:
        errors: {type: array, items: {type: object, required: [title, detail], properties: {title: {type: string}, detail: {type: string}}}}
    UpdatedSinceFilter: {type: object, properties: {updated_since: {type: string, format: date-time}}}
    CohortFilter: {type: object, properties: {cohort: {type: string, description: comma-separated years}, updated_since: {type: string, format: date-time}}}
    ParticipantFilter:
      type: object
      properties:
        cohort: {type: string}
        updated_since: {type: string, format: date-time}
        training_status: {type: string, enum: [active, deferred, withdrawn]}
        from_participant_id: {type: string, format: uuid}
    DeclarationFilter:
      type: object
      properties: {cohort: {type: string}, participant_id: {type: string}, delivery_partner_id: {type: string}, updated_since: {type: string, format: date-time}}
    PartnershipFilter:
      type: object
      properties: {cohort: {type: string}, delivery_partner_id: {type: string}, updated_since: {type: string, format: date-time}}
    SchoolFilter:
      type: object
      required: [cohort]
      properties: {cohort: {type: string}, urn: {type: string}, updated_since: {type: string, format: date-time}}
    Resource:
      type: object
      required: [id, type, attributes]
      properties: {id: {type: string}, type: {type: string}, attributes: {type: object}}
    ParticipantList: {type: object, required: [data], properties: {data: {type: array, items: {$ref: '#/components/schemas/Participant'}}}}
    ParticipantOne: {type: object, required: [data], properties: {data: {$ref: '#/components/schemas/Participant'}}}
    Participant:
      allOf:
        - $ref: '#/components/schemas/Resource'
        - properties:
            type: {enum: [participant]}
            attributes:
              type: object
              required: [full_name, teacher_reference_number, ecf_enrolments, participant_id_changes, updated_at]
              properties:
                full_name: {type: string}
                teacher_reference_number: {type: string, nullable: true}
                updated_at: {type: string, format: date-time}
                participant_id_changes:
                  type: array
                  items: {type: object, properties: {from_participant_id: {type: string}, to_participant_id: {type: string}, changed_at: {type: string}}}
                ecf_enrolments:
                  type: array
                  items:
                    type: object
                    properties:
                      training_record_id: {type: string, format: uuid}
                      email: {type: string}
                      mentor_id: {type: string, nullable: true}
                      school_urn: {type: string}
                      participant_type: {type: string, enum: [ect, mentor]}
                      working_pattern: {type: string, nullable: true, enum: [full_time, part_time]}
                      cohort: {type: string}
                      training_status: {type: string, enum: [active, deferred, withdrawn]}
                      participant_status: {type: string, enum: [active, joining, leaving, left], description: computed from today's date when you ask}
                      eligible_for_funding: {type: boolean, nullable: true}
                      pupil_premium_uplift: {type: boolean}
                      sparsity_uplift: {type: boolean}
                      schedule_identifier: {type: string}
                      delivery_partner_id: {type: string}
                      withdrawal: {type: object, nullable: true, properties: {reason: {type: string}, date: {type: string, format: date-time}}}
                      deferral: {type: object, nullable: true, properties: {reason: {type: string}, date: {type: string, format: date-time}}}
                      created_at: {type: string, format: date-time}
                      induction_end_date: {type: string, format: date, nullable: true}
                      most_recent_induction_period_end_date: {type: string, format: date, nullable: true}
                      overall_induction_start_date: {type: string, format: date, nullable: true}
                      mentor_funding_end_date: {type: string, format: date, nullable: true}
                      mentor_ineligible_for_funding_reason: {type: string, nullable: true}
                      cohort_changed_after_payments_frozen: {type: boolean}
    DeclarationList: {type: object, required: [data], properties: {data: {type: array, items: {$ref: '#/components/schemas/Declaration'}}}}
    DeclarationOne: {type: object, required: [data], properties: {data: {$ref: '#/components/schemas/Declaration'}}}
    Declaration:
      allOf:
        - $ref: '#/components/schemas/Resource'
        - properties:
            type: {enum: [participant-declaration]}
            attributes:
              type: object
              properties:
                participant_id: {type: string}
                declaration_type: {type: string}
                declaration_date: {type: string, format: date-time}
                course_identifier: {type: string, enum: [ecf-induction, ecf-mentor]}
                state: {type: string, enum: [submitted, eligible, payable, paid, voided, awaiting-clawback, clawed-back]}
                updated_at: {type: string, format: date-time}
                created_at: {type: string, format: date-time}
                delivery_partner_id: {type: string, description: the delivery partner when the declaration was made}
                statement_id: {type: string, nullable: true}
                clawback_statement_id: {type: string, nullable: true}
                ineligible_for_funding_reason: {type: string, nullable: true}
                mentor_id: {type: string, nullable: true}
                uplift_paid: {type: boolean}
                evidence_held: {type: string, nullable: true}
                lead_provider_name: {type: string}
    PartnershipList: {type: object, required: [data], properties: {data: {type: array, items: {$ref: '#/components/schemas/Partnership'}}}}
    PartnershipOne: {type: object, required: [data], properties: {data: {$ref: '#/components/schemas/Partnership'}}}
    Partnership:
      allOf:
        - $ref: '#/components/schemas/Resource'
        - properties:
            attributes:
              type: object
              properties:
                cohort: {type: string}
                urn: {type: string}
                school_id: {type: string, format: uuid}
                delivery_partner_id: {type: string}
                delivery_partner_name: {type: string}
                induction_tutor_name: {type: string, nullable: true}
                induction_tutor_email: {type: string, nullable: true}
                participants_currently_training: {type: integer}
                created_at: {type: string, format: date-time}
                updated_at: {type: string, format: date-time}
    SchoolList: {type: object, required: [data], properties: {data: {type: array, items: {$ref: '#/components/schemas/School'}}}}
    SchoolOne: {type: object, required: [data], properties: {data: {$ref: '#/components/schemas/School'}}}
    School:
      allOf:
        - $ref: '#/components/schemas/Resource'
        - properties:
            attributes:
              type: object
              properties:
                name: {type: string}
                urn: {type: string}
                cohort: {type: string}
                in_partnership: {type: boolean}
                induction_programme_choice: {type: string, enum: [school_led, provider_led, not_yet_known]}
                expression_of_interest: {type: boolean}
                induction_tutor_name: {type: string, nullable: true}
                induction_tutor_email: {type: string, nullable: true}
                created_at: {type: string, format: date-time}
                updated_at: {type: string, format: date-time}
    DeliveryPartnerList: {type: object, required: [data], properties: {data: {type: array, items: {$ref: '#/components/schemas/DeliveryPartner'}}}}
    DeliveryPartnerOne: {type: object, required: [data], properties: {data: {$ref: '#/components/schemas/DeliveryPartner'}}}
    DeliveryPartner:
      allOf:
        - $ref: '#/components/schemas/Resource'
        - properties:
            attributes:
              type: object
              properties: {name: {type: string}, cohort: {type: array, items: {type: string}}, created_at: {type: string, format: date-time}, updated_at: {type: string, format: date-time}}
    StatementList: {type: object, required: [data], properties: {data: {type: array, items: {$ref: '#/components/schemas/Statement'}}}}
    StatementOne: {type: object, required: [data], properties: {data: {$ref: '#/components/schemas/Statement'}}}
    Statement:
      allOf:
        - $ref: '#/components/schemas/Resource'
        - properties:
            attributes:
              type: object
              properties: {month: {type: string}, year: {type: string}, cohort: {type: string}, cut_off_date: {type: string}, payment_date: {type: string}, paid: {type: boolean}, created_at: {type: string, format: date-time}, updated_at: {type: string, format: date-time}}
    TransferList: {type: object, required: [data], properties: {data: {type: array, items: {$ref: '#/components/schemas/Transfer'}}}}
    TransferOne: {type: object, required: [data], properties: {data: {$ref: '#/components/schemas/Transfer'}}}
    Transfer:
      allOf:
        - $ref: '#/components/schemas/Resource'
        - properties:
            attributes:
              type: object
              properties:
                updated_at: {type: string, format: date-time}
                transfers:
                  type: array
                  items:
                    type: object
                    required: [training_record_id, transfer_type, status, leaving]
                    properties:
                      training_record_id: {type: string, format: uuid}
                      transfer_type: {type: string, enum: [new_school, new_provider, unknown]}
                      status: {type: string, enum: [incomplete, complete], description: computed from today's date when you ask}
                      created_at: {type: string, format: date}
                      leaving: {type: object, properties: {school_urn: {type: string}, provider: {type: string}, date: {type: string, format: date}}}
                      joining: {type: object, nullable: true, properties: {school_urn: {type: string}, provider: {type: string}, date: {type: string, format: date}}}
    UnfundedMentorList: {type: object, required: [data], properties: {data: {type: array, items: {$ref: '#/components/schemas/UnfundedMentor'}}}}
    UnfundedMentorOne: {type: object, required: [data], properties: {data: {$ref: '#/components/schemas/UnfundedMentor'}}}
    UnfundedMentor:
      allOf:
        - $ref: '#/components/schemas/Resource'
        - properties:
            attributes:
              type: object
              properties: {full_name: {type: string}, email: {type: string}, teacher_reference_number: {type: string, nullable: true}, created_at: {type: string, format: date-time}, updated_at: {type: string, format: date-time}}
)YAML";
}

}  // namespace rect::api
