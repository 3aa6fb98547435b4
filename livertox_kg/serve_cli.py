"""``livertox-kg serve``: the SPARQL endpoint under gunicorn (never the Flask dev server)."""

from __future__ import annotations

import gc
import os
import tempfile

import click

from livertox_kg.paths import DEFAULT_STORE

ACCESS_FORMAT = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'  # the line livertox_kg.gunicorn_log writes


def gunicorn_options(host: str, port: int, workers: int, threads: int, timeout: float,
                     access_log: bool = True) -> dict:
    """Gunicorn settings: threaded workers forked from the preloaded app, each evaluating query operations
    itself under a watchdog that ends the worker when a query must be stopped (``server.inprocess``)."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "timeout": int(timeout) + 60,  # worker heartbeat only; queries are stopped by the watchdog or evaluators
        "preload_app": True,  # a worker ended by its watchdog is replaced by a cheap fork
        "pre_fork": _pre_fork,
        "post_fork": _post_fork,
        "graceful_timeout": 10,
        "keepalive": 5,
        "limit_request_line": 0,  # our own 413 applies (max_request_bytes)
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        "loglevel": "info",
        "access_log_format": ACCESS_FORMAT,  # written by AccessLogger without gunicorn's per-request atoms
        "logger_class": "livertox_kg.gunicorn_log.AccessLogger",
        "child_exit": _child_exit,
    }


def evaluator_count(workers: int, threads: int, cores: int | None = None) -> int:
    """Evaluators per worker so that all workers together have about one per core.

    At least 2, so one long query never holds up a whole worker, and at most one per thread.
    """
    cores = cores or os.cpu_count() or 1
    return max(2, min(threads, -(-cores // max(1, workers))))


def _pre_fork(server, worker) -> None:
    """In the arbiter, before each worker is forked: the preloaded app's objects (tens of thousands)
    go to the garbage collector's permanent generation, so that no full collection in a worker walks
    them again (one took ~40 ms, about 13 us per cheap request over a run) and workers share their
    pages with the arbiter longer (the ``gc.freeze`` recipe of the Python documentation)."""
    gc.freeze()


def _post_fork(server, worker) -> None:
    from livertox_kg import gunicorn_response
    from livertox_kg.server import inprocess

    gunicorn_response.install()  # the head leaves with the body: one segment for a small answer
    inprocess.enable(worker)


def _child_exit(server, worker) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


@click.command("serve")
@click.option("--store", type=click.Path(file_okay=False), default=str(DEFAULT_STORE), show_default=True,
              help="Oxigraph store directory (a symlink swapped on rebuild is followed).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--workers", type=int, default=2, show_default=True, help="gunicorn worker processes.")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Query timeout in seconds (503).")
@click.option("--max-rows", type=int, default=0, show_default=True, help="Result row/triple cap (0: none).")
@click.option("--update-token", envvar="LIVERTOX_KG_UPDATE_TOKEN", default=None,
              help="Enable SPARQL Update at /update with this Bearer token (single writer process).")
@click.option("--service-allow", "service_allow", multiple=True, metavar="IRI-PREFIX",
              help="Endpoint IRI prefix SERVICE may call (repeatable; none by default).")
@click.option("--backend", default=None, metavar="URL", help="Front a remote SPARQL 1.1 endpoint instead.")
@click.option("--base-iri", default=None, help="Base IRI of the dataset (VoID).")
@click.option("--cache-size", type=int, default=0, show_default=True,
              help="Answers kept per worker by the response cache (each at most 1 MiB, 64 MiB in all), "
                   "keyed by query, format and store version (0: no cache).")
@click.option("--threads", type=int, default=4, show_default=True, hidden=True, help="Threads per worker.")
@click.option("--evaluators", type=int, default=0, hidden=True,
              help="Evaluator processes per worker (0: enough for the cores, at least 2, at most --threads).")
@click.option("--access-log/--no-access-log", default=True, show_default=True,
              help="One line per request on stdout (off: 5-30% more cheap queries per second, BENCHMARKS.md).")
@click.option("--http-server", type=click.Choice(["gunicorn", "granian"]), default="gunicorn", hidden=True,
              help="HTTP server for the WSGI app (granian: measured in benchmarks/web_tier_benchmark.py).")
def serve(store, host, port, workers, timeout, max_rows, update_token, service_allow, backend, base_iri,
          cache_size, threads, evaluators, access_log, http_server) -> None:
    """Serve the knowledge graph over the SPARQL 1.1 Protocol with gunicorn."""
    from livertox_kg.namespaces import BASE

    if not backend and not os.path.isdir(store):
        raise click.UsageError(f"no store at {store} (build it first, or use --backend URL)")
    if update_token and not backend and workers != 1:
        click.echo("update mode: the store is opened read-write by a single writer; using --workers 1", err=True)
        workers = 1
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="livertox-kg-metrics-"))

    from gunicorn.app.base import BaseApplication

    from livertox_kg.server.config import ServerConfig

    cfg = ServerConfig(
        store=None if backend else os.path.abspath(store), backend=backend,
        backend_update=backend.rstrip("/").rsplit("/", 1)[0] + "/update" if backend and update_token else None,
        timeout=timeout, max_rows=max_rows, update_token=update_token,
        service_allow=[s for s in service_allow if s], base_iri=base_iri or BASE,
        evaluators=evaluators or evaluator_count(workers, threads),
        cache_size=max(0, cache_size),
    )

    if http_server == "granian":
        _run_granian(cfg, host, port, workers, threads)
        return

    class Application(BaseApplication):
        def load_config(self):
            for key, value in gunicorn_options(host, port, workers, threads, timeout, access_log).items():
                self.cfg.set(key, value)

        def load(self):
            from livertox_kg.server import create_app

            return create_app(cfg)

    Application().run()


def _run_granian(cfg, host: str, port: int, workers: int, threads: int) -> None:
    """The same WSGI app under Granian (its WSGI interface exposes no socket: no cancel on disconnect)."""
    from granian import Granian
    from granian.constants import Interfaces

    os.environ["LIVERTOX_KG_SERVER_CONFIG"] = cfg.to_env()
    Granian("livertox_kg.server.wsgi:app", address=host, port=port, interface=Interfaces.WSGI, workers=workers,
            blocking_threads=threads, log_access=False).serve()
