"""Turn extracted facts into RDF quads against the livertox-kg ontology.

Each monograph becomes one named graph holding its drug facts, the labels of every entity it
mentions, its sections and text, and one ltx:Evidence node (standard RDF reification) per statement
with the sentence, section and place in the text (a W3C Web Annotation text position selector) it
was read from. Hedged statements are flagged on their evidence node and their triple is not
asserted; negative findings assert only the ``noReportedOutcome`` shortcut, their evidence reifies
the denied ``reportedOutcome`` triple flagged ``ltx:negated``. Likelihood scores and mechanisms are
also statement nodes (ltx:LikelihoodAssessment, ltx:Mechanism) next to their direct triples.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import URIRef

from . import __version__
from . import namespaces as ns
from .model import AgentRecord, Fact, Monograph
from .namespaces import BASE, slug
from .normalize import Resolver, clean_label, condition_resolver, target_resolver
from .terms import Vocabulary, literal, to_rdflib_plain

# The writer makes pyoxigraph terms itself (the build serialises them to N-Quads as they are);
# monograph_quads() gives the same quads as rdflib terms for code that works on rdflib graphs.
RDF = Vocabulary("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Vocabulary("http://www.w3.org/2000/01/rdf-schema#")
SKOS = Vocabulary("http://www.w3.org/2004/02/skos/core#")
XSD = Vocabulary("http://www.w3.org/2001/XMLSchema#")
DCTERMS = Vocabulary("http://purl.org/dc/terms/")
PROV = Vocabulary("http://www.w3.org/ns/prov#")
LTX, DRUG, DRUG_CLASS, TARGET, CONDITION, LIKELIHOOD, MONOGRAPH, EVIDENCE, GRAPH, OA = (
    Vocabulary(n) for n in (ns.LTX, ns.DRUG, ns.DRUG_CLASS, ns.TARGET, ns.CONDITION, ns.LIKELIHOOD,
                            ns.MONOGRAPH, ns.EVIDENCE, ns.GRAPH, ns.OA))
ENTITIES_GRAPH = ox.NamedNode(str(ns.ENTITIES_GRAPH))

Quad = tuple  # (subject, predicate, object, graph) of pyoxigraph terms

# Mechanism relation (fields.py) -> ontology property.
MECHANISM_PROPERTIES = {
    "agonist": LTX.agonistOf,
    "antagonist": LTX.antagonistOf,
    "inhibitor": LTX.inhibitorOf,
    "activator": LTX.activatorOf,
    "blocker": LTX.blockerOf,
    "modulator": LTX.modulatorOf,
    "release_inhibitor": LTX.releaseInhibitorOf,
    "acts_on": LTX.actsOn,
}
# Mechanism relation -> kind of action (the ltx:Mechanism node's ltx:actionType).
ACTION_TYPES = {
    "agonist": LTX.AgonistAction,
    "antagonist": LTX.AntagonistAction,
    "inhibitor": LTX.InhibitorAction,
    "activator": LTX.ActivatorAction,
    "blocker": LTX.BlockerAction,
    "modulator": LTX.ModulatorAction,
    "release_inhibitor": LTX.ReleaseInhibitorAction,
    "acts_on": LTX.UnspecifiedAction,
}

# Plain literal fields -> (property, datatype or None for xsd:string).
LITERAL_FIELDS = {
    "summary": (LTX.summary, None),
    "approval_year_us": (LTX.approvalYearUS, XSD.integer),
    "brand_names": (LTX.tradeName, None),
    "combination_brand_names": (LTX.combinationTradeName, None),
    "chemical_description": (LTX.chemicalDescription, None),
    "dose_forms_and_strengths": (LTX.doseFormsAndStrengths, None),
    "recommended_adult_dose": (LTX.recommendedAdultDose, None),
    "alt_elevation_rate": (LTX.altElevationRate, None),
    "latency": (LTX.latencyToOnset, None),
    "hepatic_metabolism": (LTX.hepaticMetabolism, None),
    "cas_number": (LTX.casNumber, None),
    "molecular_formula": (LTX.molecularFormula, None),
}

# Condition-valued fields -> property.
CONDITION_FIELDS = {
    "indications": LTX.indicatedFor,
    "off_label_uses": LTX.usedOffLabelFor,
    "common_side_effects": LTX.commonSideEffect,
}

PATTERNS = {"hepatocellular": LTX.Hepatocellular, "cholestatic": LTX.Cholestatic, "mixed": LTX.Mixed}
OUTCOMES = {
    "acute_liver_failure": LTX.AcuteLiverFailure,
    "chronic_hepatitis": LTX.ChronicHepatitis,
    "vanishing_bile_duct_syndrome": LTX.VanishingBileDuctSyndrome,
    "cirrhosis": LTX.Cirrhosis,
    "death": LTX.Death,
    "liver_transplantation": LTX.LiverTransplantation,
}
SCORES = {"A", "B", "C", "D", "E", "E*", "X"}
SECTION_TYPES = {
    "introduction": LTX.IntroductionSection,
    "background": LTX.BackgroundSection,
    "hepatotoxicity": LTX.HepatotoxicitySection,
    "likelihood_score": LTX.LikelihoodScoreSection,
    "mechanism_of_injury": LTX.MechanismOfInjurySection,
    "outcome_and_management": LTX.OutcomeAndManagementSection,
    "drug_class": LTX.DrugClassSection,
    "product_information": LTX.ProductInformationSection,
    "representative_trade_names": LTX.TradeNamesSection,
    "drug_class_product": LTX.ProductDrugClassSection,
    "complete_labeling": LTX.CompleteLabelingSection,
    "chemical_formula_and_structure": LTX.ChemicalFormulaSection,
    "case_report": LTX.CaseReportSection,
    "annotated_bibliography": LTX.BibliographySection,
    "master_list": LTX.MasterListSection,
}
_UNITS_IN_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_SINGLE_DURATION = re.compile(r"^(?:about |approximately |~)?(\d+(?:\.\d+)?)\s*(day|week|month|year)s?$", re.I)
_SINGLE_PERCENT = re.compile(r"^(?:about |approximately |~)?(\d+(?:\.\d+)?)\s*%$")


def score_iri(letter: str) -> ox.NamedNode:
    return LIKELIHOOD["E-star" if letter == "E*" else letter]


def monograph_slug(monograph: Monograph, records: list[AgentRecord]) -> str:
    """Slug naming a monograph: its title, else its single agent, else the source's stem."""
    if monograph.title:
        return slug(monograph.title)
    if len(records) == 1:
        return slug(records[0].name)
    stem = re.sub(r"\.[^.]+$", "", monograph.source.replace("\\", "/").rsplit("/", 1)[-1])
    return slug(stem)


