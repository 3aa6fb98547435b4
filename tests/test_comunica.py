"""A linked-data client no one here wrote: Comunica 4.x (npm @comunica/query-sparql, installed through
web/ like YASGUI) runs SELECT, CONSTRUCT and ASK against /sparql and dereferences a drug IRI."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from livertox_kg.querying import execute
from tests.server_support import start_server, stop

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(__file__).with_name("comunica_client.js")
LTX = "https://w3id.org/livertox-kg/ontology#"
DRUG = "https://w3id.org/livertox-kg/drug/baclofen"


@pytest.fixture(scope="module")
def live(built_store, tmp_path_factory):
    server = start_server(["--store", str(built_store), "--workers", "1"],
                          tmp_path_factory.mktemp("comunica") / "server.log")
    yield server
    stop(server.proc)


def test_comunica_queries_the_endpoint_and_dereferences_a_drug(live, kg):
    node = shutil.which("node")
    assert node, "Node.js is needed (README: set-up)"
    assert (ROOT / "web" / "node_modules" / "@comunica" / "query-sparql").is_dir(), "run `cd web && npm ci`"
    run = subprocess.run([node, str(SCRIPT), live.url, DRUG], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout)
    assert out["comunica"].startswith("4.")

    drugs = [str(row["d"].value) for row in execute(kg, f"SELECT DISTINCT ?d WHERE {{ ?d a <{LTX}Drug> }}")]
    assert sorted({row["drug"] for row in out["select"]}) == sorted(drugs)
    assert {"drug": DRUG, "label": "Baclofen"} in out["select"]

    scores = {(str(r["d"].value), str(r["s"].value))
              for r in execute(kg, f"SELECT ?d ?s WHERE {{ ?d <{LTX}likelihoodScore> ?s }}")}
    assert {(s, o) for s, p, o in out["construct"] if p == LTX + "likelihoodScore"} == scores
    assert out["ask"] is True and out["askFalse"] is False

    # dereferenced: the document Comunica chose carries the drug's facts
    facts = {(p, o) for p, o in out["dereferenced"]}
    assert (LTX + "likelihoodScore", "https://w3id.org/livertox-kg/likelihood/D") in facts
    assert (LTX + "agonistOf", "https://w3id.org/livertox-kg/target/gaba-b-receptor") in facts
    log = live.log.read_text()
    # Comunica asks for N-Quads first (that Accept used to answer 500): it got the 303 and the document
    assert '"GET /drug/baclofen HTTP/1.1" 303' in log and '"GET /drug/baclofen.nq HTTP/1.1" 200' in log
    assert '" 500 ' not in log
