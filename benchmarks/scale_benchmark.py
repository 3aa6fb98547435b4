"""Scale benchmark: synthetic corpus -> `livertox-kg build` -> store -> every queries/*.rq.

    python benchmarks/scale_benchmark.py [--sizes 1000,10000,100000] [--format nxml|txt]
        [--layout tar|dir] [--workdir DIR] [--repeats 20] [--build-args "--no-reasoner"]

For each size N: writes N synthetic monographs (benchmarks/synth_corpus.py), runs the build as a
subprocess (wall time, peak RSS of the build process tree via wait4), counts the store's quads,
measures its size on disk, then times every query in queries/ on the built store with pyoxigraph
(p50/p99 over --repeats runs, after one warm-up run). Prints one table; --json writes the numbers.
Targets (from the issue): 1,500 records < 10 s; 100,000 records < 10 min with peak RSS < 2 GB;
time per record at 100,000 <= 1.5x that at 1,000.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT))

import synth_corpus  # noqa: E402

BUILD_ENTRY = "import sys; from livertox_kg.cli import main; sys.exit(main())"


class BenchmarkError(RuntimeError):
    """The benchmark cannot run (no build command yet, build failed, ...)."""


def build_command(source: Path, store: Path, extra: list[str]) -> list[str]:
    """`livertox-kg build SOURCE --store DIR` through this interpreter (no install needed)."""
    try:
        import livertox_kg.cli as cli
    except ImportError as exc:
        raise BenchmarkError(f"the build command is not available yet (livertox_kg.cli: {exc})") from None
    if "build" not in getattr(cli.main, "commands", {}):
        raise BenchmarkError("livertox_kg.cli has no 'build' command yet")
    return [sys.executable, "-c", BUILD_ENTRY, "build", str(source), "--store", str(store),
            "--no-progress", *extra]


def run_measured(cmd: list[str], log: Path) -> tuple[float, int, int]:
    """Run cmd; return (wall seconds, peak RSS bytes of it and its waited-for children, exit code)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    with log.open("wb") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss * 1024, proc.returncode  # ru_maxrss is in KiB on Linux


def disk_size(path: Path) -> int:
    path = path.resolve()
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, math.ceil(q / 100 * len(sorted_values)) - 1))
    return sorted_values[k]


def time_queries(store_path: Path, queries: list[Path], repeats: int) -> dict[str, dict]:
    import pyoxigraph as ox

    from livertox_kg.querying import execute
    from livertox_kg.store import open_read_only

    store = open_read_only(store_path)
    out = {}
    for q in queries:
        sparql = q.read_text(encoding="utf-8")
        times, rows = [], 0
        try:
            for i in range(repeats + 1):
                t0 = time.perf_counter()
                result = execute(store, sparql)
                rows = 1 if isinstance(result, ox.QueryBoolean) else sum(1 for _ in result)
                if i:  # the first run warms caches
                    times.append(time.perf_counter() - t0)
        except Exception as exc:  # report and go on with the other queries
            out[q.name] = {"error": f"{type(exc).__name__}: {exc}"}
            continue
        times.sort()
        out[q.name] = {"rows": rows, "p50_ms": percentile(times, 50) * 1e3,
                       "p99_ms": percentile(times, 99) * 1e3}
    return out


def quad_count(store_path: Path) -> int:
    from livertox_kg.store import open_read_only

    return len(open_read_only(store_path))


