"""The server when things go wrong: a timed-out update rolled back, every evaluator busy, an evaluator
crashing, a client leaving mid-stream, a remote backend that never answers; plus what is refused
(using-graph-uri) and the ETag/304 of the Service Description and VoID. Concurrency is shown by the
order of events (the slow query handed to an evaluator; the other answer in while it still runs)."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time

import pytest

from livertox_kg.server import ServerConfig, create_app
from server_support import LTX, PREFIXES, SLOW_QUERY, SentQueries, make_store, process_state

G = LTX + "graph/monograph/baclofen"
UPDATE = {"Content-Type": "application/sparql-update", "Authorization": "Bearer tok"}
# an update whose WHERE runs for long and keeps no rows (the FILTER needs every variable)
SLOW_UPDATE = (
    f'INSERT DATA {{ GRAPH <{G}> {{ <urn:x:a> <urn:x:p> "marker" }} }} ;\n'
    f"INSERT {{ GRAPH <{G}> {{ ?a <urn:x:q> ?o }} }} WHERE {{ GRAPH ?g1 {{ ?a ?b ?c }} GRAPH ?g2 {{ ?d ?e ?f }}"
    " GRAPH ?g3 { ?g ?h ?i } GRAPH ?g4 { ?j ?k ?l } GRAPH ?g5 { ?m ?n ?o }"
    ' FILTER(CONCAT(STR(?c), STR(?f), STR(?i), STR(?l), STR(?o)) = "never") }'
)
MARKER = 'ASK { ?s <urn:x:p> "marker" }'


def boolean(response) -> bool:
    assert response.status_code == 200, response.data
    return response.json["boolean"]


def in_background(fn):
    """Run ``fn`` in a thread; returns (thread, result dict, event set when it returned)."""
    result: dict = {}
    done = threading.Event()

    def run():
        try:
            result["value"] = fn()
        finally:
            done.set()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result, done


@pytest.fixture()
def store(tmp_path):
    return make_store(tmp_path)


def test_timed_out_update_is_rolled_back(store):
    app = create_app(ServerConfig(store=str(store), update_token="tok", timeout=2))
    c = app.test_client()
    try:
        count = c.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"}).json
        r = c.post("/update", data=SLOW_UPDATE.encode(), headers=UPDATE)
        assert r.status_code == 503, r.data
        assert "the update exceeded the 2 s limit and was stopped (rolled back)" in r.get_data(as_text=True)
        # the first operation of the request (INSERT DATA) is gone too: one transaction, not committed
        assert boolean(c.get("/sparql", query_string={"query": MARKER})) is False
        again = c.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"}).json
        assert again == count
        # the killed writer released the store: the next update is applied
        ok = f'INSERT DATA {{ GRAPH <{G}> {{ <urn:x:a> <urn:x:p> "marker" }} }}'
        assert c.post("/update", data=ok.encode(), headers=UPDATE).status_code == 204
        assert boolean(c.get("/sparql", query_string={"query": MARKER})) is True
    finally:
        app.extensions["livertox"].pool.close()


def test_using_graph_uri_is_refused(store):
    app = create_app(ServerConfig(store=str(store), update_token="tok"))
    c = app.test_client()
    ins = f'INSERT {{ GRAPH <{G}> {{ <urn:x:a> <urn:x:p> "marker" }} }} WHERE {{ ?s ?p ?o }}'
    for param in ("using-graph-uri", "using-named-graph-uri"):
        r = c.post("/update", query_string={param: G}, data=ins.encode(), headers=UPDATE)
        assert r.status_code == 400, (param, r.data)
        assert "not supported; use USING in the update" in r.get_data(as_text=True)
        r = c.post("/update", data={"update": ins, param: G}, headers={"Authorization": "Bearer tok"})
        assert r.status_code == 400, (param, r.data)
    assert boolean(c.get("/sparql", query_string={"query": MARKER})) is False
    app.extensions["livertox"].pool.close()


def test_all_evaluators_busy_is_503(store, monkeypatch):
    slow_sent = SentQueries(monkeypatch, SLOW_QUERY)
    app = create_app(ServerConfig(store=str(store), timeout=4, evaluators=1))
    st = app.extensions["livertox"]
    c = app.test_client()
    assert c.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
    thread, result, slow_done = in_background(
        lambda: app.test_client().get("/sparql", query_string={"query": SLOW_QUERY}))
    assert slow_sent.event.wait(30), "the slow query never reached the evaluator"
    # the next request waits for a free evaluator only until its own (here short) deadline
    monkeypatch.setattr(st, "deadline", lambda factor=1.0: time.monotonic() + 0.3 * factor)
    busy = c.get("/sparql", query_string={"query": PREFIXES + "SELECT ?d { ?d a ltx:Drug }"})
    assert not slow_done.is_set(), "the slow query should still hold the only evaluator"
    assert busy.status_code == 503 and "all evaluators are busy" in busy.get_data(as_text=True)
    assert busy.headers["Retry-After"] == "10"
    thread.join(30)
    assert result["value"].status_code == 503
    monkeypatch.undo()
    assert c.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200  # the slot came back
    st.pool.close()


def test_evaluator_crash_is_500_and_the_next_query_is_served(store, monkeypatch):
    slow_sent = SentQueries(monkeypatch, SLOW_QUERY)
    app = create_app(ServerConfig(store=str(store), timeout=60, evaluators=1))
    c = app.test_client()
    thread, result, _ = in_background(lambda: app.test_client().get("/sparql", query_string={"query": SLOW_QUERY}))
    assert slow_sent.event.wait(30)
    os.kill(slow_sent.evaluator.proc.pid, signal.SIGKILL)
    thread.join(30)
    r = result["value"]
    assert r.status_code == 500 and "the evaluator process died" in r.get_data(as_text=True)
    assert c.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
    app.extensions["livertox"].pool.close()


def test_client_leaving_mid_stream_frees_the_evaluator(store, monkeypatch):
    many = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"  # 88 * 88 rows: several pipe chunks
    sent = SentQueries(monkeypatch, many)
    app = create_app(ServerConfig(store=str(store), timeout=60, evaluators=1))
    pool = app.extensions["livertox"].pool
    c = app.test_client()
    r = c.get("/sparql", query_string={"query": many}, buffered=False)
    assert r.status_code == 200 and r.is_streamed
    first = next(iter(r.response))
    assert first.startswith(b'{"head"')
    pid = sent.evaluator.proc.pid
    r.close()  # the client goes away after one chunk
    assert pool.last_killed_pid == pid  # a half-read evaluator is never reused ...
    assert process_state(pid) in (None, "Z", "X")  # ... it is stopped
    # the only evaluator slot was given back: the next (complete) answer is served
    again = c.get("/sparql", query_string={"query": many + " LIMIT 3"})
    assert again.status_code == 200 and len(again.json["results"]["bindings"]) == 3
    pool.close()


def test_remote_backend_that_never_answers_is_503():
    with socket.socket() as silent:  # accepts connections (kernel backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        app = create_app(ServerConfig(store=None, backend=url, timeout=1))
        c = app.test_client()
        r = c.get("/sparql", query_string={"query": "ASK {}"})
        assert r.status_code == 503, r.data
        assert "exceeded the 1 s limit and was stopped" in r.get_data(as_text=True)
        assert c.get("/health").status_code == 200  # the endpoint itself stays up
        assert app.extensions["livertox"].pool.killed >= 1
        app.extensions["livertox"].pool.close()


# -- ETag/304 of the self-description documents ----------------------------------------------------


@pytest.mark.parametrize("path", ["/sparql", "/.well-known/void"])
def test_self_description_etag_and_304(tmp_path, path):
    link = make_store(tmp_path)
    app = create_app(ServerConfig(store=str(link)))
    c = app.test_client()
    first = c.get(path, headers={"Accept": "text/turtle"})
    etag = first.headers["ETag"]
    assert first.status_code == 200 and "test-build-1" in etag and first.headers["Vary"] == "Accept"
    again = c.get(path, headers={"Accept": "text/turtle", "If-None-Match": etag})
    assert again.status_code == 304 and not again.data and again.headers["ETag"] == etag
    other = c.get(path, headers={"Accept": "application/ld+json", "If-None-Match": etag})
    assert other.status_code == 200 and other.headers["ETag"] != etag  # another document, another ETag
    assert c.get(path, headers={"Accept": "text/turtle", "If-None-Match": 'W/"other"'}).status_code == 200
    # a new build: the old ETag no longer matches and the document is sent again
    nq = tmp_path / "v2.nq"
    nq.write_text((tmp_path / "var" / "store.nq").read_text().replace('"test-build-1"', '"test-build-2"'))
    make_store(tmp_path, build="store-test-build-2", nq=nq)
    fresh = c.get(path, headers={"Accept": "text/turtle", "If-None-Match": etag})
    assert fresh.status_code == 200 and "test-build-2" in fresh.headers["ETag"]
    app.extensions["livertox"].pool.close()


# -- dereferencing what the build mints besides drugs: /dataset, evidence, build, graph, software ------


@pytest.fixture(scope="module")
def built_client(built_store):
    app = create_app(ServerConfig(store=str(built_store)))
    yield app.test_client()
    app.extensions["livertox"].pool.close()


def _one(client, query: str) -> str:
    r = client.get("/sparql", query_string={"query": PREFIXES + query})
    bindings = r.json["results"]["bindings"]
    assert bindings, query
    return bindings[0]["x"]["value"]


def test_dataset_iri(built_client):
    r = built_client.get("/dataset", headers={"Accept": "text/turtle"})
    assert r.status_code == 303 and r.headers["Location"].endswith("/.well-known/void") and r.headers["Vary"] == "Accept"
    r = built_client.get("/dataset", headers={"Accept": "text/html"})
    assert r.status_code == 303 and r.headers["Location"].endswith("/drugs")
    void = built_client.get("/.well-known/void")
    assert f"<{LTX}dataset>" in void.get_data(as_text=True)  # the IRI VoID describes is the one served


@pytest.mark.parametrize("kind,query", [
    ("evidence", "SELECT ?x { ?x a ltx:Evidence ; rdf:subject drug:baclofen } LIMIT 1"),
    ("build", "SELECT ?x { ?x a ltx:Build } LIMIT 1"),
    ("software", "SELECT ?x { ?b a ltx:Build ; prov:wasAssociatedWith ?x } LIMIT 1"),
    # a graph name is described in graph/build (sd:NamedGraph), so it dereferences like any other IRI
    ("graph", "SELECT ?x { GRAPH ?x { drug:baclofen ltx:likelihoodScore ?s } } LIMIT 1"),
    ("shared-graph", "SELECT ?x { GRAPH ?x { drug:baclofen rdfs:label ?l } } LIMIT 1"),
])
def test_minted_iri_dereferences(built_client, kind, query):
    base = LTX
    pre = "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\nPREFIX prov: <http://www.w3.org/ns/prov#>\n"
    iri = _one(built_client, pre + query)
    assert iri.startswith(base), iri
    path = "/" + iri[len(base):]
    r = built_client.get(path, headers={"Accept": "text/turtle"})
    assert r.status_code == 303, (kind, path, r.status_code)
    doc = built_client.get(r.headers["Location"])
    assert doc.status_code == 200 and doc.mimetype == "text/turtle"
    import pyoxigraph as ox

    triples = list(ox.parse(doc.data, ox.RdfFormat.TURTLE))
    node = ox.NamedNode(iri)
    assert any(t.subject == node or t.object == node for t in triples), (kind, iri)
    html = built_client.get(path, headers={"Accept": "text/html"})
    assert html.status_code == 303 and built_client.get(html.headers["Location"]).status_code == 200
