"""Request guards for a public endpoint: the SERVICE allow-list, LOAD refusal, update tokens.

SERVICE targets are found twice, independently: by the tokenizer in :mod:`server.lexer` (which
cannot be fooled by comments, strings or escapes, and sees variables) and, when rdflib can parse
the request, by walking rdflib's SPARQL algebra. A request is refused if either finds a target
that is a variable, unresolvable, or not under an allowed prefix, before anything is evaluated.
"""

from __future__ import annotations

import functools
import hmac
from collections.abc import Iterable, Sequence

from livertox_kg.server.lexer import Analysis, analyse, unescape_codepoints


class Refused(Exception):
    """A request the endpoint will not run; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def _allowed(iri: str | None, allow: Sequence[str]) -> bool:
    return iri is not None and any(iri.startswith(prefix) for prefix in allow)


def _algebra_services(text: str, update: bool) -> list[str | None] | None:
    """SERVICE targets found in rdflib's algebra, or None if rdflib cannot parse the request."""
    try:
        from rdflib.plugins.sparql import algebra, parser
        from rdflib.plugins.sparql.parserutils import CompValue
        from rdflib.term import URIRef

        tree = (
            algebra.translateUpdate(parser.parseUpdate(text))
            if update
            else algebra.translateQuery(parser.parseQuery(text)).algebra
        )
    except Exception:  # rdflib's grammar is narrower than Oxigraph's: fall back to the tokenizer
        return None
    found: list[str | None] = []
    stack: list[object] = [tree]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                term = node.get("term")
                found.append(str(term) if isinstance(term, URIRef) else None)
            stack.extend(node.values())
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)):
            stack.extend(node)
        elif hasattr(node, "algebra"):  # rdflib Update object
            stack.append(node.algebra)
    return found


def check_request(text: str, allow_service: Sequence[str], update: bool = False) -> Analysis:
    """Analyse a query/update and raise :class:`Refused` if it would reach a non-allowed endpoint.

    Outcomes are memoised per (text, allow-list), since clients repeat the same queries.
    """
    info, refused = _check_cached(text, tuple(allow_service), update)
    if refused is not None:
        raise Refused(*refused)
    return info


@functools.lru_cache(maxsize=2048)
def _check_cached(text: str, allow_service: tuple[str, ...], update: bool):
    try:
        return _check(text, allow_service, update), None
    except Refused as e:
        return None, (str(e), e.status)


def _check(text: str, allow_service: Sequence[str], update: bool) -> Analysis:
    info = analyse(text)
    targets: list[str | None] = list(info.services)
    if targets or "service" in unescape_codepoints(text).lower():
        more = _algebra_services(text, update)
        if more:
            targets.extend(more)
    for target in targets:
        if target is None:
            raise Refused(
                "SERVICE with a variable or unresolvable endpoint is not allowed on this server "
                "(federation is restricted to an allow-list of endpoint IRIs)"
            )
        if not _allowed(target, allow_service):
            raise Refused(
                f"SERVICE <{target}> is not allowed: federated queries may only call endpoints on "
                f"this server's allow-list ({', '.join(allow_service) or 'empty'})"
            )
    for target in info.loads:
        if target is None or target.lower().startswith("file:") or not _allowed(target, allow_service):
            raise Refused(f"LOAD <{target}> is not allowed on this server")
    return info


def check_bearer(header: str | None, token: str | None) -> None:
    """Raise 401 without credentials, 403 with wrong ones, and 403 when updates are disabled."""
    if not token:
        raise Refused("SPARQL Update is disabled on this server (read-only)", 403)
    if not header or not header.lower().startswith("bearer "):
        raise Refused("SPARQL Update needs an 'Authorization: Bearer <token>' header", 401)
    if not hmac.compare_digest(header[7:].strip().encode(), token.encode()):
        raise Refused("invalid update token", 403)


def service_prefixes(values: Iterable[str]) -> tuple[str, ...]:
    """Normalise the --service-allow values (drop empties)."""
    return tuple(v for v in (s.strip() for s in values) if v)