def mechanism_targets(value: dict) -> list[str]:
    """The target names a mechanism fact links to: its grounded ids (one per real-world target,
    livertox_kg/extraction/grounding.py), else the target as written; none for a statement about
    a process or a downstream effect (fields.py, "mechanism" kind), which is no target link."""
    if value.get("kind", "target") != "target":
        return []
    return list(value.get("targets") or [value["target"]])


@dataclass
class EntityTables:
    """Build-wide name resolution for targets, conditions and drug classes."""

    targets: Resolver = field(default_factory=target_resolver)
    conditions: Resolver = field(default_factory=condition_resolver)

    @staticmethod
    def names(records: Iterable[AgentRecord]) -> tuple[list[str], list[str]]:
        """(target names, condition names) as written in the records."""
        targets, conditions = [], []
        for record in records:
            for fact in record.facts:
                if fact.field == "mechanism":
                    targets.extend(mechanism_targets(fact.value))
                elif fact.field in CONDITION_FIELDS:
                    conditions.append(fact.value)
        return targets, conditions

    def add_names(self, targets: Iterable[str], conditions: Iterable[str]) -> None:
        for name in targets:
            self.targets.add(name)
        for name in conditions:
            self.conditions.add(name)

    def collect(self, records: Iterable[AgentRecord]) -> None:
        self.add_names(*self.names(records))


