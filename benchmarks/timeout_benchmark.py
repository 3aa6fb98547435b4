"""Timeout benchmark: how fast other queries are answered while a runaway query runs, and how soon
after its deadline the runaway is stopped. These are the timings the tests no longer assert (the
tests prove the order of events instead); this script prints them and asserts nothing.

It starts `livertox-kg serve` (gunicorn) on a loopback port over the tests' fixture store, sends one
query that would run for hours, then a series of small queries while it runs, and reports:

- latency of the small queries while the runaway holds an evaluator (p50, max);
- the runaway's total time against the --timeout it was given (the overshoot is the kill cost);
- with ``--respawn N``: N more runaways, each followed at once by small queries until one is
  answered; with ``--workers 1`` that time is the worker's replacement (the worker that evaluated
  the runaway ends, and gunicorn forks a new one), and the new worker's CPU time until then.

    python benchmarks/timeout_benchmark.py --timeout 2 --fast 20
    python benchmarks/timeout_benchmark.py --timeout 1 --fast 0 --workers 1 --respawn 5
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

import requests  # noqa: E402

from server_support import PREFIXES, SLOW_QUERY, busy_evaluators, children_cpu, make_store, start_server, stop, wait_until  # noqa: E402

FAST = PREFIXES + "SELECT ?d ?label WHERE { ?d a ltx:Drug ; rdfs:label ?label } ORDER BY ?label"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=2.0, help="server query timeout (s)")
    parser.add_argument("--fast", type=int, default=20, help="small queries sent while the runaway runs")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--respawn", type=int, default=0, help="runaways whose worker replacement is timed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="timeout-bench-") as tmp:
        root = Path(tmp)
        server = start_server(["--store", str(make_store(root)), "--workers", str(args.workers),
                               "--timeout", f"{args.timeout:g}"], root / "server.log")
        try:
            for _ in range(8 * args.workers):  # warm up every worker (each starts its evaluators on first use)
                requests.get(server.url + "/sparql", params={"query": FAST}, headers={"Connection": "close"},
                             timeout=30)
            with cf.ThreadPoolExecutor(2) as ex:
                started = time.perf_counter()
                slow = ex.submit(requests.get, server.url + "/sparql", params={"query": SLOW_QUERY}, timeout=600)
                wait_until(lambda: busy_evaluators(server.proc.pid) or slow.done(), "the runaway query running")
                latencies = []
                for _ in range(args.fast):
                    if slow.done():
                        break
                    t = time.perf_counter()
                    r = requests.get(server.url + "/sparql", params={"query": FAST}, timeout=30)
                    latencies.append(time.perf_counter() - t)
                    assert r.status_code == 200, r.text
                overlapped = len(latencies)
                response = slow.result()
                total = time.perf_counter() - started
            respawns = [respawn(server) for _ in range(args.respawn)]
        finally:
            stop(server.proc)
    print(f"runaway query: HTTP {response.status_code} after {total:.2f} s "
          f"(timeout {args.timeout:g} s, overshoot {total - args.timeout:+.2f} s)")
    if latencies:
        print(f"small queries answered while it ran: {overlapped}; latency p50 {1000 * statistics.median(latencies):.1f} ms, "
              f"max {1000 * max(latencies):.1f} ms")
    if respawns:
        waits, cpus = zip(*respawns)
        print(f"after a runaway's 503, the next answer came in: median {1000 * statistics.median(waits):.0f} ms "
              f"(min {1000 * min(waits):.0f}, max {1000 * max(waits):.0f}, {len(waits)} runs); CPU of the worker "
              f"that answered, until then: median {1000 * statistics.median(cpus):.0f} ms")


def respawn(server) -> tuple[float, float]:
    """Send a runaway, wait for its 503, then time small queries until one is answered."""
    r = requests.get(server.url + "/sparql", params={"query": SLOW_QUERY}, timeout=600)
    assert r.status_code == 503, r.text
    t = time.perf_counter()
    while True:
        try:
            ok = requests.get(server.url + "/sparql", params={"query": "ASK {}"}, headers={"Connection": "close"},
                              timeout=30).status_code == 200
        except requests.ConnectionError:
            ok = False
        if ok:
            wait = time.perf_counter() - t
            break
    newest = max(children_cpu(server.proc.pid).items())  # the highest pid: the replacement (pids grow)
    return wait, newest[1]


if __name__ == "__main__":
    main()
