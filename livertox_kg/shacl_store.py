"""SHACL over a whole loaded store, once: the compiled shapes (:mod:`livertox_kg.shacl_sparql`) run
by Oxigraph on the union of the store's graphs, each violation blamed on the monograph source(s)
whose named graph holds its focus node (as subject or object; for a whole-graph check, its value).

The data graph is the union of every named graph, so the ontology's ``rdfs:subClassOf`` and the
reasoner's inferred types count for ``sh:targetClass`` and ``sh:class`` as SHACL says they should.
The whole-graph SHACL-SPARQL checks (shapes with ``sh:targetNode`` targets only, such as
``shape:EvidenceIntegrity``: every asserted fact has evidence) are about what the sources assert:
they run on the store's graphs but the ontology and the inferred graph, the triples
`livertox-kg validate` checks (an entailed ``ltx:actsOn`` from an asserted ``ltx:agonistOf`` has
no evidence node of its own, and needs none).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib.namespace import SH

from .namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, PREFIXES
from .paths import SHAPES_FILE
from .shacl_sparql import Result, compile_shapes, run

BLAME = """
SELECT DISTINCT ?source WHERE {
  { GRAPH ?g { %(focus)s ?p ?o } } UNION { GRAPH ?g { ?s ?p %(focus)s } }
  GRAPH ?g { ?m a ltx:Monograph ; dcterms:source ?source }
}
"""


@dataclass
class StoreReport:
    violations: list[Result] = field(default_factory=list)
    warnings: list[Result] = field(default_factory=list)
    blamed: dict[str, list[Result]] = field(default_factory=dict)  # monograph source -> its violations
    unblamed: list[Result] = field(default_factory=list)  # violations on nodes no monograph holds

    @property
    def conforms(self) -> bool:
        return not self.violations


def describe(result: Result) -> str:
    """One line for a validation result."""
    component = str(result.component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    path = f" {result.path}" if result.path is not None else ""
    value = f" value {result.value}" if result.value is not None else ""
    message = f": {result.message}" if result.message else ""
    return f"{result.focus}{path}: {component}{value}{message}"


_STORE: ox.Store | None = None
_CHECKS: tuple = ()


def _init(path: str, checks: tuple) -> None:
    global _STORE, _CHECKS
    _STORE, _CHECKS = ox.Store.read_only(path), checks


def _run_one(index: int) -> list[Result]:
    return _run(_STORE, _CHECKS[index])


def asserted_graphs(store: ox.Store) -> list:
    """The store's graphs but the ontology and the inferred graph (and its default graph)."""
    skip = {ox.NamedNode(str(ONTOLOGY_GRAPH)), ox.NamedNode(str(INFERRED_GRAPH))}
    return [ox.DefaultGraph()] + sorted((g for g in store.named_graphs() if g not in skip), key=str)


def _run(store: ox.Store, check) -> list[Result]:
    if check.focus_nodes:  # a whole-graph check: the asserted triples only
        return run(store, [check], default_graph=asserted_graphs(store))
    return run(store, [check])


def _results(store: ox.Store, path: str | None, checks: tuple, jobs: int) -> list[Result]:
    """Every check's results; with a path and jobs > 1, checks run in that many processes at once."""
    if path is None or jobs <= 1 or len(checks) < 2:
        return [r for check in checks for r in _run(store, check)]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                             initializer=_init, initargs=(path, checks)) as pool:
        return [r for found in pool.map(_run_one, range(len(checks))) for r in found]


def merged_sources_shapes(whole_graph: bool = True) -> str:
    """ontology/shapes.ttl without the one-source shapes (Turtle): the store merges sources, and a
    disagreement between two sources is data for `livertox-kg validate`, not a violation (the rule
    is stated per source by a SHACL-SPARQL shape instead)."""
    from rdflib import Graph

    from .shacl import ONE_SOURCE, SCOPE

    shapes = Graph().parse(data=SHAPES_FILE.read_text(encoding="utf-8"), format="turtle")
    dropped = set(shapes.subjects(SCOPE, ONE_SOURCE))
    if not whole_graph:  # without the whole-graph SHACL-SPARQL shapes too (see the build's gate)
        dropped |= set(shapes.subjects(SH.sparql, None))
    for shape in dropped:
        shapes.remove((shape, None, None))
    return shapes.serialize(format="turtle")


def check_store(store: ox.Store, shapes_ttl: str | None = None, *, path: str | None = None,
                jobs: int = 1) -> StoreReport:
    """Validate the union of the store's graphs against the shapes (default: ontology/shapes.ttl
    but the one-source shapes, :func:`merged_sources_shapes`).

    With the store's ``path`` and ``jobs`` > 1 the checks are spread over that many processes, each
    opening the store read-only.
    """
    checks = compile_shapes(shapes_ttl if shapes_ttl is not None else merged_sources_shapes())
    report = StoreReport()
    for result in _results(store, path, checks, jobs):
        (report.violations if result.severity == SH.Violation else report.warnings).append(result)
    blamed: dict[str, list[Result]] = defaultdict(list)
    # a whole-graph check's focus is a fixed node (ltx:Evidence) that every monograph holds; its results
    # name the offending resource in sh:value, so that is what is blamed
    whole_graph = {check.shape for check in checks if check.focus_nodes}
    for result in report.violations:
        node = result.value if result.shape in whole_graph and result.value is not None else result.focus
        sources = [] if isinstance(node, ox.BlankNode) else [  # (a blank node cannot be named in a query)
            row["source"].value for row in store.query(BLAME % {"focus": str(node)}, prefixes=PREFIXES)]
        for source in sources:
            blamed[source].append(result)
        if not sources:
            report.unblamed.append(result)
    report.blamed = dict(blamed)
    return report
