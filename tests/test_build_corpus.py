"""One build from every kind of source: text, a folder of NXML, a streamed archive, the master list."""

from __future__ import annotations

import json

from click.testing import CliRunner

from _ingest_helpers import NXML_DIR, SEED_TEXT, fixture_members, make_archive, make_workbook
from livertox_kg.cli import main
from livertox_kg.querying import execute
from livertox_kg.store import open_read_only


def test_mixed_sources_build_and_conflicts_are_reported(tmp_path):
    archive = make_archive(tmp_path / "livertox_NBK547852.tar.gz", fixture_members())
    workbook = tmp_path / "master-list.xlsx"
    make_workbook(workbook)
    store = tmp_path / "store"
    runner = CliRunner()
    built = runner.invoke(main, ["build", str(SEED_TEXT), str(NXML_DIR), str(archive), str(workbook),
                                 "--store", str(store), "--no-progress"])
    assert built.exit_code == 0, built.output
    assert "table of contents" in built.output  # the toc is noted, not an error
    kg = open_read_only(store)

    def ask(body: str) -> bool:
        return bool(execute(kg, f"ASK {{ {body} }}"))

    # a class overview describes a class, not a drug
    assert ask("?m ltx:describes class:muscle-relaxants")
    assert not ask("class:muscle-relaxants a ltx:Drug")
    # the multi-agent record gives two drugs from one monograph graph
    assert ask("?m ltx:describes drug:carisoprodol, drug:meprobamate")
    # master-list facts keep their source: the workbook's own graph, with row evidence
    assert ask("""GRAPH ?g { drug:acetaminophen ltx:likelihoodScore likelihood:A ;
                                ltx:likelihoodQualifier likelihood:HD }
                  ?e rdf:subject drug:acetaminophen ; ltx:inSection ?s . ?s ltx:sectionType ltx:MasterListSection""")
    # a member of the archive is named ARCHIVE:MEMBER in the provenance
    assert ask('?m dcterms:source ?src FILTER(CONTAINS(?src, ".tar.gz:"))')

    report = runner.invoke(main, ["validate", "--store", str(store), "--no-reasoner"])
    data = json.loads(report.output[report.output.index("{"):])
    conflicts = {(c["drug"].rsplit("/", 1)[-1], c["property"].rsplit("#", 1)[-1]): c for c in data["conflicts"]}
    assert ("carisoprodol", "approvalYearUS") in conflicts
    values = {v["value"] for v in conflicts[("carisoprodol", "approvalYearUS")]["values"]}
    assert values == {"1959", "1960"}
    graphs = {v["source_graph"] for v in conflicts[("carisoprodol", "approvalYearUS")]["values"]}
    # both kept, each with its source graph (the NXML record comes twice: folder and archive)
    assert any(g.endswith("/master-list") for g in graphs) and len(graphs) == 3
