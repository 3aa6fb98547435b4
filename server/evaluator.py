"""Query evaluation in killable worker processes.

pyoxigraph has no query timeout and ``Store.query`` can block in native code (sorts,
aggregates), so a thread cannot be stopped. Each web worker therefore keeps a small pool of
evaluator processes (started from a forkserver, each opening the backend once). A request
borrows one, sends it the query, and reads serialised chunks back through a pipe (bounded by the
pipe buffer, so memory stays flat). If the deadline passes the evaluator is SIGKILLed and a
fresh one is started for the next request; other requests are unaffected.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import pickle
import threading
import time
from collections.abc import Iterator

CHUNK = 64 * 1024


def _send_msg(conn, obj) -> None:
    """One message: plain pickle + send_bytes (cheaper than ``Connection.send``'s ForkingPickler)."""
    conn.send_bytes(pickle.dumps(obj, pickle.HIGHEST_PROTOCOL))


def _recv_msg(conn):
    return pickle.loads(conn.recv_bytes())


class QueryTimeout(Exception):
    """The deadline passed; the evaluator was killed."""


class QueryFailed(Exception):
    """The evaluator reported an error (``status`` is the HTTP status to use)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


# --------------------------------------------------------------------------- child side


class _ChunkWriter:
    """Binary file-like object that ships ~64 KiB chunks through the pipe."""

    def __init__(self, conn):
        self.conn = conn
        self.buf = bytearray()

    def write(self, data) -> int:
        self.buf += data
        if len(self.buf) >= CHUNK:
            _send_msg(self.conn, ("data", bytes(self.buf)))
            self.buf.clear()
        return len(data)

    def flush(self) -> None:
        pass

    def finish(self, rows: int, truncated: bool) -> None:
        """Send the rest with the end marker in one message (one pipe write for small results)."""
        _send_msg(self.conn, ("last", bytes(self.buf), rows, truncated))
        self.buf.clear()


def _watch_parent(pid: int) -> None:
    while True:
        time.sleep(1.0)
        try:
            os.kill(pid, 0)
        except OSError:
            os._exit(0)


def _child_main(conn, spec, parent_pid: int) -> None:
    from livertox_kg.namespaces import PREFIXES
    from livertox_kg.server.backend import BackendError
    from livertox_kg.server.results import WrongKind, write_result

    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    try:
        backend = spec.open()
    except Exception as e:  # store missing, locked, backend misconfigured
        _send_msg(conn, ("fatal", f"cannot open the backend: {e}"))
        return
    _send_msg(conn, ("ready",))
    while True:
        try:
            msg = _recv_msg(conn)
        except (EOFError, OSError):
            return
        op = msg["op"]
        try:
            if op == "query":
                result = backend.query(msg["query"], msg.get("default_graphs"), msg.get("named_graphs"),
                                       msg.get("union", True), msg.get("base_iri"))
                if msg.get("rows"):  # plain rows for internal use (statistics, build id)
                    rows = [[None if t is None else _plain(t) for t in row] for row in result]
                    _send_msg(conn, ("value", rows))
                    continue
                out = _ChunkWriter(conn)
                n, truncated = write_result(result, msg["format"], out, msg.get("max_rows"), PREFIXES)
                out.finish(n, truncated)
            elif op == "update":
                backend.update(msg["update"], msg.get("base_iri"))
                _send_msg(conn, ("end", 0, False))
            else:
                _send_msg(conn, ("error", 500, f"unknown operation {op}"))
        except BackendError as e:
            _send_msg(conn, ("error", e.status, str(e)))
        except WrongKind as e:
            _send_msg(conn, ("error", 406, str(e)))
        except SyntaxError as e:
            _send_msg(conn, ("error", 400, str(e)))
        except (BrokenPipeError, EOFError):
            return
        except Exception as e:  # evaluation error reported by Oxigraph, I/O error
            _send_msg(conn, ("error", 500, f"{type(e).__name__}: {e}"))


def _plain(term) -> str:
    return term.value if hasattr(term, "value") else str(term)


# --------------------------------------------------------------------------- parent side


_CTX = None
_CTX_LOCK = threading.Lock()


def _context():
    global _CTX
    with _CTX_LOCK:
        if _CTX is None:
            ctx = mp.get_context("forkserver")
            ctx.set_forkserver_preload(["pyoxigraph", "livertox_kg.server.evaluator", "livertox_kg.server.backend", "livertox_kg.server.results"])
            _CTX = ctx
        return _CTX


class _Evaluator:
    def __init__(self, spec, generation: int):
        ctx = _context()
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_child_main, args=(child, spec, os.getpid()), daemon=True,
                                name="livertox-evaluator")
        self.proc.start()
        child.close()
        self.generation = generation
        self.ready = False

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.join(5)
        except Exception:
            pass
        self.conn.close()


class Pool:
    """Per-web-worker pool of evaluator processes for one backend."""

    def __init__(self, spec, size: int):
        self.spec = spec
        self.size = max(1, size)
        self._slots = threading.BoundedSemaphore(self.size)
        self._idle: list[_Evaluator] = []
        self._lock = threading.Lock()
        self.generation = 0
        self.killed = 0  # evaluators stopped by the deadline
        self.last_killed_pid: int | None = None

    def retarget(self, spec) -> None:
        """Switch to a new backend (e.g. the store symlink moved); old evaluators are retired."""
        with self._lock:
            self.spec = spec
            self.generation += 1
            old, self._idle = self._idle, []
        for ev in old:
            ev.kill()

    def close(self) -> None:
        self.retarget(self.spec)

    def _acquire(self, deadline: float) -> _Evaluator:
        if not self._slots.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise QueryTimeout("all evaluators are busy")
        with self._lock:
            ev = self._idle.pop() if self._idle else None
            spec, gen = self.spec, self.generation
        try:
            if ev is None:
                ev = _Evaluator(spec, gen)
            if not ev.ready:
                msg = self._recv(ev, deadline)
                if msg[0] != "ready":
                    ev.kill()
                    raise QueryFailed(503, msg[1] if len(msg) > 1 else "evaluator failed to start")
                ev.ready = True
            return ev
        except BaseException:
            self._slots.release()
            raise

    def _release(self, ev: _Evaluator, healthy: bool) -> None:
        if healthy and ev.generation == self.generation and ev.proc.is_alive():
            with self._lock:
                self._idle.append(ev)
        else:
            self.last_killed_pid = ev.proc.pid
            ev.kill()
        self._slots.release()

    def _recv(self, ev: _Evaluator, deadline: float):
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not ev.conn.poll(remaining):
            self.killed += 1
            raise QueryTimeout("query timed out")
        try:
            return _recv_msg(ev.conn)
        except (EOFError, OSError) as e:
            raise QueryFailed(500, f"the evaluator process died ({e or 'no answer'})") from e

    def run(self, message: dict, deadline: float) -> "Stream":
        """Start ``message`` on an evaluator; returns once the first answer (or error) is in."""
        ev = self._acquire(deadline)
        try:
            _send_msg(ev.conn, message)
        except BaseException:
            self._release(ev, False)
            raise
        stream = Stream(self, ev, deadline)
        stream.start()
        return stream

    def value(self, message: dict, deadline: float):
        """Run an internal request that answers with one ``value`` message (e.g. rows)."""
        stream = self.run(dict(message, rows=True), deadline)
        return stream.value


class Stream:
    """The answer of one evaluation: ``start()`` waits for its head, iteration yields bytes."""

    def __init__(self, pool: Pool, ev: _Evaluator, deadline: float):
        self.pool, self.ev, self.deadline = pool, ev, deadline
        self.first = None
        self.rows = 0
        self.truncated = False
        self.value = None
        self.body: bytes | None = None  # the whole answer, when it came in one message
        self.done = False
        self.timed_out = False

    def _finish(self, healthy: bool) -> None:
        if self.ev is not None:
            self.pool._release(self.ev, healthy)
            self.ev = None

    def _next(self):
        try:
            return self.pool._recv(self.ev, self.deadline)
        except QueryTimeout:
            self.timed_out = True
            self._finish(False)
            raise
        except QueryFailed:
            self._finish(False)
            raise

    def start(self) -> None:
        msg = self._next()
        if msg[0] == "error":
            self._finish(True)
            raise QueryFailed(msg[1], msg[2])
        if msg[0] == "value":
            self.value = msg[1]
            self.done = True
            self._finish(True)
        elif msg[0] == "end":
            self.rows, self.truncated = msg[1], msg[2]
            self.done = True
            self._finish(True)
        elif msg[0] == "last":
            self.body, self.rows, self.truncated = msg[1], msg[2], msg[3]
            self.done = True
            self._finish(True)
        self.first = msg

    def __iter__(self) -> Iterator[bytes]:
        if self.body:
            yield self.body
        try:
            msg = self.first
            while not self.done:
                if msg[0] == "data":
                    yield msg[1]
                elif msg[0] == "last":
                    self.rows, self.truncated = msg[2], msg[3]
                    self.done = True
                    self._finish(True)
                    if msg[1]:
                        yield msg[1]
                    return
                elif msg[0] == "end":
                    self.rows, self.truncated = msg[1], msg[2]
                    self.done = True
                    self._finish(True)
                    return
                elif msg[0] == "error":  # failed after the head was sent: abort the response
                    self.done = True
                    self._finish(True)
                    raise QueryFailed(msg[1], msg[2])
                msg = self._next()
        finally:
            if not self.done:  # client went away or deadline passed mid-stream
                self._finish(False)

    def close(self) -> None:
        if not self.done:
            self._finish(False)
