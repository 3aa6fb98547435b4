"""SSSOM mapping tables (read, write, record ids) and their quads, in the mappings named graph.

Tables follow SSSOM 1.1 (https://w3id.org/sssom/): a YAML metadata block in '#' lines, then a TSV;
multi-valued cells are separated by '|'; every row has a stable ``record_id`` made from what the row
says (subject, predicate, object, justification), so ids survive rows moving. In RDF each row is an
``owl:Axiom`` named by its record_id, carrying the justification, confidence, tool, author and the
object's label as SSSOM properties. Nothing is ever said *about* an external IRI (no label, no type):
we only point at it.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable
from pathlib import Path

import curies
import yaml
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, XSD

from .namespaces import BASE, MAPPINGS_GRAPH
from .paths import MAPPINGS_FILE

SSSOM_IRI = "https://w3id.org/sssom/"
SSSOM_VERSION = "1.1"
MAPPINGS_DIR = MAPPINGS_FILE.parent
RECORD_PREFIX = "ltxrec"
RECORD_NS = BASE + "mappings/record/"
MULTIVALUED = {"see_also", "author_id", "author_label", "reviewer_id", "reviewer_label", "creator_id",
               "creator_label", "subject_match_field", "object_match_field", "match_string",
               "subject_preprocessing", "object_preprocessing", "curation_rule", "curation_rule_text"}
# SSSOM slots written onto each row's axiom: (slot, kind) where kind is 'iri', 'literal' or a datatype
AXIOM_SLOTS = {
    "mapping_justification": "iri", "author_id": "iri", "reviewer_id": "iri", "creator_id": "iri",
    "mapping_tool_id": "iri", "mapping_provider": "iri", "object_source": "iri", "subject_source": "iri",
    "confidence": XSD.double, "mapping_date": XSD.date, "object_label": "literal",
    "mapping_tool": "literal", "mapping_tool_version": "literal", "object_source_version": "literal",
    "match_string": "literal", "subject_match_field": "iri", "object_match_field": "iri",
}
# Agents we name in the tables, with their labels (every IRI we mint has one).
AGENTS = {
    BASE + "mappings/curators": "livertox-kg curators: the project's engineers, who checked each curated row "
                                "against the page named in its see_also",
    BASE + "software/livertox-kg": "livertox-kg",
}


def read_sssom(path: Path = MAPPINGS_FILE) -> tuple[dict, list[dict[str, str]]]:
    """(metadata, rows) of an SSSOM TSV file: the '#' block is YAML, the rest a TSV table."""
    text = path.read_text(encoding="utf-8")
    return parse_sssom(text)


def parse_sssom(text: str) -> tuple[dict, list[dict[str, str]]]:
    header = "\n".join(line[1:] for line in text.splitlines() if line.startswith("#"))
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    metadata = yaml.safe_load(header) or {}
    rows = list(csv.DictReader(io.StringIO(body), delimiter="\t"))
    return metadata, rows


def write_sssom(metadata: dict, rows: list[dict], columns: list[str]) -> str:
    """SSSOM/TSV text: the metadata as a '#' YAML block, then the rows (missing cells empty)."""
    block = yaml.safe_dump(metadata, sort_keys=False, allow_unicode=True, width=1000)
    out = io.StringIO()
    out.write("".join(f"#{line}\n" for line in block.splitlines()))
    writer = csv.DictWriter(out, columns, delimiter="\t", lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: _cell(row.get(c)) for c in columns})
    return out.getvalue()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "|".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def values(row: dict, column: str) -> list[str]:
    """A cell as a list ('|'-separated for SSSOM's multi-valued slots)."""
    raw = row.get(column)
    if isinstance(raw, (list, tuple)):
        return [str(v) for v in raw]
    cell = _cell(raw).strip()
    if not cell:
        return []
    return [v.strip() for v in cell.split("|")] if column in MULTIVALUED else [cell]


def record_id(subject_id: str, predicate_id: str, object_id: str, justification: str) -> str:
    """A stable record id from what the row states: the same mapping keeps its id wherever it sits."""
    digest = hashlib.sha256("\t".join((subject_id, predicate_id, object_id, justification)).encode()).hexdigest()
    return f"{RECORD_PREFIX}:{digest[:16]}"


def converter(metadata: dict) -> curies.Converter:
    return curies.Converter.from_prefix_map(metadata["curie_map"])


def table_paths(directory: Path = MAPPINGS_DIR) -> list[Path]:
    """The SSSOM tables the build loads: every ``*.sssom.tsv`` in data/mappings."""
    return sorted(directory.glob("*.sssom.tsv"))


def table_quads(metadata: dict, rows: list[dict], subjects: set[str] | None = None) -> list[tuple]:
    """skos mapping triples (predicate from the table) plus, per row, an owl:Axiom named by its
    record_id with the row's justification, confidence, tool, author, object label and pages, in
    graph/mappings. With ``subjects``, only rows about those IRIs (the entities of a build): no
    links dangle from drugs the build does not have."""
    conv = converter(metadata)
    if subjects is not None:
        rows = [row for row in rows if conv.expand_strict(row["subject_id"]) in subjects]
    g = MAPPINGS_GRAPH
    set_iri = URIRef(metadata["mapping_set_id"])
    title = metadata.get("mapping_set_title", "mapping set")
    quads = [
        (set_iri, RDF.type, URIRef(SSSOM_IRI + "MappingSet"), g),
        (set_iri, DCTERMS.title, Literal(title), g),
        (set_iri, RDFS.label, Literal(title, lang="en"), g),
        (set_iri, DCTERMS.license, URIRef(metadata["license"]), g),
    ]
    if metadata.get("mapping_set_version"):
        quads.append((set_iri, OWL.versionInfo, Literal(str(metadata["mapping_set_version"])), g))
    for creator in metadata.get("creator_id") or []:
        quads.append((set_iri, DCTERMS.creator, URIRef(conv.expand_strict(creator)), g))
    for agent, label in AGENTS.items():
        quads.append((URIRef(agent), RDFS.label, Literal(label, lang="en"), g))
    propagated = {k: v for k, v in metadata.items() if k in AXIOM_SLOTS}
    for row in rows:
        s = URIRef(conv.expand_strict(row["subject_id"]))
        p = URIRef(conv.expand_strict(row["predicate_id"]))
        o = URIRef(conv.expand_strict(row["object_id"]))
        quads.append((s, p, o, g))
        rid = row.get("record_id") or record_id(row["subject_id"], row["predicate_id"], row["object_id"],
                                                row["mapping_justification"])
        axiom = URIRef(conv.expand_strict(rid))
        quads += [
            (axiom, RDF.type, OWL.Axiom, g),
            (axiom, RDFS.label, Literal(f"{row['subject_id']} {row['predicate_id']} {row['object_id']}"), g),
            (axiom, OWL.annotatedSource, s, g),
            (axiom, OWL.annotatedProperty, p, g),
            (axiom, OWL.annotatedTarget, o, g),
            (axiom, DCTERMS.isPartOf, set_iri, g),
        ]
        for slot, kind in AXIOM_SLOTS.items():
            cells = values(row, slot) or _as_list(propagated.get(slot))
            for cell in cells:
                prop = URIRef(SSSOM_IRI + slot)
                if kind == "iri":
                    quads.append((axiom, prop, URIRef(_iri(conv, cell)), g))
                elif kind == "literal":
                    quads.append((axiom, prop, Literal(cell), g))
                else:
                    quads.append((axiom, prop, Literal(cell, datatype=kind), g))
        for url in values(row, "see_also"):
            quads.append((axiom, RDFS.seeAlso, URIRef(url), g))
        if row.get("comment"):
            quads.append((axiom, RDFS.comment, Literal(row["comment"]), g))
    return quads


def _iri(conv: curies.Converter, value: str) -> str:
    """A CURIE expanded, or an absolute IRI as it is (SSSOM's uri-ranged slots take IRIs)."""
    return value if value.startswith(("http://", "https://")) else conv.expand_strict(value)


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def mapping_quads(paths: Iterable[Path] | None = None, subjects: set[str] | None = None,
                  tables: Iterable[tuple[dict, list[dict]]] = ()) -> list[tuple]:
    """Quads of the tables in ``paths`` (default: every table in data/mappings) and of ``tables``
    made in memory (the build's UNII links)."""
    quads: list[tuple] = []
    for path in (table_paths() if paths is None else paths):
        quads += table_quads(*read_sssom(Path(path)), subjects)
    for metadata, rows in tables:
        quads += table_quads(metadata, rows, subjects)
    return quads
