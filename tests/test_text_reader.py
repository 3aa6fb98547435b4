"""Reading monograph text: renderings, boilerplate, sections, offsets, errors, sentences."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from livertox_kg.model import SourceError
from livertox_kg.sentences import Splitter, section_sentences, split_points
from livertox_kg.text_reader import read_path, read_text

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
SEED = ROOT / "data" / "monographs" / "baclofen.txt"


def test_seed_sections_and_name():
    mono = read_path(SEED)
    assert mono.format == "pdf-text"
    assert mono.title == "Baclofen"  # inferred: the seed has no title line
    keys = [s.key for s in mono.sections]
    for key in ("introduction", "background", "hepatotoxicity", "likelihood_score",
                "mechanism_of_injury", "outcome_and_management", "drug_class",
                "representative_trade_names", "drug_class_product", "complete_labeling",
                "chemical_formula_and_structure"):
        assert key in keys
    for sec in mono.sections:
        assert mono.text[sec.start:sec.end] == sec.text
    assert mono.text == SEED.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "file,title,date",
    [
        ("ashwagandha.txt", "Ashwagandha", dt.date(2019, 5, 2)),
        ("atorvastatin.txt", "Atorvastatin", dt.date(2021, 12, 1)),
        ("halothane.txt", "Halothane", None),
        ("ibuprofen.txt", "Ibuprofen", None),
        ("methocarbamol.txt", "Methocarbamol", None),
        ("nitrofurantoin.txt", "Nitrofurantoin", None),
    ],
)
def test_web_renderings(file, title, date):
    mono = read_path(CORPUS / file)
    assert mono.format == "web-page"
    assert mono.title == title
    assert mono.last_update == date
    for sec in mono.sections:
        assert "Show details" not in sec.text and "NCBI Bookshelf" not in sec.text
        assert mono.text[sec.start:sec.end] == sec.text


def test_glued_show_details_heading():
    mono = read_path(CORPUS / "halothane.txt")
    assert [s.key for s in mono.sections][:3] == ["overview", "introduction", "background"]


def test_headingless_rendering_is_one_body_section():
    mono = read_path(CORPUS / "ibuprofen.txt")
    assert [s.key for s in mono.sections] == ["body"]
    first = [s for s in section_sentences(mono, mono.sections[0]) if s.paragraph == 0]
    assert first[0].text.startswith("Ibuprofen is a commonly used")


def test_unknown_heading_gets_slug():
    text = ("Drugx\n\nOVERVIEW\n\nIntroduction\n\nDrugx is an agent used in some disease states today.\n\n"
            "Pharmacokinetics\n\nDrugx is cleared by the kidneys within hours of dosing.\n")
    mono = read_text(text)
    assert [s.key for s in mono.sections] == ["overview", "introduction", "pharmacokinetics"]


def test_case_headings():
    text = ("Introduction\nDrugy is a medication that is used for many conditions in adults.\n"
            "CASE REPORT\nCase 1. Acute hepatitis due to drugy.\nA 45 year old woman developed jaundice.\n")
    mono = read_text(text)
    keys = [s.key for s in mono.sections]
    assert keys.count("case_report") == 2


@pytest.mark.parametrize(
    "data,reason",
    [(b"", "empty file"), (b"   \n\n", "empty file"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary"),
     (b"caf\xe9 au lait is a drink", "not UTF-8"), (b"lorem\nipsum\n12345\n", "no recognisable")],
)
def test_bad_sources_name_the_file(tmp_path, data, reason):
    path = tmp_path / "broken-monograph.txt"
    path.write_bytes(data)
    with pytest.raises(SourceError) as err:
        read_path(path)
    assert str(path) in str(err.value) and reason in str(err.value)


def test_missing_file():
    with pytest.raises(SourceError, match="nonexistent.txt"):
        read_path("/nonexistent/dir/nonexistent.txt")


def test_sentence_abbreviations_and_decimals():
    text = ("Dr. Smith gave 0.5 mg/mL doses, e.g. in adults, i.e. not children (~15%). "
            "Levels rose to 2.5 mg. The drug was stopped.")
    spans = [text[s:e].strip() for s, e in split_points(text)]
    assert spans == [
        "Dr. Smith gave 0.5 mg/mL doses, e.g. in adults, i.e. not children (~15%).",
        "Levels rose to 2.5 mg.",
        "The drug was stopped.",
    ]


def test_line_end_hyphens():
    text = ("Cases are self-\nlimited. The hepato-\ntoxicity was mild; hepatotoxicity is rare. "
            "It was attri-\nbuted to the drug.\n")
    sp = Splitter(text, pdf_wrapped=True)
    sents = [s.text for s in sp.sentences(0, len(text))]
    assert sents[0] == "Cases are self-limited."
    assert sents[1] == "The hepatotoxicity was mild; hepatotoxicity is rare."
    assert sents[2] == "It was attributed to the drug."


def test_truncated_sentence_states_only_complete_words():
    mono = read_path(CORPUS / "ibuprofen.txt")
    last = section_sentences(mono, mono.sections[0])[-1]
    assert last.truncated and last.text.endswith("but ma")
    assert last.stated == "Side effects are not common, but"
