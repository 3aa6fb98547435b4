"""The server as clients meet it: gunicorn on loopback, driven by SPARQLWrapper, rdflib and requests;
plus the same server fronting `oxigraph serve-read-only` (--backend)."""

from __future__ import annotations

import concurrent.futures as cf

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from server_support import (FIXTURE, LTX, PREFIXES, SLOW_QUERY, busy_evaluators, make_store, start_oxigraph,
                            start_server, stop, wait_until)

BACLOFEN = LTX + "drug/baclofen"
DRUGS = PREFIXES + "SELECT ?d ?label WHERE { ?d a ltx:Drug ; rdfs:label ?label } ORDER BY ?label"


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    root = tmp_path_factory.mktemp("live")
    link = make_store(root)
    server = start_server(["--store", str(link), "--workers", "2", "--timeout", "4"], root / "server.log")
    yield server
    stop(server.proc)


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    root = tmp_path_factory.mktemp("oxigraph")
    server = start_oxigraph(FIXTURE, root)
    yield server
    stop(server.proc)


@pytest.fixture(scope="module")
def fronted(oxigraph, tmp_path_factory):
    root = tmp_path_factory.mktemp("fronted")
    server = start_server(["--backend", oxigraph.url + "/query", "--workers", "1", "--timeout", "2",
                           "--max-rows", "1000"], root / "server.log")
    yield server
    stop(server.proc)


def wrapper(url: str, query: str, fmt) -> SPARQLWrapper:
    w = SPARQLWrapper(url + "/sparql")
    w.setQuery(query)
    w.setReturnFormat(fmt)
    return w


def check_sparqlwrapper(url: str) -> None:
    res = wrapper(url, DRUGS, JSON).query().convert()
    assert [b["label"]["value"] for b in res["results"]["bindings"]] == [
        "Atorvastatin", "Baclofen", "Halothane", "Ibuprofen", "Nevirapine"]
    doc = wrapper(url, DRUGS, XML).query().convert()
    assert len(doc.getElementsByTagName("result")) == 5
    csv = wrapper(url, DRUGS, CSV).query().convert().decode()
    assert csv.splitlines()[0] == "d,label" and len(csv.strip().splitlines()) == 6
    ask = wrapper(url, f"ASK {{ <{BACLOFEN}> ?p ?o }}", JSON).query().convert()
    assert ask["boolean"] is True
    g = wrapper(url, f"DESCRIBE <{BACLOFEN}>", TURTLE).query().convert()
    assert b"agonistOf" in g


def test_sparqlwrapper(live):
    check_sparqlwrapper(live.url)


def test_rdflib_sparqlstore(live):
    graph = Graph(store=SPARQLStore(live.url + "/sparql", returnFormat="json"))
    labels = {str(r.label) for r in graph.query(DRUGS)}
    assert "Baclofen" in labels and len(labels) == 5
    targets = list(graph.objects(URIRef(BACLOFEN), URIRef(LTX + "ontology#agonistOf")))
    assert targets == [URIRef(LTX + "target/gaba-b-receptor")]
    assert (URIRef(BACLOFEN), None, Literal("Baclofen", lang="en")) in graph


