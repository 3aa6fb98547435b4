"""Researcher-facing pages: the query editor (YASGUI) and the drug index with search.

* ``/sparql`` (browsers asking for ``text/html``, see :func:`server.describe.service_description`)
  and ``/`` get the query editor: YASGUI served from ``/static/vendor/yasgui/`` (copied there by
  ``web/``'s ``npm ci``), our prefixes pre-declared, the ``queries/`` library as one-click examples.
* ``/drugs`` lists drugs by class and by likelihood score, with a label search (``?q=``).
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Response, current_app, redirect, render_template, request

from livertox_kg.namespaces import PREFIXES, sparql_prefixes
from livertox_kg.paths import QUERIES_DIR
from livertox_kg.resources import yasgui_folder

bp = Blueprint("ui", __name__)

QUERIES_ENV = "LIVERTOX_KG_QUERIES"  # another library folder (tests, deployments)

DEFAULT_QUERY = """SELECT ?drug ?label ?score WHERE {
  ?drug a ltx:Drug ; rdfs:label ?label .
  OPTIONAL { ?drug ltx:likelihoodScore/skos:notation ?score }
} ORDER BY ?label LIMIT 100
"""

# Shown only when the queries/ library is missing or empty.
BUILT_IN = [
    ("Drugs and their likelihood scores", "Every drug with its LiverTox likelihood score.", DEFAULT_QUERY),
    ("Drugs per likelihood score", "How many drugs have each score (draw it with the Chart tab).",
     """SELECT ?score (COUNT(DISTINCT ?drug) AS ?drugs) WHERE {
  ?drug ltx:likelihoodScore/skos:notation ?score .
} GROUP BY ?score ORDER BY ?score
"""),
    ("Drug targets", "Mechanism statements: drug, relation and molecular target.",
     """SELECT ?drugLabel ?relation ?targetLabel WHERE {
  ?drug a ltx:Drug ; rdfs:label ?drugLabel ; ?p ?target .
  ?p rdfs:subPropertyOf* ltx:actsOn ; rdfs:label ?relation .
  ?target rdfs:label ?targetLabel .
} ORDER BY ?drugLabel
"""),
]


@dataclass
class Example:
    name: str  # file stem
    title: str
    description: str
    query: str


_FORM_ORDER = {"SELECT": 0, "ASK": 1, "CONSTRUCT": 2, "DESCRIBE": 3}
_HEADER = re.compile(r"^#\s*([A-Za-z][\w-]*)\s*:\s*(.*)$")


def with_prefixes(query: str) -> str:
    """Prepend PREFIX declarations for our prefixes a query uses but does not declare."""
    declared = {m.lower() for m in re.findall(r"(?im)^\s*PREFIX\s+([\w-]*)\s*:", query)}
    body = re.sub(r"(?m)#.*$", "", query)
    missing = [p for p in PREFIXES if p.lower() not in declared and re.search(rf"(?<![\w:<>/#.-]){re.escape(p)}:", body)]
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in missing) + query


def read_example(path: Path) -> Example:
    """A library file: header comment lines ``# title: ...``, ``# description: ...``, then the query."""
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if m:
            key = m.group(1).lower()
            meta[key] = m.group(2).strip()
        elif key and line[1:].strip():  # continuation of the previous header value
            meta[key] += " " + line[1:].strip()
    title = meta.get("title") or path.stem.replace("-", " ").replace("_", " ")
    return Example(path.stem, title, meta.get("description", ""), with_prefixes(text))


def library() -> tuple[list[Example], bool]:
    """(examples, from_library): the queries/ library, or a few built-in examples if it is empty.

    Federated queries (SERVICE) come last and say so: the endpoint refuses SERVICE unless started
    with ``--service-allow``.
    """
    folder = Path(os.environ.get(QUERIES_ENV) or QUERIES_DIR)
    examples: list[Example] = []
    try:
        from livertox_kg.library import load_library
    except ImportError:  # pragma: no cover - branch `queries` not merged
        load_library = None
    if folder.is_dir():
        if load_library is not None:
            try:
                queries = sorted(load_library(folder).values(), key=lambda q: (q.federated, _FORM_ORDER.get(q.form, 9),
                                                                              q.title.casefold()))
                examples = [Example(q.name, q.title + (" (federated)" if q.federated and "federated" not in q.title.lower() else ""), q.description,
                                    with_prefixes(q.sparql)) for q in queries]
            except Exception:  # a malformed file: fall back to the plain header reader
                examples = []
        if not examples:
            examples = [read_example(p) for p in sorted(folder.glob("*.rq"))]
    if examples:
        return examples, True
    return [Example(f"built-in-{i}", t, d, sparql_prefixes() + q) for i, (t, d, q) in enumerate(BUILT_IN, 1)], False


