"""Read LiverTox's master list workbook (.xlsx) into agent records, and find where it disagrees
with the monographs.

Sheet layout: a title on row 1, the header on row 2 (Count, Ingredient, Brand Name, Likelihood
Score, Chapter Title, Last Update, Year Approved, In LiverTox, Primary Classification, Secondary
Classification; matched by name, any order), one agent per row, then summary rows after the
first empty row (not read).

The workbook becomes one :class:`Monograph` (format 'xlsx') whose text holds the header and the
data rows as tab-separated lines (line k+1 is sheet row header+k); the data rows form one Section
(key 'master_list', titled with the sheet name) and every Fact's Evidence quotes its row's line
with that line's offsets, so each fact keeps its source next to the monograph facts it is merged
with.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
from dataclasses import dataclass
from typing import Any, BinaryIO

from .model import AgentRecord, Evidence, Fact, Monograph, Section, SourceError

SECTION = "master_list"
COLUMNS = {
    "count": "count",
    "ingredient": "ingredient",
    "brand name": "brand_name",
    "brand names": "brand_name",
    "likelihood score": "likelihood_score",
    "chapter title": "chapter_title",
    "last update": "last_update",
    "year approved": "year_approved",
    "in livertox": "in_livertox",
    "primary classification": "primary_class",
    "secondary classification": "secondary_class",
}
_SCORE_RE = re.compile(r"^\s*([A-EX])\s*(\*?)\s*(?:\[\s*([A-Za-z]+)\s*\])?", re.I)
_YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_NOT_BRANDS = {"", "generic", "generics", "none", "n/a", "na", "-", "—"}


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return re.sub(r"\s+", " ", str(value)).strip()


def parse_score(value: Any) -> tuple[str, str | None] | None:
    """'E*' -> ('E*', None); 'A[HD]' -> ('A', 'HD'); unparseable -> None."""
    m = _SCORE_RE.match(_cell_text(value))
    if not m:
        return None
    return m.group(1).upper() + m.group(2), (m.group(3).upper() if m.group(3) else None)


def parse_year(value: Any) -> int | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        year = int(value)
        return year if 1800 <= year <= 2100 else None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    m = _YEAR_RE.search(_cell_text(value))
    return int(m.group(1)) if m else None


_DATE_FORMATS = ("%Y-%m-%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%m/%d/%Y",
                 "%B %Y", "%b %Y", "%Y-%m", "%Y%m%d")


def parse_date(value: Any) -> dt.date | None:
    """A date cell, or text such as '2018-03-15', 'January 5, 2020', '03/15/2018', 'Mar 2018'."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _cell_text(value).replace("Sept ", "Sep ")
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def split_brands(value: Any) -> list[str]:
    """Brand names split on commas/semicolons, registered/trademark signs and 'Generic' removed."""
    out = []
    for piece in re.split(r"[;,]", _cell_text(value)):
        name = piece.replace("®", "").replace("™", "").strip()
        if name.lower() not in _NOT_BRANDS and name not in out:
            out.append(name)
    return out


def _header_map(row: tuple) -> dict[str, int]:
    found = {}
    for i, cell in enumerate(row):
        key = COLUMNS.get(_cell_text(cell).lower().rstrip(":"))
        if key and key not in found:
            found[key] = i
    return found


