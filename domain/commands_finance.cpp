#include "domain/commands.h"

namespace rect::domain {

void register_finance_commands(CommandTable&) {}

}  // namespace rect::domain
