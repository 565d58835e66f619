#include "domain/commands.h"

namespace rect::domain {

void register_participant_commands(CommandTable&) {}

}  // namespace rect::domain
