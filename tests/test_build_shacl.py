"""SHACL in the build: checked once on the loaded store; a monograph with a violation is skipped
(named, with the violation) and the rest is built without it."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF
from rdflib.namespace import SH

from livertox_kg import shacl_store
from livertox_kg.build import run_build
from livertox_kg.namespaces import INFERRED_GRAPH, LTX
from livertox_kg.paths import SHAPES_FILE
from livertox_kg.store import open_read_only

FIXTURES = Path(__file__).with_name("fixtures") / "monographs"
EXTRA = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://example.org/shapes#ShortDrugLabel> a sh:NodeShape ;
    sh:targetNode <https://w3id.org/livertox-kg/drug/testaclofen> ;
    sh:property [ sh:path rdfs:label ; sh:maxLength 5 ; sh:message "label too long for this test" ] .
"""


def test_violating_monograph_is_skipped_and_the_rest_built(tmp_path, monkeypatch):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES_FILE.read_text(encoding="utf-8") + EXTRA, encoding="utf-8")
    monkeypatch.setattr(shacl_store, "SHAPES_FILE", shapes)
    logged: list[str] = []
    report = run_build([FIXTURES], tmp_path / "var" / "store", progress=False, log=logged.append)

    skipped = {Path(s.source).name: s.reason for s in report.skipped}
    assert set(skipped) == {"testaclofen.txt"}
    assert "SHACL: 1 violation(s)" in skipped["testaclofen.txt"]
    assert "label too long for this test" in skipped["testaclofen.txt"]
    assert any("testaclofen.txt" in line and "SHACL" in line for line in logged)
    store = open_read_only(tmp_path / "var" / "store")
    ask = lambda q: bool(store.query(q, use_default_graph_as_union=True))  # noqa: E731
    assert not ask("ASK { <https://w3id.org/livertox-kg/drug/testaclofen> ?p ?o }")  # nothing of it is left
    assert ask("ASK { <https://w3id.org/livertox-kg/drug/tizanidine> ?p ?o }")
    assert report.monographs == len(list(FIXTURES.glob("*.txt"))) - 1


def test_clean_build_checks_the_store(tmp_path):
    report = run_build([FIXTURES], tmp_path / "var" / "store", progress=False, log=lambda line: None)
    assert not report.skipped and "shacl" in report.timings
    built = open_read_only(tmp_path / "var" / "store")
    assert shacl_store.check_store(built).conforms

    # the whole-graph check shape:EvidenceIntegrity runs in the gate: a fact a monograph graph asserts
    # without evidence is a violation; an entailed triple in the inferred graph needs none
    store = ox.Store()
    store.extend(built)
    drug = ox.NamedNode("https://w3id.org/livertox-kg/drug/tizanidine")
    home = next(q.graph_name for q in store.quads_for_pattern(drug, ox.NamedNode(str(RDF.type)), None)
                if q.graph_name != ox.NamedNode(str(INFERRED_GRAPH)))
    unsupported = ox.NamedNode("https://w3id.org/livertox-kg/condition/unsupported-claim")
    entailed = ox.NamedNode("https://w3id.org/livertox-kg/condition/entailed-claim")
    store.add(ox.Quad(drug, ox.NamedNode(str(LTX.indicatedFor)), unsupported, home))
    store.add(ox.Quad(drug, ox.NamedNode(str(LTX.indicatedFor)), entailed, ox.NamedNode(str(INFERRED_GRAPH))))
    report = shacl_store.check_store(store)
    values = {r.value for r in report.violations if r.component == SH.SPARQLConstraintComponent}
    assert unsupported in values and entailed not in values
    # blamed on the monograph that asserts it, not on every monograph holding the focus ltx:Evidence
    assert [Path(source).name for source in report.blamed] == ["tizanidine.txt"]
