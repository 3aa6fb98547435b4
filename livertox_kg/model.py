"""Plain data objects passed between the readers, the extractor and the RDF writer.

Readers (text, NXML, workbook) turn a source into a :class:`Monograph`; the extractor turns a
Monograph into :class:`AgentRecord` objects, each a list of :class:`Fact`; the RDF writer turns
those into quads. Offsets are character offsets into ``Monograph.text``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

# Canonical section keys; unknown headings get a slug of their own title.
SECTION_KEYS = (
    "overview",
    "introduction",
    "background",
    "hepatotoxicity",
    "likelihood_score",
    "mechanism_of_injury",
    "outcome_and_management",
    "drug_class",
    "product_information",
    "representative_trade_names",
    "drug_class_product",  # the DRUG CLASS heading under PRODUCT INFORMATION
    "complete_labeling",
    "chemical_formula_and_structure",
    "case_report",
    "annotated_bibliography",
    "body",  # text of a rendering without headings, or before the first heading
)

# JSON keys of ``livertox-kg facts`` whose value is a list (one Fact per item).
LIST_FIELDS = frozenset(
    {
        "brand_names",
        "combination_brand_names",
        "mechanism",
        "indications",
        "off_label_uses",
        "common_side_effects",
        "drug_classes",
        "drug_class_paths",
        "injury_patterns",
        "outcomes_reported",
        "outcomes_not_reported",
        "discontinuation_thresholds",
    }
)

# JSON keys always printed by ``livertox-kg facts`` (null / [] when not stated).
REQUIRED_FIELDS = (
    "name",
    "last_update",
    "summary",
    "approval_year_us",
    "brand_names",
    "chemical_description",
    "mechanism",
    "indications",
    "dose_forms_and_strengths",
    "recommended_adult_dose",
    "common_side_effects",
    "alt_elevation_rate",
    "likelihood_score",
)


@dataclass
class Section:
    """One headed part of a monograph, its text exactly as in ``Monograph.text``."""

    key: str
    title: str
    start: int  # offset of the first character of the section body
    end: int
    text: str


@dataclass
class Monograph:
    """A source document, read but not yet interpreted."""

    source: str  # file path or archive member, as the user named it
    text: str  # the text all offsets refer to
    sha256: str
    format: str  # 'pdf-text', 'web-page', 'nxml', ...
    sections: list[Section]
    title: str | None = None  # agent name when the source states it
    last_update: dt.date | None = None
    record_id: str | None = None  # e.g. the Bookshelf book-part-id
    content_type: str = "drug"  # 'drug', 'class-overview', 'multi-agent', 'toc'
    text_digest: str | None = None  # SHA-256 of ``text`` in UTF-8, kept when the text is dropped

    def text_sha256(self) -> str:
        """SHA-256 (hex) of the text the offsets index, in UTF-8: published so offsets can be
        checked. ``sha256`` is of the source file's bytes, which differ for NXML and workbooks."""
        if self.text_digest is None:
            self.text_digest = hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()
        return self.text_digest

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: source, section and sentence with offsets."""

    source: str
    section: str
    quote: str  # the sentence, whitespace folded, wording kept
    start: int
    end: int


@dataclass
class Fact:
    """One statement about an agent. ``field`` is a JSON key of ``livertox-kg facts``.

    ``value`` is a str, int, date or dict (mechanism: {action, target}; thresholds, ...).
    ``hedged`` marks statements the text qualifies ("is believed to", "may").
    """

    field: str
    value: Any
    evidence: Evidence | None
    hedged: bool = False


@dataclass
class AgentRecord:
    """The facts extracted for one agent of one monograph."""

    name: str
    monograph: Monograph
    facts: list[Fact] = field(default_factory=list)

    def values(self, field_name: str) -> list[Any]:
        return [f.value for f in self.facts if f.field == field_name]

    def to_json(self) -> dict[str, Any]:
        """The ``livertox-kg facts`` view: required keys first, lists for LIST_FIELDS."""
        out: dict[str, Any] = {k: ([] if k in LIST_FIELDS else None) for k in REQUIRED_FIELDS}
        out["name"] = self.name
        out["last_update"] = self.monograph.last_update.isoformat() if self.monograph.last_update else None
        for fact in self.facts:
            value = fact.value.isoformat() if isinstance(fact.value, dt.date) else fact.value
            if fact.field in LIST_FIELDS:
                bucket = out.setdefault(fact.field, [])
                if value not in bucket:
                    bucket.append(value)
            elif out.get(fact.field) is None:
                out[fact.field] = value
        return out


class SourceError(ValueError):
    """A source that cannot be read as a monograph; the message names the source and reason."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
