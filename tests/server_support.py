"""Shared helpers for the server tests: fixture stores, free ports, live gunicorn / oxigraph processes."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

REPO = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).with_name("fixtures") / "server-sample.nq"
VENV_BIN = Path(sys.executable).parent
LTX = "https://w3id.org/livertox-kg/"
O = LTX + "ontology#"
PREFIXES = f"PREFIX ltx: <{O}>\nPREFIX drug: <{LTX}drug/>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def make_store(root: Path, build: str = "store-test-build-1", nq: Path = FIXTURE) -> Path:
    """Lay out var/ as the builder does: var/store -> store-<id> symlink plus var/livertox-kg.nq."""
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
    shutil.copy(nq, var / "livertox-kg.nq")
    return link


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
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


def start_server(args: list[str], log: Path, health: str = "/health") -> Live:
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
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
        pytest.skip("oxigraph CLI not installed")
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
