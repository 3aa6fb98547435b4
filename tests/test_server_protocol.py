"""SPARQL 1.1 Protocol behaviour of the Flask app (Flask test client over a real on-disk store).

The ``test_w3c_*`` cases follow the query tests of the W3C SPARQL 1.1 Protocol test suite
(request shape and expected response class), with the suite's data1/data2/data3 graphs replaced by
monograph graphs of the fixture.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time

import pyoxigraph as ox
import pytest
from werkzeug.datastructures import MultiDict

from livertox_kg.server import ServerConfig, create_app
from server_support import LTX, PREFIXES, SLOW_QUERY, make_store

G = {s: f"{LTX}graph/monograph/{s}" for s in ("baclofen", "ibuprofen", "halothane", "atorvastatin")}
DRUG = {s: f"{LTX}drug/{s}" for s in G}
RESULT_TYPES = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"}
RDF_TYPES = {"text/turtle", "application/n-triples", "application/rdf+xml", "application/n-quads",
             "application/ld+json"}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return make_store(tmp_path_factory.mktemp("proto"))


@pytest.fixture(scope="module")
def app(store):
    app = create_app(ServerConfig(store=str(store), timeout=10))
    yield app
    app.extensions["livertox"].pool.close()


@pytest.fixture()
def client(app):
    return app.test_client()


def ctype(r):
    return r.headers["Content-Type"].split(";")[0]


def boolean(r) -> bool:
    assert r.status_code == 200, r.data
    return bool(ox.parse_query_results(r.data, ox.QueryResultsFormat.from_media_type(ctype(r))))


def rows(r):
    assert r.status_code == 200, r.data
    return list(ox.parse_query_results(r.data, ox.QueryResultsFormat.from_media_type(ctype(r))))


def direct(client, query, params=None, **headers):
    return client.post("/sparql", query_string=params or {}, data=query.encode(),
                       headers={"Content-Type": "application/sparql-query", **headers})


# --- W3C protocol test suite: query operation ---------------------------------------------


def test_w3c_query_get(client):
    assert boolean(client.get("/sparql", query_string={"query": "ASK {}"})) is True


def test_w3c_query_post_form(client):
    r = client.post("/sparql", data={"query": "ASK {}"})
    assert boolean(r) is True


def test_w3c_query_post_direct(client):
    assert boolean(direct(client, "ASK {}")) is True


def test_w3c_query_dataset_default_graph(client):
    params = {"default-graph-uri": G["baclofen"]}
    assert boolean(direct(client, f"ASK {{ <{DRUG['baclofen']}> ?p ?o }}", params)) is True
    assert boolean(direct(client, f"ASK {{ <{DRUG['ibuprofen']}> ?p ?o }}", params)) is False


@pytest.mark.parametrize("method", ["get", "post"])
def test_w3c_query_dataset_default_graphs(client, method):
    q = f"ASK {{ <{DRUG['baclofen']}> ?p ?o . <{DRUG['ibuprofen']}> ?p2 ?o2 }}"
    params = [("default-graph-uri", G["baclofen"]), ("default-graph-uri", G["ibuprofen"])]
    if method == "get":
        r = client.get("/sparql", query_string=[("query", q), *params])
    else:
        r = client.post("/sparql", data=MultiDict([("query", q), *params]))
    assert boolean(r) is True


@pytest.mark.parametrize("method", ["get", "post"])
def test_w3c_query_dataset_named_graphs(client, method):
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    params = [("named-graph-uri", G["baclofen"]), ("named-graph-uri", G["ibuprofen"])]
    if method == "get":
        r = client.get("/sparql", query_string=[("query", q), *params])
    else:
        r = client.post("/sparql", data=MultiDict([("query", q), *params]))
    assert {s["g"].value for s in rows(r)} == {G["baclofen"], G["ibuprofen"]}
    # with only named graphs given, the default graph is empty
    assert boolean(client.get("/sparql", query_string=[("query", "ASK { ?s ?p ?o }"), *params])) is False


def test_w3c_query_dataset_full(client):
    params = [("default-graph-uri", G["halothane"]), ("named-graph-uri", G["baclofen"]),
              ("named-graph-uri", G["ibuprofen"])]
    q = "SELECT ?g ?x ?s WHERE { ?x ?y ?o GRAPH ?g { ?s ?p ?o } }"
    r = direct(client, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", params)
    assert {s["g"].value for s in rows(r)} == {G["baclofen"], G["ibuprofen"]}
    r = direct(client, "SELECT DISTINCT ?x WHERE { ?x a ?t }", params)
    xs = {s["x"].value for s in rows(r)}
    assert DRUG["halothane"] in xs and DRUG["baclofen"] not in xs
    assert direct(client, q, params).status_code == 200


def test_w3c_query_multiple_dataset(client):
    # FROM in the query, default-graph-uri in the protocol: the protocol wins
    q = f"ASK FROM <{G['baclofen']}> {{ <{DRUG['ibuprofen']}> ?p ?o }}"
    assert boolean(direct(client, q, {"default-graph-uri": G["ibuprofen"]})) is True
    assert boolean(direct(client, q)) is False  # without it, FROM applies (not the union)


def test_w3c_query_content_type_select(client):
    r = direct(client, "SELECT (1 AS ?value) {}")
    assert ctype(r) in RESULT_TYPES
    assert rows(r)[0]["value"].value == "1"


def test_w3c_query_content_type_ask(client):
    r = direct(client, "ASK {}")
    assert ctype(r) in {"application/sparql-results+json", "application/sparql-results+xml"}


def test_w3c_query_content_type_describe(client):
    r = direct(client, "DESCRIBE <http://example.org/>")
    assert r.status_code == 200 and ctype(r) in RDF_TYPES


def test_w3c_query_content_type_construct(client):
    r = direct(client, "CONSTRUCT { <s> <p> 1 } WHERE {}")
    assert r.status_code == 200 and ctype(r) in RDF_TYPES
    triples = list(ox.parse(r.data, ox.RdfFormat.from_media_type(ctype(r))))
    assert triples[0].subject.value == "http://localhost/s"  # relative IRIs resolve against the endpoint


def test_w3c_bad_query_method(client):
    r = client.put("/sparql", query_string={"query": "ASK {}"})
    assert r.status_code == 405 and "GET" in r.headers["Allow"]
    assert client.delete("/sparql").status_code == 405


def test_w3c_bad_multiple_queries(client):
    r = client.get("/sparql", query_string=[("query", "ASK {}"), ("query", "SELECT * {}")])
    assert r.status_code == 400


def test_w3c_bad_query_wrong_media_type(client):
    r = client.post("/sparql", data=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415


def test_w3c_bad_query_missing_form_type(client):
    r = client.post("/sparql", data=b"query=ASK%20%7B%7D")
    assert 400 <= r.status_code < 500


def test_w3c_bad_query_missing_direct_type(client):
    r = client.post("/sparql", data=b"ASK {}")
    assert 400 <= r.status_code < 500


def test_w3c_bad_query_non_utf8(client):
    r = client.post("/sparql", data="ASK {}".encode("utf-16"),
                    headers={"Content-Type": "application/sparql-query; charset=UTF-16"})
    assert r.status_code == 415


def test_w3c_bad_query_syntax(client):
    r = client.get("/sparql", query_string={"query": "ASK {"})
    assert r.status_code == 400
    assert ctype(r) == "text/plain"
    assert "error" in r.get_data(as_text=True).lower()


def test_w3c_bad_update_get(client):
    assert client.get("/sparql", query_string={"update": "CLEAR ALL"}).status_code == 400


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["SELECT ?x WHERE { ?x ?p }", "SELEC * {}", "PREFIX : <x> SELECT", "}{", ""])
def test_malformed_query_is_400_with_message(client, query):
    r = client.get("/sparql", query_string={"query": query})
    assert r.status_code == 400, r.data
    assert r.get_data(as_text=True).strip()


def test_update_sent_to_query_endpoint(client):
    assert client.get("/sparql", query_string={"query": "INSERT DATA { <a:a> <a:b> <a:c> }"}).status_code == 400
    r = client.post("/sparql", data=b"DROP ALL", headers={"Content-Type": "application/sparql-update"})
    assert r.status_code == 400
    assert client.post("/sparql", data={"update": "DROP ALL"}).status_code == 400


def test_invalid_graph_iri(client):
    r = client.get("/sparql", query_string={"query": "ASK {}", "default-graph-uri": "not an iri"})
    assert r.status_code == 400


def test_service_refused_before_evaluation(client):
    r = client.get("/sparql", query_string={"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"})
    assert r.status_code == 400 and "allow-list" in r.get_data(as_text=True)


def test_request_size_cap(store):
    app = create_app(ServerConfig(store=str(store), max_request_bytes=1000))
    c = app.test_client()
    big = "ASK {}" + " " * 2000
    assert c.post("/sparql", data=big.encode(), headers={"Content-Type": "application/sparql-query"}).status_code == 413
    assert c.post("/sparql", data={"query": big}).status_code == 413
    assert c.get("/sparql", query_string={"query": big}).status_code == 413
    assert c.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
    app.extensions["livertox"].pool.close()


# --- negotiation ----------------------------------------------------------------------------

SELECT_DRUGS = PREFIXES + "SELECT ?d ?label WHERE { ?d a ltx:Drug ; rdfs:label ?label } ORDER BY ?d"


@pytest.mark.parametrize("accept, expected", [
    (None, "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", "application/sparql-results+json"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("text/csv;q=0.9, application/sparql-results+xml;q=0.1", "text/csv"),
    ("text/html, application/xhtml+xml, application/xml;q=0.9, */*;q=0.8", "application/sparql-results+xml"),
])
def test_select_negotiation(client, accept, expected):
    headers = {"Accept": accept} if accept else {}
    r = client.get("/sparql", query_string={"query": SELECT_DRUGS}, headers=headers)
    assert r.status_code == 200 and ctype(r) == expected
    if expected != "text/csv":
        assert len(rows(r)) == 5


@pytest.mark.parametrize("accept, expected", [
    (None, "text/turtle"),
    ("application/n-triples", "application/n-triples"),
    ("application/n-quads", "application/n-quads"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("application/ld+json", "application/ld+json"),
    ("application/ld+json;q=0.2, text/turtle;q=0.8", "text/turtle"),
])
def test_graph_negotiation(client, accept, expected):
    headers = {"Accept": accept} if accept else {}
    r = client.get("/sparql", query_string={"query": f"DESCRIBE <{DRUG['baclofen']}>"}, headers=headers)
    assert r.status_code == 200 and ctype(r) == expected
    triples = list(ox.parse(r.data, ox.RdfFormat.from_media_type(expected)))
    assert any(t.predicate.value == LTX + "ontology#agonistOf" for t in triples)


@pytest.mark.parametrize("fmt, expected", [("csv", "text/csv"), ("xml", "application/sparql-results+xml"),
                                           ("application/sparql-results+json", "application/sparql-results+json")])
def test_format_parameter_overrides_accept(client, fmt, expected):
    r = client.get("/sparql", query_string={"query": SELECT_DRUGS, "format": fmt}, headers={"Accept": "text/tab-separated-values"})
    assert ctype(r) == expected


def test_not_acceptable(client):
    assert client.get("/sparql", query_string={"query": SELECT_DRUGS}, headers={"Accept": "image/png"}).status_code == 406
    r = client.get("/sparql", query_string={"query": f"DESCRIBE <{DRUG['baclofen']}>"}, headers={"Accept": "text/csv"})
    assert r.status_code == 406
    assert client.get("/sparql", query_string={"query": SELECT_DRUGS, "format": "turtle"}).status_code == 406


def test_csv_tsv_escaping(client):
    q = "SELECT ?note WHERE { ?d <http://www.w3.org/2004/02/skos/core#scopeNote> ?note }"
    csv = client.get("/sparql", query_string={"query": q}, headers={"Accept": "text/csv"}).get_data(as_text=True)
    assert csv.startswith("note\r\n") and '""quotes""' in csv
    tsv = client.get("/sparql", query_string={"query": q}, headers={"Accept": "text/tab-separated-values"})
    assert [r["note"].value for r in rows(tsv)] == ['Tab\there, "quotes", comma, <xml> & newline\nend']


# --- union default graph, caching, CORS -----------------------------------------------------


def test_default_graph_is_union_of_named_graphs(client):
    r = client.get("/sparql", query_string={"query": PREFIXES + "SELECT ?t WHERE { drug:baclofen ltx:agonistOf ?t }"})
    assert [s["t"].value for s in rows(r)] == [LTX + "target/gaba-b-receptor"]


def test_etag_and_if_none_match(client):
    r = client.get("/sparql", query_string={"query": SELECT_DRUGS})
    etag = r.headers["ETag"]
    assert "test-build-1" in etag and r.headers["Vary"] == "Accept"
    r2 = client.get("/sparql", query_string={"query": SELECT_DRUGS}, headers={"If-None-Match": etag})
    assert r2.status_code == 304 and not r2.data
    r3 = client.get("/sparql", query_string={"query": SELECT_DRUGS}, headers={"Accept": "text/csv"})
    assert r3.headers["ETag"] != etag


def test_cors(client):
    r = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Origin": "https://example.org"})
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    pre = client.options("/sparql", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST",
                                             "Access-Control-Request-Headers": "Content-Type"})
    assert pre.status_code == 200 and pre.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" in client.get("/.well-known/void", headers={"Origin": "https://x"}).headers


# --- service description, VoID, health, metrics, dump ---------------------------------------

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"


def test_service_description_default_is_rdf(client):
    r = client.get("/sparql")
    assert r.status_code == 200 and ctype(r) == "text/turtle"
    triples = list(ox.parse(r.data, ox.RdfFormat.TURTLE))
    assert any(t.predicate.value == SD + "endpoint" for t in triples)
    assert any(t.object == ox.NamedNode(SD + "UnionDefaultGraph") for t in triples)
    names = {t.object.value for t in triples if t.predicate.value == SD + "name"}
    assert G["baclofen"] in names


def test_service_description_negotiated(client):
    r = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert ctype(r) == "text/html" and b"<form" in r.data
    r = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert ctype(r) == "application/ld+json" and json.loads(r.data)
    assert client.get("/sparql", headers={"Accept": "image/png"}).status_code == 406


def test_void(client):
    r = client.get("/.well-known/void")
    assert r.status_code == 200 and ctype(r) == "text/turtle"
    ts = list(ox.parse(r.data, ox.RdfFormat.TURTLE))
    ds = ox.NamedNode(LTX + "dataset")

    def value(s, p):
        return [t.object.value for t in ts if t.subject == s and t.predicate.value == VOID + p]

    assert value(ds, "triples") == ["88"]
    assert value(ox.NamedNode(LTX + "dataset/drugs"), "entities") == ["5"]
    assert value(ox.NamedNode(LTX + "dataset/targets"), "entities") == ["5"]
    assert value(ds, "documents") == ["5"]
    dump = value(ds, "dataDump")
    assert dump and dump[0].endswith("/dump/livertox-kg.nq")
    d = client.get("/dump/livertox-kg.nq")
    assert d.status_code == 200 and len(list(ox.parse(d.data, ox.RdfFormat.N_QUADS))) == 88
    d.close()


def test_health_and_metrics(client):
    assert client.get("/health").json == {"status": "ok"}
    client.get("/sparql", query_string={"query": "ASK {"})
    text = client.get("/metrics").get_data(as_text=True)
    assert "livertox_kg_requests_total" in text
    assert 'livertox_kg_errors_total{endpoint="sparql.sparql",status="400"}' in text
    assert "livertox_kg_query_seconds_bucket" in text
    assert "livertox_kg_query_timeouts_total" in text


# --- limits: row cap, streaming, timeout -----------------------------------------------------

ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_capped_serialisers_match_oxigraph(store, client, fmt):
    """The row-by-row serialisers (used under --max-rows) agree with Oxigraph's own."""
    app = create_app(ServerConfig(store=str(store), max_rows=10_000))
    capped = app.test_client().get("/sparql", query_string={"query": ALL, "format": fmt})
    native = client.get("/sparql", query_string={"query": ALL, "format": fmt})
    app.extensions["livertox"].pool.close()
    assert capped.status_code == native.status_code == 200
    if fmt == "csv":
        assert capped.data == native.data
    else:
        assert rows(capped) == rows(native)


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv", "turtle", "ntriples"])
def test_max_rows(store, fmt):
    app = create_app(ServerConfig(store=str(store), max_rows=3))
    c = app.test_client()
    q = ALL if fmt in ("json", "xml", "csv", "tsv") else "CONSTRUCT WHERE { ?s ?p ?o }"
    r = c.get("/sparql", query_string={"query": q, "format": fmt})
    app.extensions["livertox"].pool.close()
    assert r.status_code == 200 and r.headers["X-Max-Rows"] == "3"
    if fmt == "csv":
        assert len(r.get_data(as_text=True).strip().split("\r\n")) == 4
    elif fmt in ("turtle", "ntriples"):
        assert len(list(ox.parse(r.data, ox.RdfFormat.from_media_type(ctype(r))))) == 3
    else:
        assert len(rows(r)) == 3


