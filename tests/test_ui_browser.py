"""The researcher-facing pages in a real browser: Debian's headless Chromium driven by Playwright.

The real server (gunicorn, started with the same `livertox-kg serve` command the README uses) runs
on a free loopback port against a freshly built store; every request the page makes to any other
host is aborted and recorded, so "works offline" is checked, not assumed. Screenshots go to
test-output/ (git-ignored).

Needs: `apt-get install chromium` and `pip install playwright` (the `test` extra); the editor's
files come from `cd web && npm ci`. A missing one is an error naming what to install, never a skip.
A second server serves a store written by the real RDF writer with a hostile monograph (markup in its
name, quote and facts), so that the escaping is checked on the real pages, in the browser.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "test-output"
CHROMIUM = os.environ.get("LIVERTOX_KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VENDOR = ROOT / "server" / "static" / "vendor" / "yasgui" / "yasgui.min.js"

# A missing piece is an error, never a skip: `make test` installs all of them, and a green run must
# not hide a missing set-up step.
def _missing(reason: str) -> None:
    raise RuntimeError(f"browser tests cannot run: {reason}")


try:
    import playwright.sync_api as playwright_api
except ImportError:
    _missing("pip install playwright (test extra)")
if not os.path.exists(CHROMIUM):
    _missing("Debian's chromium is not installed (apt-get install chromium)")
if not VENDOR.exists():
    _missing("editor files missing: run `cd web && npm ci`")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _build_store(store: Path) -> None:
    """The project's data/ through the real build."""
    from livertox_kg.build import run_build

    report = run_build([ROOT / "data" / "monographs"], store, progress=False)
    assert report.monographs >= 1 and not report.skipped, report.skipped


def _serve(store: Path, name: str):
    """`livertox-kg serve` on a free loopback port (through the console script's entry point)."""
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    cmd = [sys.executable, "-c", "from livertox_kg.cli import main; main()", "serve", "--store", str(store),
           "--host", "127.0.0.1", "--port", str(port), "--workers", "1", "--threads", "2", "--timeout", "20"]
    OUT.mkdir(exist_ok=True)
    log = (OUT / f"{name}-server.log").open("wb")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        import requests

        for _ in range(200):  # bounded wait for the server to come up
            if proc.poll() is not None:
                raise RuntimeError(f"server exited ({proc.returncode}); see {OUT / (name + '-server.log')}")
            try:
                if requests.get(base + "/health", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.3)
        else:
            raise RuntimeError(f"server did not become healthy; see {OUT / (name + '-server.log')}")
        yield base
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = tmp_path_factory.mktemp("browser") / "store"
    _build_store(store)
    for base in _serve(store, "browser"):
        yield {"base": base}


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """The real writer's graph of the baclofen seed plus a hostile monograph (tests/test_linked_data.py)."""
    from tests.test_linked_data import build_sample_store

    store = tmp_path_factory.mktemp("hostile") / "store"
    build_sample_store(store)
    for base in _serve(store, "hostile"):
        yield {"base": base}


@pytest.fixture(scope="module")
def browser_context(server):
    profile = tempfile.mkdtemp(prefix="livertox-kg-chromium-")
    with playwright_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1360, "height": 1000}, accept_downloads=True,
        )
        try:
            yield context
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


def _page(browser_context, base: str):
    """A page that may only talk to our server; anything else is aborted and recorded."""
    pg = browser_context.new_page()
    pg.offsite = []
    pg.errors = []
    pg.dialogs = []

    def route(r):
        if r.request.url.startswith(base) or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            pg.offsite.append(r.request.url)
            r.abort()

    pg.route("**/*", route)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    return pg


@pytest.fixture()
def page(browser_context, server):
    pg = _page(browser_context, server["base"])
    yield pg
    pg.close()


@pytest.fixture()
def hostile_page(browser_context, hostile_server):
    pg = _page(browser_context, hostile_server["base"])
    yield pg
    pg.close()


def _shot(pg, name: str, full_page: bool = True) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / name
    pg.screenshot(path=str(path), full_page=full_page)
    return path




def test_editor_loads_offline_and_runs_a_library_example(page, server):
    page.goto(server["base"] + "/sparql", wait_until="load")
    page.wait_for_selector("body[data-editor-ready=true]", timeout=15000)
    page.wait_for_selector(".yasqe .CodeMirror", timeout=15000)
    # syntax highlighting: keywords and our pre-declared prefixes are styled tokens
    assert page.locator(".yasqe .cm-keyword").count() > 0
    editor_text = page.evaluate("window.ltxYasgui.getTab().getYasqe().getValue()")
    assert "PREFIX ltx: <https://w3id.org/livertox-kg/ontology#>" in editor_text
    buttons = page.locator("button.example")
    assert buttons.count() >= 1
    shown = 0
    for i in range(min(buttons.count(), 6)):
        buttons.nth(i).click()
        page.wait_for_function(
            "() => { const t = window.ltxYasgui.getTab(); const y = t.getYasr();"
            " return y.results && !t.getYasqe().isQueryRunning?.() }", timeout=20000)
        page.wait_for_timeout(300)
        rows = page.locator(".yasr .dataTable tbody tr:not(:has(td.dataTables_empty)), .yasr table tbody tr")
        page.wait_for_timeout(200)
        shown = page.evaluate("window.ltxYasgui.getTab().getYasr().results.getBindings()?.length || 0")
        if shown and rows.count() > 0:
            break
    assert shown > 0, "no library example returned rows"
    assert page.locator(".yasr table tbody tr").count() > 0
    _shot(page, "query-editor.png")
    assert not page.offsite, f"requests to other hosts: {page.offsite}"
    assert not page.errors, page.errors


