#include "projection/projection.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "algo_test_util.h"
#include "projection/cache.h"
#include "projection/csr.h"

namespace cityties::projection {
namespace {

using testing::GraphTest;

class ProjectionTest : public GraphTest {
 protected:
  // Two countries, three cities, two schools, a two-party and a three-party agreement, a visit.
  void LoadDiplomacy() {
    Node("country/tw", "Country", {{"name_en", "Taiwan"}, {"iso2", "TW"}});
    Node("country/jp", "Country", {{"name_en", "Japan"}});
    Node("city/kaohsiung", "City", {{"name_en", "Kaohsiung"}, {"country", "country/tw"}});
    Node("city/kumamoto", "City", {{"name_en", "Kumamoto"}});  // country only through LOCATED_IN
    Node("city/tokyo", "City", {{"name_en", "Tokyo"}, {"country", "country/jp"}});
    Node("school/khs", "School", {{"name_en", "Kaohsiung High"}});
    Node("school/kms", "School", {{"name_en", "Kumamoto High"}});
    Node("agreement/a2", "Agreement", {{"name_en", "A2"}, {"date", "2017"}});
    Node("agreement/a3", "Agreement", {{"kind", "multilateral_mou"}, {"date", "2020"}, {"end_date", "2022"}});
    Node("visit/v2015", "Visit", {{"date", "2015-05-01"}});
    Edge("city/kaohsiung", "LOCATED_IN", "country/tw");
    Edges({"city/kumamoto", "city/tokyo"}, "LOCATED_IN", "country/jp");
    Edge("school/khs", "LOCATED_IN", "city/kaohsiung");
    Edge("school/kms", "LOCATED_IN", "city/kumamoto");
    Edges({"city/kaohsiung", "city/kumamoto"}, "PARTY_TO", "agreement/a2");
    Edges({"city/kaohsiung", "city/kumamoto", "city/tokyo"}, "PARTY_TO", "agreement/a3");
    Visit("city/kaohsiung", "visit/v2015", {"city/kumamoto"});
    Edge("school/khs", "PAIRED_WITH", "school/kms", {{"since", "2019"}, {"sources", {"report §1"}}});
    Commit();
  }

