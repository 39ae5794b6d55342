// Name folding and the other text helpers of src/common/text.h. FoldName of valid UTF-8 is valid
// UTF-8 with no 0x00 (the name index's separator), no separator but single inner spaces, and
// folds to itself; of anything else it is "". ShortenValues keeps valid UTF-8 valid;
// EditDistance is symmetric and bounded by the longer string.
#include <string>

#include "common/text.h"
#include "fuzz/fuzz_common.h"

namespace {

using namespace cityties;

size_t CodePointCount(std::string_view text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

void CheckFolded(std::string_view text) {
  std::string folded = FoldName(text);
  if (!IsValidUtf8(text)) {
    CT_FUZZ_CHECK(folded.empty(), "invalid UTF-8 folded to something");
    return;
  }
  CT_FUZZ_CHECK(IsValidUtf8(folded), "folded name not UTF-8");
  CT_FUZZ_CHECK(folded.find('\0') == std::string::npos, "folded name holds 0x00");
  CT_FUZZ_CHECK(folded.find_first_of("\t\n\r-_.") == std::string::npos, "separator left in " + folded);
  CT_FUZZ_CHECK(folded.find("  ") == std::string::npos, "double space in " + folded);
  CT_FUZZ_CHECK(folded.empty() || (folded.front() != ' ' && folded.back() != ' '), "untrimmed " + folded);
  CT_FUZZ_CHECK(FoldName(folded) == folded, "folding " + folded + " again changes it");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckFolded(text);

  std::string_view bomless = WithoutByteOrderMark(text);
  CT_FUZZ_CHECK(bomless.size() == text.size() || bomless.size() + 3 == text.size(), "byte-order mark");

  std::string shortened = ShortenValues(text, 8);
  if (IsValidUtf8(text)) CT_FUZZ_CHECK(IsValidUtf8(shortened), "shortened message not UTF-8");

  // Two names: the input split at its first 0x01 byte.
  size_t split = text.find('\x01');
  std::string_view a = text.substr(0, split);
  std::string_view b = split == std::string_view::npos ? std::string_view() : text.substr(split + 1);
  if (a.size() + b.size() <= 512 && IsValidUtf8(a) && IsValidUtf8(b)) {
    size_t ab = EditDistance(a, b);
    CT_FUZZ_CHECK(ab == EditDistance(b, a), "edit distance not symmetric");
    CT_FUZZ_CHECK(ab <= std::max(CodePointCount(a), CodePointCount(b)), "edit distance too large");
    CT_FUZZ_CHECK(EditDistance(a, a) == 0, "edit distance to itself");
  }
  return 0;
}
