#include "cli/cli.h"

int main(int argc, char** argv) { return cityties::cli::Main(argc, argv); }