  static std::vector<std::string> TieNames(const Projection& p) {
    std::vector<std::string> out;
    for (const auto& t : p.ties())
      out.push_back(p.vertex(t.src).ext_id + " " + p.TypeName(t) + " " + p.vertex(t.dst).ext_id);
    std::sort(out.begin(), out.end());
    return out;
  }
  static bool Has(const Projection& p, const std::string& ext) { return p.FindExt(ext).has_value(); }
};

TEST_F(ProjectionTest, VerticesAreInExternalIdOrderAndMapBackToTheirNodes) {
  LoadDiplomacy();
  Projection p = Project();
  auto ids = AllIds(p);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(ids.size(), 10u);
  for (Vertex v = 0; v < p.num_vertices(); ++v) {
    EXPECT_EQ(*store_->Resolve(p.vertex(v).ext_id), p.vertex(v).node);
    EXPECT_EQ(p.Find(p.vertex(v).node), v);
    EXPECT_EQ(p.FindExt(p.vertex(v).ext_id), v);
  }
  EXPECT_EQ(p.vertex(V(p, "city/kaohsiung")).label, "City");
  EXPECT_EQ(p.vertex(V(p, "city/kaohsiung")).name, "Kaohsiung");
  EXPECT_FALSE(p.FindExt("city/nowhere").has_value());
}

TEST_F(ProjectionTest, NumericIdsComeFirstInNumericOrder) {
  LoadEdges({{10, 9}, {100, 10}}, true);
  Node("city/x", "City");
  Commit();
  Projection p = Project();
  EXPECT_EQ(AllIds(p), (std::vector<std::string>{"9", "10", "100", "city/x"}));
  EXPECT_TRUE(p.vertex(0).numeric);
  EXPECT_EQ(p.vertex(2).numeric_id, 100u);
  EXPECT_FALSE(p.vertex(3).numeric);
  EXPECT_EQ(p.FindExt("100"), 2u);
}

TEST_F(ProjectionTest, DefaultTypesLeaveOutLocatedInAndTypesSelect) {
  LoadDiplomacy();
  Projection p = Project();
  for (const auto& t : p.ties()) EXPECT_NE(p.TypeName(t), "LOCATED_IN");
  EXPECT_EQ(p.num_ties(), 8u);
  Filter f;
  f.edge_types = {"LOCATED_IN", "PAIRED_WITH"};
  Projection q = Project(f);
  EXPECT_EQ(q.num_ties(), 6u);
  EXPECT_EQ(q.num_vertices(), 10u);  // edge types do not drop vertices
}

TEST_F(ProjectionTest, UnknownNamesAreErrors) {
  LoadDiplomacy();
  Filter f;
  f.labels = {"Town"};
  EXPECT_EQ(projection::Project(*store_, f).status().code(), Status::Code::kInvalidArgument);
  f = {};
  f.edge_types = {"TWINNED"};
  EXPECT_EQ(projection::Project(*store_, f).status().code(), Status::Code::kInvalidArgument);
  f = {};
  f.countries = {"Atlantis"};
  EXPECT_FALSE(projection::Project(*store_, f).ok());
  f.countries = {"Kaohsiung"};  // not a Country
  EXPECT_EQ(projection::Project(*store_, f).status().code(), Status::Code::kInvalidArgument);
}

TEST_F(ProjectionTest, LabelFilterKeepsOnlyThoseNodesAndTheirTies) {
  LoadDiplomacy();
  Filter f;
  f.labels = {"City", "Agreement"};
  Projection p = Project(f);
  EXPECT_EQ(p.num_vertices(), 5u);
  EXPECT_EQ(TieNames(p),
            (std::vector<std::string>{"city/kaohsiung PARTY_TO agreement/a2", "city/kaohsiung PARTY_TO agreement/a3",
                                      "city/kumamoto PARTY_TO agreement/a2", "city/kumamoto PARTY_TO agreement/a3",
                                      "city/tokyo PARTY_TO agreement/a3"}));
}

TEST_F(ProjectionTest, CountryComesFromThePropertyOrTheLocatedInChain) {
  LoadDiplomacy();
  Projection p = Project();
  EXPECT_EQ(p.vertex(V(p, "city/kaohsiung")).country, "country/tw");
  EXPECT_EQ(p.vertex(V(p, "city/kumamoto")).country, "country/jp");
  EXPECT_EQ(p.vertex(V(p, "school/kms")).country, "country/jp");  // school -> city -> country
  EXPECT_EQ(p.vertex(V(p, "school/kms")).city, "city/kumamoto");
  EXPECT_EQ(p.vertex(V(p, "country/jp")).country, "country/jp");
  EXPECT_EQ(p.vertex(V(p, "agreement/a2")).country, "");
}

TEST_F(ProjectionTest, CountryFilterKeepsCountrylessNodesOnlyThroughSurvivingTies) {
  LoadDiplomacy();
  Node("agreement/orphan", "Agreement");
  Edge("city/kaohsiung", "PARTY_TO", "agreement/orphan");
  Commit();
  for (const char* jp : {"jp", "country/jp", "Japan"}) {
    Filter f;
    f.countries = {jp};
    Projection p = Project(f);
    EXPECT_TRUE(Has(p, "city/kumamoto")) << jp;
    EXPECT_TRUE(Has(p, "school/kms"));
    EXPECT_TRUE(Has(p, "country/jp"));
    EXPECT_TRUE(Has(p, "agreement/a2"));  // tied to Kumamoto
    EXPECT_TRUE(Has(p, "visit/v2015"));
    EXPECT_FALSE(Has(p, "city/kaohsiung"));
    EXPECT_FALSE(Has(p, "school/khs"));
    EXPECT_FALSE(Has(p, "agreement/orphan"));  // its only party is in Taiwan
  }
  Filter both;
  both.countries = {"tw", "jp"};
  EXPECT_EQ(Project(both).num_vertices(), 11u);
}

TEST_F(ProjectionTest, AsOfLeavesOutTiesNotYetBegunOrAlreadyEnded) {
  LoadDiplomacy();
  auto at = [&](const char* date) {
    Filter f;
    f.since = f.until = PartialDate::Parse(date);
    return Project(f);
  };
  Projection p2016 = at("2016");
  EXPECT_FALSE(Has(p2016, "agreement/a2"));  // 2017: not yet
  EXPECT_FALSE(Has(p2016, "agreement/a3"));
  EXPECT_FALSE(Has(p2016, "visit/v2015"));  // over in 2015
  EXPECT_FALSE(p2016.TieBetween(V(p2016, "school/khs"), V(p2016, "school/kms")).has_value());
  Projection p2015 = at("2015");
  EXPECT_TRUE(Has(p2015, "visit/v2015"));
  Projection p2021 = at("2021");
  EXPECT_TRUE(Has(p2021, "agreement/a2"));
  EXPECT_TRUE(Has(p2021, "agreement/a3"));  // 2020..2022
  EXPECT_TRUE(p2021.TieBetween(V(p2021, "school/khs"), V(p2021, "school/kms")).has_value());
  Projection p2023 = at("2023");
  EXPECT_TRUE(Has(p2023, "agreement/a2"));
  EXPECT_FALSE(Has(p2023, "agreement/a3"));  // ended 2022
  // Partial dates are intervals: a tie since 2017 has begun by the end of 2017-01.
  EXPECT_TRUE(Has(at("2017-01"), "agreement/a2"));
  EXPECT_TRUE(Has(at("2022-12-31"), "agreement/a3"));
  EXPECT_FALSE(Has(at("2023-01-01"), "agreement/a3"));
  // A window: ties alive at some point in it.
  Filter window;
  window.since = PartialDate::Parse("2010");
  window.until = PartialDate::Parse("2016-06");
  Projection w = Project(window);
  EXPECT_TRUE(Has(w, "visit/v2015"));
  EXPECT_FALSE(Has(w, "agreement/a2"));
}

TEST_F(ProjectionTest, ExpandedAgreementsBecomeTiesBetweenEachPairOfParties) {
  LoadDiplomacy();
  Filter f;
  f.expand_agreements = true;
  Projection p = Project(f);
  EXPECT_FALSE(Has(p, "agreement/a2"));
  EXPECT_FALSE(Has(p, "agreement/a3"));
  std::vector<std::string> agreements;
  for (const auto& t : p.ties()) {
    if (t.type != kAgreementTie) continue;
    ASSERT_NE(p.Via(t), nullptr);
    EXPECT_LT(t.src, t.dst);
    agreements.push_back(p.vertex(t.src).ext_id + "~" + p.vertex(t.dst).ext_id + " " + p.Via(t)->ext_id);
  }
  std::sort(agreements.begin(), agreements.end());
  EXPECT_EQ(agreements, (std::vector<std::string>{
                            "city/kaohsiung~city/kumamoto agreement/a2", "city/kaohsiung~city/kumamoto agreement/a3",
                            "city/kaohsiung~city/tokyo agreement/a3", "city/kumamoto~city/tokyo agreement/a3"}));
  // The expanded tie carries the agreement's dates, so --as-of applies to it.
  Filter f2021 = f;
  f2021.since = f2021.until = PartialDate::Parse("2023");
  Projection p2023 = Project(f2021);
  size_t expanded = 0;
  for (const auto& t : p2023.ties()) expanded += t.type == kAgreementTie;
  EXPECT_EQ(expanded, 1u);  // only a2
  auto details = DescribeTie(*store_, p, *p.TieBetween(V(p, "city/kaohsiung"), V(p, "city/tokyo")));
  ASSERT_TRUE(details.ok());
  EXPECT_EQ(details->type, "AGREEMENT");
  EXPECT_EQ(details->date, "2020");
  EXPECT_EQ(details->end, "2022");
}

TEST_F(ProjectionTest, DescribeTieReadsTheStoredEdge) {
  LoadDiplomacy();
  Projection p = Project();
  auto tie = p.TieBetween(V(p, "school/kms"), V(p, "school/khs"));
  ASSERT_TRUE(tie.has_value());
  auto d = DescribeTie(*store_, p, *tie);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->type, "PAIRED_WITH");
  EXPECT_EQ(d->date, "2019");
  EXPECT_EQ(d->sources, std::vector<std::string>{"report §1"});
  EXPECT_EQ(p.vertex(p.tie(*tie).src).ext_id, "school/khs");  // stored direction kept
}

TEST_F(ProjectionTest, ParallelTiesAreOneEdgeOfTheSimpleGraph) {
  Projection p = ProjectEdges({{1, 2, 5.0}, {2, 1, 2.0}, {2, 3, 1.0}, {3, 3, 1.0}}, true, {}, true);
  const auto& g = p.graphs().sym;
  EXPECT_EQ(out_degree(V(p, "1"), g), 1u);
  EXPECT_EQ(out_degree(V(p, "3"), g), 1u);  // the self-loop is dropped
  EXPECT_EQ(p.Incident(V(p, "1")).size(), 2u);
  auto tie = p.TieBetween(V(p, "1"), V(p, "2"));
  ASSERT_TRUE(tie.has_value());
  EXPECT_EQ(p.tie(*tie).weight, 2.0);  // the lightest of the pair
  EXPECT_EQ(p.Neighbors(V(p, "2")), (std::vector<Vertex>{V(p, "1"), V(p, "3")}));
  const auto& dir = DirectedGraph(p);
  EXPECT_EQ(out_degree(V(p, "1"), dir), 1u);
  EXPECT_EQ(in_degree(V(p, "1"), dir), 1u);
  EXPECT_EQ(in_degree(V(p, "3"), dir), 1u);
  EXPECT_TRUE(p.directed());
}

TEST_F(ProjectionTest, UndirectedEdgeListsAreUndirected) {
  LoadEdges({{1, 2}}, false);
  EXPECT_FALSE(Project().directed());
}

TEST_F(ProjectionTest, TheBaseIsCachedBySequenceAndUpdatedAfterAWrite) {
  LoadDiplomacy();
  Projection first = Project({}, true);
  EXPECT_FALSE(first.stats().from_cache);
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(db_path_) / kCacheFileName));
  Projection second = Project({}, true);
  EXPECT_TRUE(second.stats().from_cache);
  EXPECT_EQ(TieNames(first), TieNames(second));
  EXPECT_EQ(AllIds(first), AllIds(second));
  EXPECT_EQ(second.vertex(V(second, "school/kms")).country, "country/jp");
  EXPECT_EQ(second.vertex(V(second, "agreement/a3")).end_date, PartialDate::Parse("2022"));

  Edge("city/tokyo", "PARTY_TO", "agreement/a2");
  Commit();
  Projection third = Project({}, true);  // the cache, brought up to date from the change log
  EXPECT_TRUE(third.stats().from_cache);
  EXPECT_EQ(third.stats().commits_applied, 1u);
  EXPECT_EQ(third.num_ties(), first.num_ties() + 1);
  EXPECT_EQ(TieNames(third), TieNames(Project({}, false)));

  // Another database (another RocksDB identity) at the same sequence does not use it.
  std::string cache = (std::filesystem::path(db_path_) / kCacheFileName).string();
  EXPECT_TRUE(ReadBaseCache(cache, store_->Sequence(), StoreIdentity(*store_)).ok());
  EXPECT_NE(StoreIdentity(*store_), 0u);
  EXPECT_TRUE(ReadBaseCache(cache, store_->Sequence(), StoreIdentity(*store_) + 1).status().IsNotFound());
  EXPECT_TRUE(ReadBaseCache(cache, store_->Sequence() + 1, StoreIdentity(*store_)).status().IsNotFound());

  // A damaged cache is ignored and rewritten.
  std::string path = (std::filesystem::path(db_path_) / kCacheFileName).string();
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(40);
    f.put('\x7f');
  }
  EXPECT_EQ(ReadBaseCache(path, store_->Sequence(), StoreIdentity(*store_)).status().code(), Status::Code::kCorruption);
  Projection fourth = Project({}, true);
  EXPECT_FALSE(fourth.stats().from_cache);
  EXPECT_EQ(TieNames(fourth), TieNames(third));
  EXPECT_TRUE(Project({}, true).stats().from_cache);
}

