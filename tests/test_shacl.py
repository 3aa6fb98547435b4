"""The SHACL shapes refuse what they must: one small hand-written graph per constraint that matters.

``VALID`` is a minimal monograph graph (a drug, its monograph and section, one mechanism fact with
its evidence, a threshold). It must conform; each case in ``CASES`` then breaks one thing a curator
cares about and expects a violation naming the focus node, the path and a readable message.

The cases are data, not code: after a remodelling of the ontology (new shapes, SHACL-SPARQL) a
case is adapted by editing its triples and its expected path/message, not the test logic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from rdflib import Graph

from livertox_kg.shacl import check

PREFIXES = """
@prefix ltx: <https://w3id.org/livertox-kg/ontology#> .
@prefix drug: <https://w3id.org/livertox-kg/drug/> .
@prefix target: <https://w3id.org/livertox-kg/target/> .
@prefix likelihood: <https://w3id.org/livertox-kg/likelihood/> .
@prefix monograph: <https://w3id.org/livertox-kg/monograph/> .
@prefix evidence: <https://w3id.org/livertox-kg/evidence/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
"""

# One triple per line, so that a case can delete a line by its exact text.
VALID = """
drug:testol a ltx:Drug .
drug:testol rdfs:label "Testol"@en .
drug:testol ltx:likelihoodScore likelihood:D .
drug:testol ltx:casNumber "1134-47-0" .
drug:testol ltx:molecularFormula "C10H12ClNO2" .
drug:testol ltx:approvalYearUS 1977 .
drug:testol ltx:agonistOf target:test-receptor .
drug:testol ltx:noReportedOutcome ltx:AcuteLiverFailure .
drug:testol ltx:discontinuationThreshold drug:testol-threshold .
drug:testol-threshold a ltx:DiscontinuationThreshold .
drug:testol-threshold rdfs:label "ALT above 5 times ULN"@en .
drug:testol-threshold ltx:multipleOfULN 5.0 .
drug:testol-threshold ltx:persistent false .
target:test-receptor a ltx:Receptor .
target:test-receptor a ltx:MolecularTarget .
target:test-receptor rdfs:label "test receptor"@en .
monograph:testol a ltx:Monograph .
monograph:testol rdfs:label "Testol"@en .
monograph:testol ltx:describes drug:testol .
monograph:testol ltx:sha256 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" .
monograph:testol dcterms:source "testol.txt" .
monograph:testol ltx:hasText monograph:testol-text .
monograph:testol-text a ltx:MonographText .
monograph:testol-text rdfs:label "text of the Testol monograph"@en .
monograph:testol-text ltx:sha256 "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210" .
monograph:testol-text prov:wasDerivedFrom monograph:testol .
monograph:testol ltx:hasSection monograph:testol-background .
monograph:testol-background a ltx:MonographSection .
monograph:testol-background rdfs:label "Background"@en .
monograph:testol-background oa:hasSource monograph:testol-text .
monograph:testol-background oa:hasSelector monograph:testol-background-position .
monograph:testol-background-position a oa:TextPositionSelector .
monograph:testol-background-position oa:start 0 .
monograph:testol-background-position oa:end 400 .
evidence:e1 a ltx:Evidence .
evidence:e1 rdfs:label "evidence for a mechanism of Testol"@en .
evidence:e1 rdf:subject drug:testol .
evidence:e1 rdf:predicate ltx:agonistOf .
evidence:e1 rdf:object target:test-receptor .
evidence:e1 ltx:quote "Testol acts as an agonist of the test receptor." .
evidence:e1 ltx:inSection monograph:testol-background .
evidence:e1 oa:hasSource monograph:testol-text .
evidence:e1 oa:hasSelector evidence:e1-position .
evidence:e1-position a oa:TextPositionSelector .
evidence:e1-position oa:start 10 .
evidence:e1-position oa:end 57 .
evidence:e1 prov:wasDerivedFrom monograph:testol .
"""

LTX = "https://w3id.org/livertox-kg/ontology#"
TESTOL = "https://w3id.org/livertox-kg/drug/testol"
MONO = "https://w3id.org/livertox-kg/monograph/testol"
EVIDENCE = "https://w3id.org/livertox-kg/evidence/e1"
THRESHOLD = "https://w3id.org/livertox-kg/drug/testol-threshold"
POSITION = "https://w3id.org/livertox-kg/evidence/e1-position"
TARGET = "https://w3id.org/livertox-kg/target/test-receptor"


@dataclass
class Case:
    id: str
    drop: tuple[str, ...] = ()  # lines of VALID to delete (exact text)
    add: tuple[str, ...] = ()  # Turtle lines to add
    focus: str = TESTOL  # the focus node the report must name
    path: str = ""  # the result path as the report prints it (a regex)
    message: str = ""  # the message a curator reads (a regex)


CASES = [
    Case("drug-without-label", drop=('drug:testol rdfs:label "Testol"@en .',),
         path=r"rdfs:label", message=r"a minted resource needs an rdfs:label"),
    Case("likelihood-score-off-the-scale", drop=("drug:testol ltx:likelihoodScore likelihood:D .",),
         add=("drug:testol ltx:likelihoodScore likelihood:F .",),
         path=r"ltx:likelihoodScore", message=r"likelihood/F.*not in|not in.*likelihood"),
    Case("likelihood-score-as-a-string", drop=("drug:testol ltx:likelihoodScore likelihood:D .",),
         add=('drug:testol ltx:likelihoodScore "D" .',),
         path=r"ltx:likelihoodScore", message=r"not in"),
    Case("cas-number-malformed", drop=('drug:testol ltx:casNumber "1134-47-0" .',),
         add=('drug:testol ltx:casNumber "1134470" .',),
         path=r"ltx:casNumber", message=r"does not match pattern"),
    Case("formula-not-normalised", drop=('drug:testol ltx:molecularFormula "C10H12ClNO2" .',),
         add=('drug:testol ltx:molecularFormula "C10-H12-Cl-N-O2" .',),
         path=r"ltx:molecularFormula", message=r"molecular formula must be normalised"),
    Case("approval-year-impossible", drop=("drug:testol ltx:approvalYearUS 1977 .",),
         add=("drug:testol ltx:approvalYearUS 197 .",),
         path=r"ltx:approvalYearUS", message=r"not >= .*1900"),
    Case("outcome-reported-and-not-reported",
         add=("drug:testol ltx:reportedOutcome ltx:AcuteLiverFailure .",),
         path=r"ltx:reportedOutcome", message=r"cannot be both reported and not reported"),
    Case("drug-from-no-monograph", drop=("monograph:testol ltx:describes drug:testol .",),
         path=r"inversePath ltx:describes", message=r"every drug comes from a monograph"),
    Case("mechanism-target-untyped", focus=TARGET,
         drop=("target:test-receptor a ltx:Receptor .", "target:test-receptor a ltx:MolecularTarget ."),
         path=r"^$", message=r"does not have class ltx:MolecularTarget"),
    Case("mechanism-target-a-literal", drop=("drug:testol ltx:agonistOf target:test-receptor .",),
         add=('drug:testol ltx:agonistOf "the test receptor" .',), focus='Literal("the test receptor")',
         path=r"^$", message=r"[Nn]ode [Kk]ind sh:IRI"),
    Case("evidence-without-quote", focus=EVIDENCE,
         drop=('evidence:e1 ltx:quote "Testol acts as an agonist of the test receptor." .',),
         path=r"ltx:quote", message=r"Less than 1 values"),
    Case("evidence-with-empty-quote", focus=EVIDENCE,
         drop=('evidence:e1 ltx:quote "Testol acts as an agonist of the test receptor." .',),
         add=('evidence:e1 ltx:quote "" .',), path=r"ltx:quote", message=r"[Ll]ength"),
    Case("evidence-without-section", focus=EVIDENCE,
         drop=("evidence:e1 ltx:inSection monograph:testol-background .",),
         path=r"ltx:inSection", message=r"Less than 1 values"),
    Case("evidence-without-source", focus=EVIDENCE,
         drop=("evidence:e1 prov:wasDerivedFrom monograph:testol .",),
         path=r"prov:wasDerivedFrom", message=r"Less than 1 values"),
    Case("evidence-for-no-fact", focus=EVIDENCE, drop=("evidence:e1 rdf:subject drug:testol .",),
         path=r"rdf:subject", message=r"Less than 1 values"),
    Case("evidence-offsets-reversed", focus=POSITION,
         drop=("evidence:e1-position oa:end 57 .",), add=("evidence:e1-position oa:end 3 .",),
         path=r"oa:start", message=r"oa:end|<="),
    Case("evidence-offset-negative", focus=POSITION,
         drop=("evidence:e1-position oa:start 10 .",), add=("evidence:e1-position oa:start -1 .",),
         path=r"oa:start", message=r"not >= .*\"0\""),
    Case("evidence-without-selector", focus=EVIDENCE,
         drop=("evidence:e1 oa:hasSelector evidence:e1-position .",),
         path=r"oa:hasSelector", message=r"Less than 1 values"),
    Case("monograph-without-text", focus=MONO, drop=("monograph:testol ltx:hasText monograph:testol-text .",),
         path=r"ltx:hasText", message=r"Less than 1 values"),
    Case("threshold-not-positive", focus=THRESHOLD,
         drop=("drug:testol-threshold ltx:multipleOfULN 5.0 .",),
         add=("drug:testol-threshold ltx:multipleOfULN 0.0 .",),
         path=r"ltx:multipleOfULN", message=r"0"),
    Case("monograph-without-checksum", focus=MONO,
         drop=('monograph:testol ltx:sha256 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" .',),
         path=r"ltx:sha256", message=r"Less than 1 values"),
    Case("monograph-without-source", focus=MONO, drop=('monograph:testol dcterms:source "testol.txt" .',),
         path=r"dcterms:source", message=r"Less than 1 values"),
]


def graph(drop=(), add=()) -> Graph:
    lines = VALID.strip().splitlines()
    for line in drop:
        assert line in lines, f"case drops a line VALID does not have: {line}"
        lines.remove(line)
    return Graph().parse(data=PREFIXES + "\n".join([*lines, *add]), format="turtle")


def names(iri: str) -> set[str]:
    """The ways the report may print ``iri``: <iri> or a prefixed name from PREFIXES."""
    if not iri.startswith("http"):
        return {iri}  # a literal, as the report prints it
    out = {f"<{iri}>"}
    for prefix, ns in re.findall(r"@prefix (\w+): <([^>]+)>", PREFIXES):
        if iri.startswith(ns):
            out.add(f"{prefix}:{iri[len(ns):]}")
    return out


def results(text: str) -> list[dict[str, str]]:
    """The pySHACL text report as one dict per result (Focus Node, Result Path, Message, ...)."""
    out = []
    for block in re.split(r"\n(?=Constraint Violation|Validation Warning|Validation Info)", text)[1:]:
        fields = dict(re.findall(r"^\t([A-Za-z ]+): (.*)$", block, re.M))
        fields["component"] = block.split(" in ", 1)[1].split(" ", 1)[0] if " in " in block else ""
        out.append(fields)
    return out


def test_the_valid_graph_conforms():
    report = check(graph(), whole_graph=False)
    assert report.conforms, report.text
    assert (report.violations, report.warnings) == (0, 0)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_shape_refuses(case: Case):
    report = check(graph(case.drop, case.add), whole_graph=False)  # as the build checks one monograph
    assert not report.conforms and report.violations >= 1, f"{case.id}: accepted\n{report.text}"
    found = results(report.text)
    assert all(r.get("Severity") in ("sh:Violation", "sh:Warning") for r in found)
    ours = [r for r in found if r.get("Severity") == "sh:Violation" and r.get("Focus Node") in names(case.focus)
            and re.search(case.path, r.get("Result Path", ""))]
    assert ours, f"{case.id}: no violation on {case.focus} at {case.path}\n{report.text}"
    assert any(re.search(case.message, r.get("Message", "")) for r in ours), (
        f"{case.id}: message should match {case.message!r}: {[r.get('Message') for r in ours]}")


def test_two_scores_are_a_warning_not_a_violation():
    """Sources disagreeing on a score is reported (warning) but does not refuse the graph."""
    report = check(graph(add=("drug:testol ltx:likelihoodScore likelihood:C .",)), whole_graph=False)
    assert report.conforms and report.violations == 0 and report.warnings == 1, report.text
    assert "sources disagree" in report.text


def test_every_case_breaks_only_what_it_says():
    """Each case's graph differs from VALID by its own lines (no case passes by a typo)."""
    base = set(graph())
    for case in CASES:
        changed = set(graph(case.drop, case.add)) ^ base
        assert changed, case.id


