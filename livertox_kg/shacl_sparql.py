"""SHACL validation as SPARQL queries, run by Oxigraph over a whole store at once.

The shapes graph (``ontology/shapes.ttl``) is compiled, generically, into one SELECT query per
(target shape, constraint): the query's solutions are the validation results (focus node and,
where SHACL reports one, the value). Nothing here knows our shapes; any shapes graph that keeps
to the components below compiles, and one that uses another component is refused with an error
naming the shape and the component, never silently ignored.

Supported: targets (``sh:targetClass`` with ``rdfs:subClassOf*``, ``sh:targetNode``,
``sh:targetSubjectsOf``, ``sh:targetObjectsOf``, implicit class targets), property paths
(predicate, inverse, sequence, alternative, zero-or-more, one-or-more, zero-or-one), the Core
value constraints (``sh:class``, ``sh:datatype``, ``sh:nodeKind``, ``sh:in``, ``sh:hasValue``,
``sh:minInclusive``/``maxInclusive``/``minExclusive``/``maxExclusive``, ``sh:pattern`` with
``sh:flags``, ``sh:minLength``/``maxLength``, ``sh:languageIn``), cardinality (``sh:minCount``,
``sh:maxCount``), property pairs (``sh:equals``, ``sh:disjoint``, ``sh:lessThan``,
``sh:lessThanOrEquals``), ``sh:uniqueLang``, shape-based constraints (``sh:node``, ``sh:property``,
``sh:and``, ``sh:or``, ``sh:not``, ``sh:xone``, ``sh:qualifiedValueShape`` with
``sh:qualifiedMinCount``/``qualifiedMaxCount``), ``sh:closed`` with ``sh:ignoredProperties``,
``sh:severity``, ``sh:message``,
``sh:deactivated``, and SHACL-SPARQL constraints (``sh:sparql`` with ``sh:select``,
``sh:prefixes``/``sh:declare``, ``$this``, ``$PATH``, ``{?var}`` in messages).

``$this`` in a SHACL-SPARQL constraint is pre-bound to the focus node (SHACL 1.0 section 5.3.1 and
appendix "Pre-binding of Variables"): it has that value everywhere in the query, in subqueries
(``GROUP BY $this``) and filters too, whether or not the top-level SELECT projects it. When the
focus nodes are known from the shapes graph alone (only ``sh:targetNode`` targets) the query runs
once per focus node with ``$this`` substituted by Oxigraph (SPARQL SEP-0007, the same semantics).
Otherwise (class and subjects/objects targets, nested shapes) the constraint's SELECT is joined to
the focus variable on its projected ``$this``; that equals pre-binding for the queries SHACL allows
(subqueries project ``$this``) only when the top-level SELECT projects ``$this`` too, so a query
that does not is refused there with an error naming the shape.

Query shapes (for Oxigraph, measured on a 845k-quad store): a pattern that binds the focus through
its value nodes runs first, as a subquery, and its solutions are kept when ``FILTER EXISTS`` finds
the focus among the targets (violations are rare, so the targets are seldom enumerated);
``sh:class`` and ``sh:minCount`` are anti-joins (``MINUS``) and ``sh:maxCount`` one grouped pass
over the path's triples, not a test per focus node. Nested shapes (inside ``EXISTS``, where the
focus is bound from outside and ``MINUS`` would share no variable) keep the per-node forms.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD

from .terms import to_ox

TYPE_PATH = f"<{RDF.type}>/<{RDFS.subClassOf}>*"
# datatypes whose lexical forms Oxigraph checks when casting: a literal of one of these is
# well-formed when casting its lexical form gives the same value (not xsd:string: every lexical form
# is well-formed, and the cast would read each string from the store for nothing)
CASTABLE = {XSD.boolean, XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.date, XSD.dateTime,
            XSD.time, XSD.duration, XSD.dayTimeDuration, XSD.yearMonthDuration}
NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.Literal: "isLiteral({v})", SH.BlankNode: "isBlank({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))", SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
SHAPE_PARAMETERS = {  # parameters that are not constraints of their own
    SH.path, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.severity, SH.message,
    SH.deactivated, SH.name, SH.description, SH.order, SH.group, SH.defaultValue, SH.flags, RDF.type,
    RDFS.comment, RDFS.label, SH.property, SH.sparql, SH.ignoredProperties, SH.qualifiedMinCount,
    SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint,
}
DYNAMIC_PATH = {SH.SPARQLConstraintComponent, SH.ClosedConstraintComponent}  # results carry ?path from the row


TRUE = ox.Literal("true", datatype=ox.NamedNode(str(XSD.boolean)))


class Filtered(str):
    """A violation pattern that is the value nodes plus one FILTER: several of them on the same value
    nodes are evaluated by one query (one pass over the values instead of one per constraint)."""

    def __new__(cls, values: str, cond: str):
        self = super().__new__(cls, f"{values} FILTER({cond})")
        self.values, self.cond = values, cond
        return self


class Bound(str):
    """A violation pattern whose every solution binds the focus variable through the value nodes
    (a path from it, with no zero-length step): evaluated first, on its own, then its solutions are kept when their focus node
    is a target. On Oxigraph that is far cheaper than the targets first (a test per target)."""


class Counted(str):
    """A cardinality violation pattern (its nested form); at the top level the min and max counts of
    one path are one query, a branch per bound (:meth:`Compiler.cardinality`)."""

    def __new__(cls, text: str, path: str, op: str, n: int):
        self = super().__new__(cls, text)
        self.path, self.op, self.n = path, op, n
        return self


class Messaged(str):
    """A SPARQL constraint's pattern (joined to the focus variable), with the constraint's own
    sh:message and its SELECT as a query of its own, ``$this`` left free to be pre-bound."""

    def __new__(cls, text: str, message, select: str, joinable: bool, shape):
        self = super().__new__(cls, text)
        self.message, self.select, self.joinable, self.shape = message, select, joinable, shape
        return self

    def refuse(self):
        raise UnsupportedShape(f"shape {self.shape}: a SPARQL constraint whose SELECT does not project $this "
                               "is supported on shapes with sh:targetNode targets only (pre-bound $this)")


class UnsupportedShape(ValueError):
    """The shapes graph uses something this compiler does not translate."""


@dataclass(frozen=True)
class Check:
    """One compiled constraint of a shape with targets: its query and what its results report."""

    shape: URIRef | BNode  # the shape the constraint belongs to (sh:sourceShape)
    focus_shape: URIRef | BNode  # the shape with the targets
    component: URIRef  # sh:sourceConstraintComponent
    path: object  # sh:resultPath (rdflib term or None)
    severity: URIRef
    message: str | None
    query: str  # SELECT ?this ?value [?path ?message] [?k0 ?k1 ...]
    components: tuple = ()  # several value filters in one query: a row violates components[i] when ?ki
    focus_nodes: tuple = ()  # run the query once per node, $this pre-bound to it (SHACL-SPARQL, sh:targetNode)


@dataclass(frozen=True)
class Result:
    focus: object  # pyoxigraph term
    path: object  # rdflib term (or pyoxigraph term from a SPARQL constraint), or None
    value: object  # pyoxigraph term or None
    component: URIRef
    shape: URIRef | BNode
    severity: URIRef
    message: str | None


def _term(t) -> str:
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, Literal):
        return t.n3()
    raise UnsupportedShape(f"a blank node {t} cannot appear as a constant in a constraint")


def _list(g: Graph, head) -> list:
    return list(Collection(g, head))


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


class Compiler:
    """Compiles one shapes graph; ``checks()`` gives every query to run."""

    def __init__(self, shapes: Graph):
        self.g = shapes
        self._vars = itertools.count()
        self.depth = 0  # > 0 inside a nested shape's EXISTS (the focus is bound from outside there)

    def var(self, stem: str = "v") -> str:
        return f"?_{stem}{next(self._vars)}"

    # -- paths
    def path(self, p) -> str:
        g = self.g
        if isinstance(p, URIRef):
            return f"<{p}>"
        if (p, RDF.first, None) in g:
            return "(" + "/".join(self.path(x) for x in _list(g, p)) + ")"
        for pred, fmt in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"), (SH.oneOrMorePath, "{}+"),
                          (SH.zeroOrOnePath, "{}?")):
            inner = g.value(p, pred)
            if inner is not None:
                return "(" + fmt.format(self.path(inner)) + ")"
        alt = g.value(p, SH.alternativePath)
        if alt is not None:
            return "(" + "|".join(self.path(x) for x in _list(g, alt)) + ")"
        raise UnsupportedShape(f"unsupported property path {p}")

    def anchored(self, p) -> bool:
        """Whether path ``p`` has no zero-length step (``*``, ``?``): only then are its value
        triples few enough to be the start of a query (a zero-length step matches every node)."""
        if isinstance(p, URIRef):
            return True
        if (p, SH.zeroOrMorePath, None) in self.g or (p, SH.zeroOrOnePath, None) in self.g:
            return False
        return all(self.anchored(o) for _, o in self.g.predicate_objects(p) if not isinstance(o, Literal))

    # -- targets
    def targets(self, shape, f: str) -> list[str]:
        g = self.g
        out = [f"{{ {f} {TYPE_PATH} {_term(c)} }}" for c in g.objects(shape, SH.targetClass)]
        if (shape, RDF.type, RDFS.Class) in g or (shape, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in g:
            out.append(f"{{ {f} {TYPE_PATH} {_term(shape)} }}")
        out += [f"{{ VALUES {f} {{ {_term(n)} }} }}" for n in g.objects(shape, SH.targetNode)]
        out += [f"{{ {f} {_term(p)} [] }}" for p in g.objects(shape, SH.targetSubjectsOf)]
        out += [f"{{ [] {_term(p)} {f} }}" for p in g.objects(shape, SH.targetObjectsOf)]
        return out

    # -- constraints: each gives (component, pattern, value var or None); the pattern's solutions for
    #    focus variable f are the violations
    def constraints(self, shape, f: str) -> list[tuple]:
        """[(shape, component, path, pattern, value var)] for every constraint of ``shape`` on focus ``f``."""
        g = self.g
        if g.value(shape, SH.deactivated) == Literal(True):
            return []
        path_node = g.value(shape, SH.path)
        out = []
        if path_node is not None:
            v = self.var("v")
            values = f"{f} {self.path(path_node)} {v} ."
        else:
            v, values = f, ""
        for pred, obj in sorted(g.predicate_objects(shape)):
            if pred in SHAPE_PARAMETERS or pred in (SH.closed, SH.uniqueLang) and obj == Literal(False):
                continue
            if not str(pred).startswith(str(SH)):
                continue  # not a SHACL term (annotations such as our shapes#scope): no constraint
            for component, pattern, value in self.component(shape, pred, obj, f, v, values, path_node):
                out.append((shape, component, path_node, pattern, value))
        for prop in g.objects(shape, SH.property):
            if path_node is not None:
                raise UnsupportedShape(f"shape {shape}: sh:property inside a property shape is not supported")
            out += self.constraints(prop, f)
        for sparql in g.objects(shape, SH.sparql):
            out.append(self.sparql_constraint(shape, sparql, f, path_node))
        return out

    def violation_exists(self, shape, f: str) -> str:
        """A pattern with a solution when focus ``f`` does not conform to ``shape``."""
        self.depth += 1
        try:
            branches = [pattern for _, _, _, pattern, _ in self.constraints(shape, f)]
        finally:
            self.depth -= 1
        for b in branches:
            if isinstance(b, Messaged) and not b.joinable:
                b.refuse()
        if not branches:
            return "FILTER(false)"
        return " UNION ".join(f"{{ {b} }}" for b in branches)

    def component(self, shape, pred, obj, f, v, values, path_node):
        g = self.g
        filt = lambda cond: (Filtered(values, cond), v)  # noqa: E731  (value-node constraint)
        if pred == SH["class"]:
            if not self.depth and values and self.anchored(path_node):  # one anti-join against the class's instances, not a test per value
                return [(SH.ClassConstraintComponent, Bound(f"{values} MINUS {{ {v} {TYPE_PATH} {_term(obj)} }}"), v)]
            # nested (in an EXISTS, where MINUS sees no shared variable): the direct rdf:type test first,
            # cheap, and most values pass it
            return [(SH.ClassConstraintComponent, f"{values} FILTER NOT EXISTS {{ {v} a {_term(obj)} }} "
                     f"FILTER NOT EXISTS {{ {v} {TYPE_PATH} {_term(obj)} }}", v)]
        if pred == SH.datatype:
            cond = f"isLiteral({v}) && datatype({v}) = {_term(obj)}"
            if obj in CASTABLE:
                cond += f" && COALESCE(<{obj}>(STR({v})) = {v}, false)"
            return [(SH.DatatypeConstraintComponent, *filt(f"!({cond})"))]
        if pred == SH.nodeKind:
            if obj not in NODE_KINDS:
                raise UnsupportedShape(f"shape {shape}: unknown sh:nodeKind {obj}")
            return [(SH.NodeKindConstraintComponent, *filt("!" + NODE_KINDS[obj].format(v=v)))]
        if pred == SH["in"]:
            members = _list(g, obj)
            cond = " || ".join(f"sameTerm({v}, {_term(m)})" for m in members) or "false"
            return [(SH.InConstraintComponent, *filt(f"!({cond})"))]
        if pred == SH.hasValue:
            if path_node is None:
                return [(SH.HasValueConstraintComponent, f"FILTER(!sameTerm({f}, {_term(obj)}))", None)]
            return [(SH.HasValueConstraintComponent,
                     f"FILTER NOT EXISTS {{ {f} {self.path(path_node)} {_term(obj)} }}", None)]
        for name, op in (("minInclusive", ">="), ("maxInclusive", "<="), ("minExclusive", ">"), ("maxExclusive", "<")):
            if pred == SH[name]:
                component = SH[name[0].upper() + name[1:] + "ConstraintComponent"]
                return [(component, *filt(f"!COALESCE({v} {op} {_term(obj)}, false)"))]
        if pred == SH.pattern:
            flags = g.value(shape, SH.flags)
            args = f"STR({v}), {_string(str(obj))}" + (f", {_string(str(flags))}" if flags else "")
            return [(SH.PatternConstraintComponent, *filt(f"isBlank({v}) || !REGEX({args})"))]
        if pred in (SH.minLength, SH.maxLength):
            op = ">=" if pred == SH.minLength else "<="
            component = SH.MinLengthConstraintComponent if pred == SH.minLength else SH.MaxLengthConstraintComponent
            return [(component, *filt(f"isBlank({v}) || !(STRLEN(STR({v})) {op} {int(obj)})"))]
        if pred == SH.languageIn:
            tags = _list(g, obj)
            cond = " || ".join(f"langMatches(lang({v}), {_string(str(t))})" for t in tags) or "false"
            return [(SH.LanguageInConstraintComponent, *filt(f"!isLiteral({v}) || !({cond})"))]
        if pred in (SH.minCount, SH.maxCount):
            if path_node is None:
                raise UnsupportedShape(f"shape {shape}: {pred} needs sh:path")
            n, p = int(obj), self.path(path_node)
            w = self.var("w")
            if pred == SH.minCount:
                if n <= 0:
                    return []
                if n == 1:
                    text = f"FILTER NOT EXISTS {{ {f} {p} [] }}"
                else:
                    text = (f"FILTER NOT EXISTS {{ SELECT {f} WHERE {{ {f} {p} {w} }} GROUP BY {f} "
                            f"HAVING (COUNT(DISTINCT {w}) >= {n}) }}")
                return [(SH.MinCountConstraintComponent, Counted(text, p, "<", n), None)]
            text = f"{{ SELECT {f} WHERE {{ {f} {p} {w} }} GROUP BY {f} HAVING (COUNT(DISTINCT {w}) > {n}) }}"
            return [(SH.MaxCountConstraintComponent, Counted(text, p, ">", n), None)]
        if pred in (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals):
            q = _term(obj)
            if pred == SH.disjoint:
                return [(SH.DisjointConstraintComponent, (Bound if values and self.anchored(path_node) else str)(f"{values} {f} {q} {v} ."), v)]
            if pred == SH.equals:
                w = self.var("w")
                p = self.path(path_node) if path_node is not None else None
                left = (f"{values} FILTER NOT EXISTS {{ {f} {q} {v} }}", v)
                right_pattern = (f"{f} {q} {w} . FILTER NOT EXISTS {{ {f} {p} {w} }}" if p
                                 else f"{f} {q} {w} . FILTER(!sameTerm({w}, {f}))")
                return [(SH.EqualsConstraintComponent, *left), (SH.EqualsConstraintComponent, right_pattern, w)]
            w = self.var("w")
            op = "<" if pred == SH.lessThan else "<="
            component = SH.LessThanConstraintComponent if pred == SH.lessThan else SH.LessThanOrEqualsConstraintComponent
            return [(component, (Bound if values and self.anchored(path_node) else str)(f"{values} {f} {q} {w} . FILTER(!COALESCE({v} {op} {w}, false))"), v)]
        if pred == SH.uniqueLang:
            if obj != Literal(True):
                return []
            a, b = self.var("a"), self.var("b")
            p = self.path(path_node)
            return [(SH.UniqueLangConstraintComponent,
                     f"FILTER EXISTS {{ {f} {p} {a}, {b} . FILTER(!sameTerm({a}, {b}) && lang({a}) != \"\" "
                     f"&& lang({a}) = lang({b})) }}", None)]
        if pred == SH.node:
            return [(SH.NodeConstraintComponent, f"{values} FILTER EXISTS {{ {self.violation_exists(obj, v)} }}", v)]
        if pred == SH["not"]:
            return [(SH.NotConstraintComponent, f"{values} FILTER NOT EXISTS {{ {self.violation_exists(obj, v)} }}", v)]
        if pred in (SH["and"], SH["or"], SH.xone):
            members = _list(g, obj)
            fails = [f"EXISTS {{ {self.violation_exists(m, v)} }}" for m in members]
            if pred == SH["and"]:
                cond, component = " || ".join(fails) or "false", SH.AndConstraintComponent
            elif pred == SH["or"]:
                cond, component = " && ".join(fails) or "true", SH.OrConstraintComponent
            else:
                passes = " + ".join(f"IF({x}, 0, 1)" for x in fails) or "0"
                cond, component = f"({passes}) != 1", SH.XoneConstraintComponent
            return [(component, *filt(cond))]
        if pred == SH.closed:
            allowed = {x for prop in g.objects(shape, SH.property)
                       if isinstance(x := g.value(prop, SH.path), URIRef)}
            for head in g.objects(shape, SH.ignoredProperties):
                allowed |= set(_list(g, head))
            o = self.var("o")
            cond = f"FILTER(?path NOT IN ({', '.join(sorted(map(_term, allowed)))}))" if allowed else ""
            return [(SH.ClosedConstraintComponent, f"{v} ?path {o} . {cond}", o)]
        if pred == SH.qualifiedValueShape:
            if path_node is None:
                raise UnsupportedShape(f"shape {shape}: sh:qualifiedValueShape needs sh:path")
            if g.value(shape, SH.qualifiedValueShapesDisjoint) == Literal(True):
                raise UnsupportedShape(f"shape {shape}: sh:qualifiedValueShapesDisjoint is not supported")
            w, p = self.var("w"), self.path(path_node)
            conforming = f"{f} {p} {w} . FILTER NOT EXISTS {{ {self.violation_exists(obj, w)} }}"
            out = []
            low, high = g.value(shape, SH.qualifiedMinCount), g.value(shape, SH.qualifiedMaxCount)
            if low is not None and int(low) > 0:
                out.append((SH.QualifiedMinCountConstraintComponent,
                            f"FILTER NOT EXISTS {{ SELECT {f} WHERE {{ {conforming} }} GROUP BY {f} "
                            f"HAVING (COUNT(DISTINCT {w}) >= {int(low)}) }}", None))
            if high is not None:
                out.append((SH.QualifiedMaxCountConstraintComponent,
                            f"{{ SELECT {f} WHERE {{ {conforming} }} GROUP BY {f} "
                            f"HAVING (COUNT(DISTINCT {w}) > {int(high)}) }}", None))
            return out
        raise UnsupportedShape(f"shape {shape}: constraint {pred} is not supported by the SPARQL compiler")

    def sparql_constraint(self, shape, node, f: str, path_node):
        """A SHACL-SPARQL constraint: its SELECT, nested, joined to the focus variable."""
        g = self.g
        if g.value(node, SH.deactivated) == Literal(True):
            return (shape, SH.SPARQLConstraintComponent, path_node, "FILTER(false)", None)
        select = g.value(node, SH.select)
        if select is None:
            raise UnsupportedShape(f"shape {shape}: sh:sparql without sh:select")
        text = str(select)
        for unsupported in ("$shapesGraph", "$currentShape"):
            if unsupported in text:
                raise UnsupportedShape(f"shape {shape}: {unsupported} in a SPARQL constraint is not supported")
        if "$PATH" in text:
            if path_node is None:
                raise UnsupportedShape(f"shape {shape}: $PATH in a SPARQL constraint of a node shape")
            text = text.replace("$PATH", self.path(path_node))
        self.prefixes.update(self.declared(node))
        head = re.match(r"\s*((?:(?:PREFIX\s+[^:\s]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*)SELECT\s+((?:DISTINCT|REDUCED)\s+)?",
                        text, re.IGNORECASE)
        if head is None:
            raise UnsupportedShape(f"shape {shape}: sh:select is not a SELECT query")
        projection = text[head.end():re.search(r"\bWHERE\b|\{", text[head.end():]).start() + head.end()]
        # the query on its own, for pre-binding: SEP-0007 substitution wants $this in the top-level
        # projection; adding it there changes no other column (SHACL pre-binds it anyway)
        select = text if projection.strip() == "*" or re.search(r"[?$]this\b", projection) \
            else text[:head.end()] + "$this " + text[head.end():]
        v = self.var("s")
        # the nested SELECT projects $this; its other projected variables stay visible to the outer query
        # (a SELECT that does not project $this has no join form: only its pre-bound form is right)
        joinable = projection.strip() == "*" or bool(re.search(r"[?$]this\b", projection))
        renamed = re.sub(r"[?$]this\b", v, text)
        joined = f"{{ {renamed} }} FILTER(sameTerm({v}, {f}))" if joinable else "FILTER(false)"
        pattern = Messaged(joined, g.value(node, SH.message), select, joinable, shape)
        return (shape, SH.SPARQLConstraintComponent, path_node, pattern, "?value" if "?value" in text else None)

    def declared(self, node) -> dict[str, str]:
        out = {}
        for owner in self.g.objects(node, SH.prefixes):
            for decl in self.g.objects(owner, SH.declare):
                out[str(self.g.value(decl, SH.prefix))] = str(self.g.value(decl, SH.namespace))
        return out

    def cardinality(self, target: str, p: str, op: str, n: int) -> str:
        """The focus nodes ``?this`` of ``target`` with fewer (``op`` "<") or more
        (">") than ``n`` values of path ``p``: an anti-join or a join with the nodes counted once, in
        one pass over the path's triples (not a count per focus node)."""
        w = self.var("w")
        if op == "<" and n == 1:
            return f"{{ {target} }} MINUS {{ ?this {p} [] }}"
        having = f"{{ SELECT ?this WHERE {{ ?this {p} {w} }} GROUP BY ?this HAVING (COUNT(DISTINCT {w}) "
        return f"{{ {target} }} MINUS {having}>= {n}) }}" if op == "<" else _among(f"{having}> {n}) }}", target)

    def checks(self) -> list[Check]:
        g = self.g
        shapes = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
        for pred in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            shapes |= set(g.subjects(pred, None))
        out = []
        for shape in sorted(shapes, key=str):
            self.prefixes: dict[str, str] = {}
            targets = self.targets(shape, "?this")
            if not targets:
                continue
            target = " UNION ".join(targets)
            static = [n for n in g.objects(shape, SH.targetNode)] if len(targets) == len(
                list(g.objects(shape, SH.targetNode))) else None
            grouped: dict[tuple, list] = {}
            counted: dict[tuple, list] = {}
            for source, component, path, pattern, value in self.constraints(shape, "?this"):
                severity = g.value(source, SH.severity) or SH.Violation
                message = g.value(source, SH.message)
                if isinstance(pattern, Messaged) and pattern.message is not None:
                    message = pattern.message
                message = str(message) if message is not None else None
                if isinstance(pattern, Counted):
                    counted.setdefault((source, path, pattern.path, severity, message), []).append(
                        (component, pattern.op, pattern.n))
                    continue
                if isinstance(pattern, Messaged) and static is not None:
                    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(self.prefixes.items()))
                    out.append(Check(source, shape, component, path, severity, message, prologue + pattern.select,
                                     focus_nodes=tuple(static)))
                    continue
                if isinstance(pattern, Messaged) and not pattern.joinable:
                    pattern.refuse()
                if isinstance(pattern, Filtered):
                    grouped.setdefault((source, path, pattern.values, value, severity, message), []).append(
                        (component, pattern.cond))
                    continue
                prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(self.prefixes.items()))
                projected = "" if value is None else " ?value" if value == "?value" else f" ({value} AS ?value)"
                extra = " ?path ?message" if component in DYNAMIC_PATH else ""
                where = _among(f"{{ {pattern} }}", target) if isinstance(pattern, Bound) else f"{target} {pattern}"
                query = f"{prologue}SELECT DISTINCT ?this{projected}{extra} WHERE {{ {where} }}"
                out.append(Check(source, shape, component, path, severity, message, query))
            for (source, path, p, severity, message), parts in counted.items():
                branches = " UNION ".join(f"{{ {self.cardinality(target, p, op, n)} BIND(true AS ?k{i}) }}"
                                          for i, (_, op, n) in enumerate(parts))
                query = f"SELECT DISTINCT ?this {' '.join(f'?k{i}' for i in range(len(parts)))} WHERE {{ {branches} }}"
                out.append(Check(source, shape, parts[0][0], path, severity, message, query,
                                 tuple(component for component, _, _ in parts)))
            for (source, path, values, value, severity, message), parts in grouped.items():
                conds = [f"COALESCE({cond}, false)" for _, cond in parts]
                flags = "".join(f" ({c} AS ?k{i})" for i, c in enumerate(conds))
                found = f"{values} FILTER({' || '.join(conds)})"
                first = values and self.anchored(path)  # (see Bound)
                where = _among(f"{{ {found} }}", target) if first else f"{target} {found}"
                query = f"SELECT DISTINCT ?this ({value} AS ?value){flags} WHERE {{ {where} }}"
                out.append(Check(source, shape, parts[0][0], path, severity, message, query,
                                 tuple(component for component, _ in parts)))
        return out


