"""The SSSOM mapping tables: verified rows, registry-built IRIs as the resources use them in RDF,
valid against SSSOM's LinkML schema, their own named graph, and no label on anyone else's IRI."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import bioregistry
import pytest
import sssom_schema
from click.testing import CliRunner
from linkml_runtime.utils.schemaview import SchemaView
from rdflib import RDFS, SKOS, URIRef

from livertox_kg.cli import main
from livertox_kg.mappings import converter, mapping_quads, parse_sssom, read_sssom, table_paths
from livertox_kg.namespaces import BASE, DRUG, MAPPINGS_GRAPH, TARGET
from livertox_kg.querying import execute
from livertox_kg.store import dump_path
from livertox_kg.wikidata import chained_rows

from conftest import ROOT

WIKIDATA_ANSWER = ROOT / "tests" / "fixtures" / "wikidata" / "federated-wikidata-by-unii.answer.json"
SCHEMA = SchemaView(str(Path(sssom_schema.__file__).parent / "schema" / "sssom_schema.yaml"))


def schema_errors(metadata: dict, rows: list[dict], columns: list[str]) -> list[str]:
    """What SSSOM's LinkML schema (1.1) says is wrong with a table: unknown or missing slots,
    values outside a slot's range, enum or pattern, CURIEs whose prefix the curie_map lacks,
    multi-valued cells not split by '|', and record_ids that are missing or repeated."""
    set_slots = {s.name: s for s in SCHEMA.class_induced_slots("mapping set")}
    row_slots = {s.name: s for s in SCHEMA.class_induced_slots("mapping")}
    prefixes = set(metadata.get("curie_map") or {})
    errors: list[str] = []

    def check(where: str, slot, value) -> None:
        rng = slot.range
        if rng in SCHEMA.all_enums():
            if str(value) not in SCHEMA.get_enum(rng).permissible_values:
                errors.append(f"{where}: {value!r} not in {rng}")
        elif rng in ("EntityReference", "uriorcurie"):
            prefix = str(value).split(":", 1)[0]
            if ":" not in str(value) or prefix not in prefixes or " " in str(value):
                errors.append(f"{where}: {value!r} is not a CURIE with a prefix of the curie_map")
        elif rng in ("uri", "NonRelativeURI"):
            if not re.match(r"^https?://\S+$", str(value)):
                errors.append(f"{where}: {value!r} is not an absolute IRI")
        elif rng == "double":
            number = float(value)
            if not (slot.minimum_value or 0) <= number <= (slot.maximum_value or 1):
                errors.append(f"{where}: {value!r} out of range")
        elif rng == "date":
            dt.date.fromisoformat(str(value))
        if slot.pattern and not re.search(slot.pattern, str(value)):
            errors.append(f"{where}: {value!r} does not match {slot.pattern}")

    for key, value in metadata.items():
        if key == "curie_map":
            continue
        if key not in set_slots:
            errors.append(f"metadata: {key} is not an SSSOM mapping set slot")
            continue
        slot = set_slots[key]
        if bool(slot.multivalued) != isinstance(value, list):
            errors.append(f"metadata: {key} {'must' if slot.multivalued else 'must not'} be a list")
        for v in value if isinstance(value, list) else [value]:
            check(f"metadata {key}", slot, v)
    for name, slot in set_slots.items():
        if slot.required and name not in metadata and name != "mappings":
            errors.append(f"metadata: required {name} missing")
    for column in columns:
        if column not in row_slots:
            errors.append(f"column {column} is not an SSSOM mapping slot")
    seen_ids: set[str] = set()
    for number, row in enumerate(rows, start=1):
        for name, slot in row_slots.items():
            if slot.required and not row.get(name) and name not in metadata:
                errors.append(f"row {number}: required {name} missing")
        for column in columns:
            cell = row.get(column) or ""
            if column not in row_slots or not cell:
                continue
            slot = row_slots[column]
            cells = cell.split("|") if slot.multivalued else [cell]
            for value in cells:
                if slot.multivalued and value != value.strip():
                    errors.append(f"row {number} {column}: values are '|'-separated without spaces")
                check(f"row {number} {column}", slot, value)
        rid = row.get("record_id")
        if not rid or rid in seen_ids:
            errors.append(f"row {number}: record_id missing or repeated")
        seen_ids.add(rid or "")
    return errors


def table_text_errors(text: str) -> list[str]:
    metadata, rows = parse_sssom(text)
    columns = list(rows[0]) if rows else []
    return schema_errors(metadata, rows, columns)


@pytest.fixture(scope="module")
def table():
    return read_sssom()


def test_every_row_names_where_it_was_verified_and_who_checked_it(table):
    metadata, rows = table
    assert metadata["license"] and metadata["mapping_set_id"] and metadata["sssom_version"] == "1.1"
    assert metadata["mapping_set_version"] and metadata["creator_id"]
    assert rows
    for row in rows:
        assert row["see_also"].strip(), row
        assert row["mapping_justification"] == "semapv:ManualMappingCuration"
        assert row["author_id"], row
        assert row["predicate_id"] in {"skos:exactMatch", "skos:relatedMatch", "skos:closeMatch"}
        # ATC classifies by use (one substance, several codes): never an exact match
        if row["object_id"].startswith("atc:"):
            assert row["predicate_id"] == "skos:relatedMatch", row


@pytest.mark.parametrize("path", table_paths(), ids=lambda p: p.name)
def test_tables_in_data_are_valid_sssom(path):
    assert table_text_errors(path.read_text(encoding="utf-8")) == []


def test_the_validator_catches_what_the_old_table_did_wrong(table):
    metadata, rows = table
    bad = dict(rows[0], see_also="http://a.example/ http://b.example/", mapping_justification="semapv:Guess")
    columns = list(rows[0])
    errors = schema_errors({**metadata, "object_label_scheme": "x"}, [bad, dict(rows[0])], columns)
    text = "\n".join(errors)
    assert "object_label_scheme is not an SSSOM mapping set slot" in text
    assert "see_also" in text and "semapv:Guess" in text and "record_id missing or repeated" in text


def test_record_ids_are_stable_when_rows_move(table):
    from livertox_kg.mappings import record_id

    _, rows = table
    for row in rows:
        assert row["record_id"] == record_id(row["subject_id"], row["predicate_id"], row["object_id"],
                                             row["mapping_justification"])


def test_prefixes_expand_as_the_resources_use_them_in_rdf(table):
    """The IRI a resource uses in its own RDF (the Bioregistry's rdf_uri_format: PubChemRDF, ChEMBL
    RDF, UniProt, OBO PURLs, Wikidata), its default URI format where it publishes no RDF."""
    from livertox_kg.wikidata import CURIE_MAP

    metadata, rows = table
    conv = converter(metadata)
    curies_used = {row["object_id"] for row in rows}
    curies_used |= {f"{prefix}:X1" for prefix in CURIE_MAP if prefix not in {"drug", "ltxrec", "ltxsw", "skos", "semapv"}}
    wikidata_conv = converter({"curie_map": CURIE_MAP})
    for curie in curies_used:
        prefix, local = curie.split(":", 1)
        resource = bioregistry.get_resource(prefix.lower())
        expected = (resource.get_rdf_uri_format() or bioregistry.get_uri_format(prefix.lower())).replace("$1", local)
        got = conv.expand(curie) if prefix in metadata["curie_map"] else wikidata_conv.expand(curie)
        assert got == expected, curie
    assert conv.expand("pubchem.compound:2284") == "http://rdf.ncbi.nlm.nih.gov/pubchem/compound/CID2284"


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
    assert (DRUG.baclofen, SKOS.relatedMatch, URIRef("http://www.whocc.no/atc_ddd_index/?code=M03BX01")) in triples
    assert (TARGET["gaba-b-receptor"], SKOS.relatedMatch, URIRef("http://purl.uniprot.org/uniprot/Q9UBS5")) in triples
    # labels only on our own IRIs (the axioms, the sets, our agents), never on an external one
    labelled = {s for s, p, _o, _g in quads if p == RDFS.label}
    assert labelled and all(str(s).startswith(BASE) for s in labelled)


def test_no_label_on_an_external_iri_anywhere_in_the_build(kg):
    # graph:ontology declares the imported vocabulary terms it uses (prov:Activity, ...) with their own
    # labels, as OBO-style import declarations do; no other graph labels anybody else's IRI
    rows = list(execute(kg, f"""SELECT ?s WHERE {{ GRAPH ?g {{ ?s rdfs:label|skos:prefLabel|dcterms:title ?l }}
        FILTER(?g != graph:ontology && !STRSTARTS(STR(?s), "{BASE}")) }} LIMIT 5"""))
    assert rows == []


def test_the_build_links_baclofen_by_its_official_name(kg, built_store):
    rows = list(execute(kg, """SELECT ?confidence ?version WHERE { GRAPH graph:mappings {
        ?a owl:annotatedSource drug:baclofen ; owl:annotatedProperty skos:exactMatch ;
           owl:annotatedTarget <https://precision.fda.gov/uniisearch/srs/unii/H789N3FKE8> ;
           <https://w3id.org/sssom/mapping_justification> <https://w3id.org/semapv/vocab/LexicalMatching> ;
           <https://w3id.org/sssom/confidence> ?confidence ;
           <https://w3id.org/sssom/object_source_version> ?version } }"""))
    assert len(rows) == 1 and 0.9 < float(rows[0]["confidence"].value) <= 1
    assert "UNII_Names-excerpt.txt" in rows[0]["version"].value and "sha256" in rows[0]["version"].value
    written = dump_path(built_store).with_suffix(".unii.sssom.tsv")
    assert table_text_errors(written.read_text(encoding="utf-8")) == []


def test_wikidata_answer_loader(tmp_path):
    metadata, chain = chained_rows(WIKIDATA_ANSWER, "2026-12-01")
    got = {(r["subject_id"], r["object_id"]) for r in chain.rows}
    assert ("drug:orphenadrine", "CHEBI:7789") in got and ("drug:orphenadrine", "drugbank:DB01173") in got
    assert ("drug:tizanidine", "pubchem.compound:5487") in got and ("drug:tizanidine", "wikidata:Q900002") in got
    # two MeSH values for one item, and one UNII on two items: reported and left out, never guessed
    assert not any(s == "drug:tizanidine" and o.startswith("mesh:") for s, o in got)
    assert not any(s == "drug:baclofen" for s, o in got)
    assert len(chain.ambiguous) == 2
    for row in chain.rows:
        assert row["mapping_justification"] == "semapv:MappingChaining" and row["predicate_id"] == "skos:closeMatch"
        assert row["mapping_date"] == "2026-12-01" and row["mapping_provider"] == "https://www.wikidata.org/"
    out = tmp_path / "wikidata-chained.sssom.tsv"
    result = CliRunner().invoke(main, ["link", "--wikidata-answer", str(WIKIDATA_ANSWER), "--wikidata-date",
                                       "2026-12-01", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert table_text_errors(out.read_text(encoding="utf-8")) == []
    quads = mapping_quads([out])
    assert (DRUG.orphenadrine, SKOS.closeMatch, URIRef("http://purl.obolibrary.org/obo/CHEBI_7789"), MAPPINGS_GRAPH) in quads
    bad = tmp_path / "bad.json"
    bad.write_text('{"head": {"vars": ["x"]}, "results": {"bindings": []}}')
    result = CliRunner().invoke(main, ["link", "--wikidata-answer", str(bad)])
    assert result.exit_code != 0 and "bad.json" in result.output and "lacks the variable" in result.output
