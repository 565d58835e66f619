#include "domain/commands.h"

namespace rect::domain {

void register_clock_commands(CommandTable&) {}

}  // namespace rect::domain
