"""External identifiers from the SSSOM mapping table, as quads in their own named graph."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import curies
import yaml
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL

from .namespaces import MAPPINGS_GRAPH
from .paths import MAPPINGS_FILE

SSSOM_IRI = "https://w3id.org/sssom/"


def read_sssom(path: Path = MAPPINGS_FILE) -> tuple[dict, list[dict[str, str]]]:
    """(metadata, rows) of an SSSOM TSV file: the '#' block is YAML, the rest a TSV table."""
    text = path.read_text(encoding="utf-8")
    header = "\n".join(line[1:] for line in text.splitlines() if line.startswith("#"))
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    metadata = yaml.safe_load(header) or {}
    rows = list(csv.DictReader(io.StringIO(body), delimiter="\t"))
    return metadata, rows


def converter(metadata: dict) -> curies.Converter:
    return curies.Converter.from_prefix_map(metadata["curie_map"])


def mapping_quads(path: Path = MAPPINGS_FILE, subjects: set[str] | None = None) -> list[tuple]:
    """skos mapping triples (predicate from the table) plus, per row, an owl:Axiom annotation
    with the page it was verified on, in graph/mappings. With ``subjects``, only rows about those
    IRIs (the entities of a build): no links dangle from drugs the build does not have."""
    metadata, rows = read_sssom(path)
    conv = converter(metadata)
    if subjects is not None:
        rows = [row for row in rows if conv.expand_strict(row["subject_id"]) in subjects]
    g = MAPPINGS_GRAPH
    set_iri = URIRef(metadata["mapping_set_id"])
    quads = [
        (set_iri, RDF.type, URIRef(SSSOM_IRI + "MappingSet"), g),
        (set_iri, DCTERMS.title, Literal(metadata.get("mapping_set_title", "")), g),
        (set_iri, RDFS.label, Literal(metadata.get("mapping_set_title", "mapping set"), lang="en"), g),
        (set_iri, DCTERMS.license, URIRef(metadata["license"]), g),
    ]
    for number, row in enumerate(rows, start=1):
        s = URIRef(conv.expand_strict(row["subject_id"]))
        p = URIRef(conv.expand_strict(row["predicate_id"]))
        o = URIRef(conv.expand_strict(row["object_id"]))
        quads.append((s, p, o, g))
        axiom = URIRef(f"{metadata['mapping_set_id']}#row-{number}")
        quads += [
            (axiom, RDF.type, OWL.Axiom, g),
            (axiom, RDFS.label, Literal(f"{row['subject_id']} {row['predicate_id']} {row['object_id']}"), g),
            (axiom, OWL.annotatedSource, s, g),
            (axiom, OWL.annotatedProperty, p, g),
            (axiom, OWL.annotatedTarget, o, g),
            (axiom, DCTERMS.isPartOf, set_iri, g),
            (axiom, URIRef(SSSOM_IRI + "mapping_justification"),
             URIRef(conv.expand_strict(row["mapping_justification"])), g),
        ]
        if row.get("object_label"):
            quads.append((o, RDFS.label, Literal(f"{row['object_label']} {row['object_id'].split(':', 1)[1]}"), g))
        for url in (row.get("see_also") or "").split():
            quads.append((axiom, RDFS.seeAlso, URIRef(url), g))
        if row.get("comment"):
            quads.append((axiom, RDFS.comment, Literal(row["comment"]), g))
    return quads