def test_results_stream_in_chunks(client):
    q = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"  # 88 * 88 rows, ~1.5 MB of JSON
    r = client.get("/sparql", query_string={"query": q}, buffered=False)
    assert r.is_streamed
    chunks = list(r.response)
    assert len(chunks) > 5 and max(map(len, chunks)) <= 2 * 64 * 1024
    assert len(json.loads(b"".join(chunks))["results"]["bindings"]) == 88 * 88


def test_timeout_kills_query_and_others_are_served(store):
    app = create_app(ServerConfig(store=str(store), timeout=1.5, evaluators=2))
    pool = app.extensions["livertox"].pool
    c = app.test_client()
    assert c.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200  # warm up
    result = {}

    def slow():
        t = time.monotonic()
        result["r"] = app.test_client().get("/sparql", query_string={"query": SLOW_QUERY})
        result["t"] = time.monotonic() - t

    th = threading.Thread(target=slow)
    th.start()
    time.sleep(0.3)
    t = time.monotonic()
    ok = c.get("/sparql", query_string={"query": SELECT_DRUGS})
    assert ok.status_code == 200 and time.monotonic() - t < 1.0  # served while the slow one runs
    assert c.get("/health").status_code == 200
    th.join(30)
    r = result["r"]
    assert r.status_code == 503 and "stopped" in r.get_data(as_text=True)
    assert result["t"] < 5
    assert pool.killed >= 1
    # the evaluator process was really killed (gone, or a zombie awaiting its reaper)
    pid = pool.last_killed_pid
    assert pid is not None
    if os.path.exists(f"/proc/{pid}/stat"):
        assert open(f"/proc/{pid}/stat").read().split(")")[1].split()[0] in ("Z", "X")
    assert c.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
    m = re.search(r"^livertox_kg_query_timeouts_total ([0-9.]+)$", c.get("/metrics").get_data(as_text=True), re.M)
    assert m and float(m.group(1)) >= 1
    pool.close()


