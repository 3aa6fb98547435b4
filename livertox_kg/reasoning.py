"""OWL reasoning with HermiT (through owlready2): consistency and materialised inferences.

The reasoner sees the ontology plus the drug-level assertions (rdf:type, skos:broader and
ltx: properties between resources); provenance nodes, monograph metadata and free-text literals
are left out, as they carry no axioms that matter and would only slow HermiT down.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from .namespaces import LTX
from .paths import ONTOLOGY_FILE

REASONED_PREDICATES = {RDF.type, SKOS.broader}
_SKIPPED_LTX = {LTX.quote, LTX.summary, LTX.mechanismAction, LTX.targetAsWritten, LTX.startOffset,
                LTX.endOffset, LTX.inSection, LTX.hasSection, LTX.sectionType, LTX.sha256,
                LTX.sourceFormat, LTX.extractorVersion}


class InconsistentError(RuntimeError):
    """HermiT found the ontology plus data inconsistent."""


@dataclass
class ReasoningResult:
    consistent: bool
    inferred: list[tuple[URIRef, URIRef, URIRef]] = field(default_factory=list)
    message: str = ""


def reasoning_view(triples: Iterable[tuple]) -> Graph:
    """The ontology plus the assertions HermiT should see."""
    graph = Graph().parse(ONTOLOGY_FILE, format="turtle")
    for s, p, o in triples:
        if p in REASONED_PREDICATES or (str(p).startswith(str(LTX)) and p not in _SKIPPED_LTX):
            if isinstance(o, Literal) and o.datatype is not None and str(o.datatype).endswith("#date"):
                continue
            graph.add((s, p, o))
    return graph


def reason(triples: Iterable[tuple]) -> ReasoningResult:
    """Run HermiT; return consistency and inferred ltx: class memberships of asserted individuals."""
    import owlready2

    view = reasoning_view(triples)
    asserted_types = {(s, o) for s, o in view.subject_objects(RDF.type)}
    individuals = {s for s, o in asserted_types if str(o).startswith(str(LTX)) and
                   (o, RDF.type, OWL.Class) in view}
    with tempfile.TemporaryDirectory(prefix="livertox-hermit-") as tmp:
        path = Path(tmp) / "view.nt"
        view.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return ReasoningResult(False, [], f"HermiT: inconsistent ontology plus data ({exc})")
        inferred: list[tuple[URIRef, URIRef, URIRef]] = []
        for iri in sorted(individuals):
            entity = world[str(iri)]
            if entity is None:
                continue
            classes = set()
            for cls in entity.INDIRECT_is_a if hasattr(entity, "INDIRECT_is_a") else entity.is_a:
                cls_iri = getattr(cls, "iri", None)
                if cls_iri and cls_iri.startswith(str(LTX)):
                    classes.add(URIRef(cls_iri))
            for cls in sorted(classes):
                if (iri, cls) not in asserted_types:
                    inferred.append((iri, RDF.type, cls))
    # rdfs:subPropertyOf closure for the mechanism relations (drug actsOn target).
    supers = {s: set(view.transitive_objects(s, RDFS.subPropertyOf)) - {s}
              for s in set(view.subjects(RDFS.subPropertyOf, None))}
    for s, p, o in view:
        for sup in supers.get(p, ()):
            if str(sup).startswith(str(LTX)) and (s, sup, o) not in view:
                inferred.append((s, sup, o))
    return ReasoningResult(True, sorted(set(inferred)))
