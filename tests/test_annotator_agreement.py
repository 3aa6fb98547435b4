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


def test_lenient_scoring_tells_boundaries_from_misses():
    """extraction_eval --lenient: a boundary difference matches, a different fact does not; one to one."""
    spec = importlib.util.spec_from_file_location("extraction_eval", ROOT / "benchmarks" / "extraction_eval.py")
    ev = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("extraction_eval", ev)
    spec.loader.exec_module(ev)
    exp = {"advanced renal cell carcinoma", "hypertension"}
    got = {"renal cell carcinoma", "migraine"}
    strict, lenient = ev.score_case("f", "indications", exp, got), ev.score_case("f", "indications", exp, got, True)
    assert (strict.tp, strict.fp, strict.fn) == (0, 2, 2)
    assert (lenient.tp, lenient.fp, lenient.fn) == (1, 1, 1)
    one = ev.score_case("f", "indications", {"renal cell carcinoma", "advanced renal cell carcinoma"},
                        {"carcinoma"}, True)
    assert (one.tp, one.fp, one.fn) == (1, 0, 1)
    mech = ev.score_case("f", "mechanism", {("inhibitor", "xanthine oxidase", False)},
                         {("inhibitor of", "xanthine oxidase", False), ("inhibitor", "aromatase", False)}, True)
    assert (mech.tp, mech.fp, mech.fn) == (1, 1, 0)
    hedge = ev.score_case("f", "mechanism", {("inhibitor", "xanthine oxidase", False)},
                          {("inhibitor", "xanthine oxidase", True)}, True)
    assert hedge.tp == 0
    assert ev.score_case("f", "recommended_adult_dose", "300 mg daily", "300 mg daily with food", True).tp == 1
