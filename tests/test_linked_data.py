"""Linked data: every minted IRI dereferences (HTML for browsers, RDF by content negotiation).

The store is built from the real RDF writer (livertox_kg.rdf) fed with hand-written facts about the
baclofen seed monograph (so these tests do not depend on the extractor), plus the ontology and the
SSSOM mappings, plus one hostile monograph whose label and quote carry markup.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BACLOFEN = ROOT / "data" / "monographs" / "baclofen.txt"
BASE = "https://w3id.org/livertox-kg/"
EVIL_NAME = '<script>alert("pwned")</script>Evilol'
EVIL_QUOTE = 'Evilol <img src=x onerror=alert(1)> is a "hostile" & <b>bold</b> agent.'

HEADINGS = [  # heading line as in the seed text -> section key
    ("OVERVIEW", "overview"), ("Introduction", "introduction"), ("Background", "background"),
    ("Hepatotoxicity", "hepatotoxicity"), ("Likelihood score:", "likelihood_score"),
    ("Mechanism of Injury", "mechanism_of_injury"), ("Outcome and Management", "outcome_and_management"),
    ("Drug Class:", "drug_class"), ("PRODUCT INFORMATION", "product_information"),
    ("REPRESENTATIVE TRADE NAMES", "representative_trade_names"), ("DRUG CLASS", "drug_class_product"),
    ("COMPLETE LABELING", "complete_labeling"), ("CHEMICAL FORMULA AND STRUCTURE", "chemical_formula_and_structure"),
]


def _sections(text: str):
    from livertox_kg.model import Section

    starts = []
    for heading, key in HEADINGS:
        m = re.search(rf"(?m)^{re.escape(heading)}", text)
        if m:
            starts.append((m.start(), key, heading))
    starts.sort()
    out = []
    for i, (start, key, heading) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        out.append(Section(key, heading.rstrip(":").title() if heading.isupper() else heading.rstrip(":"),
                           start, end, text[start:end]))
    return out


def _fact(text: str, sections, field: str, value, anchor: str, hedged: bool = False):
    """A Fact whose evidence is the sentence around ``anchor`` in the seed text."""
    from livertox_kg.model import Evidence, Fact

    folded = " ".join(text.split())
    i = folded.find(anchor)
    assert i >= 0, anchor
    start = max(folded.rfind(". ", 0, i) + 2, 0) if folded.rfind(". ", 0, i) >= 0 else 0
    end = folded.find(". ", i)
    quote = folded[start:(end + 1 if end >= 0 else len(folded))]
    raw = text.find(anchor.split()[0])
    raw_start = text.find(anchor) if text.find(anchor) >= 0 else raw
    section = next((s.key for s in reversed(sections) if s.start <= raw_start), "body")
    return Fact(field, value, Evidence(str(BACLOFEN), section, quote.strip(), raw_start, raw_start + len(anchor)),
                hedged=hedged)


def sample_records():
    """(Monograph, [AgentRecord]) pairs: baclofen as the extractor would read it, and a hostile one."""
    import datetime as dt

    from livertox_kg.model import AgentRecord, Evidence, Fact, Monograph, Section

    text = BACLOFEN.read_text(encoding="utf-8")
    secs = _sections(text)
    mono = Monograph(str(BACLOFEN), text, hashlib.sha256(text.encode()).hexdigest(), "pdf-text", secs,
                     title="Baclofen", last_update=dt.date(2017, 1, 15))
    f = lambda *a, **k: _fact(text, secs, *a, **k)  # noqa: E731
    facts = [
        f("summary", "Baclofen is a centrally acting muscle relaxant commonly prescribed for spasticity in patients "
          "with multiple sclerosis.", "centrally acting muscle relaxant"),
        f("likelihood_score", "D", "Likelihood score: D"),
        f("likelihood_description", "Possible, rare cause of clinically apparent liver injury", "Likelihood score: D"),
        f("drug_classes", "Muscle Relaxants", "Drug Class: Muscle Relaxants"),
        f("drug_class_paths", "Autonomic Agents: Muscle Relaxants, Central", "Autonomic Agents: Muscle Relaxants"),
        f("mechanism", {"action": "acts as an agonist of", "target": "GABA B receptor", "relation": "agonist"},
          "acts as an agonist of the GABA B"),
        f("indications", "spasticity", "indicated primarily for treatment of spasticity"),
        f("off_label_uses", "alcohol withdrawal", "help with alcohol abstinence"),
        f("common_side_effects", "nausea", "side effects of baclofen are nausea"),
        f("common_side_effects", "drowsiness", "side effects of baclofen are nausea"),
        f("approval_year_us", 1977, "approved for use in the United States in 1977"),
        f("brand_names", "Lioresal", "brand names of Lioresal"),
        f("alt_elevation_rate", "5%", "5% of treated patients"),
        f("latency", "3 months", "latency to onset was 3 months"),
        f("injury_patterns", "hepatocellular", "pattern of injury was hepatocellular"),
        f("outcomes_not_reported", "acute_liver_failure", "no reports of acute liver failure"),
        f("discontinuation_thresholds", {"multiple_uln": 10, "persistent": False,
                                         "text": "ALT greater than 10 times the upper limit of normal"},
          "greater than 10 times the upper limit of normal"),
        f("hepatic_metabolism", "~15%", "minimal hepatic metabolism", hedged=True),
        f("cas_number", "1134-47-0", "Baclofen 1134-47-0"),
        f("molecular_formula", "C10H12ClNO2", "Baclofen 1134-47-0"),
    ]
    baclofen = AgentRecord("Baclofen", mono, facts)

    evil_text = "Introduction\n" + EVIL_QUOTE + "\nLikelihood score: X.\n"
    evil_secs = [Section("introduction", "Introduction <i>x</i>", 13, len(evil_text), evil_text[13:])]
    evil_mono = Monograph("evil.txt", evil_text, hashlib.sha256(evil_text.encode()).hexdigest(), "pdf-text",
                          evil_secs, title=EVIL_NAME)
    ev = Evidence("evil.txt", "introduction", EVIL_QUOTE, 13, 13 + len(EVIL_QUOTE))
    evil = AgentRecord(EVIL_NAME, evil_mono, [
        Fact("likelihood_score", "X", ev),
        Fact("drug_classes", '<svg onload=alert(2)> Class', ev),
        Fact("indications", "<script>alert(3)</script>", ev),
    ])
    return [(mono, [baclofen]), (evil_mono, [evil])]


def build_sample_store(store: Path) -> Path:
    """Quads from the real writer + ontology + mappings, loaded as a versioned store at ``store``."""
    import pyoxigraph as ox

    from livertox_kg.build import ontology_quads, to_ox
    from livertox_kg.mappings import mapping_quads
    from livertox_kg.rdf import EntityTables, monograph_quads, monograph_slug
    from livertox_kg.store import activate, load_version

    pairs = sample_records()
    tables = EntityTables()
    for _, records in pairs:
        tables.collect(records)
    quads = []
    for mono, records in pairs:
        quads += monograph_quads(mono, records, tables, monograph_slug(mono, records))
    quads += ontology_quads() + mapping_quads()
    store.parent.mkdir(parents=True, exist_ok=True)
    nq = store.with_name(store.name + ".nq")
    with nq.open("wb") as out:
        ox.serialize((ox.Quad(*(to_ox(t) for t in q)) for q in quads), out, ox.RdfFormat.N_QUADS)
    activate(store, load_version(store, "sample", nq))
    return store


# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from livertox_kg.server import ServerConfig, create_app

    store = build_sample_store(tmp_path_factory.mktemp("ld") / "store")
    app = create_app(ServerConfig(store=str(store), evaluators=2, timeout=20))
    app.testing = True
    with app.test_client() as c:
        yield c
    app.extensions["livertox"].pool.close()


HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}  # a browser's
RDF_TYPES = {
    "text/turtle": ("ttl", "text/turtle"),
    "application/ld+json": ("jsonld", "application/ld+json"),
    "application/n-triples": ("nt", "application/n-triples"),
}
IRIS = [  # (kind, path under the base, text the HTML page must show)
    ("drug", "drug/baclofen", "Baclofen"),
    ("class", "class/muscle-relaxants", "Muscle Relaxants"),
    ("target", "target/gaba-b-receptor", "GABA-B receptor"),
    ("condition", "condition/spasticity", "spasticity"),
    ("likelihood", "likelihood/D", "possible rare cause"),
    ("likelihood-star", "likelihood/E-star", "E*"),
    ("monograph", "monograph/baclofen", "Baclofen"),
    ("section", "monograph/baclofen/section/likelihood-score", "Likelihood score: D"),
    ("ontology", "ontology", "LiverTox knowledge graph ontology"),
]


def _parse(data: bytes, media: str):
    import pyoxigraph as ox

    return [q.triple for q in ox.parse(data, ox.RdfFormat.from_media_type(media))]


# --------------------------------------------------------------------------- tests

@pytest.mark.parametrize("kind,path,shown", IRIS, ids=[i[0] for i in IRIS])
def test_iri_gives_html_to_browsers(client, kind, path, shown):
    r = client.get("/" + path, headers=HTML)
    assert r.status_code == 303, r.data[:300]
    assert r.headers["Location"].endswith(f"/{path}.html")
    assert "Accept" in r.headers["Vary"]
    page = client.get(r.headers["Location"], headers=HTML)
    assert page.status_code == 200
    assert page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert shown.lower() in text.lower()
    assert BASE + path in text  # the page names the IRI it describes
    for ext in ("ttl", "jsonld", "nt"):
        assert f'href="/{path}.{ext}"' in text


@pytest.mark.parametrize("accept", list(RDF_TYPES))
@pytest.mark.parametrize("kind,path,shown", IRIS, ids=[i[0] for i in IRIS])
def test_iri_gives_rdf_by_accept(client, kind, path, shown, accept):
    import pyoxigraph as ox

    ext, media = RDF_TYPES[accept]
    r = client.get("/" + path, headers={"Accept": accept})
    assert r.status_code == 303
    assert r.headers["Location"].endswith(f"/{path}.{ext}")
    doc = client.get(r.headers["Location"])
    assert doc.status_code == 200 and doc.mimetype == media
    triples = _parse(doc.data, media)
    node = ox.NamedNode(BASE + path)
    assert any(t.subject == node for t in triples), f"no statement about {node}"


def test_rdfxml_document(client):
    r = client.get("/drug/baclofen", headers={"Accept": "application/rdf+xml"})
    assert r.status_code == 303 and r.headers["Location"].endswith("/drug/baclofen.rdf")
    doc = client.get("/drug/baclofen.rdf")
    assert doc.mimetype == "application/rdf+xml" and _parse(doc.data, "application/rdf+xml")


def test_head_and_document_headers(client):
    assert client.head("/drug/baclofen", headers=HTML).status_code == 303
    doc = client.get("/drug/baclofen.ttl")
    assert doc.headers["Link"] == f'<{BASE}drug/baclofen>; rel="describes"'


def test_no_accept_header_gets_turtle(client):
    r = client.get("/drug/baclofen")
    assert r.status_code == 303 and r.headers["Location"].endswith("/drug/baclofen.ttl")


def test_unknown_iris_are_404(client):
    for path in ("drug/no-such-drug", "class/nothing", "target/none", "likelihood/Q", "monograph/zzz",
                 "drug/no-such-drug.ttl", "condition/nope.html"):
        assert client.get("/" + path, headers=HTML).status_code == 404, path
        assert client.get("/" + path, headers={"Accept": "text/turtle"}).status_code == 404, path
    assert client.get("/nothing-here").status_code == 404


def test_unacceptable_type_is_406(client):
    assert client.get("/drug/baclofen", headers={"Accept": "image/png"}).status_code == 406


def test_ontology_iri_returns_the_ontology(client):
    import pyoxigraph as ox

    r = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert r.status_code == 303
    doc = client.get(r.headers["Location"])
    triples = _parse(doc.data, "text/turtle")
    ont = ox.NamedNode(BASE + "ontology")
    owl_ontology = ox.NamedNode("http://www.w3.org/2002/07/owl#Ontology")
    assert ox.Triple(ont, ox.NamedNode(RDF + "type"), owl_ontology) in triples
    drug_class = ox.NamedNode(BASE + "ontology#Drug")
    assert any(t.subject == drug_class for t in triples)
    # the whole ontology graph and nothing from the monographs
    assert not any(t.subject.value.startswith(BASE + "drug/") for t in triples if hasattr(t.subject, "value"))
    # a hash term (ontology#Drug) is a section of the HTML document
    html = client.get("/ontology.html", headers=HTML).get_data(as_text=True)
    assert 'id="Drug"' in html and "A medicinal agent" in html
    jsonld = json.loads(client.get("/ontology.jsonld").data)
    assert jsonld


RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def test_drug_page_content(client):
    html = client.get("/drug/baclofen.html", headers=HTML).get_data(as_text=True)
    # likelihood score with LiverTox's definition and its quote
    assert "Possible rare cause of clinically apparent liver injury (few convincing cases)." in html
    assert "Likelihood score: D (Possible, rare cause of clinically apparent liver injury)." in html
    # class path, linked, root first
    assert re.search(r"Autonomic Agents</a>\s*<span class=\"sep\">›</span>\s*<a [^>]*>Muscle Relaxants</a>", html)
    assert 'href="/class/muscle-relaxants-central"' in html
    # readable sentences with evidence; targets linked
    assert 'Baclofen is an agonist of <a href="/target/gaba-b-receptor"' in html
    assert "is indicated for" in html and 'href="/condition/spasticity"' in html
    assert "acts as an agonist of the GABA B receptor" in html
    assert "hedged" in html  # the hedged hepatic-metabolism statement is marked
    # ... shown as a suggestion, since its triple is not asserted in the graph
    assert re.search(r"The monograph suggests:</span> Baclofen undergoes hepatic metabolism of", html)
    # a negative finding is shown with its quote under 'no reported cases', never as a report
    assert re.search(r"Baclofen has no reported cases of <a [^>]*>acute liver failure</a>", html)
    assert "has reported cases of" not in html
    no_alf = html[html.index("has no reported cases of"):]
    assert "no reports of acute liver failure" in no_alf[:2000]
    # external identifiers linked out
    assert 'href="https://commonchemistry.cas.org/detail?cas_rn=1134-47-0"' in html
    # the UNII, shown as scheme and identifier, linking to FDA's substance page
    assert re.search(r'<a href="https://precision.fda.gov/uniisearch/srs/unii/H789N3FKE8"[^>]*>UNII H789N3FKE8</a>', html)
    # source monograph and sections
    assert 'href="/monograph/baclofen"' in html
    assert 'href="/monograph/baclofen/section/likelihood-score"' in html


def test_index_lists_drugs_by_class_and_score(client):
    html = client.get("/drugs", headers=HTML).get_data(as_text=True)
    assert 'id="by-class"' in html and 'id="by-score"' in html
    assert 'href="/drug/baclofen"' in html
    assert 'href="/likelihood/D"' in html and 'href="/class/muscle-relaxants"' in html


@pytest.mark.parametrize("q", ["BACLOFEN", "bac-lofen", "Bac Lofen", "aclo"])
def test_search_is_case_and_hyphen_insensitive(client, q):
    html = client.get("/drugs", query_string={"q": q}).get_data(as_text=True)
    results = html.split('id="results"', 1)[1].split("</section>", 1)[0]
    assert 'href="/drug/baclofen"' in results


def test_search_finds_targets_and_classes(client):
    html = client.get("/drugs", query_string={"q": "gaba b"}).get_data(as_text=True)
    results = html.split('id="results"', 1)[1].split("</section>", 1)[0]
    assert 'href="/target/gaba-b-receptor"' in results
    nothing = client.get("/drugs", query_string={"q": "zzzz"}).get_data(as_text=True)
    assert "No label matches" in nothing


def _evil_paths(client):
    from livertox_kg.namespaces import slug

    return "drug/" + slug(EVIL_NAME), "monograph/" + slug(EVIL_NAME)


def test_text_from_data_is_escaped(client):
    drug, mono = _evil_paths(client)
    pages = [client.get(f"/{p}.html", headers=HTML).get_data(as_text=True) for p in (drug, mono)]
    pages.append(client.get("/drugs", query_string={"q": "evilol"}).get_data(as_text=True))
    pages.append(client.get("/drugs", query_string={"q": '<script>alert("q")</script>'}).get_data(as_text=True))
    for html in pages:
        assert "<script>alert" not in html
        assert "<img src=x" not in html and "<svg onload" not in html and "<b>bold</b>" not in html
        assert "onerror=alert" not in html or "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;Evilol" in pages[0]
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages[0]


def test_query_page_for_browsers_only(client):
    page = client.get("/sparql", headers=HTML)
    assert page.status_code == 200 and page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert "yasgui.min.js" in text or "npm ci" in text
    assert 'id="ltx-config"' in text
    # no Accept, or an RDF Accept: still the service description
    for headers in ({}, {"Accept": "text/turtle"}):
        r = client.get("/sparql", headers=headers)
        assert r.status_code == 200 and r.mimetype == "text/turtle", headers
    home = client.get("/", headers=HTML)
    assert home.status_code == 200 and 'id="ltx-config"' in home.get_data(as_text=True)
    assert client.get("/", headers={"Accept": "text/turtle"}).status_code == 303


def test_query_page_lists_library_with_titles(client, tmp_path, monkeypatch):
    lib = tmp_path / "queries"
    lib.mkdir()
    (lib / "drugs-by-score.rq").write_text(
        "# title: Drugs by <likelihood> score\n# description: Counts per score.\n"
        "SELECT ?s (COUNT(*) AS ?n) WHERE { ?d ltx:likelihoodScore ?s } GROUP BY ?s\n")
    monkeypatch.setenv("LIVERTOX_KG_QUERIES", str(lib))
    text = client.get("/sparql", headers=HTML).get_data(as_text=True)
    assert "Drugs by &lt;likelihood&gt; score" in text
    config = json.loads(text.split('id="ltx-config">', 1)[1].split("</script>", 1)[0])
    query = config["examples"][0]["query"]
    assert "PREFIX ltx: <https://w3id.org/livertox-kg/ontology#>" in query  # prefixes pre-declared
    assert "<script" not in text.split('id="ltx-config">', 1)[1].split("</script>", 1)[0]


def test_a_path_that_is_not_an_iri_never_reaches_sparql(client):
    """'>' or a space in the path would break out of <iri> in the describe query: 404, no query."""
    for path in ("/drug/baclofen%3E%20%3Fp%20%3Fo%20%7D%20UNION%20%7B%20SERVICE%20%3Chttp://example.com/%3E",
                 "/drug/bac%20lofen", "/drug/x%22y"):
        r = client.get(path, headers={"Accept": "text/turtle"})
        assert r.status_code == 404, (path, r.status_code)