def bench_size(n: int, args, workdir: Path, queries: list[Path]) -> dict:
    corpus_dir = workdir / f"corpus-{n}"
    t0 = time.perf_counter()
    if corpus_dir.exists():
        shutil.rmtree(corpus_dir)
    written = synth_corpus.write_corpus(n, corpus_dir, args.format, args.seed, args.layout == "tar")
    gen_s = time.perf_counter() - t0
    source = written[0]
    store = workdir / f"store-{n}" / "store"
    if store.parent.exists():
        shutil.rmtree(store.parent)
    store.parent.mkdir(parents=True)
    cmd = build_command(source, store, shlex.split(args.build_args))
    log = workdir / f"build-{n}.log"
    print(f"[{n}] corpus {gen_s:.1f} s; building: {shlex.join(cmd[3:])}", file=sys.stderr)
    wall, rss, code = run_measured(cmd, log)
    if code != 0:
        tail = log.read_text(errors="replace").strip().splitlines()[-15:]
        raise BenchmarkError(f"build of {n} records exited with {code}; see {log}:\n  " + "\n  ".join(tail))
    row = {"n": n, "corpus_s": gen_s, "build_s": wall, "per_s": n / wall, "ms_per_record": wall / n * 1e3,
           "peak_rss_mb": rss / 2**20, "quads": quad_count(store), "store_mb": disk_size(store) / 2**20,
           "queries": time_queries(store, queries, args.repeats) if queries else {}}
    if not args.keep:
        shutil.rmtree(corpus_dir, ignore_errors=True)
        shutil.rmtree(store.parent, ignore_errors=True)
    return row


def render(rows: list[dict]) -> str:
    head = f"{'N':>8} {'build s':>9} {'mono/s':>8} {'ms/rec':>7} {'quads':>11} {'store MB':>9} {'peak RSS MB':>12}"
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(f"{r['n']:>8} {r['build_s']:>9.1f} {r['per_s']:>8.0f} {r['ms_per_record']:>7.2f} "
                     f"{r['quads']:>11,} {r['store_mb']:>9.1f} {r['peak_rss_mb']:>12.0f}")
    names = sorted({q for r in rows for q in r["queries"]})
    if names:
        lines += ["", f"{'query':<36} " + " ".join(f"{'N=' + str(r['n']) + ' p50/p99 ms':>24}" for r in rows)]
        for q in names:
            cells = []
            for r in rows:
                m = r["queries"].get(q, {})
                cells.append(f"{'error':>24}" if "error" in m else f"{m.get('p50_ms', 0):>11.2f}/{m.get('p99_ms', 0):<12.2f}")
            lines.append(f"{q:<36} " + " ".join(cells))
    else:
        lines.append("(no queries/*.rq found: query latency not measured)")
    if len(rows) > 1:
        ratio = rows[-1]["ms_per_record"] / rows[0]["ms_per_record"]
        lines.append(f"\ntime per record at N={rows[-1]['n']} is {ratio:.2f}x that at N={rows[0]['n']} (target <= 1.5x)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="comma-separated corpus sizes")
    ap.add_argument("--format", choices=["nxml", "txt"], default="nxml")
    ap.add_argument("--layout", choices=["tar", "dir"], default="tar",
                    help="one streamed .tar.gz (like the NCBI archive) or a folder of files")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workdir", type=Path, default=None, help="default: a temporary folder")
    ap.add_argument("--queries", type=Path, default=ROOT / "queries")
    ap.add_argument("--repeats", type=int, default=20)
    ap.add_argument("--build-args", default="", help="extra arguments for `livertox-kg build`")
    ap.add_argument("--keep", action="store_true", help="keep corpora and stores")
    ap.add_argument("--json", type=Path, default=None, help="also write the numbers as JSON")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    queries = sorted(args.queries.glob("*.rq")) if args.queries.is_dir() else []
    # federated templates (SERVICE to public endpoints) are never run: no network here
    from livertox_kg.library import parse_query

    queries = [q for q in queries if not parse_query(q.read_text(encoding="utf-8"), q.stem, q).federated]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="livertox-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for n in sizes:
            rows.append(bench_size(n, args, workdir, queries))
            print(render(rows[-1:]), file=sys.stderr)
    except BenchmarkError as exc:
        print(f"scale_benchmark: {exc}", file=sys.stderr)
        return 2
    finally:
        if args.workdir is None and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(render(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
