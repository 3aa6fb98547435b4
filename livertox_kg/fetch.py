"""`livertox-kg fetch`: download NCBI's LiverTox archive (``livertox_NBK547852.tar.gz``).

NCBI's Literature Archive (LitArch) FTP service is the sanctioned route for automated download of
Bookshelf titles. Its folder for a title can change, so the archive's path is looked up in LitArch's
published file list (``file_list.csv``: file path, title, publisher, date, accession, last update)
by the accession ``NBK547852``; ``--url`` names the archive directly instead.

The download streams into ``NAME.part`` next to the destination and is renamed into place only
when complete: its size must be the size the server announced, the gzip stream must decompress to
its end with a matching CRC, and the SHA-256 must match ``--sha256`` when one is given. A cut
connection is resumed with an HTTP range request (``If-Range`` guards against the file changing on
the server meanwhile), a few times within one run; if it stays cut, the ``.part`` file is kept and
the next run resumes it. Every failure is one :class:`FetchError` naming the URL and the reason; a
refused download (wrong size, corrupt archive, checksum mismatch) leaves nothing behind.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import os
import sys
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from . import __version__

ACCESSION = "NBK547852"
ARCHIVE_NAME = f"livertox_{ACCESSION}.tar.gz"
LITARCH = "https://ftp.ncbi.nlm.nih.gov/pub/litarch/"
FILE_LIST = "file_list.csv"
CHUNK = 1 << 16
USER_AGENT = f"livertox-kg/{__version__} (+https://w3id.org/livertox-kg/)"


class FetchError(RuntimeError):
    """A download that failed or was refused; ``str()`` is one line naming the URL and the reason."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"cannot download {url}: {reason}")
        self.url, self.reason = url, reason


@dataclass
class Fetched:
    path: Path
    url: str
    size: int
    sha256: str
    reused: bool = False  # the archive was already there; nothing was downloaded
    resumed_from: int = 0  # bytes a previous, cut attempt had already written


def _session() -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    return session


def _resolvable(url: str, timeout: float) -> None:
    """Resolve the URL's host within ``timeout`` (requests' timeouts do not cover name resolution,
    which can hang for long on a machine without network)."""
    import socket

    parts = urlsplit(url)
    host = parts.hostname
    if not host or parts.scheme not in ("http", "https"):
        raise FetchError(url, "not an http(s) URL")
    if requests.utils.get_environ_proxies(url).get(parts.scheme):
        return  # the proxy resolves the name
    outcome: list = []

    def look_up() -> None:
        try:
            outcome.append(socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80)))
        except OSError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=look_up, daemon=True)  # a hung look-up must not hold up the exit
    thread.start()
    thread.join(timeout)
    if not outcome:
        raise FetchError(url, f"no answer resolving {host} within {timeout:g} s (no network?)")
    if isinstance(outcome[0], OSError):
        raise FetchError(url, f"cannot resolve {host}: {outcome[0].strerror or outcome[0]} (no network?)")


def _reason(exc: Exception) -> str:
    text = str(exc)
    if isinstance(exc, (requests.Timeout, urllib3.exceptions.TimeoutError, TimeoutError)):
        return "timed out"
    if "IncompleteRead" in text:
        return "the server closed the connection early"
    if "Connection refused" in text:
        return "connection refused"
    if "NameResolution" in text or "Name or service not known" in text:
        return "host not found (no network?)"
    if isinstance(exc, requests.ConnectionError):
        return "cannot connect (no network?)"
    return f"{type(exc).__name__}: {text.splitlines()[0] if text else ''}".rstrip(": ")


def _get(session: requests.Session, url: str, timeout: tuple[float, float], **headers) -> requests.Response:
    try:
        response = session.get(url, headers=headers, stream=True, timeout=timeout, allow_redirects=True)
    except requests.RequestException as exc:
        raise FetchError(url, _reason(exc)) from None
    if response.status_code >= 400 and response.status_code != 416:
        response.close()
        raise FetchError(url, f"HTTP {response.status_code} {response.reason or ''}".rstrip())
    return response


def archive_url(litarch: str = LITARCH, accession: str = ACCESSION, *, timeout: float = 10.0,
                session: requests.Session | None = None) -> str:
    """The archive's current URL from LitArch's file list (first column: path under LitArch)."""
    list_url = urljoin(litarch if litarch.endswith("/") else litarch + "/", FILE_LIST)
    _resolvable(list_url, timeout)
    session = session or _session()
    with _get(session, list_url, (timeout, 60)) as response:
        try:
            lines = (line.decode("utf-8", "replace") for line in response.iter_lines())
            for row in csv.reader(lines):
                if row and accession in (cell.strip() for cell in row[1:]) and row[0].endswith(".tar.gz"):
                    return urljoin(list_url, row[0].strip())
        except requests.RequestException as exc:
            raise FetchError(list_url, f"file list cut: {_reason(exc)}") from None
    raise FetchError(list_url, f"the file list has no archive for {accession}")


def _total(response: requests.Response) -> int | None:
    """The full size the server announces: Content-Range's total for 206/416, else Content-Length."""
    content_range = response.headers.get("Content-Range", "")
    if "/" in content_range:
        total = content_range.rsplit("/", 1)[1].strip()
        return int(total) if total.isdigit() else None
    length = response.headers.get("Content-Length")
    return int(length) if length and length.isdigit() and response.status_code == 200 else None


