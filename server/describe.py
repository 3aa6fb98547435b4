"""Self-description: SPARQL Service Description at /sparql, VoID at /.well-known/void, the dump, /health."""

from __future__ import annotations

import os

import pyoxigraph as ox
from flask import Blueprint, Response, request, send_file

from livertox_kg.namespaces import CONDITION, DRUG, DRUG_CLASS, PREFIXES, TARGET
from livertox_kg.server.evaluator import QueryFailed, QueryTimeout
from livertox_kg.server.negotiation import NotAcceptable, choose
from livertox_kg.server.results import GRAPH_FORMATS
from livertox_kg.server.sparql import state, text

bp = Blueprint("describe", __name__)

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCT = PREFIXES["dcterms"]
FORMATS = "http://www.w3.org/ns/formats/"
DUMP_NAME = "livertox-kg.nq"
SUBSETS = [  # (slug, title, IRI space)
    ("drugs", "Drugs", str(DRUG)),
    ("drug-classes", "Drug classes", str(DRUG_CLASS)),
    ("targets", "Molecular targets", str(TARGET)),
    ("conditions", "Conditions", str(CONDITION)),
]


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n("http://www.w3.org/2001/XMLSchema#integer"))


def _stats() -> dict:
    """Counts for VoID/SD, computed once per store version through the evaluators."""
    st = state()
    st.check_store()
    if st.stats is not None:
        return st.stats
    deadline = st.deadline(4)

    def one(query: str, union: bool = True):
        rows = st.pool.value({"op": "query", "query": query, "union": union}, deadline)
        return rows

    stats: dict = {}
    stats["graphs"] = {g: int(n) for g, n in one(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g", union=False)}
    # quads in named graphs, plus the store's own default graph (a remote endpoint serving the
    # union as default graph cannot tell its default graph apart, so it is not counted there)
    default = 0 if st.cfg.backend else int(one("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", union=False)[0][0])
    stats["triples"] = sum(stats["graphs"].values()) + default
    stats["classes"] = int(one("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }")[0][0])
    stats["properties"] = int(one("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }")[0][0])
    stats["subsets"] = {}
    for slug, _title, space in SUBSETS:
        q = f'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{space}")) }}'
        stats["subsets"][slug] = int(one(q)[0][0])
    stats["version"] = st.version()
    st.stats = stats
    return stats


def _dump_url() -> str | None:
    path = state().cfg.dump_path()
    return request.host_url + "dump/" + DUMP_NAME if path and os.path.exists(path) else None


def _void_triples(stats: dict) -> list[ox.Triple]:
    cfg = state().cfg
    ds = _n(cfg.base_iri + "dataset")
    t = [
        ox.Triple(ds, RDF_TYPE, _n(VOID + "Dataset")),
        ox.Triple(ds, _n(DCT + "title"), ox.Literal("LiverTox knowledge graph", language="en")),
        ox.Triple(ds, _n(DCT + "description"), ox.Literal(
            "NIH LiverTox drug monographs (drug-induced liver injury) as RDF, one named graph per monograph.",
            language="en")),
        ox.Triple(ds, _n(DCT + "source"), _n("https://www.ncbi.nlm.nih.gov/books/NBK547852/")),
        ox.Triple(ds, _n(VOID + "sparqlEndpoint"), _n(request.host_url + "sparql")),
        ox.Triple(ds, _n(VOID + "uriSpace"), ox.Literal(cfg.base_iri)),
        ox.Triple(ds, _n(VOID + "triples"), _int(stats["triples"])),
        ox.Triple(ds, _n(VOID + "classes"), _int(stats["classes"])),
        ox.Triple(ds, _n(VOID + "properties"), _int(stats["properties"])),
        ox.Triple(ds, _n(VOID + "documents"),
                  _int(sum(1 for g in stats["graphs"] if g.startswith(cfg.base_iri + "graph/monograph/")))),
    ]
    t.append(ox.Triple(ds, _n("http://purl.org/vocab/vann/preferredNamespaceUri"), ox.Literal(PREFIXES["ltx"])))
    if stats.get("version"):
        t.append(ox.Triple(ds, _n(DCT + "identifier"), ox.Literal(stats["version"])))
    dump = _dump_url()
    if dump:
        t.append(ox.Triple(ds, _n(VOID + "dataDump"), _n(dump)))
    for slug, title, space in SUBSETS:
        sub = _n(cfg.base_iri + "dataset/" + slug)
        t += [
            ox.Triple(ds, _n(VOID + "subset"), sub),
            ox.Triple(sub, RDF_TYPE, _n(VOID + "Dataset")),
            ox.Triple(sub, _n(DCT + "title"), ox.Literal(title, language="en")),
            ox.Triple(sub, _n(VOID + "uriSpace"), ox.Literal(space)),
            ox.Triple(sub, _n(VOID + "entities"), _int(stats["subsets"][slug])),
        ]
    for graph, count in stats["graphs"].items():
        sub = _n(graph)
        t += [
            ox.Triple(ds, _n(VOID + "subset"), sub),
            ox.Triple(sub, RDF_TYPE, _n(VOID + "Dataset")),
            ox.Triple(sub, RDF_TYPE, _n(SD + "NamedGraph")),
            ox.Triple(sub, _n(SD + "name"), sub),
            ox.Triple(sub, _n(VOID + "triples"), _int(count)),
        ]
    return t


def _sd_triples(stats: dict | None) -> list[ox.Triple]:
    cfg = state().cfg
    svc = _n(request.base_url)
    t = [
        ox.Triple(svc, RDF_TYPE, _n(SD + "Service")),
        ox.Triple(svc, _n(SD + "endpoint"), _n(request.base_url)),
        ox.Triple(svc, _n(SD + "supportedLanguage"), _n(SD + "SPARQL11Query")),
        ox.Triple(svc, _n(SD + "feature"), _n(SD + "UnionDefaultGraph")),
    ]
    if cfg.update_token:
        t.append(ox.Triple(svc, _n(SD + "supportedLanguage"), _n(SD + "SPARQL11Update")))
    if cfg.service_allow:
        t.append(ox.Triple(svc, _n(SD + "feature"), _n(SD + "BasicFederatedQuery")))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "N-Quads", "RDF_XML", "JSON-LD"):
        t.append(ox.Triple(svc, _n(SD + "resultFormat"), _n(FORMATS + name)))
    ds = _n(cfg.base_iri + "dataset")
    dg = ox.BlankNode()
    t += [
        ox.Triple(svc, _n(SD + "defaultDataset"), ds),
        ox.Triple(ds, RDF_TYPE, _n(SD + "Dataset")),
        ox.Triple(ds, RDF_TYPE, _n(VOID + "Dataset")),
        ox.Triple(ds, _n(SD + "defaultGraph"), dg),
        ox.Triple(dg, RDF_TYPE, _n(SD + "Graph")),
        ox.Triple(dg, _n(DCT + "description"),
                  ox.Literal("The default graph is the union of all named graphs.", language="en")),
        ox.Triple(ds, _n("http://www.w3.org/2000/01/rdf-schema#seeAlso"), _n(request.host_url + ".well-known/void")),
    ]
    if stats:
        t.append(ox.Triple(dg, _n(VOID + "triples"), _int(stats["triples"])))
        for graph, count in stats["graphs"].items():
            ng, g = ox.BlankNode(), ox.BlankNode()
            t += [
                ox.Triple(ds, _n(SD + "namedGraph"), ng),
                ox.Triple(ng, RDF_TYPE, _n(SD + "NamedGraph")),
                ox.Triple(ng, _n(SD + "name"), _n(graph)),
                ox.Triple(ng, _n(SD + "graph"), g),
                ox.Triple(g, RDF_TYPE, _n(SD + "Graph")),
                ox.Triple(g, _n(VOID + "triples"), _int(count)),
            ]
    return t


def _rdf_response(triples: list[ox.Triple], fmt, etag: str | None) -> Response:
    prefixes = {"sd": SD, "void": VOID, "dcterms": DCT, "rdfs": PREFIXES["rdfs"], "xsd": PREFIXES["xsd"]}
    triples = sorted(triples, key=lambda t: (isinstance(t.subject, ox.BlankNode), str(t.subject)))
    data = ox.serialize(triples, format=GRAPH_FORMATS[fmt.key],
                        prefixes=prefixes if fmt.key == "turtle" else None)
    headers = {"Vary": "Accept", "Cache-Control": "public, no-cache"}
    if etag:
        headers["ETag"] = f'W/"{etag}"'
    return Response(data, mimetype=fmt.media_type, headers=headers)


def _etag_or_304(kind: str, url: str, fmt) -> tuple[str | None, Response | None]:
    """The ETag of a self-description document, and a 304 when the client already has it."""
    etag = state().etag(kind, url, fmt.key)
    if etag and request.if_none_match.contains_weak(etag):
        return etag, Response(status=304, headers={"ETag": f'W/"{etag}"', "Vary": "Accept"})
    return etag, None


def _negotiate(html: bool):
    return choose("graph", request.accept_mimetypes, request.values.get("format"), html=html)


def service_description() -> Response:
    """GET /sparql without a query: SD in RDF (default Turtle), or the query page for browsers."""
    try:
        fmt = _negotiate(html=True)
    except NotAcceptable as e:
        return text(406, str(e))
    if fmt.key == "html":
        from livertox_kg.server.ui import page

        return Response(page(state().cfg), mimetype="text/html")
    etag, not_modified = _etag_or_304("sd", request.base_url, fmt)
    if not_modified:
        return not_modified
    try:
        stats = _stats()
    except (QueryTimeout, QueryFailed):
        stats = None
    return _rdf_response(_sd_triples(stats), fmt, etag)


@bp.get("/.well-known/void")
def void() -> Response:
    try:
        fmt = _negotiate(html=False)
    except NotAcceptable as e:
        return text(406, str(e))
    etag, not_modified = _etag_or_304("void", request.host_url, fmt)
    if not_modified:
        return not_modified
    try:
        stats = _stats()
    except QueryTimeout:
        return text(503, "computing the dataset statistics timed out")
    except QueryFailed as e:
        return text(503, f"dataset statistics unavailable: {e}")
    return _rdf_response(_void_triples(stats), fmt, etag)


@bp.get(f"/dump/{DUMP_NAME}")
def dump() -> Response:
    path = state().cfg.dump_path()
    if not path or not os.path.exists(path):
        return text(404, "no dump available")
    return send_file(os.path.realpath(path), mimetype="application/n-quads", conditional=True,
                     download_name=DUMP_NAME)


@bp.get("/health")
def health() -> Response:
    st = state()
    if st.cfg.backend is None:
        st.check_store()
        if not st.resolved or not os.path.isdir(st.resolved):
            return Response('{"status": "unavailable", "reason": "store missing"}\n', status=503,
                            mimetype="application/json")
    return Response('{"status": "ok"}\n', mimetype="application/json")