# --- store swap and updates -----------------------------------------------------------------


def test_store_symlink_swap_changes_data_and_etag(tmp_path):
    link = make_store(tmp_path)
    app = create_app(ServerConfig(store=str(link)))
    c = app.test_client()
    q = PREFIXES + "SELECT ?l WHERE { drug:baclofen rdfs:label ?l }"
    r1 = c.get("/sparql", query_string={"query": q})
    assert [s["l"].value for s in rows(r1)] == ["Baclofen"]
    nq = tmp_path / "v2.nq"
    text = (tmp_path / "var" / "store.nq").read_text()
    nq.write_text(text.replace('"Baclofen"@en', '"Baclofen (v2)"@en').replace('"test-build-1"', '"test-build-2"'))
    make_store(tmp_path, build="store-test-build-2", nq=nq)  # re-points var/store
    r2 = c.get("/sparql", query_string={"query": q})
    assert [s["l"].value for s in rows(r2)] == ["Baclofen (v2)"]
    assert r1.headers["ETag"] != r2.headers["ETag"] and "test-build-2" in r2.headers["ETag"]
    app.extensions["livertox"].pool.close()


def test_update_disabled_without_token(client):
    r = client.post("/update", data=b"DROP ALL", headers={"Content-Type": "application/sparql-update",
                                                          "Authorization": "Bearer x"})
    assert r.status_code == 403
    assert client.get("/update").status_code == 405


