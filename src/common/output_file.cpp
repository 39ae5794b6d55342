#include "common/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace cityties {
namespace {

namespace fs = std::filesystem;

std::string Reason(int error) { return std::strerror(error); }

const char* KindOf(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISLNK(mode)) return "a symbolic link";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

std::string DirectoryOf(const std::string& path) {
  fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

// Writes all of `bytes` to `fd`.
Status WriteAll(int fd, std::string_view bytes, const std::string& shown) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::IOError("cannot write " + shown + ": " + Reason(errno));
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

// "." name "." : what every temporary file of `path` starts with.
std::string TemporaryPrefix(const std::string& path) { return "." + fs::path(path).filename().string() + "."; }

}  // namespace

void SyncDirectory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

bool ProcessIsGone(long pid) { return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH; }

void RemoveStaleTemporaries(const std::string& path) {
  const std::string prefix = TemporaryPrefix(path);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(DirectoryOf(path), ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0 || !entry.is_regular_file(ec)) continue;
    char* end = nullptr;
    long pid = std::strtol(name.c_str() + prefix.size(), &end, 10);
    if (end && *end == '.' && ProcessIsGone(pid)) fs::remove(entry.path(), ec);
  }
}

Status CheckOutputPath(const std::string& path, bool force) {
  if (path.empty()) return Status::InvalidArgument("no output file named");
  struct stat st;
  if (::lstat(path.c_str(), &st) == 0) {
    if (!S_ISREG(st.st_mode)) {
      return Status::InvalidArgument(path + " is " + KindOf(st.st_mode) + "; name a regular file to write");
    }
    if (!force) return Status::InvalidParameter("force", "is needed: " + path + " exists and would be replaced");
    return Status::Ok();
  }
  if (errno != ENOENT && errno != ENOTDIR) return Status::IOError("cannot write " + path + ": " + Reason(errno));
  // A directory that is not there is the caller's mistake (exit 1), not a disk failure.
  const std::string dir = DirectoryOf(path);
  if (::stat(dir.c_str(), &st) != 0) {
    return Status::InvalidArgument("cannot write " + path + ": directory " + dir + ": " + Reason(errno));
  }
  if (!S_ISDIR(st.st_mode)) return Status::InvalidArgument("cannot write " + path + ": " + dir + " is not a directory");
  return Status::Ok();
}

Status WriteOutputFile(const std::string& path, std::string_view bytes, bool force, Durability durability) {
  return WriteOutputFileInPieces(path, force, durability, [&](const PieceWriter& write) { return write(bytes); });
}

Status WriteOutputFileInPieces(const std::string& path, bool force, Durability durability,
                               const std::function<Status(const PieceWriter& write)>& produce) {
  CT_RETURN_IF_ERROR(CheckOutputPath(path, force));
  const std::string dir = DirectoryOf(path);
  RemoveStaleTemporaries(path);
  std::string tmp = (fs::path(dir) / (TemporaryPrefix(path) + std::to_string(::getpid()) + ".XXXXXX")).string();
  int fd = ::mkstemp(tmp.data());
  if (fd < 0) return Status::IOError("cannot write " + path + ": " + Reason(errno));
  ::fchmod(fd, 0644);  // mkstemp makes it 0600
  Status s = produce([&](std::string_view piece) { return WriteAll(fd, piece, path); });
  if (s.ok() && durability == Durability::kSynced && ::fsync(fd) != 0) {
    s = Status::IOError("cannot write " + path + ": " + Reason(errno));
  }
  if (::close(fd) != 0 && s.ok()) s = Status::IOError("cannot write " + path + ": " + Reason(errno));
  // Checked again just before the rename: something may have appeared at `path` meanwhile.
  if (s.ok()) s = CheckOutputPath(path, force);
  if (s.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) {
    s = Status::IOError("cannot write " + path + ": " + Reason(errno));
  }
  if (!s.ok()) {
    ::unlink(tmp.c_str());
    return s;
  }
  if (durability == Durability::kSynced) SyncDirectory(dir);
  return Status::Ok();
}

}  // namespace cityties
