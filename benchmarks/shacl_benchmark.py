"""The build's SHACL gate, this checkout against a baseline revision, in one run, on one store.

Exports the baseline revision (``git archive``) to a temporary folder and, in a fresh interpreter
per checkout and run (alternating baseline, ours, baseline, ...), opens the given store read-only
and runs the gate's checks (``merged_sources_shapes(whole_graph=False)``, as ``livertox-kg build``
does): once query by query (the time of each; the slowest are printed), then with
``check_store(..., jobs=J)`` for each J asked. Prints the number of violations and warnings each
found (they must agree), per-run figures and medians. Asserts nothing. Make a store first, e.g.:

    python benchmarks/synth_corpus.py 1500 /tmp/c --format txt
    livertox-kg build /tmp/c/txt --store /tmp/s/store --no-link --no-shacl
    python benchmarks/shacl_benchmark.py /tmp/s/store --baseline 01a2571 --repeat 2
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

RUN = """import json, sys, time
import pyoxigraph as ox
from livertox_kg.shacl_sparql import compile_shapes
from livertox_kg.shacl_store import _run, check_store, merged_sources_shapes
path, jobs = sys.argv[1], [int(j) for j in sys.argv[2].split(",")]
store = ox.Store.read_only(path)
t = time.perf_counter()
shapes = merged_sources_shapes(whole_graph=False)
checks = compile_shapes(shapes)
out = {"compile": time.perf_counter() - t, "checks": len(checks), "quads": len(store), "each": []}
for check in checks:
    t = time.perf_counter()
    found = len(_run(store, check))
    out["each"].append([time.perf_counter() - t, str(check.shape).rsplit("#", 1)[-1],
                        str(check.component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent"),
                        str(check.path), found])
for j in jobs:
    t = time.perf_counter()
    report = check_store(store, shapes, path=path, jobs=j)
    out[f"jobs {j}"] = time.perf_counter() - t
    out["found"] = [len(report.violations), len(report.warnings)]
print(json.dumps(out))
"""


def gate(checkout: Path, store: Path, jobs: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(checkout))
    out = subprocess.run([sys.executable, "-c", RUN, str(store), jobs], cwd=str(checkout), env=env,
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"the gate in {checkout} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("store", type=Path, help="a built store (opened read-only)")
    ap.add_argument("--baseline", required=True, help="git revision to compare with")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--jobs", default="1,2", help="process counts for check_store, comma-separated")
    ap.add_argument("--slowest", type=int, default=5, help="slowest checks to print per checkout")
    args = ap.parse_args()
    if not args.store.is_dir():
        raise SystemExit(f"{args.store}: no store there (build one first, see --help)")
    jobs = [int(j) for j in args.jobs.split(",")]
    tmp = Path(tempfile.mkdtemp(prefix="ltx-shaclbench-"))
    try:
        base = tmp / "baseline"
        base.mkdir()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", args.baseline], check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive.stdout, check=True)
        print(f"store {args.store}; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}; "
              f"baseline {args.baseline}")
        runs: dict[str, list[dict]] = {"baseline": [], "ours": []}
        for _ in range(args.repeat):
            for name, checkout in (("baseline", base), ("ours", REPO)):
                r = gate(checkout, args.store, args.jobs)
                runs[name].append(r)
                each = sum(e[0] for e in r["each"])
                print(f"  {name:8} {r['quads']} quads, {r['checks']} checks: compile {r['compile']:.2f} s, "
                      f"query by query {each:.2f} s, "
                      + ", ".join(f"jobs={j} {r[f'jobs {j}']:.2f} s" for j in jobs)
                      + f"; {r['found'][0]} violation(s), {r['found'][1]} warning(s)  (load {os.getloadavg()[0]:.1f})")
        for name, rs in runs.items():
            print(f"\nslowest checks, {name} (last run):")
            for t, shape, component, path, found in sorted(rs[-1]["each"], key=lambda e: -e[0])[:args.slowest]:
                print(f"  {t:6.3f} s  {component} {path} ({found} result(s))")
        if {tuple(r["found"]) for rs in runs.values() for r in rs} != {tuple(runs["ours"][0]["found"])}:
            print("\nTHE CHECKOUTS DISAGREE on the number of violations or warnings")
        print("\n| | checks | query by query (median) | " + " | ".join(f"jobs={j} (median)" for j in jobs) + " |")
        print("| --- | ---: | ---: | " + " | ".join("---:" for _ in jobs) + " |")
        for name, rs in runs.items():
            each = statistics.median(sum(e[0] for e in r["each"]) for r in rs)
            print(f"| {name} | {rs[0]['checks']} | {each:.2f} s | "
                  + " | ".join(f"{statistics.median(r[f'jobs {j}'] for r in rs):.2f} s" for j in jobs) + " |")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