TEST_F(ProjectionTest, ACopiedFolderDoesNotShareItsSourcesCacheIdentity) {
  LoadDiplomacy();
  const uint64_t identity = StoreIdentity(*store_);
  store_.reset();
  const std::string copy = dir_.path("copy");
  std::filesystem::copy(db_path_, copy, std::filesystem::copy_options::recursive);
  auto copied = store::GraphStore::Open(copy, store::GraphStore::Mode::kReadOnly);
  ASSERT_TRUE(copied.ok()) << copied.status().message();
  EXPECT_EQ((*copied)->database_id().size(), 32u);
  EXPECT_NE(StoreIdentity(**copied), identity);  // same data, same ids: another folder
  auto again = store::GraphStore::Open(db_path_, store::GraphStore::Mode::kReadOnly);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(StoreIdentity(**again), identity);
}

TEST_F(ProjectionTest, ResolveVertexSaysWhenTheFiltersLeftANodeOut) {
  LoadDiplomacy();
  Filter f;
  f.labels = {"City"};
  Projection p = Project(f);
  auto v = ResolveVertex(*store_, p, "Kumamoto");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(p.vertex(*v).ext_id, "city/kumamoto");
  auto out = ResolveVertex(*store_, p, "school/khs");
  EXPECT_TRUE(out.status().IsNotFound());
  EXPECT_NE(out.status().message().find("left out"), std::string::npos);
}

}  // namespace
}  // namespace cityties::projection

