"""Shared helpers for the server tests: fixture stores, free ports, live gunicorn / oxigraph processes."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import requests

REPO = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).with_name("fixtures") / "server-sample.nq"
VENV_BIN = Path(sys.executable).parent
LTX = "https://w3id.org/livertox-kg/"
O = LTX + "ontology#"
PREFIXES = f"PREFIX ltx: <{O}>\nPREFIX drug: <{LTX}drug/>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def make_store(root: Path, build: str = "store-test-build-1", nq: Path = FIXTURE) -> Path:
    """Lay out var/ as the builder does: var/store -> store-<id> symlink plus var/store.nq."""
    var = root / "var"
    var.mkdir(parents=True, exist_ok=True)
    target = var / build
    store = ox.Store(str(target))
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    link = var / "store"
    if link.is_symlink():
        link.unlink()
    link.symlink_to(build)
    shutil.copy(nq, var / "store.nq")
    return link


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, tries: int = 300) -> None:
    """Poll ``url`` until the process answers (bounded number of tries, ~0.1 s apart)."""
    for _ in range(tries):
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode}")
        try:
            if requests.get(url, timeout=1).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


class Live:
    """A server process on loopback."""

    def __init__(self, proc: subprocess.Popen, port: int, log: Path):
        self.proc, self.port, self.log = proc, port, log
        self.url = f"http://127.0.0.1:{port}"


def start_server(args: list[str], log: Path, health: str = "/health", env: dict[str, str] | None = None) -> Live:
    port = free_port()
    extra = env or {}
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.update(extra)
    cmd = [sys.executable, "-m", "livertox_kg.cli", "serve", "--host", "127.0.0.1", "--port", str(port), *args]
    out = open(log, "wb")
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=str(REPO))
    live = Live(proc, port, log)
    try:
        wait_for(live.url + health, proc)
    except Exception:
        stop(proc)
        raise RuntimeError(log.read_text()[-3000:])
    return live


def start_oxigraph(nq: Path, root: Path) -> Live:
    """`oxigraph serve-read-only` with the union of named graphs as default graph, loaded from a dump."""
    exe = shutil.which("oxigraph", path=str(VENV_BIN)) or shutil.which("oxigraph")
    if not exe:
        raise RuntimeError("the oxigraph CLI is missing: pip install 'oxigraph==0.5.13' (the test extra; make test does it)")
    loc = root / "oxigraph-db"
    subprocess.run([exe, "load", "--location", str(loc), "--file", str(nq)], check=True, capture_output=True)
    port = free_port()
    log = root / "oxigraph.log"
    proc = subprocess.Popen([exe, "serve-read-only", "--location", str(loc), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph", "--timeout-s", "10"], stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    live = Live(proc, port, log)
    try:
        wait_for(live.url + "/query?query=ASK%7B%7D", proc)
    except Exception:
        stop(proc)
        raise
    return live


class SentQueries:
    """Watches the evaluator pool of this process (parent side): ``event`` is set once a query
    containing ``marker`` has been handed to an evaluator, and ``evaluator`` is the one it went to.
    Tests order events with it instead of sleeping and timing."""

    def __init__(self, monkeypatch, marker: str):
        import livertox_kg.server.evaluator as evaluator

        self.event = threading.Event()
        self.evaluator = None
        by_conn: dict[int, object] = {}
        real_acquire, real_send = evaluator.Pool._acquire, evaluator._send_msg

        def acquire(pool, deadline):
            ev = real_acquire(pool, deadline)
            by_conn[id(ev.conn)] = ev
            return ev

        def send(conn, obj):
            real_send(conn, obj)
            if isinstance(obj, dict) and marker in str(obj.get("query", "")):
                self.evaluator = by_conn.get(id(conn))
                self.event.set()

        monkeypatch.setattr(evaluator.Pool, "_acquire", acquire)
        monkeypatch.setattr(evaluator, "_send_msg", send)


def _proc_stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[0], int(fields[1])


def children_cpu(root: int) -> dict[int, float]:
    """CPU seconds used so far by each child process of ``root`` (e.g. gunicorn's workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == root:
                found[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    return found


def process_state(pid: int) -> str | None:
    """The one-letter state of a process (R, S, Z, ...), None once it is gone."""
    stat = _proc_stat(pid)
    return stat[0] if stat else None


def _running_thread(pid: int) -> bool:
    """Is any thread of ``pid`` running (state R)?"""
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return False
    for task in tasks:
        try:
            if task.joinpath("stat").read_text().rsplit(")", 1)[1].split()[0] == "R":
                return True
        except (OSError, IndexError):
            pass
    return False


def busy_evaluators(root: int) -> list[int]:
    """Processes under ``root`` that are running a query: evaluator processes (children of a
    multiprocessing forkserver), or gunicorn workers (children of ``root``) evaluating in-process."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _proc_stat(int(entry.name))):
            parents[int(entry.name)] = stat[1]
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)

    def forkserver(pid) -> bool:
        try:
            return b"forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return False

    return [pid for pid in tree - {root}
            if (forkserver(pid) and forkserver(parents.get(pid)) and process_state(pid) == "R")
            or (parents.get(pid) == root and not forkserver(pid) and _running_thread(pid))]


def wait_until(condition, what: str, tries: int = 600, pause: float = 0.05):
    """Poll ``condition`` (bounded); returns its first truthy value or fails naming ``what``."""
    for _ in range(tries):
        value = condition()
        if value:
            return value
        time.sleep(pause)
    raise AssertionError(f"never happened: {what}")