def read_workbook(file: str | os.PathLike | BinaryIO, source: str | None = None
                  ) -> tuple[Monograph, list[AgentRecord]]:
    """The workbook as one Monograph (format 'xlsx') and one AgentRecord per data row."""
    from openpyxl import load_workbook

    if source is None:
        source = str(file) if isinstance(file, (str, os.PathLike)) else "workbook.xlsx"
    if isinstance(file, (str, os.PathLike)):
        try:
            with open(file, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            raise SourceError(source, f"cannot read: {exc.strerror or exc}") from None
    else:
        data = file.read()
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile/KeyError/InvalidFileException variants
        raise SourceError(source, f"not a readable .xlsx workbook: {type(exc).__name__}: {exc}") from None
    try:
        ws = wb.worksheets[0]
        sheet = ws.title
        rows = ws.iter_rows(values_only=True)
        header: dict[str, int] = {}
        header_row: tuple = ()
        row_no = 0
        for row_no, row in enumerate(rows, 1):  # the header is on row 2; tolerate rows 1-5
            header = _header_map(row)
            if "ingredient" in header:
                header_row = row
                break
            if row_no >= 5:
                break
        if "ingredient" not in header:
            raise SourceError(source, "no header row with an 'Ingredient' column in rows 1-5")
        lines = ["\t".join(_cell_text(c) for c in header_row).rstrip("\t")]
        offset = len(lines[0]) + 1
        first_data = offset
        parsed: list[tuple[str, Evidence, dict[str, Any]]] = []
        for row_no, row in enumerate(rows, row_no + 1):
            if row is None or all(_cell_text(c) == "" for c in row):
                break  # summary rows follow the first empty row
            line = "\t".join(_cell_text(c) for c in row).rstrip("\t")
            start, end = offset, offset + len(line)
            lines.append(line)
            offset = end + 1
            cells = {k: (row[i] if i < len(row) else None) for k, i in header.items()}
            if _cell_text(cells.get("ingredient")):
                parsed.append((line, Evidence(source, SECTION, line, start, end), cells))
    finally:
        wb.close()

    text = "\n".join(lines)
    start = min(first_data, len(text))
    sections = [Section(SECTION, sheet, start, len(text), text[start:])]
    monograph = Monograph(
        source=source,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        format="xlsx",
        sections=sections,
        title=re.sub(r"\.xlsx$", "", os.path.basename(source), flags=re.I) or sheet,
        content_type="master-list",
    )
    return monograph, [_record(cells, ev, monograph) for _line, ev, cells in parsed]


def _record(cells: dict[str, Any], ev: Evidence, monograph: Monograph) -> AgentRecord:
    rec = AgentRecord(_cell_text(cells["ingredient"]), monograph)
    add = rec.facts.append
    score = parse_score(cells.get("likelihood_score"))
    if score:
        add(Fact("likelihood_score", score[0], ev))
        if score[1]:
            add(Fact("likelihood_qualifier", score[1], ev))
    year = parse_year(cells.get("year_approved"))
    if year:
        add(Fact("approval_year_us", year, ev))
    for brand in split_brands(cells.get("brand_name")):
        add(Fact("brand_names", brand, ev))
    for key in ("primary_class", "secondary_class"):
        name = _cell_text(cells.get(key))
        if name and name.lower() not in _NOT_BRANDS:
            add(Fact("drug_classes", name, ev))
    updated = parse_date(cells.get("last_update"))
    if updated:
        add(Fact("last_update", updated, ev))
    return rec


def read_master_list(path: str | os.PathLike | BinaryIO, source: str | None = None) -> list[AgentRecord]:
    """One AgentRecord per agent row of the master list (see module docstring)."""
    return read_workbook(path, source)[1]


# -- conflicts ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Conflict:
    """One field on which the workbook and a monograph state different values for an agent."""

    agent: str
    field: str
    workbook_value: Any
    workbook_evidence: Evidence | None
    monograph_value: Any
    monograph_source: str
    monograph_evidence: Evidence | None

    def describe(self) -> str:
        wb_src = self.workbook_evidence.source if self.workbook_evidence else "workbook"
        return (f"{self.agent}: {self.field} is {self.workbook_value!r} in {wb_src} "
                f"but {self.monograph_value!r} in {self.monograph_source}")


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.casefold()).strip()


def _score(rec: AgentRecord) -> tuple[str | None, Evidence | None]:
    facts = [f for f in rec.facts if f.field == "likelihood_score"]
    if not facts:
        return None, None
    qual = next((f.value for f in rec.facts if f.field == "likelihood_qualifier"), None)
    return facts[0].value + (f"[{qual}]" if qual else ""), facts[0].evidence


def _first(rec: AgentRecord, field_name: str) -> tuple[Any, Evidence | None]:
    fact = next((f for f in rec.facts if f.field == field_name), None)
    return (fact.value, fact.evidence) if fact else (None, None)


def _classes_agree(workbook: list[str], monograph: list[str]) -> bool:
    """True when any workbook class names a monograph class (or part of a class path)."""
    wb = {_norm(c) for c in workbook}
    for cls in monograph:
        norm = _norm(cls)
        if norm in wb or any(w and w in norm for w in wb):
            return True
    return False


def find_conflicts(records: list[AgentRecord]) -> list[Conflict]:
    """Compare each workbook record (format 'xlsx') with every monograph record of the same agent
    (name matched case- and punctuation-insensitively) on likelihood score (with qualifier),
    US approval year and drug class. A value stated on one side only is not a conflict."""
    by_name: dict[str, tuple[list[AgentRecord], list[AgentRecord]]] = {}
    for rec in records:
        pair = by_name.setdefault(_norm(rec.name), ([], []))
        pair[0 if rec.monograph.format == "xlsx" else 1].append(rec)
    conflicts: list[Conflict] = []
    for workbook_recs, monograph_recs in by_name.values():
        for wb in workbook_recs:
            for mono in monograph_recs:
                src = mono.monograph.source
                for field_name, getter in (("likelihood_score", _score),
                                           ("approval_year_us",
                                            lambda r: _first(r, "approval_year_us"))):
                    wv, we = getter(wb)
                    mv, me = getter(mono)
                    if wv is not None and mv is not None and wv != mv:
                        conflicts.append(Conflict(wb.name, field_name, wv, we, mv, src, me))
                wc = [f for f in wb.facts if f.field == "drug_classes"]
                mc = [f for f in mono.facts if f.field in ("drug_classes", "drug_class_paths")]
                if wc and mc and not _classes_agree([f.value for f in wc], [f.value for f in mc]):
                    conflicts.append(Conflict(
                        wb.name, "drug_classes", [f.value for f in wc], wc[0].evidence,
                        [f.value for f in mc], src, mc[0].evidence))
    return conflicts
