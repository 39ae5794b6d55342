#include "generate/world.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <tuple>
#include <vector>

#include "generate/random.h"

namespace cityties::generate {
namespace {

constexpr int kLabels = static_cast<int>(Label::kCount);
constexpr double kZipfExponent = 1.0;
constexpr uint64_t kMinParties = 2, kMaxParties = 10;
constexpr double kMeanParties = 3.5;      // agreements: mostly bilateral, a tail up to 10 parties
constexpr uint64_t kMaxVisitEdges = 200;  // host + destination + participants of one visit
constexpr int kFirstYear = 1960, kLastYear = 2026;

// ---- names and properties

// A pronounceable name unique to `index` among `count` names: index in base 16, one syllable a
// digit, always as many syllables as count - 1 needs (at least two). The syllables are a prefix
// code, so no name is the beginning of another and each resolves by exact name.
std::string Syllables(uint64_t index, uint64_t count, uint64_t salt) {
  static constexpr std::array<const char*, 16> kSyllables = {"ka", "lo",  "mi",  "ra",  "te", "su", "no", "vi",
                                                             "da", "ren", "sho", "bel", "an", "gu", "zo", "ti"};
  int width = 2;
  for (uint64_t top = (count > 0 ? count - 1 : 0) >> 8; top > 0; top >>= 4) ++width;
  std::string name;
  for (int digit = 0; digit < width; ++digit, index >>= 4) name += kSyllables[(index + salt) % 16];
  name[0] = static_cast<char>(name[0] - 'a' + 'A');
  return name;
}

// A JSON object's text, built field by field. Values here are generated ASCII; Str escapes
// quotes and backslashes all the same.
class JsonObject {
 public:
  JsonObject& Str(std::string_view key, std::string_view value) {
    Key(key);
    text_ += '"';
    for (char c : value) {
      if (c == '"' || c == '\\') text_ += '\\';
      text_ += c;
    }
    text_ += '"';
    return *this;
  }
  JsonObject& Raw(std::string_view key, std::string_view json) {
    Key(key);
    text_ += json;
    return *this;
  }
  JsonObject& Int(std::string_view key, int64_t value) { return Raw(key, std::to_string(value)); }
  // Fixed four decimals, so the text does not depend on the shortest-round-trip printer.
  JsonObject& Fixed(std::string_view key, double value) {
    auto scaled = static_cast<int64_t>(std::llround(value * 10000));
    std::string digits = std::to_string(scaled < 0 ? -scaled : scaled);
    while (digits.size() < 5) digits.insert(0, "0");
    digits.insert(digits.size() - 4, ".");
    return Raw(key, (scaled < 0 ? "-" : "") + digits);
  }
  std::string Done() { return text_.empty() ? "" : text_ + "}"; }

 private:
  void Key(std::string_view key) {
    text_ += text_.empty() ? "{\"" : ",\"";
    text_ += key;
    text_ += "\":";
  }
  std::string text_;
};

template <size_t N>
const char* Pick(Rng& rng, const std::array<const char*, N>& items) {
  return items[rng.Below(N)];
}

// A year in [kFirstYear, kLastYear], recent years likelier (ties grow over the decades).
int RecentYear(Rng& rng) {
  const double u = rng.Unit();
  return kLastYear - static_cast<int>((kLastYear - kFirstYear + 1) * u * u);
}

// "Visit 0042" of 5000 visits: zero-padded to the width of the largest, so that no name is the
// beginning of another.
std::string Numbered(std::string_view word, uint64_t index, uint64_t count) {
  std::string digits = std::to_string(index);
  const size_t width = std::to_string(count > 0 ? count - 1 : 0).size();
  return std::string(word) + " " + std::string(width - std::min(width, digits.size()), '0') + digits;
}

std::string TwoDigits(int x) { return (x < 10 ? "0" : "") + std::to_string(x); }

// YYYY-MM-DD in `year` (days up to 28: every month has them). The draws are separate statements:
// the operands of + are evaluated in no set order, and the bytes must not depend on the compiler.
std::string DayIn(Rng& rng, int year) {
  const int month = 1 + static_cast<int>(rng.Below(12));
  const int day = 1 + static_cast<int>(rng.Below(28));
  return std::to_string(year) + "-" + TwoDigits(month) + "-" + TwoDigits(day);
}

// Sizes of `count` groups summing exactly to `total`, each in [lo, hi], skewed (exponential
// around the running mean) and drawn one at a time: lo*count <= total <= hi*count on entry.
class Splitter {
 public:
  Splitter(uint64_t count, uint64_t total, uint64_t lo, uint64_t hi) : left_(count), budget_(total), lo_(lo), hi_(hi) {}