class GraphWriter:
    """Quads of one monograph: its named graph, plus the shared entity triples (labels and types of
    drugs, classes, targets, conditions; the class hierarchy) that go to ``graph/entities``.

    Shared triples live in one graph, not copied into every monograph that mentions the entity: with
    the union of graphs as default graph, a copy per monograph would multiply every join.
    """

    def __init__(self, monograph: Monograph, records: list[AgentRecord], tables: EntityTables,
                 mslug: str, build_iri: URIRef | None = None):
        self.monograph = monograph
        self.records = records
        self.tables = tables
        self.slug = mslug
        self.graph = GRAPH[f"monograph/{mslug}"]
        self.iri = MONOGRAPH[mslug]
        self.build_iri = None if build_iri is None else ox.NamedNode(str(build_iri))
        self.text_iri = MONOGRAPH[f"{mslug}/text"]
        self.quads: list[Quad] = []
        self._labelled: set[ox.NamedNode] = set()
        self._selectors: set[ox.NamedNode] = set()
        # statement nodes of the current record: IRI -> [hedged flag of each statement]
        self._statement_hedges: dict[ox.NamedNode, list[bool]] = {}
        self._evidence_nodes: dict[tuple, ox.NamedNode | None] = {}
        self.drug_name = ""
        self._sections: list[tuple[str, int, int, ox.NamedNode]] = []

    # -- helpers -----------------------------------------------------------------------------
    def add(self, s, p, o, shared: bool = False) -> None:
        self.quads.append((s, p, o, ENTITIES_GRAPH if shared else self.graph))

    def label(self, iri: ox.NamedNode, text: str, *types: ox.NamedNode, concept: bool = False, shared: bool = False) -> None:
        if iri in self._labelled:
            return
        self._labelled.add(iri)
        for kind in types:
            self.add(iri, RDF.type, kind, shared)
        self.add(iri, RDFS.label, literal(text, lang="en"), shared)
        if concept:
            self.add(iri, SKOS.prefLabel, literal(text, lang="en"), shared)

    def section_iri(self, key: str) -> ox.NamedNode:
        return MONOGRAPH[f"{self.slug}/section/{slug(key)}"]

    def section_at(self, key: str, offset: int) -> ox.NamedNode:
        """The section with this key holding ``offset`` (a key repeated in a multi-agent record
        names one section each: key, key-2, ...), else the key's first."""
        for k, start, end, iri in self._sections:
            if k == key and start <= offset < end:
                return iri
        return self.section_iri(key)

    def selector(self, iri: ox.NamedNode, start: int, end: int) -> None:
        """``iri`` selects characters [start, end) of the monograph text (W3C Web Annotation). The
        selector is named by the text's RFC 5147 fragment, ``<text>#char=start,end``: one node for
        all the statements read from one sentence (their evidence nodes stay one per statement)."""
        sel = ox.NamedNode(f"{self.text_iri.value}#char={start},{end}")
        self.add(iri, OA.hasSource, self.text_iri)
        self.add(iri, OA.hasSelector, sel)
        if sel in self._selectors:
            return
        self._selectors.add(sel)
        self.add(sel, RDF.type, OA.TextPositionSelector)
        # xsd:integer (the value is in oa:start's range, xsd:nonNegativeInteger): Oxigraph stores
        # derived integer types as xsd:integer, so that is what every reader gets back anyway
        self.add(sel, OA.start, literal(start, XSD.integer))
        self.add(sel, OA.end, literal(end, XSD.integer))

    def stated(self, s, p, o, fact: Fact, shared: bool = False, denied: tuple | None = None,
               **extra) -> ox.NamedNode | None:
        """Add a statement: its triple (to graph/entities when ``shared``) unless the text hedges
        it, and its evidence node (here), which it returns.

        ``denied`` = (predicate, object): a negative finding. The asserted triple (s, p, o) is the
        shortcut ('no reported outcome'); the evidence node reifies the denied positive triple
        (s, predicate, object) flagged ``ltx:negated``.
        """
        if not fact.hedged:
            self.add(s, p, o, shared)
        ev = fact.evidence
        if ev is None:
            return None
        # portable identity (the monograph's slug, the triple, field and offsets), never the source's
        # path: the same text built anywhere mints the same evidence IRIs
        identity = f"{s.value}|{p.value}|{o.value}|{fact.field}|{ev.section}|{ev.start}|{ev.end}"
        digest = hashlib.sha1(identity.encode()).hexdigest()[:16]
        node = EVIDENCE[f"{self.slug}/{digest}"]
        self.add(node, RDF.type, LTX.Evidence)
        self.add(node, RDFS.label, literal(f"evidence for {fact.field} of {self.slug}", lang="en"))
        self.add(node, RDF.subject, s)
        if denied is None:
            self.add(node, RDF.predicate, p)
            self.add(node, RDF.object, o)
        else:
            self.add(node, RDF.predicate, denied[0])
            self.add(node, RDF.object, denied[1])
            self.add(node, LTX.negated, literal(True))
        self.add(node, LTX.quote, literal(ev.quote))
        section = self.section_at(ev.section, ev.start)
        if section not in self._labelled:  # a section the reader did not list (e.g. a table row)
            self.label(section, f"{self.slug}: {ev.section}", LTX.MonographSection)
            self.add(section, LTX.sectionType, SECTION_TYPES.get(ev.section, LTX.OtherSection))
            self.add(self.iri, LTX.hasSection, section)
            self.add(section, DCTERMS.isPartOf, self.iri)
        self.add(node, LTX.inSection, section)
        self.selector(node, ev.start, ev.end)
        self.add(node, PROV.wasDerivedFrom, self.iri)
        if fact.hedged:
            self.add(node, LTX.hedged, literal(True))
        for prop, value in extra.items():
            self.add(node, LTX[prop], literal(value))
        return node

    def statement_node(self, iri: ox.NamedNode, kind: ox.NamedNode, label: str, link: ox.NamedNode, drug: ox.NamedNode,
                       evidence: ox.NamedNode | None, fact: Fact) -> bool:
        """A statement node (likelihood assessment, mechanism) of this monograph about ``drug``;
        False when it was already written (then only its evidence and hedge are added)."""
        if evidence is not None:
            self.add(iri, LTX.hasEvidence, evidence)
        self._statement_hedges.setdefault(iri, []).append(fact.hedged)
        if iri in self._labelled:
            return False
        self.label(iri, label, kind)
        self.add(drug, link, iri)
        self.add(iri, PROV.wasDerivedFrom, self.iri)
        return True

    def flag_hedged_statements(self) -> None:
        """A statement node is hedged when every statement behind it is."""
        for iri, hedges in self._statement_hedges.items():
            if all(hedges):
                self.add(iri, LTX.hedged, literal(True))
        self._statement_hedges = {}

    # -- the monograph itself ----------------------------------------------------------------
    def write(self) -> list[Quad]:
        m = self.monograph
        title = monograph_title(m, self.records, self.slug)
        self.label(self.iri, f"LiverTox monograph: {title}", LTX.Monograph)
        self.add(self.iri, DCTERMS.title, literal(title))
        self.add(self.iri, DCTERMS.source, literal(m.source))
        self.add(self.iri, LTX.sha256, literal(m.sha256))
        self.add(self.iri, LTX.sourceFormat, literal(m.format))
        self.add(self.iri, LTX.extractorVersion, literal(__version__))
        if m.last_update:
            self.add(self.iri, DCTERMS.modified, literal(m.last_update, XSD.date))
        if m.record_id:
            self.add(self.iri, DCTERMS.identifier, literal(m.record_id))
        if self.build_iri is not None:
            self.add(self.iri, PROV.wasGeneratedBy, self.build_iri)
        self.label(self.text_iri, f"text of LiverTox monograph: {title}", LTX.MonographText)
        self.add(self.iri, LTX.hasText, self.text_iri)
        self.add(self.text_iri, PROV.wasDerivedFrom, self.iri)
        self.add(self.text_iri, LTX.sha256, literal(m.text_sha256()))
        self.add(self.text_iri, DCTERMS["format"], literal("text/plain; charset=utf-8"))
        seen: dict[str, int] = {}
        for section in m.sections:
            seen[section.key] = seen.get(section.key, 0) + 1
            n = seen[section.key]
            iri = self.section_iri(section.key if n == 1 else f"{section.key}-{n}")
            self._sections.append((section.key, section.start, section.end, iri))
            self.label(iri, f"{title}: {section.title or section.key}", LTX.MonographSection)
            self.add(self.iri, LTX.hasSection, iri)
            self.add(iri, DCTERMS.isPartOf, self.iri)
            self.add(iri, LTX.sectionType, SECTION_TYPES.get(section.key, LTX.OtherSection))
            self.selector(iri, section.start, section.end)
        for record in self.records:
            if m.content_type == "class-overview":
                self.write_class_overview(record)
            else:
                self.write_record(record)
        return self.quads

    def write_class_overview(self, record: AgentRecord) -> None:
        """A class overview chapter describes a drug class, not a drug: only its summary is kept."""
        iri = self._drug_class(record.name)
        self.add(self.iri, LTX.describes, iri)
        for fact in record.facts:
            if fact.field == "summary":
                self.stated(self.iri, DCTERMS.abstract, literal(fact.value), fact)

    def write_record(self, record: AgentRecord) -> None:
        drug = DRUG[slug(record.name)]
        self.drug_name = record.name
        self.label(drug, record.name, LTX.Drug, shared=True)
        self.add(self.iri, LTX.describes, drug)
        scores = record.values("likelihood_score")
        qualifiers = record.values("likelihood_qualifier")
        overview_classes = record.values("drug_classes")
        for fact in record.facts:
            self.write_fact(drug, fact, overview_classes)
        for letter in scores:
            notation = letter + "".join(f"[{q}]" for q in qualifiers)
            self.add(drug, LTX.likelihoodScoreNotation, literal(notation))
        self._assessments(drug, record, qualifiers)
        self.flag_hedged_statements()

    def _assessments(self, drug: ox.NamedNode, record: AgentRecord, qualifiers: list[str]) -> None:
        """One ltx:LikelihoodAssessment per score this source gives the drug: score, qualifiers,
        notation as written, source and the source's date."""
        dates = record.values("last_update") or ([self.monograph.last_update] if self.monograph.last_update else [])
        for fact in record.facts:
            if fact.field != "likelihood_score" or fact.value not in SCORES:
                continue
            letter = fact.value
            notation = letter + "".join(f"[{q}]" for q in qualifiers)
            iri = MONOGRAPH[f"{self.slug}/likelihood/{slug(record.name)}-{slug(letter)}"]
            evidence = self._evidence_nodes.get((drug, LTX.likelihoodScore, score_iri(letter), id(fact)))
            if self.statement_node(iri, LTX.LikelihoodAssessment,
                                   f"{record.name}: likelihood score {notation} ({self.slug})",
                                   LTX.hasLikelihoodAssessment, drug, evidence, fact):
                self.add(iri, LTX.assessedScore, score_iri(letter))
                self.add(iri, LTX.likelihoodScoreNotation, literal(notation))
                for q in qualifiers:
                    self.add(iri, LTX.likelihoodQualifier, LIKELIHOOD[slug(q).upper()])
                if dates:
                    self.add(iri, DCTERMS.date, literal(dates[0], XSD.date))

    def write_fact(self, drug: ox.NamedNode, fact: Fact, overview_classes: list[str]) -> None:
        name, value = fact.field, fact.value
        if name in LITERAL_FIELDS:
            prop, datatype = LITERAL_FIELDS[name]
            self.stated(drug, prop, literal(value, datatype), fact)
            self._derived_numbers(drug, name, str(value), fact)
        elif name in CONDITION_FIELDS:
            entity = self.tables.conditions.resolve(value)
            iri = CONDITION[slug(entity.label)]
            self.label(iri, entity.label, LTX.Condition, shared=True)
            self.stated(drug, CONDITION_FIELDS[name], iri, fact)
        elif name == "mechanism":
            self._mechanism(drug, value, fact)
        elif name == "likelihood_score" and value in SCORES:
            node = self.stated(drug, LTX.likelihoodScore, score_iri(value), fact)
            self._evidence_nodes[(drug, LTX.likelihoodScore, score_iri(value), id(fact))] = node
        elif name == "likelihood_qualifier":
            iri = LIKELIHOOD[slug(value).upper()]
            if value != "HD":
                self.label(iri, value, LTX.LikelihoodQualifier, concept=True, shared=True)
            self.stated(drug, LTX.likelihoodQualifier, iri, fact)
        elif name == "injury_patterns" and value in PATTERNS:
            self.stated(drug, LTX.injuryPattern, PATTERNS[value], fact)
        elif name == "outcomes_reported" and value in OUTCOMES:
            self.stated(drug, LTX.reportedOutcome, OUTCOMES[value], fact)
        elif name == "outcomes_not_reported" and value in OUTCOMES:
            self.stated(drug, LTX.noReportedOutcome, OUTCOMES[value], fact,
                        denied=(LTX.reportedOutcome, OUTCOMES[value]))
        elif name == "drug_classes":
            iri = self._drug_class(value)
            self.stated(drug, LTX.hasDrugClass, iri, fact)
        elif name == "drug_class_paths":
            self._class_path(drug, value, fact, overview_classes)
        elif name == "discontinuation_thresholds":
            self._threshold(drug, value, fact)
        elif name == "cross_sensitivity":
            self._cross_sensitivity(drug, value, fact)
        # likelihood_description and unknown values carry no triple of their own: the evidence
        # quote of the score holds the wording.

    # -- field-specific shapes ---------------------------------------------------------------
    def _derived_numbers(self, drug, name: str, value: str, fact: Fact) -> None:
        if name == "latency" and (m := _SINGLE_DURATION.match(value.strip())):
            days = float(m.group(1)) * _UNITS_IN_DAYS[m.group(2).lower()]
            self.stated(drug, LTX.latencyDays, literal(f"{days:g}", XSD.decimal), fact)
        elif name in ("alt_elevation_rate", "hepatic_metabolism") and (m := _SINGLE_PERCENT.match(value.strip())):
            pct = float(m.group(1))
            if name == "alt_elevation_rate":
                self.stated(drug, LTX.altElevationPercent, literal(f"{pct:g}", XSD.decimal), fact)
            else:
                self.stated(drug, LTX.hepaticMetabolismFraction,
                            literal(f"{pct / 100:g}", XSD.decimal), fact)

    def _mechanism(self, drug, value: dict, fact: Fact) -> None:
        """One triple (and one ltx:Mechanism statement) per real-world target ('Cox-1 and -2'
        links COX-1 and COX-2), each with the action and the target as written on its evidence;
        none for a statement about a process or a downstream effect."""
        relation = value.get("relation") or "acts_on"
        if relation not in MECHANISM_PROPERTIES:
            relation = "acts_on"
        for name in mechanism_targets(value):
            entity = self.tables.targets.resolve(name)
            target = TARGET[slug(entity.label)]
            kinds = [LTX.MolecularTarget] + ([LTX[entity.kind]] if entity.kind and entity.kind != "MolecularTarget" else [])
            self.label(target, entity.label, *kinds, shared=True)
            evidence = self.stated(drug, MECHANISM_PROPERTIES[relation], target, fact,
                                   mechanismAction=value["action"], targetAsWritten=value["target"])
            iri = MONOGRAPH[f"{self.slug}/mechanism/{slug(self.drug_name)}-{slug(relation)}-{slug(entity.label)}"]
            if self.statement_node(iri, LTX.Mechanism, f"{self.drug_name}: {relation.replace('_', ' ')} "
                                   f"{entity.label} ({self.slug})", LTX.hasMechanism, drug, evidence, fact):
                self.add(iri, LTX.actionType, ACTION_TYPES[relation])
                self.add(iri, LTX.mechanismTarget, target)

    def _drug_class(self, label: str) -> ox.NamedNode:
        label = clean_label(label)
        iri = DRUG_CLASS[slug(label)]
        if iri not in self._labelled:
            self.label(iri, label, LTX.DrugClass, concept=True, shared=True)
            self.add(iri, SKOS.inScheme, DRUG_CLASS[""], shared=True)
        return iri

    def _class_path(self, drug, path: str, fact: Fact, overview_classes: list[str]) -> None:
        """'Autonomic Agents: Muscle Relaxants, Central' -> a broader chain, linked to the
        overview class when that class names a level in between ('Muscle Relaxants')."""
        levels = [clean_label(part) for part in path.split(":") if clean_label(part)]
        chain: list[str] = []
        for level in levels:
            for overview in overview_classes:
                overview = clean_label(overview)
                if (chain and level.lower().startswith(overview.lower() + ",")
                        and overview.lower() not in (c.lower() for c in chain)):
                    chain.append(overview)
            chain.append(level)
        iris = [self._drug_class(level) for level in chain]
        for narrower, broader in zip(iris[1:], iris[:-1]):
            self.stated(narrower, SKOS.broader, broader, fact, shared=True)
        if iris:
            self.stated(drug, LTX.hasDrugClass, iris[-1], fact)

    def _threshold(self, drug, value: dict, fact: Fact) -> None:
        multiple = value.get("multiple_uln")
        persistent = bool(value.get("persistent"))
        key = f"{multiple:g}x-uln{'-persistent' if persistent else ''}" if multiple is not None else "unspecified"
        node = ox.NamedNode(f"{drug.value}/threshold/{key}")
        text = value.get("text") or f"ALT > {multiple:g} x ULN"
        self.label(node, text, LTX.DiscontinuationThreshold)
        if multiple is not None:
            self.add(node, LTX.multipleOfULN, literal(f"{multiple:g}", XSD.decimal))
        self.add(node, LTX.persistent, literal(persistent))
        self.stated(drug, LTX.discontinuationThreshold, node, fact)

    def _cross_sensitivity(self, drug, value: dict, fact: Fact) -> None:
        node = ox.NamedNode(f"{drug.value}/cross-sensitivity")
        self.label(node, value.get("text") or "cross-sensitivity statement", LTX.CrossSensitivityStatement)
        self.add(node, LTX.crossSensitivitySuspected, literal(bool(value.get("suspected"))))
        if value.get("among"):
            self.add(node, LTX.crossSensitivityAmong, literal(value["among"]))
        self.stated(drug, LTX.crossSensitivity, node, fact)


