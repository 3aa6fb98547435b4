"""Drug names -> FDA UNIIs by normalised exact match, cross-checked with the monograph's brand names.

For each drug (every agent of a multi-agent record is a drug of its own):

1. its name, normalised (:func:`livertox_kg.unii.normalise`), is looked up among the list's
   **official** names; one UNII -> ``skos:exactMatch``. Several UNIIs -> reported as ambiguous,
   nothing written (never guessed).
2. failing that, among **common** names, then **systematic** names; one UNII -> ``skos:closeMatch``
   with a lower confidence; several -> ambiguous.
3. failing that, a name made of two or more names joined by '-', '/', ' and ' or ' with ' whose
   every part matches is a **combination**: each part gets ``skos:relatedMatch``.
4. otherwise the drug is unmatched, with the reason (only salt/ester/hydrate forms listed, only as
   a brand name or code, or not at all).

A salt, ester or hydrate ("X hydrochloride", data/mappings/salt-forms.tsv) is a different substance
with its own UNII: a drug named "X" is never mapped to a form of X, and a drug named as a form is
mapped to that form, with its parent noted.

The monograph's brand names are checked against the list's **brand** rows: a brand of the matched
UNII, or of a salt/hydrate form of the same parent, agrees and raises the confidence; a brand listed
for an unrelated substance disagrees, lowers the confidence and is reported (it may also be a
misread brand). A brand the list does not have is neither.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from .namespaces import slug
from .paths import DATA_DIR
from .unii import UniiNames, normalise
from .unii import load as unii_load

SALT_FORMS_FILE = DATA_DIR / "mappings" / "salt-forms.tsv"

# Confidence by the kind of name matched; brand agreement adds, disagreement subtracts.
CONFIDENCE = {"of": 0.95, "cn": 0.85, "sys": 0.7}
BRAND_AGREES = 0.04
BRAND_DISAGREES = -0.15
COMPONENT = 0.9  # factor for each part of a combination
PREDICATE = {"of": "skos:exactMatch", "cn": "skos:closeMatch", "sys": "skos:closeMatch"}
TIERS = ("of", "cn", "sys")
_COMBINATION = re.compile(r"\s*(?:/|\+|\s-\s|(?<=[a-z])-(?=[a-z])|\band\b|\bwith\b)\s*", re.I)


@lru_cache(maxsize=1)
def salt_words() -> frozenset[str]:
    lines = [line for line in SALT_FORMS_FILE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return frozenset(row["word"].strip().upper() for row in csv.DictReader(lines, delimiter="\t"))


def form_suffix(key: str, parent: str) -> str | None:
    """'CALCIUM TRIHYDRATE' when ``key`` is ``parent`` followed only by salt/ester/hydrate words."""
    if not key.startswith(parent + " "):
        return None
    rest = key[len(parent) + 1:]
    words = rest.replace("(", " ").replace(")", " ").replace(",", " ").split()
    return rest if words and all(w in salt_words() for w in words) else None


def parent_of(key: str) -> str:
    """The name with trailing salt/ester/hydrate words removed ('ATORVASTATIN CALCIUM' -> 'ATORVASTATIN')."""
    words = key.split(" ")
    while len(words) > 1 and words[-1].strip("(),") in salt_words():
        words.pop()
    return " ".join(words)


@dataclass
class Drug:
    """What linking needs to know about one drug of the graph."""

    name: str  # the label, as the monograph names it
    brands: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return slug(self.name)


@dataclass
class Link:
    """One row to write: drug -> UNII."""

    drug: Drug
    unii: str
    display: str  # the list's display name of the UNII
    predicate: str
    confidence: float
    name_type: str  # of, cn, sys
    match_string: str
    note: str = ""


@dataclass
class Outcome:
    """What happened to one drug: matched, combination, ambiguous or unmatched, and why."""

    drug: Drug
    status: str
    reason: str = ""
    links: list[Link] = field(default_factory=list)
    candidates: list[tuple[str, str]] = field(default_factory=list)  # (UNII, display) when ambiguous
    brands_agreeing: list[str] = field(default_factory=list)
    brands_disagreeing: list[dict] = field(default_factory=list)
    brands_unlisted: list[str] = field(default_factory=list)
    forms: list[tuple[str, str]] = field(default_factory=list)  # salt/ester forms seen (name, UNII)

    def to_json(self) -> dict:
        return {
            "drug": self.drug.name, "iri_slug": self.drug.slug, "status": self.status, "reason": self.reason,
            "links": [{"unii": l.unii, "display_name": l.display, "predicate": l.predicate,
                       "confidence": l.confidence, "name_type": l.name_type, "note": l.note} for l in self.links],
            "candidates": [{"unii": u, "display_name": d} for u, d in self.candidates],
            "brands_agreeing": self.brands_agreeing, "brands_disagreeing": self.brands_disagreeing,
            "brands_unlisted": self.brands_unlisted,
            "salt_or_ester_forms_listed": [{"name": n, "unii": u} for n, u in self.forms],
        }


def wanted_names(drugs: Iterable[Drug]) -> tuple[set[str], set[str]]:
    """(every name the list will be asked about: drug names, their combination parts, brands;
    the names whose salt and ester forms are wanted too: drug names and parts)."""
    names: set[str] = set()
    stems: set[str] = set()
    for drug in drugs:
        parts = [drug.name, *(p for p in _COMBINATION.split(drug.name) if p.strip())]
        names.update(parts)
        stems.update(parts)
        names.update(drug.brands)
    return names, stems


def load_for(drugs: list[Drug], source=None) -> UniiNames:
    """The list's rows these drugs need (see :func:`livertox_kg.unii.load`)."""
    names, stems = wanted_names(drugs)
    return unii_load(names, source, forms_of=stems)


