"""WSGI fast path for the common request: ``GET /sparql?query=...`` with nothing unusual.

Flask's request context, routing, hooks and response objects cost about as much CPU as a cheap
query itself. This middleware answers plain query GETs directly with :func:`server.answer.answer_query`
(the same code the Flask view uses, so the guard, negotiation, ETag, cache, timeout and streaming
are identical) and hands every other request to Flask untouched: other paths and methods, dataset
parameters, ``If-None-Match``, a request body, unknown or repeated parameters, a missing query.
Under gunicorn it lets ``answer_query`` evaluate in the worker (:mod:`server.inprocess`) and stream
a large answer through the WSGI ``write`` callable.
"""

from __future__ import annotations

import functools
import logging
import time

from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.utils import get_content_type
from werkzeug.wrappers import Request

from livertox_kg.server import inprocess, metrics
from livertox_kg.server.answer import CORS, STREAMED, answer_query, text
from livertox_kg.server.disconnect import client_socket

log = logging.getLogger("livertox_kg.server")
PARAMS = frozenset(("query", "format", "output"))


@functools.lru_cache(maxsize=64)
def _status_line(status: int) -> str:
    return f"{status} {HTTP_STATUS_CODES.get(status, 'UNKNOWN').upper()}"


@functools.lru_cache(maxsize=64)
def _content_type(media_type: str) -> str:
    return get_content_type(media_type, "utf-8")


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
        if (environ.get("PATH_INFO") != "/sparql" or environ.get("REQUEST_METHOD") != "GET"
                or "HTTP_IF_NONE_MATCH" in environ or environ.get("CONTENT_LENGTH") not in (None, "", "0")
                or "HTTP_TRANSFER_ENCODING" in environ or environ.get("SCRIPT_NAME")):
            return self.app(environ, start_response)
        qs = environ.get("QUERY_STRING", "")
        if not qs or len(qs) > self.limit:
            return self.app(environ, start_response)
        request = Request(environ)
        args = request.args
        if set(args) - PARAMS or any(len(args.getlist(k)) > 1 for k in args) or "query" not in args:
            return self.app(environ, start_response)
        started = time.perf_counter()
        streaming = False

        def begin(head):  # a large answer evaluated in this process starts streaming
            nonlocal streaming
            streaming = True
            headers = list(head.headers.items())
            headers.append(("Content-Type", _content_type(head.media_type)))
            return start_response(_status_line(head.status), headers + CORS)

        try:
            base = _base_url(request.scheme, environ.get("HTTP_HOST"), environ.get("SERVER_NAME", ""),
                             str(environ.get("SERVER_PORT", "")), "")
            ans = answer_query(self.state, args["query"], [], [], environ.get("HTTP_ACCEPT"),
                               args.get("format") or args.get("output"), None, base,
                               client_socket(environ), begin, environ)
        except Exception:  # the Flask view would answer 500 as well
            if streaming:  # the head is out: the connection is cut, as a timed-out stream is
                raise
            log.exception("error answering a query")
            ans = text(500, "Internal Server Error: the server could not answer the query")
        if ans.body is STREAMED:
            metrics.observe("sparql.sparql", ans.status)
            return []
        headers = list(ans.headers.items())
        headers.append(("Content-Type", _content_type(ans.media_type)))
        if isinstance(ans.body, bytes):
            headers.append(("Content-Length", str(len(ans.body))))
            body = [ans.body]
        else:
            body = ans.body
        headers += CORS
        metrics.observe("sparql.sparql", ans.status)
        if ans.status >= 400:
            metrics.QUERY_SECONDS.labels("sparql").observe(time.perf_counter() - started)
        start_response(_status_line(ans.status), headers)
        return body
