#include "domain/commands.h"

namespace rect::domain {

void register_partnership_commands(CommandTable&) {}

}  // namespace rect::domain
