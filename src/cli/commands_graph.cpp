// Graph queries and analytics commands (projection + algorithms).
#include "cli/cli.h"

namespace cityties::cli {

void RegisterGraphCommands() {}

}  // namespace cityties::cli
