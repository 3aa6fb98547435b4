"""Every negation the annotators marked on a development page stays negated in the extractor's output.

The labels of tests/corpus-pages (dev split), tests/corpus-extra, tests/corpus and
tests/corpus-heldout list, per page, the verbatim phrases that deny something ('has not been linked
to', 'little or no activity against ...'). For each such phrase, no positive fact read from the
sentence holding it may have a value (for a mechanism: its target) that lies inside the denied
phrase. Test pages are left out: nobody reads the extractor's output on them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from livertox_kg.extraction import extract
from livertox_kg.text_reader import read_path

ROOT = Path(__file__).resolve().parent.parent
NOT_POSITIVE = {"outcomes_not_reported", "cross_sensitivity"}


def _fold(text) -> str:
    return " ".join(str(text).lower().split())


def _dev_pages_with_negations() -> list[tuple[Path, list[str]]]:
    dev = set(json.loads((ROOT / "tests" / "corpus-pages" / "split.json").read_text(encoding="utf-8"))["dev"])
    out = []
    for name in ("corpus", "corpus-heldout", "corpus-pages", "corpus-extra"):
        folder = ROOT / "tests" / name
        for entry in json.loads((folder / "expected.json").read_text(encoding="utf-8"))["entries"]:
            if name == "corpus-pages" and entry["file"] not in dev:
                continue
            if entry.get("negations"):
                out.append((folder / entry["file"], [_fold(n) for n in entry["negations"]]))
    return out


PAGES = _dev_pages_with_negations()


def test_the_corpus_has_negations_to_check():
    assert len(PAGES) >= 50 and sum(len(n) for _, n in PAGES) >= 100


@pytest.mark.parametrize("path,negations", PAGES, ids=[p.name for p, _ in PAGES])
def test_no_denied_phrase_becomes_a_positive_fact(path, negations):
    for record in extract(read_path(path)):
        for fact in record.facts:
            if fact.field in NOT_POSITIVE:
                continue
            value = fact.value["target"] if isinstance(fact.value, dict) else fact.value
            if not isinstance(value, str) or not _fold(value):
                continue
            quote = _fold(fact.evidence.quote)
            for denied in negations:
                assert not (denied in quote and _fold(value) in denied), (record.name, fact.field, fact.value, denied)
