// Resolving what a user typed (a NODE argument) to a node, and describing nodes for people.
//
// Promises:
//  - ResolveNode never guesses silently. It resolves an exact id, or a name or alias whose
//    folded form (case, width and separators do not matter) equals the folded text, when exactly
//    one node has it. Anything else (a prefix, a substring, a misspelling, a bare title such as
//    市長) is refused with a status whose message lists the candidates, each with its label,
//    Chinese and English names, the offices it holds (Officials) and its country, unless the
//    caller picks candidate N (1-based) of that list.
//  - The work is bounded: a text longer than kMaxNodeTextBytes is refused before any lookup, and
//    at most kMaxCandidates candidates are read.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "store/graph_store.h"

namespace cityties::query {

inline constexpr size_t kMaxNodeTextBytes = 1000;
inline constexpr size_t kMaxCandidates = 20;

// How a candidate matched the text, strongest first.
enum class MatchKind { kId, kExactName, kPrefix, kFuzzy };

// An office an Official holds: the HOLDS_OFFICE edge's title and the node it points to.
struct Office {
  std::string title;
  std::string title_zh;
  std::string office_id;
  std::string office_name;
  std::string as_of;  // "" when the source gives no date

  // "Deputy Mayor of Kaohsiung (city/kaohsiung, as of 2015-07-04)".
  std::string Describe() const;
};

struct Candidate {
  store::Node node;
  MatchKind match = MatchKind::kFuzzy;
  std::string name_zh;  // "" when unknown
  std::string name_en;
  std::vector<Office> offices;  // Officials only
  std::string country;          // the display name of the node's country, "" when unknown

  bool exact() const { return match == MatchKind::kId || match == MatchKind::kExactName; }
  // One line: "official/x (Official) 許副市長 / Hsu; Deputy Mayor of Kaohsiung (city/kaohsiung, as of
  // 2015-07-04); Taiwan".
  std::string Describe() const;
};

// The nodes `text` may mean, strongest match first: the node with that id, else the nodes with
// that exact folded name or alias, else those whose names start with it, else those whose names
// contain it or are a small edit distance away; at most kMaxCandidates.
Result<std::vector<Candidate>> Candidates(const store::GraphStore& store, std::string_view text);

// Resolves a NODE argument (see the promises above). `pick` (1-based) chooses candidate N of
// Candidates(text); 0 accepts only an unambiguous exact match.
Result<store::Node> ResolveNode(const store::GraphStore& store, std::string_view text, size_t pick = 0);

// The offices an Official holds (its HOLDS_OFFICE edges), most recent `as_of` first.
Result<std::vector<Office>> OfficesHeld(const store::GraphStore& store, const store::Node& official);

// A display name for a node: English, else Chinese, else the written name, else the id.
std::string DisplayName(const store::Node& node);

}  // namespace cityties::query
