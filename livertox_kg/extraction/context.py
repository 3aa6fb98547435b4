"""The extraction context: which sections a rule reads, the facts it yields, and whether a
position of a sentence is negated or cut off by a truncated document."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from . import cues
from ..fields import FIELDS
from ..model import Evidence, Fact, Monograph, Section
from ..sentences import Sentence, section_sentences

INTRO = ("introduction",)
DESCRIPTIVE = ("background", "overview")
CLINICAL = ("hepatotoxicity", "mechanism_of_injury", "outcome_and_management", "case_report")
NAMED = frozenset(
    (
        "overview", "introduction", "background", "hepatotoxicity", "likelihood_score",
        "mechanism_of_injury", "outcome_and_management", "drug_class", "product_information",
        "representative_trade_names", "drug_class_product", "complete_labeling",
        "chemical_formula_and_structure", "case_report", "annotated_bibliography", "body",
    )
)


# ---------------------------------------------------------------------------------------------
# Context


@dataclass
class Found:
    """A fact before it is assigned to agents; ``agent`` pins it to one named agent."""

    fact: Fact
    agent: str | None = None


@dataclass
class Context:
    mono: Monograph
    name: str
    agents: list[str]
    _cache: dict[str, list[Sentence]] = field(default_factory=dict)

    def sentences(self, *keys: str) -> list[Sentence]:
        out: list[Sentence] = []
        for sec in self.mono.sections:
            if sec.key in keys or ("*" in keys and sec.key not in NAMED):
                out.extend(self._section(sec))
        return out

    def _section(self, sec: Section) -> list[Sentence]:
        k = f"{sec.key}:{sec.start}"
        if k not in self._cache:
            self._cache[k] = section_sentences(self.mono, sec)
        return self._cache[k]

    def intro(self) -> list[Sentence]:
        """The introduction, or the first paragraph of a heading-less body."""
        if self.mono.section("introduction") is not None:
            return self.sentences("introduction")
        return [s for s in self.sentences("body") if s.paragraph == 0]

    def descriptive(self) -> list[Sentence]:
        """Background-like prose: Background, or the body after its first paragraph."""
        return self.sentences(*DESCRIPTIVE) + [s for s in self.sentences("body") if s.paragraph > 0]

    def clinical(self) -> list[Sentence]:
        return self.sentences(*CLINICAL, "*") + [s for s in self.sentences("body") if s.paragraph > 0]

    def prose(self) -> list[Sentence]:
        return self.intro() + self.descriptive()

    def evidence(self, sent: Sentence) -> Evidence:
        return Evidence(self.mono.source, sent.section, sent.text, sent.start, sent.end)

    def fact(self, fld: str, value, sent: Sentence, pos: int = 0, hedge: bool | None = None,
             agent: str | None = None) -> Found:
        if fld not in FIELDS:
            raise KeyError(fld)
        if hedge is None:
            hedge = cues.hedged_at(sent.stated, pos)
        return Found(Fact(fld, value, self.evidence(sent), hedged=hedge), agent)

    def mentions_agent(self, text: str) -> bool:
        low = text.lower()
        if re.match(r"\s*(?:it|its|this|these)\b", low):
            return True
        names = self.agents + [self.name]
        # 'Ursodiol (Ursodeoxycholic Acid)': the name and the synonym in parentheses are both names
        names += [part for n in names for part in re.split(r"\s*[-/(),]\s*|\s+and\s+", n) if len(part) >= 4]
        return any(re.search(rf"\b{re.escape(n.lower())}\b", low) for n in names)


def ok(sent: Sentence, pos: int, end: int | None = None) -> bool:
    """True when the clause of ``sent`` at ``pos`` is not negated; with ``end``, only the
    clause text before ``end`` (the extracted phrase and what leads to it) is considered."""
    return not cues.negated_at(sent.stated, pos, end)


def runs_to_cut(sent: Sentence, end: int) -> bool:
    """A phrase reaching the end of a truncated sentence may be incomplete."""
    return sent.truncated and end >= len(sent.stated.rstrip(" ,;:"))



def section_lines(ctx: Context, key: str) -> Iterator[tuple[Sentence, str]]:
    """Non-empty lines of the sections ``key`` as (sentence-like span, stripped line)."""
    mono = ctx.mono
    complete = mono.text[-1:].isspace()
    for sec in mono.sections:
        if sec.key != key:
            continue
        pos = sec.start
        for raw in sec.text.split("\n"):
            line = raw.strip()
            if line:
                s = pos + raw.index(line)
                e = s + len(line)
                if e >= len(mono.text.rstrip()) and not complete:
                    break  # cut off by truncation
                yield Sentence(" ".join(line.split()), s, e, key, 0), line
            pos += len(raw) + 1

