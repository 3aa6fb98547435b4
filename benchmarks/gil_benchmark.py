"""Does pyoxigraph hold the GIL while it evaluates? A ticker thread tells.

The web workers evaluate queries in the request's thread and rely on a watchdog thread of the same
process to stop a query past its deadline (``server/inprocess.py``); that works only if evaluation
lets other Python threads run. This script fills an in-memory store with ``--triples`` synthetic
triples, runs slow queries in the main thread (the eager ``query()`` of an aggregate; iterating a
large result; serialising it into a Python file object and into bytes), while a second thread
sleeps 1 ms in a loop. It prints each phase's time, the ticker's longest gap and its tick count:
a thread that held the GIL throughout would leave the ticker at one tick and a gap as long as the
phase. Prints figures; asserts nothing.

    python benchmarks/gil_benchmark.py --triples 200000
"""

from __future__ import annotations

import argparse
import io
import threading
import time

import pyoxigraph as ox

EX = "http://example.org/"
AGGREGATE = "SELECT ?o (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?s2 ?p2 ?o } GROUP BY ?o"
LARGE = "SELECT ?s ?o WHERE { ?s ?p ?o . ?s2 ?p ?o }"


def ticker(stop: threading.Event, out: list) -> None:
    gaps, last = [], time.perf_counter()
    while not stop.is_set():
        time.sleep(0.001)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    out.extend([max(gaps, default=0.0), len(gaps)])


def phase(label: str, work) -> None:
    stop, out = threading.Event(), []
    thread = threading.Thread(target=ticker, args=(stop, out), daemon=True)
    thread.start()
    started = time.perf_counter()
    try:
        work()
    finally:
        elapsed = time.perf_counter() - started
        stop.set()
        thread.join()
    print(f"| {label} | {elapsed:.1f} s | {1000 * out[0]:.1f} ms | {out[1]:,} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--triples", type=int, default=200_000)
    args = ap.parse_args()
    store = ox.Store()
    store.bulk_extend(ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p{i % 7}"),
                              ox.NamedNode(f"{EX}o{i % 1000}"), ox.NamedNode(f"{EX}g{i % 5}"))
                      for i in range(args.triples))

    def query(text):
        return store.query(text, use_default_graph_as_union=True)

    print("| main thread | time | ticker's longest gap | ticks |")
    print("| --- | ---: | ---: | ---: |")
    phase("`query()` of a GROUP BY (evaluated eagerly)", lambda: query(AGGREGATE))
    phase("iterating a large result", lambda: sum(1 for _ in query(LARGE)))
    phase("serialising it into a Python file object", lambda: query(LARGE).serialize(io.BytesIO(), ox.QueryResultsFormat.JSON))
    phase("serialising it into bytes", lambda: query(LARGE).serialize(None, ox.QueryResultsFormat.JSON))


if __name__ == "__main__":
    main()
