"""Source expansion: folders, streamed archives (nothing on disk), workbooks, bad items isolated."""

import os
import tarfile


from tests._ingest_helpers import NXML_DIR, SEED_TEXT, fixture_members, make_archive, make_workbook
from livertox_kg.sources import SourceFailure, SourceItem, iter_sources, kind_of, load_sources


def listing(root):
    return sorted(os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs)


def test_kind_of():
    assert [kind_of(n) for n in ("a.txt", "a.NXML", "a.xml", "a.xlsx", "a.tar.gz", "a.tgz", "a.jpg")] \
        == ["text", "nxml", "nxml", "xlsx", "archive", "archive", None]


def test_folder_recursive_sorted_and_unknown_files_passed_over(tmp_path):
    sub = tmp_path / "deep" / "er"
    sub.mkdir(parents=True)
    (sub / "b.nxml").write_bytes((NXML_DIR / "baclofen.nxml").read_bytes())
    (tmp_path / "a.nxml").write_bytes((NXML_DIR / "toc.nxml").read_bytes())
    (tmp_path / "picture.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / ".hidden.nxml").write_bytes(b"x")
    items = list(iter_sources([tmp_path]))
    assert [os.path.relpath(i.source, tmp_path) for i in items] == ["a.nxml", "deep/er/b.nxml"]
    assert all(isinstance(i, SourceItem) and i.kind == "nxml" for i in items)


def test_missing_and_unknown_named_paths_are_failures(tmp_path):
    (tmp_path / "notes.doc").write_text("x")
    out = list(iter_sources([tmp_path / "nope", tmp_path / "notes.doc"]))
    assert all(isinstance(o, SourceFailure) for o in out) and len(out) == 2


def test_archive_streamed_nothing_written(tmp_path, monkeypatch):
    members = fixture_members()
    members["livertox_NBK547852/Baclofen_structure.jpg"] = b"\xff\xd8 image"
    archive = make_archive(tmp_path / "livertox_NBK547852.tar.gz", members)
    before = listing(tmp_path)
    cwd_before = listing(os.getcwd()) if os.getcwd() != "/" else None

    def no_extraction(*a, **k):
        raise AssertionError("archive extracted to disk")

    monkeypatch.setattr(tarfile.TarFile, "extract", no_extraction)
    monkeypatch.setattr(tarfile.TarFile, "extractall", no_extraction)
    opened = []
    real_open = tarfile.open

    def spy_open(*a, **k):
        opened.append(k.get("mode", a[1] if len(a) > 1 else None))
        return real_open(*a, **k)

    monkeypatch.setattr(tarfile, "open", spy_open)
    results = list(load_sources([archive]))
    assert opened == ["r|gz"]  # stream mode: no seeking, member by member
    assert listing(tmp_path) == before
    if cwd_before is not None:
        assert listing(os.getcwd()) == cwd_before
    by_member = {r.source.split(":", 1)[1]: r for r in results}
    assert sorted(by_member) == sorted(k for k in members if k.endswith(".nxml"))
    prefix = "livertox_NBK547852/"
    assert by_member[prefix + "baclofen.nxml"].monograph.title == "Baclofen"
    assert by_member[prefix + "baclofen.nxml"].source == f"{archive}:{prefix}baclofen.nxml"  # messages
    # provenance: the archive's file name and the member, never the folder it was read from
    assert by_member[prefix + "baclofen.nxml"].monograph.source == f"livertox_NBK547852.tar.gz:{prefix}baclofen.nxml"
    assert by_member[prefix + "toc.nxml"].skipped and not by_member[prefix + "toc.nxml"].error
    assert by_member[prefix + "carisoprodol_meprobamate.nxml"].monograph.content_type == "multi-agent"
    assert by_member[prefix + "methocarbamol_entities.nxml"].warnings


def test_broken_member_does_not_stop_the_others(tmp_path):
    members = {"a/broken.nxml": b"\x00\x01 garbage <<<", "a/empty.nxml": b"",
               **fixture_members("a/")}
    archive = make_archive(tmp_path / "mixed.tgz", members)
    results = list(load_sources([archive, NXML_DIR / "baclofen.nxml"]))
    errors = {r.source.rsplit("/", 1)[1]: r.error for r in results if r.error}
    assert set(errors) == {"broken.nxml", "empty.nxml"}
    ok = [r for r in results if r.ok]
    assert len(ok) == 5 and ok[-1].source == str(NXML_DIR / "baclofen.nxml")


def test_truncated_archive_reports_and_continues(tmp_path):
    archive = make_archive(tmp_path / "full.tar.gz", fixture_members())
    data = archive.read_bytes()
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(data[: len(data) // 2])
    results = list(load_sources([cut, NXML_DIR / "toc.nxml"]))
    assert any(r.error and r.source == str(cut) and "archive" in r.error for r in results)
    assert results[-1].source.endswith("toc.nxml") and results[-1].skipped


def test_workbook_in_a_mixed_run(tmp_path):
    make_workbook(tmp_path / "master.xlsx")
    archive = make_archive(tmp_path / "arch.tar.gz", {"x/master2.xlsx": make_workbook()})
    results = list(load_sources([tmp_path / "master.xlsx", archive, NXML_DIR / "baclofen.nxml"]))
    workbooks = [r for r in results if r.kind == "xlsx"]
    assert len(workbooks) == 2 and all(r.ok for r in workbooks)
    assert workbooks[0].monograph.format == "xlsx"
    assert [rec.name for rec in workbooks[1].records][:1] == ["Baclofen"]
    assert workbooks[1].records[0].facts[0].evidence.source.endswith(":x/master2.xlsx")


def test_text_monograph_dispatch(tmp_path):
    results = list(load_sources([SEED_TEXT, NXML_DIR / "baclofen.nxml"]))
    assert all(r.ok for r in results), [r.error for r in results]
    text, nxml = (r.monograph for r in results)
    assert text.format != "nxml" and nxml.format == "nxml"
    assert text.section("likelihood_score") is not None
