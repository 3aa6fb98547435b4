"""Find and read the inputs of a build: text monographs, BITS/NXML records, archives, workbooks.

``iter_sources`` expands paths (files, folders recursively, ``.tar.gz``/``.tgz`` archives streamed
member by member, nothing extracted to disk) into :class:`SourceItem` objects; ``read_monograph``
reads one item; ``load_sources`` does both and never stops on a bad item: every problem comes back
as a :class:`Loaded` with ``error`` set, naming the source and the reason.

Archive members are named ``ARCHIVE:MEMBER`` (e.g. ``livertox_NBK547852.tar.gz:livertox/Baclofen.nxml``).

Every item has two names: ``source``, the path as the user gave it (for messages), and ``name``,
its portable name (the provenance the graph records): the path below the SOURCES argument it was
found under, starting with that folder's own name (``monographs/baclofen.txt`` for
``build data/monographs``; a file named directly: its file name), and for an archive member
``ARCHIVE-NAME:MEMBER``. The portable name never holds a folder of the build machine, so the same
inputs built from two folders give the same graph.
"""

from __future__ import annotations

import io
import os
import tarfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .model import AgentRecord, Monograph, SourceError

TEXT, NXML, XLSX = "text", "nxml", "xlsx"
_ARCHIVE_SUFFIXES = (".tar.gz", ".tgz")
_SUFFIX_KINDS = {".txt": TEXT, ".nxml": NXML, ".xml": NXML, ".xlsx": XLSX}


def kind_of(name: str) -> str | None:
    """'text', 'nxml', 'xlsx', 'archive' or None (not an input) from a file name."""
    lower = name.lower()
    if lower.endswith(_ARCHIVE_SUFFIXES):
        return "archive"
    return _SUFFIX_KINDS.get(os.path.splitext(lower)[1])


@dataclass
class SourceItem:
    """One input document: a file on disk (``path``) or an archive member read into ``data``."""

    source: str  # as the user named it (messages)
    kind: str  # 'text', 'nxml' or 'xlsx'
    data: bytes | None = None
    path: Path | None = None
    name: str = ""  # portable name (provenance); see the module docstring

    def __post_init__(self) -> None:
        self.name = self.name or portable_name(self.source)

    def read_bytes(self) -> bytes:
        return self.data if self.data is not None else Path(self.path).read_bytes()


@dataclass
class SourceFailure:
    """An input that could not be listed or read (unreadable file, broken archive, ...)."""

    source: str
    reason: str
    name: str = ""  # portable name, for the build's provenance

    def __post_init__(self) -> None:
        self.name = self.name or portable_name(self.source)


def portable_name(path: str | os.PathLike) -> str:
    """The file name of a path (``ARCHIVE:MEMBER`` keeps its member): what remains portable of a
    path given without the folder it was found under."""
    text = os.fspath(path)
    head, sep, member = text.partition(".tar.gz:") if ".tar.gz:" in text else text.partition(".tgz:")
    if sep:
        return os.path.basename(head) + sep + member
    return os.path.basename(text.rstrip("/" + os.sep)) or text


@dataclass
class Loaded:
    """The outcome for one input: a monograph (and, for workbooks, its records), or a reason."""

    source: str  # as the user named it
    kind: str
    monograph: Monograph | None = None  # its ``source`` is the portable name
    records: list[AgentRecord] | None = None  # workbook rows; None for monographs to extract
    skipped: str | None = None  # why a readable non-monograph (the toc) is not used
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    name: str = ""  # portable name (see the module docstring)

    @property
    def ok(self) -> bool:
        return self.error is None and self.skipped is None


