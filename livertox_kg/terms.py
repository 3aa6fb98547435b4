"""Conversions between rdflib and pyoxigraph terms (the pipeline uses both libraries)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef


def to_ox(term):
    """rdflib term -> pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.ill_typed and not Literal(str(term), datatype=term.datatype).ill_typed:
            # rdflib normalises literals when it makes them: an ill-typed boolean such as
            # "ill-typed"^^xsd:boolean becomes "false" (flagged ill_typed, its lexical form lost);
            # passed on, a bad value would reach Oxigraph as a good one
            raise ValueError(f"literal {term.n3()} is ill-typed and rdflib has rewritten its lexical form; "
                             "make it with Literal(..., normalize=False) to keep the form as written")
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    return ox.BlankNode(str(term))


def to_rdflib(term):
    """pyoxigraph term -> rdflib term, the literal's lexical form kept as stored (normalize=False:
    rdflib would rewrite "01"^^xsd:integer to "1" and an ill-typed boolean to "false")."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language, normalize=False)
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    return BNode(term.value)


class Vocabulary:
    """IRIs under one base as pyoxigraph terms: ``LTX.Drug``, ``DRUG["baclofen"]`` (the rdflib
    ``Namespace`` of :mod:`livertox_kg.namespaces`, for code that writes pyoxigraph quads directly).
    Terms are cached: the graph writer asks for the same few hundred again and again."""

    def __init__(self, base):
        self._base = str(base)
        self._cache: dict[str, ox.NamedNode] = {}

    def __getitem__(self, name: str) -> ox.NamedNode:
        term = self._cache.get(name)
        if term is None:
            term = self._cache[name] = ox.NamedNode(self._base + name)
        return term

    def __getattr__(self, name: str) -> ox.NamedNode:  # called once per name: the term is kept as an attribute
        if name.startswith("__"):
            raise AttributeError(name)
        term = self[name]
        setattr(self, name, term)
        return term

    def __str__(self) -> str:
        return self._base


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_XSD_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
_TRUE, _FALSE = ox.Literal("true", datatype=_XSD_BOOLEAN), ox.Literal("false", datatype=_XSD_BOOLEAN)


def literal(value, datatype=None, lang: str | None = None) -> ox.Literal:
    """The pyoxigraph literal ``to_ox(rdflib.Literal(value, datatype=..., lang=...))`` gives, made
    without rdflib for the common cases (a string, an int as xsd:integer, a bool); anything else
    (dates, decimals, ...) goes through rdflib, so its lexical form is normalised as before."""
    if isinstance(value, str) and datatype is None:
        return ox.Literal(value, language=lang) if lang else ox.Literal(value)
    if isinstance(value, bool) and datatype is None and lang is None:
        return _TRUE if value else _FALSE
    iri = None if datatype is None else datatype.value if isinstance(datatype, ox.NamedNode) else str(datatype)
    if type(value) is int and lang is None and iri == _XSD_INTEGER.value:
        return ox.Literal(str(value), datatype=_XSD_INTEGER)
    return to_ox(Literal(value, datatype=None if iri is None else URIRef(iri), lang=lang))


def to_rdflib_plain(term):
    """pyoxigraph term -> rdflib term as an rdflib writer would have made it: a plain string literal
    without its xsd:string datatype (``Literal("x")``, not ``Literal("x", datatype=XSD.string)``)."""
    if isinstance(term, ox.Literal) and not term.language and term.datatype.value == XSD_STRING:
        return Literal(term.value)
    return to_rdflib(term)

