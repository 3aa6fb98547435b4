"""Endpoint benchmark: our server (gunicorn) vs `oxigraph serve-read-only` vs rdflib-endpoint.

Builds a store (from --nq, else a synthetic LiverTox-shaped dataset), starts the three servers on
loopback over the same data, drives each with the same requests at the same concurrency, and
prints throughput, p50/p99 latency and the ratios. Then streams a million-row result from our
server and reports the peak RSS of its processes. It prints figures; it asserts nothing.

    python benchmarks/endpoint_benchmark.py --drugs 2000 --workers 2 --concurrency 8 --duration 8
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing as mp
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from livertox_kg.namespaces import BASE, PREFIXES, sparql_prefixes  # noqa: E402
from livertox_kg.paths import QUERIES_DIR  # noqa: E402

O = PREFIXES["ltx"]
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


# --------------------------------------------------------------------------- data


def synthetic(path: Path, drugs: int, seed: int = 7) -> int:
    """LiverTox-shaped N-Quads: one graph per monograph, drugs, classes, targets, likelihood scores."""
    rnd = random.Random(seed)
    targets = [f"target-{i}" for i in range(max(10, drugs // 10))]
    classes = [f"class-{i}" for i in range(max(5, drugs // 40))]
    rels = ["agonistOf", "antagonistOf", "inhibitorOf", "modulatorOf"]
    n = 0
    with open(path, "w") as f:
        def q(s, p, o, g):
            nonlocal n
            f.write(f"{s} <{p}> {o} <{g}> .\n")
            n += 1
        for i in range(drugs):
            slug = f"drug-{i}"
            g = f"{BASE}graph/monograph/{slug}"
            d = f"<{BASE}drug/{slug}>"
            m = f"<{BASE}monograph/{slug}>"
            q(d, RDF_TYPE, f"<{O}Drug>", g)
            q(d, LABEL, f'"Drug {i}"@en', g)
            q(d, O + "likelihoodScore", f"<{BASE}likelihood/{rnd.choice('ABCDEX')}>", g)
            q(d, O + "memberOfClass", f"<{BASE}class/{rnd.choice(classes)}>", g)
            for _ in range(rnd.randint(1, 3)):
                t = rnd.choice(targets)
                q(d, O + rnd.choice(rels), f"<{BASE}target/{t}>", g)
                q(f"<{BASE}target/{t}>", LABEL, f'"Target {t}"@en', g)
                q(f"<{BASE}target/{t}>", RDF_TYPE, f"<{O}Target>", g)
            q(m, RDF_TYPE, f"<{O}Monograph>", g)
            q(m, O + "about", d, g)
            q(m, "http://purl.org/dc/terms/title", f'"Drug {i} monograph"@en', g)
            q(m, O + "caseCount", f'"{rnd.randint(0, 500)}"^^<http://www.w3.org/2001/XMLSchema#integer>', g)
            for k in range(rnd.randint(0, 4)):
                e = f"<{BASE}evidence/{slug}-{k}>"
                q(m, O + "hasEvidence", e, g)
                q(e, O + "text", f'"Case report {k} for drug {i}: liver injury with jaundice, recovered."@en', g)
        for c in classes:
            q(f"<{BASE}class/{c}>", RDF_TYPE, f"<{O}DrugClass>", f"{BASE}graph/ontology")
            q(f"<{BASE}class/{c}>", LABEL, f'"Class {c}"@en', f"{BASE}graph/ontology")
        bg = f"{BASE}graph/build"
        q(f"<{BASE}build/bench>", RDF_TYPE, "<http://www.w3.org/ns/prov#Activity>", bg)
        q(f"<{BASE}build/bench>", "http://purl.org/dc/terms/identifier", '"bench-1"', bg)
    return n


BUILTIN_MIX = {
    "drugs-by-likelihood": """SELECT ?d ?label WHERE { ?d ltx:likelihoodScore <%sA> ; rdfs:label ?label } ORDER BY ?label""" % (BASE + "likelihood/"),
    "count-per-class": """SELECT ?c (COUNT(?d) AS ?n) WHERE { ?d ltx:memberOfClass ?c } GROUP BY ?c ORDER BY DESC(?n)""",
    "targets-of-drug": """SELECT ?rel ?t ?tl WHERE { drug:drug-42 ?rel ?t . ?t a ltx:Target ; rdfs:label ?tl }""",
    "drugs-sharing-target": """SELECT DISTINCT ?other WHERE { drug:drug-7 ?r ?t . ?other ?r2 ?t . FILTER(?other != drug:drug-7) } LIMIT 50""",
    "ask": """ASK { ?d ltx:likelihoodScore <%sX> }""" % (BASE + "likelihood/"),
    "label-search": """SELECT ?d ?l WHERE { ?d a ltx:Drug ; rdfs:label ?l FILTER(CONTAINS(?l, "Drug 12")) } LIMIT 20""",
    "construct-monograph": """CONSTRUCT { ?m ?p ?o } WHERE { ?m ltx:about drug:drug-99 ; ?p ?o }""",
}


def query_mix(which: str = "library") -> dict[str, str]:
    """The query library (``queries/*.rq`` without the federated templates), else the built-in mix.

    Federated queries are left out: our endpoint refuses SERVICE by default and Oxigraph would call
    out to the internet, so neither answer is a measure of the server.
    """
    files = sorted(QUERIES_DIR.glob("*.rq")) if QUERIES_DIR.is_dir() and which == "library" else []
    mix = {f.stem: f.read_text() for f in files}
    mix = {k: q for k, q in mix.items() if "# federated: true" not in q and "SERVICE" not in q.upper()}
    return mix or {k: sparql_prefixes() + v for k, v in BUILTIN_MIX.items()}


# --------------------------------------------------------------------------- processes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(port: int, path: str, proc, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode})")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", path)
            if c.getresponse().status < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"port {port} did not answer")


PACKAGE_DIRS = ("server", "ontology", "queries", "data")  # pyproject's package-dir: livertox_kg.<name>


def checkout(rev: str, dest: Path) -> Path:
    """Export revision ``rev`` into ``dest`` and return a PYTHONPATH root that imports it whole.

    A plain export on PYTHONPATH is not enough: ``livertox_kg.server`` etc. are mapped folders, and
    the editable install's finder would supply them from this working tree. The root holds a copy
    of ``livertox_kg/`` with the mapped folders linked inside it, so every module comes from ``rev``.
    """
    src = dest / "src"
    src.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev], check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(src)], input=archive.stdout, check=True)
    root = dest / "py"
    shutil.copytree(src / "livertox_kg", root / "livertox_kg")
    for name in PACKAGE_DIRS:
        if (src / name).is_dir():
            (root / "livertox_kg" / name).symlink_to(src / name, target_is_directory=True)
    return root


def stop(proc) -> None:
    if proc and proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()


RDFLIB_APP = """
import sys, uvicorn
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint
ds = Dataset(default_union=True)
ds.parse(sys.argv[1], format="nquads")
app = SparqlEndpoint(graph=ds, path="/", cors_enabled=True)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


# --------------------------------------------------------------------------- load driver


def _client(args):
    port, path, requests_, accepts, concurrency, duration, out = args
    lat: list[float] = []
    errors = [0]
    stop_at = time.monotonic() + duration
    lock = threading.Lock()

    def loop(seed):
        rnd = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine = []
        while time.monotonic() < stop_at:
            i = rnd.randrange(len(requests_))
            url = path + "?query=" + urllib.parse.quote(requests_[i])
            t = time.perf_counter()
            try:
                conn.request("GET", url, headers={"Accept": accepts[i]})
                r = conn.getresponse()
                r.read()
                if r.status != 200:
                    errors[0] += 1
            except (OSError, http.client.HTTPException):
                errors[0] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            mine.append(time.perf_counter() - t)
        with lock:
            lat.extend(mine)

    threads = [threading.Thread(target=loop, args=(os.getpid() * 100 + k,)) for k in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.put((lat, errors[0]))


def drive(port: int, path: str, requests_: list[str], accepts: list[str], concurrency: int,
          duration: float, procs: int = 2) -> dict:
    """Closed-loop load from `procs` client processes, `concurrency` connections in total."""
    out = mp.Queue()
    per = [concurrency // procs + (1 if k < concurrency % procs else 0) for k in range(procs)]
    ps = [mp.Process(target=_client, args=((port, path, requests_, accepts, c, duration, out),))
          for c in per if c]
    t0 = time.perf_counter()
    for p in ps:
        p.start()
    lat, errors = [], 0
    for _ in ps:
        l_, e = out.get()
        lat += l_
        errors += e
    for p in ps:
        p.join()
    wall = time.perf_counter() - t0
    lat.sort()
    pct = (lambda q: 1000 * lat[min(len(lat) - 1, int(q * len(lat)))]) if lat else (lambda q: float("nan"))
    return {"n": len(lat), "rps": len(lat) / max(wall, duration), "p50": pct(0.5), "p99": pct(0.99), "errors": errors}


def peak_rss_tree(root_pid: int) -> dict[int, tuple[str, int]]:
    """VmHWM (peak RSS, KiB) of every descendant of root_pid, by pid."""
    children: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                stat = open(f"/proc/{d}/stat").read()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(d))
            except OSError:
                pass
    out, stack = {}, [root_pid]
    while stack:
        pid = stack.pop()
        try:
            status = open(f"/proc/{pid}/status").read()
            name = open(f"/proc/{pid}/cmdline").read().replace("\0", " ")[:60]
            hwm = int(next(l for l in status.splitlines() if l.startswith("VmHWM")).split()[1])
            out[pid] = (name, hwm)
        except (OSError, StopIteration):
            pass
        stack += children.get(pid, [])
    return out


# --------------------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nq", type=Path, help="N-Quads dump to serve (default: synthetic)")
    ap.add_argument("--drugs", type=int, default=2000, help="synthetic dataset size")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--duration", type=float, default=8.0, help="seconds per scenario")
    ap.add_argument("--rows", type=int, default=1_000_000, help="rows for the streaming test")
    ap.add_argument("--no-rdflib", action="store_true", help="skip rdflib-endpoint")
    ap.add_argument("--mix", choices=("library", "builtin"), default="library",
                    help="queries/*.rq (non-federated) or the built-in 7-query mix")
    ap.add_argument("--repeat", type=int, default=1, help="runs per scenario and server (median reported)")
    ap.add_argument("--cache-size", type=int, default=0,
                    help="also run our server with --cache-size N (reported as 'ours+cache')")
    ap.add_argument("--no-stream", action="store_true", help="skip the million-row streaming test")
    ap.add_argument("--only", default="", help="comma-separated names of mix queries to keep (default: all)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="ltx-bench-"))
    exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    procs = []
    try:
        nq = args.nq or tmp / "data.nq"
        n = synthetic(nq, args.drugs) if not args.nq else sum(1 for _ in open(nq))
        store = tmp / "store"
        t = time.perf_counter()
        subprocess.run([exe, "load", "--location", str(store), "--file", str(nq)], check=True, capture_output=True)
        print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
              f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
              f"Python {platform.python_version()}, {platform.platform()}")
        print(f"data: {n} quads ({'synthetic, %d drugs' % args.drugs if not args.nq else nq}), "
              f"loaded in {time.perf_counter() - t:.1f} s")

        env = dict(os.environ, PYTHONPATH=str(REPO))
        ours_port, oxi_port = free_port(), free_port()
        ours = subprocess.Popen([sys.executable, "-m", "livertox_kg.cli", "serve", "--store", str(store),
                                 "--port", str(ours_port), "--workers", str(args.workers), "--timeout", "120"],
                                env=env, cwd=str(REPO), stdout=open(tmp / "ours.log", "wb"), stderr=subprocess.STDOUT)
        procs.append(ours)
        if args.cache_size:
            cached_port = free_port()
            cached = subprocess.Popen([sys.executable, "-m", "livertox_kg.cli", "serve", "--store", str(store),
                                       "--port", str(cached_port), "--workers", str(args.workers), "--timeout", "120",
                                       "--cache-size", str(args.cache_size)],
                                      env=env, cwd=str(REPO), stdout=open(tmp / "cached.log", "wb"),
                                      stderr=subprocess.STDOUT)
            procs.append(cached)
            wait_http(cached_port, "/health", cached)
        oxi = subprocess.Popen([exe, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{oxi_port}",
                                "--union-default-graph"], stdout=open(tmp / "oxi.log", "wb"), stderr=subprocess.STDOUT)
        procs.append(oxi)
        wait_http(ours_port, "/health", ours)
        wait_http(oxi_port, "/query?query=ASK%7B%7D", oxi)
        servers = {"ours": (ours_port, "/sparql"), "oxigraph": (oxi_port, "/query")}
        if args.cache_size:
            servers["ours+cache"] = (cached_port, "/sparql")
        if not args.no_rdflib:
            try:
                import rdflib_endpoint  # noqa: F401

                rp = free_port()
                rdf = subprocess.Popen([sys.executable, "-c", RDFLIB_APP, str(nq), str(rp)],
                                       stdout=open(tmp / "rdflib.log", "wb"), stderr=subprocess.STDOUT)
                procs.append(rdf)
                wait_http(rp, "/?query=ASK%7B%7D", rdf, timeout=600)
                servers["rdflib-endpoint"] = (rp, "/")
            except ImportError:
                print("rdflib-endpoint not installed (pip install '.[bench]'): skipped")

        mix = query_mix(args.mix)
        if args.only:
            mix = {k: q for k, q in mix.items() if k in args.only.split(",")}
        mix_q = list(mix.values())
        mix_a = ["text/turtle" if _graph_query(q) else "application/sparql-results+json" for q in mix_q]
        drugs_q = [f"DESCRIBE <{BASE}drug/drug-{i}>" for i in range(args.drugs)]
        if args.nq:
            drugs_q = [f"DESCRIBE <{BASE}drug/{s}>" for s in _real_drugs(store)]
        drugs_a = ["text/turtle"] * len(drugs_q)
        scenarios = {"query mix (%d queries)" % len(mix_q): (mix_q, mix_a),
                     "per-drug DESCRIBE": (drugs_q, drugs_a)}

        # warm-up, so that no server pays for its first connections/evaluators in the figures
        for port, path in servers.values():
            drive(port, path, mix_q + drugs_q[:50], mix_a + drugs_a[:50], args.concurrency, 1.0)

        results: dict[str, dict[str, dict]] = {}
        for label, (qs, acc) in scenarios.items():
            runs: dict[str, list[dict]] = {name: [] for name in servers}
            for _ in range(args.repeat):  # interleaved, so a noisy neighbour hits every server alike
                for name, (port, path) in servers.items():
                    if name == "rdflib-endpoint" and runs[name]:
                        continue  # one run is enough for the slow reference
                    dur = args.duration if name != "rdflib-endpoint" else max(args.duration, 8.0)
                    runs[name].append(drive(port, path, qs, acc, args.concurrency, dur))
            results[label] = {name: sorted(rs, key=lambda r: r["rps"])[len(rs) // 2] for name, rs in runs.items()}

        print(f"\nconcurrency {args.concurrency}, our server: gunicorn {args.workers} workers x 4 threads, "
              f"{args.duration:g} s per scenario, median of {args.repeat} run(s)")
        print(f"{'scenario':34} {'server':16} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7}")
        if oxi.poll() is not None:
            print(f"WARNING: oxigraph exited ({oxi.returncode}) during the runs; its figures are not valid")
        for label, per in results.items():
            for name, r in per.items():
                print(f"{label:34} {name:16} {r['rps']:9.1f} {r['p50']:9.2f} {r['p99']:9.2f} {r['errors']:7d}")
            for ours_name in [n for n in ("ours", "ours+cache") if n in per]:
                o = per[ours_name]["rps"]
                print(f"{'':34} {ours_name}/oxigraph = {o / per['oxigraph']['rps']:.2f}x"
                      + (f", {ours_name}/rdflib-endpoint = {o / per['rdflib-endpoint']['rps']:.1f}x"
                         if "rdflib-endpoint" in per and per["rdflib-endpoint"]["rps"] else ""))

        # one query per mix entry, sequential latency (what a single researcher sees)
        print("\nper-query latency, sequential (ms, median of 5): ours / oxigraph")
        for name, q in mix.items():
            row = []
            for port, path in (servers["ours"], servers["oxigraph"]):
                ts = []
                for _ in range(5):
                    c = http.client.HTTPConnection("127.0.0.1", port)
                    t = time.perf_counter()
                    c.request("GET", path + "?query=" + urllib.parse.quote(q))
                    c.getresponse().read()
                    ts.append(1000 * (time.perf_counter() - t))
                row.append(sorted(ts)[2])
            print(f"  {name:28} {row[0]:8.2f} {row[1]:8.2f}")

        if args.no_stream:
            return
        # million-row streaming with peak RSS of our processes
        big = f"SELECT ?a ?b WHERE {{ ?a <{RDF_TYPE}> ?t . ?b <{LABEL}> ?l }} LIMIT {args.rows}"
        for fmt, accept in (("json", "application/sparql-results+json"), ("tsv", "text/tab-separated-values")):
            for name in ("ours", "oxigraph"):
                port, path = servers[name]
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
                t = time.perf_counter()
                c.request("GET", path + "?query=" + urllib.parse.quote(big), headers={"Accept": accept})
                r = c.getresponse()
                size = lines = 0
                while chunk := r.read(1 << 16):
                    size += len(chunk)
                    lines += chunk.count(b"\n")
                el = time.perf_counter() - t
                print(f"\nstream {args.rows} rows as {fmt} from {name}: {size / 2**20:.0f} MiB in {el:.1f} s "
                      f"({size / 2**20 / el:.0f} MiB/s), status {r.status}")
        tree = peak_rss_tree(ours.pid)
        print("peak RSS (VmHWM) of our server's processes after the streaming runs:")
        for pid, (name, hwm) in sorted(tree.items()):
            print(f"  {pid:7d} {hwm / 1024:7.1f} MiB  {name}")
        print(f"  max per process {max(h for _, h in tree.values()) / 1024:.1f} MiB, "
              f"total {sum(h for _, h in tree.values()) / 1024:.1f} MiB")
    finally:
        for p in procs:
            stop(p)
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"kept {tmp}")


def _graph_query(q: str) -> bool:
    """CONSTRUCT or DESCRIBE (answered in Turtle), judged on the text without comment lines."""
    text = " ".join(line for line in q.upper().splitlines() if not line.lstrip().startswith("#"))
    return ("CONSTRUCT" in text or "DESCRIBE" in text) and "SELECT" not in text


def _real_drugs(store: Path) -> list[str]:
    import pyoxigraph as ox

    s = ox.Store.read_only(str(store))
    q = f'SELECT DISTINCT ?d WHERE {{ GRAPH ?g {{ ?d ?p ?o }} FILTER(STRSTARTS(STR(?d), "{BASE}drug/")) }}'
    return [r["d"].value[len(BASE) + 5:] for r in s.query(q)]


if __name__ == "__main__":
    main()
