"""End to end: data/ -> store. SPARQL over the built store answers what the seed monograph says."""

from __future__ import annotations

import hashlib
import re

import pytest
from click.testing import CliRunner
from rdflib import Dataset

from livertox_kg.build import BuildError, run_build
from livertox_kg.cli import main
from livertox_kg.namespaces import GRAPH
from livertox_kg.querying import execute
from livertox_kg.store import dump_path, open_read_only

from conftest import SEED


def ask(kg, body: str) -> bool:
    return bool(execute(kg, f"ASK {{ {body} }}"))


def select(kg, query: str) -> list[dict[str, str]]:
    result = execute(kg, query)
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]


def test_baclofen_is_a_gaba_b_agonist(kg):
    rows = select(kg, """SELECT ?label ?type WHERE {
        drug:baclofen ltx:agonistOf ?t . ?t rdfs:label ?label ; a ?type }""")
    assert {r["label"] for r in rows} == {"GABA-B receptor"}
    assert "https://w3id.org/livertox-kg/ontology#Receptor" in {r["type"] for r in rows}
    # inferred by HermiT from the OWL definition, in its own graph
    assert ask(kg, "GRAPH graph:inferred { drug:baclofen a ltx:ReceptorAgonist }")
    assert ask(kg, "drug:baclofen ltx:actsOn target:gaba-b-receptor")


def test_drug_class_and_its_parent(kg):
    rows = select(kg, """SELECT ?class ?label WHERE {
        drug:baclofen ltx:hasDrugClass/skos:broader* ?class . ?class skos:prefLabel ?label }""")
    labels = {r["label"] for r in rows}
    assert {"Muscle Relaxants", "Autonomic Agents"} <= labels
    assert ask(kg, "class:muscle-relaxants skos:broader class:autonomic-agents")


def test_likelihood_score_d_with_definition(kg):
    rows = select(kg, """SELECT ?notation ?definition WHERE {
        drug:baclofen ltx:likelihoodScore ?s . ?s skos:notation ?notation ; skos:definition ?definition }""")
    assert [r["notation"] for r in rows] == ["D"]
    assert "rare" in rows[0]["definition"].lower()


def test_hepatotoxicity_facts(kg):
    assert ask(kg, "drug:baclofen ltx:injuryPattern ltx:Hepatocellular")
    rows = select(kg, "SELECT ?text ?days WHERE { drug:baclofen ltx:latencyToOnset ?text ; ltx:latencyDays ?days }")
    assert rows and rows[0]["text"] == "3 months" and float(rows[0]["days"]) == pytest.approx(90)
    assert ask(kg, 'drug:baclofen ltx:hepaticMetabolismFraction ?f FILTER(?f = 0.15)')
    assert ask(kg, 'drug:baclofen ltx:discontinuationThreshold ?t . ?t ltx:multipleOfULN ?m ; ltx:persistent false FILTER(?m = 10)')
    assert ask(kg, 'drug:baclofen ltx:discontinuationThreshold ?t . ?t ltx:multipleOfULN ?m ; ltx:persistent true FILTER(?m = 5)')


def test_product_facts(kg):
    assert ask(kg, 'drug:baclofen ltx:casNumber "1134-47-0"')
    assert ask(kg, 'drug:baclofen ltx:molecularFormula "C10H12ClNO2"')
    assert ask(kg, 'drug:baclofen ltx:tradeName "Lioresal"')
    assert ask(kg, 'drug:baclofen ltx:approvalYearUS 1977')


def test_negations_never_become_positive_facts(kg):
    for outcome in ("AcuteLiverFailure", "ChronicHepatitis", "VanishingBileDuctSyndrome"):
        assert ask(kg, f"drug:baclofen ltx:noReportedOutcome ltx:{outcome}")
    assert not ask(kg, "drug:baclofen ltx:reportedOutcome ?any")
    # the introduction's 'has not been linked' sentence backs no fact but the verbatim summary
    rows = select(kg, """SELECT DISTINCT ?p WHERE { ?e ltx:quote ?q ; rdf:predicate ?p
                         FILTER(CONTAINS(?q, "has not been linked")) }""")
    assert [r["p"] for r in rows] == ["https://w3id.org/livertox-kg/ontology#summary"]
    assert ask(kg, "drug:baclofen ltx:crossSensitivity ?c . ?c ltx:crossSensitivitySuspected false")