namespace cityties::projection {
namespace {

// Filter::statuses and tiers judge each tie by its fact, as the row answers do
// (schema/provenance.h): a hub's status and sources, else the edge's own.
TEST_F(ProjectionTest, StatusesAndTiersKeepOnlyTheTiesSoJudgedAndTheHubsTheyLeave) {
  for (const char* c : {"city/k", "city/a", "city/b", "city/c"}) Node(c, "City", {{"name_en", c}});
  Node("school/s", "School", {{"name_en", "S"}});
  Node("school/t", "School", {{"name_en", "T"}});
  Node("agreement/planned", "Agreement", {{"status", "planned"}, {"sources", {"report §1"}}});
  Node("agreement/signed", "Agreement", {{"date", "2015"}, {"sources", {"report §2"}}});  // in force
  Node("agreement/listed", "Agreement", {{"sources", {"reference/list"}}});               // only the secondary list
  Node("agreement/over", "Agreement", {{"date", "1990"}, {"end_date", "2001"}});          // ended
  Node("visit/v", "Visit", {{"date", "2019-03"}});
  Edges({"city/k", "city/a"}, "PARTY_TO", "agreement/planned");
  Edges({"city/k", "city/b"}, "PARTY_TO", "agreement/signed");
  Edges({"city/k", "city/c"}, "PARTY_TO", "agreement/listed");
  Edges({"city/a", "city/b"}, "PARTY_TO", "agreement/over");
  // Parties whose own edges only the secondary list gives: in hub mode those ties are secondary,
  // expanded the tie is the agreement's, which the reports give.
  Node("agreement/mixed", "Agreement", {{"sources", {"report §3"}}});
  for (const char* party : {"city/k", "city/c"}) Edge(party, "PARTY_TO", "agreement/mixed", {{"secondary", true}});
  Visit("city/k", "visit/v", {"city/c"});
  Edge("school/s", "PAIRED_WITH", "school/t", {{"status", "lapsed"}});
  Commit();
  auto with = [](std::vector<std::string> statuses, std::vector<std::string> tiers = {}, bool expand = false) {
    Filter f;
    f.statuses = std::move(statuses);
    f.tiers = std::move(tiers);
    f.expand_agreements = expand;
    return f;
  };
  Projection planned = Project(with({"planned"}));
  EXPECT_EQ(TieNames(planned),
            (std::vector<std::string>{"city/a PARTY_TO agreement/planned", "city/k PARTY_TO agreement/planned"}));
  EXPECT_FALSE(Has(planned, "agreement/signed")) << "a hub whose every tie is left out goes too";
  EXPECT_FALSE(Has(planned, "visit/v"));
  EXPECT_TRUE(Has(planned, "city/b")) << "a city stays, untied";

  Projection in_force = Project(with({"in_force"}));
  EXPECT_TRUE(Has(in_force, "agreement/signed"));
  EXPECT_TRUE(Has(in_force, "visit/v")) << "an event without a status is in force";
  EXPECT_FALSE(Has(in_force, "agreement/planned"));
  EXPECT_FALSE(Has(in_force, "agreement/over"));
  EXPECT_FALSE(Has(in_force, "agreement/listed"));

  EXPECT_TRUE(Has(Project(with({"ended"})), "agreement/over")) << "its end date is past";
  Projection unknown = Project(with({"unknown"}, {"secondary"}));
  EXPECT_EQ(TieNames(unknown),
            (std::vector<std::string>{"city/c PARTY_TO agreement/listed", "city/k PARTY_TO agreement/listed"}));
  Projection report = Project(with({}, {"report"}));
  EXPECT_FALSE(Has(report, "agreement/listed"));
  EXPECT_TRUE(Has(report, "agreement/planned"));
  // A tie with no hub at either end is its own fact.
  EXPECT_EQ(TieNames(Project(with({"lapsed"}))), (std::vector<std::string>{"school/s PAIRED_WITH school/t"}));
  // An expanded agreement's ties are the agreement's.
  EXPECT_EQ(TieNames(Project(with({"planned"}, {}, true))), (std::vector<std::string>{"city/a AGREEMENT city/k"}));
  EXPECT_FALSE(Has(Project(with({}, {"report"})), "agreement/mixed"));
  const auto expanded_report = TieNames(Project(with({}, {"report"}, true)));
  EXPECT_NE(std::find(expanded_report.begin(), expanded_report.end(), "city/c AGREEMENT city/k"),
            expanded_report.end());
  // Read by prefix scans two edges around city/k (which every kept tie here is within), the same
  // view.
  for (const char* status : {"planned", "in_force", "unknown"}) {
    projection::ProjectOptions options;
    options.use_cache = false;
    options.around = {*store_->Resolve("city/k")};
    options.hops = 2;
    auto local = projection::Project(*store_, with({status}), options);
    ASSERT_TRUE(local.ok());
    EXPECT_EQ(TieNames(*local), TieNames(Project(with({status})))) << status;
  }
}

class NeighbourhoodTest : public ProjectionTest {
 protected:
  Projection Around(const std::string& ext, int hops, const Filter& filter = {}) {
    ProjectOptions options;
    options.use_cache = false;
    options.around = {*store_->Resolve(ext)};
    options.hops = hops;
    auto p = projection::Project(*store_, filter, options);
    EXPECT_TRUE(p.ok()) << p.status().message();
    return std::move(*p);
  }
  // The neighbours of `ext` within `depth` projected hops, as external ids.
  static std::set<std::string> Ball(const Projection& p, const std::string& ext, size_t depth) {
    std::set<std::string> out;
    std::vector<Vertex> frontier = {*p.FindExt(ext)};
    std::set<Vertex> seen(frontier.begin(), frontier.end());
    for (size_t d = 0; d < depth; ++d) {
      std::vector<Vertex> next;
      for (Vertex v : frontier)
        for (Vertex w : p.Neighbors(v))
          if (seen.insert(w).second) next.push_back(w);
      frontier = next;
    }
    for (Vertex v : seen) out.insert(p.vertex(v).ext_id);
    return out;
  }
};

TEST_F(NeighbourhoodTest, ReadsOnlyTheNeighbourhoodAndLocationChain) {
  LoadDiplomacy();
  Projection local = Around("school/kms", 1);
  // school/kms, its pair and its city; Kumamoto's country through LOCATED_IN; nothing of Tokyo.
  EXPECT_TRUE(Has(local, "school/khs"));
  EXPECT_TRUE(Has(local, "city/kumamoto"));
  EXPECT_TRUE(Has(local, "country/jp"));
  EXPECT_FALSE(Has(local, "city/tokyo"));
  EXPECT_FALSE(Has(local, "agreement/a3"));
  EXPECT_EQ(local.vertex(V(local, "school/kms")).country, "country/jp");
}

TEST_F(NeighbourhoodTest, AnswersPointQueriesLikeTheWholeProjection) {
  LoadDiplomacy();
  for (bool expand : {false, true}) {
    for (const char* as_of : {"", "2018", "2021"}) {
      Filter filter;
      filter.expand_agreements = expand;
      if (*as_of) filter.since = filter.until = *PartialDate::Parse(as_of);
      Projection whole = Project(filter);
      for (Vertex v = 0; v < whole.num_vertices(); ++v) {
        const std::string ext = whole.vertex(v).ext_id;
        for (size_t depth : {1, 2}) {
          Projection local = Around(ext, static_cast<int>(depth * (expand ? 2 : 1)), filter);
          EXPECT_EQ(Ball(local, ext, depth), Ball(whole, ext, depth)) << ext << " depth " << depth;
        }
      }
    }
  }
}

}  // namespace
}  // namespace cityties::projection
