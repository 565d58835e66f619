// Private to domain/: the table of commands. Each area (reference data,
// schools, appropriate bodies, lead providers, finance, clock) registers its
// handlers, the actor kinds allowed to issue them, and nothing else.
//
// Thread-safety: the table is built once and read-only afterwards.
//
// Usage:
//   const CommandSpec* spec = find_command("submit_declaration");
//   spec->decide(ctx, body, decision);
#pragma once

#include <map>
#include <string>

#include "domain/decision.h"

namespace rect::domain {

using Decide = void (*)(const Context&, const Json& body, Decision&);

inline constexpr unsigned bit(ActorKind k) { return 1u << static_cast<unsigned>(k); }
inline constexpr unsigned kSystemOrAdmin = bit(ActorKind::kSystem) | bit(ActorKind::kAdmin);
inline constexpr unsigned kSchool = bit(ActorKind::kSchoolUser) | bit(ActorKind::kAdmin);
inline constexpr unsigned kAppropriateBodyActor = bit(ActorKind::kAppropriateBody) | bit(ActorKind::kAdmin);
inline constexpr unsigned kLeadProviderActor = bit(ActorKind::kLeadProvider);
inline constexpr unsigned kFinance = bit(ActorKind::kFinanceUser) | bit(ActorKind::kAdmin);

struct CommandSpec {
  Decide decide = nullptr;
  unsigned actors = 0;  // bit(kind) for each actor kind allowed
};

using CommandTable = std::map<std::string, CommandSpec>;

void register_reference_commands(CommandTable& t);
void register_school_commands(CommandTable& t);
void register_school_change_commands(CommandTable& t);
void register_appropriate_body_commands(CommandTable& t);
void register_partnership_commands(CommandTable& t);
void register_declaration_commands(CommandTable& t);
void register_participant_commands(CommandTable& t);
void register_finance_commands(CommandTable& t);
void register_clock_commands(CommandTable& t);
void register_teacher_record_commands(CommandTable& t);
void register_gias_commands(CommandTable& t);
const CommandSpec* find_command(const std::string& name);
const CommandTable& command_table();

}  // namespace rect::domain
