"""Store versions behind an atomically swapped link; a failed build never replaces a good store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from livertox_kg.store import (StoreError, VersionLoader, activate, check_location, dump_path, load_version,
                               open_read_only)


def _nq(tmp_path, name, n):
    path = tmp_path / name
    path.write_text("".join(f"<urn:s{i}> <urn:p> \"{i}\" <urn:g> .\n" for i in range(n)))
    return path


def test_swap_keeps_previous_version_and_removes_older(tmp_path):
    store = tmp_path / "store"
    versions = []
    for i, n in enumerate((1, 2, 3)):
        version = load_version(store, f"v{i}", _nq(tmp_path, f"{i}.nq", n))
        activate(store, version)
        versions.append(version)
        assert len(open_read_only(store)) == n
    assert store.is_symlink() and store.resolve() == versions[2].resolve()
    assert versions[1].exists() and not versions[0].exists()
    assert dump_path(store).name == "store.nq"


def test_reader_of_old_version_survives_swap(tmp_path):
    store = tmp_path / "store"
    activate(store, load_version(store, "a", _nq(tmp_path, "a.nq", 5)))
    reader = open_read_only(store)
    activate(store, load_version(store, "b", _nq(tmp_path, "b.nq", 7)))
    assert len(reader) == 5
    assert len(open_read_only(store)) == 7


def test_refuses_to_take_over_a_foreign_directory(tmp_path):
    foreign = tmp_path / "store"
    foreign.mkdir()
    (foreign / "precious.txt").write_text("keep me")
    with pytest.raises(StoreError, match="not a livertox-kg store link"):
        check_location(foreign)
    assert (foreign / "precious.txt").read_text() == "keep me"


def test_open_missing_store_names_the_path(tmp_path):
    with pytest.raises(StoreError, match="run `livertox-kg build`"):
        open_read_only(tmp_path / "nothing")


def test_bad_dump_fails_before_any_swap(tmp_path):
    store = tmp_path / "store"
    activate(store, load_version(store, "good", _nq(tmp_path, "good.nq", 3)))
    broken = tmp_path / "broken.nq"
    broken.write_text("<urn:s> <urn:p> \"unterminated .\n")
    with pytest.raises((SyntaxError, ValueError, OSError)):
        load_version(store, "bad", broken)
    assert len(open_read_only(store)) == 3
    assert isinstance(open_read_only(store), ox.Store)


def _lines(start, n):
    return "".join(f"<urn:s{i}> <urn:p> \"{i}\" <urn:g> .\n" for i in range(start, start + n)).encode()


def test_version_loader_loads_in_parts_what_it_is_given(tmp_path):
    """Pieces added one by one are cut into parts, loaded two at a time; the version holds every
    quad once."""
    store = tmp_path / "store"
    loader = VersionLoader(store, "parts", parallel=2, part_quads=40)
    for start in range(0, 500, 5):
        loader.add(_lines(start, 5), 5)
    loader.add(_lines(0, 5), 5)  # a duplicate is stored once
    target = loader.finish()
    assert loader.parts == 13  # 12 parts of 40 quads and the last 25
    assert len(loader.durations) == loader.parts
    activate(store, target)
    kg = open_read_only(store)
    assert len(kg) == 500
    assert {q.subject.value for q in kg} == {f"urn:s{i}" for i in range(500)}


def test_version_loader_reports_a_bad_part_and_closes(tmp_path):
    store = tmp_path / "store"
    loader = VersionLoader(store, "bad", part_quads=10)
    loader.add(_lines(0, 10), 10)
    loader.add(b"<urn:s> <urn:p> \"unterminated .\n", 1)
    with pytest.raises((SyntaxError, ValueError, OSError)):
        loader.finish()
    assert loader.target.exists()  # the caller removes a version it gives up; the store is closed:
    assert len(ox.Store(str(loader.target))) in (0, 10)  # (RocksDB would refuse a second opener)
