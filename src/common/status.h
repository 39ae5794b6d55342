// Status and Result<T>: errors as values across the library boundary.
//
// Every storage, schema and import call returns a Status (or a Result<T>, which is a value or a
// Status). Exceptions never cross these boundaries; the CLI alone turns codes into exit codes:
// kInvalidArgument, kNotFound, kAlreadyExists and kBusy are user errors (exit 1); kCorruption (a
// damaged database), kIOError and kInternal are internal errors (exit 2).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace cityties {

class Status {
 public:
  // Persisted nowhere, but the CLI maps them to exit codes: keep the order stable.
  enum class Code { kOk, kInvalidArgument, kNotFound, kAlreadyExists, kBusy, kCorruption, kIOError, kInternal };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) { return Status(Code::kInvalidArgument, std::move(msg)); }
  // An invalid value of a named parameter of a request ("as_of", "max_hops"...). The message does
  // not repeat the name: each front end names the parameter its own way (a CLI flag, a URL
  // query parameter).
  static Status InvalidParameter(std::string parameter, std::string msg) {
    Status s(Code::kInvalidArgument, std::move(msg));
    s.parameter_ = std::move(parameter);
    return s;
  }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status AlreadyExists(std::string msg) { return Status(Code::kAlreadyExists, std::move(msg)); }
  static Status Busy(std::string msg) { return Status(Code::kBusy, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status IOError(std::string msg) { return Status(Code::kIOError, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(Code::kInternal, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // The request parameter an InvalidParameter error is about; "" for other errors.
  const std::string& parameter() const { return parameter_; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  // True for errors caused by what the user gave us rather than by the program or the disk.
  bool IsUserError() const {
    return code_ == Code::kInvalidArgument || code_ == Code::kNotFound || code_ == Code::kAlreadyExists ||
           code_ == Code::kBusy;
  }
  // Prefixes the message with context, e.g. the file and line being read.
  Status WithContext(const std::string& where) const {
    if (ok()) return *this;
    Status s(code_, where + ": " + message_);
    s.parameter_ = parameter_;
    return s;
  }
  // The same code (and parameter) with another message (e.g. a shortened one, or several errors
  // of one run).
  Status WithMessage(std::string msg) const {
    if (ok()) return *this;
    Status s(code_, std::move(msg));
    s.parameter_ = parameter_;
    return s;
  }
  std::string ToString() const { return ok() ? "OK" : message_; }

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
  std::string parameter_;
};

// A value or the Status that explains why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
  Result(Status status) : status_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace cityties

// Returns early from the enclosing function when a Status-returning expression fails.
#define CT_RETURN_IF_ERROR(expr)     \
  do {                               \
    ::cityties::Status _st = (expr); \
    if (!_st.ok()) return _st;       \
  } while (0)
