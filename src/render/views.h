// The diagrams `cityties map VIEW` draws. Each view draws an answer the engine returned
// (engine/requests.h) -- the same result the matching query command prints -- and never resolves
// a name, builds a projection or searches itself. render/maps.h runs the request and draws it.
//
//   partners      (NetworkResult) the center's whole partnership network: every agreement that the
//                 center, or one of its schools and institutions, is party to. A two-party
//                 agreement is an edge labelled with its year and styled by its kind; an
//                 agreement with more parties is a hub. Partners are clustered by country (or
//                 continent); with more than kGroupLeavesAbove partners, the partners of a cluster
//                 that have only two-party ties are listed in one node. Planned ties are grey and
//                 dashed, ties only the secondary list names dotted and lighter, undated ones
//                 marked n.d.; partners left out by NetworkRequest::top_partners are counted in
//                 one node per country.
//   multilateral  (NetworkResult) every agreement with three or more parties (bilateral: two or
//                 more) as a hub with its parties around it, the center's side on the left and the
//                 partners clustered by country on the right.
//   timeline      (NetworkResult) the growth of the center's network: one row per year (dot
//                 ranks), each agreement signed that year in it, with running totals.
//   ego           (NeighborsResult) everything within `depth` ties of a node, ranked by distance;
//                 with more than kGroupLeavesAbove nodes, the outermost ones tied only to one
//                 node are listed in one node beside it, each with its tie's date.
//   path          (PathResult) the shortest path (or the k shortest) between two nodes, each hop
//                 labelled with its tie and date as the engine explained it.
//   school-path   (SchoolPathResult) the best routes by which a school can reach a pairing in a
//                 city (or with a school), each explained in the notes.
#pragma once

#include <string>

#include "common/status.h"
#include "engine/requests.h"
#include "render/diagram.h"

namespace cityties::render {

// partners (ego: nodes): above this many, leaf partners (outermost nodes) are listed in one node.
inline constexpr size_t kGroupLeavesAbove = 40;

struct ViewOptions {
  std::string font = "Noto Sans CJK TC";
  std::string layout;    // a Graphviz engine; "" uses the view's own
  std::string group_by;  // country | continent | none; "" uses the view's own
  std::string title;     // replaces the view's title
  size_t depth = 0;      // ego: the depth asked for (for the title)
  std::string size;      // fit a slide or page: 16:9, 4:3, A4 (style.h SlideAttrs); "" natural size
};

Result<Diagram> DrawPartners(const engine::NetworkResult& network, const ViewOptions& options);
Result<Diagram> DrawMultilateral(const engine::NetworkResult& network, const ViewOptions& options);
Result<Diagram> DrawTimeline(const engine::NetworkResult& network, const ViewOptions& options);
Result<Diagram> DrawEgo(const engine::NeighborsResult& ego, const ViewOptions& options);
// Every path of the result together.
Result<Diagram> DrawPaths(const engine::PathResult& paths, const ViewOptions& options);
// Every route of the result together, each explained in the notes.
Result<Diagram> DrawSchoolRoutes(const engine::SchoolPathResult& routes, const ViewOptions& options);

}  // namespace cityties::render
