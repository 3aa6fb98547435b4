"""`livertox-kg fetch` against a LitArch look-alike on loopback: file list, archive, ranges, cuts."""

from __future__ import annotations

import hashlib
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from livertox_kg.cli import main
from livertox_kg.fetch import ARCHIVE_NAME, FetchError, archive_url, download, fetch
from livertox_kg.sources import load_sources

from tests._ingest_helpers import fixture_members, make_archive

ARCHIVE_PATH = f"/pub/litarch/3d/9f/{ARCHIVE_NAME}"
FILE_LIST = (
    "File,Article Title,Publisher,Date,Accession ID,Last Updated (YYYY-MM-DD HH:MM:SS)\n"
    "ca/84/gene_NBK1116.tar.gz,GeneReviews®,\"University of Washington, Seattle\",1993,NBK1116,2024-01-01 00:00:00\n"
    f"{ARCHIVE_PATH.removeprefix('/pub/litarch/')},\"LiverTox: Clinical and Research Information on "
    "Drug-Induced Liver Injury\",\"National Institute of Diabetes and Digestive and Kidney Diseases\","
    "2012,NBK547852,2024-06-01 12:00:00\n"
)


class LitArch:
    """A loopback HTTP server serving a file list and an archive, misbehaving on request."""

    def __init__(self, archive: bytes):
        self.archive = archive
        self.cut_after: int | None = None  # close the connection after this many body bytes ...
        self.cuts_left = 0  # ... this many times
        self.announce_extra = 0  # announce this many bytes more than the archive has
        self.requests: list[tuple[str, str | None]] = []  # (path, Range header)
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                outer.requests.append((self.path, self.headers.get("Range")))
                if self.path == "/pub/litarch/file_list.csv":
                    return self.send(200, FILE_LIST.encode(), "text/csv")
                if self.path != ARCHIVE_PATH:
                    return self.send(404, b"not found\n", "text/plain")
                data, total = outer.archive, len(outer.archive) + outer.announce_extra
                start = 0
                rng = self.headers.get("Range")
                if rng and self.headers.get("If-Range") in (None, '"v1"'):
                    start = int(rng.removeprefix("bytes=").split("-")[0])
                    if start >= len(data):
                        self.send_response(416)
                        self.send_header("Content-Range", f"bytes */{len(data)}")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{total - 1}/{total}")
                else:
                    self.send_response(200)
                self.send_header("Content-Type", "application/x-gzip")
                self.send_header("Content-Length", str(total - start))
                self.send_header("ETag", '"v1"')
                self.send_header("Accept-Ranges", "bytes")
                self.end_headers()
                body = data[start:]
                if outer.cuts_left and outer.cut_after is not None:
                    outer.cuts_left -= 1
                    self.wfile.write(body[: outer.cut_after])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.wfile.write(body)
                if outer.announce_extra:
                    self.close_connection = True

            def send(self, status, body, ctype):
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/pub/litarch/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """The loopback server is reached directly, whatever proxy the environment names."""
    for name in ("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def archive_bytes(tmp_path_factory):
    path = make_archive(tmp_path_factory.mktemp("fixture") / ARCHIVE_NAME, fixture_members())
    return path.read_bytes()


@pytest.fixture
def litarch(archive_bytes):
    server = LitArch(archive_bytes)
    yield server
    server.close()


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/pub/litarch/"


def test_the_file_list_gives_the_current_path(litarch):
    assert archive_url(litarch.url) == litarch.url.removesuffix("/pub/litarch/") + ARCHIVE_PATH


def test_normal_fetch_then_reuse_then_build_input(litarch, archive_bytes, tmp_path):
    result = CliRunner().invoke(main, ["fetch", "--dest", str(tmp_path / "var"), "--litarch", litarch.url,
                                       "--no-progress"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "var" / ARCHIVE_NAME
    assert result.stdout.strip() == str(path)
    assert path.read_bytes() == archive_bytes
    assert hashlib.sha256(archive_bytes).hexdigest() in result.stderr
    assert sorted(p.name for p in path.parent.iterdir()) == [ARCHIVE_NAME]  # no .part left
    assert [r[0] for r in litarch.requests] == ["/pub/litarch/file_list.csv", ARCHIVE_PATH]
    # the next run reuses it without asking the server
    again = CliRunner().invoke(main, ["fetch", "--dest", str(tmp_path / "var"), "--litarch", litarch.url])
    assert again.exit_code == 0 and "reusing" in again.stderr and len(litarch.requests) == 2
    # and it is what `build` reads
    results = list(load_sources([path]))
    assert len(results) == len(fixture_members()) and not any(r.error for r in results)


def test_resume_after_the_server_cuts_the_connection(litarch, archive_bytes, tmp_path):
    litarch.cut_after, litarch.cuts_left = len(archive_bytes) // 3, 2
    got = download(litarch.url.removesuffix("/pub/litarch/") + ARCHIVE_PATH, tmp_path / ARCHIVE_NAME,
                   progress=False, log=lambda line: None)
    assert got.path.read_bytes() == archive_bytes and got.sha256 == hashlib.sha256(archive_bytes).hexdigest()
    third = len(archive_bytes) // 3
    assert [r[1] for r in litarch.requests] == [None, f"bytes={third}-", f"bytes={2 * third}-"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [ARCHIVE_NAME]


def test_a_cut_that_persists_is_resumed_by_the_next_run(litarch, archive_bytes, tmp_path):
    url = litarch.url.removesuffix("/pub/litarch/") + ARCHIVE_PATH
    first_cut = len(archive_bytes) // 2
    litarch.cut_after, litarch.cuts_left = first_cut, 100

    # first run: the first response stops half-way, every later one delivers nothing
    def cut_everything(*_):
        litarch.cut_after = 0

    with pytest.raises(FetchError) as err:
        download(url, tmp_path / ARCHIVE_NAME, progress=False, log=cut_everything)
    assert "run again to resume" in str(err.value) and url in str(err.value)
    assert (tmp_path / f"{ARCHIVE_NAME}.part").stat().st_size == first_cut
    assert not (tmp_path / ARCHIVE_NAME).exists()
    # second run: the server behaves; the download continues where it stopped
    litarch.cuts_left, litarch.requests = 0, []
    got = download(url, tmp_path / ARCHIVE_NAME, progress=False)
    assert got.resumed_from == first_cut and got.path.read_bytes() == archive_bytes
    assert litarch.requests == [(ARCHIVE_PATH, f"bytes={first_cut}-")]
    assert sorted(p.name for p in tmp_path.iterdir()) == [ARCHIVE_NAME]


def test_wrong_size_is_refused_and_nothing_is_left(litarch, tmp_path):
    litarch.announce_extra = 100  # the server announces 100 bytes it never sends
    result = CliRunner().invoke(main, ["fetch", "--dest", str(tmp_path), "--litarch", litarch.url, "--no-progress"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1 and "wrong size" in errors[0] and ARCHIVE_PATH in errors[0], result.stderr
    assert f"announced {len(litarch.archive) + 100} bytes but has {len(litarch.archive)}" in errors[0]
    assert list(tmp_path.iterdir()) == []


def test_checksum_mismatch_is_refused(litarch, tmp_path):
    url = litarch.url.removesuffix("/pub/litarch/") + ARCHIVE_PATH
    with pytest.raises(FetchError, match="SHA-256 is"):
        download(url, tmp_path / ARCHIVE_NAME, sha256="0" * 64, progress=False)
    assert list(tmp_path.iterdir()) == []


def test_corrupt_archive_is_refused(litarch, archive_bytes, tmp_path):
    litarch.archive = archive_bytes[:-12] + bytes(12)  # right size, broken gzip trailer
    with pytest.raises(FetchError, match="corrupt"):
        fetch(tmp_path, litarch=litarch.url, progress=False, log=lambda line: None)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("where", ["litarch", "url"])
def test_offline_is_one_clear_line(tmp_path, where):
    base = closed_port_url()
    args = ["--litarch", base] if where == "litarch" else ["--url", base + ARCHIVE_PATH]
    result = CliRunner().invoke(main, ["fetch", "--dest", str(tmp_path / "var"), *args])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "connection refused" in lines[0]
    assert (base + "file_list.csv" if where == "litarch" else base + ARCHIVE_PATH) in lines[0]
    assert not (tmp_path / "var").exists() or list((tmp_path / "var").iterdir()) == []


def test_http_error_names_the_status(litarch, tmp_path):
    url = litarch.url + "nope/livertox_NBK547852.tar.gz"
    result = CliRunner().invoke(main, ["fetch", "--dest", str(tmp_path), "--url", url])
    assert result.exit_code == 1 and "HTTP 404" in result.stderr and url in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_name_look_up_that_hangs_is_given_up(monkeypatch, tmp_path):
    """Without network a resolver can hang; fetch gives up after --timeout instead (make run falls back)."""
    release = threading.Event()

    def hanging(*args, **kwargs):
        release.wait(30)
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", hanging)
    try:
        result = CliRunner().invoke(main, ["fetch", "--dest", str(tmp_path), "--timeout", "0.2",
                                           "--url", "https://ftp.example.org/livertox_NBK547852.tar.gz"])
    finally:
        release.set()
    assert result.exit_code == 1
    assert "no answer resolving ftp.example.org within 0.2 s" in result.stderr
    assert list(tmp_path.iterdir()) == []
