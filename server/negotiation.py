"""Content negotiation: Accept header with q-values (werkzeug MIMEAccept) plus a ``format`` override."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header


@dataclass(frozen=True)
class Format:
    key: str  # short name used by the evaluator and in ``format=``
    media_type: str
    kind: str  # "results" (SELECT/ASK), "graph" (CONSTRUCT/DESCRIBE) or "html"


RESULTS = [
    Format("json", "application/sparql-results+json", "results"),
    Format("xml", "application/sparql-results+xml", "results"),
    Format("csv", "text/csv", "results"),
    Format("tsv", "text/tab-separated-values", "results"),
]
GRAPH = [
    Format("turtle", "text/turtle", "graph"),
    Format("ntriples", "application/n-triples", "graph"),
    Format("nquads", "application/n-quads", "graph"),
    Format("rdfxml", "application/rdf+xml", "graph"),
    Format("jsonld", "application/ld+json", "graph"),
]
HTML = Format("html", "text/html", "html")
BY_KEY = {f.key: f for f in RESULTS + GRAPH + [HTML]}

# Media types clients commonly send that mean one of ours.
_ALIASES = {
    "results": {"application/json": "json", "application/xml": "xml", "text/xml": "xml"},
    "graph": {
        "application/x-turtle": "turtle",
        "text/n3": "turtle",
        "text/plain": "ntriples",
        "application/xml": "rdfxml",
        "text/xml": "rdfxml",
        "application/json": "jsonld",
        "text/x-nquads": "nquads",
    },
}
# Short names accepted by the ``format`` / ``output`` parameter.
_SHORT = {
    "results": {"json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv"},
    "graph": {
        "turtle": "turtle", "ttl": "turtle", "nt": "ntriples", "ntriples": "ntriples",
        "n-triples": "ntriples", "nq": "nquads", "nquads": "nquads", "n-quads": "nquads",
        "rdfxml": "rdfxml", "rdf": "rdfxml", "xml": "rdfxml", "owl": "rdfxml",
        "jsonld": "jsonld", "json-ld": "jsonld", "json": "jsonld",
    },
}


class NotAcceptable(Exception):
    """Nothing the client accepts can be produced (HTTP 406)."""


def _offers(kind: str, html: bool) -> tuple[list[str], dict[str, str]]:
    formats = RESULTS if kind == "results" else GRAPH
    mapping = {f.media_type: f.key for f in formats}
    mapping.update(_ALIASES[kind])
    if html:
        mapping["text/html"] = "html"
        mapping["application/xhtml+xml"] = "html"
    return list(mapping), mapping


def choose(kind: str, accept: MIMEAccept, override: str | None = None, html: bool = False) -> Format:
    """Pick the response format for a ``results`` or ``graph`` answer.

    ``override`` (the ``format`` parameter: a short name or a media type) wins over Accept.
    No Accept header means the kind's default (JSON results, Turtle), never HTML.
    """
    offers, mapping = _offers(kind, html)
    if override:
        value = override.strip().lower()
        key = _SHORT[kind].get(value) or mapping.get(value.split(";")[0].strip())
        if key is None:
            raise NotAcceptable(f"format '{override}' is not available for this kind of result")
        return BY_KEY[key]
    if not accept:
        return (RESULTS if kind == "results" else GRAPH)[0]
    best = accept.best_match(offers)
    if best is None:
        produced = ", ".join(f.media_type for f in (RESULTS if kind == "results" else GRAPH))
        raise NotAcceptable(f"none of the accepted media types can be produced; available: {produced}")
    return BY_KEY[mapping[best]]


def kind_of(form: str | None) -> str:
    """``results`` for SELECT/ASK, ``graph`` for CONSTRUCT/DESCRIBE."""
    return "graph" if form in ("CONSTRUCT", "DESCRIBE") else "results"


def choose_for(form: str | None, accept: str | None, override: str | None = None) -> Format:
    """:func:`choose` for a query form and a raw ``Accept`` header; memoised, clients repeat them."""
    return _choose_cached(kind_of(form), accept or None, override or None)


@functools.lru_cache(maxsize=512)
def _choose_cached(kind: str, accept: str | None, override: str | None) -> Format:
    return choose(kind, parse_accept_header(accept, MIMEAccept), override)
