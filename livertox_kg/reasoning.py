"""OWL reasoning with HermiT (through owlready2): consistency and materialised inferences.

HermiT sees the ontology plus the resources of the data abstracted to their *signatures*: a
resource's asserted types and, for each of its edges, the property and either the object itself
(an ontology individual such as ``likelihood:D``), the literal (for functional properties, whose
values must agree), or the asserted types of the object. The ontology's axioms (existential class
definitions, domains and ranges, disjoint classes and properties, functional properties) only ever
look at a resource's own edges and its neighbours' types, so every resource with the same
signature has the same inferred types and the same consistency; reasoning over one stand-in per
distinct signature gives exactly the answers of reasoning over the whole graph, at a size that
does not grow with the number of monographs (a few hundred signatures for thousands of drugs).

Sub-property and sub-class closure (``drug ltx:agonistOf t`` => ``drug ltx:actsOn t``;
``ltx:Receptor`` => ``ltx:MolecularTarget``) is RDFS entailment over the actual edges and is
computed directly by :func:`rdfs_closure`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from .namespaces import LTX
from .paths import ONTOLOGY_FILE
from .terms import to_ox, to_rdflib

REASONED_PREDICATES = {RDF.type, SKOS.broader}
# ltx: properties that carry text or bookkeeping only: no axiom looks at them.
_SKIPPED_LTX = {LTX.quote, LTX.summary, LTX.mechanismAction, LTX.targetAsWritten, LTX.inSection,
                LTX.hasSection, LTX.sectionType, LTX.sha256, LTX.sourceFormat, LTX.extractorVersion,
                LTX.hasText, LTX.hasEvidence, LTX.hedged, LTX.negated, LTX.likelihoodScoreNotation}
PROXY = "urn:livertox-kg:reasoning:"
# The same as pyoxigraph terms: signatures and the RDFS closure are computed on the graph writer's
# pyoxigraph quads (hashing and comparing them is cheap; rdflib terms cost several times more).
_OX_TYPE = to_ox(RDF.type)
_OX_REASONED = frozenset(map(to_ox, REASONED_PREDICATES))
_OX_SKIPPED = frozenset(map(to_ox, _SKIPPED_LTX))
_LTX_BASE = str(LTX)
# a literal's datatype in a signature: none for plain and language-tagged strings (as rdflib has it)
_NO_DATATYPE = {"http://www.w3.org/2001/XMLSchema#string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}

Signature = tuple  # (frozenset of types, frozenset of edges)


@dataclass
class ReasoningResult:
    consistent: bool
    inferred: list[tuple[URIRef, URIRef, URIRef]] = field(default_factory=list)
    message: str = ""
    signatures: int = 0


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def _ltx_ancestors(onto: Graph, relation: URIRef) -> dict:
    """term -> its ltx: ancestors along a transitive relation (named terms only)."""
    out = {}
    for term in set(onto.subjects(relation, None)):
        found = frozenset(o for o in onto.transitive_objects(term, relation)
                          if o != term and isinstance(o, URIRef) and str(o).startswith(str(LTX)))
        if found:
            out[term] = found
    return out


@lru_cache(maxsize=1)
def _ontology_terms() -> tuple[frozenset, frozenset, dict, dict]:
    """(defined terms, functional properties, ltx: super-properties, ltx: super-classes) as pyoxigraph terms."""
    onto = ontology_graph()
    defined = frozenset(to_ox(s) for s in onto.subjects() if isinstance(s, URIRef))
    functional = frozenset(map(to_ox, onto.subjects(RDF.type, OWL.FunctionalProperty)))

    def ox_ancestors(relation: URIRef) -> dict:
        return {to_ox(term): frozenset(map(to_ox, found)) for term, found in _ltx_ancestors(onto, relation).items()}

    return defined, functional, ox_ancestors(RDFS.subPropertyOf), ox_ancestors(RDFS.subClassOf)


def reasoned(triple: tuple) -> bool:
    """Whether HermiT needs to see this triple (of pyoxigraph terms) at all."""
    p = triple[1]
    if p in _OX_REASONED:
        return True
    return p.value.startswith(_LTX_BASE) and p not in _OX_SKIPPED


def signatures(triples: Iterable[tuple]) -> dict:
    """The signature of every subject among ``triples`` (pyoxigraph terms; see the module docstring)."""
    defined, functional, _, _ = _ontology_terms()
    types: dict = {}
    edges: dict = {}
    for s, p, o in triples:
        if not reasoned((s, p, o)):
            continue
        if p == _OX_TYPE:
            types.setdefault(s, set()).add(o)
        else:
            edges.setdefault(s, []).append((p, o))
    out: dict = {}
    for subject in set(types) | set(edges):
        abstract = set()
        for p, o in edges.get(subject, ()):
            if isinstance(o, ox.Literal):
                datatype = "" if o.datatype.value in _NO_DATATYPE else o.datatype.value
                abstract.add((p, "literal", (o.value, datatype) if p in functional else ("*", datatype)))
            elif o in defined:
                abstract.add((p, "term", o))
            else:
                abstract.add((p, "types", frozenset(types.get(o, ()))))
        out[subject] = (frozenset(types.get(subject, ())), frozenset(abstract))
    return out


def rdfs_closure(triples: Iterable[tuple]) -> list[tuple]:
    """RDFS entailments to ltx: terms (pyoxigraph terms): ``(s, super, o)`` for sub-properties and
    ``(s, rdf:type, C)`` for the named superclasses of asserted types (``ltx:Receptor`` ->
    ``ltx:MolecularTarget``)."""
    _, _, super_properties, super_classes = _ontology_terms()
    out = []
    for s, p, o in triples:
        if p == _OX_TYPE:
            out.extend((s, p, c) for c in super_classes.get(o, ()))
        else:
            out.extend((s, sup, o) for sup in super_properties.get(p, ()))
    return out


# A valid stand-in value per datatype, for literals whose value no axiom looks at.
_PLACEHOLDER = {"integer": "0", "decimal": "0", "boolean": "false", "date": "2000-01-01",
                "dateTime": "2000-01-01T00:00:00Z", "gYear": "2000"}


def _literal(text: str, datatype: str) -> Literal:
    if text == "*":
        text = _PLACEHOLDER.get(datatype.rsplit("#", 1)[-1], "x")
    return Literal(text, datatype=URIRef(datatype)) if datatype else Literal(text)


def _stand_in_view(distinct: list[Signature]) -> Graph:
    view = Graph()
    view += ontology_graph()
    for i, (types, edges) in enumerate(distinct):
        subject = URIRef(f"{PROXY}s{i}")
        for kind in types:
            view.add((subject, RDF.type, to_rdflib(kind)))
        for j, (p, how, value) in enumerate(sorted(edges, key=repr)):
            if how == "term":
                obj = to_rdflib(value)
            elif how == "literal":
                obj = _literal(*value)
            else:
                obj = URIRef(f"{PROXY}s{i}-o{j}")
                for kind in value:
                    view.add((obj, RDF.type, to_rdflib(kind)))
            view.add((subject, to_rdflib(p), obj))
    return view


def reason_signatures(distinct: list[Signature]) -> tuple[bool, str, list[set[URIRef]]]:
    """HermiT over one stand-in per signature: (consistent, message, inferred ltx: types per signature)."""
    import owlready2

    view = _stand_in_view(distinct)
    with tempfile.TemporaryDirectory(prefix="livertox-hermit-") as tmp:
        path = Path(tmp) / "view.nt"
        view.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return False, f"HermiT: inconsistent ontology plus data ({exc})", []
        inferred: list[set[URIRef]] = []
        for i, (types, _) in enumerate(distinct):
            entity = world[f"{PROXY}s{i}"]
            found: set[URIRef] = set()
            asserted = {kind.value for kind in types}
            if entity is not None:
                for cls in entity.INDIRECT_is_a:
                    iri = getattr(cls, "iri", None)
                    if iri and iri.startswith(str(LTX)) and iri not in asserted:
                        found.add(URIRef(iri))
            inferred.append(found)
    return True, "", inferred


def reason(triples: Iterable[tuple]) -> ReasoningResult:
    """Consistency and inferences for a set of triples of rdflib terms (class memberships and
    sub-property closure), as rdflib terms."""
    triples = [t for t in map(lambda t: tuple(map(to_ox, t)), triples) if reasoned(t)]
    sigs = signatures(triples)
    distinct = sorted(set(sigs.values()), key=repr)
    consistent, message, per_signature = reason_signatures(distinct)
    if not consistent:
        return ReasoningResult(False, [], message, len(distinct))
    index = {sig: i for i, sig in enumerate(distinct)}
    inferred = [(to_rdflib(s), RDF.type, cls) for s, sig in sigs.items() for cls in per_signature[index[sig]]
                if not isinstance(s, ox.BlankNode)]
    inferred += [tuple(map(to_rdflib, t)) for t in rdfs_closure(triples)]
    return ReasoningResult(True, sorted(set(inferred)), "", len(distinct))
