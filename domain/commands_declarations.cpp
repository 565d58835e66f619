#include "domain/commands.h"

namespace rect::domain {

void register_declaration_commands(CommandTable&) {}

}  // namespace rect::domain