  uint64_t Next(Rng& rng) {
    const uint64_t rest = left_ - 1;
    const uint64_t floor_ = std::max(lo_, budget_ > rest * hi_ ? budget_ - rest * hi_ : 0);
    const uint64_t ceiling = std::min(hi_, budget_ - rest * lo_);
    const double mean_extra = static_cast<double>(budget_) / static_cast<double>(left_) - static_cast<double>(lo_);
    const double draw = -std::log(1.0 - rng.Unit()) * mean_extra;
    uint64_t size = lo_ + static_cast<uint64_t>(std::min(draw, static_cast<double>(hi_)));
    size = std::clamp(size, floor_, ceiling);
    budget_ -= size;
    --left_;
    return size;
  }

 private:
  uint64_t left_, budget_, lo_, hi_;
};

uint64_t Index(Label label) { return static_cast<uint64_t>(label); }

}  // namespace

// Participants of one visit: besides its host and destination, distinct nodes of the labels
// before Agreement.
uint64_t MaxParticipants(const WorldPlan& plan) {
  return std::min(kMaxVisitEdges, plan.first_node(Label::kAgreement)) - 2;
}

std::string_view LabelName(Label label) {
  static constexpr std::array<const char*, kLabels> kNames = {"Country",  "City",      "Institution", "School",
                                                              "Official", "Agreement", "Visit"};
  return kNames[Index(label)];
}

std::string_view EdgeTypeName(EdgeType type) {
  static constexpr std::array<const char*, static_cast<int>(EdgeType::kCount)> kNames = {
      "LOCATED_IN", "HOLDS_OFFICE", "PARTY_TO", "PAIRED_WITH", "HOSTED", "VISITED", "PARTICIPATED_IN"};
  return kNames[static_cast<int>(type)];
}

uint64_t WorldPlan::first_node(Label label) const {
  uint64_t first = 0;
  for (uint64_t l = 0; l < Index(label); ++l) first += nodes_of[l];
  return first;
}

uint64_t WorldPlan::total_nodes() const { return first_node(Label::kCount); }

uint64_t WorldPlan::total_edges() const {
  uint64_t total = 0;
  for (auto n : edges_of) total += n;
  return total;
}

Result<WorldPlan> PlanWorld(const WorldSpec& spec) {
  if (spec.nodes < kMinNodes) {
    return Status::InvalidParameter("nodes", "a world needs at least " + std::to_string(kMinNodes) + " nodes");
  }
  if (spec.edges > kMaxEdgesPerNode * spec.nodes) {
    return Status::InvalidParameter("edges", "at most " + std::to_string(kMaxEdgesPerNode) +
                                                 " edges per node: a denser world has no room for distinct ties");
  }
  WorldPlan plan;
  auto& n = plan.nodes_of;
  const uint64_t countries =
      std::clamp<uint64_t>(static_cast<uint64_t>(std::llround(std::sqrt(static_cast<double>(spec.nodes)) / 2)), 2, 250);
  const uint64_t rest = spec.nodes - countries;
  auto share = [&](double fraction, uint64_t minimum) {
    return std::max<uint64_t>(minimum, static_cast<uint64_t>(static_cast<double>(rest) * fraction));
  };
  n[Index(Label::kCountry)] = countries;
  n[Index(Label::kCity)] = share(0.30, 2);
  n[Index(Label::kInstitution)] = share(0.05, 1);
  n[Index(Label::kSchool)] = share(0.20, 3);
  n[Index(Label::kOfficial)] = share(0.15, 1);
  n[Index(Label::kAgreement)] = share(0.12, 1);
  n[Index(Label::kVisit)] = spec.nodes - plan.first_node(Label::kVisit);

  auto& e = plan.edges_of;
  auto set = [&](EdgeType type, uint64_t count) { e[static_cast<int>(type)] = count; };
  const uint64_t agreements = plan.nodes(Label::kAgreement), visits = plan.nodes(Label::kVisit);
  const uint64_t schools = plan.nodes(Label::kSchool);
  const uint64_t structural = plan.nodes(Label::kCity) + plan.nodes(Label::kInstitution) + schools;
  set(EdgeType::kLocatedIn, structural);
  set(EdgeType::kHoldsOffice, plan.nodes(Label::kOfficial));
  const uint64_t fixed = structural + plan.nodes(Label::kOfficial);
  plan.minimum_edges = fixed + kMinParties * agreements + visits;

  // The ties: 45% agreement parties (a mean of kMeanParties each at most), 15% school pairings,
  // the rest visits, which take whatever the others cannot.
  const uint64_t ties = std::max(spec.edges, plan.minimum_edges) - fixed;
  const auto max_parties = static_cast<uint64_t>(kMeanParties * static_cast<double>(agreements));
  const uint64_t parties =
      std::min(std::clamp<uint64_t>(ties * 45 / 100, kMinParties * agreements, max_parties), ties - visits);
  const uint64_t max_pairings = schools * ((schools - 1) / 2);  // each school pairs "forward" only
  const uint64_t pairings = std::min({ties * 15 / 100, max_pairings, ties - parties - visits});
  const uint64_t visit_edges = ties - parties - pairings;  // >= visits: one host each
  const uint64_t visited = std::min(visits, visit_edges - visits);
  const uint64_t participants = visit_edges - visits - visited;
  if (participants > MaxParticipants(plan) * visits) {
    return Status::InvalidParameter("edges", "too many edges for " + std::to_string(spec.nodes) +
                                                 " nodes: the visits have too few distinct participants");
  }
  set(EdgeType::kPartyTo, parties);
  set(EdgeType::kPairedWith, pairings);
  set(EdgeType::kHosted, visits);
  set(EdgeType::kVisited, visited);
  set(EdgeType::kParticipatedIn, participants);
  return plan;
}

namespace {

// Generates one world into a sink; one object per run.
class Generator {
 public:
  Generator(const WorldSpec& spec, const WorldPlan& plan, WorldSink& sink)
      : spec_(spec),
        plan_(plan),
        sink_(sink),
        rng_(spec.seed),
        countries_(plan.nodes(Label::kCountry), kZipfExponent),
        cities_(plan.nodes(Label::kCity), kZipfExponent),
        institutions_(plan.nodes(Label::kInstitution), kZipfExponent),
        schools_(plan.nodes(Label::kSchool), kZipfExponent),
        officials_(plan.nodes(Label::kOfficial), kZipfExponent) {}

