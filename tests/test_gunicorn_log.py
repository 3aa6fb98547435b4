"""The lean access logger writes the very line gunicorn's own logger writes with our format."""

from __future__ import annotations

import datetime as dt
import logging

from gunicorn.config import Config
from gunicorn.glogging import Logger

from livertox_kg.gunicorn_log import AccessLogger
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
