"""The ontology source: metadata, labels, alignments, and HermiT consistency."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
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


def test_every_term_we_mint_has_a_label(onto):
    ours = {s for s in onto.subjects() if isinstance(s, URIRef) and
            (str(s).startswith(str(LTX)) or str(s).startswith(str(LIKELIHOOD)))}
    assert len(ours) > 60
    missing = sorted(str(s) for s in ours if onto.value(s, RDFS.label) is None)
    assert missing == []
    concepts = {s for s in ours if (s, RDF.type, OWL.NamedIndividual) in onto}
    assert sorted(str(s) for s in concepts if onto.value(s, SKOS.prefLabel) is None) == []


def test_likelihood_scale_and_definitions(onto):
    notations = {str(onto.value(s, SKOS.notation)) for s in onto.subjects(RDF.type, LTX.LikelihoodScore)}
    assert notations == {"A", "B", "C", "D", "E", "E*", "X"}
    for s in onto.subjects(RDF.type, LTX.LikelihoodScore):
        assert onto.value(s, SKOS.definition) is not None
    assert (LIKELIHOOD.HD, RDF.type, LTX.LikelihoodQualifier) in onto


def test_mechanism_relations_are_subproperties_aligned_to_ro(onto):
    for prop in (LTX.agonistOf, LTX.antagonistOf, LTX.inhibitorOf):
        assert (prop, RDFS.subPropertyOf, LTX.actsOn) in onto
    obo = "http://purl.obolibrary.org/obo/"
    assert (LTX.agonistOf, SKOS.exactMatch, URIRef(obo + "RO_0018027")) in onto
    assert (LTX.antagonistOf, SKOS.exactMatch, URIRef(obo + "RO_0018029")) in onto
    assert (LTX.inhibitorOf, SKOS.closeMatch, URIRef(obo + "RO_0012006")) in onto


def test_negative_outcome_property_is_disjoint_from_positive(onto):
    assert (LTX.noReportedOutcome, OWL.propertyDisjointWith, LTX.reportedOutcome) in onto


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


def test_hermit_rejects_reported_and_not_reported_outcome_together():
    drug = DRUG["contradiction"]
    data = [
        (drug, RDF.type, LTX.Drug),
        (drug, LTX.reportedOutcome, LTX.AcuteLiverFailure),
        (drug, LTX.noReportedOutcome, LTX.AcuteLiverFailure),
    ]
    result = reason(data)
    assert not result.consistent
    assert "inconsistent" in result.message


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
