"""`livertox-kg build`: sources -> facts -> checked quads -> N-Quads dump -> new store -> swap.

Nothing already good is lost: a source that cannot be read or whose graph fails SHACL is skipped
with one line naming it and why; a failure after that (loading, reasoning) leaves the current
store and dump untouched.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD

from . import __version__
from .mappings import mapping_quads
from .model import AgentRecord, Monograph, SourceError
from .namespaces import BUILD_GRAPH, INFERRED_GRAPH, LTX, ONTOLOGY_GRAPH
from .paths import ONTOLOGY_FILE
from .rdf import EntityTables, build_iri, monograph_quads, monograph_slug
from .sources import load_sources
from .store import activate, check_location, dump_path, load_version


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
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


class BuildError(RuntimeError):
    """The build failed as a whole; the current store was left as it was."""


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


def ontology_quads() -> list[tuple]:
    graph = Graph().parse(ONTOLOGY_FILE, format="turtle")
    return [(s, p, o, ONTOLOGY_GRAPH) for s, p, o in graph]


def build_metadata(build: URIRef, build_id: str, started: dt.datetime, ended: dt.datetime,
                   sources: list[Monograph], report: BuildReport) -> list[tuple]:
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
    for monograph in sources:
        quads.append((build, PROV.used, Literal(monograph.source), g))
    for skipped in report.skipped:
        quads.append((build, RDFS.comment, Literal(f"skipped {skipped.source}: {skipped.reason}"), g))
    return quads


def read_and_extract(sources: Iterable[str | Path], progress: bool | None = None):
    """Loaded items with ``records`` filled in; extraction errors become item errors."""
    from tqdm import tqdm

    from .extract import extract

    items = load_sources(sources)
    bar = tqdm(items, desc="monographs", unit="file", disable=progress is False,
               file=sys.stderr, delay=2.0 if progress is None else 0)
    for item in bar:
        if item.ok and item.records is None:
            try:
                item.records = extract(item.monograph)
            except SourceError as exc:
                item.error = exc.reason
            if item.records == [] and item.error is None:
                item.error = "no agent found in the text"
        yield item


def run_build(
    sources: Iterable[str | Path],
    store: Path,
    *,
    reasoner: bool = True,
    shacl: bool = True,
    progress: bool | None = None,
    log: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
) -> BuildReport:
    """Build a new store version from sources and swap it in; see the module docstring."""
    store = Path(store)
    check_location(store)
    started = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    build_id = new_build_id(started)
    report = BuildReport(build_id, store, dump_path(store))
    build = build_iri(build_id)

    # 1. read and extract; one bad source never stops the others
    parsed: list[tuple[Monograph, list[AgentRecord]]] = []
    for item in read_and_extract(sources, progress=progress):
        if item.error:
            report.skipped.append(Skipped(item.source, item.error))
            log(f"livertox-kg: skipped {item.source}: {item.error}")
        elif item.skipped:
            report.notices.append(f"{item.source}: {item.skipped}")
        else:
            parsed.append((item.monograph, item.records))

    # 2. one IRI per entity across the whole build
    tables = EntityTables()
    for _, records in parsed:
        tables.collect(records)

    # 3. quads per monograph, each graph checked with SHACL
    from .shacl import check

    quads: list[tuple] = []
    used_slugs: dict[str, int] = {}
    kept: list[Monograph] = []
    for monograph, records in parsed:
        base = monograph_slug(monograph, records)
        used_slugs[base] = used_slugs.get(base, 0) + 1
        mslug = base if used_slugs[base] == 1 else f"{base}-{used_slugs[base]}"
        graph_quads = monograph_quads(monograph, records, tables, mslug, build)
        if shacl:
            graph = Graph()
            for s, p, o, _ in graph_quads:
                graph.add((s, p, o))
            result = check(graph)
            if not result.conforms:
                reason = f"SHACL: {result.violations} violation(s)\n{result.text}"
                report.skipped.append(Skipped(monograph.source, reason))
                log(f"livertox-kg: skipped {monograph.source}: SHACL found {result.violations} violation(s)")
                continue
        quads.extend(graph_quads)
        kept.append(monograph)
        report.monographs += 1
        report.agents += len(records)

    # 4. ontology, mappings, inferences, build metadata
    quads.extend(ontology_quads())
    quads.extend(mapping_quads())
    if reasoner:
        from .reasoning import reason

        result = reason((s, p, o) for s, p, o, g in quads if g != ONTOLOGY_GRAPH)
        if not result.consistent:
            raise BuildError(result.message + "; the current store was left as it was")
        quads.extend((s, p, o, INFERRED_GRAPH) for s, p, o in result.inferred)
        report.inferred = len(result.inferred)
    ended = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    quads.extend(build_metadata(build, build_id, started, ended, kept, report))
    report.quads = len(set(quads))

    # 5. dump, load a new version, check it, swap
    store.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{store.name}-", suffix=".nq.tmp", dir=store.parent)
    os.close(fd)
    tmp_dump = Path(tmp_name)
    try:
        with tmp_dump.open("wb") as out:
            ox.serialize(
                (ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g)) for s, p, o, g in quads),
                out,
                ox.RdfFormat.N_QUADS,
            )
        version = load_version(store, build_id, tmp_dump)
        loaded = ox.Store.read_only(str(version))
        count = len(loaded)
        del loaded
        if count != report.quads:
            raise BuildError(f"loaded {count} quads but wrote {report.quads}; store left as it was")
        activate(store, version)
        os.replace(tmp_dump, report.dump)
    except BaseException:
        tmp_dump.unlink(missing_ok=True)
        if "version" in locals() and not (store.is_symlink() and store.resolve() == version.resolve()):
            import shutil

            shutil.rmtree(version, ignore_errors=True)
        raise
    return report
