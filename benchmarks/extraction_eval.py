"""Score the fact extractor against a corpus of page excerpts and its hand-written expected.json.

    PYTHONPATH=. python benchmarks/extraction_eval.py                 # dev and held-out corpora
    PYTHONPATH=. python benchmarks/extraction_eval.py tests/corpus-heldout --misses
    PYTHONPATH=. python benchmarks/extraction_eval.py --json           # machine-readable

For every (file, field) of expected.json (except ``file`` and ``notes``) it counts items:

- list fields: each expected item found is a true positive, each extra item a false positive,
  each missing one a false negative (items compared whitespace-folded, case-insensitive);
  mechanism items are (action, target) pairs, plus the hedged flag when the entry gives one;
- scalar fields: a right value is one TP; a wrong value is one FN and one FP; a value where the
  excerpt states none (null) is one FP; no value where one is expected is one FN;
- ``agents``: the record names the page yields, as a list field.

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
CORPORA = {"dev": ROOT / "tests" / "corpus", "heldout": ROOT / "tests" / "corpus-heldout"}
SKIP = {"file", "notes"}


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


def score_case(file: str, fld: str, exp, got) -> Score:
    s = Score(cases=1)
    if isinstance(got, set) or isinstance(exp, set):
        e, g = exp or set(), got or set()
        s.tp, s.fp, s.fn = len(e & g), len(g - e), len(e - g)
        if s.fp or s.fn:
            s.misses.append({"file": file, "field": fld, "missing": sorted(map(str, e - g)),
                             "extra": sorted(map(str, g - e))})
    else:
        same = (exp is None and got in (None, [])) or (
            exp is not None and got is not None and (fold(got) == fold(exp) if isinstance(exp, str) else got == exp))
        if same:
            s.tp = int(exp is not None)
        else:
            s.fn = int(exp is not None)
            s.fp = int(got not in (None, []))
            s.misses.append({"file": file, "field": fld, "expected": exp, "got": got})
    s.exact = int(not (s.fp or s.fn))
    return s


def evaluate(corpus: Path) -> dict[str, Score]:
    """Per-field scores of the extractor on ``corpus`` (a dir with expected.json)."""
    entries = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))["entries"]
    per_field: dict[str, Score] = defaultdict(Score)
    for entry in entries:
        records = extract(read_path(corpus / entry["file"]))
        record = pick(records, entry.get("name"))
        for fld, exp in entry.items():
            if fld in SKIP:
                continue
            per_field[fld].add(score_case(entry["file"], fld, expected_value(fld, exp),
                                          got_value(records, record, fld, exp)))
    return dict(per_field)


def total(scores: dict[str, Score]) -> Score:
    t = Score()
    for s in scores.values():
        t.add(s)
    return t


def _pct(x: float | None) -> str:
    return "   -  " if x is None else f"{100 * x:5.1f}%"


def report(label: str, scores: dict[str, Score], misses: bool = False) -> str:
    lines = [f"== {label}", f"{'field':28} {'TP':>4} {'FP':>4} {'FN':>4} {'prec':>7} {'recall':>7} {'exact':>9}"]
    for fld in sorted(scores):
        s = scores[fld]
        lines.append(f"{fld:28} {s.tp:4} {s.fp:4} {s.fn:4} {_pct(s.precision):>7} {_pct(s.recall):>7} "
                     f"{s.exact:4}/{s.cases:<4}")
    t = total(scores)
    lines.append(f"{'TOTAL':28} {t.tp:4} {t.fp:4} {t.fn:4} {_pct(t.precision):>7} {_pct(t.recall):>7} "
                 f"{t.exact:4}/{t.cases:<4} ({_pct(t.exact / t.cases if t.cases else None).strip()} exact)")
    if misses:
        lines.append("-- misses")
        for m in t.misses:
            lines.append("  " + json.dumps(m, ensure_ascii=False, default=str))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpora", nargs="*", help="corpus directories (default: dev and held-out)")
    ap.add_argument("--misses", action="store_true", help="list every wrong (file, field)")
    ap.add_argument("--json", action="store_true", help="print JSON instead of tables")
    args = ap.parse_args(argv)
    targets = {Path(c).name: Path(c) for c in args.corpora} if args.corpora else CORPORA
    results = {label: evaluate(path) for label, path in targets.items()}
    if args.json:
        out = {}
        for label, scores in results.items():
            t = total(scores)
            out[label] = {
                "fields": {k: {"tp": s.tp, "fp": s.fp, "fn": s.fn, "exact": s.exact, "cases": s.cases}
                           for k, s in sorted(scores.items())},
                "total": {"tp": t.tp, "fp": t.fp, "fn": t.fn, "exact": t.exact, "cases": t.cases},
                "misses": t.misses,
            }
        print(json.dumps(out, indent=1, ensure_ascii=False, default=str))
    else:
        print("\n\n".join(report(label, scores, args.misses) for label, scores in results.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
