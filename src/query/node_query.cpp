#include "query/node_query.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include "common/text.h"

namespace cityties::query {
namespace {

// The domain words this file relies on, in one place.
constexpr const char* kOfficeEdgeType = "HOLDS_OFFICE";  // Official -> the office held
constexpr const char* kOfficeTitle = "title";
constexpr const char* kOfficeTitleZh = "title_zh";
constexpr const char* kOfficeAsOf = "as_of";
constexpr const char* kCountryLabel = "Country";
constexpr const char* kCountryProperty = "country";
// Where a candidate's Chinese and English names are, best first.
constexpr std::initializer_list<const char*> kChineseNames = {"name_zh", "name"};
constexpr std::initializer_list<const char*> kEnglishNames = {"name_en", "romanised", "title"};

// Bounds on the work of one lookup: names read by the competitor check, office edges read by
// the title lookup.
constexpr size_t kMaxPrefixScan = 200;
constexpr size_t kMaxOfficeScan = 10000;

std::string FirstStringProp(const store::Json& props, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    std::string value = store::StringProperty(props, key);
    if (!value.empty()) return value;
  }
  return "";
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// The node with this id, as typed or in lower case (ids are lower-case ASCII).
// The node whose external id is `text` (or its ASCII lower case); none when neither is an id.
// A stored node that does not decode is its error (Corruption), not "no such id".
Result<std::optional<store::Node>> NodeById(const store::GraphStore& store, std::string_view text) {
  for (const std::string& id : {std::string(text), AsciiLower(text)}) {
    auto node = store.GetNode(id);
    if (node.ok()) return std::optional<store::Node>(std::move(*node));
    if (!node.status().IsNotFound()) return node.status();
  }
  return std::optional<store::Node>();
}

// The display name of the country a node lies in: its own `country` property, else (Officials)
// the country of the first office it holds.
std::string CountryOf(const store::GraphStore& store, const store::Node& node, const std::vector<Office>& offices) {
  if (node.label == kCountryLabel) return "";
  std::string country_id = store::StringProperty(node.props, kCountryProperty);
  for (size_t i = 0; country_id.empty() && i < offices.size(); ++i) {
    auto office = store.GetNode(offices[i].office_id);
    if (!office.ok()) continue;
    country_id =
        office->label == kCountryLabel ? office->ext_id : store::StringProperty(office->props, kCountryProperty);
  }
  if (country_id.empty()) return "";
  auto country = store.GetNode(country_id);
  return country.ok() ? DisplayName(*country) : country_id;
}

Result<Candidate> Describe(const store::GraphStore& store, store::Node node, MatchKind match) {
  Candidate c;
  c.match = match;
  c.name_zh = FirstStringProp(node.props, kChineseNames);
  c.name_en = FirstStringProp(node.props, kEnglishNames);
  auto offices = OfficesHeld(store, node);
  if (!offices.ok()) return offices.status();
  c.offices = std::move(*offices);
  c.country = CountryOf(store, node, c.offices);
  c.node = std::move(node);
  return c;
}

bool StartsWith(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// Where the last UTF-8 code point of `text` starts (0 for one code point or none).
size_t LastCodePointStart(std::string_view text) {
  size_t i = text.size();
  while (i > 0 && (static_cast<unsigned char>(text[i - 1]) & 0xC0) == 0x80) --i;
  return i > 0 ? i - 1 : 0;
}

// True when one of `node`'s names starts with the word `folded` and goes on ("kumamoto" and
// "Kumamoto Prefecture"); scripts without spaces between words (Chinese) never do.
bool ExtendsName(const store::Node& node, const std::string& folded) {
  for (const auto& name : store::IndexedNames(node.props)) {
    if (StartsWith(FoldName(name), folded + " ")) return true;
  }
  return false;
}

// Nodes of `exact`'s label with a name that extends the name `text` matched exactly: the city
// of Kumamoto competes with Kumamoto Prefecture. Found by a bounded prefix scan for `text` less
// its last code point (FindByName returns only exact matches when there are any).
Result<std::vector<store::Node>> SameLabelCompetitors(const store::GraphStore& store, const store::Node& exact,
                                                      std::string_view text) {
  std::vector<store::Node> competitors;
  const std::string folded = FoldName(text);
  const size_t last = LastCodePointStart(folded);
  if (last == 0) return competitors;
  auto matches = store.FindByName(folded.substr(0, last), kMaxPrefixScan);
  if (!matches.ok()) return matches.status();
  for (const auto& m : *matches) {
    if (m.node == exact.id || !StartsWith(FoldName(m.matched_name), folded)) continue;
    auto node = store.GetNode(m.node);
    if (!node.ok()) return node.status();
    if (node->label == exact.label && ExtendsName(*node, folded)) competitors.push_back(std::move(*node));
  }
  return competitors;
}

// Officials addressed by a title, bare or after a surname ("市長", "林副市長"): those holding an
// office whose title_zh ends `text` and whose name starts with what comes before it.
Result<std::vector<store::Node>> OfficialsByTitle(const store::GraphStore& store, std::string_view text) {
  std::vector<store::Node> officials;
  const auto* type = store.schema().FindEdgeType(kOfficeEdgeType);
  if (!type) return officials;
  std::vector<std::pair<store::NodeId, store::NodeId>> edges;
  CT_RETURN_IF_ERROR(store.ForEachEdgeOfType(type->code, [&](store::NodeId src, store::NodeId dst) {
    edges.emplace_back(src, dst);
    return edges.size() < kMaxOfficeScan;
  }));
  std::set<store::NodeId> seen;
  for (const auto& [src, dst] : edges) {
    if (officials.size() >= kMaxCandidates) break;
    auto edge = store.GetEdge(src, type->code, dst);
    if (!edge.ok()) return edge.status();
    std::string title = store::StringProperty(edge->props, kOfficeTitleZh);
    if (title.empty() || text.size() < title.size() || text.substr(text.size() - title.size()) != title) continue;
    auto official = store.GetNode(src);
    if (!official.ok()) return official.status();
    std::string_view surname = text.substr(0, text.size() - title.size());
    bool named = false;
    for (const auto& name : store::IndexedNames(official->props)) named = named || StartsWith(name, surname);
    if (named && seen.insert(src).second) officials.push_back(std::move(*official));
  }
  return officials;
}

// Nodes a text may mean, strongest match first, before they are described.
using Found = std::vector<std::pair<store::Node, MatchKind>>;

// The name index's answer: exact matches alone, else prefix matches, else fuzzy ones.
Status AddNameMatches(const store::GraphStore& store, std::string_view text, Found* found) {
  auto matches = store.FindByName(std::string(text), kMaxCandidates);
  if (!matches.ok()) return matches.status();
  const std::string folded = FoldName(text);
  for (const auto& m : *matches) {
    auto node = store.GetNode(m.node);
    if (!node.ok()) return node.status();
    MatchKind kind = m.exact                                        ? MatchKind::kExactName
                     : StartsWith(FoldName(m.matched_name), folded) ? MatchKind::kPrefix
                                                                    : MatchKind::kFuzzy;
    found->emplace_back(std::move(*node), kind);
  }
  return Status::Ok();
}

Status AddSameLabelCompetitors(const store::GraphStore& store, std::string_view text, Found* found) {
  auto competitors = SameLabelCompetitors(store, found->front().first, text);
  if (!competitors.ok()) return competitors.status();
  for (auto& node : *competitors) found->emplace_back(std::move(node), MatchKind::kPrefix);
  return Status::Ok();
}

// Officials holding the title the text names come first: they are what a title means.
Status PrependOfficialsByTitle(const store::GraphStore& store, std::string_view text, Found* found) {
  auto officials = OfficialsByTitle(store, text);
  if (!officials.ok()) return officials.status();
  Found titled;
  for (auto& node : *officials) titled.emplace_back(std::move(node), MatchKind::kFuzzy);
  found->insert(found->begin(), std::make_move_iterator(titled.begin()), std::make_move_iterator(titled.end()));
  return Status::Ok();
}

// Each node once, described, at most kMaxCandidates.
Result<std::vector<Candidate>> Described(const store::GraphStore& store, Found found) {
  std::vector<Candidate> candidates;
  std::set<store::NodeId> seen;
  for (auto& [node, kind] : found) {
    if (candidates.size() >= kMaxCandidates || !seen.insert(node.id).second) continue;
    auto c = Describe(store, std::move(node), kind);
    if (!c.ok()) return c.status();
    candidates.push_back(std::move(*c));
  }
  return candidates;
}

std::string CandidateList(const std::vector<Candidate>& candidates) {
  std::string list;
  for (size_t i = 0; i < candidates.size(); ++i) {
    list += "\n  " + std::to_string(i + 1) + ". " + candidates[i].Describe();
  }
  if (candidates.size() == kMaxCandidates) list += "\n  (only the first " + std::to_string(kMaxCandidates) + ")";
  return list;
}

Status Unresolved(std::string_view text, const std::vector<Candidate>& candidates) {
  const size_t exact = std::count_if(candidates.begin(), candidates.end(), [](const auto& c) { return c.exact(); });
  const std::string quoted = "'" + std::string(text) + "'";
  std::string why = quoted + " is not an exact id, name or alias";
  if (exact == 1) {
    const auto& node = candidates.front().node;
    why = quoted + " is a name of " + node.ext_id + ", but other " + node.label + " names start with it";
  } else if (exact > 1) {
    why = quoted + " names " + std::to_string(exact) + " nodes";
  }
  return Status::InvalidArgument(why +
                                 "; candidates (give an id, or pick one by its number):" + CandidateList(candidates));
}

}  // namespace

std::string Office::Describe() const {
  std::string text = (title.empty() ? title_zh : title) + " (" + office_id;
  if (!as_of.empty()) text += ", as of " + as_of;
  return text + ")";
}

std::string Candidate::Describe() const {
  std::string line = node.ext_id + " (" + node.label + ")";
  if (!name_zh.empty()) line += " " + name_zh;
  if (!name_en.empty()) line += (name_zh.empty() ? " " : " / ") + name_en;
  for (const auto& office : offices) line += "; " + office.Describe();
  if (!country.empty()) line += "; " + country;
  return line;
}

Result<std::vector<Office>> OfficesHeld(const store::GraphStore& store, const store::Node& official) {
  std::vector<Office> offices;
  const auto* type = store.schema().FindEdgeType(kOfficeEdgeType);
  if (!type || !type->from.count(official.label)) return offices;
  std::vector<store::Edge> edges;
  CT_RETURN_IF_ERROR(store.ForEachEdge(official.id, store::Direction::kOut, type->code, true, [&](const auto& e) {
    edges.push_back(e);
    return true;
  }));
  for (const auto& e : edges) {
    auto office = store.GetNode(e.dst);
    if (!office.ok()) return office.status();
    offices.push_back(Office{store::StringProperty(e.props, kOfficeTitle),
                             store::StringProperty(e.props, kOfficeTitleZh), office->ext_id, DisplayName(*office),
                             store::StringProperty(e.props, kOfficeAsOf)});
  }
  std::stable_sort(offices.begin(), offices.end(), [](const Office& a, const Office& b) { return a.as_of > b.as_of; });
  return offices;
}

Result<std::vector<Candidate>> Candidates(const store::GraphStore& store, std::string_view text) {
  if (text.size() > kMaxNodeTextBytes) {
    return Status::InvalidArgument("a NODE argument of " + std::to_string(text.size()) +
                                   " bytes is too long (at most " + std::to_string(kMaxNodeTextBytes) + ")");
  }
  Found found;
  auto by_id = NodeById(store, text);
  if (!by_id.ok()) return by_id.status();
  if (*by_id) {
    found.emplace_back(std::move(**by_id), MatchKind::kId);
    return Described(store, std::move(found));
  }
  CT_RETURN_IF_ERROR(AddNameMatches(store, text, &found));
  if (found.size() == 1 && found.front().second == MatchKind::kExactName) {
    CT_RETURN_IF_ERROR(AddSameLabelCompetitors(store, text, &found));
  }
  if (found.empty() || found.front().second != MatchKind::kExactName) {
    CT_RETURN_IF_ERROR(PrependOfficialsByTitle(store, text, &found));
  }
  return Described(store, std::move(found));
}

Result<store::Node> ResolveNode(const store::GraphStore& store, std::string_view text, size_t pick) {
  auto candidates = Candidates(store, text);
  if (!candidates.ok()) return candidates.status();
  if (candidates->empty()) return Status::NotFound("no node with id or name '" + std::string(text) + "'");
  if (pick > candidates->size()) {
    return Status::InvalidArgument("cannot pick " + std::to_string(pick) + ": '" + std::string(text) + "' has " +
                                   std::to_string(candidates->size()) + " candidate(s):" + CandidateList(*candidates));
  }
  if (pick > 0) return std::move((*candidates)[pick - 1].node);
  if (candidates->size() == 1 && candidates->front().exact()) return std::move(candidates->front().node);
  return Unresolved(text, *candidates);
}

std::string DisplayName(const store::Node& node) {
  std::string name = FirstStringProp(node.props, {"name_en", "name_zh", "name", "title"});
  return name.empty() ? node.ext_id : name;
}

}  // namespace cityties::query
