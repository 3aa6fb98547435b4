"""SHACL validation of instance data against ontology/shapes.ttl (pySHACL).

The shapes hold node and property shapes (per resource, cheap), whole-graph SHACL-SPARQL
constraints (every fact has evidence, every evidence node's triple is asserted, no cycle in the
class hierarchy, no source both reporting and denying an outcome) and shapes that hold within one
source only (``shape:scope shape:OneSource``). ``check(graph)`` checks a graph that merges sources
(``livertox-kg validate``): all but the one-source shapes, so two sources that disagree are not a
violation (validate lists them as conflicts). ``whole_graph=False`` checks one monograph's graph
with all but the SPARQL ones (a class-hierarchy cycle only shows in the union). The build itself
does not use pySHACL: it checks the loaded store once with the shapes compiled to SPARQL
(:mod:`livertox_kg.shacl_store`, :mod:`livertox_kg.shacl_sparql`), which the tests compare with
this module's results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from .paths import SHAPES_FILE


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


SCOPE = URIRef("https://w3id.org/livertox-kg/shapes#scope")
ONE_SOURCE = URIRef("https://w3id.org/livertox-kg/shapes#OneSource")


def _without(shapes: set) -> Graph:
    full = shapes_graph()
    out = Graph()
    for prefix, ns in full.namespaces():
        out.bind(prefix, ns)
    for triple in full:
        if triple[0] not in shapes:
            out.add(triple)
    return out


@lru_cache(maxsize=1)
def one_source_shapes() -> Graph:
    """For one monograph's graph: without the whole-graph SHACL-SPARQL shapes."""
    return _without(set(shapes_graph().subjects(SH.sparql, None)))


@lru_cache(maxsize=1)
def many_source_shapes() -> Graph:
    """For a graph merging sources (validate): without the shapes that hold per source only."""
    return _without(set(shapes_graph().subjects(SCOPE, ONE_SOURCE)))


@dataclass
class ShaclReport:
    conforms: bool  # no violation (warnings allowed)
    violations: int
    warnings: int
    text: str
    messages: list[str] = field(default_factory=list)  # sh:resultMessage of every result


def check(data: Graph, whole_graph: bool = True) -> ShaclReport:
    """Validate a graph; warnings (e.g. sources disagreeing on a score) do not fail it.

    ``whole_graph``: ``data`` may merge several sources (the store: every shape but the
    one-source ones); False: ``data`` is one monograph's graph (every shape but the whole-graph
    SHACL-SPARQL ones)."""
    conforms, results, text = validate(
        data, shacl_graph=many_source_shapes() if whole_graph else one_source_shapes(),
        inference="none", allow_warnings=True, advanced=False,
    )
    severities = list(results.objects(None, SH.resultSeverity))
    return ShaclReport(
        conforms=bool(conforms),
        violations=sum(1 for s in severities if s == SH.Violation),
        warnings=sum(1 for s in severities if s == SH.Warning),
        text=text,
        messages=sorted(str(m) for m in results.objects(None, SH.resultMessage)),
    )
