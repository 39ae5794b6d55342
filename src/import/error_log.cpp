#include "import/error_log.h"

#include <string>

#include "common/text.h"

namespace cityties::import {

void ErrorLog::Add(const Status& status) {
  if (status.ok()) return;
  ++count_;
  if (shown_.size() < max_shown_) shown_.push_back(status);
}

Status ErrorLog::ToStatus() const {
  if (empty()) return Status::Ok();
  if (shown_.empty()) return Status::InvalidArgument(std::to_string(count_) + " errors; nothing was written");
  std::string message = ShortenValues(shown_.front().message());
  for (size_t i = 1; i < shown_.size(); ++i) message += "\nerror: " + ShortenValues(shown_[i].message());
  if (count_ > shown_.size()) message += "\n" + std::to_string(count_ - shown_.size()) + " more errors not shown";
  if (count_ > 1) message += "\n" + std::to_string(count_) + " errors; nothing was written";
  return shown_.front().WithMessage(std::move(message));
}

}  // namespace cityties::import
