// Progress of a long import, on stderr.
//
// Promises: nothing is printed during the first second, nor ever when disabled. After that,
// rows per second and the time left (from the bytes read of the total) go on one line that
// updates in place when stderr is a terminal, else on a new line every few seconds. Finish()
// ends the updating line. Update() is cheap enough to call for every row.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>

namespace cityties::import {

class Progress {
 public:
  // A disabled progress prints nothing.
  static Progress Disabled() { return Progress(false, 0); }
  // To stderr, in place when it is a terminal.
  Progress(bool enabled, uint64_t total_bytes);
  Progress(std::ostream& out, bool terminal, uint64_t total_bytes);

  void Update(uint64_t bytes_read, uint64_t rows) {
    if (enabled_ && (++calls_ & 4095) == 0) Report(bytes_read, rows, false);
  }
  // The last line, when any was printed.
  void Finish(uint64_t bytes_read, uint64_t rows);

 private:
  void Report(uint64_t bytes_read, uint64_t rows, bool last);

  std::ostream* out_;
  bool enabled_;
  bool terminal_;
  uint64_t total_bytes_;
  uint64_t calls_ = 0;
  bool printed_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_print_ = start_;
};

}  // namespace cityties::import
