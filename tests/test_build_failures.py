"""The build's failure paths: a monograph SHACL refuses is skipped (unless --no-shacl), `validate`
exits 1 on a store that breaks the shapes or the ontology, a failure after loading or an interrupt
leaves the previous store and dump as they were, and --jobs N builds what one process builds."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS

from livertox_kg import build as build_mod
from livertox_kg.build import BuildError, run_build
from livertox_kg.cli import main
from livertox_kg.namespaces import LTX
from livertox_kg.querying import execute
from livertox_kg.store import dump_path, open_read_only
from livertox_kg.terms import to_ox

from conftest import ROOT, SEED

FIXTURES = ROOT / "tests" / "fixtures" / "monographs"
TIZANIDINE = FIXTURES / "tizanidine.txt"


def ask(store: Path, body: str) -> bool:
    return bool(execute(open_read_only(store), f"ASK {{ {body} }}"))


def leftovers(root: Path) -> list[str]:
    """Temporary files and store versions a build must not leave behind."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".") or p.name.endswith(".tmp"))


@pytest.fixture()
def unlabelled_tizanidine(monkeypatch):
    """The graph writer 'forgets' the labels of the drugs of tizanidine.txt (a bug SHACL must catch)."""
    real = build_mod.monograph_ox_quads

    def writer(monograph, records, *args, **kwargs):
        quads = list(real(monograph, records, *args, **kwargs))
        if not monograph.source.endswith("tizanidine.txt"):
            return quads
        rdf_type, drug, label = map(to_ox, (RDF.type, LTX.Drug, RDFS.label))  # the writer's terms are pyoxigraph's
        drugs = {q[0] for q in quads if q[1] == rdf_type and q[2] == drug}
        assert drugs, "the fixture should describe a drug"
        return [q for q in quads if not (q[0] in drugs and q[1] == label)]

    monkeypatch.setattr(build_mod, "monograph_ox_quads", writer)


def test_build_skips_a_monograph_shacl_refuses(tmp_path, unlabelled_tizanidine):
    store = tmp_path / "store"
    result = CliRunner().invoke(main, ["build", str(SEED), str(TIZANIDINE), "--store", str(store),
                                       "--no-progress", "--no-reasoner"])
    assert result.exit_code == 1, result.output
    line = re.search(r"^  \S*tizanidine\.txt: (.*)$", result.output, re.M)
    assert line and re.fullmatch(r"SHACL: \d+ violation\(s\)", line.group(1)), result.output
    assert "1 source(s) skipped" in result.output
    # the other monograph is built; the refused one left nothing in the store
    assert ask(store, "drug:baclofen ltx:likelihoodScore likelihood:D")
    assert not ask(store, "GRAPH ?g { drug:tizanidine ?p ?o }")
    # the skip is recorded in the build's provenance, with the reason
    assert ask(store, 'GRAPH graph:build { ?b rdfs:comment ?c FILTER(CONTAINS(?c, "tizanidine.txt: SHACL")) }')


def test_build_skip_names_the_violation(tmp_path, unlabelled_tizanidine):
    report = run_build([TIZANIDINE, SEED], tmp_path / "store", reasoner=False, progress=False, log=lambda _: None)
    [skipped] = report.skipped
    assert skipped.source.endswith("tizanidine.txt")
    assert "a minted resource needs an rdfs:label" in skipped.reason
    assert "drug/tizanidine" in skipped.reason or "drug:tizanidine" in skipped.reason
    assert report.monographs == 1


def test_no_shacl_builds_it_anyway(tmp_path, unlabelled_tizanidine):
    store = tmp_path / "store"
    result = CliRunner().invoke(main, ["build", str(SEED), str(TIZANIDINE), "--store", str(store),
                                       "--no-progress", "--no-reasoner", "--no-shacl"])
    assert result.exit_code == 0, result.output
    assert "skipped" not in result.output
    assert ask(store, "GRAPH ?g { drug:tizanidine ltx:likelihoodScore ?s }")
    assert not ask(store, "drug:tizanidine rdfs:label ?l")
    # ... and `validate` then finds what the build did not check, naming drug and problem
    checked = CliRunner().invoke(main, ["validate", "--store", str(store), "--no-reasoner"])
    assert checked.exit_code == 1, checked.output
    report = json.loads(checked.output)
    assert report["ok"] is False and report["shacl"]["conforms"] is False
    assert report["shacl"]["violations"] >= 1
    assert "a minted resource needs an rdfs:label" in report["shacl"]["report"]
    assert "drug/tizanidine" in report["shacl"]["report"]