def test_every_fact_is_traceable_to_its_sentence(kg):
    from livertox_kg.text_reader import read_path

    text = read_path(SEED).text
    rows = select(kg, """SELECT ?p ?quote ?start ?end ?section ?sha WHERE {
        ?e a ltx:Evidence ; rdf:subject drug:baclofen ; rdf:predicate ?p ; ltx:quote ?quote ;
           ltx:inSection ?section ; oa:hasSource ?text ;
           oa:hasSelector [ a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end ] .
        ?text ltx:sha256 ?sha }""")
    assert len(rows) >= 20
    # the offsets index the text whose digest is published with it
    assert {r["sha"] for r in rows} == {hashlib.sha256(text.encode("utf-8")).hexdigest()}
    folded = lambda s: re.sub(r"\s+", "", s).replace("-", "")
    for row in rows:
        span = text[int(row["start"]):int(row["end"])]
        assert folded(span) == folded(row["quote"]), row
    facts = select(kg, """SELECT ?p ?o WHERE { GRAPH <https://w3id.org/livertox-kg/graph/monograph/baclofen> { drug:baclofen ?p ?o }
        FILTER(STRSTARTS(STR(?p), STR(ltx:))
               && ?p NOT IN (ltx:likelihoodScoreNotation, ltx:hasMechanism, ltx:hasLikelihoodAssessment)) }""")
    evidenced = select(kg, """SELECT ?p ?o WHERE { ?e rdf:subject drug:baclofen ; rdf:predicate ?asserted ; rdf:object ?o
        OPTIONAL { ?e ltx:negated ?negated }
        BIND(IF(COALESCE(?negated, false), ltx:noReportedOutcome, ?asserted) AS ?p) }""")
    assert {(r["p"], r["o"]) for r in facts} <= {(r["p"], r["o"]) for r in evidenced}
    assert len(facts) >= 20


def test_named_graph_per_monograph_and_build_metadata(kg):
    assert ask(kg, "GRAPH <https://w3id.org/livertox-kg/graph/monograph/baclofen> { monograph:baclofen a ltx:Monograph ; ltx:describes drug:baclofen }")
    rows = select(kg, """SELECT ?sha ?version ?ended WHERE {
        monograph:baclofen ltx:sha256 ?sha ; prov:wasGeneratedBy ?b .
        ?b ltx:extractorVersion ?version ; prov:endedAtTime ?ended }""")
    assert len(rows) == 1 and re.fullmatch(r"[0-9a-f]{64}", rows[0]["sha"])
    assert ask(kg, "GRAPH graph:mappings { drug:baclofen skos:relatedMatch ?atc FILTER(CONTAINS(STR(?atc), 'M03BX01')) }")


