"""Web tier benchmark: our endpoint under different HTTP servers vs `oxigraph serve-read-only`.

Loads one store from a dump (``--nq``, e.g. the ``var/store.nq`` of a 1,500-monograph build), then
serves it with `oxigraph serve-read-only --union-default-graph` and with our application under each
server named in ``--servers`` (``gunicorn``: ``livertox-kg serve``; ``granian``: the same WSGI app
under Granian), all with the same workers, evaluators and timeout, no response cache. With
``--baseline REV`` it also serves ``livertox-kg serve`` of that revision (exported with ``git
archive``), so that before and after are measured in the same run. Cheap queries
are driven by wrk (Debian's ``wrk``; 2 threads, ``--connections`` connections, ``--duration`` s,
a Lua script picking random drugs); queries slower than about 0.3 s are timed as alternating
sequential requests (median of ``--repeat``). Prints requests per second, the ratio to Oxigraph and
the geometric mean, and for the cheap queries the CPU time per request of each server's processes
(all of them, from /proc; less disturbed by a busy machine than requests per second); asserts nothing.

    python benchmarks/web_tier_benchmark.py --nq var/store.nq --servers gunicorn,granian
    python benchmarks/web_tier_benchmark.py --nq var/store.nq --baseline e34adc8
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from abandon_benchmark import tree_cpu  # noqa: E402
from endpoint_benchmark import checkout, free_port, stop, wait_http  # noqa: E402

BASE = "https://w3id.org/livertox-kg/"
JSON = "application/sparql-results+json"

CHEAP = {
    "per-drug lookup": "SELECT ?p ?o WHERE {{ <{drug}> ?p ?o }}",
    "label search": 'SELECT ?s ?l WHERE {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l '
                    'FILTER(CONTAINS(LCASE(STR(?l)), "{needle}")) }} LIMIT 50',
    "shared-neighbour join": "SELECT DISTINCT ?other WHERE {{ <{drug}> ?p ?x . ?other ?q ?x . "
                             "FILTER(?other != <{drug}> && isIRI(?x)) }} LIMIT 200",
}
HEAVY = {
    "predicate histogram": "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n)",
    "type counts": "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n)",
    "most-linked objects": "SELECT ?o (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?o)) } "
                           "GROUP BY ?o ORDER BY DESC(?n) LIMIT 20",
}


def drugs_of(nq: Path, limit: int = 2000) -> list[str]:
    pattern = re.compile(r"^<(" + re.escape(BASE) + r"drug/[^>]+)> <http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type> "
                         r"<" + re.escape(BASE) + r"ontology#Drug>")
    found: dict[str, None] = {}
    with open(nq, encoding="utf-8") as handle:
        for line in handle:
            m = pattern.match(line)
            if m:
                found[m.group(1)] = None
                if len(found) >= limit:
                    break
    return list(found)


def paths_for(name: str, path: str, drugs: list[str], rnd: random.Random, n: int = 500) -> list[str]:
    out = []
    for _ in range(n):
        drug = rnd.choice(drugs)
        needle = drug.rsplit("/", 1)[1][:3].lower()
        query = CHEAP[name].format(drug=drug, needle=needle)
        out.append(path + "?" + urllib.parse.urlencode({"query": query}))
    return out


LUA = """
local paths = {%s}
local n = #paths
math.randomseed(%d)
request = function()
  return wrk.format("GET", paths[math.random(n)], {["Accept"] = "%s"})