def test_requests_protocol(live):
    r = requests.get(live.url + "/sparql", params={"query": DRUGS}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    r = requests.post(live.url + "/sparql", data=DRUGS.encode(), headers={"Content-Type": "application/sparql-query"})
    assert len(r.json()["results"]["bindings"]) == 5
    r = requests.post(live.url + "/sparql", data={"query": "ASK {"})
    assert r.status_code == 400 and r.headers["Content-Type"].startswith("text/plain")
    r = requests.get(live.url + "/sparql")  # no Accept from us: requests sends */*
    assert r.headers["Content-Type"].startswith("text/turtle")
    etag = requests.get(live.url + "/sparql", params={"query": DRUGS}).headers["ETag"]
    assert requests.get(live.url + "/sparql", params={"query": DRUGS}, headers={"If-None-Match": etag}).status_code == 304
    assert requests.put(live.url + "/sparql", params={"query": "ASK {}"}).status_code == 405
    assert requests.get(live.url + "/.well-known/void").status_code == 200
    r = requests.get(live.url + "/sparql", params={"query": "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"})
    assert r.status_code == 400


def test_large_result_is_chunked(live):
    q = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
    with requests.get(live.url + "/sparql", params={"query": q, "format": "tsv"}, stream=True) as r:
        assert r.headers.get("Transfer-Encoding") == "chunked" and "Content-Length" not in r.headers
        lines = sum(chunk.count(b"\n") for chunk in r.iter_content(65536))
    assert lines == 88 * 88 + 1


def test_timeout_under_gunicorn(live):
    with cf.ThreadPoolExecutor(5) as ex:
        slow = ex.submit(requests.get, live.url + "/sparql", params={"query": SLOW_QUERY}, timeout=30)
        wait_until(lambda: busy_evaluators(live.proc.pid) or slow.done(), "an evaluator running the slow query")
        assert not slow.done(), slow.result().text
        fast = [ex.submit(requests.get, live.url + "/sparql", params={"query": DRUGS}, timeout=10) for _ in range(4)]
        assert all(f.result().status_code == 200 for f in fast)
        assert not slow.done(), "the fast queries should be answered while the slow one still runs"
        r = slow.result()
    assert r.status_code == 503 and "4 s" in r.text
    assert requests.get(live.url + "/sparql", params={"query": "ASK {}"}).status_code == 200
    metrics = requests.get(live.url + "/metrics").text
    assert "livertox_kg_query_timeouts_total" in metrics and "livertox_kg_requests_total" in metrics


SPARQL_200 = 'livertox_kg_requests_total{endpoint="sparql.sparql",status="200"}'


def test_metrics_aggregate_workers(tmp_path):
    """/metrics (answered by one worker) counts the requests every worker served: the per-worker
    counters are read from the multiprocess directory, both workers must have served some, and the
    total /metrics reports is their exact sum."""
    from prometheus_client.multiprocess import MultiProcessCollector

    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    server = start_server(["--store", str(make_store(tmp_path)), "--workers", "2"], tmp_path / "server.log",
                          env={"PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)})

    def per_worker() -> dict[str, float]:
        out = {}
        for db in metrics_dir.glob("counter_*.db"):
            out[db.name] = sum(s.value for m in MultiProcessCollector.merge([str(db)], accumulate=True)
                               for s in m.samples if s.name == "livertox_kg_requests_total"
                               and s.labels == {"endpoint": "sparql.sparql", "status": "200"})
        return out

    def served_by() -> int:
        return sum(1 for n in per_worker().values() if n > 0)

    try:
        sent = 0
        for _ in range(40):  # fresh connections until both workers have served (bounded)
            with cf.ThreadPoolExecutor(4) as ex:
                codes = list(ex.map(lambda _: requests.get(server.url + "/sparql", params={"query": "ASK {}"},
                                                           headers={"Connection": "close"}).status_code, range(8)))
            assert codes == [200] * 8
            sent += 8
            if served_by() >= 2:
                break
        workers = per_worker()
        assert served_by() == 2, workers
        assert sum(workers.values()) == sent
        text = requests.get(server.url + "/metrics").text
        total = sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(SPARQL_200))
        assert total == sent
    finally:
        stop(server.proc)


# --- remote backend (--backend) --------------------------------------------------------------


def test_backend_sparqlwrapper(fronted):
    check_sparqlwrapper(fronted.url)


def test_backend_keeps_our_api_and_limits(fronted):
    u = fronted.url + "/sparql"
    r = requests.get(u, params={"query": PREFIXES + "SELECT ?t WHERE { drug:baclofen ltx:agonistOf ?t }"})
    assert [b["t"]["value"] for b in r.json()["results"]["bindings"]] == [LTX + "target/gaba-b-receptor"]
    r = requests.get(u, params={"query": f"DESCRIBE <{BACLOFEN}>"}, headers={"Accept": "application/ld+json"})
    assert r.headers["Content-Type"].startswith("application/ld+json") and "agonistOf" in r.text
    r = requests.get(u, params={"query": "ASK {"})
    assert r.status_code == 400 and r.text.strip()
    r = requests.get(u, params={"query": "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"})
    assert r.status_code == 400 and "allow-list" in r.text
    r = requests.get(u, params={"query": "SELECT * { ?s ?p ?o }", "format": "csv"})
    assert r.text.count("\r\n") == 89  # header + 88 rows (one value holds a bare newline)
    r = requests.get(u, params={"query": "ASK {}", "default-graph-uri": LTX + "graph/monograph/baclofen"})
    assert r.json()["boolean"] is True
    r = requests.get(u, params={"query": f"ASK {{ <{LTX}drug/ibuprofen> ?p ?o }}",
                                "default-graph-uri": LTX + "graph/monograph/baclofen"})
    assert r.json()["boolean"] is False
    assert requests.get(u, headers={"Accept": "text/turtle"}).status_code == 200
    void = requests.get(fronted.url + "/.well-known/void")
    assert void.status_code == 200 and "void:triples 88" in void.text
    assert "test-build-1" in requests.get(u, params={"query": "ASK {}"}).headers.get("ETag", "")


def test_backend_row_cap(oxigraph, tmp_path):
    server = start_server(["--backend", oxigraph.url + "/query", "--workers", "1", "--max-rows", "7"],
                          tmp_path / "server.log")
    try:
        r = requests.get(server.url + "/sparql", params={"query": "SELECT * { ?s ?p ?o }"})
        assert len(r.json()["results"]["bindings"]) == 7
        r = requests.get(server.url + "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "nt"})
        assert len(r.text.strip().splitlines()) == 7
    finally:
        stop(server.proc)


def test_backend_timeout(fronted):
    r = requests.get(fronted.url + "/sparql", params={"query": SLOW_QUERY}, timeout=30)
    assert r.status_code == 503
    assert requests.get(fronted.url + "/sparql", params={"query": "ASK {}"}).status_code == 200


# --- update mode under gunicorn ---------------------------------------------------------------


def test_update_mode_live(tmp_path):
    link = make_store(tmp_path)
    server = start_server(["--store", str(link), "--update-token", "tok", "--workers", "3"], tmp_path / "u.log")
    try:
        ins = f'INSERT DATA {{ GRAPH <{LTX}graph/monograph/baclofen> {{ <{BACLOFEN}> <{LTX}ontology#note> "x" }} }}'
        hdr = {"Content-Type": "application/sparql-update"}
        assert requests.post(server.url + "/update", data=ins, headers=hdr).status_code == 401
        r = requests.post(server.url + "/update", data=ins, headers={**hdr, "Authorization": "Bearer tok"})
        assert r.status_code == 204, r.text
        r = requests.get(server.url + "/sparql", params={"query": f'ASK {{ <{BACLOFEN}> <{LTX}ontology#note> "x" }}'})
        assert r.json()["boolean"] is True
        assert "single writer" in server.log.read_text()
    finally:
        stop(server.proc)
    # the store was written for real and is consistent after shutdown
    store = ox.Store.read_only(str(link))
    assert store.query(f'ASK {{ GRAPH ?g {{ <{BACLOFEN}> <{LTX}ontology#note> "x" }} }}')


def test_service_allow_list_live(oxigraph, tmp_path):
    """An allowed SERVICE is evaluated (federation to the oxigraph peer); others are refused."""
    link = make_store(tmp_path)
    server = start_server(["--store", str(link), "--workers", "1", "--service-allow", oxigraph.url + "/"],
                          tmp_path / "s.log")
    try:
        q = f"SELECT ?l WHERE {{ SERVICE <{oxigraph.url}/query> {{ <{BACLOFEN}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }} }}"
        r = requests.get(server.url + "/sparql", params={"query": q})
        assert r.status_code == 200, r.text
        assert [b["l"]["value"] for b in r.json()["results"]["bindings"]] == ["Baclofen"]
        bad = q.replace(oxigraph.url, f"http://127.0.0.1:{oxigraph.port + 1}")
        assert requests.get(server.url + "/sparql", params={"query": bad}).status_code == 400
        assert "BasicFederatedQuery" in requests.get(server.url + "/sparql", headers={"Accept": "text/turtle"}).text
    finally:
        stop(server.proc)
