"""Extract facts from a read :class:`~livertox_kg.model.Monograph`.

The stages are modules:

- ``context``: which sections a rule reads; negation/hedge scope at a position (``cues``, whose cue
  words are data in ``data/lexicon/``);
- ``phrases`` (string-level) and ``parse`` (spaCy dependency parse of the few sentences that carry a
  cue): phrase analysis;
- one module per field family: ``product`` (summary, approval, brands), ``chemistry`` (chemical
  description), ``mechanism`` (readers: ``mechanism_nouns``, ``mechanism_events``,
  ``mechanism_phrase``), ``indications``, ``dosing``, ``clinical``, ``classification``;
- ``grounding``: surface target names to one identifier per real-world target (``data/lexicon/``).

Rules never name a drug: the agent is whatever the monograph is about. A clause carrying a negation
cue yields no positive fact; a clause carrying a hedge cue yields facts marked ``hedged``. A
sentence cut off by the end of a truncated document only contributes what its complete words state.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Iterable

from .classification import normalise_formula, rule_chemistry, rule_classes
from .clinical import (
    _OUTCOME_RES, rule_alt_rate, rule_cross, rule_injury, rule_latency, rule_likelihood, rule_metabolism,
    rule_outcomes, rule_side_effects, rule_thresholds,
)
from .context import Context, Found
from .dosing import rule_dose, rule_dose_forms
from .indications import rule_indications, rule_off_label
from .mechanism import mechanism_sentences, rule_mechanism
from .parse import prefetch
from .phrases import split_series
from .chemistry import rule_chemical
from .product import rule_approval, rule_brands, rule_summary
from ..model import AgentRecord, Monograph
from ..text_reader import agent_names, infer_name

RULES: tuple[Callable[[Context], Iterable[Found]], ...] = (
    rule_summary, rule_approval, rule_brands, rule_chemical, rule_mechanism, rule_indications,
    rule_off_label, rule_dose_forms, rule_dose, rule_side_effects, rule_alt_rate, rule_likelihood,
    rule_injury, rule_latency, rule_metabolism, rule_outcomes, rule_thresholds, rule_cross,
    rule_classes, rule_chemistry,
)


# ---------------------------------------------------------------------------------------------


def _key(value) -> str:
    if isinstance(value, dict):
        return repr(sorted((k, str(v).lower()) for k, v in value.items() if k != "relation"))
    return str(value).lower()


def extract(monograph: Monograph) -> list[AgentRecord]:
    """Extract the facts of a monograph: one :class:`AgentRecord` per agent it covers."""
    return _extract(*_context(monograph))


def extract_each(monographs: list[Monograph]) -> list[list[AgentRecord] | Exception]:
    """:func:`extract` of each monograph, with the sentences the mechanism rule will parse parsed
    together first (:func:`parse.prefetch`); where a monograph's extraction raised, its exception."""
    prepared: list = []
    texts: list[str] = []
    for monograph in monographs:
        try:
            ctx, agents = _context(monograph)
            texts += [sent.stated for sent in mechanism_sentences(ctx)]
            prepared.append((ctx, agents))
        except Exception as exc:
            prepared.append(exc)
    try:
        prefetch(texts)
    except Exception:
        pass  # each monograph's own parse meets the same error and reports it in its place
    out: list = []
    for item in prepared:
        try:
            out.append(item if isinstance(item, Exception) else _extract(*item))
        except Exception as exc:
            out.append(exc)
    return out


def _context(monograph: Monograph) -> tuple[Context, list[str]]:
    name = monograph.title or infer_name(monograph) or Path(monograph.source).stem
    agents = agent_names(monograph)
    if len(agents) < 2:
        # 'Ursodiol (Ursodeoxycholic Acid)': the record is the agent; the synonym in parentheses
        # still names it in the text (``Context.name`` keeps the whole title)
        agents = [re.sub(r"\s*\([^()]*\)$", "", name) or name]
    return Context(monograph, name, agents), agents


def _extract(ctx: Context, agents: list[str]) -> list[AgentRecord]:
    monograph = ctx.mono
    found: list[Found] = []
    seen: set[tuple[str, str, str | None]] = set()
    for rule in RULES:
        for f in rule(ctx):
            k = (f.fact.field, _key(f.fact.value), f.agent and f.agent.lower())
            if k not in seen:
                seen.add(k)
                found.append(f)
    if len(agents) == 1:
        return [AgentRecord(agents[0], monograph, [f.fact for f in found])]
    records = {a.lower(): AgentRecord(a, monograph) for a in agents}
    for f in found:
        targets = _assign(f, agents)
        for a in targets:
            records[a.lower()].facts.append(f.fact)
    return list(records.values())


def _assign(f: Found, agents: list[str]) -> list[str]:
    if f.agent:
        hit = [a for a in agents if a.lower() == f.agent.lower()]
        return hit or agents
    quote = f.fact.evidence.quote.lower() if f.fact.evidence else ""
    hit = [a for a in agents if re.search(rf"\b{re.escape(a.lower())}\b", quote)]
    if f.fact.field in ("summary",):
        return agents
    return hit or agents


__all__ = ["extract", "extract_each", "normalise_formula", "split_series", "RULES", "_OUTCOME_RES"]
