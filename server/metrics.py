"""Prometheus metrics (multi-process aware when PROMETHEUS_MULTIPROC_DIR is set, as under gunicorn)."""

from __future__ import annotations

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
    REQUESTS.labels(endpoint, str(status)).inc()
    if status >= 400:
        ERRORS.labels(endpoint, str(status)).inc()


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
