"""SHACL over a whole loaded store, once: the compiled shapes (:mod:`livertox_kg.shacl_sparql`) run
by Oxigraph on the union of the store's graphs, each violation blamed on the monograph source(s)
whose named graph holds its focus node (as subject, else as object).

The data graph is the union of every named graph, so the ontology's ``rdfs:subClassOf`` and the
reasoner's inferred types count for ``sh:targetClass`` and ``sh:class`` as SHACL says they should.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib.namespace import SH

from .namespaces import PREFIXES
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
    return run(_STORE, [_CHECKS[index]])


def _results(store: ox.Store, path: str | None, checks: tuple, jobs: int) -> list[Result]:
    """Every check's results; with a path and jobs > 1, checks run in that many processes at once."""
    if path is None or jobs <= 1 or len(checks) < 2:
        return run(store, checks)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                             initializer=_init, initargs=(path, checks)) as pool:
        return [r for found in pool.map(_run_one, range(len(checks))) for r in found]


def merged_sources_shapes() -> str:
    """ontology/shapes.ttl without the one-source shapes (Turtle): the store merges sources, and a
    disagreement between two sources is data for `livertox-kg validate`, not a violation (the rule
    is stated per source by a SHACL-SPARQL shape instead)."""
    from rdflib import Graph

    from .shacl import ONE_SOURCE, SCOPE

    shapes = Graph().parse(data=SHAPES_FILE.read_text(encoding="utf-8"), format="turtle")
    for shape in set(shapes.subjects(SCOPE, ONE_SOURCE)):
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
    for result in report.violations:
        sources = [] if not isinstance(result.focus, ox.NamedNode) else [  # (a blank node cannot be named in a query)
            row["source"].value for row in store.query(BLAME % {"focus": str(result.focus)}, prefixes=PREFIXES)]
        for source in sources:
            blamed[source].append(result)
        if not sources:
            report.unblamed.append(result)
    report.blamed = dict(blamed)
    return report