def _among(found: str, target: str) -> str:
    """The solutions of ``found`` (a group binding ?this) whose focus node is a target: each tested
    on its own, so the targets are never enumerated when nothing is found (violations are rare).
    The same as the join for the DISTINCT queries here; a target with VALUES stays a join (EXISTS
    substitutes ?this into it)."""
    if "VALUES" in target:
        return f"{found} {{ {target} }}"
    # (as a subquery: Oxigraph would otherwise push the EXISTS down, before the pattern's own MINUS)
    return f"{{ SELECT * WHERE {found} }} FILTER EXISTS {{ {target} }}"


@lru_cache(maxsize=4)
def compile_shapes(shapes_ttl: str) -> tuple[Check, ...]:
    """Checks for a shapes graph given as Turtle text (cached: compiled once per process)."""
    return tuple(Compiler(Graph().parse(data=shapes_ttl, format="turtle")).checks())


def run(store, checks: Iterable[Check], default_graph=None) -> list[Result]:
    """Run the checks on a pyoxigraph store; ``default_graph``: the graphs to validate (None: the union)."""
    kwargs = {"default_graph": default_graph} if default_graph is not None else {"use_default_graph_as_union": True}
    results = []
    for check in checks:
        if check.focus_nodes:
            rows = itertools.chain.from_iterable(
                store.query(check.query, substitutions={ox.Variable("this"): to_ox(node)}, **kwargs)
                for node in check.focus_nodes)
        else:
            rows = store.query(check.query, **kwargs)
        for row in rows:
            value = _get(row, "value")
            path = check.path
            message = check.message
            if check.component in DYNAMIC_PATH:
                found = _get(row, "path")
                path = URIRef(found.value) if isinstance(found, ox.NamedNode) else path
            if check.component == SH.SPARQLConstraintComponent:
                found = _get(row, "message")
                message = _fill(message, row) if message else (found.value if found is not None else None)
            components = ([c for i, c in enumerate(check.components) if _get(row, f"k{i}") == TRUE]
                          if check.components else [check.component])
            for component in components:
                results.append(Result(row["this"], path, value, component, check.shape, check.severity, message))
    return results


def _get(row, name):
    try:
        return row[name]
    except (KeyError, IndexError):
        return None


def _fill(message: str, row) -> str:
    return re.sub(r"\{[?$](\w+)\}", lambda m: (_get(row, m.group(1)).value if _get(row, m.group(1)) is not None else m.group(0)), message)
