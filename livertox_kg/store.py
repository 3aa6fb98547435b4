"""The on-disk Oxigraph store: versioned directories behind a symlink swapped atomically.

``var/store`` is a symlink to ``var/store-<build id>``; a build loads a new version beside the
current one and only replaces the symlink (``os.replace``, atomic on POSIX) once the new store has
loaded and checked out. Readers that opened the old version keep it until they reopen; the one
version before the current is kept for them, older ones are removed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox


class StoreError(RuntimeError):
    """The store path cannot be used; the message says why."""


def dump_path(store: Path) -> Path:
    """The N-Quads dump written beside a store: ``var/store`` -> ``var/store.nq``."""
    return store.with_name(store.name + ".nq")


def version_dir(store: Path, build_id: str) -> Path:
    return store.with_name(f"{store.name}-{build_id}")


def check_location(store: Path) -> None:
    """Refuse to take over a path that is neither our symlink nor absent/empty."""
    if store.is_symlink() or not store.exists():
        return
    if store.is_dir() and not any(store.iterdir()):
        return
    raise StoreError(
        f"{store}: exists and is not a livertox-kg store link; move it away or choose another --store"
    )


def load_version(store: Path, build_id: str, nquads: Path) -> Path:
    """Bulk-load an N-Quads file into a fresh version directory; returns that directory."""
    target = version_dir(store, build_id)
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    db = ox.Store(str(target))
    db.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    db.flush()
    db.optimize()
    del db
    return target


def load_more(target: Path, nquads: Path) -> None:
    """Bulk-load an N-Quads file into a version directory :func:`load_version` made (not yet active)."""
    db = ox.Store(str(target))
    db.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    db.flush()
    del db


def activate(store: Path, target: Path, keep: int = 1) -> None:
    """Point ``store`` at ``target`` atomically; remove versions older than the ``keep`` previous."""
    check_location(store)
    previous = store.resolve() if store.is_symlink() else None
    if store.exists() and not store.is_symlink():
        store.rmdir()  # empty directory (checked above)
    tmp = store.with_name(f".{store.name}.link-{os.getpid()}")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(target.name)
    os.replace(tmp, store)
    keepers = {target.resolve()}
    if previous is not None and keep > 0:
        keepers.add(previous)
    for candidate in store.parent.glob(f"{store.name}-*"):
        if candidate.is_dir() and candidate.resolve() not in keepers:
            shutil.rmtree(candidate, ignore_errors=True)


def open_read_only(store: Path) -> ox.Store:
    """Open the current version read-only (many processes may do this at once)."""
    if not store.exists():
        raise StoreError(f"{store}: no store here; run `livertox-kg build` first")
    return ox.Store.read_only(str(store.resolve()))