  Status Run() {
    CT_RETURN_IF_ERROR(Countries());
    CT_RETURN_IF_ERROR(Cities());
    CT_RETURN_IF_ERROR(Institutions());
    CT_RETURN_IF_ERROR(Schools());
    CT_RETURN_IF_ERROR(Officials());
    CT_RETURN_IF_ERROR(Agreements());
    CT_RETURN_IF_ERROR(Visits());
    return sink_.Finish();
  }

 private:
  uint64_t Number(Label label, uint64_t index) const { return plan_.first_node(label) + index; }

  std::string Id(Label label, uint64_t index) const {
    static constexpr std::array<const char*, kLabels> kPrefixes = {"country/",  "city/",      "institution/", "school/",
                                                                   "official/", "agreement/", "visit/"};
    if (label == Label::kCity && index == 0) return spec_.home_id;
    return kPrefixes[Index(label)] + std::to_string(index);
  }

  std::string CityName(uint64_t city) const {
    return city == 0 ? spec_.home_name : Syllables(city, plan_.nodes(Label::kCity), 1);
  }

  Status EmitNode(Label label, uint64_t index, std::string_view name, const std::string& props) {
    const std::string id = Id(label, index);
    return sink_.Node({Number(label, index), label, id, name, props});
  }

  Status EmitEdge(Label from_label, uint64_t from, EdgeType type, Label to_label, uint64_t to,
                  const std::string& props = "") {
    const std::string from_id = Id(from_label, from), to_id = Id(to_label, to);
    return sink_.Edge({Number(from_label, from), Number(to_label, to), from_id, to_id, type, props});
  }

