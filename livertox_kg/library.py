"""The query library: named SPARQL queries in ``queries/*.rq`` and safe parameter substitution.

Each ``.rq`` file starts with a comment header::

    # title: Drugs by likelihood score
    # description: Drugs whose LiverTox likelihood score is the given category, with the score
    #   as written. Continuation lines are indented.
    # param score: a likelihood category IRI, likelihood:A .. likelihood:X (default likelihood:D)
    # federated: true        (optional: uses SERVICE; a template, not run offline)

A parameter is a variable the query binds in an inline ``VALUES ?name { default }`` block. A
caller's value replaces the contents of that block as a proper RDF term: strings given for an
IRI parameter must be an absolute IRI or a CURIE with one of our prefixes (and are validated),
everything else becomes an escaped literal of the default's datatype. No caller text is ever
pasted into the query as SPARQL syntax.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from .namespaces import PREFIXES
from .paths import QUERIES_DIR

XSD = "http://www.w3.org/2001/XMLSchema#"
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_HEADER = re.compile(r"^#\s?(?P<key>title|description|param\s+(?P<param>[A-Za-z_][A-Za-z0-9_]*)|federated)\s*:\s?(?P<value>.*)$")
_DEFAULT = re.compile(r"\(default\s+(?P<default>.+)\)\s*$")
_CURIE = re.compile(r"^(?P<prefix>[A-Za-z][A-Za-z0-9_.-]*):(?P<local>[^\s<>\"{}|^`\\]*)$")
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


class LibraryError(ValueError):
    """An unknown query name, a bad parameter, or a malformed .rq file; the message says which."""


@dataclass(frozen=True)
class Param:
    """One caller-substitutable variable of a library query."""

    name: str
    description: str
    default: str | None  # SPARQL syntax of the default term, as in the VALUES block

    @property
    def is_iri(self) -> bool:
        """True when the parameter takes IRIs (its default is an IRI or a CURIE)."""
        if not self.default:
            return False
        first = self.default.split()[0]
        return first.startswith("<") or (bool(_CURIE.match(first)) and not first.startswith('"'))


@dataclass(frozen=True)
class LibraryQuery:
    """A named query of the library."""

    name: str
    title: str
    description: str
    sparql: str
    path: Path | None = None
    params: tuple[Param, ...] = ()
    federated: bool = False

    @property
    def form(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE (the first query keyword after the prologue)."""
        body = "\n".join(line for line in self.sparql.splitlines() if not line.lstrip().startswith("#"))
        body = re.sub(r"<[^>\s]*>", "<>", body)  # IRIs may contain the words
        match = _FORM.search(body)
        return match.group(1).upper() if match else "SELECT"

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        known = ", ".join(p.name for p in self.params) or "none"
        raise LibraryError(f"query {self.name!r} has no parameter {name!r} (parameters: {known})")

    def render(self, **params) -> str:
        """The SPARQL text with the given parameters substituted (others keep their default)."""
        return substitute(self.sparql, {name: (self.param(name), value) for name, value in params.items()})


def parse_query(text: str, name: str, path: Path | None = None) -> LibraryQuery:
    """Read the header comment of an .rq file; raise LibraryError when title/description are missing."""
    fields: dict[str, list[str]] = {}
    params: dict[str, list[str]] = {}
    current: list[str] | None = None
    federated = False
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            current = None
            continue
        match = _HEADER.match(line)
        if match:
            key, value = match.group("key"), match.group("value").strip()
            if match.group("param"):
                current = params.setdefault(match.group("param"), [])
                current.append(value)
            elif key == "federated":
                federated = value.lower() in ("true", "yes", "1")
                current = None
            else:
                current = fields.setdefault(key, [])
                current.append(value)
        elif current is not None and re.match(r"^#\s{2,}\S", line):
            current.append(line[1:].strip())
        else:
            current = None
    for key in ("title", "description"):
        if not " ".join(fields.get(key, [])).strip():
            raise LibraryError(f"{path or name}: header has no '# {key}:' line")
    parsed = []
    for pname, lines in params.items():
        description = " ".join(lines)
        default_match = _DEFAULT.search(description)
        default = default_match.group("default").strip() if default_match else None
        if not re.search(r"VALUES\s+\?" + re.escape(pname) + r"\s*\{", text):
            raise LibraryError(f"{path or name}: parameter {pname!r} has no 'VALUES ?{pname} {{ ... }}' block")
        parsed.append(Param(pname, description, default))
    return LibraryQuery(name, " ".join(fields["title"]), " ".join(fields["description"]), text, path,
                        tuple(parsed), federated)


@lru_cache(maxsize=8)
def _load(directory: str, stamp: tuple) -> dict[str, LibraryQuery]:
    out = {}
    for path in sorted(Path(directory).glob("*.rq")):
        out[path.stem] = parse_query(path.read_text(encoding="utf-8"), path.stem, path)
    return out


def load_library(directory: Path | str = QUERIES_DIR) -> dict[str, LibraryQuery]:
    """All queries of a directory by name (file stem), in name order; re-read when files change."""
    directory = Path(directory)
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(directory.glob("*.rq")))
    return dict(_load(str(directory), stamp))


def get_query(name: str, directory: Path | str = QUERIES_DIR) -> LibraryQuery:
    library = load_library(directory)
    if name not in library:
        close = [n for n in library if name.lower() in n] or list(library)
        raise LibraryError(f"no library query named {name!r}; try one of: {', '.join(close)}")
    return library[name]


