"""The SHACL shapes compiled to SPARQL (run by Oxigraph) report what pySHACL reports.

Real graphs come from the pipeline (the seed and the fixture monographs). Bad inputs are made by
mutations derived from the shapes graph itself (for every property shape: drop the values, add one
too many, one of the wrong datatype, kind, class, list, pattern, range...), so the comparison
follows ontology/shapes.ttl as it changes. Both validators get the same data graph; their results
are compared as sets of (focus node, path, value, constraint component, severity).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH, XSD

from livertox_kg.build import read_and_extract
from livertox_kg.paths import SHAPES_FILE
from livertox_kg.rdf import EntityTables, monograph_quads, monograph_slug
from livertox_kg.shacl_sparql import UnsupportedShape, compile_shapes, run
from livertox_kg.sources import iter_sources
from livertox_kg.terms import to_ox, to_rdflib

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "data" / "monographs", ROOT / "tests" / "fixtures" / "monographs"]
EX = "https://example.org/bad/"
GRAPH = ox.NamedNode("https://example.org/graph")


@pytest.fixture(scope="module")
def pipeline_graph() -> Graph:
    loaded = [read_and_extract(item) for item in iter_sources(SOURCES)]
    loaded = [x for x in loaded if x.ok]
    tables = EntityTables()
    for x in loaded:
        tables.add_names(*EntityTables.names(x.records))
    g = Graph()
    for x in loaded:
        for s, p, o, _ in monograph_quads(x.monograph, x.records, tables, monograph_slug(x.monograph, x.records)):
            g.add((s, p, o))
    assert len(g) > 500
    return g


def pyshacl_results(data: Graph, shapes: Graph) -> set:
    _, report, _ = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=False)
    out = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        if (None, SH.detail, r) in report:  # a nested result explaining another one, not a result itself
            continue
        component = report.value(r, SH.sourceConstraintComponent)
        path = report.value(r, SH.resultPath)
        value = report.value(r, SH.value)
        if component in (SH.NodeConstraintComponent,) or path is not None and not isinstance(path, URIRef):
            path = "complex" if path is not None else None
        out.add((report.value(r, SH.focusNode), path, value, component, report.value(r, SH.resultSeverity)))
    return out


def sparql_results(data: Graph, shapes_ttl: str) -> set:
    store = ox.Store()
    store.extend([ox.Quad(to_ox(s), to_ox(p), to_ox(o), GRAPH) for s, p, o in data])
    out = set()
    for r in run(store, compile_shapes(shapes_ttl)):
        path = r.path if r.path is None or isinstance(r.path, URIRef) else "complex"
        if r.component == SH.NodeConstraintComponent and path is not None:
            path = "complex"
        if isinstance(path, (ox.NamedNode,)):
            path = URIRef(path.value)
        value = None if r.value is None else _plain(to_rdflib(r.value))
        out.add((to_rdflib(r.focus), path, value, r.component, r.severity))
    return out


def _plain(value):
    """"x"^^xsd:string and "x" are the same literal in RDF 1.1."""
    return Literal(str(value)) if isinstance(value, Literal) and value.datatype == XSD.string else value


def _normalise(results: set) -> set:
    # pySHACL gives a complex path as a blank node; both sides then just say "complex"
    return {(f, p if not (p is not None and not isinstance(p, (URIRef, str))) else "complex", _plain(v), c, s)
            for f, p, v, c, s in results}


def mutate(data: Graph, shapes: Graph) -> Graph:
    """The data with bad inputs for every simple property shape of every class-targeted shape."""
    bad = Graph()
    for t in data:
        bad.add(t)
    n = 0
    for shape, cls in shapes.subject_objects(SH.targetClass):
        focuses = sorted(set(data.subjects(RDF.type, cls)), key=str)
        for prop in shapes.objects(shape, SH.property):
            path = shapes.value(prop, SH.path)
            if not isinstance(path, URIRef) or not focuses:
                continue
            n += 1
            focus = focuses[n % len(focuses)]
            params = dict(shapes.predicate_objects(prop))
            if SH.minCount in params:
                target = focuses[(n + 1) % len(focuses)]
                for o in list(bad.objects(target, path)):
                    bad.remove((target, path, o))
            if SH.maxCount in params:
                for k in range(int(params[SH.maxCount]) + 1):
                    bad.add((focus, path, URIRef(f"{EX}extra-{n}-{k}")))
            if SH.datatype in params:
                wrong = Literal("not-a-value", datatype=XSD.integer) if params[SH.datatype] != XSD.integer \
                    else Literal("12.5", datatype=XSD.decimal)
                bad.add((focus, path, wrong))
                bounded = {SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive} & set(params)
                if params[SH.datatype] != RDF.langString and not bounded:
                    # (an ill-typed value under a range: SHACL says both bounds fail, as we report;
                    # pySHACL reports only some, so that case is left out of the comparison)
                    # (normalize=False: rdflib would otherwise rewrite "ill-typed"^^xsd:boolean to
                    # "false", a well-typed literal, so neither validator would see the bad form)
                    bad.add((focus, path, Literal("ill-typed", datatype=params[SH.datatype], normalize=False)))
            if SH.nodeKind in params:
                bad.add((focus, path, URIRef(f"{EX}iri-{n}") if params[SH.nodeKind] == SH.Literal
                         else Literal(f"literal-{n}")))
            if SH["class"] in params or SH["in"] in params or SH.node in params:
                bad.add((focus, path, URIRef(f"{EX}untyped-{n}")))
            if SH.pattern in params:
                bad.add((focus, path, Literal("!! no pattern matches this !!")))
            for bound in (SH.minInclusive, SH.minExclusive):
                if bound in params:
                    bad.add((focus, path, Literal(int(params[bound].toPython()) - 1)))
            for bound in (SH.maxInclusive, SH.maxExclusive):
                if bound in params:
                    bad.add((focus, path, Literal(int(params[bound].toPython()) + 1)))
            if SH.minLength in params:
                bad.add((focus, path, Literal("")))
            if SH.lessThan in params:
                bad.add((focus, path, Literal(10 ** 9)))
                bad.add((focus, params[SH.lessThan], Literal(1)))
            if SH.disjoint in params:
                for o in list(bad.objects(focus, path))[:1]:
                    bad.add((focus, params[SH.disjoint], o))
                bad.add((focus, path, URIRef(f"{EX}both-{n}")))
                bad.add((focus, params[SH.disjoint], URIRef(f"{EX}both-{n}")))
    return bad


def test_clean_pipeline_output_conforms_in_both(pipeline_graph):
    shapes = Graph().parse(SHAPES_FILE)
    assert _normalise(pyshacl_results(pipeline_graph, shapes)) == sparql_results(pipeline_graph, SHAPES_FILE.read_text())


def test_bad_inputs_give_the_same_violations_as_pyshacl(pipeline_graph):
    shapes = Graph().parse(SHAPES_FILE)
    bad = mutate(pipeline_graph, shapes)
    expected = _normalise(pyshacl_results(bad, shapes))
    got = sparql_results(bad, SHAPES_FILE.read_text())
    assert len({c for *_, c, _ in expected}) >= 8, "the mutations should exercise many components"
    assert got == expected, (f"only pySHACL: {sorted(map(str, expected - got))[:10]}\n"
                             f"only ours: {sorted(map(str, got - expected))[:10]}")


def test_whole_graph_sparql_checks_prebind_this_as_pyshacl_does(pipeline_graph):
    """The shapes' whole-graph SHACL-SPARQL checks (sh:targetNode, $this only in a GROUP BY subquery, or
    not at all): $this is pre-bound to the target node (SHACL 1.0 section 5.3.1), so every row of the
    SELECT is a result for that node. Made to fire: one source both reporting and denying an outcome,
    and a cycle in the drug class hierarchy."""
    ltx = "https://w3id.org/livertox-kg/ontology#"
    rdf_ = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    broader = URIRef("http://www.w3.org/2004/02/skos/core#broader")
    bad = Graph()
    for t in pipeline_graph:
        bad.add(t)
    positive = sorted(ev for ev in pipeline_graph.subjects(URIRef(rdf_ + "predicate"), URIRef(ltx + "reportedOutcome"))
                      if (ev, URIRef(ltx + "hedged"), None) not in pipeline_graph
                      and (ev, URIRef(ltx + "negated"), None) not in pipeline_graph)
    assert positive, "the pipeline output should report some outcome"
    denial = URIRef(f"{EX}denial")
    for p, o in pipeline_graph.predicate_objects(positive[0]):
        bad.add((denial, p, o))
    bad.add((denial, URIRef(ltx + "negated"), Literal(True)))
    drug, outcome = pipeline_graph.value(positive[0], URIRef(rdf_ + "subject")), \
        pipeline_graph.value(positive[0], URIRef(rdf_ + "object"))
    bad.add((drug, URIRef(ltx + "noReportedOutcome"), outcome))
    child, parent = sorted(pipeline_graph.subject_objects(broader))[0]
    bad.add((parent, broader, child))
    shapes = Graph().parse(SHAPES_FILE)
    expected = _normalise(pyshacl_results(bad, shapes))
    got = sparql_results(bad, SHAPES_FILE.read_text())
    sparql = {(f, v) for f, _, v, c, _ in expected if c == SH.SPARQLConstraintComponent}
    assert (URIRef(ltx + "reportedOutcome"), outcome) in sparql  # shape:OutcomesPerSource
    assert {(URIRef(ltx + "DrugClass"), child), (URIRef(ltx + "DrugClass"), parent)} <= sparql  # ClassHierarchy
    assert (URIRef(ltx + "Evidence"), child) in sparql  # EvidenceIntegrity: the new broader has no evidence
    assert got == expected, (f"only pySHACL: {sorted(map(str, expected - got))[:10]}\n"
                             f"only ours: {sorted(map(str, got - expected))[:10]}")


def test_a_select_without_this_is_refused_where_it_cannot_be_prebound():
    shapes = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
    ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select "SELECT ?value WHERE { ?value ex:p ?o }" ] ."""
    with pytest.raises(UnsupportedShape, match="does not project"):
        compile_shapes(shapes)


