"""Indication items by construction (issue 9: whole conditions, nothing that is not a condition).
Each case is an invented sentence about the invented agent 'Drugq' (no real page text)."""

from __future__ import annotations

from functools import partial

import pytest

from test_extract_structure import facts as _facts

INTRO = "Introduction\n\nDrugq is an oral agent that has been linked to rare instances of liver injury.\n\nBackground\n\n"
facts = partial(_facts, intro=INTRO)


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # a parenthesis saying how the drug is given qualifies the therapy, not the condition
        ("Current indications include treatment of cerebral toxoplasmosis (combined with Drugz).",
         ["cerebral toxoplasmosis"]),
        ("Drugq is indicated for the treatment of chronic sinusitis (Drugq alone) and otitis media (in "
         "combination with Drugz).", ["chronic sinusitis", "otitis media"]),
        # a laboratory or animal finding is no indication; an agent or a process is no condition
        ("Drugq has potent activity against colon and gastric cancer in vitro.", []),
        ("Drugq showed activity against the kindling of seizures in several animal models.", []),
        ("Drugq has activity against many fungal agents.", []),
        ("Drugq has activity against scabies and pediculosis.", ["scabies", "pediculosis"]),
        # a generic head with only adjectives before its members names their class, no condition
        ("Drugq is also used in severe inflammatory conditions including sarcoidosis and pemphigus.",
         ["sarcoidosis", "pemphigus"]),
        # a specific class before its members stays
        ("Drugq is indicated for respiratory infections including bronchitis and sinusitis.",
         ["respiratory infections", "bronchitis", "sinusitis"]),
        # a purpose noun, also with its own modifier, before the condition is no part of it
        ("Current indications are for metabolic control in type 1 diabetes.", ["type 1 diabetes"]),
        ("Drugq is used for the temporary alleviation of itching in chronic urticaria.",
         ["itching in chronic urticaria"]),
        # an abbreviation in parentheses stays
        ("Drugq is indicated for the treatment of chronic myeloid leukemia (CML).",
         ["chronic myeloid leukemia (CML)"]),
    ],
)
def test_indication_constructions(sentence, expected):
    assert sorted(facts(sentence, "indications") or []) == sorted(expected)
