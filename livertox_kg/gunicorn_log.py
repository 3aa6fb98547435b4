"""A leaner gunicorn access logger for ``livertox-kg serve``: the same line, less work per request.

Gunicorn's own ``Logger.access`` builds a dictionary of every request header, response header and
environ variable (plus a formatted timestamp) for each request before applying the format; with
cheap queries that was a measurable share of the worker's CPU per request (BENCHMARKS.md). This
logger writes exactly the line of ``ACCESS_FORMAT`` (:mod:`livertox_kg.serve_cli`) from the few values it
needs; ``tests/test_gunicorn_log.py`` compares it with gunicorn's own rendering. Where the access log
is what ``accesslog`` sets up (one stream or file handler, the message alone, no filters), the line is
written to that handler's stream directly, as the handler itself would write it, without a
``LogRecord`` and the logging machinery's per-record work (about a third of the cost); any other
set-up (``logconfig``, extra handlers or filters) goes through ``logging`` as usual.
"""

from __future__ import annotations

import logging
import traceback

from gunicorn.glogging import Logger

_PLAIN_HANDLERS = (logging.StreamHandler, logging.FileHandler)


class AccessLogger(Logger):
    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        try:
            status = resp.status
            if isinstance(status, str):
                status = status.split(None, 1)[0]
            millis = request_time.seconds * 1000 + int(request_time.microseconds / 1000)
            line = access_line(environ, status, getattr(resp, "sent", None), millis)
            handler = plain_handler(self.access_log)
            if handler is None:
                self.access_log.info("%s", line)
                return
            handler.acquire()
            try:
                handler.stream.write(line + handler.terminator)
                handler.flush()
            finally:
                handler.release()
        except Exception:
            self.error(traceback.format_exc())


def plain_handler(logger: logging.Logger) -> logging.StreamHandler | None:
    """The logger's only handler when an INFO record would reach it and nothing else, and it would
    write the message alone (a stream or file handler, format ``%(message)s``, no filters)."""
    handlers = logger.handlers
    if len(handlers) != 1 or logger.propagate or logger.filters or not logger.isEnabledFor(logging.INFO):
        return None
    handler = handlers[0]
    fmt = handler.formatter
    if (type(handler) not in _PLAIN_HANDLERS or handler.filters or handler.level > logging.INFO
            or getattr(handler, "stream", None) is None
            or type(fmt) is not logging.Formatter or fmt._fmt != "%(message)s"
            or not isinstance(fmt._style, logging.PercentStyle)):
        return None
    return handler


def access_line(environ: dict, status, sent, millis: int) -> str:
    """The access log line of one request (also written for a request whose worker is ending)."""
    request = "%s %s %s" % (environ.get("REQUEST_METHOD", "-"), environ.get("RAW_URI", "-"),
                            environ.get("SERVER_PROTOCOL", "-"))
    return '%s "%s" %s %s %sms "%s"' % (
        _safe(environ.get("REMOTE_ADDR", "-")), _safe(request), _safe(status), sent, millis,
        _safe(environ.get("HTTP_USER_AGENT", "-")))


def _safe(value):
    """As gunicorn's SafeAtoms: double quotes in strings escaped."""
    return value.replace('"', '\\"') if isinstance(value, str) else value
