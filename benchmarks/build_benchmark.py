"""Build time of this checkout against a baseline revision, in one run, on the same corpus.

Writes N synthetic monographs (benchmarks/synth_corpus.py, text), exports the baseline revision
(``git archive``) to a temporary folder, and runs ``livertox-kg build`` of each checkout with the
same interpreter, alternating (baseline, ours cold, ours warm, baseline, ...), so drift in machine
load hits all. "cold" starts from an empty folder (no store, no extraction cache); "warm" rebuilds
the same corpus into the same folder right after, as after a change to the ontology, the shapes or
the RDF writer (the extraction cache is reused; the baseline has none). Prints per run: wall time,
CPU seconds (user + system, all processes of the build), peak RSS (largest process of that build)
and the build's own phase timings; then medians. Asserts nothing.

    python benchmarks/build_benchmark.py 1500 --baseline e34adc8 --repeat 2
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


# Runs one command and prints its descendants' resource use (each build gets its own figures: the
# peak RSS of RUSAGE_CHILDREN is a maximum over every child a process ever waited for).
WRAPPER = """import json, resource, subprocess, sys
out = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stdout.write(out.stdout); sys.stderr.write(out.stderr)
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.write("\\nRUSAGE " + json.dumps([ru.ru_utime + ru.ru_stime, ru.ru_maxrss]) + "\\n")
sys.exit(out.returncode)
"""


def build(checkout: Path, corpus: Path, work: Path, extra: list[str], fresh: bool = True) -> dict:
    store = work / "var" / "store"
    if fresh:
        shutil.rmtree(work, ignore_errors=True)
    env = dict(os.environ, PYTHONPATH=str(checkout))
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", WRAPPER, sys.executable, "-m", "livertox_kg.cli", "build", str(corpus),
                          "--store", str(store), "--no-progress", *extra],
                         cwd=str(checkout), env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if out.returncode != 0:
        raise SystemExit(f"build in {checkout} failed:\n{out.stderr[-3000:]}")
    cpu, maxrss = json.loads(re.search(r"RUSAGE (.*)", out.stderr).group(1))
    timings = re.search(r"timings \(s\): (.*)", out.stderr)
    quads = re.search(r"(\d+) quads", out.stdout + out.stderr)
    return {"wall": wall, "cpu": cpu, "rss_mib": maxrss / 1024, "timings": timings.group(1) if timings else "?",
            "quads": int(quads.group(1)) if quads else 0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="number of monographs")
    ap.add_argument("--baseline", required=True, help="git revision to compare with")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--build-args", default="", help="extra arguments for both builds")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="ltx-buildbench-"))
    try:
        corpus = tmp / "corpus"
        subprocess.run([sys.executable, str(REPO / "benchmarks" / "synth_corpus.py"), str(args.n), str(corpus),
                        "--format", "txt"], check=True, capture_output=True)
        base = tmp / "baseline"
        base.mkdir()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", args.baseline], check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive.stdout, check=True)
        print(f"{args.n} monographs; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}; "
              f"baseline {args.baseline}")
        runs: dict[str, list[dict]] = {"baseline": [], "ours cold": [], "ours warm": []}
        extra = args.build_args.split()
        for _ in range(args.repeat):
            for name, checkout, work, fresh in (("baseline", base, "work-baseline", True),
                                                ("ours cold", REPO, "work-ours", True),
                                                ("ours warm", REPO, "work-ours", False)):
                r = build(checkout, corpus / "txt", tmp / work, extra, fresh)
                runs[name].append(r)
                print(f"  {name:9} wall {r['wall']:6.1f} s  cpu {r['cpu']:6.1f} s  peak rss {r['rss_mib']:5.0f} MiB  "
                      f"{r['quads']} quads  [{r['timings']}]  (load {os.getloadavg()[0]:.1f})")
        print("\n| | wall (median) | CPU s (median) | monographs/s |")
        print("| --- | ---: | ---: | ---: |")
        for name, rs in runs.items():
            wall = statistics.median(r["wall"] for r in rs)
            print(f"| {name} | {wall:.1f} s | {statistics.median(r['cpu'] for r in rs):.1f} | {args.n / wall:.0f} |")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
