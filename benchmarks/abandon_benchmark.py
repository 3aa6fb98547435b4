"""CPU spent on a query after its client gave up: this checkout against a baseline revision.

Starts ``livertox-kg serve`` from each checkout (the baseline exported with ``git archive``) on
the same store, sends a heavy query with a client that leaves after ``--leave`` seconds (like
``curl -m 1``), then reads the CPU seconds the server's processes use over the next ``--watch``
seconds from /proc. Prints the figures side by side; asserts nothing.

    python benchmarks/abandon_benchmark.py --store var/store --baseline 38d5288
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from endpoint_benchmark import checkout, free_port, stop, wait_http  # noqa: E402

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TICKS = os.sysconf("SC_CLK_TCK")


def tree_cpu(root: int) -> float:
    """CPU seconds used so far by ``root`` and its descendants, including those already reaped
    (a process's reaped children are in its cutime/cstime: a killed process still counts)."""
    children: dict[int, list[int]] = {}
    ticks: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            raw = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(entry))
        ticks[int(entry)] = sum(int(f) for f in fields[11:15])
    total, todo = ticks.get(root, 0), [root]
    while todo:
        for child in children.get(todo.pop(), []):
            total += ticks.get(child, 0)
            todo.append(child)
    return total / TICKS


def measure(root: Path, store: str, leave: float, watch: float, log: Path) -> float:
    """CPU seconds of the server from import root ``root`` in the ``watch`` s after its client left."""
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(root))
    proc = subprocess.Popen([sys.executable, "-m", "livertox_kg.cli", "serve", "--store", store, "--port", str(port),
                             "--workers", "2", "--timeout", "60"], cwd=str(REPO if root == REPO else log.parent), env=env,
                            stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    try:
        wait_http(port, "/health", proc)
        client = socket.create_connection(("127.0.0.1", port))
        path = "/sparql?" + urllib.parse.urlencode({"query": HEAVY})
        client.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        time.sleep(leave)
        client.close()
        before = tree_cpu(proc.pid)
        time.sleep(watch)
        return tree_cpu(proc.pid) - before
    finally:
        stop(proc)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", required=True)
    ap.add_argument("--baseline", required=True)
    ap.add_argument("--leave", type=float, default=1.0)
    ap.add_argument("--watch", type=float, default=5.0)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="ltx-abandon-"))
    try:
        base = checkout(args.baseline, tmp / "baseline")
        store = os.path.abspath(args.store)
        print(f"client leaves after {args.leave:g} s; CPU seconds of the server in the {args.watch:g} s after "
              f"(load average {os.getloadavg()[0]:.1f})")
        for name, root in (("baseline", base), ("ours", REPO)):
            print(f"  {name:8} {measure(root, store, args.leave, args.watch, tmp / f'{name}.log'):.2f} CPU s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
