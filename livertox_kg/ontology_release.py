"""Build the ontology release artefacts from the edited source (OBO style).

``ontology/livertox.ttl`` is the only file people edit; ``ontology/release/`` holds what
tools load: the same axioms in Turtle and RDF/XML (OWL tools and owlready2 read the latter),
each stamped with the version IRI.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import OWL, Graph, URIRef

from .namespaces import ONTOLOGY_IRI
from .paths import ONTOLOGY_FILE, RELEASE_DIR

ARTEFACTS = {"livertox-kg.ttl": "turtle", "livertox-kg.owl": "xml"}


def release_graph(source: Path = ONTOLOGY_FILE) -> Graph:
    graph = Graph().parse(source, format="turtle")
    version = graph.value(URIRef(ONTOLOGY_IRI), OWL.versionIRI)
    if version is None:
        raise ValueError(f"{source}: the ontology has no owl:versionIRI")
    return graph


def render(graph: Graph) -> dict[str, bytes]:
    return {name: graph.serialize(format=fmt, encoding="utf-8") for name, fmt in ARTEFACTS.items()}


def write_release(target: Path = RELEASE_DIR) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in render(release_graph()).items():
        (target / name).write_bytes(data)
        written.append(target / name)
    return written
