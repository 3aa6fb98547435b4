"""SPARQL 1.1 Protocol: the query operation at /sparql and the guarded update operation at /update."""

from __future__ import annotations

import time

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import HTTPException

from livertox_kg.server import metrics
from livertox_kg.server.answer import answer_query
from livertox_kg.server.disconnect import client_socket
from livertox_kg.server.evaluator import QueryFailed, QueryTimeout
from livertox_kg.server.safety import Refused, check_bearer, check_request

bp = Blueprint("sparql", __name__)

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


def body_text(req) -> str:
    """The request body as UTF-8 text (415 for another charset, 400 for bytes that are not UTF-8)."""
    charset = req.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"unsupported charset {charset!r}: requests must be UTF-8")
    try:
        return req.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError as e:
        raise ProtocolError(400, f"request body is not valid UTF-8: {e}") from e


def check_size(req, limit: int) -> None:
    if (req.content_length or 0) > limit or len(req.query_string) > limit:
        raise ProtocolError(413, f"request too large (limit {limit} bytes)")


def query_params(req, limit: int) -> tuple[str | None, list[str], list[str]]:
    """(query, default-graph-uri list, named-graph-uri list) of a Werkzeug request, for the three
    protocol bindings (GET, form POST, direct POST); :class:`ProtocolError` for a bad one."""
    check_size(req, limit)
    args = req.args
    queries = args.getlist("query")
    dg, ng = args.getlist("default-graph-uri"), args.getlist("named-graph-uri")
    if "update" in args:
        raise ProtocolError(400, "SPARQL Update is not accepted at the query endpoint; use /update")
    if req.method == "POST":
        mime = req.mimetype
        if mime == FORM:
            form = req.form
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
            queries = [body_text(req)]
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
    st = state()
    try:
        query, dg, ng = query_params(request, st.cfg.max_request_bytes)
    except ProtocolError as e:
        return text(e.status, str(e))
    if query is None:
        from livertox_kg.server.describe import service_description

        return service_description()
    ans = answer_query(st, query, dg, ng, request.headers.get("Accept"),
                       request.values.get("format") or request.values.get("output"),
                       request.headers.get("If-None-Match"), request.base_url,
                       client_socket(request.environ))
    if ans.status == 304:
        return Response(status=304, headers=ans.headers)
    return Response(ans.body, status=ans.status, mimetype=ans.media_type, headers=ans.headers)


@bp.route("/update", methods=["POST"])
def update() -> Response:
    st = state()
    try:
        check_bearer(request.headers.get("Authorization"), st.cfg.update_token)
        check_size(request, st.cfg.max_request_bytes)
        if "using-graph-uri" in request.values or "using-named-graph-uri" in request.values:
            raise ProtocolError(400, "using-graph-uri / using-named-graph-uri are not supported; use USING in the update")
        mime = request.mimetype
        if mime == DIRECT_UPDATE:
            text_ = body_text(request)
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
    metrics.query_seconds("update").observe(time.perf_counter() - started)
    stream.close()
    return Response(status=204)


@bp.errorhandler(HTTPException)
def http_error(e: HTTPException) -> Response:
    return text(e.code or 500, f"{e.name}: {e.description}")
