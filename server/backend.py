"""Where queries are answered: the embedded Oxigraph store, or a remote SPARQL 1.1 endpoint.

Backends live inside evaluator processes (:mod:`server.evaluator`) and return pyoxigraph result
objects (solutions, boolean, or an iterator of triples) so one serialisation path serves both.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


class BackendError(Exception):
    """A failure to report with an HTTP status (400 for the query's own fault)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class BackendSpec:
    """Picklable description of a backend, opened in each evaluator process."""

    store: str | None = None  # resolved store directory (embedded)
    url: str | None = None  # remote SPARQL endpoint (query operation)
    update_url: str | None = None  # remote update endpoint, if any
    writable: bool = False  # embedded store opened read-write (single writer, update mode)
    read_timeout: float = 30.0

    def open(self):
        return RemoteBackend(self) if self.url else EmbeddedBackend(self)


def _nodes(iris):
    try:
        return [ox.NamedNode(i) for i in iris]
    except ValueError as e:
        raise BackendError(400, f"invalid graph IRI: {e}") from e


class EmbeddedBackend:
    """A pyoxigraph Store opened read-only (or read-write in single-writer update mode)."""

    def __init__(self, spec: BackendSpec):
        self.store = ox.Store(spec.store) if spec.writable else ox.Store.read_only(spec.store)

    def query(self, text: str, default_graphs=None, named_graphs=None, union: bool = True, base_iri=None):
        kwargs: dict = {"base_iri": base_iri}
        if default_graphs is not None or named_graphs is not None:
            kwargs["default_graph"] = _nodes(default_graphs or [])
            kwargs["named_graphs"] = _nodes(named_graphs or [])
        elif union:
            kwargs["use_default_graph_as_union"] = True
        try:
            return self.store.query(text, **kwargs)
        except SyntaxError as e:
            raise BackendError(400, str(e)) from e

    def update(self, text: str, base_iri=None) -> None:
        try:
            self.store.update(text, base_iri=base_iri)
        except SyntaxError as e:
            raise BackendError(400, str(e)) from e


class RemoteBackend:
    """A remote SPARQL 1.1 endpoint; answers are parsed back into pyoxigraph objects, streaming."""

    ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"

    def __init__(self, spec: BackendSpec):
        import requests

        self.spec = spec
        self.session = requests.Session()

    def _post(self, url: str, text: str, params, content_type: str, accept: str | None):
        import requests

        headers = {"Content-Type": content_type + "; charset=utf-8"}
        if accept:
            headers["Accept"] = accept
        try:
            resp = self.session.post(url, params=params, data=text.encode("utf-8"), headers=headers,
                                     stream=True, timeout=(5, self.spec.read_timeout))
        except requests.RequestException as e:
            raise BackendError(502, f"backend endpoint unreachable: {e}") from e
        if resp.status_code == 400:
            raise BackendError(400, resp.text.strip() or "the backend rejected the query")
        if resp.status_code >= 300:
            raise BackendError(502, f"backend endpoint answered {resp.status_code}: {resp.text[:500]}")
        resp.raw.decode_content = True
        return resp

    def query(self, text: str, default_graphs=None, named_graphs=None, union: bool = True, base_iri=None):
        params = [("default-graph-uri", g) for g in default_graphs or []]
        params += [("named-graph-uri", g) for g in named_graphs or []]
        resp = self._post(self.spec.url, text, params, "application/sparql-query", self.ACCEPT)
        media = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
        results_format = ox.QueryResultsFormat.from_media_type(media) if media else None
        if results_format is not None:
            return ox.parse_query_results(resp.raw, results_format)
        rdf_format = ox.RdfFormat.from_media_type(media) if media else None
        if rdf_format is None:
            raise BackendError(502, f"backend answered an unknown media type {media!r}")
        return (q.triple for q in ox.parse(resp.raw, rdf_format))

    def update(self, text: str, base_iri=None) -> None:
        if not self.spec.update_url:
            raise BackendError(501, "this server fronts a remote endpoint without an update URL")
        self._post(self.spec.update_url, text, [], "application/sparql-update", None).close()
