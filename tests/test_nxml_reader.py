"""BITS/NXML reader: sections, metadata, content types, entity recovery, unusable files."""

import datetime as dt

import pytest

from tests._ingest_helpers import NXML_DIR
from livertox_kg.model import SECTION_KEYS, SourceError
from livertox_kg.nxml_reader import read_nxml, section_key


def read(name, warnings=None):
    return read_nxml((NXML_DIR / name).read_bytes(), name, warnings)


def test_single_agent_record_metadata_and_sections():
    m = read("baclofen.nxml")
    assert (m.title, m.record_id, m.format, m.content_type) == ("Baclofen", "Baclofen", "nxml", "drug")
    assert m.last_update == dt.date(2018, 3, 15)
    keys = [s.key for s in m.sections]
    assert keys == ["overview", "introduction", "background", "hepatotoxicity", "likelihood_score",
                    "mechanism_of_injury", "outcome_and_management", "drug_class",
                    "product_information", "representative_trade_names", "drug_class_product",
                    "complete_labeling", "chemical_formula_and_structure"]
    assert set(keys) <= set(SECTION_KEYS)
    for s in m.sections:  # offsets index into the text
        assert m.text[s.start:s.end] == s.text
    assert m.section("likelihood_score").text == (
        "Likelihood score: D (Possible, rare cause of clinically apparent liver injury).")
    assert m.section("drug_class").text == "Drug Class: Muscle Relaxants"
    assert m.section("drug_class_product").text == "Autonomic Agents: Muscle Relaxants, Central"
    assert m.section("introduction").text.startswith("Baclofen is a centrally acting muscle relaxant")
    assert "multiple sclerosis." in m.section("introduction").text  # de-wrapped, folded
    assert "\n" not in m.section("introduction").text


def test_text_rendering_shape():
    m = read("baclofen.nxml")
    lines = m.text.split("\n")
    assert lines[:3] == ["OVERVIEW", "", "Introduction"]  # headings on their own lines
    assert "Baclofen  1134-47-0  C10-H12-Cl-N-O2" in lines  # table cells two spaces apart
    assert "DRUG  CAS REGISTRY NO  MOLECULAR FORMULA  STRUCTURE" in lines
    assert "\n\nLikelihood score: D" in m.text
    assert len(m.sha256) == 64


def test_class_overview_with_list_and_bibliography():
    m = read("muscle_relaxants.nxml")
    assert m.content_type == "class-overview"
    assert m.last_update == dt.date(2020, 2, 2)  # month given as a name
    assert [s.key for s in m.sections] == ["overview", "annotated_bibliography"]
    overview = m.section("overview").text
    assert "\n\nCarisoprodol\n\n" in overview  # list items as paragraphs
    assert m.section("annotated_bibliography").text.startswith("Zimmerman HJ.")


def test_multi_agent_record():
    m = read("carisoprodol_meprobamate.nxml")
    assert m.content_type == "multi-agent"
    assert m.title == "Carisoprodol and Meprobamate"
    scores = [s.text for s in m.sections if s.key == "likelihood_score"]
    assert [t.split(":")[0] for t in scores] == ["Likelihood score (carisoprodol)",
                                                  "Likelihood score (meprobamate)"]
    table = m.section("chemical_formula_and_structure").text.split("\n")
    assert table[1:] == ["Carisoprodol  78-44-4  C12-H24-N2-O4", "Meprobamate  57-53-4  C9-H18-N2-O4"]


def test_toc_is_recognised_not_an_error():
    m = read("toc.nxml")
    assert m.content_type == "toc"
    assert "Baclofen" in m.text


def test_undefined_entities_recovered_text_kept():
    warnings = []
    m = read("methocarbamol_entities.nxml", warnings)
    background = m.section("background").text
    assert background.startswith("Methocarbamol is available in 500 and 750 mg tablets – both")
    assert "in combination & under the brand names of Robaxin and Marbaxin in several" in background
    assert m.section("representative_trade_names").text == "Methocarbamol – Generic, Robaxin®"
    assert m.section("likelihood_score").text.startswith("Likelihood score: E")
    assert any("&nbsp;" in w for w in warnings) and any("&ndash;" in w for w in warnings)
    assert any("&zzunknown;" in w and "dropped" in w for w in warnings)


def test_entity_warning_is_logged(caplog):
    read("methocarbamol_entities.nxml")
    assert any("methocarbamol_entities.nxml" in r.getMessage() and "&nbsp;" in r.getMessage()
               for r in caplog.records)


def test_no_dtd_or_network_access(monkeypatch):
    """The fixtures name an external DTD; reading must neither load it nor resolve entities."""
    data = (NXML_DIR / "baclofen.nxml").read_bytes().replace(
        b'"BITS-book2.dtd"', b'"http://127.0.0.1:9/never.dtd"')
    assert read_nxml(data, "x.nxml").title == "Baclofen"
    xxe = (b'<?xml version="1.0"?><!DOCTYPE book-part [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b'<book-part><book-part-meta><title-group><title>T</title></title-group></book-part-meta>'
           b'<body><sec><title>Introduction</title><p>a &x; b</p></sec></body></book-part>')
    m = read_nxml(xxe, "xxe.nxml")
    assert "root:" not in m.text and m.section("introduction").text == "a b"


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"),
    (b"this is not xml at all", "not XML"),
    (b"<html><body><p>hello</p></body></html>", "no book-part"),
    (b"<book-part><book-part-meta/><body><p>text</p></body></book-part>", "no title"),
    (b"<book-part><book-part-meta><title-group><title>X</title></title-group></book-part-meta>"
     b"</book-part>", "no body text"),
])
def test_unusable_files_raise_source_error(data, reason):
    with pytest.raises(SourceError) as err:
        read_nxml(data, "bad.nxml")
    assert err.value.source == "bad.nxml" and reason in err.value.reason


def test_truncated_record_recovered_with_warning():
    data = (NXML_DIR / "baclofen.nxml").read_bytes()
    cut = data[: data.index(b"Mechanism of Injury")]
    warnings = []
    m = read_nxml(cut, "cut.nxml", warnings)
    assert m.section("likelihood_score") is not None
    assert any("XML recovered" in w for w in warnings)


def test_section_keys():
    assert section_key("DRUG CLASS") == "drug_class"
    assert section_key("DRUG CLASS", in_product_information=True) == "drug_class_product"
    assert section_key("Case Report") == section_key("Case 1. Acute hepatitis.") == "case_report"
    assert section_key("References") == "annotated_bibliography"
    assert section_key("Mechanism of Injury") == "mechanism_of_injury"
    assert section_key("Other Considerations: Pregnancy") == "other_considerations_pregnancy"
