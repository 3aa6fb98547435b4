"""Score the fact extractor against hand-labelled LiverTox page excerpts, on the development and the test splits.

    python benchmarks/extraction_eval.py                  # dev, test, test2 and test3, per field
    python benchmarks/extraction_eval.py --split dev --misses
    python benchmarks/extraction_eval.py --split test --lenient
    python benchmarks/extraction_eval.py --json           # machine-readable
    python benchmarks/extraction_eval.py tests/corpus     # one corpus folder

The development split is ``tests/corpus/``, ``tests/corpus-heldout/``, the ``dev`` pages of
``tests/corpus-pages/`` and ``tests/corpus-extra/`` (85 pages labelled in two later rounds, all
dev): 173 pages. The test split is the ``test`` pages of ``tests/corpus-pages/`` (33 pages, fixed in
``split.json`` by ``benchmarks/corpus_split.py`` and committed with their labels before any rule was
fitted to the new pages). A second test split, ``test2``, is ``tests/corpus-test2/`` (36 pages
labelled while rules were being written, kept out of the repository until the rules were final, and
never read by anyone writing them). A third, ``test3``, is ``tests/corpus-test3/`` (39 pages labelled
with ``tests/LABELLING.md`` from the start, kept out of the repository until the rules of the session
that made the tables were final, never read by anyone writing rules). Rules are written against dev only; ``--misses`` lists wrong
items for dev only, so that nobody reads test pages while writing rules (test splits are reported
as figures).

For every (file, field) of expected.json (except ``file`` and ``notes``) it counts items:

- list fields: each expected item found is a true positive, each extra item a false positive,
  each missing one a false negative (items compared whitespace-folded, case-insensitive);
  mechanism items are (action, target) pairs, plus the hedged flag when the entry gives one;
- scalar fields (strings compared whitespace-folded, case-insensitive, as the labelling conventions
  read): a right value is one TP; a wrong value is one FN and one FP; a value where the
  excerpt states none (null) is one FP; no value where one is expected is one FN;
- ``agents``: the record names the page yields, as a list field.

``--lenient`` is a diagnostic, not the figure targets are judged by: an item also matches an item that
contains it or that it contains (each part of a mechanism pair on its own), paired one to one, so
that boundary differences (where a phrase ends, an article, a qualifier) are told apart from facts
missed or invented.

A (file, field) is an exact match when it has no FP and no FN. The record scored is the one whose
name equals the entry's ``name`` (the first record otherwise).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from livertox_kg.extract import extract
from livertox_kg.model import AgentRecord
from livertox_kg.text_reader import read_path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "corpus-pages"
SPLIT_FILE = PAGES / "split.json"
TEST2 = ROOT / "tests" / "corpus-test2"
TEST3 = ROOT / "tests" / "corpus-test3"
SKIP = {"file", "notes", "negations", "hedges", "reconstructed"}


def fold(s) -> str:
    return " ".join(str(s).split())


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: int = 0
    cases: int = 0
    misses: list = field(default_factory=list)

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.exact += other.exact
        self.cases += other.cases
        self.misses += other.misses

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


def pick(records: list[AgentRecord], name: str | None) -> AgentRecord:
    for r in records:
        if name and r.name.lower() == name.lower():
            return r
    return records[0]


def _mech_items(record: AgentRecord, with_hedge: bool) -> set:
    out = set()
    for f in record.facts:
        if f.field == "mechanism":
            key = (fold(f.value["action"]).lower(), fold(f.value["target"]).lower())
            out.add(key + ((bool(f.hedged),) if with_hedge else ()))
    return out


def got_value(records: list[AgentRecord], record: AgentRecord, fld: str, expected):
    """The extractor's value for ``fld`` in the comparable form of ``expected``."""
    if fld == "agents":
        return {fold(r.name).lower() for r in records}
    if fld == "mechanism":
        with_hedge = isinstance(expected, list) and any("hedged" in e for e in expected)
        return _mech_items(record, with_hedge)
    value = record.to_json().get(fld)
    if isinstance(value, list):
        return {fold(v).lower() for v in value}
    return value


