"""Find and read the inputs of a build (interim: text monographs only; replaced by ingest work)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .model import AgentRecord, Monograph, SourceError


@dataclass
class Loaded:
    source: str
    kind: str
    monograph: Monograph | None = None
    records: list[AgentRecord] | None = None
    skipped: str | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and self.skipped is None


def load_sources(paths: Iterable[str | os.PathLike]) -> Iterator[Loaded]:
    from .text_reader import read_path

    for raw in paths:
        path = Path(raw)
        files = sorted(p for p in path.rglob("*.txt")) if path.is_dir() else [path]
        for file in files:
            try:
                yield Loaded(str(file), "text", monograph=read_path(file))
            except SourceError as exc:
                yield Loaded(str(file), "text", error=exc.reason)
