"""SERVICE allow-list, LOAD refusal and the tokenizer behind them (no server needed)."""

import pytest

from livertox_kg.server.lexer import analyse
from livertox_kg.server.safety import Refused, check_bearer, check_request

ALLOW = ("https://query.wikidata.org/",)


@pytest.mark.parametrize("query, form", [
    ("SELECT * { ?s ?p ?o }", "SELECT"),
    ("PREFIX ex: <http://ex/> BASE <http://b/> construct { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("# SELECT in a comment\nASK {}", "ASK"),
    ("DESCRIBE <http://ex/a>", "DESCRIBE"),
    ("PREFIX ex: <http://ex/> INSERT DATA { ex:a ex:b ex:c }", "UPDATE"),
    ("DROP ALL", "UPDATE"),
    ("\\u0053ELECT * {}", "SELECT"),
])
def test_query_form(query, form):
    assert analyse(query).form == form


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://169.254.169.254/latest/> { ?s ?p ?o } }",
    "select * where { service silent <http://127.0.0.1:22/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?x ?y ?z OPTIONAL { { SERVICE <http://evil.example/sparql> { ?s ?p ?o } } } }",
    "SELECT * WHERE { BIND(<http://evil.example/sparql> AS ?ep) SERVICE ?ep { ?s ?p ?o } }",
    "PREFIX e: <http://evil.example/> SELECT * WHERE { SERVICE e:sparql { ?s ?p ?o } }",
    "BASE <http://evil.example/> SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }",
    # keyword written with SPARQL codepoint escapes (applied by the parser before tokenizing)
    "SELECT * WHERE { \\u0053ERVICE <http://evil.example/sparql> { ?s ?p ?o } }",
    # a comment that tries to end the line early
    "SELECT * WHERE { # nothing here\n SERVICE <http://evil.example/> { ?s ?p ?o } }",
    "SELECT * WHERE { FILTER(?a < ?b) SERVICE<http://evil.example/>{?s ?p ?o} }",
    # looks like the allowed host but is not under the allowed prefix
    "SELECT * WHERE { SERVICE <https://query.wikidata.org.evil.example/> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }",
    "SELECT * WHERE { { SELECT * WHERE { SERVICE <http://evil.example/> { ?s ?p ?o } } } }",
])
def test_service_refused(query):
    with pytest.raises(Refused) as e:
        check_request(query, ALLOW)
    assert e.value.status == 400
    assert "SERVICE" in str(e.value)


@pytest.mark.parametrize("query", [
    'SELECT * WHERE { ?s ?p "SERVICE <http://evil.example/> { }" }',
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://evil.example/> { }",
    "SELECT * WHERE { ?s <http://ex/SERVICE> ?o }",
    "PREFIX ex: <http://ex/> SELECT ?SERVICE WHERE { ?SERVICE ex:SERVICE ?o }",
    "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }",
    'SELECT * WHERE { ?s ?p """multi\nline SERVICE <http://evil/> {}""" }',
])
def test_not_refused(query):
    check_request(query, ALLOW)


def test_empty_allow_list_refuses_everything():
    with pytest.raises(Refused):
        check_request("SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }", ())


@pytest.mark.parametrize("update", [
    "LOAD <file:///etc/passwd>",
    "LOAD SILENT <file:///etc/passwd> INTO GRAPH <http://g/>",
    "LOAD <http://evil.example/data.ttl>",
    "INSERT { ?s ?p ?o } WHERE { SERVICE <http://evil.example/> { ?s ?p ?o } }",
])
def test_update_guard(update):
    with pytest.raises(Refused):
        check_request(update, ALLOW, update=True)


def test_bearer():
    with pytest.raises(Refused) as e:
        check_bearer("Bearer x", None)
    assert e.value.status == 403
    with pytest.raises(Refused) as e:
        check_bearer(None, "secret")
    assert e.value.status == 401
    with pytest.raises(Refused) as e:
        check_bearer("Bearer wrong", "secret")
    assert e.value.status == 403
    check_bearer("Bearer secret", "secret")


def test_load_of_a_file_is_refused_even_when_the_prefix_is_allowed():
    with pytest.raises(Refused, match=r"LOAD <file:///etc/passwd> is not allowed"):
        check_request("LOAD <file:///etc/passwd>", ("file:///",), update=True)
    # a LOAD from an allowed endpoint prefix passes the guard
    check_request("LOAD <https://query.wikidata.org/data.ttl>", ALLOW, update=True)


def test_refusal_names_the_allow_list():
    evil = "SELECT * WHERE { SERVICE <http://evil.example/> { ?s ?p ?o } }"
    with pytest.raises(Refused) as e:
        check_request(evil, ALLOW + ("https://sparql.uniprot.org/",))
    assert "(https://query.wikidata.org/, https://sparql.uniprot.org/)" in str(e.value)
    with pytest.raises(Refused) as e:
        check_request(evil, ())
    assert "allow-list (empty)" in str(e.value)


def test_a_query_rdflib_cannot_parse_is_judged_by_the_tokenizer():
    """SPARQL 1.2 triple terms are Oxigraph's grammar, not rdflib's: the second (algebra) check gives
    up without failing the request, and the tokenizer still finds a SERVICE."""
    import pyoxigraph as ox

    q = 'SELECT * WHERE { ?s ?p "service" . <<( ?a ?b ?c )>> ?q ?r }'
    ox.Store().query(q)  # Oxigraph accepts it
    check_request(q, ALLOW)
    with pytest.raises(Refused):
        check_request(q.replace('?s ?p "service" .', "SERVICE <http://evil.example/> { ?s ?p ?o }"), ALLOW)


def test_the_algebra_check_finds_service_on_its_own():
    """The second, independent detector (rdflib's algebra) finds SERVICE targets by itself."""
    from livertox_kg.server.safety import _algebra_services

    evil = "SERVICE <http://evil.example/> { ?s ?p ?o }"
    assert _algebra_services(f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ {evil} }} }}", False) == ["http://evil.example/"]
    assert _algebra_services(f"INSERT {{ ?s ?p ?o }} WHERE {{ {evil} }}", True) == ["http://evil.example/"]
    assert _algebra_services("SELECT * WHERE { BIND(<x:y> AS ?e) SERVICE ?e { ?s ?p ?o } }", False) == [None]
    both = "SELECT * WHERE { SERVICE <http://a.example/> { ?s ?p ?o } SERVICE <http://b.example/> { ?s ?p ?o } }"
    assert sorted(_algebra_services(both, False)) == ["http://a.example/", "http://b.example/"]
    assert _algebra_services("SELECT * {", False) is None  # rdflib cannot parse it: no opinion


@pytest.mark.parametrize("text,update", [
    ("SELECT * WHERE { SERVICE <http://evil.example/> { ?s ?p ?o } }", False),
    ("INSERT { ?s ?p ?o } WHERE { SERVICE <http://evil.example/> { ?s ?p ?o } }", True),
])
def test_a_service_the_tokenizer_missed_is_still_refused(monkeypatch, text, update):
    """If the tokenizer ever missed a SERVICE, the algebra check alone refuses the request."""
    import livertox_kg.server.safety as safety

    real = safety.analyse

    def blind(text):
        info = real(text)
        info.services.clear()
        return info

    monkeypatch.setattr(safety, "analyse", blind)
    safety._check_cached.cache_clear()
    try:
        with pytest.raises(Refused, match="not allowed"):
            if update:
                check_request(text, ALLOW, update=True)
            else:
                check_request(text, ALLOW)  # a query by default
    finally:
        safety._check_cached.cache_clear()
