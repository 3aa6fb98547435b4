"""Extractor on the PDF-derived seed monograph (data/monographs/baclofen.txt)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from livertox_kg.extract import extract
from livertox_kg.facts_cli import facts
from livertox_kg.text_reader import read_path

SEED = Path(__file__).resolve().parents[1] / "data" / "monographs" / "baclofen.txt"


@pytest.fixture(scope="module")
def record():
    records = extract(read_path(SEED))
    assert len(records) == 1
    return records[0]


@pytest.fixture(scope="module")
def js(record):
    return record.to_json()


def low(items):
    return {str(i).lower() for i in items}


def test_scalars(js):
    assert js["name"] == "Baclofen"
    assert js["last_update"] is None
    assert js["approval_year_us"] == 1977
    assert js["likelihood_score"] == "D"
    assert js["likelihood_description"] == "Possible, rare cause of clinically apparent liver injury"
    assert js["latency"] == "3 months"
    assert js["alt_elevation_rate"] == "5%"
    assert js["hepatic_metabolism"] == "~15%"
    assert js["cas_number"] == "1134-47-0"
    assert js["molecular_formula"] == "C10H12ClNO2"
    assert js["chemical_description"] == "gamma-amino butyric acid (GABA) derivative"
    assert js["recommended_adult_dose"] == "10 to 20 mg orally three to four times daily"


def test_summary_is_folded_introduction(js):
    assert js["summary"].startswith("Baclofen is a centrally acting muscle relaxant")
    assert "multiple sclerosis. Baclofen has not been linked" in js["summary"]


def test_lists(js):
    assert {"lioresal", "remular"} <= low(js["brand_names"])
    assert js["injury_patterns"] == ["hepatocellular"]
    assert js["drug_classes"] == ["Muscle Relaxants"]
    assert js["drug_class_paths"] == ["Autonomic Agents: Muscle Relaxants, Central"]
    assert any("spasticity" in i.lower() for i in js["indications"])
    assert any("alcohol abstinence" in i.lower() for i in js["off_label_uses"])
    assert any("withdrawal" in i.lower() for i in js["off_label_uses"])
    assert low(js["common_side_effects"]) == {"nausea", "drowsiness", "confusion", "dizziness", "fatigue"}


def test_mechanism(js, record):
    """One molecular target (the GABA-B receptor, one IRI); the rest of the Background's mechanism
    sentences are kept as statements that are never target links: a consequence ('thereby
    activating potassium channels and reducing calcium conductance') and a process ('inhibiting
    synaptic reflexes'); 'acts primarily at the level of the spinal cord' names a place, no target."""
    assert [(m["action"], m["target"], m["relation"], m["targets"]) for m in js["mechanism"] if m["kind"] == "target"] == [
        ("agonist", "GABA B receptor", "agonist", ["GABA-B receptor"])
    ]
    assert sorted((m["kind"], m["action"], m["target"]) for m in js["mechanism"] if m["kind"] != "target") == [
        ("downstream", "activating", "potassium channels"),
        ("process", "inhibiting", "synaptic reflexes"),
        ("process", "reducing", "calcium conductance"),
    ]
    assert not any("spinal cord" in m["target"] for m in js["mechanism"])
    assert not any(f.hedged for f in record.facts if f.field == "mechanism")


def test_negated_outcomes(js):
    assert sorted(js["outcomes_not_reported"]) == [
        "acute_liver_failure", "chronic_hepatitis", "vanishing_bile_duct_syndrome"
    ]
    assert js.get("outcomes_reported", []) == []


def test_thresholds_and_cross_sensitivity(js):
    th = sorted((t["multiple_uln"], t["persistent"]) for t in js["discontinuation_thresholds"])
    assert th == [(5, True), (10, False)]
    cs = js["cross_sensitivity"]
    assert cs["suspected"] is False and cs["among"] == "the various muscle relaxants"


def test_nothing_from_negated_introduction_sentence(record):
    mono = record.monograph
    i = mono.text.index("Baclofen has not been linked")
    j = mono.text.index("liver injury.", i) + len("liver injury.")
    for f in record.facts:
        if f.field == "summary":
            continue  # the summary quotes the whole Introduction paragraph
        assert not (f.evidence.start < j and f.evidence.end > i), (f.field, f.value)


def test_hyphen_kept_in_compound(record):
    quotes = [f.evidence.quote for f in record.facts if f.field == "outcomes_not_reported"]
    assert quotes and "self-limited in course" in quotes[0]


def test_cli_json_and_evidence():
    result = CliRunner().invoke(facts, [str(SEED), "--evidence"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["name"] == "Baclofen"
    ev = [e for e in data["evidence"] if e["field"] == "cas_number"][0]
    assert ev["section"] == "chemical_formula_and_structure" and ev["start"] < ev["end"]
    assert "Lioresal®" not in result.output.split('"evidence"')[0]


def test_cli_error(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    result = CliRunner().invoke(facts, [str(bad)])
    assert result.exit_code == 2
    assert re.fullmatch(r"livertox-kg: .*empty\.txt: empty file\n", result.stderr if hasattr(result, "stderr") else result.output)
