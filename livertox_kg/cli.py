"""The `livertox-kg` command line: build, facts, query, validate, export, serve."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .paths import DEFAULT_STORE, MONOGRAPH_DIR

STORE_OPTION = click.option(
    "--store", type=click.Path(path_type=Path), default=DEFAULT_STORE, show_default=True,
    help="Store location (a link to the current store version).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="livertox-kg")
def main() -> None:
    """Knowledge graph of NIH LiverTox drug monographs."""


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@STORE_OPTION
@click.option("--reasoner/--no-reasoner", default=True, show_default=True,
              help="Check consistency with HermiT and materialise inferences.")
@click.option("--shacl/--no-shacl", default=True, show_default=True,
              help="Check the loaded store against ontology/shapes.ttl (once, compiled to SPARQL).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: when slow).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per core; small inputs run in-process).")
@click.option("--link/--no-link", "link_drugs", default=True, show_default=True,
              help="Link drugs to FDA UNIIs by name (skipped with a note when no UNII list is available).")
@click.option("--unii-names", default=None, metavar="FILE|URL",
              help="FDA's UNII names list for linking (see `livertox-kg link --help`).")
@click.option("--cache/--no-cache", default=True, show_default=True,
              help="Reuse the facts of sources unchanged since an earlier build with the same extractor "
                   "(kept in cache/ beside the store).")
def build(sources: tuple[Path, ...], store: Path, reasoner: bool, shacl: bool, progress: bool | None,
          jobs: int | None, link_drugs: bool, unii_names: str | None, cache: bool) -> None:
    """Parse monographs (files or folders; default: data/monographs) into a new store.

    The new store replaces the current one only when the whole build succeeded.
    """
    from .build import BuildError, run_build
    from .store import StoreError
    from .unii import UniiListError

    try:
        report = run_build(sources or (MONOGRAPH_DIR,), store, reasoner=reasoner, shacl=shacl,
                           progress=progress, jobs=jobs, link=link_drugs, unii_names=unii_names,
                           cache=cache)
    except (BuildError, StoreError, UniiListError) as exc:
        raise click.ClickException(f"build failed: {exc}") from exc
    click.echo(
        f"built {report.build_id}: {report.monographs} monograph(s), {report.agents} agent(s), "
        f"{report.quads} quads ({report.inferred} inferred; HermiT saw {report.signatures} signatures) "
        f"-> {report.store} (dump {report.dump})"
    )
    if report.cache is not None:
        click.echo(f"extraction cache: {report.cached} source(s) reused ({report.cache})", err=True)
    click.echo("timings (s): " + ", ".join(f"{k} {v:g}" for k, v in report.timings.items()), err=True)
    if report.links:
        click.echo(f"links: {report.links}", err=True)
    for notice in report.notices:
        click.echo(f"note: {notice}", err=True)
    if report.skipped:
        click.echo(f"{len(report.skipped)} source(s) skipped:", err=True)
        for item in report.skipped:
            click.echo(f"  {item.source}: {item.reason.splitlines()[0]}", err=True)
        sys.exit(1)


@main.command()
@click.argument("sparql", required=False)
@STORE_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
@click.option("--name", "-n", default=None, help="Run a library query (see `livertox-kg queries`).")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of the library query (repeat for several).")
def query(sparql: str | None, store: Path, fmt: str, name: str | None, params: tuple[str, ...]) -> None:
    """Run a SPARQL query (SELECT/ASK/CONSTRUCT/DESCRIBE), or a library query by --name, on the store."""
    from .querying import QueryError, run_query

    if name:
        if sparql:
            raise click.UsageError("give either a SPARQL query or --name, not both")
        from .library_cli import library_sparql

        sparql = library_sparql(name, params)
    elif not sparql:
        raise click.UsageError("give a SPARQL query or --name NAME")
    elif params:
        raise click.UsageError("--param needs --name")
    try:
        click.echo(run_query(store, sparql, fmt), nl=False)
    except QueryError as exc:
        raise click.ClickException(str(exc)) from exc


@main.command()
@STORE_OPTION
@click.option("--reasoner/--no-reasoner", default=True, show_default=True)
def validate(store: Path, reasoner: bool) -> None:
    """Check the store: SHACL shapes, HermiT consistency, conflicting sources."""
    from .validate import validate_store

    report = validate_store(store, reasoner=reasoner)
    click.echo(json.dumps(report, indent=2))
    if not report["ok"]:
        sys.exit(1)


@main.command()
@STORE_OPTION
@click.option("--format", "fmt", type=click.Choice(["nq", "ttl", "jsonld", "trig", "nt"]),
              required=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Output file (default: standard output).")
def export(store: Path, fmt: str, output: Path | None) -> None:
    """Write the whole store (nq/trig/jsonld keep graphs; ttl/nt give the union)."""
    from .export import export_store

    if output is None:
        export_store(store, fmt, sys.stdout.buffer)
    else:
        with output.open("wb") as handle:
            export_store(store, fmt, handle)


from .facts_cli import facts  # noqa: E402
from .fetch_cli import fetch  # noqa: E402
from .link_cli import link  # noqa: E402
from .library_cli import queries  # noqa: E402
from .serve_cli import serve  # noqa: E402

main.add_command(facts)
main.add_command(fetch)
main.add_command(link)
main.add_command(queries)
main.add_command(serve)


@main.command("ontology-release")
def ontology_release() -> None:
    """Write ontology/release/ (Turtle and RDF/XML) from the edited ontology/livertox.ttl."""
    from .ontology_release import write_release

    for path in write_release():
        click.echo(str(path))


if __name__ == "__main__":
    main()
