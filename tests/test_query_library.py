"""The query library: every .rq file has its header, parses, and gives its expected answer."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from livertox_kg.library import LibraryError, get_query, load_library, parse_assignments, substitute, to_term
from livertox_kg.namespaces import PREFIXES
from livertox_kg.paths import QUERIES_DIR
from livertox_kg.querying import execute
from tests import library_support

LIBRARY = load_library()
D = PREFIXES["drug"]


@pytest.fixture(scope="session")
def library_store():
    """data/monographs + tests/fixtures/monographs built into one store (see library_support)."""
    return library_support.library_store_path()


@pytest.fixture(scope="session")
def library_kg(library_store):
    from livertox_kg import KnowledgeGraph

    return KnowledgeGraph.open(library_store)


def rows(kg, name, **params):
    return kg.query(name, **params)


# -- the files themselves -----------------------------------------------------------------------------
def test_library_has_at_least_15_queries():
    assert len(LIBRARY) >= 15
    assert sorted(p.stem for p in QUERIES_DIR.glob("*.rq")) == sorted(LIBRARY)


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_every_query_has_a_header_and_parses(name):
    query = LIBRARY[name]
    text = query.path.read_text(encoding="utf-8")
    assert text.startswith("# title: ")
    assert query.title and len(query.description) > 40
    for param in query.params:
        assert param.description and param.default, (name, param)
    # the file parses as SPARQL 1.1 on its own (it declares its prefixes) in two parsers
    from rdflib.plugins.sparql import prepareQuery

    prepareQuery(text)
    if not query.federated:
        ox.Store().query(text)  # empty store: only parsing and planning
    # and parameter substitution keeps it valid
    if query.params:
        rendered = query.render(**{p.name: p.default.split()[0].strip('"') for p in query.params})
        prepareQuery(rendered)


def test_header_parsing_and_missing_header():
    query = get_query("drugs-acting-on-target")
    assert [p.name for p in query.params] == ["target", "relation"]
    assert query.param("target").default == "target:gaba-b-receptor"
    assert query.param("target").is_iri
    assert "GABA-B" in query.description  # continuation lines are joined
    from livertox_kg.library import parse_query

    with pytest.raises(LibraryError, match="title"):
        parse_query("SELECT * WHERE { ?s ?p ?o }", "bare")
    with pytest.raises(LibraryError, match="VALUES"):
        parse_query("# title: t\n# description: d\n# param x: y (default 1)\nSELECT * {}", "novalues")
    with pytest.raises(LibraryError, match="no library query"):
        get_query("no-such-query")


def test_substitution_makes_proper_terms_and_refuses_injection():
    query = get_query("label-search")
    hostile = 'x" } } ; DROP ALL ; SELECT * { "'
    rendered = query.render(text=hostile)
    assert str(ox.Literal(hostile)) in rendered
    from rdflib.plugins.sparql import prepareQuery

    prepareQuery(rendered)  # still one well-formed query
    with pytest.raises(LibraryError, match="IRI"):
        get_query("evidence-for-drug").render(drug="drug:baclofen> } ; DROP ALL ; #")
    with pytest.raises(LibraryError, match="IRI"):
        get_query("evidence-for-drug").render(drug="no scheme")
    with pytest.raises(LibraryError, match="integer"):
        get_query("approved-before-year").render(before="1980 } UNION { ?s ?p ?o")
    with pytest.raises(LibraryError, match="no parameter"):
        get_query("evidence-for-drug").render(durg="drug:baclofen")
    # CURIEs expand, lists give several rows, python values get their datatype
    rendered = get_query("approved-before-year").render(before=1990, score=["likelihood:A", "likelihood:C"])
    assert '"1990"^^<http://www.w3.org/2001/XMLSchema#integer>' in rendered
    assert f"<{PREFIXES['likelihood']}A> <{PREFIXES['likelihood']}C>" in rendered
    assert str(to_term(True)) == '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'
    assert parse_assignments(["a=1", "b=x=y", "a=2"]) == {"a": ["1", "2"], "b": "x=y"}
    assert substitute("SELECT * { VALUES ?v { 1 } }", {"v": (None, "two")}) == 'SELECT * { VALUES ?v { "two" } }'


# -- expected answers against the built store ---------------------------------------------------------
def test_drugs_by_likelihood(library_kg):
    df = rows(library_kg, "drugs-by-likelihood")
    assert list(df["drug"]) == ["drug:baclofen"]
    assert df.loc[0, "notation"] == "D" and df.loc[0, "asWritten"] == "D"
    both = rows(library_kg, "drugs-by-likelihood", score=["likelihood:A", "likelihood:B"])
    assert list(both["drugLabel"]) == ["Reductastatin", "Cholestomycin", "Tizanidine"]


def test_drugs_overview(library_kg):
    df = rows(library_kg, "drugs-overview")
    assert list(df["drugLabel"]) == ["Baclofen", "Cholestomycin", "Reductastatin", "Testaclofen", "Tizanidine"]
    baclofen = df.set_index("drugLabel").loc["Baclofen"]
    assert baclofen["score"] == "D" and baclofen["approvalYear"] == 1977
    assert baclofen["latencyDays"] == 90.0 and baclofen["patterns"] == "hepatocellular"
    assert baclofen["classes"] == "Muscle Relaxants, Central"
    assert str(df["approvalYear"].dtype) == "Int64" and str(df["latencyDays"].dtype) == "Float64"
    assert df.set_index("drugLabel").loc["Testaclofen", "latencyDays"] is pd_na()


def pd_na():
    import pandas as pd

    return pd.NA


def test_drugs_in_class_includes_subclasses(library_kg):
    df = rows(library_kg, "drugs-in-class")  # class:autonomic-agents
    assert list(df["drug"]) == ["drug:baclofen", "drug:testaclofen", "drug:tizanidine"]
    assert set(df["directClassLabel"]) == {"Muscle Relaxants, Central"}
    assert list(rows(library_kg, "drugs-in-class", **{"class": "class:cardiovascular-agents"})["drug"]) == \
        ["drug:reductastatin"]
    assert rows(library_kg, "drugs-in-class", **{"class": "class:muscle-relaxants-central"}).shape[0] == 3


def test_class_hierarchy(library_kg):
    df = rows(library_kg, "class-hierarchy").set_index("class")
    assert df.loc["class:muscle-relaxants-central", "broader"] == "class:muscle-relaxants"
    assert df.loc["class:muscle-relaxants", "broader"] == "class:autonomic-agents"
    assert df.loc["class:autonomic-agents", "depth"] == 0 and df.loc["class:muscle-relaxants-central", "depth"] == 2
    assert df.loc["class:autonomic-agents", "allDrugs"] == 3 and df.loc["class:autonomic-agents", "directDrugs"] == 0
    assert len(df) == 9


def test_likelihood_by_class(library_kg):
    df = rows(library_kg, "likelihood-by-class")
    autonomic = df[df["class"] == "class:autonomic-agents"]
    assert dict(zip(autonomic["score"], autonomic["drugs"])) == {"B": 1, "D": 1, "E": 1}
    antibiotics = df[df["class"] == "class:antibiotics"]
    assert dict(zip(antibiotics["score"], antibiotics["drugs"])) == {"B": 1}


def test_gaba_b_agonists(library_kg):
    df = rows(library_kg, "drugs-acting-on-target")
    assert list(zip(df["drug"], df["score"])) == [("drug:baclofen", "D"), ("drug:testaclofen", "E")]
    assert df.loc[0, "asWritten"] == "agonist of GABA B receptor"
    # ltx:actsOn (materialised by the reasoner) finds the same; no antagonists
    assert len(rows(library_kg, "drugs-acting-on-target", relation="ltx:actsOn")) == 2
    assert rows(library_kg, "drugs-acting-on-target", relation="ltx:antagonistOf").empty
    statin = rows(library_kg, "drugs-acting-on-target", target="target:hmg-coa-reductase", relation="ltx:inhibitorOf")
    assert list(statin["drug"]) == ["drug:reductastatin"]


def test_network_edges(library_kg):
    df = rows(library_kg, "drug-class-target-network")
    edges = set(zip(df["source"], df["relation"], df["target"]))
    assert ("drug:baclofen", "ltx:agonistOf", "target:gaba-b-receptor") in edges
    assert ("drug:baclofen", "ltx:hasDrugClass", "class:muscle-relaxants-central") in edges
    assert ("class:muscle-relaxants", "skos:broader", "class:autonomic-agents") in edges
    assert not any(rel == "ltx:actsOn" for _, rel, _ in edges)
    assert set(df["sourceKind"]) == {"drug", "class"} and set(df["targetKind"]) == {"class", "target"}


def test_mechanism_class_from_reasoner(library_kg):
    agonists = rows(library_kg, "drugs-by-mechanism-class")
    assert list(agonists["drug"]) == ["drug:baclofen", "drug:testaclofen", "drug:tizanidine"]
    inhibitors = rows(library_kg, "drugs-by-mechanism-class", mechanismClass="ltx:EnzymeInhibitor")
    assert list(zip(inhibitors["drug"], inhibitors["target"])) == [("drug:reductastatin", "target:hmg-coa-reductase")]
    assert library_kg.ask("is-receptor-agonist") is True
    assert library_kg.ask("is-receptor-agonist", drug="drug:reductastatin") is False
    assert bool(rows(library_kg, "is-receptor-agonist").loc[0, "ask"]) is True


def test_injury_pattern_and_latency(library_kg):
    df = rows(library_kg, "injury-pattern-latency")
    assert list(zip(df["drugLabel"], df["latency"], df["latencyDays"])) == [
        ("Reductastatin", "6 weeks", 42.0), ("Tizanidine", "2 months", 60.0), ("Baclofen", "3 months", 90.0)]
    cholestatic = rows(library_kg, "injury-pattern-latency", pattern="ltx:Cholestatic")
    assert list(zip(cholestatic["drug"], cholestatic["latencyDays"], cholestatic["score"])) == \
        [("drug:cholestomycin", 28.0, "B")]


def test_no_reported_severe_outcomes(library_kg):
    df = rows(library_kg, "no-reported-outcome")  # none of ALF, chronic hepatitis, VBDS
    assert list(df["drug"]) == ["drug:baclofen", "drug:testaclofen"]
    assert "no reports of acute liver failure" in df.loc[0, "quote"]
    alf = rows(library_kg, "no-reported-outcome", outcome="ltx:AcuteLiverFailure")
    assert list(alf["drug"]) == ["drug:baclofen", "drug:cholestomycin", "drug:testaclofen"]
    vbds = rows(library_kg, "no-reported-outcome", outcome="ltx:VanishingBileDuctSyndrome")
    assert "drug:cholestomycin" not in set(vbds["drug"])  # reported there, never read as 'not reported'


def test_outcome_matrix(library_kg):
    df = rows(library_kg, "outcome-matrix").set_index(["drug", "outcome"])["status"]
    assert df[("drug:baclofen", "ltx:AcuteLiverFailure")] == "not reported"
    assert df[("drug:tizanidine", "ltx:AcuteLiverFailure")] == "reported"
    assert df[("drug:cholestomycin", "ltx:VanishingBileDuctSyndrome")] == "reported"
    assert df[("drug:baclofen", "ltx:Cirrhosis")] == "not stated"
    assert len(df) == 5 * 6


def test_evidence_for_drug(library_kg, library_store):
    df = rows(library_kg, "evidence-for-drug")
    score = df[df["predicate"] == "ltx:likelihoodScore"].iloc[0]
    assert score["object"] == "likelihood:D"
    assert score["quote"].startswith("Likelihood score: D")
    assert score["sectionType"] == "Likelihood score section"
    text = (library_support.ROOT / "data/monographs/baclofen.txt").read_text(encoding="utf-8")
    assert " ".join(text[score["start"]:score["end"]].split()) == score["quote"]
    agonist = df[df["predicate"] == "ltx:agonistOf"].iloc[0]
    assert agonist["objectLabel"] == "GABA-B receptor" and "agonist of the GABA B" in agonist["quote"]
    assert str(df["start"].dtype) == "Int64" and str(df["hedged"].dtype) == "boolean"
    assert str(df["negated"].dtype) == "boolean"
    assert {"ltx:reportedOutcome", "ltx:approvalYearUS", "ltx:hasDrugClass"} <= set(df["predicate"])
    # negative findings reify the denied triple, flagged: every reportedOutcome row of baclofen is one
    outcomes = df[df["predicate"] == "ltx:reportedOutcome"]
    assert len(outcomes) >= 3 and outcomes["negated"].all()
    assert not df[df["predicate"] != "ltx:reportedOutcome"]["negated"].any()


def test_likelihood_assessments_keep_each_source(library_kg):
    df = rows(library_kg, "likelihood-assessments")
    by_drug = dict(zip(df["drug"], df["score"]))
    assert by_drug["drug:baclofen"] == "D" and by_drug["drug:reductastatin"] == "A"
    assert dict(zip(df["score"], df["rank"])) == {"A": 1, "B": 2, "D": 4, "E": 6}
    assert set(df["source"]) >= {"monograph:baclofen", "monograph:reductastatin"}
    assert rows(library_kg, "likelihood-assessments", disagreeing=True).empty  # one source each here


def test_hedged_statements_are_asked_for_not_asserted(library_kg, library_store):
    from livertox_kg.store import open_read_only

    df = rows(library_kg, "hedged-statements")
    assert list(zip(df["drug"], df["predicate"], df["object"])) == [
        ("drug:testaclofen", "ltx:antagonistOf", "target:gaba-a-receptor")]
    assert "believed to" in df.loc[0, "quote"]
    store = open_read_only(library_store)
    assert not execute(store, "ASK { drug:testaclofen ltx:antagonistOf target:gaba-a-receptor }")
    assert not execute(store, "ASK { drug:testaclofen a ltx:ReceptorAntagonist }")  # nor inferred from it
    assert execute(store, "ASK { drug:testaclofen ltx:agonistOf target:gaba-b-receptor }")  # the plain one is


def test_mechanism_statements(library_kg):
    df = rows(library_kg, "mechanism-statements")
    assert list(df["drug"]) == ["drug:baclofen", "drug:testaclofen"]
    assert set(df["action"]) == {"agonist action"} and set(df["directProperty"]) == {"ltx:agonistOf"}
    assert not df["hedged"].any()
    hedged = rows(library_kg, "mechanism-statements", target="target:gaba-a-receptor")
    assert list(zip(hedged["drug"], hedged["action"], hedged["hedged"])) == [
        ("drug:testaclofen", "antagonist action", True)]


def test_external_ids_and_reverse_lookup(library_kg):
    ids = rows(library_kg, "drug-external-ids")
    assert dict(zip(ids["scheme"], ids["identifier"])) == {"ATC": "M03BX01", "CAS": "1134-47-0", "UNII": "H789N3FKE8"}
    assert "http://www.whocc.no/atc_ddd_index/?code=M03BX01" in set(ids["external"])
    by_atc = rows(library_kg, "drug-by-external-id")  # ATC M03BX01
    assert list(zip(by_atc["drug"], by_atc["score"])) == [("drug:baclofen", "D")]
    by_drugbank = rows(library_kg, "drug-by-external-id", scheme="DrugBank", identifier="DB00697")
    assert list(by_drugbank["drug"]) == ["drug:tizanidine"]
    assert rows(library_kg, "drug-by-external-id", scheme="ATC", identifier="Z99ZZ99").empty
    # UNII: the curated row and the build's name match (LexicalMatching, with a confidence)
    by_unii = rows(library_kg, "drug-by-external-id", scheme="UNII", identifier="6AI06C00GW")
    assert set(by_unii["drug"]) == {"drug:tizanidine"}
    tizanidine = rows(library_kg, "drug-external-ids", drug="drug:tizanidine")
    unii_rows = tizanidine[tizanidine["scheme"] == "UNII"]
    assert set(unii_rows["identifier"]) == {"6AI06C00GW"}
    assert any("LexicalMatching" in str(j) for j in unii_rows["justification"])


def test_approved_before_year(library_kg):
    df = rows(library_kg, "approved-before-year")  # before 1980, A or B
    assert list(zip(df["drugLabel"], df["approvalYear"], df["notation"])) == [
        ("Cholestomycin", 1958, "B"), ("Reductastatin", 1962, "A")]
    later = rows(library_kg, "approved-before-year", before=2000)
    assert list(later["drugLabel"]) == ["Cholestomycin", "Reductastatin", "Tizanidine"]
    with_d = rows(library_kg, "approved-before-year", score=["likelihood:D"])
    assert list(with_d["drugLabel"]) == ["Baclofen"]


def test_label_search_ignores_case_and_hyphens(library_kg):
    assert list(rows(library_kg, "label-search")["entity"]) == ["target:gaba-b-receptor"]  # 'gaba b'
    for text in ("BACLOFEN", "bac-lofen", "Lioresal"):
        df = rows(library_kg, "label-search", text=text)
        assert list(df["entity"]) == ["drug:baclofen"], text
    relaxants = rows(library_kg, "label-search", text="muscle-relaxants")
    assert set(relaxants["entity"]) == {"class:muscle-relaxants", "class:muscle-relaxants-central"}
    assert rows(library_kg, "label-search", text="zzz-nothing").empty


def test_construct_subgraph(library_kg):
    from rdflib import RDFS, Literal, URIRef

    graph = library_kg.graph("drug-subgraph")
    baclofen = URIRef(D + "baclofen")
    ltx = PREFIXES["ltx"]
    assert (baclofen, URIRef(ltx + "likelihoodScore"), URIRef(PREFIXES["likelihood"] + "D")) in graph
    assert (URIRef(PREFIXES["target"] + "gaba-b-receptor"), RDFS.label, Literal("GABA-B receptor", lang="en")) in graph
    broader = URIRef("http://www.w3.org/2004/02/skos/core#broader")
    assert (URIRef(PREFIXES["class"] + "muscle-relaxants"), broader, URIRef(PREFIXES["class"] + "autonomic-agents")) in graph
    quotes = set(graph.objects(None, URIRef(ltx + "quote")))
    assert any("Likelihood score: D" in str(q) for q in quotes)
    assert not any(str(s).startswith(D + "tizanidine") for s in graph.subjects())


def test_describe(library_kg):
    from rdflib import RDFS, Literal, URIRef

    graph = library_kg.graph("describe-drug", drug="drug:tizanidine")
    tizanidine = URIRef(D + "tizanidine")
    assert (tizanidine, RDFS.label, Literal("Tizanidine", lang="en")) in graph
    assert (tizanidine, URIRef("http://www.w3.org/2004/02/skos/core#exactMatch"),
            URIRef("https://go.drugbank.com/drugs/DB00697")) in graph
    assert set(graph.subjects()) == {tizanidine}


@pytest.mark.parametrize("name", [n for n, q in LIBRARY.items() if q.federated])
def test_federated_templates_parse_but_are_not_run(name):
    """SERVICE templates are parsed (rdflib's SPARQL 1.1 parser), never evaluated: no network."""
    from rdflib.plugins.sparql import prepareQuery

    query = LIBRARY[name]
    assert "SERVICE <https://" in query.sparql
    prepareQuery(query.sparql)
    if query.params:
        prepareQuery(query.render(**{p.name: p.default.split()[0] for p in query.params}))


def test_every_runnable_query_returns_rows(library_store):
    from livertox_kg.store import open_read_only

    store = open_read_only(library_store)
    for name, query in LIBRARY.items():
        if query.federated:
            continue
        result = execute(store, query.sparql)
        if isinstance(result, ox.QueryBoolean):
            assert bool(result), name
        else:
            assert len(list(result)) > 0, name


# -- command line -------------------------------------------------------------------------------------
def test_queries_command_lists_and_describes():
    from livertox_kg.library_cli import queries

    result = CliRunner().invoke(queries, [])
    assert result.exit_code == 0, result.output
    assert "drugs-acting-on-target" in result.output and "(federated)" in result.output
    one = CliRunner().invoke(queries, ["drug-by-external-id"])
    assert one.exit_code == 0 and "--param scheme=" in one.output
    text = CliRunner().invoke(queries, ["label-search", "--sparql"])
    assert text.output.startswith("# title:")
    assert CliRunner().invoke(queries, ["nope"]).exit_code != 0


def test_library_sparql_for_cli():
    import click

    from livertox_kg.library_cli import library_sparql

    assert "DB00697" in library_sparql("drug-by-external-id", ("scheme=DrugBank", "identifier=DB00697"))
    with pytest.raises(click.ClickException, match="no parameter"):
        library_sparql("drug-by-external-id", ("nope=1",))


def test_cli_query_by_name(library_store):
    cli = pytest.importorskip("livertox_kg.cli", reason="cli.py needs modules of other branches")
    runner = CliRunner()
    result = runner.invoke(cli.main, ["query", "--store", str(library_store), "--name", "drug-by-external-id",
                                      "--param", "scheme=DrugBank", "--param", "identifier=DB00697"])
    assert result.exit_code == 0, result.output
    assert "drug:tizanidine" in result.output
    listing = runner.invoke(cli.main, ["queries"])
    assert listing.exit_code == 0 and "label-search" in listing.output
    assert runner.invoke(cli.main, ["query", "--store", str(library_store)]).exit_code != 0
