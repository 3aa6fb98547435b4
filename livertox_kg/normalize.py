"""One IRI per real-world entity: name folding and the lexicon tables under data/lexicon/."""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .paths import LEXICON_DIR

_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)


def clean_label(name: str) -> str:
    """The name as written, whitespace folded and a leading article dropped."""
    return _ARTICLE.sub("", " ".join(name.split())).strip(" .,;:")


def fold(name: str) -> str:
    """Matching key: case folded, no leading article, no spaces or hyphens ('GABA-B' == 'GABA B')."""
    return re.sub(r"[\s\-\u2010-\u2015]+", "", clean_label(name).casefold())


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#") and line.strip()]
    return list(csv.DictReader(lines, delimiter="\t"))


@lru_cache(maxsize=None)
def target_lexicon() -> dict[str, tuple[str, str]]:
    """folded name -> (canonical label, type) from data/lexicon/targets.tsv."""
    return {
        fold(row["name"]): (row["canonical_label"], row["type"])
        for row in _read_tsv(LEXICON_DIR / "targets.tsv")
    }


@lru_cache(maxsize=None)
def target_type_rules() -> list[tuple[re.Pattern[str], str]]:
    return [
        (re.compile(row["pattern"], re.IGNORECASE), row["type"])
        for row in _read_tsv(LEXICON_DIR / "target-types.tsv")
    ]


def target_type(label: str) -> str:
    """Ontology class local name for a target by its wording (MolecularTarget when unknown)."""
    for pattern, kind in target_type_rules():
        if pattern.search(label):
            return kind
    return "MolecularTarget"


@dataclass(frozen=True)
class Entity:
    key: str
    label: str
    kind: str


class Resolver:
    """Collects every written name of a kind of entity, then gives each folded name one label.

    The label is the lexicon's canonical label, else the most frequent written form (ties: the
    alphabetically first), so the choice does not depend on input order.
    """

    def __init__(self, lexicon: dict[str, tuple[str, str]] | None = None, typer=None):
        self._lexicon = lexicon or {}
        self._typer = typer
        self._seen: dict[str, Counter[str]] = defaultdict(Counter)

    def add(self, name: str) -> str:
        key = fold(name)
        canonical = self._lexicon.get(key)
        self._seen[canonical and fold(canonical[0]) or key][clean_label(name)] += 1
        return key

    def resolve(self, name: str) -> Entity:
        key = fold(name)
        canonical = self._lexicon.get(key)
        if canonical:
            label, kind = canonical
            return Entity(fold(label), label, kind)
        forms = self._seen.get(key) or Counter({clean_label(name): 1})
        label = min(forms, key=lambda form: (-forms[form], form))
        kind = self._typer(label) if self._typer else ""
        return Entity(key, label, kind)


def target_resolver() -> Resolver:
    return Resolver(target_lexicon(), target_type)


def condition_resolver() -> Resolver:
    return Resolver()