def page(cfg) -> str:
    """The query editor page (called for ``GET /sparql`` with ``Accept: text/html``)."""
    examples, from_library = library()
    vendor_ok = (yasgui_folder() / "yasgui.min.js").exists()
    return render_template(
        "query.html",
        config={
            "endpoint": "/sparql",
            "base": cfg.base_iri,
            "prefixes": PREFIXES,
            "defaultQuery": sparql_prefixes() + DEFAULT_QUERY,
            "examples": [e.__dict__ for e in examples],
            "timeout": cfg.timeout,
            "maxRows": cfg.max_rows,
        },
        examples=examples, from_library=from_library, vendor_ok=vendor_ok, cfg=cfg,
        title="SPARQL query",
    )


def _wants_html() -> bool:
    accept = request.accept_mimetypes
    return bool(accept) and accept.best_match(["text/html", "text/turtle"]) == "text/html" \
        and accept["text/html"] > 0


@bp.route("/", methods=["GET", "HEAD"])
def home() -> Response:
    """The base IRI: the query editor for browsers, the dataset description (VoID) otherwise."""
    if _wants_html():
        return Response(page(current_app.extensions["livertox"].cfg), mimetype="text/html")
    resp = redirect("/.well-known/void", code=303)
    resp.headers["Vary"] = "Accept"
    return resp


# --------------------------------------------------------------------------- drug index

SCORE_ORDER = ["A", "B", "C", "D", "E", "E*", "X"]

_INDEX_QUERY = """PREFIX ltx: <{ltx}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?drug ?label ?score ?scoreLabel ?class ?classLabel WHERE {{
  ?drug a ltx:Drug ; rdfs:label ?label .
  OPTIONAL {{ ?drug ltx:likelihoodScore ?score .
             OPTIONAL {{ ?score skos:notation ?scoreLabel }} }}
  OPTIONAL {{ ?drug ltx:hasDrugClass ?class . ?class rdfs:label ?classLabel }}
}}"""

_ENTITY_QUERY = """PREFIX ltx: <{ltx}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?s ?label ?type WHERE {{
  VALUES ?type {{ ltx:DrugClass ltx:MolecularTarget ltx:Condition }}
  ?s a/rdfs:subClassOf* ?type ; rdfs:label ?label .
}}"""


def fold(text: str) -> str:
    """Search key: case-, hyphen- and space-insensitive ("GABA-B" ~ "gaba b" ~ "GABAb")."""
    return re.sub(r"[\s\-\u2010-\u2015_]+", "", text).casefold()


def _href(iri: str, base: str) -> str:
    return "/" + iri[len(base):] if iri.startswith(base) else iri


@bp.route("/drugs", methods=["GET", "HEAD"])
def drugs() -> Response:
    from livertox_kg.server.linked_data import select

    st = current_app.extensions["livertox"]
    base = st.cfg.base_iri
    q = (request.args.get("q") or "").strip()[:200]
    rows = select(_INDEX_QUERY.format(ltx=PREFIXES["ltx"]))
    drug_map: dict[str, dict] = {}
    for drug, label, score, score_label, cls, cls_label in rows:
        d = drug_map.setdefault(drug, {"iri": drug, "href": _href(drug, base), "label": label,
                                       "score": None, "classes": {}})
        if score:
            d["score"] = score_label or score.rsplit("/", 1)[-1]
            d["score_href"] = _href(score, base)
        if cls:
            d["classes"][cls] = cls_label
    all_drugs = sorted(drug_map.values(), key=lambda d: d["label"].casefold())
    key = fold(q)
    matches, entity_matches = None, []
    if q:
        matches = [d for d in all_drugs if key in fold(d["label"])]
        for s, label, typ in select(_ENTITY_QUERY.format(ltx=PREFIXES["ltx"])):
            if key in fold(label):
                entity_matches.append({"label": label, "href": _href(s, base),
                                       "type": typ.rsplit("#", 1)[-1]})
        entity_matches.sort(key=lambda e: (e["type"], e["label"].casefold()))
    by_class: dict[str, dict] = {}
    for d in all_drugs:
        for cls, cls_label in (d["classes"].items() or [(None, None)]):
            entry = by_class.setdefault(cls or "", {"label": cls_label or "(no class stated)",
                                                    "href": _href(cls, base) if cls else None, "drugs": []})
            entry["drugs"].append(d)
    by_score: dict[str, list] = defaultdict(list)
    for d in all_drugs:
        by_score[d["score"] or "not scored"].append(d)
    score_groups = [(s, by_score[s], f"/likelihood/{'E-star' if s == 'E*' else s}") for s in SCORE_ORDER
                    if s in by_score]
    score_groups += [(s, v, None) for s, v in by_score.items() if s not in SCORE_ORDER]
    body = render_template(
        "drugs.html", q=q, matches=matches, entity_matches=entity_matches, total=len(all_drugs),
        by_class=sorted(by_class.values(), key=lambda c: (c["href"] is None, c["label"].casefold())),
        by_score=score_groups, title="Drugs",
    )
    return Response(body, mimetype="text/html")
