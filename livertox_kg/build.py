"""`livertox-kg build`: sources -> facts -> checked quads -> N-Quads dump -> new store -> swap.

Two parallel passes over the sources (worker processes, ``--jobs``):

1. read and extract each source (the readers stream archives member by member), or take its facts
   from the extraction cache (:mod:`livertox_kg.extraction_cache`) when neither it nor the extractor
   changed since a build that kept them;
2. after the build-wide name tables are known (one IRI per target, condition and class), write
   each monograph's named graph and return it as N-Quads together with what the reasoner needs
   (signatures, see :mod:`livertox_kg.reasoning`).

The parent streams the graphs into the dump and, as they come, into a new store version (bulk loads
in background threads, :class:`livertox_kg.store.VersionLoader`), then the shared entities and the
ontology, which load while HermiT and the UNII linking run; then it adds (to the dump and the
version) the inferences, mappings and build metadata, checks it with SHACL once (the shapes compiled to SPARQL,
:mod:`livertox_kg.shacl_store`) and swaps it in. Nothing already good is lost: a source that
cannot be read, or whose graph fails SHACL, is skipped with one line naming it and why (after a
SHACL failure the build runs again without it); a failure after that (reasoning, loading) leaves
the current store and dump untouched.
"""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import os
import pickle
import shutil
import sys
import tempfile
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD

from . import __version__
from .extraction_cache import ExtractionCache, source_key
from .mappings import mapping_quads
from .model import AgentRecord, Monograph, SourceError
from .namespaces import (BUILD_GRAPH, ENTITIES_GRAPH, GRAPH, INFERRED_GRAPH, LTX, MAPPINGS_GRAPH, MONOGRAPH,
                         ONTOLOGY_GRAPH, SD)
from .rdf import EntityTables, build_iri, monograph_ox_quads, monograph_slug, monograph_title
from .sources import Loaded, SourceFailure, SourceItem, iter_sources, load
from .store import VersionLoader, activate, check_location, dump_path, version_dir
from .terms import to_ox

SOFTWARE = URIRef("https://w3id.org/livertox-kg/software/livertox-kg")
SERIAL_BELOW = 8  # fewer sources than this are built in-process (no pool start-up cost)
CHUNK = 16
# What each named graph other than the monographs' holds: (label, comment) for its description in
# graph/build, so that every graph name is a dereferenceable IRI.
GRAPHS = {
    ENTITIES_GRAPH: ("Shared entities graph", "Labels and types of the drugs, drug classes, molecular targets "
                     "and conditions the monographs mention, and the drug class hierarchy (one copy each, "
                     "not one per monograph)."),
    INFERRED_GRAPH: ("Inferred statements graph", "Statements the reasoners added: the RDFS closure of each "
                     "monograph's graph under the ontology (such as ltx:actsOn from its sub-properties) "
                     "and HermiT's class memberships (such as ltx:ReceptorAgonist)."),
    ONTOLOGY_GRAPH: ("Ontology graph", "The livertox-kg OWL 2 ontology the build used "
                     "(https://w3id.org/livertox-kg/ontology)."),
    MAPPINGS_GRAPH: ("Mappings graph", "SKOS mappings to external vocabularies from the SSSOM tables "
                     "(data/mappings, and the build's links of drugs to UNIIs), each annotated (an owl:Axiom) "
                     "with its justification and provenance."),
    BUILD_GRAPH: ("Build metadata graph", "The provenance of this build: the build activity, the software "
                  "that ran it, the sources it skipped, and a description of every named graph."),
}
MONOGRAPH_GRAPH_COMMENT = ("The statements extracted from one LiverTox monograph, with their evidence (quoted "
                           "text, section, character offsets); labels of shared entities are in the shared "
                           "entities graph, inferences in the inferred statements graph.")


@dataclass
class Skipped:
    source: str  # as the user named it
    reason: str
    name: str = ""  # portable name, the one the build's provenance records


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
    links: str | None = None  # one line on linking drugs to UNIIs (or why it was skipped)
    cached: int = 0  # sources whose extraction was taken from the extraction cache
    cache: Path | None = None  # the extraction cache's folder (None: no cache)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase


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
    shared: set[str] = field(default_factory=set)  # N-Quads lines for graph/entities
    signatures: set = field(default_factory=set)
    drugs: dict = field(default_factory=dict)  # signature -> [drug IRI]
    slug: str = ""  # the monograph's slug (its graph is graph/monograph/<slug>)
    title: str = ""


