"""The ontology source: metadata, labels, alignments, and HermiT consistency."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from livertox_kg.namespaces import BASE, DRUG, LIKELIHOOD, LTX, ONTOLOGY_IRI, TARGET
from livertox_kg.paths import ONTOLOGY_FILE, SHAPES_FILE
from livertox_kg.reasoning import reason


@pytest.fixture(scope="module")
def onto():
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def test_ontology_metadata(onto):
    iri = URIRef(ONTOLOGY_IRI)
    assert (iri, RDF.type, OWL.Ontology) in onto
    version = onto.value(iri, OWL.versionIRI)
    assert version is not None and str(version).startswith(ONTOLOGY_IRI + "/")
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.creator):
        assert onto.value(iri, prop) is not None, prop
    assert "example.org" not in ONTOLOGY_FILE.read_text()
    assert BASE.startswith("https://w3id.org/")

ROOT = Path(__file__).resolve().parents[1]
OBO = "http://purl.obolibrary.org/obo/"
CONCEPT_CLASSES = {LTX.LikelihoodScore, LTX.LikelihoodQualifier, LTX.InjuryPattern, LTX.LiverOutcome,
                   LTX.SectionType, LTX.ActionType}


def ours(onto) -> set:
    return {s for s in onto.subjects() if isinstance(s, URIRef) and
            (str(s).startswith(str(LTX)) or str(s).startswith(str(LIKELIHOOD)) or str(s) == BASE + "class/")}


def test_every_term_we_mint_has_a_unique_label_and_a_definition(onto):
    terms = ours(onto)
    assert len(terms) > 100
    assert sorted(str(s) for s in terms if onto.value(s, RDFS.label) is None) == []
    assert sorted(str(s) for s in terms if onto.value(s, SKOS.definition) is None) == []
    labels: dict[str, list[str]] = {}
    for s in terms:
        for label in onto.objects(s, RDFS.label):
            labels.setdefault(str(label).casefold(), []).append(str(s))
    assert {label: iris for label, iris in labels.items() if len(iris) > 1} == {}


def test_concepts_are_in_schemes_with_preferred_labels(onto):
    concepts = {s for c in CONCEPT_CLASSES for s in onto.subjects(RDF.type, c)}
    assert len(concepts) > 30
    assert sorted(str(s) for s in concepts if onto.value(s, SKOS.prefLabel) is None) == []
    schemes = set(onto.subjects(RDF.type, SKOS.ConceptScheme))
    assert sorted(str(s) for s in concepts if onto.value(s, SKOS.inScheme) not in schemes) == []
    assert URIRef(BASE + "class/") in schemes  # drug classes are minted into this scheme


def test_creator_is_an_organisation_not_a_string(onto):
    creator = onto.value(URIRef(ONTOLOGY_IRI), DCTERMS.creator)
    assert isinstance(creator, URIRef)
    assert (creator, RDF.type, URIRef("http://www.w3.org/ns/prov#Organization")) in onto


def test_no_unused_terms(onto):
    """Every class and property we define is written by the build, inferred, or used in the ontology."""
    code = "\n".join(p.read_text() for p in (ROOT / "livertox_kg").glob("*.py"))
    code += "\n".join(p.read_text() for p in (ROOT / "data" / "lexicon").glob("*.tsv"))
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    terms = {s for k in kinds for s in onto.subjects(RDF.type, k) if str(s).startswith(str(LTX))}
    referenced = {o for s, p, o in onto if s not in terms}  # types of individuals, restrictions
    referenced |= set(onto.predicates())  # annotations of individuals (ranks, direct properties)
    referenced |= set(onto.subjects(OWL.equivalentClass, None))  # defined classes HermiT infers
    unused = sorted(str(t) for t in terms
                    if t not in referenced and not re.search(rf"\b{re.escape(str(t)[len(str(LTX)):])}\b", code))
    assert unused == []


def test_likelihood_scale_is_ordered(onto):
    scores = list(onto.subjects(RDF.type, LTX.LikelihoodScore))
    notations = {str(onto.value(s, SKOS.notation)) for s in scores}
    assert notations == {"A", "B", "C", "D", "E", "E*", "X"}
    for s in scores:
        assert onto.value(s, SKOS.definition) is not None
    ranked = sorted((int(onto.value(s, LTX.likelihoodRank)), str(onto.value(s, SKOS.notation)))
                    for s in scores if onto.value(s, LTX.likelihoodRank) is not None)
    assert [n for _, n in ranked] == ["A", "B", "C", "D", "E*", "E"]  # X is off the scale
    assert (LIKELIHOOD.HD, RDF.type, LTX.LikelihoodQualifier) in onto


def test_mechanism_relations_are_subproperties_of_ro(onto):
    for prop in (LTX.agonistOf, LTX.antagonistOf, LTX.inhibitorOf):
        assert (prop, RDFS.subPropertyOf, LTX.actsOn) in onto
    assert (LTX.agonistOf, RDFS.subPropertyOf, URIRef(OBO + "RO_0018027")) in onto
    assert (LTX.antagonistOf, RDFS.subPropertyOf, URIRef(OBO + "RO_0018029")) in onto
    assert (LTX.inhibitorOf, RDFS.subPropertyOf, URIRef(OBO + "RO_0002449")) in onto
    assert (LTX.activatorOf, RDFS.subPropertyOf, URIRef(OBO + "RO_0002450")) in onto
    assert (LTX.describes, RDFS.subPropertyOf, URIRef(OBO + "IAO_0000136")) in onto
    # SKOS mapping properties are for the SSSOM file, not OWL axioms
    mapping = {SKOS.exactMatch, SKOS.closeMatch, SKOS.relatedMatch, SKOS.broadMatch, SKOS.narrowMatch}
    assert [t for t in onto if t[1] in mapping] == []


def test_drug_has_the_chebi_drug_role(onto):
    restrictions = [o for o in onto.objects(LTX.Drug, RDFS.subClassOf) if isinstance(o, BNode)]
    assert any(onto.value(r, OWL.onProperty) == URIRef(OBO + "RO_0000087")
               and onto.value(r, OWL.someValuesFrom) == URIRef(OBO + "CHEBI_23888") for r in restrictions)


def test_no_axiom_two_honest_sources_can_violate(onto):
    """Functional properties and disjointness make disagreeing sources an inconsistency; the
    per-source checks are SHACL's (ontology/shapes.ttl)."""
    for kind in (OWL.FunctionalProperty, OWL.InverseFunctionalProperty, OWL.AllDisjointClasses,
                 OWL.AllDisjointProperties):
        assert list(onto.subjects(RDF.type, kind)) == [], kind
    for p in (OWL.disjointWith, OWL.propertyDisjointWith, OWL.maxCardinality, OWL.cardinality,
              OWL.maxQualifiedCardinality, OWL.disjointUnionOf):
        assert list(onto.subject_objects(p)) == [], p


