"""The files the package ships, found through :mod:`importlib.resources`.

The ontology, SHACL shapes, query library, lexicons, SSSOM mappings, the seed monograph and the
web pages (templates, static files, the YASGUI build) are package data of one distribution. In
the checkout they live in the folders people edit (``ontology/``, ``queries/``, ``data/``,
``server/``); ``pyproject.toml`` maps those folders to the packages ``livertox_kg.ontology``,
``livertox_kg.queries``, ``livertox_kg.data`` and ``livertox_kg.server`` (setuptools
``package-dir``), so the same package names resolve in an editable checkout and in an installed
wheel, and no path here is relative to the checkout.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def package_folder(package: str) -> Path:
    """The folder of a package of ours on disk (wheels are installed unpacked, never zipped)."""
    folder = files(package)
    if not isinstance(folder, Path):
        raise RuntimeError(f"{package} is not installed as a folder on disk ({folder!r}); "
                           "install livertox-kg from its wheel or source, not as a zip")
    return folder


ONTOLOGY_DIR = package_folder("livertox_kg.ontology")
ONTOLOGY_FILE = ONTOLOGY_DIR / "livertox.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
RELEASE_DIR = ONTOLOGY_DIR / "release"
QUERIES_DIR = package_folder("livertox_kg.queries")
DATA_DIR = package_folder("livertox_kg.data")
MONOGRAPH_DIR = DATA_DIR / "monographs"  # the bundled seed, the default SOURCES of `build`
MAPPINGS_FILE = DATA_DIR / "mappings" / "livertox.sssom.tsv"
LEXICON_DIR = DATA_DIR / "lexicon"


def server_folder() -> Path:
    """The web application's folder (``templates/``, ``static/``); a function, since importing
    ``livertox_kg.server`` loads Flask, which the build and the query commands do not need."""
    return package_folder("livertox_kg.server")


def yasgui_folder() -> Path:
    """The query editor's build, copied into ``static/vendor/yasgui`` by ``cd web && npm ci``."""
    return server_folder() / "static" / "vendor" / "yasgui"


__all__ = [
    "package_folder", "ONTOLOGY_DIR", "ONTOLOGY_FILE", "SHAPES_FILE", "RELEASE_DIR", "QUERIES_DIR",
    "DATA_DIR", "MONOGRAPH_DIR", "MAPPINGS_FILE", "LEXICON_DIR", "server_folder", "yasgui_folder",
]
