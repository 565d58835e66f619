#include "domain/commands.h"

namespace rect::domain {

void register_school_change_commands(CommandTable&) {}

}  // namespace rect::domain
