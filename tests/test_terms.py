"""The graph writer's pyoxigraph terms are the ones the rdflib terms it used to make converted to."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import XSD, Literal, URIRef

from livertox_kg.namespaces import LTX
from livertox_kg.terms import Vocabulary, literal, to_ox, to_rdflib_plain


@pytest.mark.parametrize("value, datatype, lang", [
    ("plain text", None, None), ("", None, None), ("labelled", None, "en"), (True, None, None), (False, None, None),
    (5, XSD.integer, None), (0, XSD.integer, None), ("1992", XSD.integer, None), ("0042", XSD.integer, None),
    ("2017-01-05", XSD.date, None), ("0.5", XSD.decimal, None), ("3", XSD.decimal, None), ("1e-05", XSD.decimal, None),
    ("not-a-number", XSD.integer, None), (1992, None, None), (2.5, None, None),
])
def test_literal_is_what_rdflib_literal_converts_to(value, datatype, lang):
    expected = to_ox(Literal(value, datatype=datatype, lang=lang))
    assert literal(value, datatype, lang) == expected
    if datatype is not None:  # the datatype given as a pyoxigraph term too
        assert literal(value, ox.NamedNode(str(datatype)), lang) == expected


def test_vocabulary_names_the_rdflib_namespace_iris():
    ltx = Vocabulary(LTX)
    assert ltx.agonistOf == ox.NamedNode(str(LTX.agonistOf)) == ltx["agonistOf"]
    assert ltx.agonistOf is ltx.agonistOf  # kept, not made again
    assert str(ltx) == str(LTX)
    with pytest.raises(AttributeError):
        ltx.__wrapped__


def test_plain_rdflib_view_of_string_literals():
    assert to_rdflib_plain(ox.Literal("x")) == Literal("x")  # not Literal("x", datatype=XSD.string)
    assert to_rdflib_plain(ox.Literal("x", language="en")) == Literal("x", lang="en")
    assert to_rdflib_plain(ox.Literal("5", datatype=ox.NamedNode(str(XSD.integer)))) == Literal("5", datatype=XSD.integer)
    assert to_rdflib_plain(ox.NamedNode("http://example.org/a")) == URIRef("http://example.org/a")
