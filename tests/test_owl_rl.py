"""What a semantic-web tool infers from our graph: an OWL 2 RL closure (owlrl) of a multi-source
build with the ontology and the axioms of the vocabularies we use (PROV-O, FOAF, Web Annotation),
and OWL 2 DL profile basics of the ontology.

The build disagrees with itself on purpose: the seed monograph scores baclofen D and says acute
liver failure was never reported; a master-list workbook scores it C; a later (test) monograph of
baclofen reports acute liver failure; a multi-agent record describes two drugs. None of that may
merge resources (owl:sameAs) or make the closure inconsistent; the disagreements stay data.
"""

from __future__ import annotations

from pathlib import Path

import owlrl
import pytest
from owlrl.Namespaces import ERRNS
from rdflib import OWL, RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from livertox_kg.namespaces import DRUG, LIKELIHOOD, LTX, OA, ONTOLOGY_IRI
from livertox_kg.paths import ONTOLOGY_FILE
from tests._ingest_helpers import HEADER, NXML_DIR, SEED_TEXT, make_workbook

ROOT = Path(__file__).resolve().parents[1]
VOCAB = ROOT / "tests" / "fixtures" / "vocab"
FOAF = "http://xmlns.com/foaf/0.1/"
ERROR = ERRNS.ErrorMessage  # how owlrl records an inconsistency in the closed graph
# A workbook that disagrees with the seed on baclofen's score (C, the monograph says D), plus
# two drugs the seed does not mention.
DISAGREEING_ROWS = [
    [1, "Baclofen", "Lioresal", "C", "Baclofen", "2024-01-10", 1977, "Yes", "Muscle Relaxants", None],
    [2, "Tizanidine", "Zanaflex", "B", "Tizanidine", "2024-01-10", 1996, "Yes", "Muscle Relaxants", None],
    [3, "Metaxalone", "Skelaxin", "E", "Metaxalone", "2024-01-10", 1962, "Yes", "Muscle Relaxants", None],
]


def vocabularies() -> Graph:
    g = Graph()
    g.parse(ONTOLOGY_FILE, format="turtle")
    g.parse(VOCAB / "prov-o.ttl", format="turtle")
    g.parse(VOCAB / "foaf-axioms.ttl", format="turtle")
    g.parse(VOCAB / "oa.ttl", format="turtle")
    return g


def closure(data: Graph, extra: Graph | None = None) -> Graph:
    g = Graph()
    g += data
    g += vocabularies()
    if extra is not None:
        g += extra
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    return g


@pytest.fixture(scope="module")
def multi_source(tmp_path_factory):
    """Seed + disagreeing workbook + a later baclofen monograph reporting acute liver failure +
    a multi-agent NXML record, built with SHACL and HermiT: the build report."""
    from livertox_kg.build import run_build

    tmp = tmp_path_factory.mktemp("owlrl")
    workbook = tmp / "LiverTox_Master_List.xlsx"
    assert HEADER[3] == "Likelihood Score"
    make_workbook(workbook, rows=DISAGREEING_ROWS)
    later = tmp / "baclofen-update.txt"  # test data: the tizanidine fixture's text, renamed
    text = (ROOT / "tests" / "fixtures" / "monographs" / "tizanidine.txt").read_text(encoding="utf-8")
    later.write_text(text.replace("Tizanidine", "Baclofen").replace("tizanidine", "baclofen"), encoding="utf-8")
    report = run_build([SEED_TEXT, workbook, later, NXML_DIR / "carisoprodol_meprobamate.nxml"],
                       tmp / "store", progress=False)
    assert not report.skipped, report.skipped
    return report


@pytest.fixture(scope="module")
def build_graph(multi_source) -> Graph:
    """The multi-source build read back from its N-Quads dump, all graphs merged."""
    report = multi_source
    ds = Dataset()
    ds.parse(report.dump, format="nquads")
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


@pytest.fixture(scope="module")
def closed(build_graph) -> Graph:
    return closure(build_graph)


