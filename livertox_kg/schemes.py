"""External identifier schemes (data/mappings/schemes.tsv): an external IRI -> scheme, bare id, page."""

from __future__ import annotations

import csv
from functools import lru_cache

from .paths import DATA_DIR

SCHEMES_FILE = DATA_DIR / "mappings" / "schemes.tsv"


@lru_cache(maxsize=1)
def schemes() -> list[dict[str, str]]:
    lines = [line for line in SCHEMES_FILE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    return sorted(rows, key=lambda r: -len(r["iri_namespace"]))  # longest namespace first


def identify(iri: str) -> dict[str, str] | None:
    """{'scheme', 'identifier', 'page'} for an IRI in a known scheme, else None."""
    for row in schemes():
        if iri.startswith(row["iri_namespace"]) and len(iri) > len(row["iri_namespace"]):
            local = iri[len(row["iri_namespace"]):]
            return {"scheme": row["scheme"], "identifier": local, "page": row["page"].replace("{id}", local)}
    return None
