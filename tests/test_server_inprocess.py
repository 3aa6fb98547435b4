"""Queries evaluated in the gunicorn worker (server.inprocess): a stopped query ends its worker only.

The worker that evaluated a timed-out query answers it with 503 and is replaced by a new one; the
answers of the other requests it was serving go out complete first. Observed through the answers
and the process table, not through timings.
"""

from __future__ import annotations

import concurrent.futures as cf
import time
from pathlib import Path
import pytest
import requests

from server_support import PREFIXES, SLOW_QUERY, children_cpu, make_store, start_server, stop, wait_until

DRUGS = PREFIXES + "SELECT ?d ?label WHERE { ?d a ltx:Drug ; rdfs:label ?label } ORDER BY ?label"


def _workers(root: int) -> set[int]:
    return set(children_cpu(root))


@pytest.fixture()
def server(tmp_path):
    live = start_server(["--store", str(make_store(tmp_path)), "--workers", "1", "--timeout", "2"],
                        tmp_path / "server.log")
    yield live
    stop(live.proc)


def test_timeout_replaces_the_worker_and_lets_other_answers_out(server):
    before = _workers(server.proc.pid)
    assert len(before) == 1
    answers = []
    with cf.ThreadPoolExecutor(2) as ex:
        slow = ex.submit(requests.get, server.url + "/sparql", params={"query": SLOW_QUERY}, timeout=60)
        while not slow.done():  # small queries on new connections, some in flight when the worker ends
            try:
                r = requests.get(server.url + "/sparql", params={"query": DRUGS}, timeout=30,
                                 headers={"Connection": "close"})
            except requests.ConnectionError as e:  # refused or reset: never a cut-off answer
                assert "IncompleteRead" not in str(e) and "ChunkedEncodingError" not in str(e), e
                continue
            answers.append(r)
        r = slow.result()
    assert r.status_code == 503 and "2 s limit" in r.text and r.headers["Retry-After"] == "10"
    assert r.headers["Connection"] == "close"
    assert answers and all(a.status_code == 200 and len(a.json()["results"]["bindings"]) == 5 for a in answers)
    # the worker that ran it is gone, a new one serves
    after = wait_until(lambda: (w := _workers(server.proc.pid)) and w != before and w, "a new worker")
    assert not (after & before)
    assert requests.get(server.url + "/sparql", params={"query": DRUGS}, timeout=30).status_code == 200
    metrics = requests.get(server.url + "/metrics", timeout=30).text
    line = [m for m in metrics.splitlines() if m.startswith("livertox_kg_query_timeouts_total")]
    assert line and float(line[0].split()[-1]) >= 1
    assert '"GET /sparql?query=SELECT+%28COUNT' in server.log.read_text()  # its access log line, 503
    assert " 503 " in [l for l in server.log.read_text().splitlines() if "COUNT" in l and "GET" in l][0]
    assert "Traceback" not in server.log.read_text()


def test_large_answer_streams_from_the_worker(server):
    """An answer larger than one chunk streams (no Content-Length) and arrives whole."""
    q = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
    with requests.get(server.url + "/sparql", params={"query": q, "format": "csv"}, stream=True, timeout=60) as r:
        assert r.status_code == 200 and r.headers.get("Transfer-Encoding") == "chunked"
        body = b"".join(r.iter_content(65536))
    assert body.count(b"\r\n") == 88 * 88 + 1
    assert len(_workers(server.proc.pid)) == 1


def test_row_cap_and_store_swap_in_the_worker(tmp_path):
    """The row cap applies to answers evaluated in the worker, and a rebuilt store is reopened."""
    link = make_store(tmp_path)
    live = start_server(["--store", str(link), "--workers", "1", "--max-rows", "3"], tmp_path / "server.log")
    try:
        r = requests.get(live.url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=30)
        assert r.status_code == 200 and r.headers["X-Max-Rows"] == "3"
        assert len(r.json()["results"]["bindings"]) == 3
        q = PREFIXES + "SELECT ?l WHERE { drug:baclofen rdfs:label ?l }"
        r1 = requests.get(live.url + "/sparql", params={"query": q}, timeout=30)
        assert [b["l"]["value"] for b in r1.json()["results"]["bindings"]] == ["Baclofen"]
        nq = tmp_path / "v2.nq"
        text = (tmp_path / "var" / "store.nq").read_text()
        nq.write_text(text.replace('"Baclofen"@en', '"Baclofen (v2)"@en').replace('"test-build-1"', '"test-build-2"'))
        make_store(tmp_path, build="store-test-build-2", nq=nq)  # re-points var/store
        r2 = requests.get(live.url + "/sparql", params={"query": q}, timeout=30)
        assert [b["l"]["value"] for b in r2.json()["results"]["bindings"]] == ["Baclofen (v2)"]
        assert "test-build-2" in r2.headers["ETag"] and r1.headers["ETag"] != r2.headers["ETag"]
        assert not [pid for pid in children_cpu(live.proc.pid) if b"forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    finally:
        stop(live.proc)


def test_posted_queries_are_evaluated_in_the_worker(server):
    """Form and direct POSTs are answered by the worker too: a runaway one is stopped by its watchdog."""
    r = requests.post(server.url + "/sparql", data={"query": DRUGS}, timeout=30)
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 5
    before = _workers(server.proc.pid)
    r = requests.post(server.url + "/sparql", data=SLOW_QUERY.encode(), timeout=60,
                      headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 503 and "2 s limit" in r.text
    wait_until(lambda: _workers(server.proc.pid) and not (_workers(server.proc.pid) & before), "a new worker")
    r = requests.post(server.url + "/sparql", data=b"ASK { ?s ?p ?o }", timeout=30,
                      headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 200 and r.json()["boolean"] is True
    assert not [pid for pid in children_cpu(server.proc.pid) if b"forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes()]


@pytest.mark.parametrize("step", ["finish", "commit"])
def test_watchdog_ends_the_worker_when_the_stopped_request_comes_back(monkeypatch, step):
    """The request thread of a stopped query, back from the store (finish) or about to send (commit),
    must wait for the end without holding its job's lock: the watchdog's exit takes that lock to
    answer unanswered requests, and a held lock left the worker alive with no thread to end it
    (the arbiter then ran one worker short until its heartbeat timeout)."""
    import logging
    import os
    import threading

    from livertox_kg.server import inprocess

    exited, waiting, release = threading.Event(), threading.Event(), threading.Event()
    monkeypatch.setattr(os, "_exit", lambda code: exited.set())
    monkeypatch.setattr(logging, "shutdown", lambda: None)

    def wait_for_exit():
        waiting.set()
        release.wait(5)

    monkeypatch.setattr(inprocess, "wait_for_exit", wait_for_exit)
    wd = inprocess.Watchdog(None)
    job = None

    def on_stop(reason, answered, sent):  # the request thread returns while the watchdog records the stop
        threading.Thread(target=getattr(job, step), daemon=True).start()
        assert waiting.wait(5)

    job = inprocess.Job(time.monotonic() + 60, None, {}, ("timeout", {}), on_stop)
    wd.enter()
    wd.add(job)
    stopper = threading.Thread(target=wd.stop, args=(job, "gone"), daemon=True)
    stopper.start()
    try:
        assert exited.wait(2), "the watchdog never reached os._exit"
    finally:
        release.set()
        stopper.join(10)
