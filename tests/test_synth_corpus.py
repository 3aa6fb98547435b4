"""Synthetic corpus generator: deterministic, unique names, readable in both formats."""

import subprocess
import sys

from tests._ingest_helpers import ROOT
from livertox_kg.sources import load_sources

sys.path.insert(0, str(ROOT / "benchmarks"))
import synth_corpus  # noqa: E402

sys.path.pop(0)


def test_deterministic_and_varied():
    a = [d.text() for d in synth_corpus.generate(50, seed=3)]
    b = [d.text() for d in synth_corpus.generate(50, seed=3)]
    c = [d.text() for d in synth_corpus.generate(50, seed=4)]
    assert a == b and a != c
    docs = list(synth_corpus.generate(2000, seed=1))
    assert len({d.name.lower() for d in docs}) == 2000
    scores = {d.likelihood.split(" ")[0] for d in docs}
    assert {"A", "B", "C", "D", "E", "E*", "X"} <= scores and any("[HD]" in s for s in scores)
    assert len({d.class_path for d in docs}) >= 15 and all(": " in d.class_path for d in docs)
    assert any("no reports of" in d.text() for d in docs)
    lengths = [len(d.text()) for d in docs]
    assert max(lengths) > 1.5 * min(lengths)


def test_cas_check_digit():
    import random

    rng = random.Random(0)
    for _ in range(100):
        cas = synth_corpus.cas_number(rng)
        digits = cas.replace("-", "")[:-1]
        assert int(cas[-1]) == sum(int(d) * i for i, d in enumerate(reversed(digits), 1)) % 10


def test_cli_writes_files_and_tar_readable(tmp_path):
    script = ROOT / "benchmarks" / "synth_corpus.py"
    subprocess.run([sys.executable, str(script), "30", str(tmp_path / "f"), "--seed", "2"], check=True)
    subprocess.run([sys.executable, str(script), "30", str(tmp_path / "t"), "--format", "nxml",
                    "--tar", "--seed", "2"], check=True)
    assert len(list((tmp_path / "f" / "txt").rglob("*.txt"))) == 30
    assert len(list((tmp_path / "f" / "nxml").rglob("*.nxml"))) == 30
    results = list(load_sources([tmp_path / "t" / "corpus-nxml.tar.gz", tmp_path / "f" / "nxml"]))
    assert len(results) == 60 and all(r.ok for r in results)
    assert all(r.monograph.content_type == "drug" and r.monograph.section("likelihood_score")
               for r in results)
    tar_text = {r.monograph.title: r.monograph.text for r in results[:30]}
    dir_text = {r.monograph.title: r.monograph.text for r in results[30:]}
    assert tar_text == dir_text


def test_benchmark_helpers():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import scale_benchmark as sb
    finally:
        sys.path.pop(0)
    values = sorted(float(i) for i in range(1, 101))
    assert sb.percentile(values, 50) == 50 and sb.percentile(values, 99) == 99
    row = {"n": 1000, "build_s": 2.0, "per_s": 500.0, "ms_per_record": 2.0, "quads": 12345,
           "store_mb": 3.5, "peak_rss_mb": 200.0,
           "queries": {"q1.rq": {"rows": 3, "p50_ms": 1.0, "p99_ms": 2.0}}}
    text = sb.render([row, {**row, "n": 10000, "ms_per_record": 2.4}])
    assert "12,345" in text and "q1.rq" in text and "1.20x" in text
