"""Answering one SPARQL query operation, independent of the web framework.

``answer_query`` does what ``GET/POST /sparql`` does once the protocol parameters are read: the
SERVICE/LOAD guard, content negotiation, the ETag and ``If-None-Match``, the optional response
cache, and evaluation in a killable evaluator process. The Flask view (:mod:`server.sparql`) and
the WSGI fast path (:mod:`server.fastpath`) both turn its :class:`Answer` into a response.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from werkzeug.http import parse_etags

from livertox_kg.server import metrics
from livertox_kg.server.cache import MAX_ENTRY
from livertox_kg.server.evaluator import QueryFailed, QueryTimeout
from livertox_kg.server.negotiation import NotAcceptable, choose_for
from livertox_kg.server.safety import Refused, check_request

log = logging.getLogger("livertox_kg.server")
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
                 if_none_match: str | None, base_url: str) -> Answer:
    """Run ``query`` for one request and describe the response; errors come back as text answers."""
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
    message = {
        "op": "query", "query": query, "format": fmt.key, "max_rows": st.cfg.max_rows or None,
        "default_graphs": dg if has_dataset else None, "named_graphs": ng if has_dataset else None,
        "union": not info.dataset_clause, "base_iri": base_url,
    }
    try:
        stream = st.pool.run(message, st.deadline())
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
        except QueryTimeout:
            metrics.TIMEOUTS.inc()
            log.warning("query timed out mid-stream after %.0f ms; response truncated",
                        1000 * (time.perf_counter() - started))
            raise
        finally:
            _done(info.form, fmt.key, stream.rows, stream.truncated, time.perf_counter() - started)

    return Answer(200, fmt.media_type, body(), headers)


def _done(form, fmt: str, rows: int, truncated: bool, elapsed: float, cached: bool = False) -> None:
    metrics.QUERY_SECONDS.labels("sparql").observe(elapsed)
    if rows > 0:
        metrics.ROWS.inc(rows)
    log.info("query %s %s %.1f ms rows=%s truncated=%s%s", form, fmt, 1000 * elapsed,
             rows if rows >= 0 else "?", truncated, " cached" if cached else "")
