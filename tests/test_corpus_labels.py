"""The labelled corpora are sound: every expected value stands in its page, and the split is the fixed one.

The checker (tests/check_expected.py, a copy of the labelling tool the project was given) is an
oracle independent of the extractor: it only compares labels with page text.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [ROOT / "tests" / name for name in ("corpus", "corpus-heldout", "corpus-pages", "corpus-extra", "corpus-test2", "corpus-test3")]
PAGES = ROOT / "tests" / "corpus-pages"
RESERVED = {  # agents kept outside the project for independent measurement (issue 9)
    "allopurinol", "amiodarone", "azathioprine", "azithromycin", "black cohosh", "bupropion", "carbamazepine",
    "carisoprodol", "celecoxib", "chlorzoxazone", "ciprofloxacin", "clopidogrel", "clozapine", "cyclobenzaprine",
    "dantrolene", "diltiazem", "duloxetine", "erlotinib", "erythromycin", "fenofibrate", "gemfibrozil",
    "isoflurane", "leflunomide", "levetiracetam", "levofloxacin", "metaxalone", "metformin", "minocycline",
    "naproxen", "niacin", "nifedipine", "olanzapine", "pazopanib", "phenytoin", "pyrazinamide", "quetiapine",
    "rosuvastatin", "simvastatin", "sulindac", "tamoxifen", "terbinafine", "trazodone", "verapamil",
    "voriconazole", "warfarin", "zidovudine",
}


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, mod)
    spec.loader.exec_module(mod)
    return mod


check = _load("check_expected", ROOT / "tests" / "check_expected.py")
corpus_split = _load("corpus_split", ROOT / "benchmarks" / "corpus_split.py")


def _entries(corpus: Path) -> list[dict]:
    return json.loads((corpus / "expected.json").read_text(encoding="utf-8"))["entries"]


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda p: p.name)
def test_every_label_stands_in_its_page(corpus):
    problems = []
    for entry in _entries(corpus):
        found, _ = check.check_entry(entry, (corpus / entry["file"]).read_text(encoding="utf-8"))
        problems += [f"{entry['file']}: {p}" for p in found]
    assert problems == []


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda p: p.name)
def test_manifest_matches_pages(corpus):
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))["files"]
    labelled = {e["file"] for e in _entries(corpus)}
    assert {f["file"] for f in manifest} == labelled
    for f in manifest:
        raw = (corpus / f["file"]).read_bytes()
        assert len(raw) == f["utf8_bytes"] <= 2000, f["file"]
        assert f["agent"].lower() not in RESERVED, f["file"]


def test_split_is_the_fixed_draw():
    """split.json is what corpus_split.py draws from the manifest: nobody moved a page by hand."""
    fixed = json.loads((PAGES / "split.json").read_text(encoding="utf-8"))
    drawn = corpus_split.draw(json.loads((PAGES / "manifest.json").read_text(encoding="utf-8")))
    assert (fixed["dev"], fixed["test"]) == (drawn["dev"], drawn["test"])
    assert not set(fixed["dev"]) & set(fixed["test"])
    assert set(fixed["dev"]) | set(fixed["test"]) == {e["file"] for e in _entries(PAGES)}
    assert 0.25 <= len(fixed["test"]) / (len(fixed["dev"]) + len(fixed["test"])) <= 0.35


def test_no_page_twice_across_corpora():
    agents = [e["name"].lower() for corpus in CORPORA for e in _entries(corpus)]
    assert len(agents) == len(set(agents))
