"""Agreement between two hand labellings of the same pages: the ceiling an extractor is judged against.

    python benchmarks/annotator_agreement.py tests/corpus-extra/expected.json tests/corpus-extra/second-labels.json

Scores the second labelling as if it were the extractor's output against the first, with the
scoring of ``extraction_eval.py`` (same item folding, same mechanism (action, target[, hedged])
items, same treatment of nulls), over the pages both label. Per-field F1 is symmetric in the two
labellings (swapping them swaps precision and recall). Prints a table; ``--misses`` lists the
disagreements. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction_eval import SKIP, Score, expected_value, report, score_case  # noqa: E402


def agreement(first: list[dict], second: list[dict]) -> dict[str, Score]:
    """Per-field scores of ``second`` against ``first`` on the files both label."""
    by_file = {e["file"]: e for e in first}
    scores: dict[str, Score] = defaultdict(Score)
    for b in second:
        a = by_file.get(b["file"])
        if a is None:
            continue
        for fld in sorted((set(a) | set(b)) - SKIP - {"name"}):
            scores[fld].add(score_case(b["file"], fld, expected_value(fld, a.get(fld)),
                                       expected_value(fld, b.get(fld))))
    return dict(scores)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("first", type=Path, help="expected.json of the first labelling")
    ap.add_argument("second", type=Path, help="expected.json of the second labelling")
    ap.add_argument("--misses", action="store_true", help="list every disagreement")
    args = ap.parse_args(argv)
    first = json.loads(args.first.read_text(encoding="utf-8"))["entries"]
    second = json.loads(args.second.read_text(encoding="utf-8"))["entries"]
    shared = {e["file"] for e in first} & {e["file"] for e in second}
    print(report(f"agreement on {len(shared)} pages ({args.second} against {args.first})",
                 agreement(first, second), args.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
