"""Per-worker server state: the evaluator pool or the store opened in-process, the store version (for
ETags) and dataset statistics."""

from __future__ import annotations

import hashlib
import os
import threading
import time
import uuid

from livertox_kg.namespaces import BUILD_GRAPH, PREFIXES
from livertox_kg.server.backend import BackendSpec
from livertox_kg.server.cache import AnswerCache
from livertox_kg.server.config import ServerConfig
from livertox_kg.server.evaluator import Pool
from livertox_kg.server import inprocess

_BUILD_ID_QUERY = f"""
PREFIX prov: <{PREFIXES['prov']}>
PREFIX dcterms: <{PREFIXES['dcterms']}>
SELECT ?id WHERE {{ GRAPH <{BUILD_GRAPH}> {{
  ?b a prov:Activity ; dcterms:identifier ?id . OPTIONAL {{ ?b prov:endedAtTime ?t }} }} }}
ORDER BY DESC(?t) LIMIT 1
"""
REMOTE_VERSION_TTL = 30.0


class State:
    """Everything a web worker keeps between requests."""

    def __init__(self, cfg: ServerConfig):
        self.cfg = cfg
        self.resolved = os.path.realpath(cfg.store) if cfg.store and not cfg.backend else None
        self.pool = Pool(self._spec(), 1 if cfg.writable else cfg.evaluators)
        self.cache = AnswerCache(cfg.cache_size)
        self._store_ident: tuple[int, int] | None = None  # (device, inode) the store path resolved to
        self._lock = threading.Lock()
        self._version: str | None = None
        self._version_at = 0.0
        self.stats: dict | None = None
        self.updates = 0
        self._session = uuid.uuid4().hex[:8]  # distinguishes update generations across restarts
        self._local = None  # (pid, backend) opened in this process, for in-process evaluation

    def in_process(self) -> bool:
        """Are queries evaluated in this process (a gunicorn worker with a watchdog, embedded read-only)?"""
        return not self.cfg.writable and not self.cfg.backend and inprocess.watchdog() is not None

    def local(self):
        """The store opened read-only in this process (after the fork; reopened after a store swap)."""
        local, pid = self._local, os.getpid()
        if local is None or local[0] != pid:
            with self._lock:
                local = self._local
                if local is None or local[0] != pid:
                    local = self._local = (pid, self._spec().open())
        return local[1]

    def _spec(self) -> BackendSpec:
        return BackendSpec(
            store=self.resolved, url=self.cfg.backend, update_url=self.cfg.backend_update,
            writable=self.cfg.writable, read_timeout=self.cfg.timeout + 5,  # our deadline fires first
        )

    def check_store(self) -> None:
        """Follow an atomic symlink swap of the store: retire evaluators of the old build."""
        if self.cfg.backend or not self.cfg.store:
            return
        try:  # one stat per request; realpath (an lstat per path component) only when the target changed
            st = os.stat(self.cfg.store)
            ident = (st.st_dev, st.st_ino)
        except OSError:
            ident = None
        if ident is not None and ident == self._store_ident:
            return
        now = os.path.realpath(self.cfg.store)
        self._store_ident = ident
        if now != self.resolved:
            with self._lock:
                if now != self.resolved:
                    self.resolved = now
                    self.pool.retarget(self._spec())
                    self._local = None
                    self._version = None
                    self.stats = None
                    self.cache.clear()

    def deadline(self, factor: float = 1.0) -> float:
        return time.monotonic() + self.cfg.timeout * factor

    def version(self) -> str | None:
        """Store version for ETags: build id from graph/build, else the store directory name."""
        self.check_store()
        fresh = self.cfg.backend is None or time.monotonic() - self._version_at < REMOTE_VERSION_TTL
        if self._version is not None and fresh:
            return self._version
        version = None
        try:
            if self.in_process():
                rows = [[s[0].value if s[0] is not None else None] for s in self.local().query(_BUILD_ID_QUERY, union=False)]
            else:
                rows = self.pool.value({"op": "query", "query": _BUILD_ID_QUERY, "union": False}, self.deadline())
            if rows and rows[0][0]:
                version = rows[0][0]
        except Exception:
            version = None
        if version is None and self.resolved:
            name = os.path.basename(self.resolved)
            version = name if os.path.islink(self.cfg.store) else f"{name}-{os.stat(self.resolved).st_mtime_ns}"
        if version is not None and self.cfg.writable:
            version = f"{version}-{self._session}-u{self.updates}"
        self._version, self._version_at = version, time.monotonic()
        return version

    def bump(self) -> None:
        """Data changed through /update: new ETags, fresh statistics."""
        self.updates += 1
        self._version = None
        self.stats = None
        self.cache.clear()

    def etag(self, *parts: object) -> str | None:
        return self.etag_for(self.version(), *parts)

    @staticmethod
    def etag_for(version: str | None, *parts: object) -> str | None:
        """ETag of ``parts`` at store ``version`` (None without a version)."""
        if version is None:
            return None
        digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:20]
        return f"{version}-{digest}"