  Status Countries() {
    static constexpr std::array<const char*, 6> kContinents = {"Asia",          "Europe",        "Africa",
                                                               "North America", "South America", "Oceania"};
    CT_RETURN_IF_ERROR(sink_.BeginLabel(Label::kCountry));
    for (uint64_t c = 0; c < plan_.nodes(Label::kCountry); ++c) {
      // A centre for the country's cities: latitudes where people live, any longitude.
      country_centre_.push_back({-40 + 100 * rng_.Unit(), -180 + 360 * rng_.Unit()});
      const std::string name = Syllables(c, plan_.nodes(Label::kCountry), 0) + "land";
      const std::string iso2 = {static_cast<char>('A' + c / 26 % 26), static_cast<char>('A' + c % 26)};
      CT_RETURN_IF_ERROR(EmitNode(
          Label::kCountry, c, name,
          JsonObject().Str("name_en", name).Str("iso2", iso2).Str("continent", Pick(rng_, kContinents)).Done()));
    }
    return Status::Ok();
  }

  Status Cities() {
    static constexpr std::array<const char*, 6> kLevels = {"city",   "city",       "municipality",
                                                           "county", "prefecture", "town"};
    CT_RETURN_IF_ERROR(sink_.BeginLabel(Label::kCity));
    for (uint64_t c = 0; c < plan_.nodes(Label::kCity); ++c) {
      const uint64_t country = countries_.Draw(rng_);
      city_country_.push_back(static_cast<uint32_t>(country));
      const auto [lat, lon] = country_centre_[country];
      const std::string name = CityName(c);
      CT_RETURN_IF_ERROR(EmitNode(Label::kCity, c, name,
                                  JsonObject()
                                      .Str("name_en", name)
                                      .Str("admin_level", Pick(rng_, kLevels))
                                      .Str("country", Id(Label::kCountry, country))
                                      .Fixed("lat", std::clamp(lat + 8 * (rng_.Unit() - 0.5), -89.0, 89.0))
                                      .Fixed("lon", std::remainder(lon + 8 * (rng_.Unit() - 0.5), 360.0))
                                      .Done()));
      CT_RETURN_IF_ERROR(EmitEdge(Label::kCity, c, EdgeType::kLocatedIn, Label::kCountry, country));
    }
    return Status::Ok();
  }

  Status Institutions() {
    static constexpr std::array<const char*, 8> kKinds = {"representative_office",
                                                          "government_agency",
                                                          "association",
                                                          "port",
                                                          "company",
                                                          "university",
                                                          "research",
                                                          "media"};
    CT_RETURN_IF_ERROR(sink_.BeginLabel(Label::kInstitution));
    for (uint64_t i = 0; i < plan_.nodes(Label::kInstitution); ++i) {
      const uint64_t city = cities_.Draw(rng_);
      const std::string name = CityName(city) + " " + Syllables(i, plan_.nodes(Label::kInstitution), 2) + " Office";
      CT_RETURN_IF_ERROR(EmitNode(Label::kInstitution, i, name,
                                  JsonObject()
                                      .Str("name_en", name)
                                      .Str("kind", Pick(rng_, kKinds))
                                      .Str("country", Id(Label::kCountry, city_country_[city]))
                                      .Done()));
      CT_RETURN_IF_ERROR(EmitEdge(Label::kInstitution, i, EdgeType::kLocatedIn, Label::kCity, city));
    }
    return Status::Ok();
  }

