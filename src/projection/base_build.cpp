#include "projection/base_build.h"

#include "query/node_query.h"

namespace cityties::projection {
namespace {

std::optional<PartialDate> DateProp(const store::Json& props, const char* key) {
  auto it = props.find(key);
  if (it == props.end() || !it->is_string()) return std::nullopt;
  return PartialDate::Parse(it->get<std::string>());
}

bool ParseDigits(const std::string& s, uint64_t* out) {
  if (s.empty() || s.size() > 20) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  *out = v;
  return true;
}

}  // namespace

bool ExtLess(const VertexData& a, const VertexData& b) {
  return ExtLess(ExtRank(a.numeric, a.numeric_id), a.ext_id, ExtRank(b.numeric, b.numeric_id), b.ext_id);
}

ExtRank::ExtRank(const std::string& ext_id) { numeric = ParseDigits(ext_id, &value); }

VertexData ToVertex(const store::Node& node, const schema::Domain& domain) {
  VertexData v;
  v.node = node.id;
  v.ext_id = node.ext_id;
  v.label = node.label;
  v.numeric = ParseDigits(node.ext_id, &v.numeric_id);
  if (!node.props.empty()) {
    std::string name = query::DisplayName(node);
    if (name != node.ext_id) v.name = std::move(name);
    v.country = store::StringProperty(node.props, "country");
    v.kind = store::StringProperty(node.props, "kind");
    const schema::HubRole* hub = domain.IsAgreement(node.label) ? &domain.agreement
                                 : domain.IsEvent(node.label)   ? &domain.event
                                                                : nullptr;
    if (hub) {
      v.marks = schema::MarksOf(domain.provenance, node.props);
      v.date = DateProp(node.props, hub->date.c_str());
      v.end_date = DateProp(node.props, hub->end.c_str());
    }
  }
  if (domain.IsCountry(node.label)) v.country = node.ext_id;
  return v;
}

RawEdge ToRawEdge(const store::Edge& e, const schema::Domain& domain) {
  RawEdge r;
  r.src = e.src;
  r.dst = e.dst;
  r.type = e.type;
  if (!e.props.empty()) {
    auto w = e.props.find("weight");
    if (w != e.props.end() && w->is_number()) r.weight = w->get<double>();
    r.since = DateProp(e.props, "since");
    r.until = DateProp(e.props, "until");
    r.observed = DateProp(e.props, "as_of");
    r.marks = schema::MarksOf(domain.provenance, e.props);
  }
  return r;
}

BaseEdge ToBaseEdge(const RawEdge& r, Vertex src, Vertex dst) {
  return BaseEdge{.src = src,
                  .dst = dst,
                  .weight = r.weight,
                  .type = r.type,
                  .marks = r.marks,
                  .since = r.since,
                  .until = r.until,
                  .observed = r.observed};
}

bool EdgeLess(const BaseEdge& a, const BaseEdge& b) {
  return std::tie(a.src, a.type, a.dst) < std::tie(b.src, b.type, b.dst);
}

std::shared_ptr<Base> NewBase(const store::GraphStore& store) {
  auto base = std::make_shared<Base>();
  base->sequence = store.Sequence();
  base->identity = StoreIdentity(store);
  base->directed = store.directed();
  for (const auto& type : store.schema().edge_types()) {
    if (type.code >= base->type_names.size()) base->type_names.resize(type.code + 1);
    base->type_names[type.code] = type.name;
  }
  return base;
}

void ResolveLocations(const schema::Schema& schema, Base* base) {
  std::vector<VertexData>& vs = base->vertices;
  for (auto& v : vs) {
    v.city.clear();
    if (v.country_inferred) v.country.clear();
    v.country_inferred = false;
  }
  // Location: the first City a node is LOCATED_IN, and its country through the LOCATED_IN chain
  // when it has no `country` property of its own.
  const auto* located_in = schema.FindEdgeType(schema.domain().location_type);
  if (located_in) {
    std::vector<Vertex> parent(vs.size(), kNoVertex);
    for (const auto& e : base->edges) {
      if (e.type != located_in->code || parent[e.src] != kNoVertex) continue;
      parent[e.src] = e.dst;
    }
    for (Vertex i = 0; i < vs.size(); ++i) {
      if (parent[i] != kNoVertex && schema.domain().IsCity(vs[parent[i]].label)) vs[i].city = vs[parent[i]].ext_id;
      Vertex at = i;
      for (int depth = 0; depth < 8 && vs[i].country.empty(); ++depth) {
        at = parent[at];
        if (at == kNoVertex) break;
        if (vs[at].country.empty()) continue;
        vs[i].country = vs[at].country;
        vs[i].country_inferred = true;
      }
    }
  }
}

}  // namespace cityties::projection
