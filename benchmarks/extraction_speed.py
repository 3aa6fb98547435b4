"""Time the fact extractor per record (one process, as one build worker runs it).

    PYTHONPATH=. python benchmarks/extraction_speed.py                       # the corpora and the seed
    PYTHONPATH=. python benchmarks/extraction_speed.py DIR_OR_FILE ... [--repeat N]

Prints the one-off cost of loading the spaCy pipeline, then per-record extraction time (mean,
median, 95th percentile, max) and how many sentences each record sent to the parser. Records are
read before the clock starts (reading is the build's other phase). The parser cache is cleared
between repeats, so every repeat parses every sentence again.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from livertox_kg.extraction import extract
from livertox_kg.extraction import parse as parse_mod
from livertox_kg.text_reader import read_path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [ROOT / "tests" / "corpus", ROOT / "tests" / "corpus-heldout", ROOT / "tests" / "corpus-pages",
           ROOT / "data" / "monographs"]


def files(paths: list[Path]) -> list[Path]:
    out = []
    for p in paths:
        if p.is_dir():
            out += sorted(p.rglob("*.txt"))
        elif p.exists():
            out.append(p)
    return [f for f in out if f.name.lower() != "readme.txt"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    todo = files(args.paths or DEFAULT)
    if not todo:
        print("no .txt records under " + ", ".join(map(str, args.paths)), file=sys.stderr)
        return 2
    monographs = [read_path(f) for f in todo]
    t0 = time.perf_counter()
    parse_mod.nlp()
    load = time.perf_counter() - t0
    times, parses = [], []
    for _ in range(args.repeat):
        parse_mod.parse.cache_clear()
        for mono in monographs:
            before = parse_mod.parse.cache_info().currsize
            t = time.perf_counter()
            extract(mono)
            times.append(time.perf_counter() - t)
            parses.append(parse_mod.parse.cache_info().currsize - before)
    times.sort()
    ms = [1000 * t for t in times]
    print(f"records: {len(monographs)} x {args.repeat} repeats; spaCy model load (once per process): {load:.2f} s")
    print(f"per record: mean {statistics.mean(ms):.1f} ms, median {statistics.median(ms):.1f} ms, "
          f"p95 {ms[int(0.95 * (len(ms) - 1))]:.1f} ms, max {ms[-1]:.1f} ms")
    print(f"sentences parsed per record: mean {statistics.mean(parses):.1f}, max {max(parses)}")
    print(f"projected for 1,500 records in one process: {load + 1.5 * statistics.mean(ms):.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
