#include "store/migrate.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "store/writer.h"

namespace cityties::store {
namespace {

using schema::SchemaChange;
using Kind = SchemaChange::Kind;

std::string Records(size_t n, bool edges) {
  const char* noun = edges ? (n == 1 ? "edge" : "edges") : (n == 1 ? "node" : "nodes");
  return std::to_string(n) + " stored " + noun;
}

bool IsSet(const Json& props, const std::string& name) {
  auto it = props.find(name);
  return it != props.end() && !it->is_null();
}

// One change counted over the records of its owner.
struct Tally {
  const SchemaChange* change = nullptr;
  size_t count = 0;
  std::string example;  // a stored value a narrowed enum no longer allows
};

// Counts one record (its properties and, for edges, its endpoint labels) for `t`; a default the
// record should get goes into `patch`.
void CountRecord(Tally& t, const Json& props, const std::string& from_label, const std::string& to_label, Json* patch) {
  const SchemaChange& c = *t.change;
  switch (c.kind) {
    case Kind::kRemoveProperty:
    case Kind::kChangeType:
      if (IsSet(props, c.property)) ++t.count;
      return;
    case Kind::kAddProperty:
    case Kind::kRequireProperty:
      if (IsSet(props, c.property)) return;
      ++t.count;
      if (c.newer->default_value) (*patch)[c.property] = *c.newer->default_value;
      return;
    case Kind::kNarrowEnum: {
      if (!IsSet(props, c.property)) return;
      const Json& value = props[c.property];
      const auto& allowed = c.newer->allowed;
      if (value.is_string() && std::find(allowed.begin(), allowed.end(), value.get<std::string>()) != allowed.end()) {
        return;
      }
      ++t.count;
      if (t.example.empty()) t.example = value.dump();
      return;
    }
    case Kind::kRemoveEndpoint:
      if ((c.side == "from" ? from_label : to_label) == c.endpoint) ++t.count;
      return;
    default:
      return;
  }
}

// Why a counted change cannot be applied, or "" when it can.
std::string Blocker(const Tally& t) {
  const SchemaChange& c = *t.change;
  if (t.count == 0) return "";
  const std::string what = c.property.empty() ? c.OwnerName() : "property '" + c.property + "' of " + c.OwnerName();
  // "2 stored nodes have it", "1 stored node has it"
  auto records = [&](const char* plural_verb, const char* singular_verb) {
    return Records(t.count, c.on_edges) + " " + (t.count == 1 ? singular_verb : plural_verb);
  };
  switch (c.kind) {
    case Kind::kRemoveLabel:
    case Kind::kRemoveEdgeType:
      return what + " is removed, but " + records("have", "has") + " it";
    case Kind::kRemoveProperty:
      return what + " is removed, but " + records("set", "sets") + " it";
    case Kind::kChangeType:
      return what + " changes type (" + c.detail + "), but " + records("set", "sets") + " it";
    case Kind::kRequireProperty:
      if (c.newer->default_value) return "";
      return what + " becomes required without a \"default\", but " + records("lack", "lacks") + " it";
    case Kind::kNarrowEnum:
      return what + " allows fewer values (" + c.detail + "), but " + records("hold", "holds") +
             " a value no longer allowed, e.g. " + t.example;
    case Kind::kRemoveEndpoint:
      return what + " no longer allows " + c.detail + ", but " +
             (c.side == "from" ? records("start", "starts") : records("end", "ends")) + " at a " + c.endpoint + " node";
    default:
      return "";
  }
}

class Planner {
 public:
  Planner(const GraphStore& store, MigrationPlan* plan) : store_(store), plan_(plan) {}

  Status Check() {
    std::vector<Tally> tallies;
    std::map<std::pair<bool, std::string>, std::vector<size_t>> by_owner;  // (on_edges, owner) -> tallies
    auto counts = store_.GetCounts();
    if (!counts.ok()) return counts.status();
    for (const auto& change : plan_->changes) {
      if (!change.NeedsCheck()) continue;
      tallies.push_back(Tally{&change, 0, ""});
      if (change.kind == Kind::kRemoveLabel) {
        tallies.back().count = counts->labels[change.owner];
      } else if (change.kind == Kind::kRemoveEdgeType) {
        tallies.back().count = counts->edge_types[change.owner];
      } else {
        by_owner[{change.on_edges, change.owner}].push_back(tallies.size() - 1);
      }
    }
    for (const auto& [owner, indexes] : by_owner) {
      std::vector<Tally*> group;
      for (size_t i : indexes) group.push_back(&tallies[i]);
      CT_RETURN_IF_ERROR(owner.first ? ScanEdges(owner.second, group) : ScanNodes(owner.second, group));
    }
    for (const auto& t : tallies) {
      std::string blocker = Blocker(t);
      if (!blocker.empty()) plan_->blockers.push_back(std::move(blocker));
    }
    return Status::Ok();
  }

