"""Streaming serialisers for query results, writing to any binary ``write()`` target.

Without a row cap, Oxigraph's own serialisers write solutions/triples incrementally into the
target. With a cap, triples still go through Oxigraph (``pyoxigraph.serialize`` over a sliced
iterator); solutions are written here row by row, since pyoxigraph cannot serialise a partial
iterator of solutions.
"""

from __future__ import annotations

import json
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

RESULTS_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class WrongKind(Exception):
    """The result is not of the kind the negotiated format is for."""


def write_result(result, fmt: str, out, max_rows: int | None, prefixes: dict[str, str] | None = None) -> tuple[int, bool]:
    """Serialise ``result`` (QuerySolutions / QueryBoolean / triple iterator) in ``fmt`` into ``out``.

    Returns (rows or triples written, truncated by the row cap?).
    """
    if isinstance(result, ox.QueryBoolean):
        if fmt not in RESULTS_FORMATS:
            raise WrongKind("an ASK query gives a boolean: ask for SPARQL results, not an RDF format")
        result.serialize(out, RESULTS_FORMATS[fmt])
        return 1, False
    if isinstance(result, ox.QuerySolutions):
        if fmt not in RESULTS_FORMATS:
            raise WrongKind("a SELECT query gives solutions: ask for SPARQL results, not an RDF format")
        if not max_rows:
            result.serialize(out, RESULTS_FORMATS[fmt])
            return -1, False
        return _write_solutions(result, fmt, out, max_rows)
    if fmt not in GRAPH_FORMATS:
        raise WrongKind("a CONSTRUCT/DESCRIBE query gives triples: ask for an RDF format")
    triples = (t.triple if isinstance(t, ox.Quad) else t for t in result)
    counted = _Counted(triples, max_rows)
    ox.serialize(counted, out, GRAPH_FORMATS[fmt], prefixes=prefixes if fmt in ("turtle",) else None)
    return counted.n, counted.truncated


class _Counted:
    """Iterator wrapper that counts items and stops at ``cap`` (noting whether more remained)."""

    def __init__(self, it, cap: int | None):
        self.it = iter(it)
        self.cap = cap or None
        self.n = 0
        self.truncated = False

    def __iter__(self):
        return self

    def __next__(self):
        if self.cap is not None and self.n >= self.cap:
            try:
                next(self.it)
                self.truncated = True
            except StopIteration:
                pass
            raise StopIteration
        item = next(self.it)
        self.n += 1
        return item


# --- row-by-row solution serialisers (used when a row cap applies) -------------------------


def _json_term(t) -> dict:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype.value != XSD_STRING:
            d["datatype"] = t.datatype.value
        return d
    if isinstance(t, ox.Triple):
        return {
            "type": "triple",
            "value": {"subject": _json_term(t.subject), "predicate": _json_term(t.predicate),
                      "object": _json_term(t.object)},
        }
    raise TypeError(f"unexpected term {t!r}")


def _xml_term(t) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
        if t.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
        return f"<literal>{escape(t.value)}</literal>"
    if isinstance(t, ox.Triple):
        return (f"<triple><subject>{_xml_term(t.subject)}</subject><predicate>{_xml_term(t.predicate)}"
                f"</predicate><object>{_xml_term(t.object)}</object></triple>")
    raise TypeError(f"unexpected term {t!r}")


def _csv_term(t) -> str:
    value = t.value if isinstance(t, (ox.NamedNode, ox.Literal)) else f"_:{t.value}" if isinstance(t, ox.BlankNode) else str(t)
    if any(c in value for c in ',"\r\n'):
        value = '"' + value.replace('"', '""') + '"'
    return value


def _tsv_term(t) -> str:
    if isinstance(t, ox.Literal) and t.datatype.value in (
        "http://www.w3.org/2001/XMLSchema#integer", "http://www.w3.org/2001/XMLSchema#decimal",
        "http://www.w3.org/2001/XMLSchema#double", "http://www.w3.org/2001/XMLSchema#boolean",
    ) and "\t" not in t.value and "\n" not in t.value:
        return t.value
    return str(t).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _write_solutions(solutions, fmt: str, out, cap: int) -> tuple[int, bool]:
    names = [v.value for v in solutions.variables]
    rows = _Counted(solutions, cap)
    buf: list[str] = []

    def flush(force: bool = False):
        if force or len(buf) >= 256:
            out.write("".join(buf).encode())
            buf.clear()

    if fmt == "json":
        buf.append('{"head":{"vars":' + json.dumps(names) + '},"results":{"bindings":[')
        first = True
        for row in rows:
            b = {n: _json_term(row[i]) for i, n in enumerate(names) if row[i] is not None}
            buf.append(("" if first else ",") + json.dumps(b, ensure_ascii=False, separators=(",", ":")))
            first = False
            flush()
        buf.append("]}}")
    elif fmt == "xml":
        buf.append('<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>')
        buf.extend(f"<variable name={quoteattr(n)}/>" for n in names)
        buf.append("</head><results>")
        for row in rows:
            cells = "".join(
                f"<binding name={quoteattr(n)}>{_xml_term(row[i])}</binding>"
                for i, n in enumerate(names) if row[i] is not None
            )
            buf.append(f"<result>{cells}</result>")
            flush()
        buf.append("</results></sparql>")
    elif fmt == "csv":
        buf.append(",".join(names) + "\r\n")
        for row in rows:
            buf.append(",".join("" if row[i] is None else _csv_term(row[i]) for i in range(len(names))) + "\r\n")
            flush()
    elif fmt == "tsv":
        buf.append("\t".join("?" + n for n in names) + "\n")
        for row in rows:
            buf.append("\t".join("" if row[i] is None else _tsv_term(row[i]) for i in range(len(names))) + "\n")
            flush()
    else:
        raise WrongKind(f"unknown results format {fmt}")
    flush(force=True)
    return rows.n, rows.truncated
