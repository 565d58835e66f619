#include "domain/commands.h"

namespace rect::domain {

void register_appropriate_body_commands(CommandTable&) {}

}  // namespace rect::domain
