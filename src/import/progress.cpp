#include "import/progress.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

namespace cityties::import {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kQuietStart = std::chrono::seconds(1);
constexpr auto kTerminalEvery = std::chrono::milliseconds(250);
constexpr auto kLogEvery = std::chrono::seconds(5);

std::string Line(double seconds, uint64_t bytes_read, uint64_t total_bytes, uint64_t rows) {
  char text[160];
  double rate = seconds > 0 ? rows / seconds : 0;
  double share = total_bytes > 0 ? static_cast<double>(bytes_read) / total_bytes : 1;
  double left = share > 0 ? seconds * (1 - share) / share : 0;
  std::snprintf(text, sizeof(text), "import: %llu rows, %.0f rows/s, %.0f%% read, ETA %.0f s",
                static_cast<unsigned long long>(rows), rate, 100 * share, left);
  return text;
}

}  // namespace

Progress::Progress(bool enabled, uint64_t total_bytes)
    : out_(&std::cerr), enabled_(enabled), terminal_(enabled && ::isatty(2)), total_bytes_(total_bytes) {}

Progress::Progress(std::ostream& out, bool terminal, uint64_t total_bytes)
    : out_(&out), enabled_(true), terminal_(terminal), total_bytes_(total_bytes) {}

void Progress::Report(uint64_t bytes_read, uint64_t rows, bool last) {
  auto now = Clock::now();
  auto every = terminal_ ? kTerminalEvery : kLogEvery;
  if (!last && (now - start_ < kQuietStart || (printed_ && now - last_print_ < every))) return;
  if (last && !printed_) return;
  last_print_ = now;
  printed_ = true;
  std::string line = Line(std::chrono::duration<double>(now - start_).count(), bytes_read, total_bytes_, rows);
  if (terminal_) {
    *out_ << '\r' << line << "\x1b[K" << (last ? "\n" : "") << std::flush;
  } else {
    *out_ << line << '\n' << std::flush;
  }
}

void Progress::Finish(uint64_t bytes_read, uint64_t rows) {
  if (enabled_) Report(bytes_read, rows, true);
}

}  // namespace cityties::import