  // Each school pairs only with schools 1 .. (S-1)/2 places after it (cyclically), so that no
  // pair is written twice, in either direction; partners are drawn by Zipf rank.
  Status Schools() {
    static constexpr std::array<const char*, 6> kLevels = {"elementary", "junior_high", "senior_high",
                                                           "vocational", "university",  "other"};
    static constexpr std::array<const char*, 6> kLevelNames = {
        "Elementary School", "Junior High School", "Senior High School", "Vocational School", "University", "Academy"};
    static constexpr std::array<const char*, 3> kPairingKinds = {"sister_school", "sister_school", "exchange"};
    static constexpr std::array<const char*, 4> kStatuses = {"in_force", "in_force", "in_force", "ended"};
    const uint64_t schools = plan_.nodes(Label::kSchool), reach = (schools - 1) / 2;
    Splitter pairings(schools, plan_.edges(EdgeType::kPairedWith), 0, reach);
    CT_RETURN_IF_ERROR(sink_.BeginLabel(Label::kSchool));
    std::vector<uint64_t> partners;
    for (uint64_t s = 0; s < schools; ++s) {
      const uint64_t city = cities_.Draw(rng_);
      const uint64_t level = rng_.Below(kLevels.size());
      const std::string name = Syllables(s, schools, 2) + " " + kLevelNames[level];
      CT_RETURN_IF_ERROR(EmitNode(Label::kSchool, s, name,
                                  JsonObject()
                                      .Str("name_en", name)
                                      .Str("level", kLevels[level])
                                      .Str("country", Id(Label::kCountry, city_country_[city]))
                                      .Done()));
      CT_RETURN_IF_ERROR(EmitEdge(Label::kSchool, s, EdgeType::kLocatedIn, Label::kCity, city));
      const uint64_t count = pairings.Next(rng_);
      partners.clear();
      while (partners.size() < count) {
        uint64_t offset = 0;
        for (int attempt = 0; attempt < 16 && offset == 0; ++attempt) {
          const uint64_t other = schools_.Draw(rng_);
          const uint64_t distance = (other + schools - s) % schools;
          if (distance >= 1 && distance <= reach && !Contains(partners, distance)) offset = distance;
        }
        for (uint64_t d = 1 + rng_.Below(reach); offset == 0; d = d % reach + 1) {  // an unused one: there is one
          if (!Contains(partners, d)) offset = d;
        }
        partners.push_back(offset);
        const int year = RecentYear(rng_);
        CT_RETURN_IF_ERROR(EmitEdge(Label::kSchool, s, EdgeType::kPairedWith, Label::kSchool, (s + offset) % schools,
                                    JsonObject()
                                        .Str("kind", Pick(rng_, kPairingKinds))
                                        .Str("since", DayIn(rng_, year))
                                        .Str("status", Pick(rng_, kStatuses))
                                        .Done()));
      }
    }
    return Status::Ok();
  }

  Status Officials() {
    static constexpr std::array<const char*, 4> kCityTitles = {"Mayor", "Deputy Mayor", "Governor", "Director-General"};
    CT_RETURN_IF_ERROR(sink_.BeginLabel(Label::kOfficial));
    for (uint64_t o = 0; o < plan_.nodes(Label::kOfficial); ++o) {
      const uint64_t officials = plan_.nodes(Label::kOfficial);
      const std::string name = Syllables(o % 4093, 4093, 0) + " " + Syllables(o / 4093, officials / 4093 + 1, 1);
      CT_RETURN_IF_ERROR(
          EmitNode(Label::kOfficial, o, name, JsonObject().Str("name", name).Str("romanised", name).Done()));
      const double u = rng_.Unit();
      const auto [label, index, title] = u < 0.6 ? std::tuple{Label::kCity, cities_.Draw(rng_), Pick(rng_, kCityTitles)}
                                         : u < 0.85
                                             ? std::tuple{Label::kInstitution, institutions_.Draw(rng_), "Director"}
                                         : u < 0.95 ? std::tuple{Label::kSchool, schools_.Draw(rng_), "Principal"}
                                                    : std::tuple{Label::kCountry, countries_.Draw(rng_), "Minister"};
      CT_RETURN_IF_ERROR(
          EmitEdge(Label::kOfficial, o, EdgeType::kHoldsOffice, label, index,
                   JsonObject().Str("title", title).Str("as_of", std::to_string(RecentYear(rng_))).Done()));
    }
    return Status::Ok();
  }

