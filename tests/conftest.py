"""Shared fixtures: paths of the project's own data and a store built once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Builds in the tests link drugs against an excerpt of FDA's UNII names list (its real rows for the
# drugs the tests build), so the 995k-row list is read at most once per session
# (tests/test_linking.py, on purpose); subprocesses inherit the setting.
UNII_EXCERPT = ROOT / "tests" / "fixtures" / "unii" / "UNII_Names-excerpt.txt"
os.environ.setdefault("LIVERTOX_KG_UNII_NAMES", str(UNII_EXCERPT))
SEED = ROOT / "data" / "monographs" / "baclofen.txt"
CORPUS = ROOT / "tests" / "corpus"


@pytest.fixture(scope="session")
def built_store(tmp_path_factory):
    """The project's data/ built into a fresh store (with SHACL and HermiT), once per session."""
    from livertox_kg.build import run_build

    store = tmp_path_factory.mktemp("kg") / "store"
    report = run_build([ROOT / "data" / "monographs"], store, progress=False)
    assert not report.skipped, report.skipped
    return store


@pytest.fixture(scope="session")
def kg(built_store):
    """A read-only pyoxigraph store over the session build."""
    from livertox_kg.store import open_read_only

    return open_read_only(built_store)
