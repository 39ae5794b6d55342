// A map request: which view, of what, under which scope, drawn how. DrawMap runs the engine
// request behind the view (the same one the matching query command runs) and draws its answer,
// so the CLI's `map` and the server's map endpoint give the same diagram for the same question.
#pragma once

#include <string>
#include <vector>

#include "engine/database.h"
#include "render/views.h"

namespace cityties::render {

struct MapRequest {
  std::string view;                // partners, multilateral, timeline, ego, path, school-path
  std::vector<std::string> nodes;  // ego: NODE; path: A B; school-path: SCHOOL
  engine::Scope scope;
  std::string center;      // partners, multilateral, timeline: whose network ("" the home node)
  bool bilateral = false;  // multilateral: also agreements with two parties
  size_t top = 0;          // partners: only the N strongest partners (0: all)
  size_t depth = 1;        // ego
  size_t max_nodes = 300;  // ego: refuse larger drawings (they are unreadable)
  size_t k = 1;            // path: the k shortest paths; school-path: the k best routes
  std::string to;          // school-path: the CITY or SCHOOL to reach
  ViewOptions draw;
};

// The names of the views, for messages.
inline constexpr const char* kMapViews =
    "multilateral, partners, ego NODE, path A B, school-path SCHOOL --to X, timeline";

// The diagram of a map request. InvalidParameter "view" for an unknown view, "nodes" for the
// wrong number of nodes; the engine's errors otherwise.
Result<Diagram> DrawMap(const engine::ReadSession& session, const MapRequest& request);

}  // namespace cityties::render