def new_build_id(now: dt.datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]


def nquads(quads: Iterable[tuple]) -> bytes:
    """Unique quads (rdflib terms) as N-Quads bytes."""
    return ox_nquads(tuple(map(to_ox, q)) for q in dict.fromkeys(quads))


def ox_nquads(quads: Iterable[tuple]) -> bytes:
    """Quads of pyoxigraph terms as N-Quads bytes."""
    return ox.serialize([ox.Quad(*q) for q in quads], format=ox.RdfFormat.N_QUADS)


def lines(quads: Iterable[tuple]) -> set[str]:
    """Quads (rdflib terms) as a set of N-Quads lines (for graphs the parent merges across monographs)."""
    return {line for line in nquads(quads).decode("utf-8").splitlines() if line}


def ox_lines(quads: Iterable[tuple]) -> set[str]:
    """Quads of pyoxigraph terms as a set of N-Quads lines."""
    return {line for line in ox_nquads(quads).decode("utf-8").splitlines() if line}


# -- pass 1: read and extract (worker side) -------------------------------------------------------
def read_and_extract(item: SourceItem | SourceFailure) -> Loaded:
    """Read one source and extract its records; never raises for a bad source."""
    return read_and_extract_each([item])[0]


def read_and_extract_each(items: list[SourceItem | SourceFailure]) -> list[Loaded]:
    """Read sources and extract their records, all at once (:func:`livertox_kg.extraction.extract_each`
    parses their cue sentences together); never raises for a bad source."""
    from .extraction import extract_each

    loaded = [load(item) for item in items]
    todo = [one for one in loaded if one.ok and one.records is None]
    for one, records in zip(todo, extract_each([one.monograph for one in todo])):
        if isinstance(records, SourceError):
            one.error = records.reason
        elif isinstance(records, Exception):  # an extractor bug must not stop a corpus build
            one.error = f"extractor failed: {type(records).__name__}: {records}"
        else:
            one.records = records
        if one.records == [] and one.error is None:
            one.error = "no agent found in the text"
    for one in loaded:
        if one.monograph is not None:  # the graph writer needs offsets and the text's digest only
            one.monograph.text_sha256()
            one.monograph.text = ""
            for section in one.monograph.sections:
                section.text = ""
    return loaded


def cached_read_and_extract(items: list[SourceItem | SourceFailure],
                            cache: ExtractionCache | None) -> list[tuple[Loaded, bool, str | None]]:
    """:func:`read_and_extract_each` through the extraction cache: (result, whether it came from the
    cache, its cache key or None) for each source."""
    out: list = [None] * len(items)
    misses = []
    for i, item in enumerate(items):
        key = None
        if cache is not None and isinstance(item, SourceItem):
            try:
                key = source_key(item, cache.version)
            except OSError:
                key = None  # unreadable: read_and_extract reports it
            if key is not None and (hit := cache.get(key, item.source)) is not None:
                out[i] = (hit, True, key)
                continue
        misses.append((i, item, key))
    for (i, item, key), loaded in zip(misses, read_and_extract_each([item for _, item, _ in misses])):
        if key is not None and not cache.put(key, loaded):
            key = None
        out[i] = (loaded, False, key)
    return out


@dataclass
class Extracted:
    """What pass 1 tells the parent about one source; the records themselves stay in the spool."""

    source: str
    error: str | None = None
    skipped: str | None = None
    name: str = ""
    slug: str | None = None
    targets: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    drugs: list[tuple[str, list[str]]] = field(default_factory=list)  # (name, brand names) for linking
    cached: bool = False  # taken from the extraction cache
    key: str | None = None  # its entry in the extraction cache (None: it has none)


