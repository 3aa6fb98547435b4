"""Where things are: the shipped files (found by :mod:`livertox_kg.resources`) and the default store.

The store is the user's, not the package's: ``var/store`` relative to the working directory (in the
checkout, where ``make`` runs, that is the checkout's git-ignored ``var/``).
"""

from __future__ import annotations

from pathlib import Path

from .resources import (  # noqa: F401  (re-exported: modules import their files from here)
    DATA_DIR,
    LEXICON_DIR,
    MAPPINGS_FILE,
    MONOGRAPH_DIR,
    ONTOLOGY_DIR,
    ONTOLOGY_FILE,
    QUERIES_DIR,
    RELEASE_DIR,
    SHAPES_FILE,
)

VAR_DIR = Path("var")
DEFAULT_STORE = VAR_DIR / "store"
