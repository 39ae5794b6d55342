// What changes from one schema to another, and what each change asks of the stored data.
//
// Promises:
//  - Diff() lists every difference in labels, edge types, their properties (type, required,
//    enum values, default, doc), their docs and the endpoint labels of edge types, ordered by
//    owner (labels, then edge types, each in byte order of names), then property name. A
//    property shared by every node or edge (node_common, edge_common) is listed per owner.
//  - Each change says which stored records could make it unsafe (NeedsCheck()); the change
//    itself never looks at data: store/migrate.h counts the records.
#pragma once

#include <string>
#include <vector>

#include "schema/schema.h"

namespace cityties::schema {

struct SchemaChange {
  enum class Kind {
    kAddLabel,
    kRemoveLabel,  // safe only when no stored node has the label
    kAddEdgeType,
    kRemoveEdgeType,   // safe only when no stored edge has the type
    kAddProperty,      // optional (a default fills records that lack it)
    kRequireProperty,  // new and required, or optional made required: records lacking it need a default
    kRelaxProperty,    // required made optional
    kRemoveProperty,   // safe only when no stored record sets it
    kChangeType,       // safe only when no stored record sets it
    kWidenEnum,        // allowed values added, or the restriction dropped
    kNarrowEnum,       // safe only when every stored value is still allowed
    kChangeDefault,
    kAddEndpoint,     // an edge type may start (end) at another label
    kRemoveEndpoint,  // safe only when no stored edge of the type starts (ends) at that label
    kChangeDoc,
  };
  Kind kind;
  bool on_edges = false;  // the owner is an edge type, else a label
  std::string owner;      // the label or edge type
  std::string property;   // the property, when the change is to one
  std::string detail;     // e.g. "string -> int", "adds a, b", "from: School"
  // For property changes: the newer definition (null when the property is removed).
  const PropertyDef* newer = nullptr;
  // kRemoveEndpoint: the side ("from" or "to") and the label no longer allowed there.
  std::string side, endpoint;

  // True when stored records can block this change (the store counts them).
  bool NeedsCheck() const;
  // One line: "add property 'tier' to label City (string, optional)".
  std::string Describe() const;
  // "label City" or "edge type PARTY_TO".
  std::string OwnerName() const;
};

// `newer` must outlive the result (changes point into its definitions).
std::vector<SchemaChange> Diff(const Schema& older, const Schema& newer);

}  // namespace cityties::schema
