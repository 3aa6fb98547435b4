"""`livertox-kg validate`: SHACL, HermiT consistency and conflicting sources, on a built store."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, PREFIXES
from .store import open_read_only
from .terms import to_rdflib

# Properties a drug should have one value of; two values from different sources are a conflict.
CONFLICTS = """
SELECT ?drug ?property ?value ?graph WHERE {
  VALUES ?property { ltx:likelihoodScore ltx:approvalYearUS ltx:casNumber ltx:molecularFormula }
  { SELECT ?drug ?property WHERE {
      GRAPH ?g { ?drug ?property ?v }
    } GROUP BY ?drug ?property HAVING (COUNT(DISTINCT ?v) > 1) }
  GRAPH ?graph { ?drug ?property ?value }
} ORDER BY ?drug ?property ?value ?graph
"""


# An outcome one source reports and another says was never reported (each source's own graph
# cannot say both: SHACL rejects that).
OUTCOME_CONFLICTS = """
SELECT ?drug ?outcome ?reported ?notReported WHERE {
  GRAPH ?notReported { ?drug ltx:noReportedOutcome ?outcome }
  GRAPH ?reported { ?drug ltx:reportedOutcome ?outcome }
} ORDER BY ?drug ?outcome ?reported ?notReported
"""


def instance_triples(store: ox.Store):
    """Triples of every graph except the ontology and the inferred graph."""
    skip = {ONTOLOGY_GRAPH, INFERRED_GRAPH}
    for quad in store:
        graph = quad.graph_name
        if isinstance(graph, ox.NamedNode) and URIRef(graph.value) in skip:
            continue
        yield to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)


def conflicts(store: ox.Store) -> list[dict]:
    found: dict[tuple[str, str], dict] = {}
    for row in store.query(CONFLICTS, prefixes=PREFIXES):
        key = (row["drug"].value, row["property"].value)
        entry = found.setdefault(key, {"drug": key[0], "property": key[1], "values": []})
        entry["values"].append({"value": row["value"].value, "source_graph": row["graph"].value})
    outcomes: dict[tuple[str, str], dict] = {}
    for row in store.query(OUTCOME_CONFLICTS, prefixes=PREFIXES):
        key = (row["drug"].value, row["outcome"].value)
        entry = outcomes.setdefault(key, {"drug": key[0], "property": PREFIXES["ltx"] + "reportedOutcome",
                                          "outcome": key[1], "values": []})
        for value, graph in (("reported", row["reported"]), ("not reported", row["notReported"])):
            item = {"value": value, "source_graph": graph.value}
            if item not in entry["values"]:
                entry["values"].append(item)
    return list(found.values()) + list(outcomes.values())


def validate_store(store_path: Path, reasoner: bool = True) -> dict:
    from .shacl import check

    store = open_read_only(store_path)
    graph = Graph()
    for triple in instance_triples(store):
        graph.add(triple)
    shacl = check(graph)
    report: dict = {
        "store": str(store_path.resolve()),
        "triples_checked": len(graph),
        "shacl": {"conforms": shacl.conforms, "violations": shacl.violations, "warnings": shacl.warnings},
        "conflicts": conflicts(store),
    }
    if not shacl.conforms:
        report["shacl"]["report"] = shacl.text
    if reasoner:
        from .reasoning import reason

        result = reason(graph)
        report["hermit"] = {"consistent": result.consistent, "inferences": len(result.inferred),
                            "message": result.message}
    report["ok"] = shacl.conforms and (not reasoner or report["hermit"]["consistent"])
    return report
