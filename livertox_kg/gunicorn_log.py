"""A leaner gunicorn access logger for ``livertox-kg serve``: the same line, less work per request.

Gunicorn's own ``Logger.access`` builds a dictionary of every request header, response header and
environ variable (plus a formatted timestamp) for each request before applying the format; with
cheap queries that was a measurable share of the worker's CPU per request (BENCHMARKS.md). This
logger writes exactly the line of ``ACCESS_FORMAT`` (:mod:`livertox_kg.serve_cli`) from the few values it
needs; ``tests/test_gunicorn_log.py`` compares it with gunicorn's own rendering.
"""

from __future__ import annotations

import traceback

from gunicorn.glogging import Logger


class AccessLogger(Logger):
    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        try:
            status = resp.status
            if isinstance(status, str):
                status = status.split(None, 1)[0]
            millis = request_time.seconds * 1000 + int(request_time.microseconds / 1000)
            self.access_log.info("%s", access_line(environ, status, getattr(resp, "sent", None), millis))
        except Exception:
            self.error(traceback.format_exc())


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
