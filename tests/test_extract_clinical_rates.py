"""The share of patients with serum enzyme elevations, in the wordings of the language rather than
of a page: stacked qualifiers, fractions, a rate in parentheses, 'liver test abnormalities', a rate
at the cut of a truncated page. Invented sentences (the agent is 'Drugq')."""

from __future__ import annotations

import pytest

from livertox_kg.extraction import extract
from livertox_kg.text_reader import read_text

HEAD = "Introduction\n\nDrugq is an oral agent used for mild pain.\n\nHepatotoxicity\n\n"


def rate(text: str, end: str = "\n"):
    return extract(read_text(HEAD + text + end, source="drugq.txt"))[0].to_json().get("alt_elevation_rate")


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("Serum aminotransferase elevations occur in approximately up to 8% of patients on drugq.", "approximately up to 8%"),
        ("Therapy with drugq is associated with serum ALT elevations in almost a third of patients.", "almost a third"),
        ("Drugq has been associated with a low rate (3% to 4%) of transient serum enzyme elevations.", "3% to 4%"),
        ("Liver test abnormalities have been reported in 7% to 9% of patients on drugq.", "7% to 9%"),
        # a share of something else is no rate of elevations
        ("Rash occurs in almost half of patients on drugq.", None),
        ("Drugq is not associated with serum enzyme elevations in more than 1% of patients.", None),
    ],
)
def test_alt_rate_wordings(sentence, expected):
    assert rate(sentence) == expected


def test_rate_at_the_cut_of_a_truncated_page():
    # the page ends inside a parenthesis after the rate: the rate is complete
    assert rate("Liver test abnormalities have been reported to occur in 2% to 6% (avera", end="") == "2% to 6%"


def side_effects(text: str, end: str = "\n"):
    intro = "Introduction\n\nDrugq is an oral agent used for mild pain.\n\nBackground\n\n"
    return extract(read_text(intro + text + end, source="drugq.txt"))[0].to_json().get("common_side_effects")


@pytest.mark.parametrize(
    "text,end,expected",
    [
        # a qualifier between the conjunction and the last item is no item
        ("Side effects can include headache, nausea, fatigue and, with long term use, weight gain.", "\n",
         ["headache", "nausea", "fatigue", "weight gain"]),
        # a relative clause after a preposition ends the last item
        ("Common side effects include nausea, dizziness and flares of gout for which reason it is given with colchicine.",
         "\n", ["nausea", "dizziness", "flares of gout"]),
        # a page cut right after a comma or a conjunction: the item before it is complete
        ("Common side effects include insomnia, rash,", "", ["insomnia", "rash"]),
        ("Common side effects include insomnia, rash and", "", ["insomnia", "rash"]),
        # ... but not when the cut may be inside the item
        ("Common side effects include insomnia, bone marrow", "", ["insomnia"]),
    ],
)
def test_side_effect_lists(text, end, expected):
    assert sorted(side_effects(text, end) or []) == sorted(expected)
