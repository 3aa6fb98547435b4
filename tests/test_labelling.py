"""The labelling checker (tests/check_expected.py) accepts a mechanism target distributed from a coordination
only when the item names the verbatim span and the target is one conjunct of it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _checker():
    spec = importlib.util.spec_from_file_location("check_expected", ROOT / "tests" / "check_expected.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("check_expected", mod)
    spec.loader.exec_module(mod)
    return mod


check = _checker()


@pytest.mark.parametrize("value, span, ok", [
    ("DNA synthesis", "DNA, RNA and protein synthesis", True),
    ("RNA synthesis", "DNA, RNA and protein synthesis", True),
    ("protein synthesis", "DNA, RNA and protein synthesis", True),
    ("alpha-adrenergic receptor", "alpha- and beta-adrenergic receptor", True),
    ("histamine-mediated effects", "histamine- and serotonin-mediated effects", True),
    ("serotonin 5-HT3 receptors", "serotonin 5-HT2 and 5-HT3 receptors", True),
    ("Q9 receptor", "Q7 and a Q9 receptor", True),
    ("gastric lipase", "pancreatic as well as gastric lipase", True),
    ("serotonin reuptake", "serotonin or norepinephrine reuptake", True),
    ("M2 subtypes of the M receptor", "M1, M2 and M3 subtypes of the M receptor", True),
    ("serotonin receptors", "serotonin 5-HT2 and 5-HT3 receptors", False),   # every conjunct cut
    ("RNA protein synthesis", "DNA, RNA and protein synthesis", False),       # only a coordinator cut
    ("M1 and M3 subtypes of the M receptor", "M1, M2 and M3 subtypes of the M receptor", False),
    ("alpha- receptor", "alpha- and beta-adrenergic receptor", False),         # dangling hyphen
    ("alpha-adrenergic", "alpha- and beta-adrenergic receptor", False),        # shared head dropped
    ("dopamine synthesis", "DNA, RNA and protein synthesis", False),
    ("DNA, RNA and protein synthesis", "DNA, RNA and protein synthesis", False),
])
def test_a_distributed_target_is_one_conjunct_of_its_span(value, span, ok):
    assert check.is_conjunct(value, span) is ok


def test_a_non_verbatim_target_needs_a_verbatim_span_it_is_a_conjunct_of():
    text = "Last Update: May 1, 2020\nOlmerin inhibits DNA, RNA and protein synthesis."

    def problems(**item):
        entry = {"last_update": "2020-05-01", "mechanism": [{"action": "inhibits", "hedged": False} | item]}
        return check.check_entry(entry, text)[0]

    assert problems(target="RNA synthesis", target_from="DNA, RNA and protein synthesis") == []
    assert problems(target="RNA synthesis") == ["mechanism.target: 'RNA synthesis' not in the text"]
    assert problems(target="RNA synthesis", target_from="DNA, RNA and lipid synthesis") == [
        "mechanism.target_from: 'DNA, RNA and lipid synthesis' not in the text"]
    assert problems(target="lipid synthesis", target_from="DNA, RNA and protein synthesis") == [
        "mechanism.target: 'lipid synthesis' is not a conjunct of 'DNA, RNA and protein synthesis'"]