def test_update_with_token(tmp_path):
    link = make_store(tmp_path)
    app = create_app(ServerConfig(store=str(link), update_token="s3cret"))
    c = app.test_client()
    ins = f"INSERT DATA {{ GRAPH <{G['baclofen']}> {{ <{DRUG['baclofen']}> <{LTX}ontology#note> \"added\" }} }}"
    hdr = {"Content-Type": "application/sparql-update"}
    assert c.post("/update", data=ins.encode(), headers=hdr).status_code == 401
    assert c.post("/update", data=ins.encode(), headers={**hdr, "Authorization": "Bearer nope"}).status_code == 403
    q = f"ASK {{ <{DRUG['baclofen']}> <{LTX}ontology#note> \"added\" }}"
    before = c.get("/sparql", query_string={"query": q})
    assert boolean(before) is False
    r = c.post("/update", data=ins.encode(), headers={**hdr, "Authorization": "Bearer s3cret"})
    assert r.status_code == 204, r.data
    after = c.get("/sparql", query_string={"query": q})
    assert boolean(after) is True and after.headers["ETag"] != before.headers["ETag"]
    auth = {"Authorization": "Bearer s3cret"}
    for bad in ("LOAD <file:///etc/passwd>", "LOAD <http://127.0.0.1:9/x.ttl>"):
        assert c.post("/update", data={"update": bad}, headers=auth).status_code == 400
    assert c.post("/update", data={"update": "CLEAR XYZ"}, headers=auth).status_code == 400
    assert c.post("/update", data={"update": "ASK {}"}, headers=auth).status_code == 400
    assert c.post("/update", data=b"CLEAR ALL", headers={**auth, "Content-Type": "text/plain"}).status_code == 415
    app.extensions["livertox"].pool.close()
