"""A small SPARQL 1.1 tokenizer: enough to know a request's form and every IRI after SERVICE or LOAD.

It follows the SPARQL grammar's terminals (IRIREF, strings, comments, prefixed names, variables)
so that keywords hidden in comments, strings or IRIs are never mistaken for real ones, and it
applies the codepoint-escape pass (\\uXXXX, \\UXXXXXXXX) that the spec, and Oxigraph, run on the
whole request before parsing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_LOCAL = (
    f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
)

_TOKEN = re.compile(
    "|".join(
        [
            r"(?P<ws>\s+)",
            r"(?P<comment>\#[^\n\r]*)",
            r'(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)',
            r'(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""'
            r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
            r'|"(?:[^"\\\n\r]|\\.)*"'
            r"|'(?:[^'\\\n\r]|\\.)*')",
            f"(?P<var>[?$][{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*)",
            f"(?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)",
            r"(?P<bnode>_:[^\s.;,(){}\[\]]+)",
            r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)",
            r"(?P<number>[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)",
            r"(?P<punct>\^\^|&&|\|\||!=|<=|>=|[{}()\[\].,;=<>!*/+\-^|@])",
            r"(?P<other>.)",
        ]
    ),
    re.DOTALL,
)

QUERY_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}
UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


@dataclass
class Analysis:
    """What a request is (query form or update) and every endpoint it would reach."""

    form: str | None  # SELECT / CONSTRUCT / DESCRIBE / ASK / UPDATE / None (unknown)
    services: list[str | None] = field(default_factory=list)  # None: a variable or unresolved target
    loads: list[str | None] = field(default_factory=list)
    dataset_clause: bool = False  # FROM / FROM NAMED in the query itself


def unescape_codepoints(text: str) -> str:
    """Apply SPARQL's \\u / \\U codepoint escapes to the whole text, as parsers do first."""
    return _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def tokenize(text: str) -> list[Token]:
    """Significant tokens of a SPARQL request (no whitespace, no comments)."""
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in ("ws", "comment"):
            continue
        out.append(Token(kind, m.group()))
    return out


def _resolve(tok: Token, base: str | None, prefixes: dict[str, str]) -> str | None:
    if tok.kind == "iri":
        iri = tok.text[1:-1]
        return urljoin(base, iri) if base and ":" not in iri.split("/")[0] else iri
    if tok.kind == "pname":
        prefix, _, local = tok.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return None


def analyse(text: str) -> Analysis:
    """Tokenize a query or update and report its form and its SERVICE / LOAD targets."""
    toks = tokenize(unescape_codepoints(text))
    base: str | None = None
    prefixes: dict[str, str] = {}
    form: str | None = None
    services: list[str | None] = []
    loads: list[str | None] = []
    dataset_clause = False
    i = 0
    n = len(toks)
    while i < n:
        tok = toks[i]
        word = tok.text.upper() if tok.kind == "name" else None
        if word == "BASE" and i + 1 < n and toks[i + 1].kind == "iri":
            base = _resolve(toks[i + 1], base, prefixes)
            i += 2
            continue
        if word == "PREFIX" and i + 2 < n and toks[i + 1].kind == "pname" and toks[i + 2].kind == "iri":
            prefixes[toks[i + 1].text[:-1]] = _resolve(toks[i + 2], base, prefixes) or ""
            i += 3
            continue
        if form is None and word is not None:
            if word in QUERY_FORMS:
                form = word
            elif word in UPDATE_KEYWORDS:
                form = "UPDATE"
        if word == "FROM":
            dataset_clause = True
        if word in ("SERVICE", "LOAD"):
            j = i + 1
            if j < n and toks[j].kind == "name" and toks[j].text.upper() == "SILENT":
                j += 1
            target = _resolve(toks[j], base, prefixes) if j < n else None
            (services if word == "SERVICE" else loads).append(target)
        i += 1
    return Analysis(form=form, services=services, loads=loads, dataset_clause=dataset_clause)