def _store_with(tmp_path: Path, built_store: Path, extra: str) -> Path:
    """A store holding the session build's dump plus ``extra`` N-Quads lines."""
    nq = tmp_path / "bad.nq"
    shutil.copy(dump_path(built_store), nq)
    with nq.open("a", encoding="utf-8") as out:
        out.write(extra)
    target = tmp_path / "store-bad"
    db = ox.Store(str(target))
    db.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    db.flush()
    del db
    (tmp_path / "store").symlink_to(target.name)
    return tmp_path / "store"


G = "<https://w3id.org/livertox-kg/graph/monograph/baclofen>"
BACLOFEN = "<https://w3id.org/livertox-kg/drug/baclofen>"


def test_validate_exits_1_on_a_shape_violation(tmp_path, built_store):
    store = _store_with(tmp_path, built_store,
                        f'{BACLOFEN} <{LTX}casNumber> "1134-47" {G} .\n')
    result = CliRunner().invoke(main, ["validate", "--store", str(store), "--no-reasoner"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    # the bad CAS number, and (whole-graph check) a fact with no evidence behind it
    assert report["ok"] is False and report["shacl"]["violations"] == 2
    text = report["shacl"]["report"]
    assert "ltx:casNumber" in text or f"{LTX}casNumber" in text
    assert "1134-47" in text and "does not match pattern" in text
    assert f"a fact without plain (not hedged, not negated) evidence: {BACLOFEN[1:-1]} {LTX}casNumber 1134-47" in text


def test_validate_exits_1_when_hermit_finds_a_contradiction(tmp_path, built_store):
    """An approval year that is not an integer contradicts the ontology (the property's range is
    xsd:integer): HermiT finds the store inconsistent, and the exit code is 1. (Sources that merely
    disagree never do: nothing in the ontology is functional or disjoint, see tests/test_owl_rl.py.)"""
    store = _store_with(tmp_path, built_store,
                        f'{BACLOFEN} <{LTX}approvalYearUS> "the late seventies" {G} .\n')
    result = CliRunner().invoke(main, ["validate", "--store", str(store)])
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert report["hermit"]["consistent"] is False and "inconsistent" in report["hermit"]["message"]


def test_validate_reports_an_unsupported_fact_without_failing_hermit(tmp_path, built_store):
    """Baclofen 'has no reported' acute liver failure; a triple saying it was reported, with no
    sentence behind it, is refused by the whole-graph evidence check, and is no contradiction for the
    reasoner (reported and not-reported are statements of sources, not disjoint properties)."""
    store = _store_with(tmp_path, built_store,
                        f"{BACLOFEN} <{LTX}reportedOutcome> <{LTX}AcuteLiverFailure> {G} .\n")
    result = CliRunner().invoke(main, ["validate", "--store", str(store)])
    report = json.loads(result.output)
    assert report["hermit"]["consistent"] is True, report["hermit"]
    assert result.exit_code == 1 and "a fact without plain" in report["shacl"]["report"]


# -- failures after pass 2 leave the previous store ----------------------------------------------------


@pytest.fixture()
def previous(tmp_path):
    """A first good build; returns (store, its version directory, its dump bytes)."""
    store = tmp_path / "store"
    run_build([SEED], store, reasoner=False, progress=False)
    return store, store.resolve(), dump_path(store).read_bytes()


def _unchanged(tmp_path: Path, previous) -> None:
    store, version, dump = previous
    assert store.resolve() == version
    assert dump_path(store).read_bytes() == dump
    assert ask(store, "drug:baclofen ltx:likelihoodScore likelihood:D")
    versions = [p.name for p in tmp_path.iterdir() if p.name.startswith("store-")]
    assert versions == [version.name], versions  # the half-made version was removed
    assert leftovers(tmp_path) == []


def test_load_that_does_not_match_the_dump_fails_and_cleans_up(tmp_path, previous, monkeypatch):
    class StrayLoader(build_mod.VersionLoader):
        def finish(self):
            target = super().finish()
            db = ox.Store(str(target))  # one quad more than the dump holds
            db.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("stray"),
                           ox.NamedNode("urn:x:g")))
            db.flush()
            del db
            return target

    monkeypatch.setattr(build_mod, "VersionLoader", StrayLoader)
    with pytest.raises(BuildError, match=r"loaded (\d+) quads but wrote \d+; the current store was left as it was"):
        run_build([SEED, TIZANIDINE], tmp_path / "store", reasoner=False, progress=False)
    _unchanged(tmp_path, previous)


