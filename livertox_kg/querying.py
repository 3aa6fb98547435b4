"""Run SPARQL on the embedded store for the command line (union of named graphs as default)."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox

from .namespaces import PREFIXES
from .store import StoreError, open_read_only


class QueryError(ValueError):
    """The query could not be parsed or run; the message is the parser's."""


def execute(store: ox.Store, sparql: str):
    """Evaluate with our prefixes pre-declared and the union of named graphs as default graph."""
    try:
        return store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"malformed query: {exc}") from exc
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from exc


def _term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        value = term.value
        for prefix, iri in PREFIXES.items():
            if value.startswith(iri) and "/" not in value[len(iri):] and "#" not in value[len(iri):]:
                return f"{prefix}:{value[len(iri):]}"
        return f"<{value}>"
    return term.value if isinstance(term, ox.Literal) else str(term)


def table(results: ox.QuerySolutions) -> str:
    names = [v.value for v in results.variables]
    rows = [[_term(solution[name]) for name in names] for solution in results]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    out = [line(names), line(["-" * w for w in widths])] + [line(r) for r in rows]
    return "\n".join(out) + f"\n({len(rows)} row{'s' if len(rows) != 1 else ''})\n"


def run_query(store_path: Path, sparql: str, fmt: str = "table") -> str:
    try:
        store = open_read_only(store_path)
    except (StoreError, OSError) as exc:
        raise QueryError(str(exc)) from exc
    result = execute(store, sparql)
    if isinstance(result, ox.QueryBoolean):
        value = bool(result)
        if fmt == "json":
            return f'{{"head": {{}}, "boolean": {str(value).lower()}}}\n'
        return f"{str(value).lower()}\n"
    if isinstance(result, ox.QuerySolutions):
        if fmt == "table":
            return table(result)
        kind = ox.QueryResultsFormat.JSON if fmt == "json" else ox.QueryResultsFormat.CSV
        return result.serialize(format=kind).decode("utf-8")
    kind = {"table": ox.RdfFormat.TURTLE, "json": ox.RdfFormat.JSON_LD, "csv": ox.RdfFormat.N_TRIPLES}[fmt]
    buffer = io.BytesIO()
    ox.serialize(result, buffer, kind, prefixes={k: v for k, v in PREFIXES.items()} if kind == ox.RdfFormat.TURTLE else None)
    return buffer.getvalue().decode("utf-8")
