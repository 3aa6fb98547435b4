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
