"""ontology/shapes.ttl catches what matters: facts without evidence, evidence whose triple is
missing, hedged or negated triples asserted as facts, class-hierarchy cycles, a source contradicting
itself; and it lets two sources disagree."""

from __future__ import annotations

import pytest
from rdflib import RDF, Graph, Literal
from rdflib.namespace import PROV, SKOS

from conftest import SEED
from livertox_kg.extract import extract
from livertox_kg.namespaces import DRUG, DRUG_CLASS, LTX, MONOGRAPH, TARGET
from livertox_kg.rdf import EntityTables, monograph_quads
from livertox_kg.shacl import check
from livertox_kg.text_reader import read_path

BACLOFEN = DRUG["baclofen"]


@pytest.fixture(scope="module")
def seed_graph() -> Graph:
    monograph = read_path(SEED)
    records = extract(monograph)
    tables = EntityTables()
    tables.collect(records)
    g = Graph()
    for s, p, o, _ in monograph_quads(monograph, records, tables, "baclofen"):
        g.add((s, p, o))
    return g


def copy(g: Graph) -> Graph:
    out = Graph()
    for t in g:
        out.add(t)
    return out


def said(report, words: str) -> bool:
    """Whether a result message (not the report's echo of the shapes) says ``words``."""
    return any(words in m for m in report.messages)


def evidence_of(g: Graph, s, p, o):
    return [e for e in g.subjects(RDF.object, o)
            if (e, RDF.subject, s) in g and (e, RDF.predicate, p) in g]


def test_the_seed_conforms_per_source_and_as_a_whole(seed_graph):
    assert check(seed_graph, whole_graph=False).conforms
    report = check(seed_graph)
    assert report.conforms, report.text


def test_a_fact_without_evidence_is_a_violation(seed_graph):
    g = copy(seed_graph)
    (ev,) = evidence_of(g, BACLOFEN, LTX.approvalYearUS, Literal(1977))
    g.remove((ev, None, None))
    report = check(g)
    assert not report.conforms and said(report, "a fact without plain") and said(report, "approvalYearUS")


def test_evidence_whose_triple_is_missing_is_a_violation(seed_graph):
    g = copy(seed_graph)
    name = g.value(BACLOFEN, LTX.tradeName)
    assert name is not None
    g.remove((BACLOFEN, LTX.tradeName, name))
    report = check(g)
    assert not report.conforms and said(report, "is not asserted")


def test_a_hedged_triple_asserted_as_a_fact_is_a_violation(seed_graph):
    g = copy(seed_graph)
    target = TARGET["gaba-a-receptor"]
    ev = MONOGRAPH["baclofen/test-hedged"]
    for t in [(ev, RDF.subject, BACLOFEN), (ev, RDF.predicate, LTX.antagonistOf), (ev, RDF.object, target),
              (ev, LTX.hedged, Literal(True)), (ev, PROV.wasDerivedFrom, MONOGRAPH["baclofen"])]:
        g.add(t)
    assert check(g).conforms  # hedged and not asserted: fine
    g.add((BACLOFEN, LTX.antagonistOf, target))
    report = check(g)
    assert not report.conforms and said(report, "a fact without plain")


def test_a_negated_triple_asserted_as_a_fact_is_a_violation(seed_graph):
    g = copy(seed_graph)
    g.add((BACLOFEN, LTX.reportedOutcome, LTX.AcuteLiverFailure))
    report = check(g)
    assert not report.conforms and said(report, "a fact without plain")


def test_a_negative_finding_needs_its_shortcut(seed_graph):
    g = copy(seed_graph)
    g.remove((BACLOFEN, LTX.noReportedOutcome, LTX.AcuteLiverFailure))
    report = check(g)
    assert not report.conforms and said(report, "its ltx:noReportedOutcome shortcut) is not asserted")


def test_a_cycle_in_the_class_hierarchy_is_a_violation(seed_graph):
    g = copy(seed_graph)
    g.add((DRUG_CLASS["autonomic-agents"], SKOS.broader, DRUG_CLASS["muscle-relaxants-central"]))
    report = check(g)
    assert not report.conforms and said(report, "has a cycle")