def test_loose_alignments_are_in_an_sssom_file():
    import csv

    lines = [l for l in (ROOT / "ontology" / "alignments.sssom.tsv").read_text().splitlines()
             if not l.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    pairs = {(r["subject_id"], r["predicate_id"], r["object_id"]) for r in rows}
    assert ("ltx:actsOn", "skos:closeMatch", "RO:0002448") in pairs
    assert ("ltx:AcuteLiverFailure", "skos:closeMatch", "HP:0006554") in pairs
    assert all(r["mapping_justification"].startswith("semapv:") for r in rows)


def test_shapes_parse():
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    assert len(shapes) > 50


def test_hermit_finds_ontology_consistent_and_classifies_agonist():
    drug, target = DRUG["test-drug"], TARGET["test-receptor"]
    data = [
        (drug, RDF.type, LTX.Drug), (drug, RDFS.label, Literal("test drug")),
        (target, RDF.type, LTX.Receptor), (target, RDFS.label, Literal("test receptor")),
        (drug, LTX.agonistOf, target),
    ]
    result = reason(data)
    assert result.consistent, result.message
    assert (drug, RDF.type, LTX.ReceptorAgonist) in result.inferred
    assert (drug, LTX.actsOn, target) in result.inferred


def test_sources_disagreeing_on_an_outcome_are_consistent_for_hermit_and_flagged_by_shacl():
    """Reported by one source and not reported by another is data for HermiT (validate lists it);
    within one source's graph SHACL's sh:disjoint rejects it."""
    from livertox_kg.shacl import check

    drug = DRUG["contradiction"]
    data = [
        (drug, RDF.type, LTX.Drug),
        (drug, LTX.reportedOutcome, LTX.AcuteLiverFailure),
        (drug, LTX.noReportedOutcome, LTX.AcuteLiverFailure),
    ]
    result = reason(data)
    assert result.consistent, result.message
    graph = Graph()
    for t in data:
        graph.add(t)
    report = check(graph, whole_graph=False)
    assert not report.conforms and any("both reported and not reported" in m for m in report.messages)


def test_release_artefacts_are_built_from_the_source():
    """ontology/release/ holds the same graph as the edited file (rebuild: livertox-kg ontology-release)."""
    from rdflib.compare import isomorphic

    from livertox_kg.ontology_release import ARTEFACTS, RELEASE_DIR, release_graph

    source = release_graph()
    for name, fmt in ARTEFACTS.items():
        released = Graph().parse(RELEASE_DIR / name, format="xml" if fmt == "xml" else fmt)
        assert isomorphic(source, released), f"{name} is stale: run `livertox-kg ontology-release`"


def test_owlready2_loads_the_rdfxml_release():
    import owlready2

    from livertox_kg.ontology_release import RELEASE_DIR

    world = owlready2.World()
    onto = world.get_ontology((RELEASE_DIR / "livertox-kg.owl").as_uri()).load()
    assert onto.Drug is not None and onto.agonistOf is not None
    assert onto.ReceptorAgonist.equivalent_to
