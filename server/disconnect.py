"""Noticing that a client went away while its query is being evaluated.

While a request waits for its evaluator, the parent blocks in ``poll`` on the evaluator's pipe.
:class:`ClientWatch` adds the client's socket to that ``poll``: when the peer closes its end (a
FIN or a reset), the socket becomes readable with nothing to read, and the wait ends with
:class:`ClientGone`, upon which the evaluator is killed like a timed-out one. Bytes that arrive
instead (a pipelined next request) are left in the socket for the HTTP server, and the socket is
no longer watched for that request. A client that only shuts down its sending side and still waits
for the answer cannot be told apart from one that left, and is treated as gone (HTTP clients do not
half-close while waiting for a response).

The socket is the one the WSGI server exposes in ``environ`` (gunicorn's ``gunicorn.socket``);
without one, waiting is plain ``poll`` on the pipe and only the deadline stops the evaluation.
"""

from __future__ import annotations

import select
import socket
import time

ENVIRON_KEYS = ("gunicorn.socket",)
_GONE = select.POLLHUP | select.POLLERR | select.POLLNVAL | getattr(select, "POLLRDHUP", 0)


class ClientGone(Exception):
    """The client closed its connection before the answer was complete."""


def client_socket(environ: dict) -> socket.socket | None:
    """The connection's socket from a WSGI environ, when the server exposes it."""
    for key in ENVIRON_KEYS:
        sock = environ.get(key)
        if isinstance(sock, socket.socket):
            return sock
    return None


def _closed(sock: socket.socket) -> bool:
    """Has the peer closed? (readable and the read would return end of file, or the socket failed)"""
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except (BlockingIOError, InterruptedError):
        return False
    except OSError:
        return True


class ClientWatch:
    """Wait for a pipe to become readable, unless the client leaves first."""

    def __init__(self, sock: socket.socket | None):
        self.sock = sock
        try:
            self.fd = sock.fileno() if sock is not None else -1
        except OSError:
            self.fd = -1
        if self.fd < 0:
            self.sock = None

    def gone(self) -> bool:
        """Check now, without waiting."""
        return self.sock is not None and _closed(self.sock)

    def wait(self, conn, timeout: float) -> bool:
        """True when ``conn`` is readable within ``timeout`` seconds, False at the timeout.

        Raises :class:`ClientGone` when the client closed its connection meanwhile.
        """
        if self.sock is None:
            return conn.poll(timeout)
        poller = select.poll()
        pipe = conn.fileno()
        poller.register(pipe, select.POLLIN)
        poller.register(self.fd, select.POLLIN | _GONE)
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            remaining = deadline - time.monotonic()
            events = poller.poll(max(0, int(remaining * 1000) + 1)) if remaining > 0 else poller.poll(0)
            if not events:
                return False
            for fd, mask in events:
                if fd == pipe:
                    return True
            # only the client's socket stirred: closed, or bytes of a next request
            if _closed(self.sock):
                raise ClientGone("the client closed the connection")
            poller.unregister(self.fd)  # data waiting: leave it to the HTTP server, stop watching
            self.sock = None
            remaining = deadline - time.monotonic()
            return conn.poll(max(0.0, remaining))