 private:
  Result<const Node*> CachedNode(NodeId id) {
    auto it = nodes_.find(id);
    if (it != nodes_.end()) return &it->second;
    auto node = store_.GetNode(id);
    if (!node.ok()) return node.status();
    node->props = Json();  // only the id and label are needed
    return &nodes_.emplace(id, std::move(*node)).first->second;
  }

  Status ScanNodes(const std::string& label, const std::vector<Tally*>& group) {
    const auto* def = store_.schema().FindLabel(label);
    Status error;
    CT_RETURN_IF_ERROR(store_.ForEachNodeOfLabel(def->code, [&](NodeId id) {
      auto node = store_.GetNode(id);
      if (!node.ok()) return error = node.status(), false;
      Json patch = Json::object();
      for (Tally* t : group) CountRecord(*t, node->props, "", "", &patch);
      if (!patch.empty()) {
        plan_->defaults.nodes.push_back({node->ext_id, "", std::move(patch), WriteMode::kUpdate, "migrate: default"});
      }
      return true;
    }));
    return error;
  }

  Status ScanEdges(const std::string& type, const std::vector<Tally*>& group) {
    const auto* def = store_.schema().FindEdgeType(type);
    Status error;
    CT_RETURN_IF_ERROR(store_.ForEachEdgeOfType(def->code, [&](NodeId src, NodeId dst) {
      auto edge = store_.GetEdge(src, def->code, dst);
      auto from = CachedNode(src);
      auto to = CachedNode(dst);
      if (!edge.ok() || !from.ok() || !to.ok()) {
        error = !edge.ok() ? edge.status() : !from.ok() ? from.status() : to.status();
        return false;
      }
      Json patch = Json::object();
      for (Tally* t : group) CountRecord(*t, edge->props, (*from)->label, (*to)->label, &patch);
      if (!patch.empty()) {
        plan_->defaults.edges.push_back(
            {(*from)->ext_id, type, (*to)->ext_id, std::move(patch), WriteMode::kUpdate, "migrate: default"});
      }
      return true;
    }));
    return error;
  }

  const GraphStore& store_;
  MigrationPlan* plan_;
  std::unordered_map<NodeId, Node> nodes_;
};

}  // namespace

Result<MigrationPlan> PlanMigration(const GraphStore& store, const std::string& schema_text) {
  MigrationPlan plan;
  plan.schema_text = schema_text;
  plan.same_text = schema_text == store.schema().source();
  // Parsed once for its names, then numbered with the stored catalog and the codes it adds.
  auto named = schema::Schema::Parse(schema_text);
  if (!named.ok()) return named.status().WithContext("new schema");
  schema::Catalog catalog = store.schema().catalog();
  auto merged = catalog.Merge(**named);
  if (!merged.ok()) return merged.status().WithContext("new schema");
  plan.codes = std::move(*merged);
  auto numbered = schema::Schema::Parse(schema_text, &catalog);
  if (!numbered.ok()) return numbered.status().WithContext("new schema");
  plan.schema = *numbered;
  plan.changes = schema::Diff(store.schema(), *plan.schema);
  CT_RETURN_IF_ERROR(Planner(store, &plan).Check());
  return plan;
}

Status GraphStore::Migrate(const MigrationPlan& plan, ApplySummary* summary) {
  if (mode_ != Mode::kReadWrite) return Status::Internal("Migrate on a read-only store");
  if (!plan.blockers.empty()) return Status::InvalidArgument("the migration has blockers; nothing was written");
  // The defaults are checked against, and written under, the newer schema.
  std::shared_ptr<const schema::Schema> older = schema_;
  schema_ = plan.schema;
  ApplySummary local;
  Writer writer(*this, db_.get(), handles_, memory_budget_);
  Status s = writer.Plan(plan.defaults, &local);
  if (s.ok()) {
    writer.PutMeta(meta::kSchemaKey, plan.schema_text);
    writer.PutMeta(meta::kCatalogKey, EncodeCatalog(plan.schema->catalog()));
    s = CommitAndPack(&writer, &local);
  }
  if (!s.ok()) {
    schema_ = older;
    return s;
  }
  if (summary) *summary = local;
  return Status::Ok();
}

}  // namespace cityties::store
