// The errors of one import, so that a run reports many at once instead of one per attempt.
//
// Promises: the first `max_shown` errors are kept with their messages (long values cut short,
// see ShortenValues); all are counted; ToStatus() reports them in the order found, then
// "N more errors not shown" when some were left out.
#pragma once

#include <cstddef>
#include <vector>

#include "common/status.h"

namespace cityties::import {

class ErrorLog {
 public:
  explicit ErrorLog(size_t max_shown) : max_shown_(max_shown) {}

  // Records `status` when it is an error.
  void Add(const Status& status);
  size_t count() const { return count_; }
  bool empty() const { return count_ == 0; }
  // Ok when empty; else the first error's code with every kept message, one per line.
  Status ToStatus() const;

 private:
  size_t max_shown_;
  size_t count_ = 0;
  std::vector<Status> shown_;
};

}  // namespace cityties::import
