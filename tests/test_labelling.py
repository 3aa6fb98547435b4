"""tests/LABELLING.md, the decision table for mechanism items, is sound and every corpus points to it.

Its examples yield their items under the labelling checker (tests/check_expected.py, which also
accepts a target distributed from a coordination when the item names the verbatim span), its
examples are invented (no run of words from any page), and the decisions of its appendix on the
double-labelled pages stand in those pages.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "tests" / "LABELLING.md"
CORPORA = [ROOT / "tests" / name for name in ("corpus", "corpus-heldout", "corpus-pages", "corpus-extra", "corpus-test2", "corpus-test3")]


def _checker():
    spec = importlib.util.spec_from_file_location("check_expected", ROOT / "tests" / "check_expected.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("check_expected", mod)
    spec.loader.exec_module(mod)
    return mod


check = _checker()
ITEM = re.compile(r"`([^`]+)` → `([^`]+)`(?: from `([^`]+)`)?( \(hedged\))?")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split(" | ")]


def _rows() -> dict[str, list[str]]:
    """Decision rows by id: [case, decision, example, items]."""
    rows = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| \*\*([A-Z]\d+)\*\* \| ", line)
        if m:
            assert m.group(1) not in rows, m.group(1)
            rows[m.group(1)] = _cells(line)[1:]
    return rows


def _items(cell: str) -> list[tuple[str, str, str | None, bool]]:
    if cell == "none":
        return []
    found = ITEM.findall(cell)
    assert found and "; ".join(f"`{a}` → `{t}`" + (f" from `{f}`" if f else "") + h for a, t, f, h in found) == cell, cell
    return [(a, t, f or None, bool(h)) for a, t, f, h in found]


def _appendix_a() -> list[list[str]]:
    text = TABLE.read_text(encoding="utf-8")
    part = text[text.index("## Appendix A"):text.index("## Appendix B")]
    return [_cells(line) for line in part.splitlines() if re.match(r"\| \w[\w-]*\.txt \|", line)]


def test_every_corpus_points_to_the_table():
    for corpus in CORPORA:
        conventions = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))["conventions"]
        assert conventions["mechanism_decisions"].startswith("tests/LABELLING.md"), corpus.name
    assert TABLE.exists()


def test_every_row_has_an_example_that_yields_its_items():
    rows = _rows()
    assert len(rows) >= 30 and {r[0] for r in rows} >= set("SHATCKR")
    hedges = re.search(r"governs the clause that states the item: ([^.]+)\.", rows["H1"][1]).group(1).split(", ")
    for rid, (_case, decision, example, items) in rows.items():
        assert example.startswith('"') and example.endswith('"') and decision, rid
        entry = {"mechanism": [{"action": a, "target": t, "hedged": h} | ({"target_from": f} if f else {})
                               for a, t, f, h in _items(items)]}
        entry["last_update"] = None  # the example has no 'Last Update:' line
        problems, _ = check.check_entry(entry, example.strip('"'))
        assert problems == [], (rid, problems)
        if any(h for *_, h in _items(items)):
            assert any(re.search(rf"\b{w.split('(')[0]}", example) for w in hedges), rid


def _assert_invented(rows: dict[str, list[str]], minimum_runs: int) -> None:
    """No example (the third cell of a row) shares a run of eight words with any page of any corpus."""
    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9]+", check.norm(text))

    runs = {}
    for rid, cells in rows.items():
        w = words(cells[2])
        for i in range(len(w) - 7):
            runs.setdefault(" ".join(w[i:i + 8]), rid)
    assert len(runs) > minimum_runs
    for corpus in CORPORA:
        for page in sorted(corpus.glob("*.txt")):
            w = words(page.read_text(encoding="utf-8"))
            shared = {runs[r] for r in (" ".join(w[i:i + 8]) for i in range(len(w) - 7)) if r in runs}
            assert not shared, (page.name, sorted(shared))


def test_examples_are_invented():
    """No example shares a run of eight words with any page of any corpus."""
    _assert_invented(_rows(), 200)


def test_appendix_decides_every_listed_disagreement_with_existing_rows():
    rows = set(_rows())
    lines = _appendix_a()
    assert len(lines) == 17
    used = set()
    for file, item_a, item_b, cited, decided in lines:
        assert item_a != item_b and (_items(item_a) or _items(item_b)), file
        cited_rows = set(cited.split(", "))
        assert cited_rows <= rows, (file, cited_rows - rows)
        used |= cited_rows
        entry = {"mechanism": [{"action": a, "target": t} | ({"target_from": f} if f else {})
                               for a, t, f, _h in _items(decided)]}
        text = (ROOT / "tests" / "corpus-extra" / file).read_text(encoding="utf-8")
        problems = [p for p in check.check_entry(entry, text)[0] if not p.startswith("last_update")]
        assert problems == [], (file, problems)
    summary = re.search(r"All 17 are decided, by (\d+) rows \(([^)]+)\)", TABLE.read_text(encoding="utf-8"))
    assert int(summary.group(1)) == len(used) and set(summary.group(2).split(", ")) == used


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


# Version 2 of the table (issue 9): rows that decide the cases annotators found undecided.
V2_ROWS = ["S8", "S9", "S10", "S11", "S12", "H5", "A8", "A9", "A10", "T10", "T11", "C10", "C11", "C12"]


def _labelled_items():
    for corpus in CORPORA:
        for name in ("expected.json", "second-labels.json"):
            path = corpus / name
            if path.exists():
                for entry in json.loads(path.read_text(encoding="utf-8"))["entries"]:
                    for item in entry.get("mechanism") or []:
                        yield f"{corpus.name}/{name}:{entry['file']}", item


def test_version_2_rows_exist_and_every_cited_row_does():
    rows = _rows()
    assert set(V2_ROWS) <= set(rows)
    text = TABLE.read_text(encoding="utf-8")
    prose = [line for line in text[:text.index("## Appendix A")].splitlines() if not line.startswith("|")]
    cited = set(re.findall(r"\b([SHATCKR]\d{1,2})\b(?![-\w]| blocker)", " ".join(prose + [r[1] for r in rows.values()])))
    assert cited <= set(rows), sorted(cited - set(rows))
    for rid, pointer in [("S2", "S10"), ("S5", "S10"), ("S6", "S8"), ("A3", "A9"), ("T1", "T11"),
                         ("T4", "C10"), ("T5", "S12"), ("T9", "T10")]:
        assert pointer in rows[rid][1], (rid, pointer)


def _closed_list(rid: str, after: str) -> set[str]:
    decision = _rows()[rid][1]
    part = decision[decision.index(after) + len(after):].lstrip(": ")
    return {w.strip(" '") for w in re.split(r",| and ", re.split(r"[(:]", part)[0]) if w.strip()}


def test_labels_follow_the_closed_lists_of_a9():
    causal = _closed_list("A9", "The causal verbs of A3 are exactly")
    self_acting = _closed_list("A9", "The result nouns that act on nothing are exactly")
    assert {"cause", "induce", "lead to", "render"} <= causal and {"death", "release", "accumulation"} <= self_acting
    stems = {c.split()[0][:-1] if c.endswith("e") else c.split()[0] for c in causal}
    for where, item in _labelled_items():
        action = check.norm(item["action"])
        assert not any(re.fullmatch(rf"{s}(e|es|ed|ing|s|d)?", action) for s in stems), (where, item)
        assert action not in self_acting and not action.endswith("dilation"), (where, item)


def test_labels_follow_t10():
    """No target whose head is a level, concentration, physiological quantity or named organ or tissue."""
    head = re.compile(r"\b(levels?|concentrations?|acidity|automaticity|refractory periods?|cardiac work"
                      r"|oxygen consumption|threshold|bioavailability|smooth muscle|sphincter|immune function)$")
    for where, item in _labelled_items():
        target = re.sub(r"\s*\([^()]*\)$", "", check.norm(item["target"]))
        assert not head.search(target) and not target.startswith(("levels of", "concentration of")), (where, item)


def test_stacked_modifiers_are_never_split_c10():
    """A span a target was distributed from holds a coordinator: commas alone make no list."""
    for where, item in _labelled_items():
        if "target_from" in item:
            assert re.search(r"\b(and|or|and/or|as well as)\b", check.norm(item["target_from"])), (where, item)


# --- dose forms, recommended dose and indications (rows DF, RD, IN) ---------------------------------

FIELD_OF = {"DF": "dose_forms_and_strengths", "RD": "recommended_adult_dose", "IN": "indications"}
VALUE = re.compile(r"`([^`]+)`")
# RD3/RD4: words that end a dose (titration, limits, conditions); IN1: framing words that start no item
DOSE_ENDINGS = re.compile(r"\b(with subsequent|increasing|which can|that can|escalating|with dose (?:escalation|modification|adjustment)|"
                          r"adjusting|starting (?:with|at) the lowest|to a maximum|the maximum dose|not to exceed|depending (?:upon|on)|"
                          r"based (?:upon|on)|with similar|but can)\b", re.I)
FRAMING = re.compile(r"^(?:the |a |an )?(?:short[- ]term )?(?:symptomatic )?(?:treatment|therapy|management|relief|control|prevention|prophylaxis) of\b", re.I)


def _field_rows() -> dict[str, list[str]]:
    rows = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| \*\*((?:DF|RD|IN)\d+)\*\* \| ", line)
        if m:
            assert m.group(1) not in rows, m.group(1)
            rows[m.group(1)] = _cells(line)[1:]
    return rows


def _field_entry(rid: str, cell: str) -> dict:
    field = FIELD_OF[rid[:2]]
    values = [] if cell == "none" else VALUE.findall(cell)
    assert cell == "none" or "; ".join(f"`{v}`" for v in values) == cell, (rid, cell)
    if field == "indications":
        value = values or None
    else:
        assert len(values) <= 1, rid
        value = values[0] if values else None
    return {"last_update": None, field: value}


def _without_brackets(text: str) -> str:
    return re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", text)


def test_every_field_row_has_an_example_that_yields_its_value():
    rows = _field_rows()
    assert {r[:2] for r in rows} == set(FIELD_OF) and len(rows) >= 25
    for rid, (_case, decision, example, value) in rows.items():
        assert example.startswith('"') and example.endswith('"') and decision, rid
        entry = _field_entry(rid, value)
        problems, _ = check.check_entry(entry, example.strip('"'))
        assert problems == [], (rid, problems)
        dose = entry.get("recommended_adult_dose")
        assert not (dose and DOSE_ENDINGS.search(_without_brackets(dose))), rid
        assert not any(FRAMING.search(i) for i in entry.get("indications") or []), rid
    # the rows that cut something show it: the example holds more than the value
    for rid in ("DF7", "DF9", "RD3", "RD4", "RD7", "IN1", "IN6", "IN8"):
        example, value = rows[rid][2], rows[rid][3]
        assert len(example) > len(value) + 20, rid


def test_field_examples_are_invented():
    _assert_invented(_field_rows(), 100)


LABEL_FILES = [c / "expected.json" for c in CORPORA] + [ROOT / "tests" / "corpus-extra" / "second-labels.json"]


@pytest.mark.parametrize("path", LABEL_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_labels_follow_the_dose_and_indication_rows(path):
    """RD3/RD4: no dose runs on into titration or conditions; IN1: no item starts with framing; IN2/DF1: no
    exact repeats and no empty piece. Every corpus's conventions point to the tables."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if "conventions" in data:
        assert data["conventions"]["dose_indications_decisions"].startswith("tests/LABELLING.md"), path
    for entry in json.loads(path.read_text(encoding="utf-8"))["entries"]:
        dose = entry.get("recommended_adult_dose")
        assert not (dose and DOSE_ENDINGS.search(_without_brackets(dose))), (entry["file"], dose)
        items = entry.get("indications") or []
        assert not [i for i in items if FRAMING.search(i)], (entry["file"], items)
        folded = [check.norm(i) for i in items]
        assert len(folded) == len(set(folded)), (entry["file"], items)
        forms = entry.get("dose_forms_and_strengths")
        assert forms is None or all(p.strip() for p in forms.split("; ")), (entry["file"], forms)