  // A party or participant not yet in `chosen`: drawn by Zipf from the pool `draw` gives, else
  // the next free node of any label before Agreement (all of which may be parties).
  template <typename Draw>
  std::pair<Label, uint64_t> Distinct(std::vector<uint64_t>& chosen, Draw&& draw) {
    for (int attempt = 0; attempt < 16; ++attempt) {
      const auto [label, index] = draw();
      if (!Contains(chosen, Number(label, index))) {
        chosen.push_back(Number(label, index));
        return {label, index};
      }
    }
    const uint64_t candidates = plan_.first_node(Label::kAgreement);
    for (uint64_t n = rng_.Below(candidates);; n = (n + 1) % candidates) {
      if (Contains(chosen, n)) continue;
      chosen.push_back(n);
      auto label = Label::kCountry;
      while (n >= plan_.first_node(static_cast<Label>(Index(label) + 1))) label = static_cast<Label>(Index(label) + 1);
      return {label, n - plan_.first_node(label)};
    }
  }

  Status Agreements() {
    static constexpr std::array<const char*, 8> kBilateral = {"sister_city",  "sister_city",     "friendship_city",
                                                              "partner_city", "cooperation_mou", "education_mou",
                                                              "port_mou",     "economic_mou"};
    static constexpr std::array<const char*, 10> kStatuses = {"in_force", "in_force", "in_force", "in_force",
                                                              "in_force", "in_force", "ended",    "lapsed",
                                                              "planned",  "unknown"};
    const uint64_t agreements = plan_.nodes(Label::kAgreement);
    Splitter sizes(agreements, plan_.edges(EdgeType::kPartyTo), kMinParties, kMaxParties);
    CT_RETURN_IF_ERROR(sink_.BeginLabel(Label::kAgreement));
    std::vector<uint64_t> chosen;
    for (uint64_t a = 0; a < agreements; ++a) {
      const uint64_t parties = sizes.Next(rng_);
      const std::string kind = parties > 2 ? "multilateral_mou" : Pick(rng_, kBilateral);
      const int year = RecentYear(rng_);
      const std::string status = Pick(rng_, kStatuses);
      const std::string name = Numbered("Agreement", a, agreements);
      JsonObject props;
      props.Str("name_en", name).Str("kind", kind).Str("date", DayIn(rng_, year));
      if (status == "ended" && year < kLastYear)
        props.Str("end_date", std::to_string(year + 1 + static_cast<int>(rng_.Below(kLastYear - year))));
      props.Str("status", status);
      CT_RETURN_IF_ERROR(EmitNode(Label::kAgreement, a, name, props.Done()));
      chosen.clear();
      for (uint64_t p = 0; p < parties; ++p) {
        const auto [label, index] = Distinct(chosen, [&]() -> std::pair<Label, uint64_t> {
          if (kind == "education_mou") return {Label::kSchool, schools_.Draw(rng_)};
          if ((kind == "port_mou" || kind == "economic_mou") && p == 1) {
            return {Label::kInstitution, institutions_.Draw(rng_)};
          }
          if (kind == "multilateral_mou" && rng_.Chance(0.25)) {
            return rng_.Chance(0.6) ? std::pair{Label::kInstitution, institutions_.Draw(rng_)}
                                    : std::pair{Label::kCountry, countries_.Draw(rng_)};
          }
          return {Label::kCity, cities_.Draw(rng_)};
        });
        CT_RETURN_IF_ERROR(EmitEdge(label, index, EdgeType::kPartyTo, Label::kAgreement, a));
      }
    }
    return Status::Ok();
  }

