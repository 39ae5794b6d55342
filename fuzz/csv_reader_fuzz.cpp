// The CSV reader (import::ParseFiles on a .csv file, typed by the shipped schema): any bytes either parse into
// records or fail with a user error naming file and line, never a crash; what parses survives
// the property codec.
#include "fuzz/fuzz_common.h"
#include "fuzz/import_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return cityties::fuzz::FuzzImportFile("input.csv", data, size);
}
