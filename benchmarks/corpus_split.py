"""Fix the development/test split of tests/corpus-pages once, by drug, stratified by drug class.

    python benchmarks/corpus_split.py            # print the split it would write
    python benchmarks/corpus_split.py --write    # write tests/corpus-pages/split.json (once)

Each page of ``tests/corpus-pages/manifest.json`` has a ``stratum`` (a coarse drug class). Within
each stratum the pages are ordered by the SHA-256 of their file name (a fixed, content-blind order:
no page is chosen by how easy it looks), and the first ``round(0.3 * n)`` of them (at least one
where a stratum has two or more pages) go to ``test``, the rest to ``dev``. The pages of
``tests/corpus/`` and ``tests/corpus-heldout/`` are development pages in full (rules were already
fitted to them). ``--write`` refuses to replace an existing split: the split is fixed before any
rule is written against the new pages and is never redrawn.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

PAGES = Path(__file__).resolve().parent.parent / "tests" / "corpus-pages"
TEST_SHARE = 0.3


def draw(manifest: dict) -> dict:
    by_stratum: dict[str, list[str]] = defaultdict(list)
    for f in manifest["files"]:
        by_stratum[f["stratum"]].append(f["file"])
    dev, test = [], []
    for stratum, files in sorted(by_stratum.items()):
        files.sort(key=lambda name: hashlib.sha256(name.encode()).hexdigest())
        k = round(TEST_SHARE * len(files))
        if len(files) >= 2:
            k = max(k, 1)
        test += files[:k]
        dev += files[k:]
    return {
        "method": __doc__.split("\n\n")[2].replace("\n", " "),
        "test_share": TEST_SHARE,
        "strata": {s: len(v) for s, v in sorted(by_stratum.items())},
        "dev_also": ["tests/corpus/*", "tests/corpus-heldout/*"],
        "dev": sorted(dev),
        "test": sorted(test),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help="write split.json (refuses to replace one)")
    args = ap.parse_args(argv)
    split = draw(json.loads((PAGES / "manifest.json").read_text(encoding="utf-8")))
    text = json.dumps(split, indent=1, ensure_ascii=False) + "\n"
    if not args.write:
        print(text, end="")
        return 0
    target = PAGES / "split.json"
    if target.exists():
        print(f"{target}: a split is already fixed; it is never redrawn", file=sys.stderr)
        return 1
    target.write_text(text, encoding="utf-8")
    print(f"{target}: {len(split['dev'])} dev, {len(split['test'])} test pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