def extract_chunk(job: tuple[int, list, Path, ExtractionCache | None]) -> list[Extracted]:
    """Pass 1 over a chunk of sources: good records are pickled to ``spool/chunk-N.pkl``."""
    index, items, spool, cache = job
    kept, out = [], []
    for loaded, cached, key in cached_read_and_extract(items, cache):
        summary = Extracted(loaded.source, loaded.error, loaded.skipped, loaded.name, cached=cached, key=key)
        if loaded.ok:
            summary.slug = monograph_slug(loaded.monograph, loaded.records)
            summary.targets, summary.conditions = EntityTables.names(loaded.records)
            if loaded.monograph.content_type != "class-overview":
                summary.drugs = [(r.name, r.values("brand_names")) for r in loaded.records]
            kept.append((loaded.monograph, loaded.records))
        out.append(summary)
    with open(spool / f"chunk-{index}.pkl", "wb") as handle:
        pickle.dump(kept, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return out


# -- pass 2: graph, reasoning input (worker side) -------------------------------------------
_OX_ENTITIES, _OX_INFERRED, _OX_DRUG = map(to_ox, (ENTITIES_GRAPH, INFERRED_GRAPH, LTX.Drug))
_TABLES: EntityTables | None = None
_BUILD: URIRef | None = None


def _init_graph_worker(tables: EntityTables, build: URIRef) -> None:
    global _TABLES, _BUILD
    _TABLES, _BUILD = tables, build


def graph_job(monograph: Monograph, records: list[AgentRecord], mslug: str) -> GraphResult:
    """One monograph's named graph, with what the reasoner needs (SHACL runs later, on the store)."""
    from . import reasoning

    result = GraphResult(monograph.source, len(records), slug=mslug, title=monograph_title(monograph, records, mslug))
    quads = list(dict.fromkeys(monograph_ox_quads(monograph, records, _TABLES, mslug, _BUILD)))
    triples = [(s, p, o) for s, p, o, _ in quads]
    own = [q for q in quads if q[3] != _OX_ENTITIES]
    result.nquads = ox_nquads(own)
    result.count = len(own)
    result.shared = ox_lines(q for q in quads if q[3] == _OX_ENTITIES)
    sigs = reasoning.signatures(triples)
    result.signatures = set(sigs.values())
    for subject, sig in sigs.items():
        if _OX_DRUG in sig[0]:
            result.drugs.setdefault(sig, []).append(subject.value)
    result.inferred = ox_lines((s, p, o, _OX_INFERRED) for s, p, o in reasoning.rdfs_closure(triples))
    return result


def graph_chunk(job: tuple[int, list[str], Path]) -> list[GraphResult]:
    """Pass 2 over a spooled chunk; ``slugs`` are the unique monograph slugs the parent assigned."""
    index, slugs, spool = job
    path = spool / f"chunk-{index}.pkl"
    with open(path, "rb") as handle:
        kept = pickle.load(handle)
    path.unlink()
    return [graph_job(monograph, records, mslug) for (monograph, records), mslug in zip(kept, slugs)]


# -- the parent ---------------------------------------------------------------------------------------
def chunked(iterable: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ordered_map(fn: Callable, jobs_in: Iterable, workers: int, initializer=None, initargs=()) -> Iterator:
    """fn over jobs in order, in worker processes with a bounded number in flight (so a streamed
    archive is never read ahead into memory); in this process when workers <= 1."""
    if workers <= 1:
        if initializer:
            initializer(*initargs)
        yield from map(fn, jobs_in)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=initializer, initargs=initargs) as pool:
        pending: deque = deque()
        for job in jobs_in:
            pending.append(pool.submit(fn, job))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def ontology_quads() -> list[tuple]:
    from .reasoning import ontology_graph

    return [(s, p, o, ONTOLOGY_GRAPH) for s, p, o in ontology_graph()]


def graph_description(graph: URIRef, label: str, comment: str, build: URIRef) -> list[tuple]:
    """A named graph described under its own name (SPARQL 1.1 Service Description), in graph/build."""
    g = BUILD_GRAPH
    return [
        (graph, RDF.type, SD.NamedGraph, g),
        (graph, SD.name, graph, g),
        (graph, RDFS.label, Literal(label, lang="en"), g),
        (graph, RDFS.comment, Literal(comment, lang="en"), g),
        (graph, PROV.wasGeneratedBy, build, g),
    ]


def build_metadata(build: URIRef, build_id: str, started: dt.datetime, ended: dt.datetime,
                   report: BuildReport, graphs: Iterable[URIRef] = (),
                   monographs: Iterable[tuple[str, str]] = ()) -> list[tuple]:
    """The build's provenance, with a description of each named graph it wrote: ``graphs`` (keys of
    GRAPHS) and ``monographs`` ((slug, title) of each monograph graph)."""
    g = BUILD_GRAPH
    quads = [
        (build, RDF.type, LTX.Build, g),
        (build, RDF.type, PROV.Activity, g),
        (build, RDFS.label, Literal(f"livertox-kg build {build_id}", lang="en"), g),
        (build, DCTERMS.identifier, Literal(build_id), g),
        (build, PROV.startedAtTime, Literal(started.isoformat(), datatype=XSD.dateTime), g),
        (build, PROV.endedAtTime, Literal(ended.isoformat(), datatype=XSD.dateTime), g),
        (build, LTX.extractorVersion, Literal(__version__), g),
        (build, PROV.wasAssociatedWith, SOFTWARE, g),
        (SOFTWARE, RDF.type, PROV.SoftwareAgent, g),
        (SOFTWARE, RDFS.label, Literal(f"livertox-kg {__version__}", lang="en"), g),
    ]
    if report.links:
        quads.append((build, RDFS.comment, Literal(report.links), g))
    for skipped in report.skipped:
        first_line = skipped.reason.splitlines()[0]
        quads.append((build, RDFS.comment, Literal(f"skipped {skipped.name or skipped.source}: {first_line}"), g))
    for graph in graphs:
        quads += graph_description(graph, *GRAPHS[graph], build)
    for mslug, title in monographs:
        graph = GRAPH[f"monograph/{mslug}"]
        quads += graph_description(graph, f"Named graph of LiverTox monograph: {title}", MONOGRAPH_GRAPH_COMMENT, build)
        quads.append((graph, DCTERMS.subject, MONOGRAPH[mslug], g))
    return quads


class _ShaclRejected(Exception):
    """The loaded store has SHACL violations; ``blamed`` maps monograph sources to the reason."""

    def __init__(self, blamed: dict[str, str], message: str):
        super().__init__(message)
        self.blamed = blamed


def run_build(
    sources: Iterable[str | Path],
    store: Path,
    *,
    reasoner: bool = True,
    shacl: bool = True,
    progress: bool | None = None,
    jobs: int | None = None,
    log: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
    link: bool = True,
    unii_names: str | Path | None = None,
    cache: bool = True,
) -> BuildReport:
    """Build a new store version from sources and swap it in; see the module docstring.

    SHACL runs once, on the loaded (not yet active) store. A monograph whose graph holds a
    violation is skipped: the build runs again without it (only then does a build run twice).
    With ``cache``, extraction results are reused from and kept in ``cache/`` beside the store
    (:mod:`livertox_kg.extraction_cache`).
    """
    sources = list(sources)
    excluded: dict[str, str] = {}
    cache_keys: set[str] = set()  # the extraction cache's entries of the sources built (kept when it is pruned)
    while True:
        try:
            return _run_build(sources, store, reasoner=reasoner, shacl=shacl, progress=progress, jobs=jobs,
                              log=log, link=link, unii_names=unii_names, excluded=excluded, cache=cache,
                              cache_keys=cache_keys)
        except _ShaclRejected as rejected:
            new = {source: reason for source, reason in rejected.blamed.items() if source not in excluded}
            if not new:
                raise BuildError(f"{rejected}; the current store was left as it was") from None
            excluded.update(new)


def _run_build(sources, store, *, reasoner, shacl, progress, jobs, log, link, unii_names,
               excluded: dict[str, str], cache: bool, cache_keys: set[str]) -> BuildReport:
    """One build; ``excluded`` maps the portable names of monographs SHACL refused to the reason;
    ``cache_keys`` gathers the extraction cache entries used (over the reruns of one build)."""
    from tqdm import tqdm

    store = Path(store)
    check_location(store)
    started = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    build_id = new_build_id(started)
    report = BuildReport(build_id, store, dump_path(store))
    build = build_iri(build_id)
    extraction_cache = ExtractionCache(store.parent / "cache") if cache else None
    report.cache = extraction_cache.folder if extraction_cache else None
    items = (item for item in iter_sources(sources) if item.name not in excluded)
    head = list(itertools.islice(items, SERIAL_BELOW))
    serial = len(head) < SERIAL_BELOW
    workers = 1 if serial else (jobs or os.cpu_count() or 1)
    items = itertools.chain(head, items)
    bar = dict(disable=progress is False, file=sys.stderr, delay=0 if progress else 2.0)
    clock = time.perf_counter()

    def lap(phase: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.timings[phase] = round(now - clock, 3)
        clock = now

    def skip(source: str, reason: str, name: str = "") -> None:
        report.skipped.append(Skipped(source, reason, name or source))
        log(f"livertox-kg: skipped {source}: {reason.splitlines()[0]}")

    for source, reason in excluded.items():
        skip(source, reason)
    store.parent.mkdir(parents=True, exist_ok=True)
    spool = Path(tempfile.mkdtemp(prefix=f".{store.name}-spool-", dir=store.parent))
    fd, tmp_name = tempfile.mkstemp(prefix=f".{store.name}-", suffix=".nq.tmp", dir=store.parent)
    os.close(fd)
    tmp_dump = Path(tmp_name)
    version: Path | None = None
    loader: VersionLoader | None = None
    try:
        # pass 1: read and extract, spooling records to disk; one bad source never stops the others
        tables = EntityTables()
        chunk_slugs: list[list[str]] = []
        drug_names: list[tuple[str, list[str]]] = []
        used: dict[str, int] = {}
        jobs1 = ((i, chunk, spool, extraction_cache) for i, chunk in enumerate(chunked(items, CHUNK)))
        progress_bar = tqdm(desc="extract", unit="src", **bar)
        for summaries in ordered_map(extract_chunk, jobs1, workers):
            slugs = []
            for summary in summaries:
                report.cached += summary.cached
                if summary.key is not None:
                    cache_keys.add(summary.key)
                if summary.error:
                    skip(summary.source, summary.error, summary.name)
                elif summary.skipped:
                    report.notices.append(f"{summary.source}: {summary.skipped}")
                else:
                    tables.add_names(summary.targets, summary.conditions)
                    drug_names += summary.drugs
                    used[summary.slug] = used.get(summary.slug, 0) + 1
                    n = used[summary.slug]
                    slugs.append(summary.slug if n == 1 else f"{summary.slug}-{n}")
            chunk_slugs.append(slugs)
            progress_bar.update(len(summaries))
        progress_bar.close()
        lap("extract")

        # pass 2: one named graph per monograph, streamed into the dump and, as it is written, into the
        # new store version (VersionLoader: bulk loads in background threads, two parts at once)
        inferred: set[str] = set()
        shared: set[str] = set()
        signatures: set = set()
        drugs: dict = {}
        described: list[tuple[str, str]] = []  # (slug, title) of each monograph graph written
        version = version_dir(store, build_id)  # set first: an interrupt mid-load must remove it too
        loader = VersionLoader(store, build_id, parallel=min(2, jobs or os.cpu_count() or 1))  # --jobs 1: one
        with tmp_dump.open("wb") as out:
            jobs2 = ((i, slugs, spool) for i, slugs in enumerate(chunk_slugs))
            progress_bar = tqdm(total=sum(map(len, chunk_slugs)), desc="graphs", unit="graph", **bar)
            for results in ordered_map(graph_chunk, jobs2, workers, _init_graph_worker, (tables, build)):
                for result in results:
                    progress_bar.update(1)
                    if result.error:
                        skip(result.source, result.error)
                        continue
                    out.write(result.nquads)
                    loader.add(result.nquads, result.count)
                    described.append((result.slug, result.title))
                    report.quads += result.count
                    report.monographs += 1
                    report.agents += result.agents
                    inferred |= result.inferred
                    shared |= result.shared
                    signatures |= result.signatures
                    for sig, iris in result.drugs.items():
                        drugs.setdefault(sig, []).extend(iris)
            progress_bar.close()

            lap("graphs")
            for part, count in (("".join(line + "\n" for line in sorted(shared)).encode("utf-8"), len(shared)),
                                (nquads(ontology := list(dict.fromkeys(ontology_quads()))), len(ontology))):
                out.write(part)
                loader.add(part, count)
                report.quads += count
            loader.compact()  # what is known so far loads and is compacted while HermiT and the linking run
        lap("dump")

        if reasoner:
            inferred |= _hermit(signatures, drugs, report)
            lap("reasoner")
        report.inferred = len(inferred)
        links = None
        if link:
            links = _link(drug_names, unii_names, started, report)
            lap("link")
        ended = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        entities = {line.split(" ", 1)[0][1:-1] for line in shared}
        linked = [links.table] if links is not None and links.table else []
        mappings = mapping_quads(subjects=entities, tables=linked)
        written = {ENTITIES_GRAPH: shared, INFERRED_GRAPH: inferred, ONTOLOGY_GRAPH: True,
                   MAPPINGS_GRAPH: mappings, BUILD_GRAPH: True}
        graphs = [graph for graph, quads in written.items() if quads]
        with tmp_dump.open("ab") as out:
            tail = ["".join(line + "\n" for line in sorted(inferred)).encode("utf-8")]
            report.quads += len(inferred)
            for extra in (mappings, build_metadata(build, build_id, started, ended, report, graphs, described)):
                unique = list(dict.fromkeys(extra))
                tail.append(nquads(unique))
                report.quads += len(unique)
            out.write(b"".join(tail))
        loader.add(b"".join(tail), 0)
        loader.finish()
        lap("load wait")
        report.timings[f"load ({loader.parts} parts, summed)"] = round(sum(loader.durations), 3)
        report.timings["compaction"] = round(loader.compaction, 3)
        loaded = ox.Store.read_only(str(version))
        count = len(loaded)
        del loaded
        if count != report.quads:
            raise BuildError(f"loaded {count} quads but wrote {report.quads}; the current store was left as it was")
        lap("count")
        if shacl:
            _shacl_gate(version, report, jobs or os.cpu_count() or 1)
            lap("shacl")
        activate(store, version)
        os.replace(tmp_dump, report.dump)
        if extraction_cache is not None:
            extraction_cache.prune(keep=cache_keys)
        if links is not None and links.report is not None:
            from .link_cli import write_outputs

            write_outputs(links.table, links.report, report.dump.with_suffix(".unii.sssom.tsv"))
        lap("swap")
    except BaseException:
        if loader is not None:
            loader.close()  # waits for the parts being loaded: the store must be closed before it is removed
        tmp_dump.unlink(missing_ok=True)
        if version is not None and not (store.is_symlink() and store.resolve() == version.resolve()):
            shutil.rmtree(version, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(spool, ignore_errors=True)
    return report


def _link(drug_names: list[tuple[str, list[str]]], unii_names, started: dt.datetime, report: BuildReport):
    """The linking step (livertox_kg/linking.py): drugs -> UNIIs, or a notice why it was skipped."""
    from .linking import Drug, curated_uniis, link_for_build
    from .mappings import read_sssom, table_paths

    drugs = [Drug(name, brands) for name, brands in drug_names]
    links = link_for_build(drugs, unii_names, started.date().isoformat(),
                           curated_uniis(read_sssom(p) for p in table_paths()))
    report.links = links.notice
    report.notices += links.disagreements
    return links


def _shacl_gate(version: Path, report: BuildReport, jobs: int) -> None:
    """SHACL over the new store version, once; raises :class:`_ShaclRejected` on violations."""
    from .shacl_store import check_store, describe, merged_sources_shapes

    # the per-resource shapes; the whole-graph SHACL-SPARQL checks (every fact has evidence, ...) run
    # in `livertox-kg validate`: compiled with $this pre-bound they cost minutes per thousand records
    # on Oxigraph (measured: 300 records 12 s without SHACL, 139 s with them), against seconds here
    shapes = merged_sources_shapes(whole_graph=False)
    result = check_store(ox.Store.read_only(str(version)), shapes, path=str(version), jobs=jobs)
    if result.warnings:
        report.notices.append(f"SHACL: {len(result.warnings)} warning(s), e.g. {describe(result.warnings[0])}")
    if result.conforms:
        return
    blamed = {source: f"SHACL: {len(found)} violation(s)\n" + "\n".join(describe(r) for r in found)
              for source, found in result.blamed.items()}
    lines_ = [describe(r) for r in result.unblamed[:20]]
    raise _ShaclRejected(blamed, f"SHACL: {len(result.violations)} violation(s)"
                         + (", on nodes no monograph holds:\n" + "\n".join(lines_) if lines_ else ""))


def _hermit(signatures: set, drugs: dict, report: BuildReport) -> set[str]:
    """Consistency of all signatures and HermiT's class memberships of drugs, as N-Quads lines."""
    from . import reasoning

    distinct = sorted(signatures, key=repr)
    report.signatures = len(distinct)
    consistent, message, per_signature = reasoning.reason_signatures(distinct)
    if not consistent:
        raise BuildError(message + "; the current store was left as it was")
    found: set[str] = set()
    for sig, classes in zip(distinct, per_signature):
        for iri in drugs.get(sig, ()):
            quads = [(URIRef(iri), RDF.type, cls, INFERRED_GRAPH) for cls in classes]
            if quads:
                found |= lines(quads)
    return found
