"""SPARQL 1.1 Protocol: the query operation at /sparql and the guarded update operation at /update."""

from __future__ import annotations

import logging
import time

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import HTTPException

from server import metrics
from server.evaluator import QueryFailed, QueryTimeout
from server.negotiation import NotAcceptable, choose, kind_of
from server.safety import Refused, check_bearer, check_request

bp = Blueprint("sparql", __name__)
log = logging.getLogger("livertox_kg.server")

FORM = "application/x-www-form-urlencoded"
DIRECT_QUERY = "application/sparql-query"
DIRECT_UPDATE = "application/sparql-update"


class ProtocolError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def text(status: int, message: str, **headers) -> Response:
    """Plain-text error answer (the parser's message for a malformed query)."""
    return Response(message.rstrip() + "\n", status=status, mimetype="text/plain", headers=headers)


def state():
    return current_app.extensions["livertox"]


def _body_text() -> str:
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"unsupported charset {charset!r}: requests must be UTF-8")
    try:
        return request.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError as e:
        raise ProtocolError(400, f"request body is not valid UTF-8: {e}") from e


def _check_size() -> None:
    limit = state().cfg.max_request_bytes
    if (request.content_length or 0) > limit or len(request.query_string) > limit:
        raise ProtocolError(413, f"request too large (limit {limit} bytes)")


def _query_params() -> tuple[str | None, list[str], list[str]]:
    """(query, default-graph-uri list, named-graph-uri list) for the three protocol bindings."""
    _check_size()
    args = request.args
    queries = args.getlist("query")
    dg, ng = args.getlist("default-graph-uri"), args.getlist("named-graph-uri")
    if "update" in args:
        raise ProtocolError(400, "SPARQL Update is not accepted at the query endpoint; use /update")
    if request.method == "POST":
        mime = request.mimetype
        if mime == FORM:
            form = request.form
            if "update" in form:
                raise ProtocolError(400, "SPARQL Update is not accepted at the query endpoint; use /update")
            queries += form.getlist("query")
            dg += form.getlist("default-graph-uri")
            ng += form.getlist("named-graph-uri")
            if not queries:
                raise ProtocolError(400, "missing 'query' parameter")
        elif mime == DIRECT_QUERY:
            if queries:
                raise ProtocolError(400, "a direct POST carries the query in its body, not in 'query'")
            queries = [_body_text()]
        elif mime == DIRECT_UPDATE:
            raise ProtocolError(400, "SPARQL Update is not accepted at the query endpoint; use /update")
        elif not mime:
            raise ProtocolError(415, f"missing Content-Type: use {FORM} or {DIRECT_QUERY}")
        else:
            raise ProtocolError(415, f"unsupported Content-Type {mime!r}: use {FORM} or {DIRECT_QUERY}")
    if len(queries) > 1:
        raise ProtocolError(400, "more than one 'query' parameter")
    return (queries[0] if queries else None), dg, ng


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    started = time.perf_counter()
    st = state()
    try:
        query, dg, ng = _query_params()
    except ProtocolError as e:
        return text(e.status, str(e))
    if query is None:
        from server.describe import service_description

        return service_description()
    try:
        info = check_request(query, st.cfg.service_allow)
        if info.form == "UPDATE":
            raise Refused("SPARQL Update is not accepted at the query endpoint; use /update", 400)
        fmt = choose(kind_of(info.form), request.accept_mimetypes,
                     request.values.get("format") or request.values.get("output"))
    except Refused as e:
        return text(e.status, str(e))
    except NotAcceptable as e:
        return text(406, str(e))
    has_dataset = bool(dg or ng)
    etag = st.etag(query, dg, ng, fmt.key, st.cfg.max_rows, request.base_url)
    headers = {"Vary": "Accept", "Cache-Control": "public, no-cache", "X-Content-Type-Options": "nosniff"}
    if etag:
        headers["ETag"] = f'W/"{etag}"'
        if request.if_none_match.contains_weak(etag):
            return Response(status=304, headers=headers)
    message = {
        "op": "query", "query": query, "format": fmt.key, "max_rows": st.cfg.max_rows or None,
        "default_graphs": dg if has_dataset else None, "named_graphs": ng if has_dataset else None,
        "union": not info.dataset_clause, "base_iri": request.base_url,
    }
    try:
        stream = st.pool.run(message, st.deadline())
    except QueryTimeout as e:
        metrics.TIMEOUTS.inc()
        return text(503, f"{e}: the query exceeded the {st.cfg.timeout:g} s limit and was stopped",
                    **{"Retry-After": "10"})
    except QueryFailed as e:
        return text(e.status, str(e))

    def done(elapsed: float) -> None:
        metrics.QUERY_SECONDS.labels("sparql").observe(elapsed)
        if stream.rows > 0:
            metrics.ROWS.inc(stream.rows)
        log.info("query %s %s %.1f ms rows=%s truncated=%s", info.form, fmt.key, 1000 * elapsed,
                 stream.rows if stream.rows >= 0 else "?", stream.truncated)

    headers["X-Query-Form"] = info.form or "unknown"
    if st.cfg.max_rows:
        headers["X-Max-Rows"] = str(st.cfg.max_rows)
    if stream.done and stream.body is not None:  # small answer, complete already: no chunking
        done(time.perf_counter() - started)
        return Response(stream.body, mimetype=fmt.media_type, headers=headers)

    def body():
        try:
            yield from stream
        except QueryTimeout:
            metrics.TIMEOUTS.inc()
            log.warning("query timed out mid-stream after %.0f ms; response truncated",
                        1000 * (time.perf_counter() - started))
            raise
        finally:
            done(time.perf_counter() - started)

    return Response(body(), mimetype=fmt.media_type, headers=headers)


@bp.route("/update", methods=["POST"])
def update() -> Response:
    st = state()
    try:
        check_bearer(request.headers.get("Authorization"), st.cfg.update_token)
        _check_size()
        mime = request.mimetype
        if mime == DIRECT_UPDATE:
            text_ = _body_text()
        elif mime == FORM:
            values = request.form.getlist("update")
            if len(values) != 1:
                raise ProtocolError(400, "exactly one 'update' parameter is required")
            text_ = values[0]
        else:
            raise ProtocolError(415, f"unsupported Content-Type {mime!r}: use {FORM} or {DIRECT_UPDATE}")
        info = check_request(text_, st.cfg.service_allow, update=True)
        if info.form in ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK"):
            raise ProtocolError(400, "this is a query: send it to /sparql")
    except Refused as e:
        headers = {"WWW-Authenticate": 'Bearer realm="livertox-kg"'} if e.status == 401 else {}
        return text(e.status, str(e), **headers)
    except ProtocolError as e:
        return text(e.status, str(e))
    started = time.perf_counter()
    try:
        stream = st.pool.run({"op": "update", "update": text_, "base_iri": request.base_url}, st.deadline())
    except QueryTimeout as e:
        metrics.TIMEOUTS.inc()
        return text(503, f"{e}: the update exceeded the {st.cfg.timeout:g} s limit and was stopped (rolled back)")
    except QueryFailed as e:
        return text(e.status, str(e))
    st.bump()
    metrics.QUERY_SECONDS.labels("update").observe(time.perf_counter() - started)
    stream.close()
    return Response(status=204)


@bp.errorhandler(HTTPException)
def http_error(e: HTTPException) -> Response:
    return text(e.code or 500, f"{e.name}: {e.description}")
