"""SHACL validation of instance data against ontology/shapes.ttl (pySHACL).

The shapes hold two kinds of check: node and property shapes (per resource, cheap), and
whole-graph SHACL-SPARQL constraints (every fact has evidence, every evidence node's triple is
asserted, no cycle in the class hierarchy). ``check(graph)`` runs all of them (``livertox-kg
validate``, the tests); the build's per-monograph check passes ``whole_graph=False`` and leaves the
SPARQL ones out: pySHACL parses a SPARQL constraint anew for every run, which would cost several
times the rest of the check per monograph, and a class-hierarchy cycle only shows in the union.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import SH

from .paths import SHAPES_FILE


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


@lru_cache(maxsize=1)
def per_resource_shapes() -> Graph:
    """The shapes without the whole-graph SHACL-SPARQL ones (shapes with ``sh:sparql``)."""
    full = shapes_graph()
    sparql = set(full.subjects(SH.sparql, None))
    out = Graph()
    for prefix, ns in full.namespaces():
        out.bind(prefix, ns)
    for triple in full:
        if triple[0] not in sparql:
            out.add(triple)
    return out


@dataclass
class ShaclReport:
    conforms: bool  # no violation (warnings allowed)
    violations: int
    warnings: int
    text: str


def check(data: Graph, whole_graph: bool = True) -> ShaclReport:
    """Validate one graph; warnings (e.g. sources disagreeing on a score) do not fail it."""
    conforms, results, text = validate(
        data, shacl_graph=shapes_graph() if whole_graph else per_resource_shapes(),
        inference="none", allow_warnings=True, advanced=False,
    )
    severities = list(results.objects(None, SH.resultSeverity))
    return ShaclReport(
        conforms=bool(conforms),
        violations=sum(1 for s in severities if s == SH.Violation),
        warnings=sum(1 for s in severities if s == SH.Warning),
        text=text,
    )