SPARQL_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/shapes#> .
@prefix ltx: <https://w3id.org/livertox-kg/ontology#> .

ex:prefixes sh:declare [ sh:prefix "rdfs" ; sh:namespace "http://www.w3.org/2000/01/rdf-schema#"^^<http://www.w3.org/2001/XMLSchema#anyURI> ] .

ex:LabelCase a sh:NodeShape ;
    sh:targetClass ltx:Drug ;
    sh:sparql [ sh:prefixes ex:prefixes ;
        sh:message "label {?value} starts in lower case" ;
        sh:select "SELECT $this ?value WHERE { $this rdfs:label ?value FILTER(REGEX(STR(?value), '^[a-z]')) }" ] .

ex:ShortLabel a sh:NodeShape ;
    sh:targetClass ltx:Drug ;
    sh:property [ sh:path rdfs:label ; sh:severity sh:Warning ;
        sh:sparql [ sh:prefixes ex:prefixes ;
            sh:select "SELECT $this ?value WHERE { $this $PATH ?value FILTER(STRLEN(STR(?value)) < 4) }" ] ] .
"""


def test_sparql_constraints_match_pyshacl(pipeline_graph):
    bad = Graph()
    for t in pipeline_graph:
        bad.add(t)
    drugs = sorted(set(pipeline_graph.subjects(RDF.type, URIRef("https://w3id.org/livertox-kg/ontology#Drug"))))
    bad.add((drugs[0], URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("lowercase name")))
    bad.add((drugs[1], URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("Abc")))
    shapes = Graph().parse(data=SPARQL_SHAPES, format="turtle")
    expected = _normalise(pyshacl_results(bad, shapes))
    got = sparql_results(bad, SPARQL_SHAPES)
    assert len(expected) >= 2 and got == expected
    assert {severity for *_, severity in got} == {SH.Violation, SH.Warning}
    store = ox.Store()
    store.extend([ox.Quad(to_ox(s), to_ox(p), to_ox(o), GRAPH) for s, p, o in bad])
    messages = {r.message for r in run(store, compile_shapes(SPARQL_SHAPES))}
    assert "label lowercase name starts in lower case" in messages


# Core components our shapes do not use (yet), on the same pipeline output: both validators agree.
MORE_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/shapes#> .
@prefix ltx: <https://w3id.org/livertox-kg/ontology#> .

ex:Closed a sh:NodeShape ; sh:targetClass ltx:Condition ; sh:closed true ;
    sh:ignoredProperties ( rdf:type ) ; sh:property [ sh:path rdfs:label ] .
ex:Counts a sh:NodeShape ; sh:targetClass ltx:Drug ;
    sh:property [ sh:path rdfs:label ; sh:minCount 2 ; sh:maxLength 8 ; sh:languageIn ( "fr" ) ; sh:uniqueLang true ] ;
    sh:property [ sh:path ltx:tradeName ; sh:maxCount 1 ; sh:equals rdfs:label ] ;
    sh:property [ sh:path ( ltx:hasDrugClass skos:broader ) ; sh:hasValue <https://example.org/nothing> ] ;
    sh:property [ sh:path [ sh:zeroOrMorePath skos:broader ] ; sh:nodeKind sh:Literal ] ;
    sh:property [ sh:path ltx:hasDrugClass ;
        sh:qualifiedValueShape [ sh:class ltx:Condition ] ; sh:qualifiedMinCount 1 ] ;
    sh:property [ sh:path rdfs:label ; sh:qualifiedValueShape [ sh:datatype rdf:langString ] ; sh:qualifiedMaxCount 0 ] .
ex:Logic a sh:NodeShape ; sh:targetSubjectsOf ltx:hasDrugClass ;
    sh:xone ( [ sh:class ltx:Drug ] [ sh:path rdfs:label ; sh:minCount 1 ] ) ;
    sh:not [ sh:class ltx:Drug ] ;
    sh:and ( [ sh:path rdfs:label ; sh:maxCount 5 ] [ sh:path ltx:likelihoodScore ; sh:minCount 1 ] ) .
ex:Objects a sh:NodeShape ; sh:targetObjectsOf ltx:hasDrugClass ; sh:node ex:Labelled .
ex:Labelled a sh:NodeShape ; sh:property [ sh:path rdfs:comment ; sh:minCount 1 ] .
"""


def test_more_core_components_match_pyshacl(pipeline_graph):
    shapes = Graph().parse(data=MORE_SHAPES, format="turtle")
    expected = _normalise(pyshacl_results(pipeline_graph, shapes))
    got = sparql_results(pipeline_graph, MORE_SHAPES)
    assert len({c for *_, c, _ in expected}) >= 12, sorted({str(c) for *_, c, _ in expected})
    assert got == expected, (f"only pySHACL: {sorted(map(str, expected - got))[:10]}\n"
                             f"only ours: {sorted(map(str, got - expected))[:10]}")


def test_a_literal_rdflib_rewrote_is_refused_not_passed_on_as_valid():
    rewritten = Literal("ill-typed", datatype=XSD.boolean)  # rdflib makes this "false"
    with pytest.raises(ValueError, match="ill-typed"):
        to_ox(rewritten)
    kept = to_ox(Literal("ill-typed", datatype=XSD.boolean, normalize=False))
    assert kept == ox.Literal("ill-typed", datatype=ox.NamedNode(str(XSD.boolean)))
    assert to_ox(Literal("not-a-value", datatype=XSD.integer)).value == "not-a-value"  # ill-typed, form kept
    assert to_ox(Literal(True)).value == "true"


def test_unsupported_component_is_named():
    shapes = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
    ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ;
        sh:qualifiedValueShape [ sh:class ex:D ] ; sh:qualifiedMinCount 1 ; sh:qualifiedValueShapesDisjoint true ] ."""
    with pytest.raises(UnsupportedShape, match="qualifiedValueShapesDisjoint"):
        compile_shapes(shapes)
    with pytest.raises(UnsupportedShape, match="shacl#target is not supported"):
        compile_shapes("""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
            ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:target [ a sh:SPARQLTarget ] .""")
