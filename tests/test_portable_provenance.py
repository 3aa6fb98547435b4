"""Portable provenance: the same inputs built from two folders give the same graphs (build metadata
aside), and no triple names a folder of the build machine."""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.compare import isomorphic

from livertox_kg.build import run_build
from livertox_kg.namespaces import BASE, BUILD_GRAPH
from livertox_kg.terms import to_rdflib

from tests._ingest_helpers import NXML_DIR, ROOT, SEED_TEXT, fixture_members, make_archive, make_workbook

BUILD_PREFIX = f"{BASE}build/"


def lay_out(folder: Path, workbook: bytes, archive: Path) -> Path:
    """The same inputs in a folder: text monograph, NXML record, NCBI-style archive, master list and a
    broken file (skipped, so the build graph names it). The workbook and the archive are made once
    (openpyxl and gzip stamp what they write with the time)."""
    sources = folder / "sources"
    (sources / "monographs").mkdir(parents=True)
    shutil.copy(SEED_TEXT, sources / "monographs" / "baclofen.txt")
    shutil.copy(NXML_DIR / "muscle_relaxants.nxml", sources / "monographs" / "muscle_relaxants.nxml")
    shutil.copy(archive, sources / archive.name)
    (sources / "master.xlsx").write_bytes(workbook)
    (sources / "monographs" / "broken.nxml").write_bytes(b"\x00\x01 not xml <<<")
    return sources


def graphs(dump: Path) -> dict[str, list[ox.Quad]]:
    """Quads of a dump by graph name, with the build's IRI (it holds the build id) made generic."""
    out: dict[str, list[ox.Quad]] = defaultdict(list)
    for quad in ox.parse(path=str(dump), format=ox.RdfFormat.N_QUADS):
        terms = [ox.NamedNode(BUILD_PREFIX + "ID") if isinstance(t, ox.NamedNode) and t.value.startswith(BUILD_PREFIX)
                 else t for t in (quad.subject, quad.predicate, quad.object)]
        out[str(quad.graph_name)].append(ox.Quad(*terms, quad.graph_name))
    return out


def same_graph(a: list[ox.Quad], b: list[ox.Quad]) -> bool:
    if any(isinstance(t, ox.BlankNode) for q in a + b for t in (q.subject, q.object)):
        ga, gb = Graph(), Graph()
        for quads, graph in ((a, ga), (b, gb)):
            for q in quads:
                graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        return isomorphic(ga, gb)
    return {str(ox.Triple(q.subject, q.predicate, q.object)) for q in a} == \
        {str(ox.Triple(q.subject, q.predicate, q.object)) for q in b}


def test_same_inputs_in_two_folders_give_the_same_graphs(tmp_path, monkeypatch):
    workbook = make_workbook()
    (tmp_path / "made").mkdir()
    archive = make_archive(tmp_path / "made" / "livertox_NBK547852.tar.gz", fixture_members())
    here = lay_out(tmp_path / "alice" / "work", workbook, archive)
    there = lay_out(tmp_path / "bob" / "deeper" / "elsewhere", workbook, archive)
    reports = []
    for n, sources in enumerate((here, there)):
        monkeypatch.chdir(sources.parent)  # and from different working directories
        reports.append(run_build([sources], tmp_path / f"store-{n}" / "store", progress=False, reasoner=False))
    assert [[s.name for s in r.skipped] for r in reports] == [["sources/monographs/broken.nxml"]] * 2
    assert reports[0].monographs == reports[1].monographs >= 6

    first, second = graphs(reports[0].dump), graphs(reports[1].dump)
    assert sorted(first) == sorted(second)
    differing = [g for g in first if g != f"<{BUILD_GRAPH}>" and not same_graph(first[g], second[g])]
    quads_differing = sum(len({str(q) for q in first[g]} ^ {str(q) for q in second[g]}) for g in differing)
    print(f"graphs compared: {len(first) - 1}; differing: {len(differing)} ({quads_differing} quads)")
    assert differing == []
    # the build graph differs only in its times and id (build metadata)
    build_preds = {str(q.predicate) for q in first[f"<{BUILD_GRAPH}>"]}
    assert "<http://www.w3.org/ns/prov#startedAtTime>" in build_preds

    # no term anywhere (the build graph included) names a folder of the build machine
    for dump, folder in ((reports[0].dump, here), (reports[1].dump, there)):
        text = dump.read_text(encoding="utf-8")
        for path in (str(tmp_path), str(folder), str(ROOT), str(Path.home())):
            assert path not in text, f"{dump} names {path}"

    # sources are named by their portable names, each monograph with its SHA-256
    names = {str(q.object.value) for g in first.values() for q in g
             if q.predicate.value == "http://purl.org/dc/terms/source"}
    assert {"sources/monographs/baclofen.txt", "sources/monographs/muscle_relaxants.nxml", "sources/master.xlsx",
            "sources/livertox_NBK547852.tar.gz:livertox_NBK547852/baclofen.nxml"} <= names
    assert all(not name.startswith("/") for name in names)