def test_the_build_really_disagrees(build_graph):
    baclofen = DRUG["baclofen"]
    assert {LIKELIHOOD.C, LIKELIHOOD.D} <= set(build_graph.objects(baclofen, LTX.likelihoodScore))
    assert (baclofen, LTX.noReportedOutcome, LTX.AcuteLiverFailure) in build_graph
    assert (baclofen, LTX.reportedOutcome, LTX.AcuteLiverFailure) in build_graph
    multi = [m for m in build_graph.subjects(RDF.type, LTX.Monograph)
             if len(set(build_graph.objects(m, LTX.describes))) > 1]
    assert len(multi) >= 2  # the workbook and the multi-agent record


def test_validate_lists_the_disagreements_and_the_whole_graph_shapes_hold(multi_source):
    from livertox_kg.validate import validate_store

    report = validate_store(multi_source.store, reasoner=False)
    assert report["shacl"]["conforms"], report["shacl"].get("report")
    baclofen = str(DRUG["baclofen"])
    conflicts = {(c["drug"], c["property"].rsplit("#", 1)[-1]): c for c in report["conflicts"]}
    score = conflicts[(baclofen, "likelihoodScore")]
    assert {v["value"] for v in score["values"]} >= {str(LIKELIHOOD.C), str(LIKELIHOOD.D)}
    outcome = conflicts[(baclofen, "reportedOutcome")]
    assert outcome["outcome"] == str(LTX.AcuteLiverFailure)
    assert {v["value"] for v in outcome["values"]} == {"reported", "not reported"}
    assert len({v["source_graph"] for v in outcome["values"]}) == 2


def test_closure_is_consistent(closed):
    errors = [str(o) for s in closed.subjects(RDF.type, ERROR) for o in closed.objects(s, None)
              if isinstance(o, Literal)]
    assert errors == []


def test_no_resources_merged(closed):
    merged = sorted((str(s), str(o)) for s, o in closed.subject_objects(OWL.sameAs) if s != o)
    assert merged == []


def test_disagreements_stay_data(closed):
    baclofen = DRUG["baclofen"]
    assert {LIKELIHOOD.C, LIKELIHOOD.D} <= set(closed.objects(baclofen, LTX.likelihoodScore))
    assessments = list(closed.objects(baclofen, LTX.hasLikelihoodAssessment))
    assert {closed.value(a, LTX.assessedScore) for a in assessments} >= {LIKELIHOOD.C, LIKELIHOOD.D}
    assert all(closed.value(a, PROV.wasDerivedFrom) is not None for a in assessments)


def test_no_unintended_types(closed, build_graph):
    drugs = set(build_graph.subjects(RDF.type, LTX.Drug))
    sections = set(build_graph.subjects(RDF.type, LTX.MonographSection))
    selectors = set(build_graph.subjects(RDF.type, OA.TextPositionSelector))
    assert drugs and sections and selectors
    never_for_drugs = {PROV.Entity, URIRef(FOAF + "Document"), LTX.Evidence, LTX.Monograph,
                       URIRef(str(OA) + "ResourceSelection"), SKOS.Concept, LTX.MolecularTarget}
    for drug in drugs:
        assert not set(closed.objects(drug, RDF.type)) & never_for_drugs, drug
    for section in sections:
        assert LTX.Evidence not in set(closed.objects(section, RDF.type)), section
    for selector in selectors:
        assert LTX.Evidence not in set(closed.objects(selector, RDF.type)), selector
    for monograph in build_graph.subjects(RDF.type, LTX.Monograph):
        assert LTX.Drug not in set(closed.objects(monograph, RDF.type))
    # what should follow does: a drug has the ChEBI drug role; agonistOf implies RO's 'is agonist of'
    assert (DRUG["baclofen"], URIRef("http://purl.obolibrary.org/obo/RO_0018027"),
            URIRef("https://w3id.org/livertox-kg/target/gaba-b-receptor")) in closed


def test_the_check_would_catch_the_old_modelling(build_graph):
    """The same closure with version 0.1.0's axioms (describes under functional foaf:primaryTopic,
    a functional likelihood score) merges drugs and is inconsistent: the tests above can fail."""
    old = Graph()
    old.add((LTX.describes, RDFS.subPropertyOf, URIRef(FOAF + "primaryTopic")))
    old.add((LTX.likelihoodScore, RDF.type, OWL.FunctionalProperty))
    g = closure(build_graph, old)
    merged = {(s, o) for s, o in g.subject_objects(OWL.sameAs) if s != o}
    assert (DRUG["carisoprodol"], DRUG["meprobamate"]) in merged
    assert any(True for _ in g.subjects(RDF.type, ERROR))