def expected_value(fld: str, expected):
    if expected is None:
        return None
    if fld == "mechanism":
        return {
            (fold(e["action"]).lower(), fold(e["target"]).lower()) + ((bool(e["hedged"]),) if "hedged" in e else ())
            for e in expected
        }
    if isinstance(expected, list):
        return {fold(v).lower() for v in expected}
    return expected


def _contains(a, b) -> bool:
    """Lenient match: one string contains the other (a boundary difference); tuples element-wise."""
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_contains(x, y) for x, y in zip(a, b))
    if isinstance(a, str) and isinstance(b, str):
        a, b = fold(a).lower(), fold(b).lower()
        return bool(a and b) and (a in b or b in a)
    return a == b


def _matched(e: set, g: set, lenient: bool) -> int:
    """Expected items found: exact set intersection, or a one-to-one lenient pairing."""
    if not lenient:
        return len(e & g)
    free, n = set(g), 0
    for item in sorted(e, key=str):
        hit = item if item in free else next((x for x in sorted(free, key=str) if _contains(item, x)), None)
        if hit is not None:
            free.discard(hit)
            n += 1
    return n


def score_case(file: str, fld: str, exp, got, lenient: bool = False) -> Score:
    s = Score(cases=1)
    if isinstance(got, set) or isinstance(exp, set):
        e, g = exp or set(), got or set()
        s.tp = _matched(e, g, lenient)
        s.fp, s.fn = len(g) - s.tp, len(e) - s.tp
        if s.fp or s.fn:
            s.misses.append({"file": file, "field": fld, "missing": sorted(map(str, e - g)),
                             "extra": sorted(map(str, g - e))})
    else:
        equal = _contains if lenient else (
            lambda x, y: fold(x).lower() == fold(y).lower() if isinstance(x, str) else x == y)
        same = (exp is None and got in (None, [])) or (exp is not None and got is not None and equal(exp, got))
        if same:
            s.tp = int(exp is not None)
        else:
            s.fn = int(exp is not None)
            s.fp = int(got not in (None, []))
            s.misses.append({"file": file, "field": fld, "expected": exp, "got": got})
    s.exact = int(not (s.fp or s.fn))
    return s


def entries_of(corpus: Path, files: set[str] | None = None) -> list[tuple[Path, dict]]:
    """(folder, entry) pairs of ``corpus/expected.json``, only ``files`` when given."""
    entries = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))["entries"]
    return [(corpus, e) for e in entries if files is None or e["file"] in files]


def split_entries(split: str) -> list[tuple[Path, dict]]:
    """The labelled pages of the ``dev``, ``test``, ``test2`` or ``test3`` split (see the module docstring)."""
    if split in ("test2", "test3"):
        return entries_of(TEST2 if split == "test2" else TEST3)
    fixed = json.loads(SPLIT_FILE.read_text(encoding="utf-8"))
    pages = entries_of(PAGES, set(fixed[split]))
    if split == "dev":
        pages = (entries_of(ROOT / "tests" / "corpus") + entries_of(ROOT / "tests" / "corpus-heldout") + pages
                 + entries_of(ROOT / "tests" / "corpus-extra"))
    return pages


def evaluate(corpus: Path | list[tuple[Path, dict]], lenient: bool = False) -> dict[str, Score]:
    """Per-field scores of the extractor on a corpus folder (with expected.json) or (folder, entry) pairs."""
    pairs = entries_of(corpus) if isinstance(corpus, Path) else corpus
    per_field: dict[str, Score] = defaultdict(Score)
    for folder, entry in pairs:
        records = extract(read_path(folder / entry["file"]))
        record = pick(records, entry.get("name"))
        for fld, exp in entry.items():
            if fld in SKIP:
                continue
            per_field[fld].add(score_case(entry["file"], fld, expected_value(fld, exp),
                                          got_value(records, record, fld, exp), lenient))
    return dict(per_field)


