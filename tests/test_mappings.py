"""The SSSOM mapping table: verified rows only, registry-built IRIs, its own named graph."""

from __future__ import annotations

import json

import bioregistry
import pytest
from rdflib import SKOS, URIRef

from livertox_kg.mappings import converter, mapping_quads, read_sssom
from livertox_kg.namespaces import DRUG, MAPPINGS_GRAPH, TARGET

from .conftest import ROOT


@pytest.fixture(scope="module")
def table():
    return read_sssom()


def test_every_row_names_where_it_was_verified(table):
    metadata, rows = table
    assert metadata["license"] and metadata["mapping_set_id"]
    assert rows
    for row in rows:
        assert row["see_also"].strip(), row
        assert row["mapping_justification"] == "semapv:ManualMappingCuration"
        assert row["predicate_id"] in {"skos:exactMatch", "skos:relatedMatch", "skos:closeMatch"}


def test_prefixes_expand_as_the_bioregistry_does(table):
    metadata, rows = table
    conv = converter(metadata)
    external = {row["object_id"] for row in rows}
    for curie in external:
        prefix, local = curie.split(":", 1)
        expected = bioregistry.get_iri("chebi" if prefix == "CHEBI" else prefix, local)
        assert conv.expand(curie) == expected, curie


def test_baclofen_rows_match_the_shared_identifier_record(table):
    _, rows = table
    baclofen = {row["object_id"] for row in rows if row["subject_id"] == "drug:baclofen"}
    assert baclofen == {"cas:1134-47-0", "atc:M03BX01", "unii:H789N3FKE8"}
    gaba = {row["object_id"]: row["predicate_id"] for row in rows if row["subject_id"] == "target:gaba-b-receptor"}
    assert gaba == {"uniprot:Q9UBS5": "skos:relatedMatch", "uniprot:O75899": "skos:relatedMatch"}


def test_no_identifier_that_the_source_did_not_see(table):
    """Every drug row's identifier is one the recorded sightings (data/mappings/identifiers-seen.json) state."""
    record = json.loads((ROOT / "data" / "mappings" / "identifiers-seen.json").read_text())
    seen = {f"drug:{agent}": {s["value"].removeprefix("CHEBI:") for sightings in entry["identifiers"].values()
                              for s in sightings}
            for agent, entry in record["agents"].items()}
    _, rows = table
    drug_rows = [row for row in rows if row["subject_id"].startswith("drug:")]
    assert drug_rows
    for row in drug_rows:
        assert row["object_id"].split(":", 1)[1] in seen[row["subject_id"]], row
        assert not row["object_id"].startswith("drugbank:APRD")


def test_quads_in_mappings_graph():
    quads = mapping_quads()
    assert all(g == MAPPINGS_GRAPH for *_, g in quads)
    triples = {(s, p, o) for s, p, o, _ in quads}
    assert (DRUG.baclofen, SKOS.exactMatch, URIRef("http://www.whocc.no/atc_ddd_index/?code=M03BX01")) in triples
    assert (TARGET["gaba-b-receptor"], SKOS.relatedMatch, URIRef("http://purl.uniprot.org/uniprot/Q9UBS5")) in triples