def test_chart_and_downloads(page, server):
    page.goto(server["base"] + "/sparql", wait_until="load")
    page.wait_for_selector("body[data-editor-ready=true]", timeout=15000)
    query = ("PREFIX ltx: <https://w3id.org/livertox-kg/ontology#>\n"
             "SELECT ?p (COUNT(*) AS ?statements) WHERE { ?drug a ltx:Drug ; ?p ?o } GROUP BY ?p ORDER BY DESC(?statements)")
    page.evaluate("q => { const y = window.ltxYasgui.getTab().getYasqe(); y.setValue(q); y.query(); }", query)
    page.wait_for_function("() => (window.ltxYasgui.getTab().getYasr().results?.getBindings()?.length || 0) > 0",
                           timeout=20000)
    page.evaluate("() => window.ltxYasgui.getTab().getYasr().selectPlugin('chart')")
    page.wait_for_selector(".ltx-chart svg rect.bar", timeout=10000)
    assert page.locator(".ltx-chart svg rect.bar").count() >= 2
    _shot(page, "query-chart.png")
    for button, suffix, first in (("#download-csv", ".csv", "p,statements"), ("#download-json", ".json", "{")):
        with page.expect_download(timeout=15000) as info:
            page.click(button)
        download = info.value
        assert download.suggested_filename.endswith(suffix)
        text = Path(download.path()).read_text(encoding="utf-8")
        assert text.lstrip().startswith(first), text[:80]
    assert not page.offsite, page.offsite
    assert not page.errors, page.errors


def test_drug_page_for_baclofen(page, server):
    response = page.goto(server["base"] + "/drug/baclofen", wait_until="load")
    assert response.ok and page.url.endswith("/drug/baclofen.html")  # 303 to the HTML document
    likelihood = page.locator("section.likelihood")
    assert "D" in likelihood.locator(".score").first.inner_text()
    assert "possible rare cause" in likelihood.inner_text().lower()
    assert "Muscle Relaxants" in page.locator("section.classes").inner_text()
    evidence = page.locator("blockquote.evidence")
    assert evidence.count() > 0
    assert "Likelihood score" in likelihood.locator("blockquote.evidence").first.inner_text()
    assert page.locator("section.facts a[href^='/target/']").count() >= 1
    _shot(page, "drug-baclofen.png")
    _shot(page, "drug-baclofen-top.png", full_page=False)
    # links resolve: the class, the score and the source section
    page.locator("section.classes a").last.click()
    page.wait_for_load_state("load")
    assert "/class/" in page.url and page.locator("h1").inner_text()
    assert not page.offsite, page.offsite
    assert not page.errors, page.errors


def test_index_search_and_escaping(page, server):
    page.goto(server["base"] + "/drugs", wait_until="load")
    assert page.locator("#by-class a[href='/drug/baclofen']").count() >= 1
    assert page.locator("#by-score a[href='/drug/baclofen']").count() >= 1
    page.fill("form.big-search input[name=q]", "BAC-lofen")
    page.press("form.big-search input[name=q]", "Enter")
    page.wait_for_load_state("load")
    assert page.locator("#results a[href='/drug/baclofen']").count() == 1
    _shot(page, "drug-index.png")
    assert not page.dialogs, page.dialogs
    assert not page.errors, page.errors


def test_hostile_text_is_shown_not_run(hostile_page, hostile_server):
    """Markup in a monograph's name, quote and facts is shown as text on the real pages; nothing runs."""
    page, base = hostile_page, hostile_server["base"]
    page.goto(base + "/drugs?q=evilol", wait_until="load")
    assert page.locator("#results a").count() >= 1
    page.locator("#results a").first.click()
    page.wait_for_load_state("load")
    assert "/drug/" in page.url
    assert '<script>alert("pwned")</script>Evilol' in page.locator("h1").inner_text()
    body = page.locator("main").inner_text()
    assert "<img src=x onerror=alert(1)>" in body  # the quote, as text
    assert "<script>alert(3)</script>" in body  # a fact's value, as text
    assert page.locator("main script").count() == 0 and page.locator("main img").count() == 0
    assert page.locator("main svg[onload]").count() == 0 and page.locator("main b").count() == 0
    _shot(page, "drug-hostile.png")
    page.goto(base + "/drugs?q=" + "%3Cscript%3Ealert(%22q%22)%3C/script%3E", wait_until="load")
    assert page.locator("main script").count() == 0
    assert not page.dialogs, f"script from the data ran: {page.dialogs}"
    assert not page.errors, page.errors
