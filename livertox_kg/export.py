"""`livertox-kg export`: the store as N-Quads, TriG, JSON-LD (graphs kept) or Turtle/N-Triples (union)."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from .namespaces import PREFIXES
from .store import open_read_only

DATASET_FORMATS = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}
GRAPH_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}
UNION = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def export_store(store_path: Path, fmt: str, output: BinaryIO) -> None:
    store = open_read_only(store_path)
    prefixes = dict(PREFIXES)
    if fmt in DATASET_FORMATS:
        kind = DATASET_FORMATS[fmt]
        store.dump(output, kind, prefixes=prefixes if kind != ox.RdfFormat.N_QUADS else None)
    else:
        kind = GRAPH_FORMATS[fmt]
        ox.serialize(store.query(UNION), output, kind,
                     prefixes=prefixes if kind == ox.RdfFormat.TURTLE else None)
