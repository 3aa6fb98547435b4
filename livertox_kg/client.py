"""`KnowledgeGraph`: the Python client, the same over the embedded store and any SPARQL endpoint.

>>> from livertox_kg import KnowledgeGraph
>>> kg = KnowledgeGraph.open("var/store")                    # embedded Oxigraph, read-only
>>> kg = KnowledgeGraph.connect("http://127.0.0.1:8000/sparql")  # any SPARQL 1.1 endpoint
>>> kg.query("drugs-acting-on-target", target="target:gaba-b-receptor")   # a library query
>>> kg.query("SELECT ?d WHERE { ?d a ltx:Drug }")                          # or SPARQL
>>> kg.graph("drug-subgraph", drug="drug:baclofen")                        # -> rdflib.Graph

Results come back as pandas DataFrames with typed columns: xsd:integer (and its subtypes, and
xsd:gYear) -> ``Int64``, xsd:decimal/double/float -> ``Float64``, xsd:boolean -> ``boolean``,
xsd:date/dateTime -> ``datetime64``, other literals -> ``string``; IRIs are shown compactly with
the project's prefixes (``drug:baclofen``) unless ``compact=False``. Unbound cells are ``<NA>``.
Our prefixes are pre-declared for every query, embedded or remote.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

try:
    import pandas as pd
except ImportError as exc:  # an optional dependency: the base install builds and serves without it
    raise ImportError("livertox_kg.client needs pandas: pip install 'livertox-kg[client]'") from exc

from .library import (
    LibraryError,
    expand_iri,
    get_query,
    is_query_name,
    substitute,
    to_term,
)
from .namespaces import PREFIXES, slug, sparql_prefixes

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_INTEGER_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                    "positiveInteger", "nonPositiveInteger", "negativeInteger",
                                    "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
                                    "gYear")}
_FLOAT_TYPES = {XSD + t for t in ("decimal", "double", "float")}
_DATE_TYPES = {XSD + t for t in ("date", "dateTime", "dateTimeStamp")}
_BOOLEAN = XSD + "boolean"
_RESULTS_JSON = "application/sparql-results+json"
_GRAPH_TYPES = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"

# longest namespace first, so 'graph:' never shadows a longer one
_NAMESPACES = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


class KnowledgeGraphError(RuntimeError):
    """A query failed (parse error, endpoint error, wrong query form); the message says why."""


# -- one RDF term in, one typed cell out --------------------------------------------------------------
class Cell:
    """An RDF term as (kind, lexical value, datatype, language); kind is 'iri', 'literal' or 'bnode'."""

    __slots__ = ("kind", "value", "datatype", "language")

    def __init__(self, kind: str, value: str, datatype: str | None = None, language: str | None = None):
        self.kind, self.value, self.datatype, self.language = kind, value, datatype, language


def compact(iri: str) -> str:
    """'https://w3id.org/livertox-kg/drug/baclofen' -> 'drug:baclofen' (IRIs outside our prefixes,
    or whose local part has '/' or '#', are returned whole)."""
    for prefix, namespace in _NAMESPACES:
        if iri.startswith(namespace):
            local = iri[len(namespace):]
            if local and "/" not in local and "#" not in local and "?" not in local:
                return f"{prefix}:{local}"
    return iri


def _ox_cell(term) -> Cell | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Cell("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return Cell("bnode", term.value)
    if isinstance(term, ox.Literal):
        language = term.language
        datatype = RDF_LANG_STRING if language else term.datatype.value
        return Cell("literal", term.value, datatype, language)
    return Cell("literal", str(term), XSD + "string")  # quoted triples: shown as text


def _json_cell(binding: Mapping[str, str] | None) -> Cell | None:
    if binding is None:
        return None
    kind = binding["type"]
    if kind == "uri":
        return Cell("iri", binding["value"])
    if kind == "bnode":
        return Cell("bnode", binding["value"])
    language = binding.get("xml:lang")
    datatype = RDF_LANG_STRING if language else binding.get("datatype", XSD + "string")
    return Cell("literal", binding["value"], datatype, language)


def _column(cells: list[Cell | None], compact_iris: bool) -> pd.Series:
    present = [c for c in cells if c is not None]
    kinds = {c.kind for c in present}
    datatypes = {c.datatype for c in present}
    if kinds == {"iri"}:
        return pd.Series([None if c is None else (compact(c.value) if compact_iris else c.value)
                          for c in cells], dtype="string")
    if kinds == {"literal"} and datatypes <= _INTEGER_TYPES:
        return pd.Series([None if c is None else int(c.value) for c in cells], dtype="Int64")
    if kinds == {"literal"} and datatypes <= _FLOAT_TYPES | _INTEGER_TYPES:
        return pd.Series([None if c is None else float(c.value) for c in cells], dtype="Float64")
    if kinds == {"literal"} and datatypes == {_BOOLEAN}:
        return pd.Series([None if c is None else c.value in ("true", "1") for c in cells], dtype="boolean")
    if kinds == {"literal"} and datatypes and datatypes <= _DATE_TYPES:
        return pd.to_datetime(pd.Series([None if c is None else c.value for c in cells], dtype="object"),
                              utc=any("T" in c.value and ("Z" in c.value or "+" in c.value) for c in present),
                              format="ISO8601")
    if kinds <= {"literal"}:
        return pd.Series([None if c is None else c.value for c in cells], dtype="string")
    # mixed IRIs and literals (e.g. the object of any fact): text, IRIs compacted
    return pd.Series([None if c is None else (compact(c.value) if c.kind == "iri" and compact_iris
                                              else ("_:" + c.value if c.kind == "bnode" else c.value))
                      for c in cells], dtype="string")


def frame(variables: list[str], rows: Iterable[Mapping[str, Cell | None]], compact_iris: bool = True) -> pd.DataFrame:
    """A typed DataFrame from variable names and rows of cells (see the module docstring)."""
    rows = list(rows)
    data = {name: _column([row.get(name) for row in rows], compact_iris) for name in variables}
    return pd.DataFrame(data, columns=variables)


def _form(sparql: str) -> str:
    from .library import LibraryQuery

    return LibraryQuery("inline", "", "", sparql).form


# -- the client ---------------------------------------------------------------------------------------
class KnowledgeGraph:
    """The livertox-kg knowledge graph, embedded or behind a SPARQL endpoint; see the module docstring.

    Use :meth:`open` or :meth:`connect` rather than the constructor.
    """

    def __init__(self, backend: "_Backend", description: str):
        self._backend = backend
        self.description = description

    def __repr__(self) -> str:
        return f"KnowledgeGraph({self.description})"

    # construction ----------------------------------------------------------------------------------
    @classmethod
    def open(cls, store_dir: str | Path) -> "KnowledgeGraph":
        """The embedded on-disk store at ``store_dir`` (e.g. ``var/store``), opened read-only.

        Many processes may open it at once; a rebuild swaps the store link, so reopen to see it.
        """
        from .store import open_read_only

        path = Path(store_dir)
        return cls(_EmbeddedBackend(open_read_only(path)), f"open({str(path)!r})")

    @classmethod
    def connect(cls, url: str, *, timeout: float = 60.0, headers: Mapping[str, str] | None = None,
                session=None) -> "KnowledgeGraph":
        """A SPARQL 1.1 endpoint at ``url`` (ours, or any other such as Oxigraph's server).

        Queries are sent as HTTP POST ``application/sparql-query``; the endpoint should query the
        union of its named graphs by default (ours does; ``oxigraph serve --union-default-graph``).
        """
        return cls(_RemoteBackend(url, timeout, dict(headers or {}), session), f"connect({url!r})")

    # queries ---------------------------------------------------------------------------------------
    def sparql(self, query: str, **params: Any) -> str:
        """The SPARQL text that :meth:`query` would run for a library name or SPARQL + params."""
        if is_query_name(query):
            return get_query(query).render(**params)
        if params:
            return substitute(query, {name: (None, value) for name, value in params.items()})
        return query

    def query(self, query: str, *, compact: bool = True, **params: Any) -> pd.DataFrame:
        """Run a library query by name (``kg.query("drugs-in-class", **{"class": "class:muscle-relaxants"})``)
        or a SPARQL string, and return a typed DataFrame.

        Keyword parameters replace the values of the query's ``VALUES ?name { ... }`` blocks as
        proper RDF terms (CURIEs and IRIs validated, strings escaped); a list gives several rows.
        For a library query a string becomes an IRI or a literal as the parameter's default is; for
        inline SPARQL it becomes a literal, so pass ``rdflib.URIRef`` (or a pyoxigraph term) for IRIs.
        SELECT gives one column per variable; ASK a one-row frame with a boolean column ``ask``;
        CONSTRUCT/DESCRIBE a frame of ``subject``, ``predicate``, ``object`` (see also :meth:`graph`).
        """
        text = self.sparql(query, **params)
        form = _form(text)
        if form in ("CONSTRUCT", "DESCRIBE"):
            graph = self._backend.graph(text)
            cells = [{"subject": _rdflib_cell(s), "predicate": Cell("iri", str(p)),
                      "object": _rdflib_cell(o)} for s, p, o in sorted(graph)]
            return frame(["subject", "predicate", "object"], cells, compact)
        if form == "ASK":
            return pd.DataFrame({"ask": pd.Series([self._backend.ask(text)], dtype="boolean")})
        variables, rows = self._backend.select(text)
        return frame(variables, rows, compact)

    def ask(self, query: str, **params: Any) -> bool:
        """Run an ASK query (library name or SPARQL) and return its boolean."""
        text = self.sparql(query, **params)
        if _form(text) != "ASK":
            raise KnowledgeGraphError("ask() needs an ASK query")
        return self._backend.ask(text)

    def graph(self, query: str, **params: Any):
        """Run a CONSTRUCT or DESCRIBE query (library name or SPARQL) and return an ``rdflib.Graph``
        with our prefixes bound."""
        text = self.sparql(query, **params)
        if _form(text) not in ("CONSTRUCT", "DESCRIBE"):
            raise KnowledgeGraphError("graph() needs a CONSTRUCT or DESCRIBE query; use query() for SELECT/ASK")
        return self._backend.graph(text)

    # convenience accessors -------------------------------------------------------------------------
    @staticmethod
    def queries() -> pd.DataFrame:
        """The query library: name, title, form, parameters (with defaults) and whether federated."""
        from .library import load_library

        rows = [{"name": q.name, "title": q.title, "form": q.form,
                 "params": ", ".join(f"{p.name}={p.default}" if p.default else p.name for p in q.params),
                 "federated": q.federated, "description": q.description}
                for q in load_library().values()]
        return pd.DataFrame(rows, columns=["name", "title", "form", "params", "federated", "description"]).astype(
            {"name": "string", "title": "string", "form": "string", "params": "string",
             "federated": "boolean", "description": "string"})

    def drugs(self) -> pd.DataFrame:
        """Every drug with score, approval year, patterns, latency and most specific classes."""
        return self.query("drugs-overview")

    def drugs_of_class(self, drug_class: str, include_subclasses: bool = True) -> pd.DataFrame:
        """Drugs of a class given as CURIE/IRI (``class:muscle-relaxants``) or label
        ('Muscle Relaxants'); with ``include_subclasses`` also those of narrower classes."""
        iri = resolve(drug_class, "class")
        df = self.query("drugs-in-class", **{"class": iri})
        if not include_subclasses:
            direct = self.query(
                "SELECT DISTINCT ?drug WHERE { ?drug ltx:hasDrugClass ?class . VALUES ?class { class:x } }",
                **{"class": ox_iri(iri)})
            df = df[df["drug"].isin(set(direct["drug"]))].reset_index(drop=True)
        return df

    def drugs_acting_on(self, target: str, relation: str = "ltx:actsOn") -> pd.DataFrame:
        """Drugs acting on a target (CURIE/IRI or label such as 'GABA-B receptor'); ``relation``
        narrows to ltx:agonistOf, ltx:inhibitorOf, ..."""
        return self.query("drugs-acting-on-target", target=resolve(target, "target"), relation=relation)

    def facts(self, drug: str) -> pd.DataFrame:
        """Every fact about the drug with the sentence, section and offsets it was read from."""
        return self.query("evidence-for-drug", drug=resolve(drug, "drug"))

    def identifiers(self, drug: str) -> pd.DataFrame:
        """The drug's external identifiers (scheme, identifier, IRI to link out to)."""
        return self.query("drug-external-ids", drug=resolve(drug, "drug"))

    def find(self, scheme: str, identifier: str) -> pd.DataFrame:
        """Our drug for an external identifier, e.g. ``find("DrugBank", "DB00697")``."""
        return self.query("drug-by-external-id", scheme=scheme, identifier=identifier)

    def search(self, text: str) -> pd.DataFrame:
        """Entities whose label (or a drug's trade name) contains ``text``, ignoring case/hyphens."""
        return self.query("label-search", text=text)


def resolve(name: str, kind: str) -> str:
    """A CURIE/IRI for ``name``: CURIEs and IRIs are kept (validated); a label becomes the IRI the
    build mints for it (``'Muscle Relaxants'`` -> ``class:muscle-relaxants``)."""
    text = name.strip()
    if text.startswith("<") or "://" in text or (":" in text and text.split(":", 1)[0] in PREFIXES):
        return expand_iri(text)
    return PREFIXES[kind] + slug(text)


def ox_iri(iri: str):
    import pyoxigraph as ox

    return ox.NamedNode(expand_iri(iri))


def _rdflib_cell(term) -> Cell:
    from rdflib import BNode, Literal

    if isinstance(term, Literal):
        language = term.language
        datatype = RDF_LANG_STRING if language else str(term.datatype or XSD + "string")
        return Cell("literal", str(term), datatype, language)
    if isinstance(term, BNode):
        return Cell("bnode", str(term))
    return Cell("iri", str(term))


# -- backends -----------------------------------------------------------------------------------------
class _Backend:
    def select(self, sparql: str) -> tuple[list[str], list[dict[str, Cell | None]]]:
        raise NotImplementedError

    def ask(self, sparql: str) -> bool:
        raise NotImplementedError

    def graph(self, sparql: str):
        raise NotImplementedError


def _new_graph():
    from rdflib import Graph

    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


class _EmbeddedBackend(_Backend):
    def __init__(self, store):
        self.store = store

    def _run(self, sparql: str):
        from .querying import QueryError, execute

        try:
            return execute(self.store, sparql)
        except QueryError as exc:
            raise KnowledgeGraphError(str(exc)) from exc

    def select(self, sparql):
        import pyoxigraph as ox

        result = self._run(sparql)
        if not isinstance(result, ox.QuerySolutions):
            raise KnowledgeGraphError("expected a SELECT query")
        names = [v.value for v in result.variables]
        rows = [{name: _ox_cell(solution[name]) for name in names} for solution in result]
        return names, rows

    def ask(self, sparql):
        return bool(self._run(sparql))

    def graph(self, sparql):
        import pyoxigraph as ox

        result = self._run(sparql)
        buffer = io.BytesIO()
        ox.serialize(result, buffer, ox.RdfFormat.N_TRIPLES)
        graph = _new_graph()
        graph.parse(data=buffer.getvalue().decode("utf-8"), format="nt")
        return graph


class _RemoteBackend(_Backend):
    def __init__(self, url: str, timeout: float, headers: dict, session=None):
        import requests

        self.url = url
        self.timeout = timeout
        self.headers = headers
        self.session = session or requests.Session()

    def _post(self, sparql: str, accept: str):
        import requests

        headers = {"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept, **self.headers}
        body = (sparql_prefixes() + sparql).encode("utf-8")
        try:
            response = self.session.post(self.url, data=body, headers=headers, timeout=self.timeout)
        except requests.RequestException as exc:
            raise KnowledgeGraphError(f"{self.url}: {exc}") from exc
        if response.status_code >= 400:
            raise KnowledgeGraphError(f"{self.url}: HTTP {response.status_code}: {response.text[:500]}")
        return response

    def _json(self, sparql: str) -> dict:
        response = self._post(sparql, _RESULTS_JSON)
        try:
            return response.json()
        except ValueError as exc:
            raise KnowledgeGraphError(f"{self.url}: not SPARQL JSON results "
                                      f"({response.headers.get('Content-Type')})") from exc

    def select(self, sparql):
        data = self._json(sparql)
        if "boolean" in data:
            raise KnowledgeGraphError("expected a SELECT query")
        names = data["head"].get("vars", [])
        rows = [{name: _json_cell(binding.get(name)) for name in names}
                for binding in data["results"]["bindings"]]
        return names, rows

    def ask(self, sparql):
        data = self._json(sparql)
        if "boolean" not in data:
            raise KnowledgeGraphError("expected an ASK query")
        return bool(data["boolean"])

    def graph(self, sparql):
        response = self._post(sparql, _GRAPH_TYPES)
        content_type = response.headers.get("Content-Type", "application/n-triples").split(";")[0].strip()
        formats = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle",
                   "application/rdf+xml": "xml", "application/ld+json": "json-ld",
                   "application/n-quads": "nquads"}
        graph = _new_graph()
        graph.parse(data=response.content, format=formats.get(content_type, "turtle"))
        return graph


__all__ = ["KnowledgeGraph", "KnowledgeGraphError", "compact", "frame", "resolve", "LibraryError", "to_term"]