def test_cli_reports_a_failed_build(tmp_path, previous, monkeypatch):
    monkeypatch.setattr(build_mod, "activate", lambda *a, **k: (_ for _ in ()).throw(BuildError("disk on fire")))
    result = CliRunner().invoke(main, ["build", str(SEED), "--store", str(tmp_path / "store"),
                                       "--no-progress", "--no-reasoner"])
    assert result.exit_code == 1 and "build failed: disk on fire" in result.output
    _unchanged(tmp_path, previous)


@pytest.mark.parametrize("where", ["VersionLoader.add", "VersionLoader.finish", "activate", "_hermit"])
def test_interrupted_build_leaves_the_previous_store(tmp_path, previous, monkeypatch, where):
    """Ctrl-C while loading, right after loading, during reasoning or at the swap: the old store and
    dump stay."""
    owner, name = (build_mod.VersionLoader, where.split(".")[1]) if "." in where else (build_mod, where)
    real = getattr(owner, name)

    def interrupted(*args, **kwargs):
        if owner is not build_mod:
            real(*args, **kwargs)  # the new version exists on disk (and a part is loading) when the interrupt comes
        raise KeyboardInterrupt

    monkeypatch.setattr(owner, name, interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_build([SEED, TIZANIDINE], tmp_path / "store", reasoner=where == "_hermit", progress=False)
    _unchanged(tmp_path, previous)


# -- --jobs -------------------------------------------------------------------------------------------


def _monograph_quads(store: Path) -> set[str]:
    """The store's quads except the build's provenance (ids and times differ between builds) and the
    ontology graph (copied from the file by the parent, with fresh blank nodes each time)."""
    kg = open_read_only(store)
    out = set()
    for q in kg:
        text = str(q)
        if "/graph/build>" in text or "/build/" in text or text.endswith("/graph/ontology>"):
            continue
        out.add(text)
    return out


def test_jobs_build_what_one_process_builds(tmp_path):
    """At least eight sources run in worker processes (--jobs 2); the result equals the in-process one."""
    sources = sorted((ROOT / "tests" / "corpus").glob("*.txt")) + [SEED]
    assert len(sources) >= build_mod.SERIAL_BELOW
    runner = CliRunner()
    stores = {}
    for jobs in ("1", "2"):
        stores[jobs] = tmp_path / f"store{jobs}"
        result = runner.invoke(main, ["build", *map(str, sources), "--store", str(stores[jobs]), "--no-progress",
                                      "--no-reasoner", "--jobs", jobs])
        assert result.exit_code == 0, result.output
        assert f"{len(sources)} monograph(s)" in result.output
    one, two = _monograph_quads(stores["1"]), _monograph_quads(stores["2"])
    assert len(one) > 1000
    assert one == two


def test_jobs_must_be_positive(tmp_path):
    result = CliRunner().invoke(main, ["build", str(SEED), "--store", str(tmp_path / "s"), "--jobs", "0"])
    assert result.exit_code == 2 and "--jobs" in result.output


def test_validate_store_checks_consistency_by_default(built_store):
    from livertox_kg.validate import validate_store

    report = validate_store(built_store)
    assert report["ok"] is True and report["hermit"]["consistent"] is True
    assert report["shacl"] == {"conforms": True, "violations": 0, "warnings": 0}