def _lookup(key: str, names: UniiNames) -> tuple[str, list] | None:
    """(tier, distinct (UNII, display) pairs) of the first tier with rows for ``key``."""
    for tier in TIERS:
        found = dict.fromkeys((r.unii, r.display) for r in names.rows(key, (tier,)))
        if found:
            return tier, list(found)
    return None


def _forms(key: str, names: UniiNames) -> list[tuple[str, str]]:
    seen = {}
    for other in names.keys_starting(key):
        if form_suffix(other, key):
            for row in names.rows(other, ("of", "cn")):
                seen.setdefault(row.unii, other)
    return sorted((name, unii) for unii, name in seen.items())


def _brands(outcome: Outcome, names: UniiNames) -> None:
    link = outcome.links[0]
    own = {parent_of(normalise(link.display)), parent_of(normalise(outcome.drug.name))}
    for brand in outcome.drug.brands:
        listed = dict.fromkeys((r.unii, r.display) for r in names.rows(normalise(brand), ("bn",)))
        if not listed:
            outcome.brands_unlisted.append(brand)
        elif any(u == link.unii or parent_of(normalise(d)) in own for u, d in listed):
            outcome.brands_agreeing.append(brand)
        else:
            outcome.brands_disagreeing.append(
                {"brand": brand, "listed_for": [{"unii": u, "display_name": d} for u, d in listed]})


