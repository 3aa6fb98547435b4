"""The distribution as a user gets it: the wheel's contents, and the wheel installed into a fresh
venv holding only the base dependencies, used from a folder outside the checkout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest
import requests

from tests.server_support import free_port, stop, wait_for

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
SOURCE_ITEMS = ["pyproject.toml", "README.md", "livertox_kg", "server", "ontology", "queries", "data"]
# the source folder of each package (pyproject's package-dir; the others are where their name says)
PACKAGE_DIRS = PYPROJECT["tool"]["setuptools"].get("package-dir", {})


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the sources (the build writes build/ and *.egg-info)."""
    if not (ROOT / "server" / "static" / "vendor" / "yasgui" / "yasgui.min.js").exists():
        raise AssertionError("the query editor is not installed: run `cd web && npm ci` (make install does)")
    src = tmp_path_factory.mktemp("src")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for item in SOURCE_ITEMS:
        path = ROOT / item
        (shutil.copytree(path, src / item, ignore=ignore) if path.is_dir() else shutil.copy(path, src / item))
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q",
                    "-w", str(out), str(src)], check=True, capture_output=True)
    (built,) = out.glob("livertox_kg-*.whl")
    return built


def source_folder(package: str) -> Path:
    return ROOT / PACKAGE_DIRS.get(package, package.replace(".", "/"))


def test_wheel_holds_one_namespace_all_modules_and_the_package_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    top = {n.split("/", 1)[0] for n in names if not n.startswith("livertox_kg-")}
    assert top == {"livertox_kg"}, top  # no generic top-level `server` in site-packages
    # every package of the source tree is listed in pyproject (a new subpackage must be added there)
    packages = PYPROJECT["tool"]["setuptools"]["packages"]
    for package in packages:
        folder = source_folder(package)
        subpackages = {".".join((package, *p.parent.relative_to(folder).parts)) for p in folder.rglob("__init__.py")
                       if "__pycache__" not in p.parts}
        assert subpackages <= set(packages), f"not in pyproject's packages: {sorted(subpackages - set(packages))}"
    expected = set()
    for package in packages:
        folder = source_folder(package)
        prefix = package.replace(".", "/") + "/"
        expected |= {prefix + p.name for p in folder.glob("*.py")}
    expected |= {"livertox_kg/queries/" + p.name for p in (ROOT / "queries").glob("*.rq")}
    expected |= {"livertox_kg/ontology/" + str(p.relative_to(ROOT / "ontology")) for p in (ROOT / "ontology").rglob("*")
                 if p.suffix in (".ttl", ".owl")}
    expected |= {"livertox_kg/data/" + str(p.relative_to(ROOT / "data")) for p in (ROOT / "data").rglob("*")
                 if p.suffix in (".tsv", ".json", ".txt")}
    expected |= {"livertox_kg/server/" + str(p.relative_to(ROOT / "server")) for p in (ROOT / "server").rglob("*")
                 if p.suffix in (".html", ".css", ".js")}
    assert {"livertox_kg/server/static/vendor/yasgui/yasgui.min.js", "livertox_kg/data/lexicon/targets.tsv",
            "livertox_kg/ontology/shapes.ttl"} <= expected
    missing = expected - names
    assert not missing, sorted(missing)
    assert not [n for n in names if n.startswith(("livertox_kg/tests", "tests/", "livertox_kg/server/README"))]


def _venv(path: Path) -> Path:
    venv.EnvBuilder(with_pip=True, system_site_packages=False, clear=True).create(path)
    return path / "bin"


IMPORT_ALL = r"""
import importlib, json, pkgutil, sys
import livertox_kg
failed = {}
names = sorted(m.name for m in pkgutil.walk_packages(livertox_kg.__path__, "livertox_kg."))
for name in names:
    try:
        importlib.import_module(name)
    except ImportError as exc:
        failed[name] = str(exc)
from livertox_kg import resources
print(json.dumps({"modules": names, "failed": failed, "package": livertox_kg.__file__,
                  "ontology": str(resources.ONTOLOGY_FILE), "editor": str(resources.yasgui_folder()),
                  "prefix": sys.prefix, "server_top_level": importlib.util.find_spec("server") is not None}))
"""


def test_base_install_in_a_fresh_venv_used_outside_the_checkout(wheel, tmp_path):
    """pip install of the wheel alone (base dependencies, no extras), then the user's commands."""
    bin_dir = _venv(tmp_path / "venv")
    subprocess.run([bin_dir / "python", "-m", "pip", "install", "--disable-pip-version-check", "-q", str(wheel)],
                   check=True, capture_output=True)
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "LIVERTOX_KG_QUERIES")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"

    def run(*args, check=True):
        return subprocess.run(list(args), cwd=work, env=env, capture_output=True, text=True, check=check)

    report = json.loads(run(str(bin_dir / "python"), "-c", IMPORT_ALL).stdout)
    site = str(tmp_path / "venv")
    assert report["package"].startswith(site) and report["ontology"].startswith(site)
    assert report["editor"].startswith(site) and Path(report["editor"], "yasgui.min.js").is_file()
    assert not report["server_top_level"]
    assert "livertox_kg.server.linked_data" in report["modules"] and "livertox_kg.fetch" in report["modules"]
    # only the client needs an extra, and says which
    assert list(report["failed"]) == ["livertox_kg.client"], report["failed"]
    assert "livertox-kg[client]" in report["failed"]["livertox_kg.client"]

    cli = str(bin_dir / "livertox-kg")
    assert "fetch" in run(cli, "--help").stdout
    listed = run(cli, "queries").stdout
    assert all(p.stem in listed for p in (ROOT / "queries").glob("*.rq"))
    facts = json.loads(run(cli, "facts", str(ROOT / "data" / "monographs" / "baclofen.txt")).stdout)
    assert facts["likelihood_score"] == "D"
    shutil.copytree(ROOT / "tests" / "fixtures" / "monographs", work / "monographs")
    built = run(cli, "build", "monographs")
    assert "built" in built.stdout and (work / "var" / "store").is_dir(), built.stderr
    answer = run(cli, "query", "SELECT ?s WHERE { drug:testaclofen ltx:likelihoodScore ?s }", "--format", "json")
    (score,) = [row["s"]["value"] for row in json.loads(answer.stdout)["results"]["bindings"]]
    named = run(cli, "query", "--name", "drugs-by-likelihood", "-p", "score=likelihood:" + score.rsplit("/", 1)[1],
                "--format", "csv")
    assert "drug/testaclofen" in named.stdout

    port = free_port()
    log = open(tmp_path / "serve.log", "wb")
    proc = subprocess.Popen([cli, "serve", "--port", str(port), "--workers", "1"], cwd=work, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/health", proc, timeout=60)
        r = requests.get(url + "/sparql", params={"query": "ASK { <https://w3id.org/livertox-kg/drug/testaclofen> a "
                                                        "<https://w3id.org/livertox-kg/ontology#Drug> }"},
                         headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert r.status_code == 200 and r.json()["boolean"] is True
        page = requests.get(url + "/drug/testaclofen", headers={"Accept": "text/html"}, timeout=30)
        assert page.status_code == 200 and "Testaclofen" in page.text
        editor = requests.get(url + "/sparql", headers={"Accept": "text/html"}, timeout=30)
        assert editor.status_code == 200 and "yasgui.min.js" in editor.text
        assert requests.get(url + "/static/vendor/yasgui/yasgui.min.js", timeout=30).status_code == 200
    finally:
        stop(proc)
