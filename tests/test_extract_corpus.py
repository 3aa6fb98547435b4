"""Extractor against the hand-checked LiverTox page excerpts in tests/corpus/expected.json."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pytest

from livertox_kg.extract import extract
from livertox_kg.fields import FIELDS
from livertox_kg.model import LIST_FIELDS
from livertox_kg.text_reader import read_path

CORPUS = Path(__file__).parent / "corpus"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))["entries"]
SKIP_KEYS = {"file", "notes"}
CASES = [(e["file"], k) for e in EXPECTED for k in e if k not in SKIP_KEYS]


def fold(s: str) -> str:
    return " ".join(str(s).split())


@lru_cache(maxsize=None)
def run(file: str):
    mono = read_path(CORPUS / file)
    records = extract(mono)
    assert len(records) == 1
    return mono, records[0]


def entry(file: str) -> dict:
    return next(e for e in EXPECTED if e["file"] == file)


@pytest.mark.parametrize("file,field", CASES, ids=[f"{f}:{k}" for f, k in CASES])
def test_expected_field(file, field):
    expected = entry(file)[field]
    _mono, record = run(file)
    got = record.to_json().get(field)
    if expected is None:
        assert got in (None, []), f"{field} should not be stated, got {got!r}"
    elif field == "mechanism":
        pairs = lambda items: sorted((fold(i["action"]).lower(), fold(i["target"]).lower()) for i in items)
        assert pairs(got or []) == pairs(expected)
    elif isinstance(expected, list):
        assert sorted(fold(x).lower() for x in got or []) == sorted(fold(x).lower() for x in expected)
    elif isinstance(expected, str):
        assert got is not None and fold(got) == fold(expected)
    else:
        assert got == expected


def _texts(mono) -> tuple[str, str]:
    folded = fold(mono.text).lower()
    dehyphen = fold(re.sub(r"-[ \t]*\r?\n[ \t]*", "", mono.text)).lower()
    return folded, dehyphen


@pytest.mark.parametrize("file", sorted({e["file"] for e in EXPECTED}))
def test_items_verbatim(file):
    mono, record = run(file)
    folded, dehyphen = _texts(mono)
    for fact in record.facts:
        if fact.field in ("outcomes_reported", "outcomes_not_reported", "summary"):
            continue
        pieces = []
        if fact.field == "dose_forms_and_strengths":
            pieces = fact.value.split("; ")
        elif fact.field == "mechanism":
            pieces = [fact.value["action"], fact.value["target"]]
        elif isinstance(fact.value, str) and (fact.field in LIST_FIELDS or fact.field in (
                "recommended_adult_dose", "chemical_description", "alt_elevation_rate", "latency")):
            pieces = [fact.value]
        for piece in pieces:
            p = fold(piece).lower()
            assert p in folded or p in dehyphen, f"{fact.field}: {piece!r} not in source"


@pytest.mark.parametrize("file", sorted({e["file"] for e in EXPECTED}))
def test_evidence_offsets(file):
    mono, record = run(file)
    squash = lambda s: re.sub(r"[\s\-]+", "", s)
    for fact in record.facts:
        assert fact.field in FIELDS
        ev = fact.evidence
        assert ev is not None and ev.source == mono.source
        assert 0 <= ev.start < ev.end <= len(mono.text)
        assert ev.quote == fold(ev.quote)
        assert squash(mono.text[ev.start:ev.end]) == squash(ev.quote), fact.field
        assert mono.section(ev.section) is not None or ev.section == "body"
