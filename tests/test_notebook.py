"""notebooks/explore.ipynb: runs headless on real LiverTox text and over HTTP, draws every figure,
imports nothing outside the ``[notebook]`` extra; the saved copy shows real data and says so.

The whole-LiverTox size (1,500 monographs, in a venv with only the extra installed) is measured by
``benchmarks/notebook_benchmark.py``; here the kernel refuses any module whose distribution the
extra does not bring in, which is what that venv would do, at a fraction of the time.
"""

from __future__ import annotations

import importlib.metadata as metadata
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from tests import library_support, server_support

ROOT = library_support.ROOT
sys.path.insert(0, str(ROOT / "notebooks"))
import run_notebook  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
import synth_corpus  # noqa: E402

sys.path.pop(0)
sys.path.pop(0)

FICTIONAL = ("Testaclofen", "Cholestomycin", "Reductastatin")  # tests/fixtures/monographs


def _name(dist: str) -> str:
    return re.sub(r"[-_.]+", "-", dist).lower()


def extra_closure(extra: str = "notebook") -> set[str]:
    """Distributions a venv gets from ``pip install .[extra]``: the project's dependencies and the
    extra's, as pyproject.toml declares them, and theirs, transitively (from installed metadata)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    todo = [r for r in map(Requirement, project["dependencies"] + project["optional-dependencies"][extra])
            if r.marker is None or r.marker.evaluate({"extra": ""})]
    seen: set[str] = {_name(project["name"])}
    while todo:
        req = todo.pop()
        name = _name(req.name)
        if name in seen:
            continue
        seen.add(name)
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            continue  # not installed here: the kernel cannot import it anyway
        extras = set(req.extras) | {""}
        for sub in dist.requires or []:
            sub_req = Requirement(sub)
            if sub_req.marker is None or any(sub_req.marker.evaluate({"extra": e}) for e in extras):
                todo.append(sub_req)
    return seen


def guard_setup(extra: str = "notebook") -> str:
    """Kernel code refusing every top-level module that only distributions outside the extra provide."""
    allowed = extra_closure(extra)
    blocked = sorted(module for module, dists in metadata.packages_distributions().items()
                     if not any(_name(d) in allowed for d in dists))
    return f'''
import sys
_BLOCKED = frozenset({blocked!r}) - set(sys.modules)  # what the kernel itself loaded stays
class _ExtraGuard:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in _BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}} (not in the [{extra}] extra)", name=name)
        return None
sys.meta_path.insert(0, _ExtraGuard())
'''


def text_of(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in run_notebook.outputs(cell):
            parts.append(str(out.get("text", "")))
            data = out.get("data", {})
            parts.append(str(data.get("text/plain", "")) + str(data.get("text/markdown", "")))
    return "\n".join(parts)


@pytest.fixture(scope="session")
def real_store(tmp_path_factory):
    store = tmp_path_factory.mktemp("notebook-real") / "store"
    run_notebook.build_real_store(store)
    return store


@pytest.fixture(scope="session")
def synth_store(tmp_path_factory):
    """120 synthetic monographs: many classes, shared targets (the real excerpts have few)."""
    from livertox_kg.build import run_build

    root = tmp_path_factory.mktemp("notebook-synth")
    (folder,) = synth_corpus.write_corpus(120, root / "corpus", fmt="txt", seed=5)
    report = run_build([folder], root / "store", progress=False, log=lambda line: None)
    assert not report.skipped
    return root / "store"


def test_guard_refuses_what_the_extra_does_not_bring():
    allowed = extra_closure()
    assert {"pandas", "matplotlib", "networkx", "ipykernel", "pyoxigraph", "requests"} <= allowed
    assert not {"pytest", "bioregistry", "playwright", "sparqlwrapper"} & allowed
    # in a fresh interpreter, as in the kernel: the extra's modules import, the others do not
    probe = guard_setup() + """
import pandas, matplotlib, networkx, pyoxigraph, livertox_kg.client
for name in ("bioregistry", "SPARQLWrapper", "playwright"):
    try:
        __import__(name)
    except ModuleNotFoundError as exc:
        print("refused", name, exc)