def test_one_source_may_not_report_and_deny_an_outcome_but_two_may_disagree(seed_graph):
    g = copy(seed_graph)
    g.add((BACLOFEN, LTX.reportedOutcome, LTX.AcuteLiverFailure))
    other = MONOGRAPH["baclofen-update"]
    ev = MONOGRAPH["baclofen-update/test-evidence"]
    for t in [(ev, RDF.subject, BACLOFEN), (ev, RDF.predicate, LTX.reportedOutcome),
              (ev, RDF.object, LTX.AcuteLiverFailure), (ev, PROV.wasDerivedFrom, other)]:
        g.add(t)
    # merged sources: a disagreement between two sources is data (validate lists it)
    report = check(g)
    assert not said(report, "states both") and not said(report, "both reported and not reported")
    # within one source graph it is a violation
    assert said(check(g, whole_graph=False), "both reported and not reported by one source")
    # and a source that says both is a violation in the merged graph too
    g.set((ev, PROV.wasDerivedFrom, MONOGRAPH["baclofen"]))
    assert said(check(g), "states both")


def test_offsets_are_checked(seed_graph):
    from livertox_kg.namespaces import OA

    g = copy(seed_graph)
    selector = next(iter(g.subjects(RDF.type, OA.TextPositionSelector)))
    end = g.value(selector, OA.end)
    g.set((selector, OA.start, Literal(int(end) + 1)))
    report = check(g, whole_graph=False)
    assert not report.conforms and str(selector) in report.text


def test_a_named_graph_description_is_checked(seed_graph):
    """graph/build describes each graph name: the build that wrote it is required, and a graph's
    dcterms:subject must be a monograph."""
    from rdflib import RDFS
    from rdflib.namespace import DCTERMS

    from livertox_kg.build import graph_description
    from livertox_kg.namespaces import GRAPH, SD
    from livertox_kg.rdf import build_iri

    build = build_iri("20261202T000000Z-abcdef")
    graph = GRAPH["monograph/baclofen"]
    g = copy(seed_graph)
    g.add((build, RDF.type, LTX.Build))
    g.add((build, RDFS.label, Literal("a build", lang="en")))
    for s, p, o, _ in graph_description(graph, "Named graph of baclofen", "what it holds", build):
        g.add((s, p, o))
    g.add((graph, DCTERMS.subject, MONOGRAPH["baclofen"]))
    report = check(g)
    assert report.conforms, report.text
    bad = copy(g)
    bad.remove((graph, PROV.wasGeneratedBy, None))
    bad.set((graph, DCTERMS.subject, BACLOFEN))  # a drug, not the monograph
    report = check(bad)
    assert not report.conforms
    assert said(report, "the build that wrote it") and said(report, "the one monograph it holds")
    assert (graph, SD.name, graph) in g


def test_statements_of_one_sentence_share_its_selector_and_a_bad_one_is_caught(seed_graph):
    """One text position selector per sentence (``<text>#char=start,end``), shared by the evidence
    nodes of every statement read from it; each evidence node still has its own triple and quote."""
    from livertox_kg.namespaces import OA

    g = copy(seed_graph)
    evidence = set(g.subjects(RDF.type, LTX.Evidence))
    by_selector: dict = {}
    for e in evidence:
        (selector,) = g.objects(e, OA.hasSelector)
        by_selector.setdefault(selector, []).append(e)
    shared = {sel: evs for sel, evs in by_selector.items() if len(evs) > 1}
    assert shared and len(by_selector) < len(evidence)
    text = str(MONOGRAPH["baclofen/text"])
    for selector, evs in by_selector.items():
        start, end = int(g.value(selector, OA.start)), int(g.value(selector, OA.end))
        assert str(selector) == f"{text}#char={start},{end}"
        assert len({str(g.value(e, LTX.quote)) for e in evs}) == 1  # one sentence
    assert check(g, whole_graph=False).conforms

    # a selector naming two places (two starts) is a violation, named by the selector
    selector = next(iter(shared))
    g.add((selector, OA.start, Literal(0)))
    report = check(g, whole_graph=False)
    assert not report.conforms and str(selector) in report.text
