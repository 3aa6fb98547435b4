"""Read one NCBI Bookshelf BITS/NXML record (LiverTox, NBK547852) into a :class:`Monograph`.

The record is rendered as plain text the extractor can read like a text monograph: headings on
their own lines, paragraphs separated by blank lines, list items as paragraphs, table rows as
lines with cells separated by two spaces, a final newline. Sections are flat (a heading's body
runs to the next heading) and their offsets index into ``Monograph.text``. The "Likelihood
score: ..." and "Drug Class: ..." paragraphs become sections of their own, as in text monographs.

Parsing never loads a DTD or touches the network. Named entities a strict XML parser rejects
(``&nbsp;``, ``&ndash;`` ... without their DTD) are replaced by the characters they name before
parsing; unknown ones are dropped with the surrounding text kept. Each such repair is reported
as a warning (logged, and appended to the caller's ``warnings`` list).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html.entities
import logging
import re

from lxml import etree

from .model import Monograph, Section, SourceError

log = logging.getLogger(__name__)

_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_ENTITY_RE = re.compile(rb"&([A-Za-z][A-Za-z0-9._-]*);")
_DECLARED_RE = re.compile(rb"<!ENTITY\s+%?\s*([A-Za-z][A-Za-z0-9._-]*)")
_WS_RE = re.compile(r"\s+")
_LIKELIHOOD_RE = re.compile(r"^\s*likelihood\s+score\b", re.I)
_DRUG_CLASS_RE = re.compile(r"^\s*drug\s+class\s*:", re.I)
_AGENT_SCORE_RE = re.compile(r"^\s*likelihood\s+score\s*\(", re.I)

# Section titles (lower case, whitespace folded, trailing colon dropped) -> canonical keys.
_TITLE_KEYS = {
    "overview": "overview",
    "introduction": "introduction",
    "background": "background",
    "hepatotoxicity": "hepatotoxicity",
    "likelihood score": "likelihood_score",
    "mechanism of injury": "mechanism_of_injury",
    "mechanism of liver injury": "mechanism_of_injury",
    "outcome and management": "outcome_and_management",
    "outcomes and management": "outcome_and_management",
    "drug class": "drug_class",
    "product information": "product_information",
    "representative trade names": "representative_trade_names",
    "trade names": "representative_trade_names",
    "complete labeling": "complete_labeling",
    "chemical formula and structure": "chemical_formula_and_structure",
    "case report": "case_report",
    "case reports": "case_report",
    "annotated bibliography": "annotated_bibliography",
    "references": "annotated_bibliography",
    "bibliography": "annotated_bibliography",
}

# Elements rendered as blocks of their own; everything else inside a block is inline text.
_BLOCKS = frozenset(
    {"p", "list", "table-wrap", "table", "fig", "disp-quote", "boxed-text", "def-list", "ref-list",
     "sec", "statement", "speech", "verse-group", "array", "table-wrap-group", "fig-group"}
)
_SKIP = frozenset({"graphic", "inline-graphic", "media", "object-id", "sec-meta", "alt-text",
                   "long-desc", "label"})
_MONTHS = {m.lower(): i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


def _local(el) -> str:
    """Element name without namespace; '' for comments, entities and processing instructions."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2] if tag[:1] == "{" else tag


def fold(text: str) -> str:
    """Whitespace folded to single spaces, trimmed."""
    return _WS_RE.sub(" ", text).strip()


def section_key(title: str, in_product_information: bool = False) -> str:
    """The canonical section key for a heading (the slug of the title when it is not canonical)."""
    norm = fold(title).rstrip(":. ").lower()
    if norm.startswith("case ") and (norm.startswith("case report") or norm[5:6].isdigit()):
        return "case_report"
    key = _TITLE_KEYS.get(norm)
    if key == "drug_class" and in_product_information:
        return "drug_class_product"
    if key:
        return key
    return re.sub(r"[^a-z0-9]+", "_", norm).strip("_") or "body"


def _replace_entities(data: bytes, warnings: list[str], source: str) -> bytes:
    """Named entities undefined without the DTD -> numeric references (or dropped if unknown)."""
    if b"&" not in data:
        return data
    declared = set(_DECLARED_RE.findall(data)) if b"<!ENTITY" in data else set()
    seen: dict[bytes, bytes] = {}

    def sub(m: re.Match) -> bytes:
        name = m.group(1)
        if name.decode() in _XML_ENTITIES or name in declared:
            return m.group(0)
        if name not in seen:
            chars = html.entities.html5.get(name.decode() + ";")
            if chars is None:
                seen[name] = b""
                _warn(warnings, source, f"undefined entity &{name.decode()}; dropped")
            else:
                seen[name] = "".join(f"&#{ord(c)};" for c in chars).encode()
                _warn(warnings, source,
                      f"undefined entity &{name.decode()}; replaced by {chars!r}")
        return seen[name]

    return _ENTITY_RE.sub(sub, data)


def _warn(warnings: list[str], source: str, message: str) -> None:
    log.warning("%s: %s", source, message)
    warnings.append(message)


class _Renderer:
    """Accumulates the plain-text rendering and its flat sections while walking BITS elements.

    A context ``ctx`` is ``(key, title, owner)`` of the innermost titled section (owner: the
    ``sec`` element), or None before the first heading. A block whose context differs from the
    open section's (text after a nested section or a special paragraph) opens a continuation
    section under its context's key and title.
    """

    def __init__(self, source: str, warnings: list[str]):
        self.source = source
        self.warnings = warnings
        self.chunks: list[str] = []
        self.length = 0
        self.spans: list[tuple[str, str, int, int]] = []
        self.open: list | None = None  # [key, title, owner, start, end]
        self.in_product = False
        self.likelihood_paragraphs = 0
        self.agent_score_paragraphs = 0
        self.formula_agents = 0

    # -- text assembly ---------------------------------------------------------------------
    def _emit(self, text: str) -> int:
        """Append a block (blank line before it unless first); return its start offset."""
        if self.chunks:
            self.chunks.append("\n\n")
            self.length += 2
        start = self.length
        self.chunks.append(text)
        self.length += len(text)
        return start

    def _close(self) -> None:
        if self.open is not None:
            key, title, _owner, start, end = self.open
            self.spans.append((key, title, start, end))
            self.open = None

    def heading(self, title: str, key: str, owner) -> None:
        self._close()
        start = self._emit(title)
        end = start + len(title)
        self.open = [key, title, owner, end, end]  # empty until a block arrives

    def block(self, text: str, ctx) -> None:
        if not text.strip():
            return
        special = None
        if _LIKELIHOOD_RE.match(text):
            special = ("likelihood_score", "Likelihood score")
            self.likelihood_paragraphs += 1
            self.agent_score_paragraphs += bool(_AGENT_SCORE_RE.match(text))
        elif _DRUG_CLASS_RE.match(text):
            special = ("drug_class", "Drug Class")
        if special is not None:
            self._close()
            start = self._emit(text)
            self.spans.append((special[0], special[1], start, self.length))
            return
        owner = ctx[2] if ctx else None
        if self.open is None or self.open[2] is not owner:
            self._close()
            key, title = (ctx[0], ctx[1]) if ctx else ("body", "")
            start = self._emit(text)
            self.open = [key, title, owner, start, self.length]
            return
        start = self._emit(text)
        if self.open[3] == self.open[4]:  # first block after the heading
            self.open[3] = start
        self.open[4] = self.length

    def finish(self) -> tuple[str, list[Section]]:
        self._close()
        # a complete record ends with a newline (readers treat a text without one as truncated)
        text = "".join(self.chunks) + ("\n" if self.chunks else "")
        return text, [Section(k, t, s, e, text[s:e]) for k, t, s, e in self.spans]

    # -- BITS walking -----------------------------------------------------------------------
    def _entity(self, node, out: list[str]) -> None:
        chars = html.entities.html5.get(node.name + ";")
        if chars is None:
            _warn(self.warnings, self.source, f"undefined entity &{node.name}; dropped")
        else:
            out.append(chars)

    def inline(self, el, out: list[str]) -> None:
        """Text of ``el`` and all its descendants, entities mapped, skipped elements left out."""
        if el.text:
            out.append(el.text)
        for child in el:
            if isinstance(child, etree._Entity):
                self._entity(child, out)
            elif isinstance(child.tag, str) and _local(child) not in _SKIP:
                if _local(child) in _BLOCKS:
                    out.append(" ")
                self.inline(child, out)
                if _local(child) in _BLOCKS:
                    out.append(" ")
            if child.tail:
                out.append(child.tail)

    def plain(self, el) -> str:
        out: list[str] = []
        self.inline(el, out)
        return fold("".join(out))

    def container(self, el, ctx) -> None:
        """Render the children of a body/sec/back/list-item/boxed-text ... as blocks."""
        for child in el:
            if isinstance(child.tag, str) and _local(child) not in ("title", "label", "sec-meta"):
                self.node(child, ctx)

    def node(self, el, ctx) -> None:
        name = _local(el)
        if name in _SKIP:
            return
        if name == "sec" or (name == "ref-list" and _child(el, "title") is not None):
            self.sec(el, ctx)
        elif name == "p":
            self.paragraph(el, ctx)
        elif name in ("table-wrap", "table"):
            self.table(el, ctx)
        elif name in ("ref", "term", "title", "toc-entry"):
            self.block(self.plain(el), ctx)
        elif name in _CONTAINERS:
            self.container(el, ctx)
        else:
            self.block(self.plain(el), ctx)

    def paragraph(self, p, ctx) -> None:
        """A <p>; block children (lists, tables) inside it become blocks of their own."""
        out: list[str] = [p.text or ""]
        for child in p:
            if isinstance(child, etree._Entity):
                self._entity(child, out)
            elif isinstance(child.tag, str) and _local(child) in _BLOCKS:
                self.block(fold("".join(out)), ctx)
                out = []
                self.node(child, ctx)
            elif isinstance(child.tag, str) and _local(child) not in _SKIP:
                self.inline(child, out)
            if child.tail:
                out.append(child.tail)
        self.block(fold("".join(out)), ctx)

    def table(self, el, ctx) -> None:
        """Caption as a paragraph, then one line per row, cells separated by two spaces."""
        caption = " ".join(filter(None, (self.plain(c) for c in el
                                         if isinstance(c.tag, str)
                                         and _local(c) in ("label", "caption"))))
        self.block(caption, ctx)
        rows, data_rows = [], 0
        for tr in el.iter("{*}tr", "tr"):
            cells = [c for c in tr if isinstance(c.tag, str) and _local(c) in ("td", "th")]
            line = "  ".join(self.plain(c) for c in cells).rstrip()
            if line:
                rows.append(line)
                header = _local(tr.getparent()) == "thead" or all(_local(c) == "th" for c in cells)
                data_rows += not header
        if ctx and ctx[0] == "chemical_formula_and_structure":
            self.formula_agents += data_rows
        self.block("\n".join(rows), ctx)

    def sec(self, el, ctx) -> None:
        title_el = _child(el, "title")
        title = self.plain(title_el) if title_el is not None else ""
        if not title:
            self.container(el, ctx)
            return
        key = section_key(title, self.in_product)
        if key == "product_information":
            self.in_product = True
        elif key in ("chemical_formula_and_structure", "annotated_bibliography", "case_report",
                     "overview"):
            self.in_product = False
        self.heading(title, key, el)
        self.container(el, (key, title, el))


_CONTAINERS = frozenset(
    {"list", "list-item", "ref-list", "fig", "fig-group", "table-wrap-group", "boxed-text",
     "disp-quote", "statement", "caption", "def-list", "def-item", "def", "app", "app-group",
     "glossary", "notes", "fn-group", "fn", "body", "back", "toc", "toc-div",
     "nav-pointer-group", "element-citation-group"}
)


def _child(el, name: str):
    return next((c for c in el if isinstance(c.tag, str) and _local(c) == name), None)


def _date(meta) -> dt.date | None:
    dates = meta.xpath(".//*[local-name()='pub-history']/*[local-name()='date']") or []
    chosen = next((d for d in dates if d.get("date-type") == "updated"), None)
    if chosen is None:
        chosen = next((d for d in meta.xpath(".//*[local-name()='date' or local-name()='pub-date']")
                       if d.get("date-type") in ("updated", "revised")), None)
    if chosen is None:
        return None
    iso = chosen.get("iso-8601-date")
    if iso:
        try:
            return dt.date.fromisoformat(iso[:10])
        except ValueError:
            pass
    parts = {}
    for c in chosen:
        if isinstance(c.tag, str):
            parts[_local(c)] = (c.text or "").strip()
    try:
        year = int(parts["year"])
        month_text = parts.get("month", "1") or "1"
        month = int(month_text) if month_text.isdigit() else _MONTHS[month_text[:3].lower()]
        day = int(parts.get("day") or 1)
        return dt.date(year, month, day)
    except (KeyError, ValueError):
        return None


def _first_text(el, xpath: str) -> str | None:
    found = el.xpath(xpath)
    if not found:
        return None
    text = fold("".join(found[0].itertext()))
    return text or None


def read_nxml(data: bytes, source: str, warnings: list[str] | None = None) -> Monograph:
    """Read one BITS/NXML record. Appends repairs (entities, recovered errors) to ``warnings``.

    Raises :class:`SourceError` when the bytes hold no usable record (not XML, no book-part,
    no title, no text). A table-of-contents record comes back with ``content_type='toc'``.
    """
    warnings = [] if warnings is None else warnings
    if not data or not data.strip():
        raise SourceError(source, "empty file")
    cleaned = _replace_entities(data, warnings, source)
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                             recover=True, huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(cleaned, parser)
    except etree.XMLSyntaxError as exc:
        raise SourceError(source, f"not XML: {exc}") from None
    if root is None:
        raise SourceError(source, "not XML: no root element")
    for err in parser.error_log:
        if err.level >= etree.ErrorLevels.ERROR and "not defined" not in err.message:
            _warn(warnings, source, f"XML recovered at line {err.line}: {err.message.strip()}")

    parts = [root] if _local(root) == "book-part" else root.xpath("//*[local-name()='book-part']")
    part = parts[0] if parts else None
    toc_attr = any(
        el.get("content-type") == "toc" or el.get("book-part-type") == "toc"
        for el in ([root] + ([part] if part is not None else []))
    )
    is_toc = toc_attr or _local(root) == "toc" or (
        part is None and root.xpath("//*[local-name()='toc']"))
    if part is None and not is_toc:
        raise SourceError(source, f"no book-part element (root is <{_local(root)}>)")
    scope = part if part is not None else root
    meta = next(iter(scope.xpath("./*[local-name()='book-part-meta']")), scope)
    title = _first_text(meta, ".//*[local-name()='title-group']/*[local-name()='title']")
    if title is None and part is None:
        title = _first_text(root, ".//*[local-name()='title']")
    record_id = _first_text(meta, "./*[local-name()='book-part-id']") or (
        part.get("id") if part is not None else None)
    last_update = _date(meta)

    r = _Renderer(source, warnings)
    for name in ("body", "back"):
        for el in scope.xpath(f"./*[local-name()='{name}']"):
            r.container(el, None)
    if is_toc and part is None:
        for el in root.xpath("//*[local-name()='toc']"):
            r.container(el, None)
    text, sections = r.finish()

    if is_toc:
        content_type = "toc"
    else:
        if not title:
            raise SourceError(source, "record has no title (book-part-meta/title-group/title)")
        if not text.strip():
            raise SourceError(source, "record has no body text")
        declared = (part.get("content-type") or "").lower() if part is not None else ""
        if declared in ("drug", "class-overview", "multi-agent"):
            content_type = declared
        elif r.agent_score_paragraphs >= 2 or r.likelihood_paragraphs >= 2:
            content_type = "multi-agent"
        elif r.likelihood_paragraphs == 1:
            content_type = "drug"
        elif "overview" in title.lower():
            content_type = "class-overview"
        elif r.formula_agents >= 2:
            content_type = "multi-agent"
        elif r.formula_agents == 1:
            content_type = "drug"
        else:
            content_type = "class-overview"

    return Monograph(
        source=source,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        format="nxml",
        sections=sections,
        title=title,
        last_update=last_update,
        record_id=record_id,
        content_type=content_type,
    )
