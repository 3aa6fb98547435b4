"""Query evaluation inside the gunicorn worker, kept killable by a watchdog thread.

Handing each query to an evaluator process costs a second Python process and a pipe round trip
per request, several times the cost of a cheap query itself. Under ``livertox-kg serve`` (gunicorn,
``preload_app``), each worker therefore opens the store read-only after the fork and evaluates the
query operations of the WSGI fast path itself, in the request's thread. pyoxigraph releases the
GIL while it evaluates, so a per-worker watchdog thread keeps running: every ``TICK`` it looks at
the requests in progress, and when one passes its deadline, or its client's socket reports
closed, it

1. writes the timeout answer (503) on the client's socket if nothing was sent yet (mid-stream
   answers are cut off: the chunked body ends without its terminating chunk), writes the access
   log line and counts the timeout or cancellation in the metrics;
2. stops the worker from taking new requests, gives its other requests ``GRACE`` seconds to end
   (those still unanswered then get a 503 asking to retry), and ends the process with
   ``os._exit``; the gunicorn arbiter forks a fresh worker from the preloaded app.

Everything else (the Flask test client, another WSGI server, update mode, a remote backend) keeps
the evaluator processes of :mod:`server.evaluator`. :func:`enable` is called by gunicorn's
``post_fork`` hook (:mod:`livertox_kg.serve_cli`).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from email.utils import formatdate

from livertox_kg.server.disconnect import _closed

log = logging.getLogger("livertox_kg.server")
TICK = 0.05  # seconds between the watchdog's looks at the requests in progress
GRACE = 0.5  # seconds other requests of a worker get to finish before it exits
EXIT_CODE = 0  # gunicorn's arbiter respawns the worker without treating it as a failure

EVAL, SENDING, DONE, DEAD = range(4)

_watchdog: "Watchdog | None" = None


def enable(worker=None) -> None:
    """Evaluate in this process from now on (call after the fork, in the gunicorn worker)."""
    global _watchdog
    _watchdog = Watchdog(worker)
    _watchdog.start()


def watchdog() -> "Watchdog | None":
    """The running watchdog of this process, None where queries go to evaluator processes."""
    wd = _watchdog
    return wd if wd is not None and wd.pid == os.getpid() else None


class Tracked:
    """A WSGI response iterable that tells the watchdog when the server is done with it."""

    __slots__ = ("body", "wd")

    def __init__(self, body, wd: "Watchdog"):
        self.body, self.wd = body, wd

    def __iter__(self):
        return iter(self.body)

    def close(self) -> None:
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            self.wd.leave()


def tracked(app, environ, start_response):
    """Call the WSGI ``app``, counting the request as in flight until its response is closed.

    A file response (``wsgi.file_wrapper``, sent with ``sendfile``) is returned as it is and not
    counted: a worker that ends may cut such a download off.
    """
    wd = watchdog()
    if wd is None:
        return app(environ, start_response)
    wd.enter()
    try:
        body = app(environ, start_response)
    except BaseException:
        wd.leave()
        raise
    wrapper = environ.get("wsgi.file_wrapper")
    if wrapper is not None and isinstance(body, wrapper):
        wd.leave()
        return body
    return Tracked(body, wd)


class Job:
    """One request being answered in this process: its deadline, client socket and progress."""

    __slots__ = ("deadline", "sock", "environ", "started", "state", "lock", "timeout_answer", "on_stop")

    def __init__(self, deadline: float, sock, environ: dict, timeout_answer: tuple[str, dict], on_stop):
        self.deadline, self.sock, self.environ = deadline, sock, environ
        self.started = time.monotonic()
        self.state = EVAL
        self.lock = threading.Lock()
        self.timeout_answer = timeout_answer  # (message, headers) of the 503 for a timeout before any byte was sent
        self.on_stop = on_stop  # the watchdog calls on_stop(reason, answered_503, bytes_written) (metrics, log)

    def commit(self) -> None:
        """About to send the first byte: from now on the watchdog can only cut the answer off."""
        with self.lock:
            dead = self.state == DEAD
            if not dead:
                self.state = SENDING
        if dead:  # wait without the lock: the watchdog's exit takes it to answer the unanswered
            wait_for_exit()

    def finish(self) -> None:
        with self.lock:
            dead = self.state == DEAD
            if not dead:
                self.state = DONE
        if dead:
            wait_for_exit()


def wait_for_exit() -> None:
    """This request was stopped by the watchdog, which is ending the process: send nothing more."""
    threading.Event().wait()


class Watchdog(threading.Thread):
    """Per-process thread that stops requests past their deadline or whose client left."""

    def __init__(self, worker=None):
        super().__init__(name="livertox-watchdog", daemon=True)
        self.worker = worker
        self.pid = os.getpid()
        self.jobs: set[Job] = set()
        self.lock = threading.Lock()
        self.stopping = False
        self.inflight = 0  # requests inside the WSGI app (entered, response not closed yet)
        self.victims = 0  # of those, requests stopped by the watchdog

    def enter(self) -> None:
        with self.lock:
            self.inflight += 1

    def leave(self) -> None:
        with self.lock:
            self.inflight -= 1

    def add(self, job: Job) -> Job:
        with self.lock:
            self.jobs.add(job)
        return job

    def remove(self, job: Job) -> None:
        with self.lock:
            self.jobs.discard(job)

    def run(self) -> None:
        while True:
            time.sleep(TICK)
            try:
                self.look()
            except Exception:  # never let the watchdog die: it is what stops runaway queries
                log.exception("watchdog error")

    def look(self) -> None:
        now = time.monotonic()
        with self.lock:
            jobs = [j for j in self.jobs if now - j.started >= TICK]
        for job in jobs:
            if now >= job.deadline:
                self.stop(job, "timeout")
            elif job.sock is not None:
                try:
                    if _closed(job.sock):
                        self.stop(job, "gone")
                except ValueError:  # the socket was closed meanwhile (request over)
                    job.sock = None

    def stop(self, job: Job, reason: str) -> None:
        with job.lock:
            if job.state in (DONE, DEAD):
                return
            unanswered = job.state == EVAL
            job.state = DEAD
        with self.lock:
            self.victims += 1
        sent = 0
        if unanswered and reason == "timeout":
            sent = _send(job.sock, raw_answer(503, *job.timeout_answer))
        try:
            job.on_stop(reason, unanswered and reason == "timeout", sent)
        except Exception:
            log.exception("error recording a stopped query")
        self.exit()

    def exit(self) -> None:
        """Stop taking requests, give the others ``GRACE`` seconds, then end the process."""
        with self.lock:
            if self.stopping:
                return
            self.stopping = True
        worker = self.worker
        if worker is not None:
            worker.alive = False  # gunicorn: stop accepting, answer the rest with Connection: close
            queue = getattr(worker, "method_queue", None)
            if queue is not None:
                queue.defer(lambda: None)  # wake its main loop
        end = time.monotonic() + GRACE
        while time.monotonic() < end:  # until every other request's response is out
            with self.lock:
                if self.inflight <= self.victims:
                    break
            time.sleep(0.005)
        with self.lock:
            left = list(self.jobs)
        for job in left:
            with job.lock:
                unanswered, job.state = job.state == EVAL, DEAD
            if unanswered:
                _send(job.sock, raw_answer(503, "the worker answering this query was restarted (another query "
                                                 "in it was stopped); please retry", {"Retry-After": "1"}))
        logging.shutdown()
        os._exit(EXIT_CODE)


def _send(sock, data: bytes) -> int:
    if sock is None:
        return 0
    try:
        sock.sendall(data)
        return len(data)
    except OSError:
        return 0


def raw_answer(status: int, message: str, headers: dict[str, str]) -> bytes:
    """A complete HTTP/1.1 response, written by the watchdog itself (``Connection: close``)."""
    body = (message.rstrip() + "\n").encode()
    reason = {499: "CLIENT CLOSED REQUEST", 503: "SERVICE UNAVAILABLE"}.get(status, "ERROR")
    lines = [f"HTTP/1.1 {status} {reason}", f"Date: {formatdate(usegmt=True)}", "Connection: close",
             "Content-Type: text/plain; charset=utf-8", f"Content-Length: {len(body)}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
