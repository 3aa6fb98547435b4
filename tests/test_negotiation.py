"""Content negotiation never answers 5xx: the Accept values real clients send (Comunica, rdflib,
SPARQLWrapper, Jena, browsers, curl) and odd or malformed ones get 200, 303 or 406 on /sparql, the
Service Description, VoID and every kind of minted IRI; every RDF or results answer parses as the
media type it claims."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import quote
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest

ACCEPTS = {
    # Comunica 4.x: dereferencing a link (rdf-dereference) and asking an endpoint for results / quads
    "comunica-dereference": "application/n-quads,application/trig;q=0.95,application/ld+json;q=0.9,"
                            "application/n-triples;q=0.8,text/turtle;q=0.6,application/rdf+xml;q=0.5,"
                            "text/n3;q=0.35,application/xml;q=0.3,image/svg+xml;q=0.3,text/xml;q=0.3,"
                            "text/html;q=0.2,application/xhtml+xml;q=0.18,application/json;q=0.135,"
                            "text/shaclc;q=0.1,text/shaclc-ext;q=0.05",
    "comunica-results": "application/sparql-results+json;q=1.0,application/sparql-results+xml;q=0.7",
    "comunica-quads": "application/n-quads,application/trig;q=0.95,application/ld+json;q=0.9,"
                      "application/n-triples;q=0.8,text/turtle;q=0.6",
    # rdflib's Graph.parse(url) with no format, and its SPARQLStore
    "rdflib-parse": "application/rdf+xml, text/n3, text/turtle, application/n-triples, application/ld+json, "
                    "application/n-quads, application/trix, application/trig, application/xhtml+xml;q=0.5, "
                    "text/html;q=0.5",
    "rdflib-sparqlstore": "application/sparql-results+xml",
    # SPARQLWrapper: JSON results, Turtle, JSON-LD, N3 and its RDF/XML default for graphs
    "sparqlwrapper-json": "application/sparql-results+json,application/json,text/javascript,application/javascript",
    "sparqlwrapper-turtle": "application/turtle,text/turtle",
    "sparqlwrapper-jsonld": "application/ld+json,application/x-json+ld",
    "sparqlwrapper-n3": "text/rdf+n3,application/n-triples,application/turtle,application/n3,text/n3,text/turtle",
    "sparqlwrapper-rdfxml": "application/rdf+xml",
    # Apache Jena (RDFDataMgr / RDFConnection)
    "jena-rdf": "text/turtle,application/n-triples;q=0.9,application/ld+json;q=0.8,application/rdf+xml;q=0.7,"
                "*/*;q=0.5",
    "jena-results": "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
                    "text/tab-separated-values;q=0.7, text/csv;q=0.5, application/json;q=0.2, "
                    "application/xml;q=0.2, */*;q=0.1",
    # browsers, curl
    "chrome": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
              "application/signed-exchange;v=b3;q=0.7",
    "firefox": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "curl": "*/*",
    "none": None,
    # odd and malformed
    "empty": "",
    "garbage": "garbage",
    "half-type": "text/",
    "star": "*",
    "star-subtype-only": "*/html",
    "bad-q": "text/turtle;q=abc",
    "q-above-one": "application/n-quads;q=2",
    "all-refused": "text/turtle;q=0, application/ld+json;q=0",
    "semicolons": ";;;,,,",
    "image-only": "image/png",
    "params": "application/json;charset=utf-8;profile=\"http://www.w3.org/ns/json-ld#expanded\"",
    "upper-case": "TEXT/TURTLE",
    "application-star": "application/*",
    "text-star": "text/*",
    "trig-only": "application/trig",
    "nquads-only": "application/n-quads",
    "x-nquads": "text/x-nquads",
    "long": ",".join(f"application/x-type-{i};q=0.{i % 10}" for i in range(300)),
    "latin1": "t\u00e9xt/turtle",
}

PREFIX = "PREFIX ltx: <https://w3id.org/livertox-kg/ontology#> "
QUERIES = {
    "select": PREFIX + "SELECT ?d ?s WHERE { ?d ltx:likelihoodScore ?s } LIMIT 5",
    "ask": PREFIX + "ASK { ?d ltx:likelihoodScore ?s }",
    "construct": PREFIX + "CONSTRUCT { ?d ltx:likelihoodScore ?s } WHERE { ?d ltx:likelihoodScore ?s }",
    "describe": "DESCRIBE <https://w3id.org/livertox-kg/drug/baclofen>",
}
# the other negotiated resources; minted_paths() adds one IRI of every kind the build minted
FIXED = ["/drug/baclofen", "/monograph/baclofen/section/likelihood-score", "/ontology", "/dataset"]
BASE = "https://w3id.org/livertox-kg/"
RDF_MEDIA = {"text/turtle", "application/n-triples", "application/n-quads", "application/rdf+xml",
             "application/ld+json"}


@pytest.fixture(scope="module")
def client(built_store):
    from livertox_kg.server import ServerConfig, create_app

    app = create_app(ServerConfig(store=str(built_store), evaluators=2, timeout=20))
    app.testing = True
    with app.test_client() as c:
        yield c
    app.extensions["livertox"].pool.close()


def check_body(response) -> None:
    """A 200 answer parses as the media type it claims."""
    media, data = response.mimetype, response.get_data()
    assert data, "empty body"
    if media in RDF_MEDIA:
        assert list(ox.parse(data, ox.RdfFormat.from_media_type(media))) or media == "application/n-quads"
    elif media == "application/sparql-results+json":
        assert {"head"} <= set(json.loads(data))
    elif media == "application/sparql-results+xml":
        assert ElementTree.fromstring(data).tag.endswith("sparql")
    elif media in ("text/csv", "text/tab-separated-values"):
        rows = list(csv.reader(io.StringIO(data.decode()), delimiter="," if media == "text/csv" else "\t"))
        assert rows and rows[0]
    elif media == "text/html":
        assert b"<html" in data.lower()
    else:
        raise AssertionError(f"unexpected media type {media}")


def fetch(client, url: str, accept: str | None, method: str = "GET", **kw):
    headers = {} if accept is None else {"Accept": accept}
    response = client.open(url, method=method, headers=headers, **kw)
    assert response.status_code in (200, 303, 406), (url, accept, response.status_code, response.get_data()[:300])
    if response.status_code == 200 and method != "HEAD":
        check_body(response)
    if response.status_code == 303:
        follow = client.get(response.headers["Location"], headers=headers)
        assert follow.status_code == 200, (response.headers["Location"], follow.status_code)
        check_body(follow)
    return response


@pytest.mark.parametrize("name", list(ACCEPTS))
def test_sparql_endpoint(client, name):
    accept = ACCEPTS[name]
    for form, query in QUERIES.items():
        fetch(client, "/sparql?query=" + quote(query), accept)
        fetch(client, "/sparql", accept, method="POST", data={"query": query})
    fetch(client, "/sparql", accept)  # the Service Description (or the editor)
    fetch(client, "/.well-known/void", accept)


@pytest.fixture(scope="module")
def minted_paths(kg):
    """One described IRI of every space under the base (drug/, class/, evidence/, build/, ...)."""
    from livertox_kg.server.linked_data import SPACES

    paths = list(FIXED)
    for space in SPACES:
        rows = list(kg.query(f"SELECT ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?s), "
                             f"'{BASE}{space}/')) }} ORDER BY ?s LIMIT 1"))
        if rows:
            paths.append("/" + rows[0]["s"].value[len(BASE):])
    assert {p.split("/")[1] for p in paths} >= {"drug", "class", "target", "likelihood", "monograph",
                                                 "evidence", "build", "software"}
    return paths


@pytest.mark.parametrize("name", list(ACCEPTS))
def test_minted_iris(client, minted_paths, name):
    for path in minted_paths:
        fetch(client, path, ACCEPTS[name])
        fetch(client, path, ACCEPTS[name], method="HEAD")


def test_comunica_dereference_gets_nquads(client):
    r = client.get("/drug/baclofen", headers={"Accept": ACCEPTS["comunica-dereference"]})
    assert r.status_code == 303 and r.headers["Location"].endswith("/drug/baclofen.nq")
    doc = client.get(r.headers["Location"])
    assert doc.mimetype == "application/n-quads"
    quads = list(ox.parse(doc.get_data(), ox.RdfFormat.N_QUADS))
    assert any(q.predicate.value.endswith("#likelihoodScore") for q in quads)


def test_nothing_acceptable_is_406_naming_what_is_available(client):
    r = client.get("/drug/baclofen", headers={"Accept": "image/png"})
    assert r.status_code == 406 and b"text/turtle" in r.get_data()
