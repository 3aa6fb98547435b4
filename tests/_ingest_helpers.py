"""Shared helpers of the ingestion tests: fixture paths, a fixture archive and a master list."""

from __future__ import annotations

import datetime as dt
import io
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NXML_DIR = ROOT / "tests" / "fixtures" / "nxml"
SEED_TEXT = ROOT / "data" / "monographs" / "baclofen.txt"

HEADER = ["Count", "Ingredient", "Brand Name", "Likelihood Score", "Chapter Title", "Last Update",
          "Year Approved", "In LiverTox", "Primary Classification", "Secondary Classification"]
ROWS = [
    [1, "Baclofen", "Lioresal, Gablofen", "D", "Baclofen", dt.datetime(2018, 3, 15), 1977, "Yes",
     "Muscle Relaxants", None],
    # deliberately conflicting approval year (the monograph says 1959)
    [2, "Carisoprodol", "Soma; Vanadom", "E", "Carisoprodol and Meprobamate", "2019-07-10", 1960,
     "Yes", "Muscle Relaxants", None],
    [3, "Acetaminophen", "Tylenol®", "A[HD]", "Acetaminophen", "January 5, 2020", 1951, "Yes",
     "Analgesics", "Nonopioid analgesics"],
    [4, "Amiodarone", "Generic, Cordarone", "A", "Amiodarone", None, "1985 (oral)", "Yes",
     "Antiarrhythmic Agents", None],
    [5, "Ashwagandha", None, "E*", "Ashwagandha", None, None, "Yes", "Herbals and Dietary Supplements", None],
]
SUMMARY = [["Total", 5], ["Score A", 2], ["Ingredient", "Not an agent"]]


def make_workbook(path: Path | None = None, rows=ROWS) -> bytes:
    """A small master-list .xlsx: title row, header on row 2, rows, an empty row, summary rows."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Master List"
    ws.append(["LiverTox Master List of Agents"])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    ws.append([])
    for row in SUMMARY:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    if path is not None:
        path.write_bytes(data)
    return data


def make_archive(path: Path, members: dict[str, bytes]) -> Path:
    """A .tar.gz holding ``members`` (name -> bytes), written straight from memory."""
    with tarfile.open(path, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def fixture_members(prefix: str = "livertox_NBK547852/") -> dict[str, bytes]:
    return {prefix + p.name: p.read_bytes() for p in sorted(NXML_DIR.glob("*.nxml"))}