def is_query_name(text: str, directory: Path | str = QUERIES_DIR) -> bool:
    """True when ``text`` names a library query (rather than being SPARQL)."""
    return bool(_NAME.match(text.strip())) and text.strip() in load_library(directory)


# -- terms ------------------------------------------------------------------------------------------
def expand_iri(value: str) -> str:
    """A full IRI from '<iri>', 'iri' or a CURIE with one of our prefixes; validated."""
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    match = _CURIE.match(text)
    if match and match.group("prefix") in PREFIXES:
        text = PREFIXES[match.group("prefix")] + match.group("local")
    try:
        return ox.NamedNode(text).value
    except ValueError as exc:
        raise LibraryError(f"not an IRI or known CURIE: {value!r} ({exc})") from exc


def _default_literal(default: str | None) -> tuple[str | None, str | None]:
    """(datatype IRI, language) of a default written in SPARQL syntax."""
    if default is None:
        return None, None
    if re.fullmatch(r"[+-]?\d+", default):
        return XSD + "integer", None
    if re.fullmatch(r"[+-]?\d*\.\d+", default):
        return XSD + "decimal", None
    if default in ("true", "false"):
        return XSD + "boolean", None
    match = re.fullmatch(r'"(?:[^"\\]|\\.)*"(?:@(?P<lang>[A-Za-z-]+)|\^\^(?P<dt>\S+))?', default)
    if match:
        if match.group("dt"):
            return expand_iri(match.group("dt")), None
        return None, match.group("lang")
    return None, None


def to_term(value, param: Param | None = None) -> ox.NamedNode | ox.Literal:
    """A pyoxigraph term for a caller's value, shaped by the parameter's default.

    rdflib / pyoxigraph terms are taken as they are; ``bool``/``int``/``float``/``Decimal``/dates
    become typed literals; a ``str`` becomes an IRI for IRI parameters, else a literal with the
    datatype (or language) of the default, checked by pyoxigraph.
    """
    if isinstance(value, (ox.NamedNode, ox.Literal)):
        return value
    from rdflib import Literal as RLiteral
    from rdflib import URIRef

    from .terms import to_ox

    if isinstance(value, URIRef):
        return ox.NamedNode(expand_iri(str(value)))
    if isinstance(value, RLiteral):
        return to_ox(value)
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, (float, Decimal)):
        kind = "decimal" if isinstance(value, Decimal) else "double"
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + kind))
    if isinstance(value, dt.datetime):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "dateTime"))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    if not isinstance(value, str):
        raise LibraryError(f"cannot use {type(value).__name__} value {value!r} as a query parameter")
    if param is not None and param.is_iri:
        return ox.NamedNode(expand_iri(value))
    datatype, language = _default_literal(param.default if param else None)
    if language:
        return ox.Literal(value, language=language)
    if datatype is None or datatype == XSD + "string":
        return ox.Literal(value)
    checks = {"integer": r"[+-]?\d+", "decimal": r"[+-]?(\d+(\.\d*)?|\.\d+)", "boolean": r"true|false|1|0"}
    local = datatype[len(XSD):] if datatype.startswith(XSD) else ""
    if local in checks and not re.fullmatch(checks[local], value.strip()):
        raise LibraryError(f"parameter {param.name if param else ''!r}: {value!r} is not an xsd:{local}")
    return ox.Literal(value.strip(), datatype=ox.NamedNode(datatype))


def substitute(sparql: str, values: Mapping[str, tuple[Param | None, object]]) -> str:
    """Replace the contents of every ``VALUES ?name { ... }`` block of each given parameter.

    A value may be a list/tuple/set of values (one VALUES row each). Terms are serialised by
    pyoxigraph (IRIs validated, literals escaped), so nothing a caller passes becomes syntax.
    """
    for name, (param, value) in values.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise LibraryError(f"bad parameter name {name!r}")
        items = list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]
        if not items:
            raise LibraryError(f"parameter {name!r}: give at least one value")
        terms = " ".join(str(to_term(item, param)) for item in items)
        pattern = re.compile(r"(VALUES\s+\?" + re.escape(name) + r"\s*\{)[^{}]*(\})")
        if not pattern.search(sparql):
            raise LibraryError(f"the query has no 'VALUES ?{name} {{ ... }}' block to substitute")
        # every block of that variable (a query may need the values twice, e.g. to count them)
        sparql = pattern.sub(lambda m: f"{m.group(1)} {terms} {m.group(2)}", sparql)
    return sparql


def parse_assignments(pairs: Iterable[str]) -> dict[str, str]:
    """``["k=v", ...]`` (the command line's --param) -> dict; a repeated key gives a list."""
    out: dict[str, object] = {}
    for pair in pairs:
        if "=" not in pair:
            raise LibraryError(f"--param needs NAME=VALUE, got {pair!r}")
        key, value = pair.split("=", 1)
        key = key.strip()
        if key in out:
            previous = out[key]
            out[key] = (previous if isinstance(previous, list) else [previous]) + [value]
        else:
            out[key] = value
    return out  # type: ignore[return-value]


@dataclass
class Rendered:
    """A library query ready to run: its definition and the final SPARQL text."""

    query: LibraryQuery
    sparql: str
    params: dict = field(default_factory=dict)


def render(name: str, params: Mapping | None = None, directory: Path | str = QUERIES_DIR) -> Rendered:
    query = get_query(name, directory)
    params = dict(params or {})
    return Rendered(query, query.render(**params), params)


__all__ = ["LibraryError", "LibraryQuery", "Param", "load_library", "get_query", "is_query_name",
           "parse_query", "substitute", "to_term", "expand_iri", "parse_assignments", "render", "Rendered"]