"""
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.count("refused") == 3 and "not in the [notebook] extra" in out, out


def test_notebook_on_real_livertox_text(real_store):
    nb = run_notebook.execute(real_store, setup=guard_setup())
    assert not run_notebook.problems(nb), run_notebook.problems(nb)
    figures, drawn = run_notebook.figure_count(nb)
    assert figures >= 4 and drawn == figures
    text = text_of(nb)
    # the first cell says which data: every real source folder, with its number of monographs
    first = text_of(type(nb)(cells=nb.cells[:1]))
    for folder in run_notebook.REAL_SOURCES:  # sources are named from the folder given to the build
        n = len(list((ROOT / folder).glob("*.txt")))
        assert f"| `{Path(folder).name}` | {n:,} |" in first, (folder, first)
    # the evidence behind the default fact: baclofen's likelihood score, quoted from its monograph
    assert "**Baclofen** `ltx:likelihoodScore`" in text and "Likelihood score: D" in text
    assert "`monographs/baclofen.txt`" in text
    assert "M03BX01" in text
    assert not any(name in text for name in FICTIONAL)


def test_notebook_against_an_endpoint_on_many_classes(synth_store, tmp_path):
    live = server_support.start_server(["--store", str(synth_store), "--workers", "1"], tmp_path / "serve.log")
    try:
        nb = run_notebook.execute(endpoint=live.url + "/sparql", setup=guard_setup())
    finally:
        server_support.stop(live.proc)
    assert not run_notebook.problems(nb), run_notebook.problems(nb)
    figures, drawn = run_notebook.figure_count(nb)
    assert figures >= 4 and drawn == figures
    text = text_of(nb)
    assert "**Data:** 120 monographs (120 drugs) from the endpoint" in text
    # classes linked by shared targets: the table of strongest links is not empty
    links = next(c for c in nb.cells if "links_by_pair.head" in c.source)
    assert "shared targets" in text_of(type(nb)(cells=[links])) and "Empty DataFrame" not in text_of(type(nb)(cells=[links]))


def test_saved_notebook_shows_real_data_and_its_figures():
    """The committed notebook keeps its outputs: real LiverTox text, said in the first cell."""
    nb = json.loads(run_notebook.NOTEBOOK.read_text(encoding="utf-8"))
    cells = nb["cells"]
    assert cells[0]["cell_type"] == "code" and "data" in cells[0]["metadata"].get("tags", [])
    first = "".join("".join(o.get("data", {}).get("text/markdown", "")) for o in cells[0].get("outputs", []))
    assert first.startswith("**Data:**") and all(f"`{Path(folder).name}`" in first for folder in run_notebook.REAL_SOURCES)
    figure_cells = [c for c in cells if "figure" in c["metadata"].get("tags", [])]
    assert len(figure_cells) >= 4
    assert all(any("image/png" in o.get("data", {}) for o in c.get("outputs", [])) for c in figure_cells)
    saved = json.dumps([c.get("outputs", []) for c in cells])
    assert not any(name in saved for name in FICTIONAL)
    assert not any(o.get("output_type") == "error" for c in cells for o in c.get("outputs", []))


# -- the named queries behind the figures ------------------------------------------------------------
@pytest.fixture(scope="session")
def library_kg():
    from livertox_kg import KnowledgeGraph

    return KnowledgeGraph.open(library_support.library_store_path())


@pytest.fixture(scope="session")
def real_kg(real_store):
    from livertox_kg import KnowledgeGraph

    return KnowledgeGraph.open(real_store)


def test_likelihood_by_top_class_adds_up(library_kg, real_kg):
    df = library_kg.query("likelihood-by-top-class")
    autonomic = df[df["topClass"] == "class:autonomic-agents"]
    assert dict(zip(autonomic["score"], autonomic["drugs"])) == {"B": 1, "D": 1, "E": 1}
    hierarchy = library_kg.query("class-hierarchy").set_index("class")
    for top, drugs in df.groupby("topClass")["drugs"].sum().items():
        assert drugs == hierarchy.loc[top, "allDrugs"] and hierarchy.loc[top, "depth"] == 0
    # the real excerpts mostly stop before class and score: those drugs are counted, not dropped
    real = real_kg.query("likelihood-by-top-class")
    overview = real_kg.drugs()
    unclassified = real[real["topClassLabel"] == "(no class stated)"]
    assert unclassified["topClass"].isna().all()
    assert unclassified["drugs"].sum() == overview["classes"].isna().sum() > 0
    assert real["drugs"].sum() == len(overview)  # each real drug has at most one top-level class
    assert set(real.loc[real["score"] == "not stated", "drugs"]) and "D" in set(real["score"])


def test_targets_by_class(library_kg):
    df = library_kg.query("targets-by-class")
    gaba = df[df["target"] == "target:gaba-b-receptor"]
    assert list(zip(gaba["class"], gaba["drugs"])) == [("class:muscle-relaxants-central", 2)]
    acting = library_kg.query("drugs-acting-on-target", target="target:gaba-b-receptor", relation="ltx:actsOn")
    assert gaba["drugs"].sum() == acting["drug"].nunique()
    # only the most specific classes: never a class above one the same drug has
    assert "class:muscle-relaxants" not in set(df["class"]) and "class:autonomic-agents" not in set(df["class"])


def test_class_network(library_kg):
    df = library_kg.query("class-network")  # class:muscle-relaxants
    members = library_kg.query("drugs-in-class", **{"class": "class:muscle-relaxants"})
    assert set(df["drug"]) == set(members["drug"]) and len(set(df["drug"])) == 3
    assert set(df["subclass"]) == {"class:muscle-relaxants-central"}
    edges = set(zip(df["drug"], df["relation"], df["target"]))
    assert ("drug:baclofen", "ltx:agonistOf", "target:gaba-b-receptor") in edges
    assert "ltx:actsOn" not in set(df["relation"])
    other = library_kg.query("class-network", **{"class": "class:cardiovascular-agents"})
    assert not set(other["drug"]) & set(df["drug"])


def test_build_sources(real_kg):
    df = real_kg.query("build-sources")
    # portable names: the path below the folder given to the build, from that folder's own name
    expected = sorted(f"{Path(folder).name}/{p.name}" for folder in run_notebook.REAL_SOURCES
                      for p in (ROOT / folder).glob("*.txt"))
    assert sorted(df["source"]) == expected
    assert df["build"].nunique() == 1 and df["builtAt"].notna().all()
    assert df.loc[df["source"] == "corpus/atorvastatin.txt", "format"].item() == "web-page"
