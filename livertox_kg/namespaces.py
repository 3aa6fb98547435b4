"""IRIs minted by livertox-kg. One persistent-style base; everything else hangs off it."""

from __future__ import annotations

import re
import unicodedata

from rdflib import Namespace

BASE = "https://w3id.org/livertox-kg/"
ONTOLOGY_IRI = BASE + "ontology"
LTX = Namespace(ONTOLOGY_IRI + "#")  # ontology terms
DRUG = Namespace(BASE + "drug/")
DRUG_CLASS = Namespace(BASE + "class/")
TARGET = Namespace(BASE + "target/")
CONDITION = Namespace(BASE + "condition/")
LIKELIHOOD = Namespace(BASE + "likelihood/")  # A..X and qualifiers, declared in the ontology
MONOGRAPH = Namespace(BASE + "monograph/")
EVIDENCE = Namespace(BASE + "evidence/")
GRAPH = Namespace(BASE + "graph/")
OA = Namespace("http://www.w3.org/ns/oa#")  # W3C Web Annotation: text position selectors
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")  # describes our named graphs

# Named graphs other than the per-monograph ones (GRAPH['monograph/<slug>']).
ONTOLOGY_GRAPH = GRAPH["ontology"]
MAPPINGS_GRAPH = GRAPH["mappings"]
INFERRED_GRAPH = GRAPH["inferred"]
ENTITIES_GRAPH = GRAPH["entities"]  # labels/types of drugs, classes, targets, conditions; class hierarchy
BUILD_GRAPH = GRAPH["build"]

PREFIXES: dict[str, str] = {
    "ltx": str(LTX),
    "drug": str(DRUG),
    "class": str(DRUG_CLASS),
    "target": str(TARGET),
    "condition": str(CONDITION),
    "likelihood": str(LIKELIHOOD),
    "monograph": str(MONOGRAPH),
    "evidence": str(EVIDENCE),
    "graph": str(GRAPH),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "obo": "http://purl.obolibrary.org/obo/",
    "oa": str(OA),
    "sd": str(SD),
}


def slug(label: str) -> str:
    """A lower-case, hyphen-separated IRI path segment for a label ('GABA B receptor' -> 'gaba-b-receptor')."""
    text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    text = text.replace("*", "-star")
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return text or "unnamed"


def sparql_prefixes() -> str:
    """PREFIX declarations for every prefix above, for queries and UIs."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
