"""Command-line options not covered elsewhere: `query --format json`, `export --format nt`,
`ontology-release`, and `serve`'s --base-iri, --cache-size and LIVERTOX_KG_UPDATE_TOKEN (the serve
command runs for real up to gunicorn's main loop, which is replaced by one that keeps the app)."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from livertox_kg.cli import main
from livertox_kg.store import open_read_only

from server_support import make_store

LTX = "https://w3id.org/livertox-kg/"


def test_query_format_json(built_store):
    q = "SELECT ?n ?year WHERE { drug:baclofen ltx:tradeName ?n ; ltx:approvalYearUS ?year } ORDER BY ?n"
    result = CliRunner().invoke(main, ["query", q, "--store", str(built_store), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)  # SPARQL 1.1 Query Results JSON
    assert data["head"]["vars"] == ["n", "year"]
    rows = data["results"]["bindings"]
    assert "Lioresal" in {r["n"]["value"] for r in rows}
    assert {(r["year"]["value"], r["year"]["datatype"]) for r in rows} == {
        ("1977", "http://www.w3.org/2001/XMLSchema#integer")}
    ask = CliRunner().invoke(main, ["query", "ASK { drug:baclofen ?p ?o }", "--store", str(built_store),
                                    "--format", "json"])
    assert json.loads(ask.output)["boolean"] is True


def test_export_nt_is_the_union_of_the_graphs(built_store, tmp_path):
    out = tmp_path / "kg.nt"
    result = CliRunner().invoke(main, ["export", "--store", str(built_store), "--format", "nt", "-o", str(out)])
    assert result.exit_code == 0, result.output
    triples = [ox.Triple(q.subject, q.predicate, q.object)
               for q in ox.parse(path=str(out), format=ox.RdfFormat.N_TRIPLES)]
    store = open_read_only(built_store)
    distinct = {ox.Triple(q.subject, q.predicate, q.object) for q in store}
    assert len(triples) == len(set(triples)) == len(distinct) > 500

    def named(ts):  # blank nodes get new labels on the way out; compare the rest exactly
        return {t for t in ts if not any(isinstance(x, ox.BlankNode) for x in (t.subject, t.object))}

    assert named(triples) == named(distinct)
    to_stdout = CliRunner().invoke(main, ["export", "--store", str(built_store), "--format", "nt"])
    assert to_stdout.exit_code == 0 and len(to_stdout.output.strip().splitlines()) == len(triples)


def test_ontology_release_writes_both_artefacts(tmp_path, monkeypatch):
    from livertox_kg import ontology_release

    monkeypatch.setattr(ontology_release.write_release, "__defaults__", (tmp_path,))
    result = CliRunner().invoke(main, ["ontology-release"])
    assert result.exit_code == 0, result.output
    written = sorted(result.output.split())
    assert written == sorted(str(tmp_path / name) for name in ontology_release.ARTEFACTS)
    source = ontology_release.release_graph()
    for name, fmt in ontology_release.ARTEFACTS.items():
        assert isomorphic(Graph().parse(tmp_path / name, format=fmt), source), name


@pytest.fixture()
def serve(monkeypatch, tmp_path):
    """`livertox-kg serve ...` up to gunicorn's run loop; returns (the Flask app, gunicorn settings)."""
    from gunicorn.app.base import BaseApplication

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))  # restored after the test
    kept = {}

    def run(self):
        kept["app"] = self.load()
        kept["cfg"] = self.cfg

    monkeypatch.setattr(BaseApplication, "run", run)

    def invoke(*args, env=None):
        result = CliRunner().invoke(main, ["serve", *args], env=env)
        assert result.exit_code == 0, result.output
        apps.append(kept["app"])
        return kept["app"], kept["cfg"], result.output

    apps: list = []
    yield invoke
    for app in apps:
        app.extensions["livertox"].pool.close()


def test_serve_base_iri_and_cache_size(serve, tmp_path):
    store = make_store(tmp_path / "kg")
    app, cfg, _ = serve("--store", str(store), "--base-iri", "https://example.org/kg/", "--cache-size", "4",
                        "--port", "8123", "--workers", "3")
    assert cfg.bind == ["127.0.0.1:8123"] and cfg.workers == 3
    c = app.test_client()
    void = list(ox.parse(c.get("/.well-known/void").data, ox.RdfFormat.TURTLE))
    dataset = ox.NamedNode("https://example.org/kg/dataset")
    space = [t.object.value for t in void if t.subject == dataset and t.predicate.value.endswith("uriSpace")]
    assert space == ["https://example.org/kg/"]
    q = "SELECT ?l WHERE { ?d <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l"
    st = app.extensions["livertox"]
    first, second = (c.get("/sparql", query_string={"query": q}) for _ in range(2))
    assert first.data == second.data and st.cache.hits == 1 and st.cfg.cache_size == 4
    for i in range(10):
        c.get("/sparql", query_string={"query": q + f" # {i}"})
    assert len(st.cache) == 4


def test_serve_takes_the_update_token_from_the_environment(serve, tmp_path):
    store = make_store(tmp_path / "kg")
    app, cfg, output = serve("--store", str(store), "--workers", "2", env={"LIVERTOX_KG_UPDATE_TOKEN": "from-env"})
    assert cfg.workers == 1 and "single writer" in output
    c = app.test_client()
    ins = f'INSERT DATA {{ GRAPH <{LTX}graph/monograph/baclofen> {{ <{LTX}drug/baclofen> <{LTX}ontology#note> "x" }} }}'
    hdr = {"Content-Type": "application/sparql-update"}
    assert c.post("/update", data=ins.encode(), headers={**hdr, "Authorization": "Bearer other"}).status_code == 403
    assert c.post("/update", data=ins.encode(), headers={**hdr, "Authorization": "Bearer from-env"}).status_code == 204
    assert "SPARQL11Update" in c.get("/sparql", headers={"Accept": "text/turtle"}).get_data(as_text=True)


def test_serve_without_a_store_says_so(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "none")])
    assert result.exit_code == 2 and f"no store at {tmp_path / 'none'}" in result.output
