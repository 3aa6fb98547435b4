"""`livertox-kg build`: sources -> facts -> checked quads -> N-Quads dump -> new store -> swap.

Two parallel passes over the sources (worker processes, ``--jobs``):

1. read and extract each source (the readers stream archives member by member);
2. after the build-wide name tables are known (one IRI per target, condition and class), write
   each monograph's named graph, check it with SHACL, and return it as N-Quads together with what
   the reasoner needs (signatures, see :mod:`livertox_kg.reasoning`).

The parent streams the graphs into the dump, adds the ontology, mappings, inferences and build
metadata, bulk-loads a new store version and swaps it in. Nothing already good is lost: a source
that cannot be read, or whose graph fails SHACL, is skipped with one line naming it and why; a
failure after that (reasoning, loading) leaves the current store and dump untouched.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD

from . import __version__
from .mappings import mapping_quads
from .model import AgentRecord, Monograph, SourceError
from .namespaces import BUILD_GRAPH, INFERRED_GRAPH, LTX, ONTOLOGY_GRAPH
from .rdf import EntityTables, build_iri, monograph_quads, monograph_slug
from .sources import Loaded, SourceFailure, SourceItem, iter_sources, load
from .store import activate, check_location, dump_path, load_version

SERIAL_BELOW = 8  # fewer sources than this are built in-process (no pool start-up cost)
CHUNK = 16


@dataclass
class Skipped:
    source: str
    reason: str


@dataclass
class BuildReport:
    build_id: str
    store: Path
    dump: Path
    monographs: int = 0
    agents: int = 0
    quads: int = 0
    inferred: int = 0
    signatures: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


class BuildError(RuntimeError):
    """The build failed as a whole; the current store was left as it was."""


@dataclass
class GraphResult:
    """What a worker returns for one monograph (pass 2)."""

    source: str
    agents: int
    nquads: bytes = b""
    count: int = 0
    error: str | None = None
    inferred: set[str] = field(default_factory=set)  # N-Quads lines for graph/inferred
    signatures: set = field(default_factory=set)
    drugs: dict = field(default_factory=dict)  # signature -> [drug IRI]


def new_build_id(now: dt.datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]


def to_ox(term):
    """rdflib term -> pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    return ox.BlankNode(str(term))


def nquads(quads: Iterable[tuple]) -> bytes:
    """Unique quads (rdflib terms) as N-Quads bytes."""
    return ox.serialize([ox.Quad(*map(to_ox, q)) for q in dict.fromkeys(quads)], format=ox.RdfFormat.N_QUADS)


# -- pass 1: read and extract (worker side) -------------------------------------------------------
def read_and_extract(item: SourceItem | SourceFailure) -> Loaded:
    """Read one source and extract its records; never raises for a bad source."""
    from .extract import extract

    loaded = load(item)
    if loaded.ok and loaded.records is None:
        try:
            loaded.records = extract(loaded.monograph)
        except SourceError as exc:
            loaded.error = exc.reason
        except Exception as exc:  # an extractor bug must not stop a corpus build
            loaded.error = f"extractor failed: {type(exc).__name__}: {exc}"
        if loaded.records == [] and loaded.error is None:
            loaded.error = "no agent found in the text"
    if loaded.monograph is not None:  # the graph writer needs offsets, not the text itself
        loaded.monograph.text = ""
        for section in loaded.monograph.sections:
            section.text = ""
    return loaded


# -- pass 2: graph, SHACL, reasoning input (worker side) -------------------------------------------
_TABLES: EntityTables | None = None
_BUILD: URIRef | None = None
_SHACL = True


def _init_graph_worker(tables: EntityTables, build: URIRef, shacl: bool) -> None:
    global _TABLES, _BUILD, _SHACL
    _TABLES, _BUILD, _SHACL = tables, build, shacl


def graph_job(job: tuple[Monograph, list[AgentRecord], str]) -> GraphResult:
    from . import reasoning

    monograph, records, mslug = job
    result = GraphResult(monograph.source, len(records))
    quads = list(dict.fromkeys(monograph_quads(monograph, records, _TABLES, mslug, _BUILD)))
    triples = [(s, p, o) for s, p, o, _ in quads]
    if _SHACL:
        from .shacl import check

        graph = Graph()
        for triple in triples:
            graph.add(triple)
        report = check(graph)
        if not report.conforms:
            result.error = f"SHACL: {report.violations} violation(s)\n{report.text}"
            return result
    result.nquads = nquads(quads)
    result.count = len(quads)
    sigs = reasoning.signatures(triples)
    result.signatures = set(sigs.values())
    drug_types = {LTX.Drug, LTX.Agent}
    for subject, sig in sigs.items():
        if sig[0] & drug_types:
            result.drugs.setdefault(sig, []).append(str(subject))
    inferred = reasoning.rdfs_closure(triples)
    result.inferred = {line for line in nquads((s, p, o, INFERRED_GRAPH) for s, p, o in inferred)
                       .decode("utf-8").splitlines() if line}
    return result


# -- the parent ---------------------------------------------------------------------------------------
def _pool(jobs: int, initializer=None, initargs=()) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=initializer, initargs=initargs)


def _map(fn: Callable, items: Iterable, jobs: int, initializer=None, initargs=()) -> Iterator:
    """fn over items, in order: in worker processes when jobs > 1, else here."""
    if jobs <= 1:
        if initializer:
            initializer(*initargs)
        yield from map(fn, items)
        return
    with _pool(jobs, initializer, initargs) as pool:
        yield from pool.map(fn, items, chunksize=CHUNK)


