"""Brand names recognised through FDA's brand listing (data/lexicon/brand-names.tsv, derived from the UNII
Names list by data/lexicon/derive_brand_names.py): a capitalised name the listing gives as a brand of
the agent itself is a brand, whatever the construction; another substance's brand is not.

The construction tests use an invented listing and invented sentences (the agent is 'Drugq'); the
last tests check the derivation on an invented UNII file and the committed table's shape."""

from __future__ import annotations

import importlib.util
import re

import pytest

from livertox_kg.extraction import lexicon, product
from livertox_kg.paths import LEXICON_DIR
from test_extract_structure import facts

LISTING = {
    "soloq": frozenset({"drugq"}),
    "soloq xr": frozenset({"drugq"}),
    "drop q": frozenset({"drugq"}),
    "combiq": frozenset({"drugq", "otherdrug"}),
    "otherex": frozenset({"otherdrug"}),
}


@pytest.fixture
def listing(monkeypatch):
    monkeypatch.setattr(product, "brand_substances", lambda: LISTING)


@pytest.mark.parametrize(
    "sentence,brands,combination",
    [
        # 'available as <Brand> in <form>': no brand cue, the listing says whose brand it is
        ("Drugq is available as Soloq in tablets of 2 mg.", ["Soloq"], []),
        # a name after a dose form, and the longest listed name ('Soloq XR', not 'Soloq')
        ("Drugq is available as tablets of 5 mg and as extended release capsules as Soloq XR.", ["Soloq XR"], []),
        # a hyphenated name, matched with its hyphen folded
        ("Drugq comes as eye drops (Drop-Q) and tablets.", ["Drop-Q"], []),
        # names glossed in parentheses, after a list the brand-cue rule reads only in part
        ("Drugq is available under the brand names Firstq (liposome), Soloq (lipid complex) and others.",
         ["Firstq", "Soloq"], []),
        # another substance's brand is not the agent's
        ("Drugq is related to otherdrug (Otherex), which is available as tablets.", [], []),
        # a brand the listing gives under two substances, one of them the agent, is a combination's
        ("Drugq is also available with otherdrug as Combiq.", [], ["Combiq"]),
        # negated: no fact
        ("Drugq is not available as Soloq in this country.", [], []),
    ],
)
def test_listed_brand_of_the_agent(listing, sentence, brands, combination):
    assert (facts(sentence, "brand_names") or []) == brands
    assert (facts(sentence, "combination_brand_names") or []) == combination


def test_listed_brand_needs_the_listing(monkeypatch):
    monkeypatch.setattr(product, "brand_substances", lambda: {})
    assert not facts("Drugq is available as Soloq in tablets of 2 mg.", "brand_names")


def _derive_module():
    spec = importlib.util.spec_from_file_location("derive_brand_names", LEXICON_DIR / "derive_brand_names.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_derivation_keeps_brand_names_of_official_substances(tmp_path):
    unii = tmp_path / "UNII_Names.txt"
    unii.write_text(
        "Name\tTYPE\tUNII\tDisplay Name\n"
        "DRUGQ\tof\tAAAAAAAAAA\tDRUGQ\n"
        "DRUGQ HYDROCHLORIDE\tof\tBBBBBBBBBB\tDRUGQ HYDROCHLORIDE\n"
        "OTHERDRUG\tof\tCCCCCCCCCC\tOTHERDRUG\n"
        "SOLOQ\tbn\tBBBBBBBBBB\tDRUGQ HYDROCHLORIDE\n"  # a salt's brand is the parent's
        "SOLOQ XR [ORANGE BOOK]\tbn\tAAAAAAAAAA\tDRUGQ\n"
        "COMBIQ COMPONENT DRUGQ\tbn\tAAAAAAAAAA\tDRUGQ\n"
        "COMBIQ COMPONENT OTHERDRUG\tbn\tCCCCCCCCCC\tOTHERDRUG\n"
        "OTHERDRUG\tbn\tCCCCCCCCCC\tOTHERDRUG\n"  # a generic name listed as a brand: left out
        "MIX 5/10\tbn\tAAAAAAAAAA\tDRUGQ\n"  # not a name of words
        "GLOWQ\tbn\tDDDDDDDDDD\tSOME WAX\n"  # a substance without an official name
        "SOME WAX\tcn\tDDDDDDDDDD\tSOME WAX\n",
        encoding="utf-8",
    )
    table = _derive_module().derive(unii)
    assert table == {"drugq": {"soloq", "soloq xr", "combiq"}, "otherdrug": {"combiq"}}


def test_derivation_refuses_another_table(tmp_path):
    bad = tmp_path / "names.txt"
    bad.write_text("name\tkind\nX\ty\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="not a UNII Names list"):
        list(_derive_module().rows(bad))


def test_committed_table_records_its_source_and_is_lower_case():
    text = (LEXICON_DIR / "brand-names.tsv").read_text(encoding="utf-8")
    head = [line for line in text.splitlines() if line.startswith("#")]
    assert any("UNII Names" in line for line in head)
    assert any(re.search(r"sha256 [0-9a-f]{64}", line) for line in head)
    rows = lexicon.read_tsv("brand-names.tsv")
    assert len(rows) > 1000
    assert all(r["substance"] == r["substance"].lower() and r["brands"] == r["brands"].lower() for r in rows)
    listing = lexicon.brand_substances()
    # generic names are never brands in the table
    assert not {"chlorambucil", "griseofulvin", "atorvastatin"} & set(listing)
    assert "atorvastatin" in listing["lipitor"]
