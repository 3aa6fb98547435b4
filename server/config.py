"""Server settings, shared by the app factory, the CLI and gunicorn workers (as JSON in the env)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from dataclasses import asdict, dataclass, field

from livertox_kg.namespaces import BASE
from livertox_kg.paths import DEFAULT_STORE

ENV_VAR = "LIVERTOX_KG_SERVER_CONFIG"


@dataclass
class ServerConfig:
    store: str | None = str(DEFAULT_STORE)  # embedded store directory (may be a symlink)
    backend: str | None = None  # remote SPARQL endpoint instead of the embedded store
    backend_update: str | None = None  # remote update endpoint (only with --update-token)
    timeout: float = 30.0  # seconds per query, enforced by killing the evaluator
    max_rows: int = 0  # result rows / triples cap, 0 = no cap
    update_token: str | None = None  # enables /update with this Bearer token
    service_allow: list[str] = field(default_factory=list)  # SERVICE endpoint IRI prefixes
    base_iri: str = BASE
    evaluators: int = 4  # evaluator processes per web worker (the CLI sizes it to the cores)
    max_request_bytes: int = 1 << 20  # larger requests get 413
    cache_size: int = 0  # answers kept per worker by the response cache (0 = off)
    dump: str | None = None  # N-Quads dump served at /dump/; default: the build's dump beside the store

    @property
    def writable(self) -> bool:
        """Single-writer mode: the embedded store is opened read-write for /update."""
        return bool(self.update_token) and not self.backend

    def dump_path(self) -> str | None:
        if self.dump:
            return self.dump
        if self.store and not self.backend:
            from livertox_kg.store import dump_path

            return str(dump_path(Path(os.path.abspath(self.store))))
        return None

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls) -> "ServerConfig":
        raw = os.environ.get(ENV_VAR)
        return cls(**json.loads(raw)) if raw else cls()
