// The checksum of a projection image (its grammar in image.h), apart so that tests can feed it
// in pieces: four interleaved multiply-xor lanes over little-endian 64-bit words, word k to lane
// k mod 4, so that checking a 1M-edge image costs a few milliseconds, about as much as the range
// check of its arcs. Fed in pieces whose sizes are multiples of 8; the pieces' sizes do not
// change the result.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace cityties::projection {

class WordHash {
 public:
  // Word k goes to lane k mod 4. The lanes live in locals while a piece is hashed, four words a
  // step, so the four multiplications overlap instead of waiting on each other through memory.
  void Update(const char* data, size_t size) {
    const size_t words = size / 8;
    size_t i = 0;
    for (; i < words && (words_ & 3) != 0; ++i, ++words_) Mix(&lane_[words_ & 3], Word(data, i));
    uint64_t a = lane_[0], b = lane_[1], c = lane_[2], d = lane_[3];
    for (; i + 4 <= words; i += 4, words_ += 4) {
      Mix(&a, Word(data, i));
      Mix(&b, Word(data, i + 1));
      Mix(&c, Word(data, i + 2));
      Mix(&d, Word(data, i + 3));
    }
    lane_[0] = a, lane_[1] = b, lane_[2] = c, lane_[3] = d;
    for (; i < words; ++i, ++words_) Mix(&lane_[words_ & 3], Word(data, i));
  }
  uint64_t Finish() const { return (lane_[0] * 3) ^ (lane_[1] * 5) ^ (lane_[2] * 7) ^ (lane_[3] * 11) ^ words_; }

 private:
  static constexpr uint64_t kPrime = 0x100000001b3ULL;
  static uint64_t Word(const char* data, size_t i) {
    uint64_t w;
    std::memcpy(&w, data + 8 * i, 8);
    return w;
  }
  static void Mix(uint64_t* h, uint64_t w) {
    *h = (*h ^ w) * kPrime;
    *h ^= *h >> 29;
  }
  uint64_t lane_[4] = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL, 0x9e3779b97f4a7c15ULL, 0xc2b2ae3d27d4eb4fULL};
  uint64_t words_ = 0;
};

}  // namespace cityties::projection