def match(drug: Drug, names: UniiNames) -> Outcome:
    """The outcome for one drug (see the module docstring)."""
    key = normalise(drug.name)
    outcome = Outcome(drug, "unmatched")
    found = _lookup(key, names)
    if found:
        tier, pairs = found
        also = []
        preferred = [p for p in pairs if normalise(p[1]) == key]
        if len(pairs) > 1 and len(preferred) == 1:
            # FDA's own display (preferred) name settles it; the other holders are noted, not merged
            also = [p for p in pairs if p != preferred[0]]
            pairs = preferred
        if len(pairs) > 1:
            outcome.status = "ambiguous"
            outcome.candidates = pairs
            outcome.reason = f"the {_TYPE_WORDS[tier]} {key!r} belongs to {len(pairs)} UNIIs"
            return outcome
        (unii_id, display), = pairs
        note = f"{_TYPE_WORDS[tier]} {key!r} in the UNII list"
        if also:
            note += "; the display name decides: the name is also listed for " + ", ".join(f"{d} ({u})" for u, d in also)
        parent = parent_of(key)
        if parent != key and _lookup(parent, names):
            ptier, ppairs = _lookup(parent, names)
            if len(ppairs) == 1:
                note += f"; a salt/ester/hydrate form of {parent} (UNII {ppairs[0][0]}), a different substance"
        outcome.status = "matched"
        outcome.links = [Link(drug, unii_id, display, PREDICATE[tier], CONFIDENCE[tier], tier, key, note)]
        outcome.forms = [f for f in _forms(key, names) if f[1] != unii_id]
        _brands(outcome, names)
        confidence = CONFIDENCE[tier]
        if outcome.brands_disagreeing:
            confidence += BRAND_DISAGREES
            outcome.links[0].note += "; brand names disagree: " + ", ".join(
                d["brand"] for d in outcome.brands_disagreeing)
        elif outcome.brands_agreeing:
            confidence += BRAND_AGREES
            outcome.links[0].note += "; brand names agree: " + ", ".join(outcome.brands_agreeing)
        outcome.links[0].confidence = round(confidence, 2)
        return outcome
    parts = [p for p in _COMBINATION.split(drug.name) if p.strip()]
    if len(parts) >= 2:
        links, missing = [], []
        for part in parts:
            pkey = normalise(part)
            pfound = _lookup(pkey, names)
            if len(pkey.replace(" ", "")) >= 4 and pfound and len(pfound[1]) == 1:
                tier, ((unii_id, display),) = pfound
                links.append(Link(drug, unii_id, display, "skos:relatedMatch",
                                  round(CONFIDENCE[tier] * COMPONENT, 2), tier, pkey,
                                  f"component {pkey!r} of the combination ({_TYPE_WORDS[tier]} in the UNII list)"))
            else:
                missing.append(part)
        if not missing:
            outcome.status = "combination"
            outcome.links = links
            outcome.reason = f"a combination of {len(links)} substances; each part is linked with skos:relatedMatch"
            return outcome
        outcome.reason = f"a combination whose part(s) {', '.join(missing)} have no single UNII"
        return outcome
    outcome.forms = _forms(key, names)
    brands = dict.fromkeys((r.unii, r.display) for r in names.rows(key, ("bn",)))
    codes = dict.fromkeys((r.unii, r.display) for r in names.rows(key, ("cd",)))
    if outcome.forms:
        outcome.reason = ("FDA lists only salt/ester/hydrate forms under this name, each a different substance: "
                          + ", ".join(f"{n} ({u})" for n, u in outcome.forms[:6]))
    elif brands:
        outcome.reason = "listed only as a brand name, of " + ", ".join(f"{d} ({u})" for u, d in brands)
    elif codes:
        outcome.reason = "listed only as a code, of " + ", ".join(f"{d} ({u})" for u, d in codes)
    else:
        outcome.reason = "no official, common or systematic name in the UNII list matches the name"
    return outcome


_TYPE_WORDS = {"of": "official name", "cn": "common name", "sys": "systematic name"}


@dataclass
class LinkReport:
    outcomes: list[Outcome]
    list_version: str

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for o in self.outcomes:
            out[o.status] = out.get(o.status, 0) + 1
        return out

    def links(self) -> list[Link]:
        return [link for o in self.outcomes for link in o.links]

    def summary(self) -> str:
        total = len(self.outcomes)
        counts = self.counts()
        linked = counts.get("matched", 0) + counts.get("combination", 0)
        share = f"{100 * linked / total:.1f}%" if total else "n/a"
        parts = ", ".join(f"{counts.get(k, 0)} {k}" for k in ("matched", "combination", "ambiguous", "unmatched"))
        disagree = sum(1 for o in self.outcomes if o.brands_disagreeing)
        return (f"linked {linked} of {total} drug(s) to a UNII ({share}): {parts}; "
                f"{disagree} with disagreeing brand names; list: {self.list_version}")

    def to_json(self) -> dict:
        return {"list": self.list_version, "counts": self.counts(), "summary": self.summary(),
                "drugs": [o.to_json() for o in self.outcomes]}


def link_drugs(drugs: Iterable[Drug], names: UniiNames) -> LinkReport:
    """Match every drug (one outcome each, in name order)."""
    unique: dict[str, Drug] = {}
    for drug in drugs:
        known = unique.setdefault(drug.slug, Drug(drug.name))
        known.brands = list(dict.fromkeys([*known.brands, *drug.brands]))
    outcomes = [match(d, names) for d in sorted(unique.values(), key=lambda d: d.slug)]
    return LinkReport(outcomes, names.version.label())


# -- the SSSOM table of the links -----------------------------------------------------------------
UNII_SET_ID = "https://w3id.org/livertox-kg/mappings/unii-lexical.sssom.tsv"
UNII_COLUMNS = ["record_id", "subject_id", "subject_label", "predicate_id", "object_id", "object_label",
                "mapping_justification", "confidence", "subject_match_field", "match_string", "comment"]
