"""Master-list workbook: header on row 2, stop at the first empty row, facts with provenance,
conflicts with monograph facts."""

import datetime as dt

import pytest

from tests._ingest_helpers import make_workbook
from livertox_kg.model import AgentRecord, Evidence, Fact, Monograph, SourceError
from livertox_kg.workbook import (find_conflicts, parse_score, read_master_list, read_workbook,
                                  split_brands)


@pytest.fixture()
def workbook(tmp_path):
    path = tmp_path / "LiverTox_Master_List.xlsx"
    make_workbook(path)
    return path


def by_name(records):
    return {r.name: r for r in records}


def test_rows_read_until_first_empty_row(workbook):
    records = read_master_list(workbook)
    assert [r.name for r in records] == ["Baclofen", "Carisoprodol", "Acetaminophen", "Amiodarone",
                                         "Ashwagandha"]  # summary rows after the gap not read


def test_fields_mapped(workbook):
    recs = by_name(read_master_list(workbook))
    bac = recs["Baclofen"].to_json()
    assert bac["likelihood_score"] == "D"
    assert bac["approval_year_us"] == 1977
    assert bac["brand_names"] == ["Lioresal", "Gablofen"]
    assert bac["drug_classes"] == ["Muscle Relaxants"]
    assert bac["last_update"] == "2018-03-15"
    apap = recs["Acetaminophen"]
    assert apap.values("likelihood_score") == ["A"] and apap.values("likelihood_qualifier") == ["HD"]
    assert apap.values("brand_names") == ["Tylenol"]
    assert apap.values("drug_classes") == ["Analgesics", "Nonopioid analgesics"]
    assert apap.values("last_update") == [dt.date(2020, 1, 5)]
    amio = recs["Amiodarone"]
    assert amio.values("brand_names") == ["Cordarone"]  # 'Generic' is not a brand
    assert amio.values("approval_year_us") == [1985]
    assert recs["Ashwagandha"].values("likelihood_score") == ["E*"]
    assert recs["Ashwagandha"].values("approval_year_us") == []


def test_provenance_row_offsets(workbook):
    monograph, records = read_workbook(workbook)
    assert monograph.format == "xlsx" and monograph.source == str(workbook)
    assert monograph.text.split("\n")[0].startswith("Count\tIngredient\tBrand Name")
    (section,) = monograph.sections
    assert (section.key, section.title) == ("master_list", "Master List")
    assert section.text.split("\n")[0].startswith("1\tBaclofen") and len(section.text.split("\n")) == 5
    assert monograph.title == "LiverTox_Master_List"
    for rec in records:
        for fact in rec.facts:
            ev = fact.evidence
            assert ev.source == str(workbook) and ev.section == "master_list"
            assert monograph.text[ev.start:ev.end] == ev.quote
            assert ev.quote.split("\t")[1] == rec.name
            assert section.start <= ev.start < ev.end <= section.end


def test_parse_helpers():
    assert parse_score("E*") == ("E*", None)
    assert parse_score("A[HD]") == ("A", "HD")
    assert parse_score("B [HD]") == ("B", "HD")
    assert parse_score("x") == ("X", None)
    assert parse_score("unknown") is None
    assert split_brands("Soma; Vanadom, Generic") == ["Soma", "Vanadom"]


def test_bad_workbook(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(SourceError):
        read_master_list(bad)
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["no", "header", "here"])
    wb.save(tmp_path / "noheader.xlsx")
    with pytest.raises(SourceError, match="Ingredient"):
        read_master_list(tmp_path / "noheader.xlsx")


def _monograph_record(name, source, **facts):
    mono = Monograph(source=source, text="", sha256="0" * 64, format="nxml", sections=[])
    rec = AgentRecord(name, mono)
    for field, values in facts.items():
        for v in values if isinstance(values, list) else [values]:
            rec.facts.append(Fact(field, v, Evidence(source, "background", str(v), 0, 0)))
    return rec


def test_conflicts_found_and_both_sources_kept(workbook):
    records = read_master_list(workbook)
    records.append(_monograph_record("carisoprodol", "cm.nxml", approval_year_us=1959,
                                     likelihood_score="E", drug_classes="Muscle Relaxants"))
    records.append(_monograph_record("Baclofen", "baclofen.txt", approval_year_us=1977,
                                     likelihood_score="D",
                                     drug_class_paths="Autonomic Agents: Muscle Relaxants, Central"))
    records.append(_monograph_record("Acetaminophen", "apap.nxml", likelihood_score="A",
                                     drug_classes="Antipyretics"))
    conflicts = find_conflicts(records)
    got = {(c.agent, c.field, str(c.workbook_value), str(c.monograph_value)) for c in conflicts}
    assert got == {
        ("Carisoprodol", "approval_year_us", "1960", "1959"),
        ("Acetaminophen", "likelihood_score", "A[HD]", "A"),
        ("Acetaminophen", "drug_classes", "['Analgesics', 'Nonopioid analgesics']", "['Antipyretics']"),
    }
    year = next(c for c in conflicts if c.field == "approval_year_us")
    assert year.workbook_evidence.source == str(workbook) and year.monograph_source == "cm.nxml"
    assert "1960" in year.describe() and "cm.nxml" in year.describe()


def test_conflict_between_workbook_and_extracted_nxml(workbook):
    """End to end: fixtures read and extracted, the master list's 1960 vs the record's 1959."""
    from livertox_kg.extract import extract
    from livertox_kg.sources import load_sources
    from tests._ingest_helpers import NXML_DIR

    records = []
    for item in load_sources([NXML_DIR, workbook]):
        assert item.error is None, item.error
        if item.ok:
            records += item.records if item.records is not None else extract(item.monograph)
    conflicts = find_conflicts(records)
    assert [(c.agent, c.field, c.workbook_value, c.monograph_value) for c in conflicts] == [
        ("Carisoprodol", "approval_year_us", 1960, 1959)]
    assert conflicts[0].monograph_source.endswith("carisoprodol_meprobamate.nxml")
