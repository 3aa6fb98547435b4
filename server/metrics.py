"""Prometheus metrics (multi-process aware when PROMETHEUS_MULTIPROC_DIR is set, as under gunicorn)."""

from __future__ import annotations

import functools
import os

from flask import Blueprint, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest

REQUESTS = Counter("livertox_kg_requests_total", "HTTP requests", ["endpoint", "status"])
ERRORS = Counter("livertox_kg_errors_total", "HTTP requests answered with an error", ["endpoint", "status"])
CANCELLED = Counter("livertox_kg_queries_cancelled_total", "Evaluations stopped because the client went away")
TIMEOUTS = Counter("livertox_kg_query_timeouts_total", "Queries stopped by the timeout")
QUERY_SECONDS = Histogram(
    "livertox_kg_query_seconds", "Query time until the last byte was produced", ["endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120),
)
ROWS = Counter("livertox_kg_result_rows_total", "Result rows or triples sent (capped results counted)")

bp = Blueprint("metrics", __name__)


def observe(endpoint: str, status: int) -> None:
    _requests(endpoint, status).inc()
    if status >= 400:
        _errors(endpoint, status).inc()


# A metric's child for a set of labels, looked up once: ``labels()`` validates and locks on every
# call, a noticeable share of a cheap query's cost. Children made before a fork stay correct in
# the worker (multi-process values follow the process id on every update).
@functools.lru_cache(maxsize=256)
def _requests(endpoint: str, status: int):
    return REQUESTS.labels(endpoint, str(status))


@functools.lru_cache(maxsize=256)
def _errors(endpoint: str, status: int):
    return ERRORS.labels(endpoint, str(status))


@functools.lru_cache(maxsize=16)
def query_seconds(endpoint: str):
    """The ``livertox_kg_query_seconds`` histogram of ``endpoint`` (``sparql`` or ``update``)."""
    return QUERY_SECONDS.labels(endpoint)


@bp.get("/metrics")
def metrics() -> Response:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        data = generate_latest(registry)
    else:
        data = generate_latest()
    return Response(data, mimetype=CONTENT_TYPE_LATEST)
