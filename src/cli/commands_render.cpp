// Diagram and export commands.
#include "cli/cli.h"

namespace cityties::cli {

void RegisterRenderCommands() {}

}  // namespace cityties::cli