UNII_CURIE_MAP = {
    "drug": "https://w3id.org/livertox-kg/drug/",
    "unii": "https://precision.fda.gov/uniisearch/srs/unii/",
    "ltxrec": "https://w3id.org/livertox-kg/mappings/record/",
    "ltxsw": "https://w3id.org/livertox-kg/software/",
    "bioregistry": "https://bioregistry.io/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "semapv": "https://w3id.org/semapv/vocab/",
}


def sssom_table(report: LinkReport, date: str) -> tuple[dict, list[dict]]:
    """(metadata, rows) of the machine-made UNII mappings: semapv:LexicalMatching, a confidence
    per row, our tool and version, and the UNII list's version as the object source version."""
    from . import __version__
    from .mappings import SSSOM_VERSION, record_id

    metadata = {
        "sssom_version": SSSOM_VERSION,
        "mapping_set_id": UNII_SET_ID,
        "mapping_set_version": f"{date} {report.list_version}",
        "mapping_set_title": "livertox-kg drugs matched to FDA UNIIs by name",
        "mapping_set_description": (
            "Machine-made: each drug name (every agent of a multi-agent record) normalised (ASCII, upper case, "
            "source tags such as [INN] dropped, spaces and hyphens folded) and matched exactly against the "
            "official names of FDA's UNII Names list (skos:exactMatch), else its common or systematic names "
            "(skos:closeMatch); parts of a combination get skos:relatedMatch. Salt, ester and hydrate forms are "
            "different substances and are never merged. The monograph's brand names are checked against the "
            "list's brand names: agreement raises the confidence, disagreement lowers it. Names that match "
            "several UNIIs are reported and left out. See livertox_kg/linking.py."),
        "license": "https://creativecommons.org/publicdomain/zero/1.0/",
        "creator_id": ["ltxsw:livertox-kg"],
        "mapping_tool": "livertox-kg link",
        "mapping_tool_id": "ltxsw:livertox-kg",
        "mapping_tool_version": __version__,
        "mapping_date": date,
        "object_source": "bioregistry:unii",
        "object_source_version": report.list_version,
        "curie_map": dict(UNII_CURIE_MAP),
    }
    rows = []
    for link in report.links():
        subject, obj = f"drug:{link.drug.slug}", f"unii:{link.unii}"
        rows.append({
            "record_id": record_id(subject, link.predicate, obj, "semapv:LexicalMatching"),
            "subject_id": subject, "subject_label": link.drug.name, "predicate_id": link.predicate,
            "object_id": obj, "object_label": link.display, "mapping_justification": "semapv:LexicalMatching",
            "confidence": link.confidence, "subject_match_field": ["rdfs:label"],
            "match_string": [link.match_string], "comment": link.note,
        })
    return metadata, rows


# -- the build's linking step ------------------------------------------------------------------------
@dataclass
class BuildLinks:
    """What the build gets from linking: the table to load, the report, and one line to show."""

    table: tuple[dict, list[dict]] | None
    report: LinkReport | None
    notice: str
    disagreements: list[str] = field(default_factory=list)


def curated_uniis(tables: Iterable[tuple[dict, list[dict]]]) -> dict[str, set[str]]:
    """drug CURIE -> UNIIs the hand-verified tables state (to check the machine against)."""
    found: dict[str, set[str]] = {}
    for _metadata, rows in tables:
        for row in rows:
            if row["object_id"].startswith("unii:") and row["mapping_justification"] == "semapv:ManualMappingCuration":
                found.setdefault(row["subject_id"], set()).add(row["object_id"])
    return found


def link_for_build(drugs: list[Drug], source, date: str, curated: dict[str, set[str]] | None = None) -> BuildLinks:
    """Link the build's drugs; without a UNII list (the [link] extra not installed and none named)
    linking is skipped with a notice saying so, and the build goes on."""
    from .unii import UniiListUnavailable

    try:
        names = load_for(drugs, source)
    except UniiListUnavailable as exc:
        return BuildLinks(None, None, f"linking to UNIIs skipped: {exc}")
    report = link_drugs(drugs, names)
    table = sssom_table(report, date)
    disagreements = []
    for row in table[1]:
        hand = (curated or {}).get(row["subject_id"])
        if hand and row["object_id"] not in hand and row["predicate_id"] != "skos:relatedMatch":
            disagreements.append(f"{row['subject_id']}: name match {row['object_id']} but the curated table "
                                 f"says {', '.join(sorted(hand))}")
    return BuildLinks(table, report, report.summary(), disagreements)
