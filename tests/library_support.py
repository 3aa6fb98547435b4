"""One store for the query-library, client and notebook tests, built once per test session.

The store is built by ``run_build`` from ``data/monographs`` plus the text fixtures in
``tests/fixtures/monographs`` (text reader, extractor, SHACL and HermiT: the real pipeline). With
``LIVERTOX_LIBRARY_FACTS=1`` (or when the extractor is not importable) the same build runs on
hand-written facts instead (``tests/fixtures/facts/*.json``: what a correct extractor reads from
those texts, with the sentence each fact comes from); everything after extraction (RDF writer,
SHACL, HermiT, mappings, dump, store) is the real code either way. The library tests pass on both.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import importlib.util
import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_MONOGRAPHS = FIXTURES / "monographs"
FIXTURE_FACTS = FIXTURES / "facts"
SOURCES = [ROOT / "data" / "monographs", FIXTURE_MONOGRAPHS]

# LiverTox headings of the text rendering -> section key (model.SECTION_KEYS).
_HEADINGS = [
    (r"^Introduction$", "introduction"),
    (r"^Background$", "background"),
    (r"^Hepatotoxicity$", "hepatotoxicity"),
    (r"^Likelihood score:", "likelihood_score"),
    (r"^Mechanism of Injury$", "mechanism_of_injury"),
    (r"^Outcome and Management$", "outcome_and_management"),
    (r"^Drug Class:", "drug_class"),
    (r"^PRODUCT INFORMATION$", "product_information"),
    (r"^REPRESENTATIVE TRADE NAMES$", "representative_trade_names"),
    (r"^DRUG CLASS$", "drug_class_product"),
    (r"^COMPLETE LABELING$", "complete_labeling"),
    (r"^CHEMICAL FORMULA AND STRUCTURE$", "chemical_formula_and_structure"),
]


def extractor_available() -> bool:
    if os.environ.get("LIVERTOX_LIBRARY_FACTS"):
        return False
    return all(importlib.util.find_spec(f"livertox_kg.{m}") for m in ("text_reader", "extract"))


def _sections(text: str):
    from livertox_kg.model import Section

    marks = []
    for match in re.finditer(r"^.*$", text, re.MULTILINE):
        line = match.group(0).strip()
        for pattern, key in _HEADINGS:
            if re.match(pattern, line):
                # headings that carry their content on the same line start at the line itself
                body = match.start() if key in ("likelihood_score", "drug_class") else match.end() + 1
                marks.append((key, line, match.start(), body))
                break
    sections = []
    for i, (key, title, _, body) in enumerate(marks):
        end = marks[i + 1][2] if i + 1 < len(marks) else len(text)
        sections.append(Section(key, title, body, end, text[body:end]))
    return sections


def _evidence(path: Path, text: str, section: str, quote: str):
    from livertox_kg.model import Evidence

    # the text breaks lines anywhere, also right after a hyphen ('self-\nlimited')
    pattern = r"\s+".join(re.escape(word).replace(r"\-", r"-\s*") for word in quote.split())
    match = re.search(pattern, text)
    if match is None:
        raise AssertionError(f"{path.name}: quote not in text: {quote!r}")
    return Evidence(str(path), section, " ".join(quote.split()), match.start(), match.end())


def hand_written_items(sources=None):
    """``Loaded`` items (as ``build.read_and_extract`` yields them) from tests/fixtures/facts."""
    from livertox_kg.model import AgentRecord, Fact, Monograph
    from livertox_kg.sources import Loaded

    for spec_path in sorted(FIXTURE_FACTS.glob("*.json")):
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        path = ROOT / spec["text"]
        text = path.read_text(encoding="utf-8")
        monograph = Monograph(str(path), text, hashlib.sha256(text.encode()).hexdigest(),
                              "pdf-text", _sections(text), title=spec["name"])
        record = AgentRecord(spec["name"], monograph)
        for field, value, section, quote, *flags in spec["facts"]:  # flags: "hedged"
            record.facts.append(Fact(field, value, _evidence(path, text, section, quote),
                                     hedged="hedged" in flags))
        yield Loaded(str(path), "text", monograph=monograph, records=[record])


def build_store(target: Path, *, force_facts: bool = False):
    """Build the library store at ``target`` (a path that does not exist yet); returns the report."""
    from livertox_kg import build

    if extractor_available() and not force_facts:
        report = build.run_build(SOURCES, target, progress=False, log=lambda line: None)
    else:
        with mock.patch.object(build, "read_and_extract",
                               lambda sources, progress=None: hand_written_items(sources)):
            report = build.run_build(SOURCES, target, progress=False, log=lambda line: None)
    assert not report.skipped, [(s.source, s.reason) for s in report.skipped]
    return report


@functools.cache
def library_store_path() -> Path:
    """The session's store (built on first use, removed at exit)."""
    root = Path(tempfile.mkdtemp(prefix="livertox-library-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    store = root / "store"
    build_store(store)
    return store
