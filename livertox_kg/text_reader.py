"""Read LiverTox monograph text (PDF extractions and Bookshelf page renderings) into a
:class:`~livertox_kg.model.Monograph` with headed sections.

The text is kept exactly as decoded; sections are offset ranges into it. Site boilerplate lines
are skipped, the title line (agent name) and the ``Last Update:`` date are read when present, and
the agent name is inferred from the text when there is no title line.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from dateutil import parser as dateparser

from .model import Monograph, Section, SourceError

# Lines of the Bookshelf page frame, not monograph content (matched on the stripped line).
BOILERPLATE = tuple(
    re.compile(p, re.I)
    for p in (
        r"U\.S\. flag",
        r"An official website of the United States government",
        r"Here'?s how you know",
        r"NCBI Bookshelf\. A service of the National Library of Medicine.*",
        r"LiverTox: Clinical and Research Information on Drug-Induced Liver Injury.*",
        r"Cover of LiverTox",
        r"Show details",
        r"Publication Details",
        r"Copyright Notice",
    )
)
GLUED_PREFIX = re.compile(r"Show details(?=\S)")
LAST_UPDATE = re.compile(r"Last Update:\s*(?P<date>[A-Za-z]+\.? \d{1,2}, \d{4})\.?")

# (key, pattern) for heading lines; the first match wins. Patterns are full-line matches.
HEADINGS = (
    ("overview", r"OVERVIEW"),
    ("introduction", r"Introduction"),
    ("background", r"Background"),
    ("hepatotoxicity", r"Hepatotoxicity"),
    ("mechanism_of_injury", r"Mechanism of (?:Liver )?Injury"),
    ("outcome_and_management", r"Outcome and Management"),
    ("product_information", r"PRODUCT INFORMATION"),
    ("representative_trade_names", r"REPRESENTATIVE TRADE NAMES?"),
    ("drug_class_product", r"DRUG CLASS(?:ES)?"),
    ("complete_labeling", r"COMPLETE LABELING"),
    ("chemical_formula_and_structure", r"CHEMICAL FORMULAS? AND STRUCTURES?"),
    ("case_report", r"CASE REPORTS?|Case \d+\.\s.*"),
    ("annotated_bibliography", r"ANNOTATED BIBLIOGRAPHY|REFERENCES?"),
)
_HEADING_RES = tuple((k, re.compile(p, re.I if k != "case_report" else 0)) for k, p in HEADINGS)
# Paragraph headings: the line itself is the section body.
INLINE_HEADINGS = (
    ("likelihood_score", re.compile(r"Likelihood scores?\b.*:", re.I)),
    ("drug_class", re.compile(r"Drug Class(?:es)?:\s*\S", re.I)),
)
# Sections holding lists/tables, where short capitalised lines are content, not headings.
TABULAR = {
    "product_information",
    "representative_trade_names",
    "drug_class_product",
    "complete_labeling",
    "chemical_formula_and_structure",
    "annotated_bibliography",
}
FORMULA_ROW = re.compile(
    r"^(?P<name>\S.*?)\s+(?P<cas>\d{2,7}-\d{2}-\d)\s+(?P<formula>[A-Z][A-Za-z0-9.\-]*)", re.M
)
SUBJECT = re.compile(r"^(?:[A-Z][a-z]+,\s+)?(?P<name>[A-Z][\w-]*(?: [A-Z]?[\w-]+){0,2}?)"
                     r"(?: \([^)]*\))? (?:is|are|was|were|has|have)\b")


def read_path(path: str | os.PathLike) -> Monograph:
    """Read a monograph text file. Raises :class:`SourceError` naming the file."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SourceError(source, f"cannot read file ({exc.strerror or exc})") from exc
    return read_text(data, source=source)


def read_text(path_or_text: str | bytes | os.PathLike, source: str | None = None) -> Monograph:
    """Read a monograph from a path, raw bytes or already decoded text.

    A ``str`` without a newline that names an existing file is read as a path.
    """
    if isinstance(path_or_text, os.PathLike):
        return read_path(path_or_text)
    if isinstance(path_or_text, str) and "\n" not in path_or_text and len(path_or_text) < 4096:
        candidate = Path(path_or_text.strip())
        if path_or_text and candidate.is_file():
            return read_path(path_or_text)
        if source is None and " " not in path_or_text.strip() and (candidate.suffix or os.sep in path_or_text):
            raise SourceError(path_or_text, "no such file")
    if isinstance(path_or_text, bytes):
        source = source or "<bytes>"
        text = decode(path_or_text, source)
    else:
        source = source or "<text>"
        text = path_or_text
        check_text(text, source)
    return parse(text, source)


