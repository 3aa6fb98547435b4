"""The WSGI fast path answers exactly as the Flask view does, and the response cache is safe."""

from __future__ import annotations

import pytest

from livertox_kg.server import ServerConfig, create_app
from livertox_kg.server.cache import MAX_ENTRY
from server_support import PREFIXES, SLOW_QUERY, make_store

QUERIES = [
    PREFIXES + "SELECT ?d ?l WHERE { ?d a ltx:Drug ; rdfs:label ?l } ORDER BY ?l",
    "ASK {}",
    PREFIXES + "CONSTRUCT { ?d rdfs:label ?l } WHERE { ?d rdfs:label ?l }",
    "DESCRIBE <https://w3id.org/livertox-kg/drug/baclofen>",
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }",  # streams (several pipe chunks)
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",  # refused
    "SELEC nonsense",  # malformed
    "INSERT DATA { <a:b> <a:c> <a:d> }",  # an update at the query endpoint
]
VARIANTS = [({}, {}), ({}, {"Accept": "text/csv"}), ({"format": "tsv"}, {}), ({"output": "xml"}, {}),
            ({}, {"Accept": "application/n-triples;q=0.5, text/turtle;q=0.9"}), ({}, {"Accept": "image/png"}),
            ({"format": "bogus"}, {})]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return make_store(tmp_path_factory.mktemp("fast"))


@pytest.fixture(scope="module")
def app(store):
    app = create_app(ServerConfig(store=str(store), timeout=10))
    yield app
    app.extensions["livertox"].pool.close()


def _flask_only(app):
    """A client that bypasses the fast path (Flask's own view answers everything)."""
    fast = app.wsgi_app
    assert type(fast).__name__ == "FastQuery"
    return fast


@pytest.mark.parametrize("query", QUERIES)
def test_fast_path_matches_flask_view(app, query):
    fast = _flask_only(app)
    client = app.test_client()
    for params, headers in VARIANTS:
        app.wsgi_app = fast
        a = client.get("/sparql", query_string={"query": query, **params}, headers=headers)
        app.wsgi_app = fast.app
        try:
            b = client.get("/sparql", query_string={"query": query, **params}, headers=headers)
        finally:
            app.wsgi_app = fast
        assert a.status_code == b.status_code, (params, headers, a.data[:200])
        assert a.data == b.data
        assert sorted(a.headers.items()) == sorted(b.headers.items()), (params, headers)


