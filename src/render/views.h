// The diagrams `cityties map VIEW` draws. Each view reads the graph through the projection
// (projection/projection.h), under the same Filter as every graph command (--as-of, --since,
// --until, --labels, --edge-types, --country), and returns a Diagram for render/diagram.h.
//
//   partners      the center's (Kaohsiung's) whole partnership network: every agreement that the
//                 center, or one of its schools and institutions, is party to. A two-party
//                 agreement is an edge labelled with its year and styled by its kind; an
//                 agreement with more parties is a hub. Partners are clustered by country (or
//                 continent).
//   multilateral  every agreement with three or more parties (with `bilateral`, every agreement)
//                 as a hub with its parties around it, the center's side on the left and the
//                 partners clustered by country on the right.
//   timeline      the growth of the center's network: one row per year (dot ranks), each
//                 agreement signed that year in it, with running totals.
//   ego           everything within `depth` ties of a node, ranked by distance.
//   path          the shortest path (or the k shortest) between two nodes, each hop labelled
//                 with its tie and date (algo/paths.h).
//   school-path   the best routes by which a school can reach a pairing in a city (or with a
//                 school), as ranked and explained by algo::SchoolPaths (`cityties school-path`).
#pragma once

#include <string>

#include "common/status.h"
#include "projection/projection.h"
#include "render/diagram.h"
#include "store/graph_store.h"

namespace cityties::render {

struct ViewOptions {
  projection::Filter filter;
  std::string font = "Noto Sans CJK TC";
  std::string layout;                     // a Graphviz engine; "" uses the view's own
  std::string center = "city/kaohsiung";  // partners, multilateral, timeline: whose network
  std::string group_by;                   // country | continent | none; "" uses the view's own
  bool bilateral = false;                 // multilateral: also agreements with two parties
  size_t max_nodes = 300;                 // ego: refuse larger drawings (they are unreadable)
  std::string title;                      // replaces the view's title
  projection::ProjectOptions project;     // the projection cache
};

Result<Diagram> PartnersView(const store::GraphStore& store, const ViewOptions& options);
Result<Diagram> MultilateralView(const store::GraphStore& store, const ViewOptions& options);
Result<Diagram> TimelineView(const store::GraphStore& store, const ViewOptions& options);
Result<Diagram> EgoView(const store::GraphStore& store, const ViewOptions& options, const std::string& node,
                        size_t depth);
// `paths` > 1 draws the k shortest loopless paths together.
Result<Diagram> PathView(const store::GraphStore& store, const ViewOptions& options, const std::string& from,
                         const std::string& to, size_t paths);
// Draws the best `routes` routes together, each explained in the notes.
Result<Diagram> SchoolPathView(const store::GraphStore& store, const ViewOptions& options, const std::string& school,
                               const std::string& to, size_t routes);

}  // namespace cityties::render