def total(scores: dict[str, Score]) -> Score:
    t = Score()
    for s in scores.values():
        t.add(s)
    return t


def f1(s: Score) -> float | None:
    p, r = s.precision, s.recall
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


def _pct(x: float | None) -> str:
    return "   -  " if x is None else f"{100 * x:5.1f}%"


def report(label: str, scores: dict[str, Score], misses: bool = False) -> str:
    head = f"{'field':28} {'TP':>4} {'FP':>4} {'FN':>4} {'prec':>7} {'recall':>7} {'F1':>7} {'exact':>9}"
    lines = [f"== {label}", head]

    def row(name: str, s: Score) -> str:
        return (f"{name:28} {s.tp:4} {s.fp:4} {s.fn:4} {_pct(s.precision):>7} {_pct(s.recall):>7} "
                f"{_pct(f1(s)):>7} {s.exact:4}/{s.cases:<4}")

    for fld in sorted(scores):
        lines.append(row(fld, scores[fld]))
    t = total(scores)
    lines.append(row("TOTAL (micro)", t) + f" ({_pct(t.exact / t.cases if t.cases else None).strip()} exact)")
    if misses:
        lines.append("-- misses")
        for m in t.misses:
            lines.append("  " + json.dumps(m, ensure_ascii=False, default=str))
    return "\n".join(lines)


def as_json(scores: dict[str, Score], misses: bool) -> dict:
    def one(s: Score) -> dict:
        return {"tp": s.tp, "fp": s.fp, "fn": s.fn, "exact": s.exact, "cases": s.cases,
                "precision": s.precision, "recall": s.recall, "f1": f1(s)}

    t = total(scores)
    out = {"fields": {k: one(s) for k, s in sorted(scores.items())}, "total": one(t)}
    if misses:
        out["misses"] = t.misses
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpora", nargs="*", help="corpus folders with an expected.json (default: the fixed split)")
    ap.add_argument("--split", choices=("dev", "test", "test2", "test3", "both", "all"), default="all",
                    help="which split to score: dev, test (tests/corpus-pages/split.json), test2 "
                         "(tests/corpus-test2/), test3 (tests/corpus-test3/), both (dev and test) or all (default)")
    ap.add_argument("--misses", action="store_true",
                    help="list every wrong (file, field) of the development split (never of the test split)")
    ap.add_argument("--json", action="store_true", help="print JSON instead of tables")
    ap.add_argument("--lenient", action="store_true",
                    help="a diagnostic, not the figure targets are judged by: an item (or each part of a "
                         "mechanism pair) also matches when one string contains the other")
    args = ap.parse_args(argv)
    if args.corpora:
        targets = {Path(c).name: Path(c) for c in args.corpora}
        test_pages = set(json.loads(SPLIT_FILE.read_text(encoding="utf-8"))["test"]) if SPLIT_FILE.exists() else set()
        if args.misses and any(Path(c).resolve() in (TEST2.resolve(), TEST3.resolve()) for c in args.corpora):
            ap.error("--misses on tests/corpus-test2 or tests/corpus-test3 would show test pages")
        if args.misses and any(Path(c).resolve() == PAGES.resolve() for c in args.corpora) and test_pages:
            ap.error("--misses on tests/corpus-pages would show test-split pages; use --split dev --misses")
    else:
        splits = {"both": ("dev", "test"), "all": ("dev", "test", "test2", "test3")}.get(args.split, (args.split,))
        targets = {f"{sp} split": split_entries(sp) for sp in splits}
    results = {label + (" (lenient)" if args.lenient else ""): evaluate(what, args.lenient)
               for label, what in targets.items()}
    show = {label: args.misses and not label.startswith("test") for label in results}
    if args.json:
        print(json.dumps({label: as_json(sc, show[label]) for label, sc in results.items()},
                         indent=1, ensure_ascii=False, default=str))
    else:
        print("\n\n".join(report(label, sc, show[label]) for label, sc in results.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