def decode(data: bytes, source: str) -> str:
    """Decode UTF-8 bytes, rejecting empty, binary and undecodable input."""
    if not data.strip():
        raise SourceError(source, "empty file")
    if b"\x00" in data:
        raise SourceError(source, "binary content (NUL bytes), not monograph text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(source, f"not UTF-8 text (invalid byte at offset {exc.start})") from exc
    check_text(text, source)
    return text


def check_text(text: str, source: str) -> None:
    if not text.strip():
        raise SourceError(source, "empty file")
    if "\x00" in text:
        raise SourceError(source, "binary content (NUL bytes), not monograph text")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > max(2, len(text) // 100):
        raise SourceError(source, "binary content (control characters), not monograph text")


def detect_format(text: str) -> str:
    """'pdf-text' when lines are wrapped with trailing spaces, else 'web-page'."""
    wrapped = re.findall(r"\S[ \t]+\r?\n[ \t]*\S", text)
    return "pdf-text" if len(wrapped) >= 2 else "web-page"


def _lines(text: str):
    """Yield (start, end, line) for every line, end excluding the newline."""
    pos = 0
    for m in re.finditer(r"[^\n]*(?:\n|$)", text):
        if m.start() == len(text) and m.group() == "":
            break
        raw = m.group()
        line = raw.rstrip("\r\n")
        yield pos, pos + len(line), line
        pos = m.end()


def _heading_key(line: str) -> str | None:
    for key, rx in _HEADING_RES:
        if rx.fullmatch(line):
            return key
    return None


def _is_boilerplate(line: str) -> bool:
    return any(rx.fullmatch(line) for rx in BOILERPLATE)


def _looks_like_heading(line: str) -> bool:
    """A short capitalised line without sentence punctuation: an unknown heading."""
    words = line.split()
    if not 1 <= len(words) <= 8 or line[-1] in ".,;:" or not line[0].isupper():
        return False
    if re.search(r"[\d:;,()\[\]®–]", line):
        return False
    if line.isupper():
        return True
    small = {"and", "of", "the", "in", "on", "for", "to", "a", "an", "with", "or", "by"}
    return all(w[0].isupper() or w in small for w in words)


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_") or "section"


def _is_prose(line: str) -> bool:
    return len(line.split()) >= 6 and re.search(r"[a-z]", line) is not None and (
        re.search(r"[.!?](?:\s|$)", line) is not None or len(line.split()) >= 12
    )


def parse(text: str, source: str) -> Monograph:
    """Split decoded text into sections and read the title and last-update date."""
    fmt = detect_format(text)
    lines = list(_lines(text))
    truncated_tail = not text.endswith(("\n", " ", "\t"))
    headings: list[tuple[str, str, int, int]] = []  # key, title, line start, body start
    title: str | None = None
    last_update = None
    frame_end = 0  # end of the last frame line (boilerplate, title, date) before content
    seen_heading = False
    current = None
    prev_blank, prev_terminal = True, True
    for idx, (start, end, line) in enumerate(lines):
        stripped = line.strip().lstrip("\ufeff")
        lstart = start + (len(line) - len(line.lstrip().lstrip("\ufeff")))
        if not stripped:
            prev_blank = True
            continue
        glued = GLUED_PREFIX.match(stripped)
        if glued:
            lstart += glued.end()
            stripped = stripped[glued.end():].lstrip()
            if not seen_heading:
                frame_end = lstart
        is_last = idx == len(lines) - 1 or all(not ln.strip() for _, _, ln in lines[idx + 1:])
        m = LAST_UPDATE.fullmatch(stripped)
        if _is_boilerplate(stripped) or m:
            if m and last_update is None:
                try:
                    last_update = dateparser.parse(m.group("date")).date()
                except (ValueError, OverflowError):
                    pass
            if not seen_heading:
                frame_end = end
            prev_blank, prev_terminal = True, True
            continue
        key = _heading_key(stripped)
        body_start = None
        if key is None:
            for ikey, rx in INLINE_HEADINGS:
                if rx.match(stripped):
                    key, body_start = ikey, lstart
                    break
        if key is None and seen_heading and current not in TABULAR and (prev_blank or prev_terminal):
            if not (is_last and truncated_tail) and _looks_like_heading(stripped):
                key = slug(stripped)
        if key is not None:
            if body_start is None:
                body_start = end
            headings.append((key, stripped if key not in ("likelihood_score", "drug_class")
                             else stripped.split(":")[0].strip(), lstart, body_start))
            seen_heading, current = True, key
            prev_blank, prev_terminal = True, True
            continue
        if not seen_heading and title is None and not _is_prose(stripped) and len(stripped.split()) <= 8 \
                and stripped[-1] not in ".,;:" and not (is_last and truncated_tail):
            title = stripped
            frame_end = end
            prev_blank, prev_terminal = True, True
            continue
        prev_blank = False
        prev_terminal = stripped[-1] in ".!?)\""

    sections: list[Section] = []

    def add(key: str, sec_title: str, s: int, e: int) -> None:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        sections.append(Section(key=key, title=sec_title, start=s, end=e, text=text[s:e]))

    first = headings[0][2] if headings else len(text)
    pre = text[frame_end:first]
    if pre.strip():
        add("body", "", frame_end, first)
    for i, (key, sec_title, _lstart, body_start) in enumerate(headings):
        nxt = headings[i + 1][2] if i + 1 < len(headings) else len(text)
        add(key, sec_title, body_start, max(body_start, nxt))

    has_prose = any(_is_prose(ln.strip()) for _, _, ln in lines)
    known = [s for s in sections if s.key != "body" and s.text.strip()]
    if not known and not has_prose:
        raise SourceError(source, "no recognisable LiverTox section or prose")
    body = next((s for s in sections if s.key == "body"), None)
    if not known and body is not None and not _is_prose(" ".join(body.text.split())):
        raise SourceError(source, "no recognisable LiverTox section or prose")

    mono = Monograph(
        source=source,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        format=fmt,
        sections=sections,
        title=title,
        last_update=last_update,
    )
    names = agent_names(mono)
    if len(names) > 1:
        mono.content_type = "multi-agent"
    if mono.title is None:
        mono.title = infer_name(mono)
    return mono


def formula_rows(mono: Monograph) -> list[re.Match]:
    """Rows 'Name CAS formula' of the CHEMICAL FORMULA AND STRUCTURE table."""
    sec = mono.section("chemical_formula_and_structure")
    if sec is None:
        return []
    return [m for m in FORMULA_ROW.finditer(sec.text)]


# A title naming several agents, one word each: 'Venlafaxine, Desvenlafaxine'
TITLE_AGENTS = re.compile(r"^[A-Z][\w-]+(?:,\s*[A-Z][\w-]+)+(?:,?\s+and\s+[A-Z][\w-]+)?$")
LIKELIHOOD_LABEL = re.compile(r"Likelihood scores?\s*\((?P<agent>[^)]+)\)\s*:", re.I)


def agent_names(mono: Monograph) -> list[str]:
    """Agent names a record covers when it names several (formula rows, per-agent scores)."""
    names: list[str] = []
    if mono.title and TITLE_AGENTS.match(mono.title):  # 'Venlafaxine, Desvenlafaxine'
        names += [n for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", mono.title) if n]
    names += _intro_pair(mono)
    for m in formula_rows(mono):
        names.append(m.group("name").strip())
    for sec in mono.sections:
        if sec.key == "likelihood_score":
            for m in LIKELIHOOD_LABEL.finditer(sec.text):
                names.append(m.group("agent").strip())
    out: list[str] = []
    for n in names:
        n = n[:1].upper() + n[1:]
        if n.lower() not in {o.lower() for o in out}:
            out.append(n)
    return out


# 'Omeprazole and esomeprazole are proton pump inhibitors ...': the record covers both agents
INTRO_PAIR = re.compile(r"^(?P<a>[A-Z][\w-]+) and (?P<b>[a-z][\w-]+) are\b")


def _intro_pair(mono: Monograph) -> list[str]:
    """The title agent and the one coordinated with it as the subject (plural verb) of the
    Introduction's first sentence; a combination ('X and Y is a fixed combination') is one agent."""
    sec = mono.section("introduction")
    if sec is None or not mono.title:
        return []
    m = INTRO_PAIR.match(" ".join(sec.text.split()))
    if m is None or m.group("a").lower() != mono.title.strip().lower():
        return []
    return [m.group("a"), m.group("b")]


def infer_name(mono: Monograph) -> str | None:
    """The agent name from the first sentence subject of the introduction, else the formula table."""
    for key in ("introduction", "body", "background"):
        sec = mono.section(key)
        if sec is None:
            continue
        m = SUBJECT.match(" ".join(sec.text.split()))
        if m and m.group("name") not in ("It", "This", "The", "These"):
            return m.group("name")
    rows = formula_rows(mono)
    if rows:
        return rows[0].group("name").strip()
    return None
