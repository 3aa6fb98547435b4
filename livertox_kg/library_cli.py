"""Command-line side of the query library: `livertox-kg queries` and `query --name/--param`."""

from __future__ import annotations

import textwrap

import click

from .library import LibraryError, get_query, load_library, parse_assignments


def library_sparql(name: str, params: tuple[str, ...] | list[str] = ()) -> str:
    """The SPARQL text of library query ``name`` with ``--param k=v`` values substituted.

    For ``cli.query``: raises ``click.ClickException`` with the library's message on a bad name
    or parameter. A repeated ``--param k=...`` gives several values (several VALUES rows).
    """
    try:
        query = get_query(name)
        return query.render(**parse_assignments(params))
    except LibraryError as exc:
        raise click.ClickException(str(exc)) from exc


@click.command("queries")
@click.argument("name", required=False)
@click.option("--sparql", "show_sparql", is_flag=True, help="Print the query text (with NAME).")
def queries(name: str | None, show_sparql: bool) -> None:
    """List the named queries of the library (queries/*.rq), or describe one by NAME.

    Run one with `livertox-kg query --name NAME [--param k=v ...]`.
    """
    if name:
        try:
            query = get_query(name)
        except LibraryError as exc:
            raise click.ClickException(str(exc)) from exc
        if show_sparql:
            click.echo(query.sparql, nl=not query.sparql.endswith("\n"))
            return
        flag = "  (federated template: SERVICE, not run offline)" if query.federated else ""
        click.echo(f"{query.name} - {query.title} [{query.form}]{flag}")
        click.echo(textwrap.fill(query.description, 96, initial_indent="  ", subsequent_indent="  "))
        for param in query.params:
            click.echo(f"  --param {param.name}=...   {param.description}")
        return
    library = load_library()
    width = max(len(n) for n in library)
    for query in library.values():
        params = " ".join(f"{p.name}=" for p in query.params)
        flag = " (federated)" if query.federated else ""
        click.echo(f"{query.name.ljust(width)}  {query.title}{flag}" + (f"  [{params}]" if params else ""))