end
"""


def wrk(port: int, paths: list[str], threads: int, connections: int, duration: float, tmp: Path) -> tuple[float, int]:
    script = tmp / f"wrk-{port}.lua"
    script.write_text(LUA % (",".join('"%s"' % p for p in paths), 7, JSON))
    out = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration:g}s",
                          "-s", str(script), f"http://127.0.0.1:{port}"], capture_output=True, text=True, check=True)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out.stdout).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out.stdout)
    return rps, int(bad.group(1)) if bad else 0


def timed(port: int, path: str, query: str) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    t = time.perf_counter()
    conn.request("GET", path + "?" + urllib.parse.urlencode({"query": query}), headers={"Accept": JSON})
    r = conn.getresponse()
    r.read()
    elapsed = time.perf_counter() - t
    conn.close()
    if r.status != 200:
        raise RuntimeError(f"{r.status} from port {port}")
    return elapsed


def start_ours(kind: str, store: Path, port: int, args, tmp: Path, root: Path = REPO) -> subprocess.Popen:
    """Our server from ``root`` (this checkout, or a baseline's import root, run outside this checkout)."""
    env = dict(os.environ, PYTHONPATH=str(root))
    log = open(tmp / f"{kind}.log", "wb")
    cwd = REPO if root == REPO else tmp
    if kind in ("gunicorn", "baseline"):
        cmd = [sys.executable, "-m", "livertox_kg.cli", "serve", "--store", str(store), "--port", str(port),
               "--workers", str(args.workers), "--timeout", "120"]
    elif kind == "granian":
        cmd = [sys.executable, "-m", "livertox_kg.cli", "serve", "--store", str(store), "--port", str(port),
               "--workers", str(args.workers), "--timeout", "120", "--http-server", "granian"]
    else:
        raise SystemExit(f"unknown server {kind!r}: use gunicorn or granian")
    return subprocess.Popen(cmd, env=env, cwd=str(cwd), stdout=log, stderr=subprocess.STDOUT)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nq", type=Path, required=True, help="N-Quads dump to serve")
    ap.add_argument("--servers", default="gunicorn", help="comma-separated: gunicorn, granian")
    ap.add_argument("--baseline", default="", help="git revision also served (as `baseline`), e.g. the branch point")
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--duration", type=float, default=8.0)
    ap.add_argument("--repeat", type=int, default=5, help="sequential runs per heavy query and server")
    ap.add_argument("--only", default="", help="comma-separated query names to keep")
    args = ap.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    tmp = Path(tempfile.mkdtemp(prefix="ltx-webtier-"))
    procs = []
    try:
        store = tmp / "store"
        subprocess.run([exe, "load", "--location", str(store), "--file", str(args.nq)], check=True, capture_output=True)
        drugs = drugs_of(args.nq)
        print(f"data: {args.nq} ({sum(1 for _ in open(args.nq))} quads, {len(drugs)} drugs); "
              f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}")
        servers: dict[str, tuple[int, str]] = {}
        pids: dict[str, int] = {}
        port = free_port()
        oxi = subprocess.Popen([exe, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}",
                                "--union-default-graph"], stdout=open(tmp / "oxi.log", "wb"), stderr=subprocess.STDOUT)
        procs.append(oxi)
        wait_http(port, "/query?query=ASK%7B%7D", oxi)
        servers["oxigraph"] = (port, "/query")
        pids["oxigraph"] = oxi.pid
        kinds = [s for s in args.servers.split(",") if s] + (["baseline"] if args.baseline else [])
        for kind in kinds:
            port = free_port()
            root = checkout(args.baseline, tmp / "baseline") if kind == "baseline" else REPO
            proc = start_ours(kind, store, port, args, tmp, root)
            procs.append(proc)
            wait_http(port, "/health", proc)
            servers[kind] = (port, "/sparql")
            pids[kind] = proc.pid
        only = set(filter(None, args.only.split(",")))
        rows: dict[str, dict[str, float]] = {}
        cpu_ms: dict[str, dict[str, float]] = {}
        rnd = random.Random(11)
        for name in CHEAP:
            if only and name not in only:
                continue
            for server, (port, path) in servers.items():  # warm-up
                wrk(port, paths_for(name, path, drugs, random.Random(1), 50), 1, 2, 1.0, tmp)
            seed = rnd.random()  # one draw of queries for all servers: a label search's cost depends on its needle
            paths = {server: paths_for(name, path, drugs, random.Random(seed)) for server, (_, path) in servers.items()}
            for server, (port, _) in servers.items():
                before = tree_cpu(pids[server])
                rps, bad = wrk(port, paths[server], args.threads, args.connections, args.duration, tmp)
                cpu_ms.setdefault(name, {})[server] = 1000 * (tree_cpu(pids[server]) - before) / (rps * args.duration)
                rows.setdefault(name, {})[server] = rps
                if bad:
                    print(f"  warning: {server} answered {bad} requests of {name} with an error")
        for name, query in HEAVY.items():
            if only and name not in only:
                continue
            times: dict[str, list[float]] = {s: [] for s in servers}
            for _ in range(args.repeat):  # alternating, so drift in machine load hits all alike
                for server, (port, path) in servers.items():
                    times[server].append(timed(port, path, query))
            rows[name] = {s: 1 / statistics.median(t) for s, t in times.items()}
        ours = [s for s in servers if s != "oxigraph"]
        print("\n| query | oxigraph req/s | " + " | ".join(f"{s} req/s | {s} / oxigraph" for s in ours) + " |")
        print("| --- | ---: | " + " | ".join("---: | ---:" for _ in ours) + " |")
        for name, figures in rows.items():
            cells = [f"{figures[s]:.1f} | {figures[s] / figures['oxigraph']:.2f}x" for s in ours]
            print(f"| {name} | {figures['oxigraph']:.1f} | " + " | ".join(cells) + " |")
        for s in ours:
            ratios = [f[s] / f["oxigraph"] for f in rows.values()]
            print(f"geometric mean {s} / oxigraph: {math.exp(sum(map(math.log, ratios)) / len(ratios)):.2f}x")
        if cpu_ms:
            print("\nCPU ms per request, all processes of each server:\n")
            print("| query | " + " | ".join(servers) + " |")
            print("| --- | " + " | ".join("---:" for _ in servers) + " |")
            for name, figures in cpu_ms.items():
                print(f"| {name} | " + " | ".join(f"{figures[s]:.2f}" for s in servers) + " |")
        print(f"load average at the end: {os.getloadavg()[0]:.2f}")
        for proc in procs:
            if proc.poll() is not None:
                print(f"warning: a server exited during the run ({proc.args[:3]})")
    finally:
        for proc in procs:
            stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
