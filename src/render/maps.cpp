#include "render/maps.h"

namespace cityties::render {
namespace {

Status WantNodes(const MapRequest& request, size_t n, const char* usage) {
  if (request.nodes.size() == n) return Status::Ok();
  return Status::InvalidArgument("usage: cityties map " + std::string(usage) + " --out FILE");
}

// Runs `ask` on the session and draws its answer with `draw`.
template <typename Ask, typename Draw>
Result<Diagram> AskAndDraw(Ask&& ask, Draw&& draw, const ViewOptions& options) {
  auto answer = ask();
  if (!answer.ok()) return answer.status();
  return draw(*answer, options);
}

}  // namespace

Result<Diagram> DrawMap(const engine::ReadSession& session, const MapRequest& request) {
  const std::string& view = request.view;
  const ViewOptions& draw = request.draw;
  if (view == "partners" || view == "multilateral" || view == "timeline") {
    CT_RETURN_IF_ERROR(WantNodes(request, 0, (view + " [--center NODE]").c_str()));
    engine::NetworkRequest network{request.scope, request.center, view != "multilateral",
                                   view == "multilateral" ? (request.bilateral ? 2u : 3u) : 1u,
                                   view == "partners" ? request.top : 0};
    auto answer = session.AgreementNetwork(network);
    if (!answer.ok()) return answer.status();
    if (view == "partners") return DrawPartners(*answer, draw);
    if (view == "timeline") return DrawTimeline(*answer, draw);
    return DrawMultilateral(*answer, draw);
  }
  if (view == "ego") {
    CT_RETURN_IF_ERROR(WantNodes(request, 1, "ego NODE [--depth K]"));
    engine::NeighborsRequest ego{request.scope, request.nodes[0], request.depth, request.max_nodes};
    ViewOptions options = draw;
    options.depth = request.depth;
    return AskAndDraw([&] { return session.Neighbors(ego); }, DrawEgo, options);
  }
  if (view == "path") {
    CT_RETURN_IF_ERROR(WantNodes(request, 2, "path A B [-k N]"));
    engine::PathRequest path;
    path.scope = request.scope;
    path.from = request.nodes[0];
    path.to = request.nodes[1];
    if (request.k != 1) {
      path.mode = engine::PathRequest::Mode::kKShortest;
      path.k = request.k;
    }
    return AskAndDraw([&] { return session.Path(path); }, DrawPaths, draw);
  }
  if (view == "school-path") {
    CT_RETURN_IF_ERROR(WantNodes(request, 1, "school-path SCHOOL --to CITY|SCHOOL [-k N]"));
    engine::SchoolPathRequest routes;
    routes.scope = request.scope;
    routes.school = request.nodes[0];
    routes.to = request.to;
    routes.limit = request.k;
    return AskAndDraw([&] { return session.SchoolPath(routes); }, DrawSchoolRoutes, draw);
  }
  return Status::InvalidParameter("view", "unknown view '" + view + "' (views: " + kMapViews + ")");
}

}  // namespace cityties::render