def _check_gzip(path: Path, url: str) -> None:
    """Decompress the whole stream: gzip's trailer holds the CRC-32 and length of the content."""
    try:
        with gzip.open(path, "rb") as handle:
            while handle.read(1 << 20):
                pass
    except (OSError, EOFError, zlib.error) as exc:
        raise FetchError(url, f"the archive is corrupt ({exc}); nothing kept") from None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download(url: str, dest: Path, *, sha256: str | None = None, attempts: int = 4, timeout: float = 10.0,
             progress: bool | None = None, session: requests.Session | None = None,
             log: Callable[[str], None] = lambda line: print(line, file=sys.stderr)) -> Fetched:
    """Download ``url`` to ``dest`` through ``dest.part`` (see the module docstring)."""
    from tqdm import tqdm

    dest = Path(dest)
    part = dest.with_name(dest.name + ".part")
    state_file = dest.with_name(dest.name + ".part.json")  # validators of the partial download
    dest.parent.mkdir(parents=True, exist_ok=True)
    _resolvable(url, timeout)
    session = session or _session()
    state = {}
    if part.exists() and state_file.exists():
        try:
            state = json.loads(state_file.read_text())
        except ValueError:
            state = {}
        if state.get("url") != url:
            state = {}
    if not state:
        part.unlink(missing_ok=True)
    resumed_from = part.stat().st_size if part.exists() else 0

    def refuse(reason: str) -> FetchError:
        part.unlink(missing_ok=True)
        state_file.unlink(missing_ok=True)
        return FetchError(url, reason)

    bar = None
    failures = 0
    try:
        while True:
            offset = part.stat().st_size if part.exists() else 0
            headers = {}
            if offset:
                headers["Range"] = f"bytes={offset}-"
                validator = state.get("etag") or state.get("last_modified")
                if validator:
                    headers["If-Range"] = validator
            try:
                response = _get(session, url, (timeout, 60), **headers)
            except FetchError as exc:
                if offset:
                    raise FetchError(url, f"{exc.reason}; {part} kept, run again to resume") from None
                raise
            with response:
                total = _total(response)
                if response.status_code == 416:  # nothing after offset: complete, or the sizes disagree
                    if total is not None and total == offset == state.get("total"):
                        break
                    raise refuse(f"wrong size: the server announced {state.get('total')} bytes but has "
                                 f"{total if total is not None else 'an unknown number of'}")
                if response.status_code == 206:
                    start = response.headers.get("Content-Range", "").split(" ", 1)[-1].split("-", 1)[0]
                    if start != str(offset) or (state.get("total") and total != state["total"]):
                        raise refuse(f"wrong size: the server's range ({response.headers.get('Content-Range')}) "
                                     f"does not continue the {offset} bytes downloaded")
                    mode = "ab"
                else:  # 200: a fresh start (first attempt, or the file changed on the server)
                    offset, mode = 0, "wb"
                    state = {"url": url, "total": total, "etag": response.headers.get("ETag"),
                             "last_modified": response.headers.get("Last-Modified")}
                    state_file.write_text(json.dumps(state))
                if bar is None:
                    bar = tqdm(total=total, initial=offset, unit="B", unit_scale=True, unit_divisor=1024,
                               desc=dest.name, file=sys.stderr, disable=progress is False,
                               delay=0 if progress else 1.0)
                else:
                    bar.reset(total=total)
                    bar.update(offset)
                before = offset
                try:
                    with part.open(mode) as out:
                        # raw bytes as sent (never un-gzipped by a Content-Encoding header); a read
                        # that ends early raises only after every byte received was returned
                        while block := response.raw.read(CHUNK, decode_content=False):
                            out.write(block)
                            bar.update(len(block))
                except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
                    got = part.stat().st_size
                    failures = 0 if got > before else failures + 1
                    if failures >= attempts:
                        if not got:
                            raise refuse(f"connection cut before any data ({_reason(exc)})") from None
                        raise FetchError(url, f"connection cut after {got} of {total or '?'} bytes "
                                         f"({_reason(exc)}); {part} kept, run again to resume") from None
                    log(f"livertox-kg fetch: connection cut after {got} bytes; resuming")
                    continue
            size = part.stat().st_size
            if state.get("total") is not None and size != state["total"]:
                raise refuse(f"wrong size: {size} bytes received, the server announced {state['total']}")
            break
    finally:
        if bar is not None:
            bar.close()
    size = part.stat().st_size
    if dest.name.endswith((".gz", ".tgz")):
        try:
            _check_gzip(part, url)
        except FetchError as exc:
            raise refuse(exc.reason) from None
    digest = _sha256(part)
    if sha256 and digest.lower() != sha256.strip().lower():
        raise refuse(f"SHA-256 is {digest}, expected {sha256.strip().lower()}")
    os.replace(part, dest)
    state_file.unlink(missing_ok=True)
    return Fetched(dest, url, size, digest, resumed_from=resumed_from)


def fetch(dest_dir: Path, *, url: str | None = None, litarch: str = LITARCH, force: bool = False,
          sha256: str | None = None, timeout: float = 10.0, progress: bool | None = None,
          log: Callable[[str], None] = lambda line: print(line, file=sys.stderr)) -> Fetched:
    """The LiverTox archive in ``dest_dir``: reused when already there (unless ``force``), else
    downloaded from ``url`` or from the URL LitArch's file list gives."""
    dest = Path(dest_dir) / (os.path.basename(urlsplit(url).path) if url else ARCHIVE_NAME)
    if dest.is_file() and not force:
        return Fetched(dest, url or "", dest.stat().st_size, "", reused=True)
    session = _session()
    if url is None:
        url = archive_url(litarch, timeout=timeout, session=session)
        log(f"livertox-kg fetch: LitArch lists {ACCESSION} at {url}")
    return download(url, dest, sha256=sha256, timeout=timeout, progress=progress, session=session, log=log)


__all__ = ["ACCESSION", "ARCHIVE_NAME", "LITARCH", "FetchError", "Fetched", "archive_url", "download", "fetch"]