def test_violations_and_warnings_are_counted_apart():
    report = check(graph(drop=('drug:testol ltx:casNumber "1134-47-0" .',),
                         add=("drug:testol ltx:likelihoodScore likelihood:C .", 'drug:testol ltx:casNumber "x" .')),
                   whole_graph=False)
    assert not report.conforms
    assert (report.violations, report.warnings) == (1, 1), report.text


def test_whole_graph_every_fact_has_evidence():
    """The whole-graph SHACL-SPARQL check (validate): VALID gives evidence to its mechanism fact only,
    so every other fact is named, and the mechanism fact is not."""
    report = check(graph(), whole_graph=True)
    assert not report.conforms
    missing = [m for m in report.messages if m.startswith("a fact without plain")]
    assert any("casNumber 1134-47-0" in m for m in missing) and any("approvalYearUS 1977" in m for m in missing)
    assert not any("agonistOf" in m for m in missing), missing


def test_whole_graph_evidence_for_a_triple_not_asserted():
    report = check(graph(drop=("drug:testol ltx:agonistOf target:test-receptor .",)), whole_graph=True)
    assert any(m.startswith("an evidence node whose triple") and "agonistOf" in m for m in report.messages), (
        report.messages)


def test_whole_graph_class_hierarchy_without_cycles():
    lines = ("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
             "<https://w3id.org/livertox-kg/class/a> a ltx:DrugClass .",
             "<https://w3id.org/livertox-kg/class/b> a ltx:DrugClass .",
             "<https://w3id.org/livertox-kg/class/a> skos:broader <https://w3id.org/livertox-kg/class/b> .",
             "<https://w3id.org/livertox-kg/class/b> skos:broader <https://w3id.org/livertox-kg/class/a> .")
    report = check(graph(add=lines), whole_graph=True)
    assert any("has a cycle through" in m for m in report.messages), report.messages
