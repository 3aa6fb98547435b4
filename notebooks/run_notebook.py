"""Run notebooks/explore.ipynb headless against a store or an endpoint, and check its figures.

    python notebooks/run_notebook.py --store var/store            # run, report, check
    python notebooks/run_notebook.py --endpoint http://127.0.0.1:8000/sparql
    python notebooks/run_notebook.py --real --save                # refresh the saved outputs

``--real`` builds a store from the real LiverTox text the project carries (``REAL_SOURCES``: the
baclofen monograph in data/monographs and the page excerpts in tests/corpus*/; never the fictional
test fixtures) and runs on that; ``--save`` writes the executed notebook back with its outputs.
Needs only the ``[notebook]`` extra. The exit code is 1 when a cell fails or a figure cell (tagged
``figure``) draws no image.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"
# real LiverTox text, as paths relative to the repository (the notebook's first cell shows them)
REAL_SOURCES = ["data/monographs", "tests/corpus", "tests/corpus-heldout", "tests/corpus-pages"]


def build_real_store(target: Path):
    """Build ``REAL_SOURCES`` into a new store at ``target``; returns the build report."""
    from livertox_kg.build import run_build

    with contextlib.chdir(ROOT):
        report = run_build([Path(s) for s in REAL_SOURCES], target, progress=False, log=lambda line: None)
    if report.skipped:
        raise RuntimeError(f"real sources not built: {[(s.source, s.reason) for s in report.skipped]}")
    return report


def execute(store: Path | None = None, endpoint: str | None = None, *, setup: str | None = None,
            timeout: int = 600, record_timing: bool = True):
    """Execute the notebook (``LIVERTOX_KG_STORE=store`` or ``LIVERTOX_KG_ENDPOINT=endpoint``).

    ``setup`` is code run in the kernel before the first cell (its cell is removed afterwards).
    Returns the executed notebook; cell errors are kept as error outputs (see :func:`problems`).
    """
    import nbformat
    from nbclient import NotebookClient

    if (store is None) == (endpoint is None):
        raise ValueError("give exactly one of store or endpoint")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    if setup:
        nb.cells.insert(0, nbformat.v4.new_code_cell(setup))
    saved = {k: os.environ.get(k) for k in ("LIVERTOX_KG_STORE", "LIVERTOX_KG_ENDPOINT", "MPLBACKEND")}
    os.environ.pop("LIVERTOX_KG_STORE" if endpoint else "LIVERTOX_KG_ENDPOINT", None)
    if endpoint:
        os.environ["LIVERTOX_KG_ENDPOINT"] = endpoint
    else:
        os.environ["LIVERTOX_KG_STORE"] = str(Path(store).resolve())
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    try:
        NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                       record_timing=record_timing,
                       resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    if setup:
        del nb.cells[0]
    return nb


def outputs(cell) -> list:
    return cell.get("outputs", []) if cell.get("cell_type") == "code" else []


def problems(nb) -> list[str]:
    """What went wrong: cells that raised, figure cells without an image. Empty when all is well."""
    found = []
    for number, cell in enumerate(nb.cells):
        for out in outputs(cell):
            if out.get("output_type") == "error":
                found.append(f"cell {number}: {out.get('ename')}: {out.get('evalue')}")
        if "figure" in cell.get("metadata", {}).get("tags", []) and not any(
                "image/png" in out.get("data", {}) for out in outputs(cell)):
            found.append(f"cell {number}: a figure cell drew no image")
    return found


def figure_count(nb) -> tuple[int, int]:
    """(figure cells, figure cells with an image)."""
    cells = [c for c in nb.cells if "figure" in c.get("metadata", {}).get("tags", [])]
    return len(cells), sum(1 for c in cells if any("image/png" in o.get("data", {}) for o in outputs(c)))


def cell_seconds(nb) -> list[tuple[float, int, str]]:
    """(seconds, cell number, first line) per executed code cell, slowest first (needs record_timing)."""
    from datetime import datetime

    timed = []
    for number, cell in enumerate(nb.cells):
        ex = cell.get("metadata", {}).get("execution", {})
        if "iopub.execute_input" in ex and "shell.execute_reply" in ex:
            start, end = (datetime.fromisoformat(ex[k].replace("Z", "+00:00"))
                          for k in ("iopub.execute_input", "shell.execute_reply"))
            timed.append(((end - start).total_seconds(), number, cell.source.splitlines()[0][:60]))
    return sorted(timed, reverse=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--store", type=Path, help="an embedded store made by livertox-kg build")
    where.add_argument("--endpoint", help="a SPARQL endpoint URL")
    where.add_argument("--real", action="store_true", help="build the real LiverTox text the project carries first")
    ap.add_argument("--save", action="store_true", help=f"write the executed notebook to {NOTEBOOK.relative_to(ROOT)}")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    ap.add_argument("--timings", type=int, default=0, metavar="K", help="print the K slowest cells")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="livertox-notebook-") as tmp:
        store = args.store
        if args.real:
            store = Path(tmp) / "store"
            build_real_store(store)
        started = time.perf_counter()
        nb = execute(store, args.endpoint, timeout=args.timeout, record_timing=not args.save)
        seconds = time.perf_counter() - started
    drawn = figure_count(nb)
    found = problems(nb)
    print(f"notebook ran in {seconds:.1f} s; figures drawn: {drawn[1]} of {drawn[0]}")
    for seconds, number, first in cell_seconds(nb)[:args.timings]:
        print(f"  {seconds:6.2f} s  cell {number}: {first}")
    for line in found:
        print(line, file=sys.stderr)
    if args.save and not found:
        import nbformat

        nbformat.write(nb, NOTEBOOK)
        print(f"wrote {NOTEBOOK.relative_to(ROOT)}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
