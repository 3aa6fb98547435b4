"""The build's extraction cache: keyed by the source and the extractor version, invalidated by any
change to the extraction code or the lexicon, and a warm build gives the same store as a cold one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from livertox_kg import extraction_cache
from livertox_kg.build import run_build
from livertox_kg.extraction_cache import ExtractionCache, extractor_version, source_files, source_key
from livertox_kg.namespaces import BUILD_GRAPH
from livertox_kg.paths import LEXICON_DIR
from livertox_kg.sources import SourceItem

from tests._ingest_helpers import NXML_DIR, ROOT, SEED_TEXT
from tests.test_portable_provenance import graphs, same_graph

PACKAGE = ROOT / "livertox_kg"


def corpus(folder: Path) -> Path:
    """Text and NXML monographs, a multi-agent and a class overview among them, and one bad file."""
    folder.mkdir(parents=True)
    shutil.copy(SEED_TEXT, folder / "baclofen.txt")
    for name in ("atorvastatin.txt", "nevirapine.txt", "halothane.txt"):
        shutil.copy(ROOT / "tests" / "corpus" / name, folder / name)
    for name in ("carisoprodol_meprobamate.nxml", "muscle_relaxants.nxml"):
        shutil.copy(NXML_DIR / name, folder / name)
    (folder / "broken.nxml").write_bytes(b"\x00\x01 not xml <<<")
    return folder


@pytest.fixture
def fresh_version():
    extractor_version.cache_clear()
    yield
    extractor_version.cache_clear()


def test_the_version_covers_extraction_and_what_it_imports_not_the_rdf_writer():
    names = {f.relative_to(PACKAGE).as_posix() for f in source_files()}
    assert {"extraction/__init__.py", "extraction/mechanism.py", "extraction/parse.py", "model.py",
            "sentences.py", "normalize.py", "text_reader.py", "nxml_reader.py", "sources.py"} <= names
    assert not names & {"rdf.py", "build.py", "reasoning.py", "shacl_store.py", "namespaces.py"}


def test_changing_a_lexicon_row_changes_the_key(tmp_path, monkeypatch, fresh_version):
    lexicon = tmp_path / "lexicon"
    shutil.copytree(LEXICON_DIR, lexicon)
    monkeypatch.setattr(extraction_cache, "LEXICON_DIR", lexicon)
    item = SourceItem(str(SEED_TEXT), "text", path=SEED_TEXT)
    before = extractor_version()
    assert extractor_version() == before  # deterministic
    key = source_key(item, before)

    table = lexicon / "mechanism-actions.tsv"
    rows = table.read_text(encoding="utf-8").splitlines(keepends=True)
    table.write_text("".join(rows[:-1]), encoding="utf-8")  # one row less
    extractor_version.cache_clear()
    after = extractor_version()
    assert after != before
    assert source_key(item, after) != key
    assert ExtractionCache(tmp_path, after).folder != ExtractionCache(tmp_path, before).folder


def test_changing_extraction_code_changes_the_version(tmp_path, monkeypatch, fresh_version):
    package = tmp_path / "livertox_kg"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(extraction_cache, "PACKAGE_DIR", package)
    before = extractor_version()
    (package / "rdf.py").write_text("# the RDF writer changed\n", encoding="utf-8", newline="")
    extractor_version.cache_clear()
    assert extractor_version() == before  # not an extraction change
    rule = package / "extraction" / "clinical.py"
    rule.write_text(rule.read_text(encoding="utf-8") + "\n# a rule changed\n", encoding="utf-8")
    extractor_version.cache_clear()
    assert extractor_version() != before


def test_the_key_names_the_source_bytes_and_name():
    item = SourceItem(str(SEED_TEXT), "text", path=SEED_TEXT)
    same = SourceItem("elsewhere/baclofen.txt", "text", data=SEED_TEXT.read_bytes(), name=item.name)
    assert source_key(item, "v") == source_key(same, "v")
    assert source_key(item, "v") != source_key(item, "w")
    edited = SourceItem(str(SEED_TEXT), "text", data=SEED_TEXT.read_bytes() + b"\n", name=item.name)
    assert source_key(edited, "v") != source_key(item, "v")
    renamed = SourceItem(str(SEED_TEXT), "text", path=SEED_TEXT, name="other/baclofen.txt")
    assert source_key(renamed, "v") != source_key(item, "v")


def test_a_warm_build_gives_the_same_store_as_a_cold_one(tmp_path):
    sources = corpus(tmp_path / "sources")
    store = tmp_path / "var" / "store"
    cold = run_build([sources], store, progress=False, link=False, log=lambda line: None)
    assert cold.cached == 0 and cold.monographs >= 6
    assert [s.name for s in cold.skipped] == ["sources/broken.nxml"]
    cold_graphs = graphs(cold.dump)
    shutil.copy(cold.dump, tmp_path / "cold.nq")

    warm = run_build([sources], store, progress=False, link=False, log=lambda line: None)
    assert warm.cached == cold.monographs  # every good source; the bad one is read again
    assert [s.name for s in warm.skipped] == ["sources/broken.nxml"]
    assert warm.quads == cold.quads
    warm_graphs = graphs(warm.dump)
    assert sorted(warm_graphs) == sorted(cold_graphs)
    differing = [g for g in cold_graphs if g != f"<{BUILD_GRAPH}>" and not same_graph(cold_graphs[g], warm_graphs[g])]
    assert differing == []

    # a truncated entry is a miss, a changed source is extracted again; the others come from the cache
    entries = sorted(cold.cache.rglob("*.pkl"))
    assert len(entries) == cold.monographs
    seed = sources / "baclofen.txt"
    seed_key = source_key(SourceItem(str(seed), "text", path=seed, name="sources/baclofen.txt"), extractor_version())
    assert seed_key in {entry.stem for entry in entries}
    other = next(entry for entry in entries if entry.stem != seed_key)
    other.write_bytes(other.read_bytes()[:20])
    seed.write_text(seed.read_text(encoding="utf-8").replace("3 months", "5 weeks"), encoding="utf-8")
    third = run_build([sources], store, progress=False, link=False, log=lambda line: None)
    assert third.cached == cold.monographs - 2
    latency = {str(q.object.value) for g in graphs(third.dump).values() for q in g
               if q.predicate.value.endswith("#latencyToOnset")}
    assert "5 weeks" in latency and "3 months" not in latency
    # the edited source's old entry is pruned: one entry per source of the last build
    after = {entry.stem for entry in third.cache.rglob("*") if entry.is_file()}
    assert len(after) == cold.monographs and seed_key not in after

    # a source removed from the corpus loses its entry after the next successful build
    (sources / "halothane.txt").unlink()
    fourth = run_build([sources], store, progress=False, link=False, log=lambda line: None)
    assert fourth.cached == cold.monographs - 1
    assert len(list(fourth.cache.rglob("*.pkl"))) == cold.monographs - 1


def test_no_cache_writes_none_and_old_versions_are_pruned(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SEED_TEXT, sources / "baclofen.txt")
    store = tmp_path / "var" / "store"
    report = run_build([sources], store, progress=False, link=False, reasoner=False, cache=False,
                       log=lambda line: None)
    assert report.cache is None and not (tmp_path / "var" / "cache").exists()

    stale = tmp_path / "var" / "cache" / "extract-stale"
    stale.mkdir(parents=True)
    report = run_build([sources], store, progress=False, link=False, reasoner=False, log=lambda line: None)
    assert report.cache.parent == tmp_path / "var" / "cache" and report.cache.is_dir()
    assert not stale.exists()


def test_a_cache_that_cannot_be_written_is_passed_over(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SEED_TEXT, sources / "baclofen.txt")
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "cache").write_text("a file where the cache folder would be", encoding="utf-8")
    report = run_build([sources], tmp_path / "var" / "store", progress=False, link=False, reasoner=False,
                       log=lambda line: None)
    assert report.monographs == 1 and not report.skipped and report.cached == 0
