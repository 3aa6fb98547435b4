"""Answering one SPARQL query operation, independent of the web framework.

``answer_query`` does what ``GET/POST /sparql`` does once the protocol parameters are read: the
SERVICE/LOAD guard, content negotiation, the ETag and ``If-None-Match``, the optional response
cache, and evaluation: in a killable evaluator process (:mod:`server.evaluator`), or, for the WSGI
fast path under gunicorn, in the worker itself under its watchdog (:mod:`server.inprocess`). The
Flask view (:mod:`server.sparql`) and the fast path (:mod:`server.fastpath`) both turn its
:class:`Answer` into a response.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from werkzeug.http import parse_etags

from livertox_kg.gunicorn_log import access_line
from livertox_kg.namespaces import PREFIXES
from livertox_kg.server import inprocess, metrics
from livertox_kg.server.backend import BackendError
from livertox_kg.server.cache import MAX_ENTRY
from livertox_kg.server.disconnect import ClientGone
from livertox_kg.server.evaluator import CHUNK, QueryFailed, QueryTimeout
from livertox_kg.server.results import WrongKind, write_result
from livertox_kg.server.negotiation import NotAcceptable, choose_for
from livertox_kg.server.safety import Refused, check_request

log = logging.getLogger("livertox_kg.server")
access_log = logging.getLogger("gunicorn.access")
# what flask-cors adds to every read-endpoint answer (origins "*", send_wildcard, expose_headers)
CORS = [("Access-Control-Allow-Origin", "*"), ("Access-Control-Expose-Headers", "ETag, X-Query-Form")]
TIMEOUT_HEADERS = {"Retry-After": "10", **dict(CORS)}
STREAMED = object()  # Answer.body of an answer already sent through the ``begin`` callable
BASE_HEADERS = {"Vary": "Accept", "Cache-Control": "public, no-cache", "X-Content-Type-Options": "nosniff"}


@dataclass
class Answer:
    """Status, media type (None for 304), extra headers and body (bytes, or an iterator that streams)."""

    status: int
    media_type: str | None
    body: bytes | Iterator[bytes] = b""
    headers: dict[str, str] = field(default_factory=dict)


def text(status: int, message: str, **headers: str) -> Answer:
    """Plain-text error answer (the parser's message for a malformed query)."""
    return Answer(status, "text/plain", (message.rstrip() + "\n").encode(), headers)


def answer_query(st, query: str, dg: list[str], ng: list[str], accept: str | None, override: str | None,
                 if_none_match: str | None, base_url: str, client=None, begin=None, environ=None) -> Answer:
    """Run ``query`` for one request and describe the response; errors come back as text answers.

    ``client`` is the requester's socket, when the WSGI server exposes it: if the client closes its
    connection before the answer is complete, the evaluation is killed (:mod:`server.disconnect`).
    ``begin(answer)`` (the fast path's, with the WSGI ``environ``) starts a streamed 200 answer and
    returns its ``write``: given it, and under a watchdog, the query is evaluated in this process
    and an answer too large for one chunk is written through it (the body is then ``STREAMED``).
    """
    started = time.perf_counter()
    try:
        info = check_request(query, st.cfg.service_allow)
        if info.form == "UPDATE":
            raise Refused("SPARQL Update is not accepted at the query endpoint; use /update", 400)
        fmt = choose_for(info.form, accept, override)
    except Refused as e:
        return text(e.status, str(e))
    except NotAcceptable as e:
        return text(406, str(e))
    has_dataset = bool(dg or ng)
    version = st.version()
    etag = st.etag_for(version, query, dg, ng, fmt.key, st.cfg.max_rows, base_url)
    headers = dict(BASE_HEADERS)
    if etag:
        headers["ETag"] = f'W/"{etag}"'
        if if_none_match and parse_etags(if_none_match).contains_weak(etag):
            return Answer(304, None, b"", headers)
    headers["X-Query-Form"] = info.form or "unknown"
    if st.cfg.max_rows:
        headers["X-Max-Rows"] = str(st.cfg.max_rows)
    key = (version, query, tuple(dg), tuple(ng), fmt.key, base_url) if version is not None else None
    hit = st.cache.get(key) if key is not None else None
    if hit is not None:
        body, rows, truncated = hit
        _done(info.form, fmt.key, rows, truncated, time.perf_counter() - started, cached=True)
        return Answer(200, fmt.media_type, body, headers)
    wd = inprocess.watchdog() if begin is not None and st.in_process() else None
    if wd is not None:
        return _answer_here(st, wd, query, dg, ng, info, fmt, base_url, headers, key, started, client, begin,
                            environ or {})
    message = {
        "op": "query", "query": query, "format": fmt.key, "max_rows": st.cfg.max_rows or None,
        "default_graphs": dg if has_dataset else None, "named_graphs": ng if has_dataset else None,
        "union": not info.dataset_clause, "base_iri": base_url,
    }
    try:
        stream = st.pool.run(message, st.deadline(), client)
    except ClientGone:
        _cancelled(started)
        return text(499, "the client closed the connection; the query was stopped")
    except QueryTimeout as e:
        metrics.TIMEOUTS.inc()
        return text(503, f"{e}: the query exceeded the {st.cfg.timeout:g} s limit and was stopped",
                    **{"Retry-After": "10"})
    except QueryFailed as e:
        return text(e.status, str(e))

    if stream.done and stream.body is not None:  # small answer, complete already: no chunking
        if key is not None:
            st.cache.put(key, (stream.body, stream.rows, stream.truncated))
        _done(info.form, fmt.key, stream.rows, stream.truncated, time.perf_counter() - started)
        return Answer(200, fmt.media_type, stream.body, headers)

    def body():
        kept: list[bytes] | None = [] if key is not None and st.cache.size else None
        size = 0
        try:
            for chunk in stream:
                if kept is not None:
                    size += len(chunk)
                    kept = kept if size <= MAX_ENTRY else None
                    if kept is not None:
                        kept.append(chunk)
                yield chunk
            if kept is not None and stream.done and not stream.timed_out:
                st.cache.put(key, (b"".join(kept), stream.rows, stream.truncated))
        except ClientGone:  # nobody to send the rest to: end quietly (the evaluator is gone already)
            _cancelled(started)
        except QueryTimeout:
            metrics.TIMEOUTS.inc()
            log.warning("query timed out mid-stream after %.0f ms; response truncated",
                        1000 * (time.perf_counter() - started))
            raise
        finally:
            _done(info.form, fmt.key, stream.rows, stream.truncated, time.perf_counter() - started)

    return Answer(200, fmt.media_type, body(), headers)


def _answer_here(st, wd, query, dg, ng, info, fmt, base_url, headers, key, started, client, begin,
                 environ) -> Answer:
    """Evaluate in this process, watched by ``wd``: small answers as bytes, large ones streamed."""
    timeout_message = f"query timed out: the query exceeded the {st.cfg.timeout:g} s limit and was stopped"
    out = _Out(begin, Answer(200, fmt.media_type, b"", headers), bool(key is not None and st.cache.size))

    def on_stop(reason: str, answered: bool, sent: int) -> None:  # in the watchdog thread, before the exit
        elapsed = time.perf_counter() - started
        if reason == "timeout":
            metrics.TIMEOUTS.inc()
            status = 503 if answered else 200
            if answered:
                log.warning("query timed out after %.0f ms; its worker is restarted", 1000 * elapsed)
            else:
                log.warning("query timed out mid-stream after %.0f ms; response truncated", 1000 * elapsed)
        else:
            _cancelled(started, "its worker is restarted")
            status = 499 if out.stream is None else 200
        metrics.observe("sparql.sparql", status)
        metrics.query_seconds("sparql").observe(elapsed)
        if access_log.handlers:
            access_log.info("%s", access_line(environ, status, sent or out.sent, int(1000 * elapsed)))

    try:
        backend = st.local()
    except Exception as e:  # store missing or unreadable
        return text(503, f"cannot open the backend: {e}")
    job = wd.add(inprocess.Job(st.deadline(), client, environ, (timeout_message, TIMEOUT_HEADERS), on_stop))
    out.job = job
    try:
        try:
            has_dataset = bool(dg or ng)
            result = backend.query(query, dg if has_dataset else None, ng if has_dataset else None,
                                   not info.dataset_clause, base_url)
            rows, truncated = write_result(result, fmt.key, out, st.cfg.max_rows or None, PREFIXES)
            if out.stream is not None:
                out.flush_rest()
        except BackendError as e:
            failed = text(e.status, str(e))
        except WrongKind as e:
            failed = text(406, str(e))
        except SyntaxError as e:
            failed = text(400, str(e))
        except Exception as e:  # evaluation error reported by Oxigraph, or the client's socket failed
            if out.stream is not None:
                if isinstance(e, OSError):  # the client went away mid-stream: the evaluation ended with it
                    _cancelled(started)
                raise
            failed = text(500, f"{type(e).__name__}: {e}")
        else:
            failed = None
        if failed is not None:
            if out.stream is not None:  # failed after the head was sent: abort the response
                raise QueryFailed(failed.status, failed.body.decode())
            job.finish()
            return failed
        job.finish()
    finally:
        wd.remove(job)
    _done(info.form, fmt.key, rows, truncated, time.perf_counter() - started)
    if out.stream is not None:
        if out.kept is not None:
            st.cache.put(key, (b"".join(out.kept), rows, truncated))
        return Answer(200, fmt.media_type, STREAMED, headers)
    body = bytes(out.buf)
    if key is not None:
        st.cache.put(key, (body, rows, truncated))
    return Answer(200, fmt.media_type, body, headers)


class _Out:
    """Binary file-like target of the serialisers: buffers one chunk, then streams through ``begin``."""

    def __init__(self, begin, head: Answer, keep: bool):
        self.begin, self.head = begin, head
        self.buf = bytearray()
        self.stream = None  # the WSGI write callable, once the answer streams
        self.job = None
        self.sent = 0
        self.kept: list[bytes] | None = [] if keep else None
        self._kept_size = 0

    def write(self, data) -> int:
        self.buf += data
        if len(self.buf) >= CHUNK:
            self._send(bytes(self.buf))
            self.buf.clear()
        return len(data)

    def flush(self) -> None:
        pass

    def flush_rest(self) -> None:
        if self.buf:
            self._send(bytes(self.buf))
            self.buf.clear()

    def _send(self, chunk: bytes) -> None:
        if self.job.state == inprocess.DEAD:  # stopped mid-stream: the process is ending
            inprocess.wait_for_exit()
        if self.stream is None:
            self.job.commit()
            self.stream = self.begin(self.head)
        if self.kept is not None:
            self._kept_size += len(chunk)
            if self._kept_size <= MAX_ENTRY:
                self.kept.append(chunk)
            else:
                self.kept = None
        self.stream(chunk)
        self.sent += len(chunk)


def _cancelled(started: float, then: str = "its evaluation was stopped") -> None:
    metrics.CANCELLED.inc()
    log.info("client went away after %.0f ms; %s", 1000 * (time.perf_counter() - started), then)


def _done(form, fmt: str, rows: int, truncated: bool, elapsed: float, cached: bool = False) -> None:
    metrics.query_seconds("sparql").observe(elapsed)
    if rows > 0:
        metrics.ROWS.inc(rows)
    log.debug("query %s %s %.1f ms rows=%s truncated=%s%s", form, fmt, 1000 * elapsed,
              rows if rows >= 0 else "?", truncated, " cached" if cached else "")