def test_fast_path_hands_over_what_it_does_not_handle(app, monkeypatch):
    import livertox_kg.server.fastpath as fp

    calls = []
    monkeypatch.setattr(fp, "answer_query", lambda *a, **k: calls.append(a) or pytest.fail("fast path used"))
    c = app.test_client()
    q = "ASK {}"
    assert c.get("/sparql", query_string={"query": q, "default-graph-uri": "urn:x"}).status_code == 200
    assert c.get("/sparql", query_string=[("query", q), ("query", q)]).status_code == 400
    assert c.get("/sparql").status_code == 200  # service description
    assert c.post("/sparql", data={"query": q}).status_code == 200
    assert c.head("/sparql", query_string={"query": q}).status_code == 200
    etag = c.get("/sparql", query_string={"query": q, "x": "1"}).headers["ETag"]
    # the ETag does not depend on unknown parameters: the same answer, so Flask's view answers 304
    not_modified = c.get("/sparql", query_string={"query": q}, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not not_modified.data and not_modified.headers["ETag"] == etag
    assert not calls


@pytest.mark.parametrize("qs", [
    "query=ASK%7B%7D", "query=SELECT+*+WHERE+%7B%3Fs+%3Fp+%3Fo%7D&format=csv", "output=xml&query=ASK+%7B%7D",
    "query=ASK%7B%7D%ZZ%FF%e2%82", "query=%E2%82%AC+caf%C3%A9", "query=", "query", "query=a=b&format=",
    "query=ASK%7B%7D&query=ASK%7B%7D", "query=ASK%7B%7D&x=1", "format=csv", "query=ASK;format=csv",
    "query=ASK%7B%7D&", "&&query=a", "query=a&format=csv&output=xml",
])
def test_plain_args_decode_as_werkzeug(qs):
    """The fast path's own parameter parsing gives what Werkzeug's request would, or hands over."""
    from werkzeug.wrappers import Request

    from livertox_kg.server.fastpath import PARAMS, _plain_args

    args = Request({"QUERY_STRING": qs, "REQUEST_METHOD": "GET"}).args
    plain = not (set(args) - PARAMS or any(len(args.getlist(k)) > 1 for k in args) or "query" not in args)
    ours = _plain_args(qs)
    assert (ours is not None) == plain, qs
    if plain:
        assert ours == args.to_dict(), qs


def test_response_cache_hits_and_follows_the_store(tmp_path):
    link = make_store(tmp_path)
    app = create_app(ServerConfig(store=str(link), cache_size=8))
    st = app.extensions["livertox"]
    c = app.test_client()
    q = PREFIXES + "SELECT ?l WHERE { drug:baclofen rdfs:label ?l }"
    r1 = c.get("/sparql", query_string={"query": q})
    r2 = c.get("/sparql", query_string={"query": q})
    assert r1.data == r2.data and r1.headers["ETag"] == r2.headers["ETag"] and st.cache.hits == 1
    assert c.get("/sparql", query_string={"query": q}, headers={"Accept": "text/csv"}).data != r1.data
    many = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
    big = c.get("/sparql", query_string={"query": many})  # JSON, over 1 MiB: streamed, not kept
    assert len(big.data) > MAX_ENTRY and len(st.cache) == 2
    some = many + " LIMIT 1000"
    tsv = c.get("/sparql", query_string={"query": some, "format": "tsv"})  # streamed, under 1 MiB: kept
    assert 64 * 1024 < len(tsv.data) <= MAX_ENTRY and len(st.cache) == 3 and st.cache.bytes >= len(tsv.data)
    assert c.get("/sparql", query_string={"query": some, "format": "tsv"}).data == tsv.data and st.cache.hits == 2
    nq = tmp_path / "v2.nq"
    text = (tmp_path / "var" / "store.nq").read_text()
    nq.write_text(text.replace('"Baclofen"@en', '"Baclofen (v2)"@en').replace('"test-build-1"', '"test-build-2"'))
    make_store(tmp_path, build="store-test-build-2", nq=nq)
    r3 = c.get("/sparql", query_string={"query": q})
    assert b"Baclofen (v2)" in r3.data and r3.headers["ETag"] != r1.headers["ETag"]
    for _ in range(20):
        c.get("/sparql", query_string={"query": q + f" # {_}"})
    assert len(st.cache) <= 8
    st.pool.close()


def test_cached_server_still_times_out(tmp_path):
    app = create_app(ServerConfig(store=str(make_store(tmp_path)), cache_size=8, timeout=1))
    r = app.test_client().get("/sparql", query_string={"query": SLOW_QUERY})
    assert r.status_code == 503 and r.headers["Retry-After"] == "10"
    assert len(app.extensions["livertox"].cache) == 0
    app.extensions["livertox"].pool.close()


def test_evaluators_sized_to_the_cores():
    from livertox_kg.serve_cli import evaluator_count

    assert evaluator_count(2, 4, cores=2) == 2  # 4 evaluators in all on 2 cores, never fewer than 2 a worker
    assert evaluator_count(1, 4, cores=2) == 2
    assert evaluator_count(2, 4, cores=16) == 4  # at most one per thread
    assert evaluator_count(4, 8, cores=16) == 4


@pytest.fixture()
def in_process(app, monkeypatch):
    """As in a gunicorn worker: queries evaluated in this process (a watchdog that is never started,
    so nothing here can end the test process)."""
    from livertox_kg.server import inprocess

    wd = inprocess.Watchdog()
    monkeypatch.setattr(inprocess, "watchdog", lambda: wd)
    return wd


OPERATIONS = [  # (method, query string, body, headers): every protocol binding and its errors
    ("POST", {}, {"query": QUERIES[0]}, {}),
    ("POST", {"format": "csv"}, {"query": QUERIES[0]}, {}),
    ("POST", {}, {"query": QUERIES[4], "output": "tsv"}, {}),  # streams
    ("POST", {}, QUERIES[2].encode(), {"Content-Type": "application/sparql-query", "Accept": "application/n-triples"}),
    ("POST", {}, "ASK {}".encode("latin-1"), {"Content-Type": "application/sparql-query; charset=latin-1"}),
    ("POST", {}, b"\xff\xfe", {"Content-Type": "application/sparql-query"}),
    ("POST", {}, b"ASK {}", {"Content-Type": "text/plain"}),
    ("POST", {}, {"update": "DROP ALL"}, {}),
    ("POST", {}, {"format": "json"}, {}),
    ("POST", {"query": "ASK {}"}, b"ASK {}", {"Content-Type": "application/sparql-query"}),
    ("GET", {"query": QUERIES[0], "default-graph-uri": "https://w3id.org/livertox-kg/graph/drug/baclofen"}, None, {}),
    ("GET", {"query": QUERIES[0], "named-graph-uri": "not an iri"}, None, {}),
    ("GET", [("query", "ASK {}"), ("query", "ASK {}")], None, {}),
    ("GET", {"query": QUERIES[5]}, None, {"If-None-Match": 'W/"x"'}),
    ("POST", {}, {"query": "x" * (1 << 20)}, {}),  # 413
]


@pytest.mark.parametrize("op", range(len(OPERATIONS)))
def test_in_process_answers_match_flask_view(app, in_process, op):
    """Under gunicorn every query operation is answered in the worker; byte for byte as the view."""
    method, params, body, headers = OPERATIONS[op]
    fast = _flask_only(app)
    client = app.test_client()
    kwargs = {"query_string": params, "headers": headers}
    kwargs["data" if body is not None else "query_string"] = body if body is not None else params

    def ask(wsgi):
        app.wsgi_app = wsgi
        try:
            return client.open("/sparql", method=method, **kwargs)
        finally:
            app.wsgi_app = fast

    a, b = ask(fast), ask(fast.app)
    assert a.status_code == b.status_code, a.data[:300]
    assert a.data == b.data
    assert sorted(a.headers.items()) == sorted(b.headers.items())


def test_in_process_not_modified(app, in_process):
    fast = _flask_only(app)
    client = app.test_client()
    etag = client.post("/sparql", data={"query": QUERIES[0]}).headers["ETag"]
    a = client.get("/sparql", query_string={"query": QUERIES[0]}, headers={"If-None-Match": etag})
    app.wsgi_app = fast.app
    try:
        b = client.get("/sparql", query_string={"query": QUERIES[0]}, headers={"If-None-Match": etag})
    finally:
        app.wsgi_app = fast
    assert a.status_code == b.status_code == 304 and not a.data
    assert sorted(a.headers.items()) == sorted(b.headers.items())


def test_in_process_evaluates_here(app, in_process, monkeypatch):
    """The operations the plain-GET path leaves to Flask are evaluated in the process, not sent to an evaluator."""
    from livertox_kg.server.evaluator import Pool

    monkeypatch.setattr(Pool, "run", lambda *a, **k: pytest.fail("sent to an evaluator process"))
    c = app.test_client()
    assert c.post("/sparql", data={"query": "ASK {}"}).json["boolean"] is True
    r = c.post("/sparql", data=b"ASK { ?s ?p ?o }", headers={"Content-Type": "application/sparql-query"})
    assert r.json["boolean"] is True
    assert c.get("/sparql").status_code == 200  # the service description is still Flask's