def test_every_named_graph_is_described_under_its_name(kg):
    """Each graph name is an IRI graph/build describes (so it dereferences): an sd:NamedGraph named by
    itself, labelled, saying what it holds, written by the build; a monograph's graph names its monograph."""
    names = {r["g"] for r in select(kg, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert {str(GRAPH[g]) for g in ("entities", "ontology", "mappings", "inferred", "build")} <= names
    described = select(kg, """SELECT ?g ?label ?comment WHERE { GRAPH graph:build {
        ?g a sd:NamedGraph ; sd:name ?g ; rdfs:label ?label ; rdfs:comment ?comment ;
           prov:wasGeneratedBy [ a ltx:Build ] } }""")
    assert {r["g"] for r in described} == names
    assert ask(kg, """GRAPH graph:build { <https://w3id.org/livertox-kg/graph/monograph/baclofen>
        dcterms:subject monograph:baclofen ; rdfs:label "Named graph of LiverTox monograph: Baclofen"@en }""")
    subjects = select(kg, "SELECT ?g ?m WHERE { ?g a sd:NamedGraph ; dcterms:subject ?m }")
    assert {r["g"] for r in subjects} == {n for n in names if n.startswith(str(GRAPH["monograph/"]))}
    for r in subjects:  # the monograph a graph names is the one the graph holds
        assert ask(kg, f"GRAPH <{r['g']}> {{ <{r['m']}> a ltx:Monograph }}"), r


def test_dump_parses_with_rdflib_and_matches_store(built_store):
    dataset = Dataset()
    dataset.parse(dump_path(built_store), format="nquads")
    assert len(dataset.default_graph) == 0  # every triple lives in a named graph
    total = sum(len(g) for g in dataset.graphs())
    assert total == len(open_read_only(built_store))


def test_validate_reports_conforming_and_consistent(built_store):
    result = CliRunner().invoke(main, ["validate", "--store", str(built_store)])
    assert result.exit_code == 0, result.output
    assert '"conforms": true' in result.output and '"consistent": true' in result.output


def test_broken_inputs_are_skipped_and_the_rest_is_built(tmp_path):
    sources = tmp_path / "in"
    sources.mkdir()
    (sources / "baclofen.txt").write_bytes(SEED.read_bytes())
    (sources / "empty.txt").write_text("")
    (sources / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (sources / "nosections.txt").write_text("lorem ipsum\n" * 3)
    store = tmp_path / "store"
    result = CliRunner().invoke(main, ["build", str(sources), "--store", str(store), "--no-progress"])
    assert result.exit_code == 1
    for name in ("empty.txt", "binary.txt", "nosections.txt"):
        assert re.search(rf"{name}: \S", result.output), result.output
    assert "3 source(s) skipped" in result.output
    assert ask(open_read_only(store), 'drug:baclofen ltx:likelihoodScore likelihood:D')


def test_failed_build_leaves_previous_store(tmp_path, monkeypatch):
    store = tmp_path / "store"
    run_build([SEED], store, reasoner=False, progress=False)
    before = store.resolve()
    dump_before = dump_path(store).read_bytes()

    from livertox_kg import reasoning

    monkeypatch.setattr(reasoning, "reason_signatures", lambda distinct: (False, "HermiT: inconsistent (forced)", []))
    with pytest.raises(BuildError, match="left as it was"):
        run_build([SEED], store, progress=False)
    assert store.resolve() == before
    assert dump_path(store).read_bytes() == dump_before
    assert ask(open_read_only(store), "drug:baclofen ?p ?o")
    assert not list(tmp_path.glob(".store-*.nq.tmp"))


def test_cli_query_formats(built_store):
    runner = CliRunner()
    q = "SELECT ?n WHERE { drug:baclofen ltx:tradeName ?n } ORDER BY ?n"
    table = runner.invoke(main, ["query", q, "--store", str(built_store)])
    assert table.exit_code == 0 and "Lioresal" in table.output
    as_csv = runner.invoke(main, ["query", q, "--store", str(built_store), "--format", "csv"])
    assert as_csv.output.splitlines()[0] == "n"
    bad = runner.invoke(main, ["query", "SELEC nonsense", "--store", str(built_store)])
    assert bad.exit_code != 0 and "malformed query" in bad.output


def test_export_formats_round_trip(built_store, tmp_path):
    runner = CliRunner()
    for fmt, rdflib_format in (("nq", "nquads"), ("trig", "trig"), ("ttl", "turtle"), ("jsonld", "json-ld")):
        out = tmp_path / f"export.{fmt}"
        result = runner.invoke(main, ["export", "--store", str(built_store), "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        data = Dataset()
        data.parse(out, format=rdflib_format)
        assert sum(len(g) for g in data.graphs()) > 500, fmt


def test_every_iri_we_mint_has_a_label(kg):
    """Every subject in our namespace, in any graph, carries an rdfs:label (SKOS concepts a prefLabel)."""
    rows = select(kg, """SELECT DISTINCT ?s WHERE {
        { ?s ?p ?o } UNION { ?x ?p ?s FILTER(isIRI(?s)) }
        FILTER(STRSTARTS(STR(?s), "https://w3id.org/livertox-kg/"))
        FILTER(!CONTAINS(STR(?s), "/text#char="))  # a selector (RFC 5147 fragment of the text) is part of the
                                                   # description of the evidence and sections it selects for
        FILTER NOT EXISTS { ?s rdfs:label ?label } }""")
    assert rows == []
    concepts = select(kg, """SELECT DISTINCT ?c WHERE { ?c a ?k . VALUES ?k { ltx:DrugClass ltx:LikelihoodScore }
        FILTER NOT EXISTS { ?c skos:prefLabel ?l } }""")
    assert concepts == []
