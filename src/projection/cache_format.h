// The byte layout of the projection cache file (projection/cache.h). This file is the only place
// that knows it; cache.cpp reads and writes files through it.
//
// Grammar (all integers little-endian, strings u32 length + bytes):
//
//   file     := header
//               directed:u8
//               type_count:u32 string*type_count              -- edge type names by code
//               vertex_count:u32 vertex*vertex_count             -- by internal node id
//               by_ext:u32*vertex_count                        -- vertex indices in external id order
//               edge_count:u64 edge*edge_count
//               checksum:u64                                   -- FNV-1a of everything before it
//   header   := magic "CTPROJ" version:u16 sequence:u64 identity:u64
//   vertex   := node:u64 numeric_id:u64 flags:u8 ext_id:string label:string name:string
//               country:string city:string kind:string date end_date marks
//   edge     := src:u32 dst:u32 type:u16 weight:f64 since until observed marks
//   date     := year:i16 month:u8 day:u8                      -- year -1: absent
//   marks    := status:u8 secondary:u8 sources:u8             -- schema::ProvenanceMarks
//
// flags: bit 0 numeric (the external id is all digits), bit 1 country_inferred (the country comes
// from the LOCATED_IN chain). numeric_id is UINT64_MAX when numeric is 0. `identity` (StoreIdentity) is the FNV-1a hash
// of the database id init drew (its RocksDB IDENTITY file for a database made before ids) and of the device and inode
// of the database's folder, so that neither another database at the same path nor a copy of the folder (cp -r copies
// both ids, not the inode) picks up a cache made for another state at the same sequence number. by_ext is a permutation
// of the vertex indices.
//
// Bump kCacheVersion on any change to this grammar or to what a Base holds.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "projection/cache.h"

namespace cityties::projection {

// Stored in every cache file: a file of another version is not read.
inline constexpr uint16_t kCacheVersion = 6;
inline constexpr uint8_t kNumericFlag = 1, kCountryInferredFlag = 2;

struct CacheHeader {
  uint16_t version = kCacheVersion;
  uint64_t sequence = 0;
  uint64_t identity = 0;
};
inline constexpr size_t kCacheHeaderSize = 6 + 2 + 8 + 8;

// header: the first kCacheHeaderSize bytes of a file, so that a stale cache is recognised
// without reading the rest. Corruption when `bytes` is shorter or lacks the magic.
std::string EncodeCacheHeader(const CacheHeader& header);
Status DecodeCacheHeader(std::string_view bytes, CacheHeader* header);

// file: a whole cache file. DecodeCache fills `base` (its sequence and identity from the header)
// and is Corruption for a file of another version, a checksum mismatch, a truncated or overlong
// file, a by_ext that is not a permutation of the vertices, or an edge naming a vertex or type the
// file does not hold.
std::string EncodeCache(const Base& base);
Status DecodeCache(std::string_view file, Base* base);
// The same bytes as EncodeCache, handed to `write` in pieces of about kCachePieceSize bytes (the
// checksum computed as they go), so that a large cache is written without being held whole;
// the first error `write` returns.
inline constexpr size_t kCachePieceSize = size_t{1} << 20;
Status EncodeCacheInPieces(const Base& base, const std::function<Status(std::string_view)>& write);

// 64-bit FNV-1a: the checksum of a file and the identity hash; Fnv1aFold continues a hash
// (from kFnvOffset) over more bytes.
inline constexpr uint64_t kFnvOffset = 1469598103934665603ULL;
uint64_t Fnv1aFold(uint64_t hash, std::string_view bytes);
uint64_t Fnv1a(std::string_view bytes);

}  // namespace cityties::projection
