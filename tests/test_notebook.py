"""notebooks/explore.ipynb runs headless (nbclient) against a freshly built store and draws figures."""

from __future__ import annotations

import os
from pathlib import Path


from tests import library_support

NOTEBOOK = library_support.ROOT / "notebooks" / "explore.ipynb"


def execute_notebook(store: Path, save_to: Path | None = None, timeout: int = 120):
    """Run the notebook with LIVERTOX_KG_STORE=store; optionally save it with its outputs."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    env_before = os.environ.get("LIVERTOX_KG_STORE")
    os.environ["LIVERTOX_KG_STORE"] = str(store)
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    try:
        NotebookClient(nb, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    finally:
        if env_before is None:
            os.environ.pop("LIVERTOX_KG_STORE", None)
        else:
            os.environ["LIVERTOX_KG_STORE"] = env_before
    if save_to is not None:
        nbformat.write(nb, save_to)
    return nb


def test_notebook_runs_and_draws_figures():
    nb = execute_notebook(library_support.library_store_path())
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors, errors
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if "image/png" in o.get("data", {})]
    assert len(images) >= 2  # the likelihood bar chart and the network
    text = "".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
                   for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "drug:baclofen" in text and "M03BX01" in text and "Likelihood score: D" in text


def test_saved_notebook_has_its_figures():
    """The committed notebook keeps its outputs, so the figures show without running it."""
    import json

    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    images = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])
              if "image/png" in o.get("data", {})]
    assert len(images) >= 2


if __name__ == "__main__":  # refresh the saved outputs: python -m tests.test_notebook
    execute_notebook(library_support.library_store_path(), save_to=NOTEBOOK)
    print(f"wrote {NOTEBOOK}")
