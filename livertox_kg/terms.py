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