# --- OWL 2 DL profile basics -------------------------------------------------------------------
RESERVED = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#",
            "http://www.w3.org/2002/07/owl#", "http://www.w3.org/2001/XMLSchema#")
DECLARATIONS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
AXIOMS = {RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty,
          OWL.disjointWith, OWL.propertyDisjointWith, RDFS.domain, RDFS.range, OWL.inverseOf}


def reserved(term) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(RESERVED) and term != OWL.Thing


def datatype(term) -> bool:
    return isinstance(term, URIRef) and (str(term).startswith(RESERVED[3]) or term == RDF.langString)


def test_no_axioms_on_reserved_vocabulary():
    onto = Graph().parse(ONTOLOGY_FILE, format="turtle")
    bad = sorted(f"{s} {p} {o}" for s, p, o in onto
                 if (reserved(s) and p != RDF.type)
                 or (p in AXIOMS and (reserved(s) or (reserved(o) and not (p == RDFS.range and datatype(o))))))
    assert bad == []


def declared(onto: Graph) -> dict:
    return {kind: set(onto.subjects(RDF.type, kind)) for kind in DECLARATIONS}


def test_every_class_and_property_used_in_the_ontology_is_declared():
    onto = Graph().parse(ONTOLOGY_FILE, format="turtle")
    d = declared(onto)
    properties = d[OWL.ObjectProperty] | d[OWL.DatatypeProperty] | d[OWL.AnnotationProperty]
    used_properties = {p for p in onto.predicates() if not reserved(p)}
    used_properties |= {o for o in onto.objects(None, OWL.onProperty)}
    used_properties |= {o for o in onto.objects(None, RDFS.subPropertyOf)}
    assert sorted(map(str, used_properties - properties)) == []
    used_classes = {o for o in onto.objects(None, RDF.type) if not reserved(o)}
    for p in (RDFS.subClassOf, RDFS.domain, RDFS.range, OWL.someValuesFrom):
        used_classes |= {o for o in onto.objects(None, p) if isinstance(o, URIRef) and not reserved(o)}
    assert sorted(map(str, used_classes - d[OWL.Class])) == []
    # no term declared as two kinds (punning of a class and a property is outside OWL 2 DL)
    kinds = [d[OWL.Class], d[OWL.ObjectProperty], d[OWL.DatatypeProperty], d[OWL.AnnotationProperty]]
    overlaps = {str(t) for i, a in enumerate(kinds) for b in kinds[i + 1:] for t in a & b}
    assert overlaps == set()


def test_every_class_and_property_in_the_data_is_declared(build_graph):
    """RDF reification (rdf:subject/predicate/object) is the one use of reserved vocabulary."""
    onto = Graph().parse(ONTOLOGY_FILE, format="turtle")
    d = declared(onto)
    properties = d[OWL.ObjectProperty] | d[OWL.DatatypeProperty] | d[OWL.AnnotationProperty]
    data_only = {s for s in build_graph.subjects() if (s, RDF.type, OWL.Ontology) not in build_graph}
    ontology_terms = set(onto.subjects())
    used = {p for s, p, _ in build_graph if s in data_only and s not in ontology_terms
            and not reserved(p)}
    # graph/mappings holds the SSSOM table (skos mapping triples, annotated with sssom: terms)
    mappings = {SKOS.exactMatch, SKOS.closeMatch, SKOS.relatedMatch, SKOS.broadMatch, SKOS.narrowMatch}
    mappings |= {p for p in used if str(p).startswith("https://w3id.org/sssom/")}
    undeclared = sorted(map(str, used - properties - mappings))
    assert undeclared == [], "declare these in ontology/livertox.ttl"
    types = {o for s, o in build_graph.subject_objects(RDF.type) if s in data_only and not reserved(o)}
    types = {t for t in types if not str(t).startswith("https://w3id.org/sssom/")}
    assert sorted(map(str, types - d[OWL.Class])) == []
    assert URIRef(ONTOLOGY_IRI) in set(onto.subjects(RDF.type, OWL.Ontology))
