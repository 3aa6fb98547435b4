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
    assert c.get("/sparql", query_string={"query": q}, headers={"If-None-Match": etag}).status_code in (200, 304)
    assert not calls


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
