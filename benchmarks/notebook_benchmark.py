"""The notebook at LiverTox's size, in a venv with only the project's ``[notebook]`` extra.

    python benchmarks/notebook_benchmark.py [--sizes 1500] [--workdir var/bench-notebook] [--seed 0]

1. makes (or reuses, while pyproject.toml is unchanged) ``WORKDIR/venv`` with
   ``pip install -e .[notebook]`` and nothing else, and shows that SciPy is not in it;
2. for each size, writes a synthetic corpus (``synth_corpus.py``) and builds it with that venv's
   ``livertox-kg build``;
3. runs ``notebooks/run_notebook.py --store ...`` with that venv's Python: every cell must run and
   every figure cell (tagged ``figure``) must draw its image.

Prints the venv, build and notebook times and the slowest cells; exit code 1 when a figure is
missing or a cell fails. Figures go to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth_corpus  # noqa: E402


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, text=True, **kw)


def notebook_venv(workdir: Path) -> tuple[Path, float]:
    """``workdir/venv`` with only the [notebook] extra; (python, seconds spent making it)."""
    venv = workdir / "venv"
    stamp = venv / ".pyproject-sha256"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    python = venv / "bin" / "python"
    if stamp.exists() and stamp.read_text() == digest and python.exists():
        return python, 0.0
    started = time.perf_counter()
    shutil.rmtree(venv, ignore_errors=True)
    run([sys.executable, "-m", "venv", str(venv)])
    run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-e", f"{ROOT}[notebook]"])
    stamp.write_text(digest)
    return python, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1500", help="comma-separated corpus sizes (default 1500)")
    ap.add_argument("--workdir", type=Path, default=ROOT / "var" / "bench-notebook")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)

    python, venv_seconds = notebook_venv(args.workdir)
    installed = run([str(python), "-m", "pip", "list", "--format=freeze", "--disable-pip-version-check"],
                    capture_output=True).stdout.split()
    scipy = subprocess.run([str(python), "-c", "import scipy"], capture_output=True).returncode == 0
    print(f"venv {python.parent.parent}: [notebook] extra only, {len(installed)} distributions, "
          f"SciPy {'PRESENT' if scipy else 'absent'}"
          + (f", made in {venv_seconds:.0f} s" if venv_seconds else " (reused)"))

    failed = False
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        corpus = args.workdir / f"corpus-{n}"
        store = args.workdir / f"store-{n}"
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.rmtree(store, ignore_errors=True)
        (folder,) = synth_corpus.write_corpus(n, corpus, fmt="txt", seed=args.seed)
        started = time.perf_counter()
        run([str(python.parent / "livertox-kg"), "build", str(folder), "--store", str(store)],
            capture_output=True)
        build_seconds = time.perf_counter() - started
        started = time.perf_counter()
        result = subprocess.run([str(python), str(ROOT / "notebooks" / "run_notebook.py"), "--store", str(store),
                                 "--timings", "5"], capture_output=True, text=True)
        notebook_seconds = time.perf_counter() - started
        report = result.stdout.strip()
        print(f"\n{n:,} monographs: build {build_seconds:.1f} s; notebook {notebook_seconds:.1f} s "
              f"(kernel start included)\n{report}")
        if result.returncode:
            failed = True
            print(result.stderr.strip()[-3000:], file=sys.stderr)
        rows.append((n, build_seconds, notebook_seconds, report.splitlines()[0] if report else "no report"))
    print("\n| monographs | build (s) | notebook (s) | run_notebook.py says |\n| ---: | ---: | ---: | --- |")
    for n, build_seconds, notebook_seconds, said in rows:
        print(f"| {n:,} | {build_seconds:.1f} | {notebook_seconds:.1f} | {said} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
