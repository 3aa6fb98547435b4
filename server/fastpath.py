"""WSGI fast path for query operations, above all ``GET /sparql?query=...`` with nothing unusual.

Flask's request context, routing, hooks and response objects cost about as much CPU as a cheap
query itself. This middleware answers plain query GETs directly with :func:`server.answer.answer_query`
(the same code the Flask view uses, so the guard, negotiation, ETag, cache, timeout and streaming
are identical) and hands every other request to Flask untouched: other paths and methods, dataset
parameters, ``If-None-Match``, a request body, unknown or repeated parameters, a missing query.
Under gunicorn (queries evaluated in the worker, :mod:`server.inprocess`) it also answers every
other GET or POST query operation, parsed by the view's own ``query_params``, and streams a large
answer through the WSGI ``write`` callable.
"""

from __future__ import annotations

import functools
import logging
import time
from urllib.parse import parse_qsl

import werkzeug.urls  # noqa: F401  (registers the "werkzeug.url_quote" decoding error handler used below)

from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.utils import get_content_type
from werkzeug.wrappers import Request

from livertox_kg.server import inprocess, metrics
from livertox_kg.server.answer import CORS, STREAMED, answer_query, text
from livertox_kg.server.disconnect import client_socket
from livertox_kg.server.sparql import ProtocolError, query_params

log = logging.getLogger("livertox_kg.server")
PARAMS = frozenset(("query", "format", "output"))


@functools.lru_cache(maxsize=64)
def _status_line(status: int) -> str:
    return f"{status} {HTTP_STATUS_CODES.get(status, 'UNKNOWN').upper()}"


@functools.lru_cache(maxsize=64)
def _content_type(media_type: str) -> str:
    return get_content_type(media_type, "utf-8")


def _plain_args(qs: str) -> dict[str, str] | None:
    """The parameters of a plain query GET, decoded as Werkzeug's ``Request.args`` decodes them:
    ``query`` present, nothing but ``query``, ``format`` and ``output``, none repeated. None for
    anything else (that request takes the general path). A dictionary instead of a Werkzeug
    request and its ``MultiDict``: this runs for every cheap query."""
    try:
        pairs = parse_qsl(qs.encode("latin-1").decode(), keep_blank_values=True, errors="werkzeug.url_quote")
    except UnicodeError:
        return None
    args = dict(pairs)
    if len(args) != len(pairs) or "query" not in args or not args.keys() <= PARAMS:
        return None
    return args


@functools.lru_cache(maxsize=64)
def _base_url(scheme: str, host: str | None, server_name: str, server_port: str, script_name: str) -> str:
    environ = {"wsgi.url_scheme": scheme, "SERVER_NAME": server_name, "SERVER_PORT": server_port,
               "SCRIPT_NAME": script_name, "PATH_INFO": "/sparql", "REQUEST_METHOD": "GET"}
    if host is not None:
        environ["HTTP_HOST"] = host
    return Request(environ).base_url


class FastQuery:
    """Wraps Flask's ``wsgi_app``; see the module docstring for what it answers itself.

    Under a watchdog every request is counted in flight until its response is closed, so that a
    worker ending after a stopped query first lets the other responses out.
    """

    def __init__(self, app, state):
        self.app, self.state = app, state
        self.limit = state.cfg.max_request_bytes

    def __call__(self, environ, start_response):
        return inprocess.tracked(self._answer, environ, start_response)

    def _answer(self, environ, start_response):
        if environ.get("PATH_INFO") != "/sparql" or environ.get("SCRIPT_NAME"):
            return self.app(environ, start_response)
        method = environ.get("REQUEST_METHOD")
        if (method == "GET" and "HTTP_IF_NONE_MATCH" not in environ
                and environ.get("CONTENT_LENGTH") in (None, "", "0") and "HTTP_TRANSFER_ENCODING" not in environ):
            qs = environ.get("QUERY_STRING", "")
            args = _plain_args(qs) if qs and len(qs) <= self.limit else None
            if args is not None:
                base = _base_url(environ.get("wsgi.url_scheme", "http"), environ.get("HTTP_HOST"),
                                 environ.get("SERVER_NAME", ""), str(environ.get("SERVER_PORT", "")), "")
                return self._query(environ, start_response, args["query"], [], [],
                                   args.get("format") or args.get("output"), None, base)
        if method not in ("GET", "POST") or not self.state.in_process():
            return self.app(environ, start_response)
        # any other query operation, when it can be evaluated here (under gunicorn): parsed as Flask's view does
        request = Request(environ)
        request.max_content_length = request.max_form_memory_size = self.limit
        started = time.perf_counter()
        try:
            query, dg, ng = query_params(request, self.limit)
        except ProtocolError as e:
            return self._send(start_response, text(e.status, str(e)), started)
        except HTTPException as e:  # as the view's blueprint answers them (413 from the form parser)
            return self._send(start_response, text(e.code or 400, f"{e.name}: {e.description}"), started)
        if query is None:  # a GET without a query: the service description or the query page
            return self.app(environ, start_response)
        return self._query(environ, start_response, query, dg, ng,
                           request.values.get("format") or request.values.get("output"),
                           environ.get("HTTP_IF_NONE_MATCH"), request.base_url)

    def _query(self, environ, start_response, query, dg, ng, override, if_none_match, base):
        started = time.perf_counter()
        streaming = False

        def begin(head):  # a large answer evaluated in this process starts streaming
            nonlocal streaming
            streaming = True
            headers = list(head.headers.items())
            headers.append(("Content-Type", _content_type(head.media_type)))
            return start_response(_status_line(head.status), headers + CORS)

        try:
            ans = answer_query(self.state, query, dg, ng, environ.get("HTTP_ACCEPT"), override, if_none_match,
                               base, client_socket(environ), begin, environ)
        except Exception:  # the Flask view would answer 500 as well
            if streaming:  # the head is out: the connection is cut, as a timed-out stream is
                raise
            log.exception("error answering a query")
            ans = text(500, "Internal Server Error: the server could not answer the query")
        if ans.body is STREAMED:
            metrics.observe("sparql.sparql", ans.status)
            return []
        return self._send(start_response, ans, started)

    def _send(self, start_response, ans, started: float):
        headers = list(ans.headers.items())
        if ans.status == 304:  # as Werkzeug sends a 304: no body, no Content-Type
            body = []
        else:
            headers.append(("Content-Type", _content_type(ans.media_type)))
            if isinstance(ans.body, bytes):
                headers.append(("Content-Length", str(len(ans.body))))
                body = [ans.body]
            else:
                body = ans.body
        headers += CORS
        metrics.observe("sparql.sparql", ans.status)
        if ans.status >= 400:
            metrics.query_seconds("sparql").observe(time.perf_counter() - started)
        start_response(_status_line(ans.status), headers)
        return body
