"""Where the project's files live (the package is installed editable from the repo)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(os.environ.get("LIVERTOX_KG_HOME", Path(__file__).resolve().parents[1]))
ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "livertox.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
DATA_DIR = PROJECT_ROOT / "data"
MONOGRAPH_DIR = DATA_DIR / "monographs"
MAPPINGS_FILE = DATA_DIR / "mappings" / "livertox.sssom.tsv"
LEXICON_DIR = DATA_DIR / "lexicon"
QUERIES_DIR = PROJECT_ROOT / "queries"
VAR_DIR = PROJECT_ROOT / "var"
DEFAULT_STORE = VAR_DIR / "store"
