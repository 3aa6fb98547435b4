"""A query whose client goes away is stopped: its evaluator process is killed, other clients are served.

Observed through the process table (/proc), not through elapsed time: the evaluator that was
burning CPU for the abandoned query is gone (or idle) a second after the client left.
"""

from __future__ import annotations

import os
import socket
import time
import urllib.parse
from pathlib import Path

import pytest
import requests

from server_support import SLOW_QUERY, make_store, start_server, stop

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, CPU ticks used) of a process, None once it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2:].split()
    return fields[0], int(fields[1]), int(fields[11]) + int(fields[12])


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = _stat(int(entry))
            if st is not None:
                children.setdefault(st[1], []).append(int(entry))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _cpu(pids: list[int]) -> dict[int, int]:
    return {pid: st[2] for pid in pids if (st := _stat(pid)) is not None}


def _busy(root: int, window: float = 0.5) -> int | None:
    """The descendant process that used the most CPU over ``window`` seconds (None if all idle)."""
    before = _cpu(_descendants(root))
    time.sleep(window)
    after = _cpu(list(before))
    used = {pid: after[pid] - before[pid] for pid in after}
    pid = max(used, key=used.get, default=None)
    # a few ticks are enough: on a shared machine the evaluator may get only part of a core
    return pid if pid is not None and used[pid] >= 3 else None


@pytest.fixture()
def server(tmp_path):
    link = make_store(tmp_path)
    live = start_server(["--store", str(link), "--workers", "1", "--evaluators", "2", "--timeout", "120"],
                        tmp_path / "server.log")
    yield live
    stop(live.proc)


def test_abandoned_query_is_killed_while_others_are_served(server):
    path = "/sparql?" + urllib.parse.urlencode({"query": SLOW_QUERY})
    client = socket.create_connection(("127.0.0.1", server.port))
    client.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n".encode())
    evaluator = None
    for _ in range(20):  # wait until an evaluator is burning CPU on it
        evaluator = _busy(server.proc.pid)
        if evaluator is not None:
            break
    assert evaluator is not None, "no evaluator picked up the slow query"

    # another client is served meanwhile, by the worker's other evaluator
    r = requests.get(server.url + "/sparql", params={"query": "SELECT ?s WHERE { ?s a ?c } LIMIT 3"}, timeout=30)
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 3
    assert _stat(evaluator) is not None and _stat(evaluator)[0] != "Z", "the slow query stopped on its own"

    client.close()  # the client leaves without an answer
    time.sleep(1.0)
    st = _stat(evaluator)
    if st is not None and st[0] != "Z":  # still there: it must at least have stopped computing
        before = st[2]
        time.sleep(0.5)
        after = _stat(evaluator)
        assert after is None or after[0] == "Z" or after[2] == before, "the evaluator still burns CPU"

    # the worker still answers, with a fresh evaluator, and counted the cancellation
    r = requests.get(server.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
    assert r.status_code == 200 and r.json()["boolean"] is True
    metrics = requests.get(server.url + "/metrics", timeout=30).text
    cancelled = [line for line in metrics.splitlines() if line.startswith("livertox_kg_queries_cancelled_total")]
    assert cancelled and float(cancelled[0].split()[-1]) >= 1
    assert "Traceback" not in server.log.read_text()


def test_client_that_stays_gets_its_answer(server):
    """Watching the socket does not disturb a client that keeps its connection open (keep-alive)."""
    with requests.Session() as session:
        for _ in range(3):
            r = session.get(server.url + "/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 5"},
                            timeout=30)
            assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 5
    metrics = requests.get(server.url + "/metrics", timeout=30).text
    assert "livertox_kg_queries_cancelled_total 0.0" in metrics
