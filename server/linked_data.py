"""Linked data: every IRI livertox-kg mints dereferences on this server ("Cool URIs").

An IRI ``{base}{path}`` (``base`` = the configured ``--base-iri``) is served at ``/{path}``, the way
a w3id.org redirect to the deployment lands. Minted IRIs name things (drugs, classes, scores, ...),
not documents, so a request for the IRI itself is always answered ``303 See Other`` with the
document that describes it, chosen by content negotiation (``Vary: Accept``)::

    /drug/baclofen          -> 303 -> /drug/baclofen.html | .ttl | .jsonld | .nt | .nq | .rdf
    /ontology               -> 303 -> /ontology.html | .ttl | ...   (hash terms: /ontology#Drug)

The documents are served directly. Unknown IRIs get 404. All text from the data is HTML-escaped
by the templates (Jinja autoescaping); nothing from the data is ever marked safe.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, redirect, render_template, request

from livertox_kg.namespaces import PREFIXES, sparql_prefixes
from livertox_kg.server.evaluator import QueryFailed, QueryTimeout
from livertox_kg.server.negotiation import BY_KEY, NotAcceptable, choose
from livertox_kg.server.results import GRAPH_FORMATS

bp = Blueprint("linked_data", __name__)

# IRI spaces under the base that are served here (first path segment).
SPACES = ("drug", "class", "target", "condition", "likelihood", "monograph", "evidence", "build",
          "graph", "mappings", "software")
# Document extensions -> negotiation format keys: every graph format the negotiation can pick (N-Quads,
# the first choice of Comunica, is the description's triples in the default graph).
EXTENSIONS = {"html": "html", "ttl": "turtle", "jsonld": "jsonld", "nt": "ntriples", "nq": "nquads", "rdf": "rdfxml"}
EXT_OF = {v: k for k, v in EXTENSIONS.items()}
_DOC = re.compile(r"^(?P<path>.+)\.(?P<ext>" + "|".join(EXTENSIONS) + r")$")

RDF = PREFIXES["rdf"]
RDFS = PREFIXES["rdfs"]
SKOS = PREFIXES["skos"]
OWL = PREFIXES["owl"]
DCT = PREFIXES["dcterms"]
PROV = PREFIXES["prov"]
LTX = PREFIXES["ltx"]
OA = PREFIXES["oa"]
TYPE = RDF + "type"
LABEL_PROPS = (SKOS + "prefLabel", RDFS + "label", DCT + "title")
# Properties fetched for every node a page mentions (labels, definitions, notations).
_ANNOTATIONS = ", ".join(f"<{p}>" for p in (
    RDFS + "label", SKOS + "prefLabel", DCT + "title", SKOS + "definition", SKOS + "notation",
    TYPE, DCT + "isPartOf", SKOS + "broader", DCT + "identifier"))


# --------------------------------------------------------------------------- data access

def _state():
    return current_app.extensions["livertox"]


def _describe_query(iri: str) -> str:
    r = f"<{iri}>"
    return f"""{sparql_prefixes()}
CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  {{ BIND({r} AS ?s) ?s ?p ?o }}
  UNION {{ ?s ?p {r} BIND({r} AS ?o) FILTER(?p NOT IN (rdf:subject, rdf:object)) }}
  UNION {{ {r} ?x ?s . FILTER(isIRI(?s)) ?s ?p ?o FILTER(?p IN ({_ANNOTATIONS})) }}
  UNION {{ ?s ?x {r} . FILTER(?x NOT IN (rdf:subject, rdf:object)) ?s ?p ?o
          FILTER(?p IN ({_ANNOTATIONS}, ltx:likelihoodScore)) }}
  UNION {{ {r} ?s ?x . ?s ?p ?o FILTER(?p IN (rdfs:label, skos:definition)) }}
  UNION {{ ?x ?s {r} . ?s ?p ?o FILTER(?p IN (rdfs:label)) }}
  UNION {{ ?s rdf:subject {r} ; a ltx:Evidence ; ?p ?o }}
  UNION {{ ?e rdf:subject {r} ; a ltx:Evidence ; oa:hasSelector ?s . ?s ?p ?o }}
  UNION {{ ?e rdf:subject {r} ; a ltx:Evidence ; ltx:hedged true ; rdf:object ?s .
          FILTER(isIRI(?s)) ?s ?p ?o FILTER(?p IN ({_ANNOTATIONS})) }}
  UNION {{ {r} oa:hasSelector ?s . ?s ?p ?o }}
  UNION {{ ?e rdf:subject {r} ; a ltx:Evidence ; ltx:inSection ?s . ?s ?p ?o FILTER(?p IN ({_ANNOTATIONS})) }}
  UNION {{ ?s ltx:inSection {r} ; a ltx:Evidence ; ?p ?o }}
  UNION {{ ?e ltx:inSection {r} ; a ltx:Evidence ; oa:hasSelector ?s . ?s ?p ?o }}
  UNION {{ ?e ltx:inSection {r} ; a ltx:Evidence ; rdf:subject|rdf:predicate|rdf:object ?s .
          FILTER(isIRI(?s)) ?s ?p ?o FILTER(?p IN (rdfs:label, skos:prefLabel)) }}
  UNION {{ {r} ltx:hasDrugClass/skos:broader* ?s . ?s ?p ?o FILTER(?p IN ({_ANNOTATIONS})) }}
  UNION {{ {r} skos:broader+ ?s . ?s ?p ?o FILTER(?p IN ({_ANNOTATIONS})) }}
}}"""


def _ontology_query(graph: str) -> str:
    return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"


def _construct(query: str, union: bool = True) -> list[ox.Triple]:
    """Run a CONSTRUCT through the evaluator pool and parse its N-Triples back."""
    st = _state()
    st.check_store()
    stream = st.pool.run({"op": "query", "query": query, "format": "ntriples", "max_rows": None,
                          "union": union, "prefixes": PREFIXES}, st.deadline())
    data = b"".join(stream)
    seen: dict = {}
    for t in ox.parse(io.BytesIO(data), ox.RdfFormat.N_TRIPLES):
        seen.setdefault(t, None)
    return list(seen)


def select(query: str) -> list[list[str | None]]:
    """Plain rows of a SELECT through the evaluator pool (used by the index page too)."""
    st = _state()
    st.check_store()
    return st.pool.value({"op": "query", "query": query, "union": True}, st.deadline())


def inferred(iri: str) -> set[tuple[str, str]]:
    """(predicate, object value) of statements about ``iri`` that the reasoner added (graph/inferred)."""
    graph = _state().cfg.base_iri + "graph/inferred"
    try:
        rows = _state().pool.value({"op": "query", "union": False,
                                    "query": f"SELECT ?p ?o WHERE {{ GRAPH <{graph}> {{ <{iri}> ?p ?o }} }}"},
                                   _state().deadline())
    except (QueryTimeout, QueryFailed):
        return set()
    return {(p, o) for p, o in rows}


def describe(iri: str) -> list[ox.Triple]:
    """Triples describing ``iri`` (empty when the store does not know it)."""
    cfg = _state().cfg
    if iri == cfg.base_iri + "ontology":
        triples = _construct(_ontology_query(cfg.base_iri + "graph/ontology"), union=False)
        if triples:
            return triples
    triples = _construct(_describe_query(iri))
    node = ox.NamedNode(iri)
    if not any(t.subject == node or t.object == node for t in triples):
        return []
    return triples


# --------------------------------------------------------------------------- view model

@dataclass
class Node:
    """A term as a template shows it: text, optional link, and whether the link leaves our site."""

    text: str
    href: str | None = None
    external: bool = False
    iri: str | None = None
    kind: str = "iri"  # iri | literal | blank
    datatype: str | None = None
    lang: str | None = None


@dataclass
class EvidenceView:
    quote: str
    section: Node | None
    hedged: bool
    start: str | None
    end: str | None
    href: str | None


@dataclass
class Fact:
    predicate: Node
    obj: Node
    sentence_verb: str
    evidence: list[EvidenceView] = field(default_factory=list)
    definition: str | None = None
    inferred: bool = False
    hedged: bool = False  # stated only with a hedge: shown, but not an asserted triple


# Readable sentences: property -> verb phrase ("Baclofen <phrase> <object>.").
VERBS = {
    "agonistOf": "is an agonist of",
    "antagonistOf": "is an antagonist of",
    "inhibitorOf": "inhibits",
    "activatorOf": "activates",
    "blockerOf": "blocks",
    "modulatorOf": "modulates",
    "releaseInhibitorOf": "inhibits the release of",
    "actsOn": "acts on",
    "hasDrugClass": "belongs to the drug class",
    "likelihoodScore": "has the LiverTox likelihood score",
    "likelihoodQualifier": "has the likelihood score qualifier",
    "injuryPattern": "has been linked to liver injury with a pattern that is",
    "reportedOutcome": "has reported cases of",
    "noReportedOutcome": "has no reported cases of",
    "indicatedFor": "is indicated for",
    "usedOffLabelFor": "is used off label for",
    "commonSideEffect": "commonly causes",
    "tradeName": "is sold under the trade name",
    "combinationTradeName": "is part of the combination product",
    "approvalYearUS": "was first approved in the United States in",
    "latencyToOnset": "has a latency to onset of liver injury of",
    "latencyDays": "has a latency to onset (days) of",
    "altElevationRate": "causes serum aminotransferase elevations in",
    "altElevationPercent": "causes serum aminotransferase elevations (percent of patients) in",
    "hepaticMetabolism": "undergoes hepatic metabolism of",
    "hepaticMetabolismFraction": "has a hepatic metabolism fraction of",
    "discontinuationThreshold": "should be stopped at",
    "crossSensitivity": "has a cross-sensitivity statement:",
    "casNumber": "has the CAS registry number",
    "molecularFormula": "has the molecular formula",
    "chemicalDescription": "is chemically a",
    "doseFormsAndStrengths": "is available as",
    "recommendedAdultDose": "has a recommended adult dose of",
}
MECHANISMS = {"agonistOf", "antagonistOf", "inhibitorOf", "activatorOf", "blockerOf", "modulatorOf",
              "releaseInhibitorOf", "actsOn"}
# Order of facts on a drug page.
FACT_ORDER = ["hasDrugClass", *sorted(MECHANISMS), "indicatedFor", "usedOffLabelFor", "commonSideEffect",
              "injuryPattern", "latencyToOnset", "latencyDays", "altElevationRate", "altElevationPercent",
              "reportedOutcome", "noReportedOutcome", "discontinuationThreshold", "crossSensitivity",
              "hepaticMetabolism", "hepaticMetabolismFraction", "approvalYearUS", "tradeName",
              "combinationTradeName", "chemicalDescription", "casNumber", "molecularFormula",
              "doseFormsAndStrengths", "recommendedAdultDose"]
MATCH_PROPS = (SKOS + "exactMatch", SKOS + "closeMatch", SKOS + "relatedMatch", SKOS + "broadMatch",
               SKOS + "narrowMatch", OWL + "sameAs", RDFS + "seeAlso")


class View:
    """Index over the triples of one page, with labels and links."""

    def __init__(self, triples: list[ox.Triple], iri: str, base: str, inferred: set | None = None):
        self.inferred = inferred or set()
        self.iri = iri
        self.base = base
        self.out: dict = defaultdict(lambda: defaultdict(list))  # s -> p -> [o]
        self.inc: dict = defaultdict(lambda: defaultdict(list))  # o -> p -> [s]
        for t in triples:
            s, p, o = t.subject, t.predicate.value, t.object
            if o not in self.out[s][p]:
                self.out[s][p].append(o)
            if isinstance(o, ox.NamedNode) and s not in self.inc[o][p]:
                self.inc[o][p].append(s)
        self.node = ox.NamedNode(iri)

    # -- terms -------------------------------------------------------------------------------
    def values(self, s, p) -> list:
        return self.out.get(s, {}).get(p, [])

    def first(self, s, p):
        vals = self.values(s, p)
        return vals[0] if vals else None

    def label(self, term) -> str:
        if isinstance(term, ox.Literal):
            return term.value
        if isinstance(term, ox.BlankNode):
            return "(anonymous node)"
        for prop in LABEL_PROPS:
            vals = self.values(term, prop)
            english = [v for v in vals if isinstance(v, ox.Literal) and v.language in (None, "en")]
            if english or vals:
                return (english or vals)[0].value
        return self.curie(term.value)

    def curie(self, iri: str) -> str:
        for prefix, ns in PREFIXES.items():
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    def href(self, iri: str) -> tuple[str, bool]:
        """Local path for our IRIs (so they resolve on this host), the IRI itself otherwise."""
        if iri.startswith(self.base):
            return "/" + iri[len(self.base):], False
        return iri, True

    def term(self, term) -> Node:
        if isinstance(term, ox.Literal):
            dt = term.datatype.value if term.datatype else None
            return Node(term.value, kind="literal", datatype=self.curie(dt) if dt else None, lang=term.language)
        if isinstance(term, ox.BlankNode):
            return Node("(anonymous node)", kind="blank")
        href, external = self.href(term.value)
        return Node(self.label(term), href=href, external=external, iri=term.value)

    def definition(self, term) -> str | None:
        d = self.first(term, SKOS + "definition")
        return d.value if isinstance(d, ox.Literal) else None

    def local(self, p: str) -> str | None:
        return p[len(LTX):] if p.startswith(LTX) else None

    # -- page parts --------------------------------------------------------------------------
    def types(self, s=None) -> list[Node]:
        return [self.term(t) for t in self.values(s or self.node, TYPE)]

    def flag(self, s, name: str) -> bool:
        return str(getattr(self.first(s, LTX + name), "value", "")).lower() == "true"

    def offsets(self, s) -> tuple[str | None, str | None]:
        """(start, end) of the text position selector of an evidence node or section."""
        sel = self.first(s, OA + "hasSelector")
        if sel is None:
            return None, None
        return (getattr(self.first(sel, OA + "start"), "value", None),
                getattr(self.first(sel, OA + "end"), "value", None))

    def evidence(self, s=None) -> dict:
        """(predicate IRI, object term) -> [EvidenceView] for evidence nodes whose subject is s.
        A negative finding (ltx:negated, reifying the denied ltx:reportedOutcome triple) is
        filed under the ltx:noReportedOutcome fact it backs, never under the denied one."""
        s = s or self.node
        found: dict = defaultdict(list)
        for ev in self.inc.get(s, {}).get(RDF + "subject", []):
            pred, obj = self.first(ev, RDF + "predicate"), self.first(ev, RDF + "object")
            quote = self.first(ev, LTX + "quote")
            if pred is None or obj is None or quote is None:
                continue
            key = LTX + "noReportedOutcome" if self.flag(ev, "negated") else pred.value
            section = self.first(ev, LTX + "inSection")
            start, end = self.offsets(ev)
            found[(key, obj)].append(EvidenceView(
                quote=quote.value,
                section=self.term(section) if section is not None else None,
                hedged=self.flag(ev, "hedged"),
                start=start,
                end=end,
                href=self.href(ev.value)[0],
            ))
        for items in found.values():
            items.sort(key=lambda e: int(e.start) if e.start and e.start.isdigit() else 0)
        return found

    def facts(self) -> list[Fact]:
        evidence = self.evidence()
        facts = []
        for p, objs in self.out.get(self.node, {}).items():
            name = self.local(p)
            if name not in VERBS:
                continue
            for o in objs:
                facts.append(Fact(
                    predicate=self.term(ox.NamedNode(p)), obj=self.term(o), sentence_verb=VERBS[name],
                    evidence=evidence.get((p, o), []),
                    definition=self.definition(o) if isinstance(o, ox.NamedNode) else None,
                    inferred=(p, o.value) in self.inferred and not evidence.get((p, o)),
                ))
        asserted = {(p, o) for p, objs in self.out.get(self.node, {}).items() for o in objs}
        for (p, o), items in evidence.items():  # hedged statements: shown as such, not asserted
            name = self.local(p)
            if name in VERBS and (p, o) not in asserted and items and all(e.hedged for e in items):
                facts.append(Fact(predicate=self.term(ox.NamedNode(p)), obj=self.term(o),
                                  sentence_verb=VERBS[name], evidence=items, hedged=True,
                                  definition=self.definition(o) if isinstance(o, ox.NamedNode) else None))
        order = {name: i for i, name in enumerate(FACT_ORDER)}
        facts.sort(key=lambda f: (order.get(self.local(f.predicate.iri or "") or "", 99), f.obj.text.lower()))
        return facts

    def class_paths(self) -> list[list[Node]]:
        """Each drug class of the drug with its broader chain, root first."""
        paths = []
        for cls in self.values(self.node, LTX + "hasDrugClass"):
            chain, seen, cur = [], set(), cls
            while cur is not None and cur not in seen and len(chain) < 12:
                seen.add(cur)
                chain.append(self.term(cur))
                cur = self.first(cur, SKOS + "broader")
            paths.append(list(reversed(chain)))
        # a class that is an ancestor of another listed class is shown only inside that path
        texts = [[n.iri for n in p] for p in paths]
        kept = [p for p, t in zip(paths, texts)
                if not any(t != other and len(other) > len(t) and other[: len(t)] == t for other in texts)]
        return sorted(kept, key=lambda p: [n.text.lower() for n in p])

    def likelihood(self) -> dict | None:
        score = self.first(self.node, LTX + "likelihoodScore")
        if score is None:
            return None
        notation = self.first(self.node, LTX + "likelihoodScoreNotation") or self.first(score, SKOS + "notation")
        evidence = self.evidence().get((LTX + "likelihoodScore", score), [])
        qualifiers = [{"node": self.term(q), "definition": self.definition(q)}
                      for q in self.values(self.node, LTX + "likelihoodQualifier")]
        return {"node": self.term(score), "notation": notation.value if notation is not None else "",
                "definition": self.definition(score), "evidence": evidence, "qualifiers": qualifiers}

    def identifiers(self) -> list[dict]:
        """External identifiers: scheme and bare id (UNII H789N3FKE8) linking to the resource's page
        for people, the IRI itself as title; unknown schemes show the IRI."""
        from livertox_kg.schemes import identify

        out = []
        for p in MATCH_PROPS:
            for o in self.values(self.node, p):
                if isinstance(o, ox.NamedNode):
                    node = self.term(o)
                    known = identify(o.value)
                    if known is not None:
                        node = Node(f"{known['scheme']} {known['identifier']}", href=known["page"], external=True,
                                    iri=o.value)
                    out.append({"predicate": self.curie(p), "node": node})
        return sorted(out, key=lambda i: (i["node"].text.lower(), i["predicate"]))

    def monographs(self) -> list[Node]:
        found = set(self.inc.get(self.node, {}).get(LTX + "describes", []))
        return sorted((self.term(m) for m in found), key=lambda n: n.text)

    def sections(self) -> list[Node]:
        found = {}
        for ev_list in self.evidence().values():
            for ev in ev_list:
                if ev.section is not None and ev.section.iri:
                    found[ev.section.iri] = ev.section
        return sorted(found.values(), key=lambda n: n.text)

    def properties(self) -> list[dict]:
        """Outgoing statements for the generic table (evidence bookkeeping included)."""
        rows = []
        for p, objs in sorted(self.out.get(self.node, {}).items(), key=lambda kv: self.curie(kv[0])):
            rows.append({"predicate": self.term(ox.NamedNode(p)),
                         "objects": sorted((self.term(o) for o in objs), key=lambda n: n.text.lower())})
        return rows

    def referrers(self) -> list[dict]:
        rows = []
        for p, subs in sorted(self.inc.get(self.node, {}).items(), key=lambda kv: self.curie(kv[0])):
            nodes = [self.term(s) for s in subs if not isinstance(s, ox.BlankNode)]
            if nodes:
                rows.append({"predicate": self.term(ox.NamedNode(p)),
                             "subjects": sorted(nodes, key=lambda n: n.text.lower())})
        return rows

    def quotes_in_section(self) -> list[dict]:
        """Evidence read from this section (section pages)."""
        out = []
        for ev in self.inc.get(self.node, {}).get(LTX + "inSection", []):
            quote = self.first(ev, LTX + "quote")
            s, p, o = (self.first(ev, RDF + k) for k in ("subject", "predicate", "object"))
            if quote is None or s is None:
                continue
            start = self.offsets(ev)[0] or "0"
            out.append({"quote": quote.value, "subject": self.term(s),
                        "predicate": self.term(p) if p is not None else None,
                        "object": self.term(o) if o is not None else None,
                        "start": int(start) if str(start).isdigit() else 0})
        return sorted(out, key=lambda e: e["start"])

    def ontology_terms(self) -> list[dict]:
        """Terms of the ontology document, grouped by kind, with anchors for hash IRIs."""
        groups = [("Classes", OWL + "Class"), ("Object properties", OWL + "ObjectProperty"),
                  ("Datatype properties", OWL + "DatatypeProperty"),
                  ("Annotation properties", OWL + "AnnotationProperty"),
                  ("Individuals", OWL + "NamedIndividual")]
        out = []
        for title, kind in groups:
            terms = [s for s in self.inc.get(ox.NamedNode(kind), {}).get(TYPE, [])
                     if isinstance(s, ox.NamedNode) and (s.value.startswith(self.base))]
            rows = []
            for s in sorted(terms, key=lambda n: n.value):
                anchor = s.value.split("#", 1)[1] if "#" in s.value else s.value.rsplit("/", 1)[-1]
                rows.append({"anchor": anchor, "node": self.term(s), "iri": s.value,
                             "definition": self.definition(s),
                             "types": [self.term(t) for t in self.values(s, TYPE)],
                             "properties": [{"predicate": self.term(ox.NamedNode(p)),
                                             "objects": [self.term(o) for o in objs]}
                                            for p, objs in sorted(self.out[s].items())
                                            if p not in (TYPE, RDFS + "label", SKOS + "definition",
                                                         SKOS + "prefLabel")]})
            if rows:
                out.append({"title": title, "terms": rows})
        return out


# --------------------------------------------------------------------------- responses

def _wants_html() -> bool:
    accept = request.accept_mimetypes
    return bool(accept) and accept.best_match(["text/html", "text/turtle"]) == "text/html" \
        and accept["text/html"] > 0


def not_found(what: str) -> Response:
    if _wants_html():
        body = render_template("not_found.html", what=what)
        return Response(body, status=404, mimetype="text/html")
    return Response(f"no resource at {what}\n", status=404, mimetype="text/plain")


def _rdf_document(triples: list[ox.Triple], key: str, iri: str) -> Response:
    prefixes = dict(PREFIXES)
    data = ox.serialize(sorted(triples, key=lambda t: (isinstance(t.subject, ox.BlankNode), str(t.subject),
                                                         str(t.predicate), str(t.object))),
                        format=GRAPH_FORMATS[key], prefixes=prefixes if key in ("turtle", "rdfxml") else None)
    return Response(data, mimetype=BY_KEY[key].media_type,
                    headers={"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff",
                             "Link": f'<{iri}>; rel="describes"'})


def _html_document(triples: list[ox.Triple], iri: str, path: str) -> Response:
    base = _state().cfg.base_iri
    view = View(triples, iri, base, inferred(iri) if not path.startswith("ontology") else set())
    types = {t.value for t in view.values(view.node, TYPE)}
    alternates = [(label, f"/{path}.{EXT_OF[key]}", BY_KEY[key].media_type)
                  for label, key in (("Turtle", "turtle"), ("JSON-LD", "jsonld"), ("N-Triples", "ntriples"),
                                     ("N-Quads", "nquads"), ("RDF/XML", "rdfxml"))]
    context = {"view": view, "iri": iri, "path": path, "alternates": alternates,
               "title": view.label(view.node), "types": view.types()}
    if path == "ontology":
        template = "ontology.html"
        context["title"] = view.label(view.node)
    elif LTX + "Drug" in types or LTX + "Agent" in types:
        template = "drug.html"
    else:
        template = "resource.html"
    body = render_template(template, **context)
    return Response(body, mimetype="text/html",
                    headers={"Cache-Control": "public, max-age=300", "Link": f'<{iri}>; rel="describes"'})


def serve(path: str) -> Response:
    """The IRI ``{base}{path}`` (303 to a document) or one of its documents (``path.ext``)."""
    m = _DOC.match(path)
    doc_key = None
    if m:
        path, doc_key = m.group("path"), EXTENSIONS[m.group("ext")]
    iri = _state().cfg.base_iri + path
    try:
        ox.NamedNode(iri)  # the path is pasted into SPARQL as <iri>: only a valid IRI may get there
    except ValueError:
        return not_found("/" + path)
    try:
        triples = describe(iri)
    except QueryTimeout:
        return Response("describing this resource took too long\n", status=503, mimetype="text/plain")
    except QueryFailed as e:
        return Response(f"{e}\n", status=e.status if e.status >= 500 else 500, mimetype="text/plain")
    if not triples:
        return not_found("/" + path + (f".{EXT_OF[doc_key]}" if doc_key else ""))
    if doc_key is None:
        try:
            fmt = choose("graph", request.accept_mimetypes, request.args.get("format"), html=True)
        except NotAcceptable as e:
            return Response(f"{e}\n", status=406, mimetype="text/plain")
        resp = redirect(f"/{path}.{EXT_OF[fmt.key]}", code=303)
        resp.headers["Vary"] = "Accept"
        return resp
    if doc_key == "html":
        return _html_document(triples, iri, path)
    return _rdf_document(triples, doc_key, iri)


@bp.route("/<any(" + ", ".join(SPACES) + "):space>/", methods=["GET", "HEAD"])
@bp.route("/<any(" + ", ".join(SPACES) + "):space>/<path:rest>", methods=["GET", "HEAD"])
def minted(space: str, rest: str = "") -> Response:
    """An IRI we mint, or one of its documents; a space's own IRI (``class/``, the concept scheme of
    drug classes) too."""
    return serve(f"{space}/{rest}")


@bp.route("/ontology", methods=["GET", "HEAD"])
@bp.route("/ontology.<any(" + ", ".join(EXTENSIONS) + "):ext>", methods=["GET", "HEAD"])
def ontology(ext: str | None = None) -> Response:
    return serve("ontology" + (f".{ext}" if ext else ""))


@bp.route("/dataset", methods=["GET", "HEAD"])
def dataset() -> Response:
    """The dataset IRI of the VoID description."""
    if not _wants_html():
        try:  # the VoID document must be able to answer the client, or there is nothing to redirect to
            choose("graph", request.accept_mimetypes, request.args.get("format"))
        except NotAcceptable as e:
            return Response(f"{e}\n", status=406, mimetype="text/plain")
    resp = redirect("/.well-known/void" if not _wants_html() else "/drugs", code=303)
    resp.headers["Vary"] = "Accept"
    return resp


__all__ = ["bp", "describe", "select", "View", "serve", "not_found"]