def ontology_quads() -> list[tuple]:
    from .reasoning import ontology_graph

    return [(s, p, o, ONTOLOGY_GRAPH) for s, p, o in ontology_graph()]


def build_metadata(build: URIRef, build_id: str, started: dt.datetime, ended: dt.datetime,
                   report: BuildReport) -> list[tuple]:
    g = BUILD_GRAPH
    quads = [
        (build, RDF.type, LTX.Build, g),
        (build, RDF.type, PROV.Activity, g),
        (build, RDFS.label, Literal(f"livertox-kg build {build_id}", lang="en"), g),
        (build, DCTERMS.identifier, Literal(build_id), g),
        (build, PROV.startedAtTime, Literal(started.isoformat(), datatype=XSD.dateTime), g),
        (build, PROV.endedAtTime, Literal(ended.isoformat(), datatype=XSD.dateTime), g),
        (build, LTX.extractorVersion, Literal(__version__), g),
        (build, PROV.wasAssociatedWith, URIRef("https://w3id.org/livertox-kg/software/livertox-kg"), g),
    ]
    for skipped in report.skipped:
        first_line = skipped.reason.splitlines()[0]
        quads.append((build, RDFS.comment, Literal(f"skipped {skipped.source}: {first_line}"), g))
    return quads


def run_build(
    sources: Iterable[str | Path],
    store: Path,
    *,
    reasoner: bool = True,
    shacl: bool = True,
    progress: bool | None = None,
    jobs: int | None = None,
    log: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
) -> BuildReport:
    """Build a new store version from sources and swap it in; see the module docstring."""
    from tqdm import tqdm

    store = Path(store)
    check_location(store)
    started = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    build_id = new_build_id(started)
    report = BuildReport(build_id, store, dump_path(store))
    build = build_iri(build_id)
    items = list(iter_sources(sources))
    jobs = 1 if len(items) < SERIAL_BELOW else (jobs or os.cpu_count() or 1)
    bar = dict(disable=progress is False, file=sys.stderr, delay=0 if progress else 2.0)

    def skip(source: str, reason: str) -> None:
        report.skipped.append(Skipped(source, reason))
        log(f"livertox-kg: skipped {source}: {reason.splitlines()[0]}")

    # pass 1: read and extract; one bad source never stops the others
    parsed: list[tuple[Monograph, list[AgentRecord]]] = []
    tables = EntityTables()
    for item in tqdm(_map(read_and_extract, items, jobs), total=len(items), desc="extract", unit="src", **bar):
        if item.error:
            skip(item.source, item.error)
        elif item.skipped:
            report.notices.append(f"{item.source}: {item.skipped}")
        else:
            parsed.append((item.monograph, item.records))
            tables.collect(item.records)

    # pass 2: one named graph per monograph, SHACL-checked, streamed into the dump
    used: dict[str, int] = {}
    graph_jobs = []
    for monograph, records in parsed:
        base = monograph_slug(monograph, records)
        used[base] = used.get(base, 0) + 1
        graph_jobs.append((monograph, records, base if used[base] == 1 else f"{base}-{used[base]}"))
    del parsed

    store.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{store.name}-", suffix=".nq.tmp", dir=store.parent)
    tmp_dump = Path(tmp_name)
    version: Path | None = None
    try:
        inferred: set[str] = set()
        signatures: set = set()
        drugs: dict = {}
        with os.fdopen(fd, "wb") as out:
            results = _map(graph_job, graph_jobs, jobs, _init_graph_worker, (tables, build, shacl))
            for result in tqdm(results, total=len(graph_jobs), desc="graphs", unit="graph", **bar):
                if result.error:
                    skip(result.source, result.error)
                    continue
                out.write(result.nquads)
                report.quads += result.count
                report.monographs += 1
                report.agents += result.agents
                inferred |= result.inferred
                signatures |= result.signatures
                for sig, iris in result.drugs.items():
                    drugs.setdefault(sig, []).extend(iris)

            if reasoner:
                inferred |= _hermit(signatures, drugs, report)
            report.inferred = len(inferred)
            out.write("".join(line + "\n" for line in sorted(inferred)).encode("utf-8"))
            report.quads += len(inferred)
            ended = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
            for extra in (ontology_quads(), mapping_quads(), build_metadata(build, build_id, started, ended, report)):
                unique = list(dict.fromkeys(extra))
                out.write(nquads(unique))
                report.quads += len(unique)

        version = load_version(store, build_id, tmp_dump)
        loaded = ox.Store.read_only(str(version))
        count = len(loaded)
        del loaded
        if count != report.quads:
            raise BuildError(f"loaded {count} quads but wrote {report.quads}; the current store was left as it was")
        activate(store, version)
        os.replace(tmp_dump, report.dump)
    except BaseException:
        tmp_dump.unlink(missing_ok=True)
        if version is not None and not (store.is_symlink() and store.resolve() == version.resolve()):
            shutil.rmtree(version, ignore_errors=True)
        raise
    return report


def _hermit(signatures: set, drugs: dict, report: BuildReport) -> set[str]:
    """Consistency of all signatures and HermiT's class memberships of drugs, as N-Quads lines."""
    from . import reasoning

    distinct = sorted(signatures, key=repr)
    report.signatures = len(distinct)
    consistent, message, per_signature = reasoning.reason_signatures(distinct)
    if not consistent:
        raise BuildError(message + "; the current store was left as it was")
    lines: set[str] = set()
    for sig, classes in zip(distinct, per_signature):
        for iri in drugs.get(sig, ()):
            quads = [(URIRef(iri), RDF.type, cls, INFERRED_GRAPH) for cls in classes]
            if quads:
                lines |= {line for line in nquads(quads).decode("utf-8").splitlines() if line}
    return lines
