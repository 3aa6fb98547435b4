"""The coalescing response puts the same bytes on the wire as gunicorn's own, in fewer sends."""

from __future__ import annotations

import pytest
from gunicorn import util
from gunicorn.config import Config
from gunicorn.http import wsgi

from livertox_kg import gunicorn_response
from livertox_kg.gunicorn_response import CoalescingResponse
from livertox_kg.serve_cli import _post_fork


class _Sock:
    def __init__(self):
        self.sends: list[bytes] = []

    def sendall(self, data):
        self.sends.append(bytes(data))


class _Req:
    def __init__(self, method="GET", version=(1, 1)):
        self.method, self.version = method, version

    def should_close(self):
        return False


def _run(cls, method, version, status, headers, pieces):
    sock = _Sock()
    resp = cls(_Req(method, version), sock, Config())
    resp.start_response(status, headers)
    for piece in pieces:
        resp.write(piece)
    resp.close()
    return sock.sends


CASES = [
    ("GET", (1, 1), "200 OK", [("Content-Type", "application/json"), ("Content-Length", "11")], [b"hello world"]),
    ("GET", (1, 1), "200 OK", [("Content-Length", "10")], [b"01234", b"56789"]),
    ("GET", (1, 1), "200 OK", [("Content-Length", "3")], [b"abcdef"]),  # trimmed to Content-Length
    ("GET", (1, 1), "200 OK", [("Content-Type", "text/csv")], [b"a,b\r\n", b"1,2\r\n"]),  # chunked
    ("GET", (1, 1), "200 OK", [("Content-Type", "text/csv")], [b"", b"x"]),  # an empty piece first
    ("GET", (1, 0), "200 OK", [("Content-Type", "text/plain")], [b"old client"]),  # no chunking, close
    ("HEAD", (1, 1), "200 OK", [("Content-Length", "5")], [b"hello"]),  # body dropped
    ("GET", (1, 1), "304 NOT MODIFIED", [("ETag", 'W/"x"')], [b""]),
    ("GET", (1, 1), "204 NO CONTENT", [], []),  # no write at all: close sends the head
]


@pytest.mark.parametrize("method,version,status,headers,pieces", CASES)
def test_same_bytes_as_gunicorn(monkeypatch, method, version, status, headers, pieces):
    monkeypatch.setattr(util, "http_date", lambda *a: "Wed, 02 Dec 2026 12:00:00 GMT")
    theirs = _run(wsgi.Response, method, version, status, headers, pieces)
    ours = _run(CoalescingResponse, method, version, status, headers, pieces)
    assert b"".join(ours) == b"".join(theirs)
    assert len(ours) <= len(theirs)


def test_small_answer_leaves_in_one_send(monkeypatch):
    monkeypatch.setattr(util, "http_date", lambda *a: "Wed, 02 Dec 2026 12:00:00 GMT")
    body = b'{"head":{"vars":["p","o"]}}' * 200
    headers = [("Content-Type", "application/sparql-results+json"), ("Content-Length", str(len(body)))]
    theirs = _run(wsgi.Response, "GET", (1, 1), "200 OK", headers, [body])
    ours = _run(CoalescingResponse, "GET", (1, 1), "200 OK", headers, [body])
    assert len(theirs) == 2  # gunicorn: the head, then the body
    assert ours == [b"".join(theirs)]


def test_installed_in_workers(monkeypatch):
    monkeypatch.setattr(wsgi, "Response", wsgi.Response)  # undone after the test
    monkeypatch.setattr("livertox_kg.server.inprocess.enable", lambda worker: None)
    _post_fork(None, None)
    assert wsgi.Response is CoalescingResponse
    assert gunicorn_response.CoalescingResponse.__mro__[1].__module__ == "gunicorn.http.wsgi"


def test_not_installed_over_a_gunicorn_without_emit_body(monkeypatch):
    class OldResponse:  # a gunicorn Response whose write() sends body bytes itself
        def write(self, arg):
            pass

    monkeypatch.setattr(wsgi, "Response", OldResponse)
    gunicorn_response.install()
    assert wsgi.Response is OldResponse
