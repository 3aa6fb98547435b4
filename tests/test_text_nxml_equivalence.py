"""The text monograph and its NXML form yield the same facts (seed and synthetic corpus)."""

import sys


from tests._ingest_helpers import NXML_DIR, ROOT, SEED_TEXT
from livertox_kg.sources import SourceItem, read_monograph

from livertox_kg import extract as extract_mod


def facts(monograph):
    out = []
    for rec in extract_mod.extract(monograph):
        js = rec.to_json()
        js.pop("last_update", None)
        out.append(js)
    return sorted(out, key=lambda j: j["name"])


def test_seed_text_and_nxml_yield_the_same_facts():
    text = read_monograph(SourceItem(str(SEED_TEXT), "text", path=SEED_TEXT))
    nxml = read_monograph(SourceItem("baclofen.nxml", "nxml", path=NXML_DIR / "baclofen.nxml"))
    text_facts, nxml_facts = facts(text), facts(nxml)
    assert text_facts and text_facts[0]["likelihood_score"] == "D"
    assert len(text_facts[0]) > 10  # many fields, not only the name
    assert nxml_facts == text_facts


def test_synthetic_text_and_nxml_yield_the_same_facts():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import synth_corpus
    finally:
        sys.path.pop(0)
    for doc in synth_corpus.generate(12, seed=7):
        text = read_monograph(SourceItem(doc.name + ".txt", "text", data=doc.text().encode()))
        nxml = read_monograph(SourceItem(doc.name + ".nxml", "nxml", data=doc.nxml().encode()))
        text_facts = facts(text)
        # equal and not empty: each record has facts besides its name (two empty lists are equal too)
        assert text_facts and all(set(js) - {"name"} for js in text_facts), doc.name
        assert facts(nxml) == text_facts, doc.name
