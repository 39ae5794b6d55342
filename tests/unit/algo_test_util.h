// Fixtures for the projection and algorithm tests: small graphs written to a fresh store, then
// projected.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "projection/projection.h"
#include "test_util.h"

namespace cityties::testing {

class GraphTest : public StoreTest {
 protected:
  struct Link {
    uint64_t src, dst;
    double weight = 1.0;
  };

  // An edge-list graph (Vertex nodes, LINK edges), as `import --edgelist` stores it.
  void LoadEdges(const std::vector<Link>& links, bool directed, const std::vector<uint64_t>& isolated = {},
                 bool weighted = false) {
    store::WriteSet w;
    w.directed = directed;
    std::set<uint64_t> seen;
    auto vertex = [&](uint64_t id) {
      if (seen.insert(id).second)
        w.nodes.push_back({std::to_string(id), "Vertex", store::Json::object(), store::WriteMode::kCreate, "v"});
    };
    for (uint64_t v : isolated) vertex(v);
    for (const auto& l : links) {
      vertex(l.src);
      vertex(l.dst);
      store::Json props = store::Json::object();
      if (weighted) props["weight"] = l.weight;
      w.edges.push_back({std::to_string(l.src), "LINK", std::to_string(l.dst), props, store::WriteMode::kCreate, "e"});
    }
    Status s = store_->Apply(w);
    ASSERT_TRUE(s.ok()) << s.message();
  }

  void Node(const std::string& id, const std::string& label, store::Json props = store::Json::object()) {
    if (label == "City" && !props.contains("admin_level")) props["admin_level"] = "city";
    if (label == "Institution" && !props.contains("kind")) props["kind"] = "other";
    if (label == "Agreement" && !props.contains("kind")) props["kind"] = "sister_city";
    if (label == "Visit" && !props.contains("kind")) props["kind"] = "event";
    pending_.nodes.push_back({id, label, props, store::WriteMode::kCreate, id});
  }
  void Edge(const std::string& from, const std::string& type, const std::string& to,
            store::Json props = store::Json::object()) {
    pending_.edges.push_back({from, type, to, props, store::WriteMode::kCreate, from + "->" + to});
  }
  // An edge of `type` from each of `from` to `to` (schools LOCATED_IN a city, parties to an agreement).
  void Edges(std::initializer_list<const char*> from, const std::string& type, const std::string& to) {
    for (const char* f : from) Edge(f, type, to);
  }
  // A visit: `host` HOSTED it, each of `participants` PARTICIPATED_IN it.
  void Visit(const std::string& host, const std::string& visit, std::initializer_list<const char*> participants) {
    Edge(host, "HOSTED", visit);
    Edges(participants, "PARTICIPATED_IN", visit);
  }
  void Commit() {
    Status s = store_->Apply(pending_);
    ASSERT_TRUE(s.ok()) << s.message();
    pending_ = {};
  }

  projection::Projection Project(const projection::Filter& filter = {}, bool use_cache = false) {
    projection::ProjectOptions options;
    options.use_cache = use_cache;
    auto p = projection::Project(*store_, filter, options);
    EXPECT_TRUE(p.ok()) << p.status().message();
    return std::move(*p);
  }
  // LoadEdges, then the projection of the graph.
  projection::Projection ProjectEdges(const std::vector<Link>& links, bool directed,
                                      const std::vector<uint64_t>& isolated = {}, bool weighted = false) {
    LoadEdges(links, directed, isolated, weighted);
    return Project();
  }

  static projection::Vertex V(const projection::Projection& p, const std::string& ext) {
    auto v = p.FindExt(ext);
    EXPECT_TRUE(v.has_value()) << ext;
    return v.value_or(0);
  }
  static std::vector<std::string> Ids(const projection::Projection& p, const std::vector<projection::Vertex>& vs) {
    std::vector<std::string> out;
    for (auto v : vs) out.push_back(p.vertex(v).ext_id);
    return out;
  }
  // Per-vertex results keyed by external id.
  template <typename T>
  static std::map<std::string, T> ById(const projection::Projection& p, const std::vector<T>& values) {
    std::map<std::string, T> out;
    for (projection::Vertex v = 0; v < values.size(); ++v) out[p.vertex(v).ext_id] = values[v];
    return out;
  }
  static std::vector<std::string> AllIds(const projection::Projection& p) {
    std::vector<std::string> out;
    for (projection::Vertex v = 0; v < p.num_vertices(); ++v) out.push_back(p.vertex(v).ext_id);
    return out;
  }

  store::WriteSet pending_;
};

}  // namespace cityties::testing
