"""Word tables of the extractor, read from ``data/lexicon/`` (data, not code)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..paths import LEXICON_DIR


def read_tsv(name: str, directory: Path = LEXICON_DIR) -> list[dict[str, str]]:
    """Rows of a tab-separated table with a header; '#' lines are comments."""
    path = directory / name
    try:
        with path.open(encoding="utf-8") as handle:
            lines = [line for line in handle if not line.startswith("#") and line.strip()]
    except OSError as exc:
        raise FileNotFoundError(f"lexicon table {path}: {exc.strerror}") from exc
    rows = list(csv.DictReader(lines, delimiter="\t", restval=""))
    for i, row in enumerate(rows, 2):
        if None in row:
            raise ValueError(f"lexicon table {path}: row {i} has more columns than the header: {row}")
    return rows


@dataclass(frozen=True)
class Action:
    lemma: str
    relation: str
    form: str  # 'noun', 'event' or 'verb'
    needs: tuple[str, ...]
    strong: bool


@lru_cache(maxsize=None)
def actions() -> dict[str, Action]:
    """lemma -> :class:`Action` from mechanism-actions.tsv."""
    out = {}
    for row in read_tsv("mechanism-actions.tsv"):
        out[row["lemma"]] = Action(row["lemma"], row["relation"], row["form"], tuple((row.get("needs") or "").split()),
                                   (row.get("strength") or "strong") == "strong")
    return out


@lru_cache(maxsize=None)
def mechanism_words(role: str) -> frozenset[str]:
    """Words of one role in mechanism-words.tsv ('classifier', 'evaluative', 'process', ...)."""
    return frozenset(r["word"].lower() for r in read_tsv("mechanism-words.tsv") if r["role"] == role)


@lru_cache(maxsize=None)
def cue_table(name: str) -> dict[str, str]:
    """cue -> regular expression, from a two-column table (cue, pattern)."""
    return {r["cue"]: r["pattern"] for r in read_tsv(name)}


@lru_cache(maxsize=None)
def indication_words(role: str) -> tuple[str, ...]:
    """Words (or short phrases) of one role in indication-words.tsv, longest first."""
    words = {r["word"].lower() for r in read_tsv("indication-words.tsv") if r["role"] == role}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=None)
def brand_substances() -> dict[str, frozenset[str]]:
    """Brand name (as :func:`livertox_kg.unii.normalise` keys it, lower-cased) -> the substances FDA
    lists it under, from brand-names.tsv (derived from the UNII Names list)."""
    out: dict[str, set[str]] = {}
    for row in read_tsv("brand-names.tsv"):
        for brand in row["brands"].split(";"):
            if brand.strip():  # the table is already lower-cased ASCII: only hyphens are left to fold
                out.setdefault(" ".join(brand.replace("-", " ").split()), set()).add(row["substance"])
    return {k: frozenset(v) for k, v in out.items()}
