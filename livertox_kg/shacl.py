"""SHACL validation of instance data against ontology/shapes.ttl (pySHACL)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pyshacl import validate
from rdflib import Graph

from .paths import SHAPES_FILE


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


@dataclass
class ShaclReport:
    conforms: bool  # no violation (warnings allowed)
    violations: int
    warnings: int
    text: str


def check(data: Graph) -> ShaclReport:
    """Validate one graph; warnings (e.g. sources disagreeing on a score) do not fail it."""
    conforms, results, text = validate(
        data, shacl_graph=shapes_graph(), inference="none", allow_warnings=True, advanced=True
    )
    from rdflib.namespace import SH

    severities = list(results.objects(None, SH.resultSeverity))
    return ShaclReport(
        conforms=bool(conforms),
        violations=sum(1 for s in severities if s == SH.Violation),
        warnings=sum(1 for s in severities if s == SH.Warning),
        text=text,
    )
