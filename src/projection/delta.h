// Bringing a cached base (projection/cache.h) up to date from the store's change log
// (store/format.h), so that a small edit costs its keys, not a scan of the store.
//
// The result is the base a full scan of the store would give, field for field and in the same
// order (the projection tests compare the two encodings byte for byte): vertices by node id, edges
// by (src, type, dst), by_ext in external id order, and every location resolved again over the
// whole base (an edit of one LOCATED_IN tie moves everything located through it).
#pragma once

#include <vector>

#include "common/status.h"
#include "projection/cache.h"

namespace cityties::projection {

// Above this many changed node and edge keys, plus a quarter of the base's rows, scanning the
// store costs less than bringing the base up to date.
inline constexpr size_t kMaxChangedKeys = 20000;
bool WorthApplying(const Base& base, const std::vector<store::ChangeRecord>& changes);

// Rereads every node and edge the `changes` name (a record of each commit since `base` was
// built, oldest first, as GraphStore::ChangesSince gives them) and updates `base` to the store's
// current state and sequence. Corruption when the store holds an edge whose end it does not hold
// (the caller then scans, which reports it).
Status ApplyChanges(const store::GraphStore& store, const std::vector<store::ChangeRecord>& changes, Base* base);

}  // namespace cityties::projection
