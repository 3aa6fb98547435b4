"""benchmarks/annotator_agreement.py scores one hand labelling against another with the extractor's scoring."""

from __future__ import annotations

import copy
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXTRA = ROOT / "tests" / "corpus-extra"


def _module():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location("annotator_agreement", ROOT / "benchmarks" / "annotator_agreement.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _entries(name: str) -> list[dict]:
    return json.loads((EXTRA / name).read_text(encoding="utf-8"))["entries"]


def test_a_labelling_agrees_with_itself_and_disagreements_count():
    agreement = _module().agreement
    first = _entries("expected.json")
    same = agreement(first, first)
    assert all(s.fp == s.fn == 0 for s in same.values())
    changed = copy.deepcopy(first)
    entry = next(e for e in changed if e.get("indications"))
    entry["indications"] = entry["indications"][1:] + ["an invented condition"]
    scores = agreement(first, changed)["indications"]
    assert (scores.fp, scores.fn) == (1, 1)


def test_second_labels_cover_first_labelled_pages_and_stand_in_them():
    sys.path.insert(0, str(ROOT / "tests"))
    import check_expected as check

    first = {e["file"] for e in _entries("expected.json")}
    second = _entries("second-labels.json")
    assert len(second) == 30 and {e["file"] for e in second} <= first
    for entry in second:
        found, _ = check.check_entry(entry, (EXTRA / entry["file"]).read_text(encoding="utf-8"))
        assert found == [], (entry["file"], found)
