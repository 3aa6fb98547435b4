"""KnowledgeGraph: embedded and remote (a real `oxigraph serve-read-only`) give the same DataFrames."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import requests

from livertox_kg.library import load_library
from livertox_kg.store import dump_path
from tests import library_support

LIBRARY = load_library()
RUNNABLE = sorted(n for n, q in LIBRARY.items() if not q.federated)


@pytest.fixture(scope="session")
def library_store():
    return library_support.library_store_path()


@pytest.fixture(scope="session")
def embedded(library_store):
    from livertox_kg import KnowledgeGraph

    return KnowledgeGraph.open(library_store)


def _oxigraph() -> str | None:
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def endpoint(library_store, tmp_path_factory):
    """The build's N-Quads dump loaded into a separate Oxigraph server on a free loopback port."""
    binary = _oxigraph()
    if binary is None:
        raise RuntimeError("the oxigraph server CLI (PyPI 'oxigraph', test extra) is not installed")
    location = tmp_path_factory.mktemp("oxigraph-server") / "db"
    subprocess.run([binary, "load", "--location", str(location), "--file", str(dump_path(library_store))],
                   check=True, capture_output=True, timeout=120)
    port = _free_port()
    process = subprocess.Popen(
        [binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}",
         "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/query"
    try:
        for attempt in range(300):  # bounded wait for the server to come up
            try:
                if requests.post(url, data="ASK {}", headers={"Content-Type": "application/sparql-query"},
                                 timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or attempt == 299:
                raise RuntimeError(f"oxigraph server did not start: {process.stderr.read()!r}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            process.kill()


@pytest.fixture(scope="session")
def remote(endpoint):
    from livertox_kg import KnowledgeGraph

    return KnowledgeGraph.connect(endpoint)


def _canonical(df: pd.DataFrame) -> pd.DataFrame:
    """Rows in a fixed order (ties in ORDER BY may come back in either order from two stores)."""
    if df.empty:
        return df.reset_index(drop=True)
    return df.sort_values(list(df.columns), key=lambda col: col.astype("string").fillna(""),
                          ignore_index=True)


@pytest.mark.parametrize("name", RUNNABLE)
def test_open_and_connect_give_equal_frames(name, embedded, remote):
    local = embedded.query(name)
    over_http = remote.query(name)
    assert not local.empty, name
    pd.testing.assert_frame_equal(_canonical(local), _canonical(over_http), check_exact=True)


def test_params_and_graphs_over_http(embedded, remote):
    params = {"scheme": "DrugBank", "identifier": "DB00697"}
    pd.testing.assert_frame_equal(embedded.query("drug-by-external-id", **params),
                                  remote.query("drug-by-external-id", **params))
    assert remote.ask("is-receptor-agonist", drug="drug:tizanidine") is True
    from rdflib.compare import isomorphic

    assert isomorphic(embedded.graph("drug-subgraph"), remote.graph("drug-subgraph"))
    assert len(remote.graph("describe-drug")) > 20


def test_typed_columns(embedded, remote):
    sparql = """SELECT ?i ?y ?d ?b ?day ?iri ?other ?text ?missing WHERE {
      VALUES (?i ?y ?d ?b ?day ?iri ?other ?text) {
        (1977 "1977"^^xsd:gYear 0.15 true "2020-01-02"^^xsd:date drug:baclofen <http://example.org/x> "x"@en)
        (1958 "1958"^^xsd:gYear 2.5e0 false "2021-03-04"^^xsd:date class:antibiotics <http://example.org/y> "y")
      }
      OPTIONAL { ?i ltx:nothing ?missing }
    } ORDER BY ?i"""
    for kg in (embedded, remote):
        df = kg.query(sparql)
        assert str(df["i"].dtype) == "Int64" and list(df["i"]) == [1958, 1977]
        assert str(df["y"].dtype) == "Int64"
        assert str(df["d"].dtype) == "Float64" and list(df["d"]) == [2.5, 0.15]
        assert str(df["b"].dtype) == "boolean" and list(df["b"]) == [False, True]
        assert pd.api.types.is_datetime64_any_dtype(df["day"]) and df["day"][0] == pd.Timestamp("2021-03-04")
        assert list(df["iri"]) == ["class:antibiotics", "drug:baclofen"]  # compact with our prefixes
        assert list(df["other"]) == ["http://example.org/y", "http://example.org/x"]
        assert list(df["text"]) == ["y", "x"]
        assert df["missing"].isna().all()
        full = kg.query(sparql, compact=False)
        assert full["iri"][1] == "https://w3id.org/livertox-kg/drug/baclofen"


def test_convenience_accessors(embedded):
    assert list(embedded.drugs()["drugLabel"])[:2] == ["Baclofen", "Cholestomycin"]
    autonomic = embedded.drugs_of_class("Autonomic Agents")
    assert list(autonomic["drug"]) == ["drug:baclofen", "drug:testaclofen", "drug:tizanidine"]
    assert embedded.drugs_of_class("class:autonomic-agents", include_subclasses=False).empty
    assert list(embedded.drugs_of_class("Muscle Relaxants", include_subclasses=False)["drug"]) == \
        ["drug:baclofen", "drug:testaclofen", "drug:tizanidine"]
    assert list(embedded.drugs_acting_on("GABA-B receptor")["drug"]) == ["drug:baclofen", "drug:testaclofen"]
    facts = embedded.facts("Baclofen")
    assert "ltx:likelihoodScore" in set(facts["predicate"]) and facts["quote"].notna().all()
    assert "M03BX01" in set(embedded.identifiers("drug:baclofen")["identifier"])
    assert list(embedded.find("ATC", "M03BX01")["drug"]) == ["drug:baclofen"]
    assert list(embedded.search("gaba-b")["entity"]) == ["target:gaba-b-receptor"]
    listing = embedded.queries()
    assert len(listing) == len(LIBRARY) and listing["federated"].sum() >= 1


def test_errors_are_reported(embedded, remote, tmp_path):
    from livertox_kg.client import KnowledgeGraph, KnowledgeGraphError
    from livertox_kg.library import LibraryError
    from livertox_kg.store import StoreError

    with pytest.raises(KnowledgeGraphError, match="malformed"):
        embedded.query("SELECT WHERE {")
    with pytest.raises(KnowledgeGraphError, match="HTTP 400"):
        remote.query("SELECT WHERE {")
    with pytest.raises(KnowledgeGraphError, match="CONSTRUCT"):
        embedded.graph("drugs-overview")
    with pytest.raises(LibraryError):
        embedded.query("drugs-in-class", **{"class": "not an iri"})
    with pytest.raises(StoreError):
        KnowledgeGraph.open(tmp_path / "nothing")
    with pytest.raises(KnowledgeGraphError):
        KnowledgeGraph.connect(f"http://127.0.0.1:{_free_port()}/query", timeout=2).query("ASK {}")


def test_import_is_lazy():
    code = "import sys, livertox_kg; assert 'pandas' not in sys.modules and 'livertox_kg.client' not in sys.modules; " \
           "from livertox_kg import KnowledgeGraph; assert KnowledgeGraph.__module__ == 'livertox_kg.client'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=library_support.ROOT)
