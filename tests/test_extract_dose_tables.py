"""The extractor follows the decision tables of tests/LABELLING.md for dose forms (DF1-DF9), the
recommended adult dose (RD1-RD8) and indications (IN1-IN10): each row's invented example, put in a page
about the drug it names, yields the row's value. The examples are the table's own (invented drugs, no
page text); tests/test_labelling.py checks that they are invented and that the labels follow them."""

from __future__ import annotations

import re

import pytest

from livertox_kg.extraction import extract
from livertox_kg.text_reader import read_text
from test_labelling import FIELD_OF, _field_entry, _field_rows

ROWS = _field_rows()
# the invented drugs of the examples: a capitalised word that is no sentence opener
DRUG = re.compile(r"\b(velbrozide|olmerin|prucafen|zendaril|tarnaxib)\b", re.I)


def page(example: str) -> tuple[str, str]:
    m = DRUG.search(example)
    name = m.group(1).capitalize() if m else "Velbrozide"
    text = (f"{name}\n\nIntroduction\n\n{name} is a medication with a well known safety record.\n\n"
            f"Background\n\n{example}\n")
    return name, text


@pytest.mark.parametrize("rid", sorted(ROWS, key=lambda r: (r[:2], int(r[2:]))))
def test_row_example_yields_its_value(rid):
    _case, _decision, example, value = ROWS[rid]
    field = FIELD_OF[rid[:2]]
    expected = _field_entry(rid, value)[field]
    name, text = page(example.strip('"'))
    got = extract(read_text(text, source=f"{name.lower()}.txt"))[0].to_json().get(field)
    if field == "indications":
        assert sorted(i.lower() for i in got or []) == sorted(i.lower() for i in expected or []), (rid, got)
    else:
        assert got == expected, (rid, got)
