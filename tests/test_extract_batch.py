"""Extracting several monographs at once (the build's pass 1) gives what extracting each alone gives."""

from __future__ import annotations

from livertox_kg.extraction import extract, extract_each, parse
from livertox_kg.model import Monograph
from livertox_kg.sources import iter_sources, load

from conftest import ROOT, SEED


def _monographs():
    items = sorted(iter_sources([SEED, *sorted((ROOT / "tests" / "corpus").glob("*.txt"))]), key=lambda i: i.name)
    return [load(item).monograph for item in items]


def test_extract_each_equals_extract_one_by_one():
    monographs = _monographs()
    assert len(monographs) >= 8
    parse._PARSED.clear()
    together = extract_each(monographs)
    parse._PARSED.clear()
    assert together == [extract(m) for m in monographs]
    assert any(f.field == "mechanism" for records in together for r in records for f in r.facts)


def test_a_monograph_that_breaks_the_extractor_does_not_stop_the_others():
    good = _monographs()[:2]
    broken = Monograph("broken.txt", "text", "0" * 64, "text", sections=None)  # not a list: the extractor trips
    out = extract_each([good[0], broken, good[1]])
    assert isinstance(out[1], Exception)
    assert out[0] == extract(good[0]) and out[2] == extract(good[1])


def test_prefetch_fills_the_parse_cache_with_the_same_parses():
    texts = ["Baclofen is an agonist of the GABA-B receptor.", "It inhibits the reuptake of serotonin."]
    parse._PARSED.clear()
    alone = [[(t.text, t.tag_, t.dep_, t.head.i) for t in parse.parse(x)] for x in texts]
    parse._PARSED.clear()
    parse.prefetch(texts)
    docs = [parse._PARSED[x] for x in texts]
    assert [parse.parse(x) for x in texts] == docs  # served from the cache
    assert [[(t.text, t.tag_, t.dep_, t.head.i) for t in d] for d in docs] == alone
