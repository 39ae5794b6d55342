// Writing an output file safely: the one way exports and maps reach the disk.
//
// Promises of WriteOutputFile(path, bytes, force):
//  - Atomic: the bytes go to a temporary file in the same directory, are fsynced, and the file
//    is renamed over `path`; a failure at any step removes the temporary file, so no partial
//    file is ever left at `path` or beside it.
//  - Refuses to replace anything that is not a regular file (a directory, a symlink, a FIFO, a
//    device, a socket) with an InvalidArgument error naming the path and what it is; refuses an
//    existing regular file unless `force` (InvalidParameter "force").
//  - A missing directory is an InvalidArgument error and a failed write (ENOSPC, EACCES...) an
//    IOError, each naming the path and the reason.
//  - The temporary file is named by the writing process ("." name "." pid "." random); one that
//    a killed writer left behind is removed by the next write of the same path.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace cityties {

// kCache skips both fsyncs: for a file that is checked whole when read (a checksum) and only
// rebuilt when damaged or missing, a power cut may lose or tear it at no cost but the rebuild,
// while the fsync of tens of megabytes costs every write.
enum class Durability { kSynced, kCache };
Status WriteOutputFile(const std::string& path, std::string_view bytes, bool force,
                       Durability durability = Durability::kSynced);

// The same promises for a file written piece by piece, for one too big to hold in memory twice:
// `produce` calls `write` with each piece in order (and returns the first error it gets, or its
// own).
using PieceWriter = std::function<Status(std::string_view piece)>;
Status WriteOutputFileInPieces(const std::string& path, bool force, Durability durability,
                               const std::function<Status(const PieceWriter& write)>& produce);

// Checks `path` as WriteOutputFile would before writing (so a long export or render can fail
// early): what is there, whether `force` allows replacing it, and that the directory exists.
Status CheckOutputPath(const std::string& path, bool force);

// Removes the temporary files of `path` (see above) whose writing process no longer runs.
void RemoveStaleTemporaries(const std::string& path);

// True when no process has this id (a leftover named by it is stale).
bool ProcessIsGone(long pid);

// Makes a rename or a new file in `dir` durable (fsync of the directory); best effort.
void SyncDirectory(const std::string& dir);

}  // namespace cityties