def monograph_title(monograph: Monograph, records: list[AgentRecord], mslug: str) -> str:
    """The title a monograph is labelled with: its own, else its first agent's name, else its slug."""
    return monograph.title or (records[0].name if records else mslug)


def build_iri(build_id: str) -> URIRef:
    return URIRef(f"{BASE}build/{build_id}")


def monograph_ox_quads(monograph: Monograph, records: list[AgentRecord], tables: EntityTables,
                       mslug: str, build: URIRef | None = None) -> list[Quad]:
    """All quads of one monograph's named graph (and its shared entity triples), as pyoxigraph terms."""
    return GraphWriter(monograph, records, tables, mslug, build).write()


def monograph_quads(monograph: Monograph, records: list[AgentRecord], tables: EntityTables,
                    mslug: str, build: URIRef | None = None) -> list[tuple]:
    """The quads of :func:`monograph_ox_quads` as rdflib terms (a string literal as ``Literal(text)``),
    for code that works on rdflib graphs."""
    return [tuple(map(to_rdflib_plain, quad)) for quad in monograph_ox_quads(monograph, records, tables, mslug, build)]


__all__ = ["EntityTables", "GraphWriter", "monograph_ox_quads", "monograph_quads", "monograph_slug", "build_iri", "score_iri"]
