"""The lean access logger writes the very line gunicorn's own logger writes with our format."""

from __future__ import annotations

import datetime as dt
import logging

from gunicorn.config import Config
from gunicorn.glogging import Logger

from livertox_kg.gunicorn_log import AccessLogger, plain_handler
from livertox_kg.serve_cli import ACCESS_FORMAT, gunicorn_options


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


class _Resp:
    def __init__(self, status, sent):
        self.status, self.sent, self.headers = status, sent, [("Content-Type", "text/plain")]


def _line(cls, resp, environ, took) -> str:
    cfg = Config()
    cfg.set("accesslog", "-")
    cfg.set("access_log_format", ACCESS_FORMAT)
    logger = cls(cfg)
    capture = _Capture()
    logger.access_log.handlers = [capture]
    logger.access(resp, [("Host", "x")], environ, took)
    return capture.lines[-1]


def test_same_line_as_gunicorn():
    assert gunicorn_options("127.0.0.1", 1, 1, 1, 1)["logger_class"].endswith("AccessLogger")
    assert gunicorn_options("127.0.0.1", 1, 1, 1, 1)["accesslog"] == "-"
    assert gunicorn_options("127.0.0.1", 1, 1, 1, 1, access_log=False)["accesslog"] is None
    environ = {"REMOTE_ADDR": "127.0.0.1", "REQUEST_METHOD": "GET", "RAW_URI": "/sparql?query=ASK%7B%7D%25",
               "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_USER_AGENT": 'curl/8 "quoted" 100%', "PATH_INFO": "/sparql"}
    for resp, took in ((_Resp("200 OK", 1234), dt.timedelta(microseconds=5600)),
                       (_Resp("503 SERVICE UNAVAILABLE", None), dt.timedelta(seconds=2, microseconds=1999))):
        ours = _line(AccessLogger, resp, environ, took)
        assert ours == _line(Logger, resp, environ, took)
        assert ours.startswith('127.0.0.1 "GET /sparql?query=ASK%7B%7D%25 HTTP/1.1"')
    no_agent = {k: v for k, v in environ.items() if k != "HTTP_USER_AGENT"}
    assert _line(AccessLogger, _Resp("200 OK", 5), no_agent, took) == _line(Logger, _Resp("200 OK", 5), no_agent, took)


def _file_lines(cls, path, resp, environ, took, tweak=None) -> list[str]:
    logging.getLogger("gunicorn.access").handlers = []  # the logger is global: no handler of another test
    cfg = Config()
    cfg.set("accesslog", str(path))
    cfg.set("access_log_format", ACCESS_FORMAT)
    logger = cls(cfg)
    if tweak:
        tweak(logger.access_log)
    logger.access(resp, [("Host", "x")], environ, took)
    logger.access(resp, [("Host", "x")], environ, took)
    for handler in logger.access_log.handlers:
        handler.close()
    return path.read_text(encoding="utf-8").splitlines()


def test_written_straight_to_the_file_as_logging_would(tmp_path):
    """With the access log gunicorn sets up (a file or stdout), our logger writes to the handler's
    stream itself: the same lines as gunicorn's logger; with any other set-up it goes through logging."""
    environ = {"REMOTE_ADDR": "127.0.0.1", "REQUEST_METHOD": "GET", "RAW_URI": "/sparql?query=caf%C3%A9",
               "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_USER_AGENT": "caf\u00e9 \"x\""}
    resp, took = _Resp("200 OK", 17), dt.timedelta(microseconds=2500)
    theirs = _file_lines(Logger, tmp_path / "theirs.log", resp, environ, took)
    assert len(theirs) == 2
    logging.getLogger("gunicorn.access").handlers = []
    cfg = Config()
    cfg.set("accesslog", str(tmp_path / "probe.log"))
    assert plain_handler(AccessLogger(cfg).access_log) is not None  # the direct write is what runs here
    assert _file_lines(AccessLogger, tmp_path / "ours.log", resp, environ, took) == theirs

    class Drop(logging.Filter):
        def filter(self, record):
            return "sparql" not in record.getMessage()

    def filtered(log):
        assert plain_handler(log) is not None
        log.handlers[0].addFilter(Drop())
        assert plain_handler(log) is None  # a filter: through logging, which applies it

    assert _file_lines(AccessLogger, tmp_path / "filtered.log", resp, environ, took, filtered) == []
    capture = _Capture()

    def two_handlers(log):
        log.addHandler(capture)
        assert plain_handler(log) is None

    assert _file_lines(AccessLogger, tmp_path / "two.log", resp, environ, took, two_handlers) == theirs
    assert capture.lines == [theirs[0], theirs[1]]


def test_workers_forked_from_a_frozen_heap(monkeypatch):
    hook = gunicorn_options("127.0.0.1", 1, 1, 1, 1)["pre_fork"]
    frozen = []
    monkeypatch.setattr("gc.freeze", lambda: frozen.append(True))
    hook(None, None)
    assert frozen == [True]