  // Every visit has a host city; the first kVisited of them a destination; the participants
  // (mostly officials) split the rest.
  Status Visits() {
    static constexpr std::array<const char*, 8> kKinds = {
        "inbound_visit", "outbound_visit", "inbound_visit", "event", "forum", "meeting", "signing", "exchange"};
    static constexpr std::array<const char*, 4> kRoles = {"visitor", "participant", "delegation_lead", "host"};
    const uint64_t visits = plan_.nodes(Label::kVisit), destinations = plan_.edges(EdgeType::kVisited);
    Splitter participants(visits, plan_.edges(EdgeType::kParticipatedIn), 0, MaxParticipants(plan_));
    CT_RETURN_IF_ERROR(sink_.BeginLabel(Label::kVisit));
    std::vector<uint64_t> chosen;
    for (uint64_t v = 0; v < visits; ++v) {
      const int year = RecentYear(rng_);
      const std::string title = Numbered("Visit", v, visits);
      const uint64_t count = participants.Next(rng_);
      CT_RETURN_IF_ERROR(EmitNode(Label::kVisit, v, title,
                                  JsonObject()
                                      .Str("title", title)
                                      .Str("kind", Pick(rng_, kKinds))
                                      .Str("date", DayIn(rng_, year))
                                      .Int("delegation_size", static_cast<int64_t>(count + 1 + rng_.Below(20)))
                                      .Done()));
      // Host, destination and participants are distinct nodes, so that even the plain edge
      // list, which forgets types and directions, has no edge twice.
      const uint64_t host = cities_.Draw(rng_);
      chosen.assign({Number(Label::kCity, host)});
      CT_RETURN_IF_ERROR(EmitEdge(Label::kCity, host, EdgeType::kHosted, Label::kVisit, v));
      if (v < destinations) {
        auto [label, index] = std::pair{Label::kCity, host};
        for (int attempt = 0; attempt < 16 && Contains(chosen, Number(label, index)); ++attempt) {
          const double u = rng_.Unit();
          std::tie(label, index) = u < 0.7    ? std::pair{Label::kCity, cities_.Draw(rng_)}
                                   : u < 0.85 ? std::pair{Label::kInstitution, institutions_.Draw(rng_)}
                                              : std::pair{Label::kSchool, schools_.Draw(rng_)};
        }
        if (Contains(chosen, Number(label, index)))
          std::tie(label, index) = std::pair{Label::kCity, (host + 1) % plan_.nodes(Label::kCity)};
        chosen.push_back(Number(label, index));
        CT_RETURN_IF_ERROR(EmitEdge(Label::kVisit, v, EdgeType::kVisited, label, index));
      }
      for (uint64_t p = 0; p < count; ++p) {
        const auto [label, index] = Distinct(chosen, [&]() -> std::pair<Label, uint64_t> {
          const double u = rng_.Unit();
          if (u < 0.7) return {Label::kOfficial, officials_.Draw(rng_)};
          if (u < 0.85) return {Label::kInstitution, institutions_.Draw(rng_)};
          if (u < 0.95) return {Label::kCity, cities_.Draw(rng_)};
          return {Label::kSchool, schools_.Draw(rng_)};
        });
        CT_RETURN_IF_ERROR(EmitEdge(label, index, EdgeType::kParticipatedIn, Label::kVisit, v,
                                    JsonObject().Str("role", Pick(rng_, kRoles)).Done()));
      }
    }
    return Status::Ok();
  }

  static bool Contains(const std::vector<uint64_t>& items, uint64_t x) {
    return std::find(items.begin(), items.end(), x) != items.end();
  }

  const WorldSpec& spec_;
  const WorldPlan& plan_;
  WorldSink& sink_;
  Rng rng_;
  Zipf countries_, cities_, institutions_, schools_, officials_;
  std::vector<std::pair<double, double>> country_centre_;  // lat, lon
  std::vector<uint32_t> city_country_;
};

}  // namespace

Status GenerateWorld(const WorldSpec& spec, WorldSink& sink, WorldPlan* plan_out) {
  auto plan = PlanWorld(spec);
  if (!plan.ok()) return plan.status();
  if (plan_out) *plan_out = *plan;
  return Generator(spec, *plan, sink).Run();
}

}  // namespace cityties::generate
