"""Forms read by the structure of the phrase rather than by a listed wording: dose forms as
coordinated form-noun lists, chemical classes by the morphology of the head noun, indication
lists by their coordination, mechanism targets that end where another clause or apposition
starts. The sentences are written for this test (no drug named: the agent is 'Drugq')."""

from __future__ import annotations

import pytest

from livertox_kg.extraction import extract
from livertox_kg.text_reader import read_text

INTRO = "Introduction\n\nDrugq is an oral agent used widely for the treatment of mild pain in adults.\n\nBackground\n\n"


def facts(sentence: str, field: str, intro: str = INTRO):
    records = extract(read_text(intro + sentence + "\n", source="drugq.txt"))
    return records[0].to_json().get(field)


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # a coordinated list of form nouns sharing one purpose is one piece; forms without strengths of
        # their own are one run, as written (LABELLING.md DF4)
        ("Drugq is available in oral and parenteral forms and as gels, foam, lotion and creams for topical use.",
         "oral and parenteral forms and as gels, foam, lotion and creams for topical use"),
        # a strength or a purpose ends a piece (DF2)
        ("Drugq is available as syrup for pediatric use and as drops.", "syrup for pediatric use; drops"),
        # a strength as a range, a compound form head, a conjunct after 'and a'
        ("Drugq is available in capsules and tablets ranging from 20 to 100 mg, and as oral suspensions for "
         "pediatric use.", "capsules and tablets ranging from 20 to 100 mg; oral suspensions for pediatric use"),
        ("Drugq is available as an oral suspension (200 mg/mL) and a powder for injection (500 mg).",
         "oral suspension (200 mg/mL); powder for injection (500 mg)"),
        ("Drugq is available as tablets of 5 mg and as a liquid solution for oral use.",
         "tablets of 5 mg; liquid solution for oral use"),
        # forms listed after 'include'; a concentration after the strength
        ("Oral formulations of drugq include capsules of 75, 150 and 300 mg.", "capsules of 75, 150 and 300 mg"),
        ("Drugq is available in vials of 10 and 50 mL in concentrations of 20 mg/mL.",
         "vials of 10 and 50 mL in concentrations of 20 mg/mL"),
        # another drug's products are not this drug's
        ("Otherdrug was approved in 2002 and is available in tablets of 5, 10, and 20 mg.", None),
    ],
)
def test_dose_forms(sentence, expected):
    assert facts(sentence, "dose_forms_and_strengths") == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # the head noun's morphology names a chemical class (no listed word)
        ("Drugq is a synthetic taxane that is used in cancer chemotherapy.", "synthetic taxane"),
        ("Drugq is a butyrophenone used for agitation.", "butyrophenone"),
        # a therapeutic head is no chemical class, whatever its modifiers
        ("Drugq is a cholesterol lowering agent used widely.", None),
        ("Drugq is a commonly used antidepressant.", None),
        # a lone adjective or name before a comma is coordinated or restated by what follows
        ("Drugq is a synthetic, nitrogen mustard-like alkylating agent that is used in cancer.",
         "nitrogen mustard-like alkylating agent"),
        ("Drugq is a tetrahydrolipstatin, a saturated derivative of lipstatin which inhibits lipase.",
         "saturated derivative of lipstatin"),
        # how much it is used is no part of it; an apposition of the subject is skipped
        ("Drugq is a previously widely used halogenated inhalation anesthetic agent similar to others.",
         "halogenated inhalation anesthetic agent"),
        ("Drugq, also called drugqin A, is a cyclic polypeptide of 11 amino acids produced by a fungus.",
         "cyclic polypeptide of 11 amino acids"),
    ],
)
def test_chemical_description(sentence, expected):
    assert facts(sentence, "chemical_description") == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("Indications for drugq include major depression, panic disorder and social anxiety.",
         ["major depression", "panic disorder", "social anxiety"]),
        ("Its indications have broadened to peptic ulcer disease, gastroesophageal reflux disease and "
         "prevention of stress ulcers.", ["peptic ulcer disease", "gastroesophageal reflux disease", "stress ulcers"]),
        ("Current indications now include rheumatoid and psoriatic arthritis, discoid and systemic lupus "
         "erythematosus and prevention and treatment of malaria.",
         ["rheumatoid and psoriatic arthritis", "discoid and systemic lupus erythematosus", "malaria"]),
    ],
)
def test_indications(sentence, expected):
    # an introduction that names no indication of its own
    intro = "Introduction\n\nDrugq is an oral agent.\n\nBackground\n\n"
    assert sorted(facts(sentence, "indications", intro) or []) == sorted(expected)


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("Drugq is believed to block post-synaptic glutamate receptors and to inactivate sodium channels.",
         ("block", "post-synaptic glutamate receptors")),
        ("Drugq is a monoclonal antibody to CD20 a cell surface antigen found on B lymphocytes.",
         ("antibody", "CD20")),
        ("Drugq is thought to stabilize lysosomal membranes inhibiting phagocytosis.",
         ("stabilize", "lysosomal membranes")),
        ("Drugq acts by replacing the more toxic bile acids with drugq.",
         ("replacing", "more toxic bile acids")),
        # a noun action coordinated with another noun ('an A receptor antagonist and B diuretic')
        ("Drugq is an aldosterone receptor antagonist and potassium-sparing diuretic widely used for edema.",
         ("antagonist", "aldosterone receptor")),
    ],
)
def test_mechanism_target_ends(sentence, expected):
    got = [(m["action"], m["target"]) for m in facts(sentence, "mechanism") or []]
    assert expected in got