def iter_sources(paths: Iterable[str | os.PathLike]) -> Iterator[SourceItem | SourceFailure]:
    """Expand files, folders (recursively, sorted, hidden entries skipped) and archives.

    Files named explicitly with an unknown type are reported as failures; inside folders and
    archives such files (images, READMEs) are passed over silently.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, f"{path.resolve().name}/")
        elif path.is_file():
            kind = kind_of(path.name)
            if kind is None:
                yield SourceFailure(str(path), "not a monograph, NXML, archive or workbook file")
            else:
                yield from _file(path, kind, path.name)
        else:
            yield SourceFailure(str(path), "no such file or folder")


def _walk(folder: Path, prefix: str) -> Iterator[SourceItem | SourceFailure]:
    """A folder's inputs; ``prefix`` is the folder's path relative to the SOURCES argument."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield SourceFailure(str(folder), f"cannot list folder: {exc.strerror or exc}", prefix or folder.name)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_dir():
            yield from _walk(path, f"{prefix}{entry.name}/")
        else:
            kind = kind_of(entry.name)
            if kind is not None:
                yield from _file(path, kind, prefix + entry.name)


def _file(path: Path, kind: str, name: str) -> Iterator[SourceItem | SourceFailure]:
    if kind == "archive":
        yield from _archive(path, name)
    else:
        yield SourceItem(str(path), kind, path=path, name=name)


def _archive(path: Path, name: str) -> Iterator[SourceItem | SourceFailure]:
    """Stream a gzip'd tar member by member (mode 'r|gz'); nothing is written to disk."""
    try:
        with tarfile.open(path, mode="r|gz") as tar:
            for member in tar:
                member_name = member.name
                base = os.path.basename(member_name)
                if not member.isfile() or base.startswith("."):
                    continue
                kind = kind_of(base)
                source, portable = f"{path}:{member_name}", f"{name}:{member_name}"
                if kind is None:
                    continue
                if kind == "archive":
                    yield SourceFailure(source, "archives inside archives are not read", portable)
                    continue
                handle = tar.extractfile(member)
                if handle is None:
                    yield SourceFailure(source, "archive member has no data", portable)
                    continue
                yield SourceItem(source, kind, data=handle.read(), name=portable)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc  # no path in it
        yield SourceFailure(str(path), f"archive unreadable: {reason}", name)


def read_monograph(item: SourceItem, warnings: list[str] | None = None) -> Monograph:
    """Read a text or NXML item (or a workbook, as its one Monograph). Raises SourceError."""
    warnings = [] if warnings is None else warnings
    try:
        data = item.read_bytes()
    except OSError as exc:
        raise SourceError(item.source, f"cannot read: {exc.strerror or exc}") from None
    if item.kind == NXML:
        from .nxml_reader import read_nxml

        return read_nxml(data, item.name, warnings)
    if item.kind == TEXT:
        try:
            from .text_reader import read_text
        except ImportError:
            raise SourceError(item.source, "text reader not available (livertox_kg.text_reader)") from None
        return read_text(data, source=item.name)  # decodes and checks the bytes itself
    if item.kind == XLSX:
        from .workbook import read_workbook

        return read_workbook(io.BytesIO(data), item.name)[0]
    raise SourceError(item.source, f"unknown kind {item.kind!r}")


def load(item: SourceItem | SourceFailure) -> Loaded:
    """Read one item into a :class:`Loaded`; never raises for a bad source."""
    if isinstance(item, SourceFailure):
        return Loaded(item.source, "unknown", error=item.reason, name=item.name)
    warnings: list[str] = []
    try:
        if item.kind == XLSX:
            from .workbook import read_workbook

            data = item.read_bytes()
            monograph, records = read_workbook(io.BytesIO(data), item.name)
            return Loaded(item.source, item.kind, monograph, records, warnings=warnings, name=item.name)
        monograph = read_monograph(item, warnings)
    except SourceError as exc:
        return Loaded(item.source, item.kind, error=exc.reason, warnings=warnings, name=item.name)
    except Exception as exc:  # a reader bug must not stop a corpus build
        return Loaded(item.source, item.kind, error=f"{type(exc).__name__}: {exc}", warnings=warnings,
                      name=item.name)
    skipped = "table of contents (not a monograph)" if monograph.content_type == "toc" else None
    return Loaded(item.source, item.kind, monograph, skipped=skipped, warnings=warnings, name=item.name)


def load_sources(paths: Iterable[str | os.PathLike]) -> Iterator[Loaded]:
    """Every input under ``paths`` read, in order; failures and skips included, never raised."""
    for item in iter_sources(paths):
        yield load(item)
