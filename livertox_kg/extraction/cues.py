"""Negation and hedging cues, and clause splitting for their scope.

A cue applies to the clause it occurs in: sentences are cut into clauses at contrastive
conjunctions and semicolons, so 'has not been implicated in X, but recently has been implicated
in Y' negates only the first half. The cue tables are data (data/lexicon/*-cues.tsv); edit them, not the rules.
"""

from __future__ import annotations

import re

from .lexicon import cue_table

# cue -> regex, from data/lexicon/negation-cues.tsv. Any of these in a clause makes positive
# facts from that clause unsafe.
NEGATION_CUES: dict[str, str] = cue_table("negation-cues.tsv")

# cue -> regex, from data/lexicon/hedge-cues.tsv. A fact read from a clause with one of these is
# marked hedged.
HEDGE_CUES: dict[str, str] = cue_table("hedge-cues.tsv")

# Clause boundaries: contrastive conjunctions, semicolons, and 'and there is/are ...'.
CLAUSE_BOUNDARY = re.compile(
    r";\s*|,?\s+\b(?:but|whereas|although|though|while|however|yet)\b,?\s+|"
    r"\s+and (?=there (?:is|are|was|were|have|has)\b)",
    re.I,
)

# A negation cue before one of these does not reach past it ('the absence of hepatotoxicity may
# be due to its minimal metabolism'), unless the cue governs it directly ('not due to').
SCOPE_TERMINATORS = re.compile(r"\b(?:due to|because|since|as a result of|owing to|attributed to)\b", re.I)

_NEG = re.compile("|".join(f"(?:{p})" for p in NEGATION_CUES.values()), re.I)
_HEDGE = re.compile("|".join(f"(?:{p})" for p in HEDGE_CUES.values()), re.I)


def clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the clauses of a sentence."""
    spans, pos = [], 0
    for m in CLAUSE_BOUNDARY.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if e > s]


def clause_at(text: str, pos: int) -> tuple[int, int]:
    """The clause of ``text`` containing offset ``pos``."""
    for s, e in clauses(text):
        if s <= pos < e:
            return s, e
    return 0, len(text)


def negated(text: str) -> bool:
    return _NEG.search(text) is not None


def hedged(text: str) -> bool:
    return _HEDGE.search(text) is not None


def _reaches(rx: re.Pattern, text: str, pos: int, end: int | None) -> bool:
    """True when a cue of ``rx`` in the clause at ``pos`` (up to ``end`` if given) reaches ``pos``:
    cues after ``pos`` always do; cues before it unless a scope terminator intervenes."""
    s, e = clause_at(text, pos)
    for m in rx.finditer(text, s, e if end is None else max(pos, min(end, e))):
        if m.start() < pos:
            between = text[m.end():pos]
            t = SCOPE_TERMINATORS.search(between)
            if t and between[: t.start()].strip():
                continue
        return True
    return False


def negated_at(text: str, pos: int, end: int | None = None) -> bool:
    """True when a negation cue governs the clause at ``pos``."""
    return _reaches(_NEG, text, pos, end)


def hedged_at(text: str, pos: int, end: int | None = None) -> bool:
    """True when a hedge cue governs the clause at ``pos``."""
    return _reaches(_HEDGE, text, pos, end)


# ---------------------------------------------------------------------------------------------
# Framing around list items: words that say how often, how far or in what capacity, not what.
# Each table is a list of regexes matched at the start of an item (or of a list phrase) and
# removed; the item that is left must still occur verbatim in the source.

# 'occasionally hypotension' -> 'hypotension'
FREQUENCY_ADVERBS: tuple[str, ...] = (
    "occasionally", "rarely", "sometimes", "frequently", "often", "commonly", "uncommonly",
    "infrequently", "usually", "typically", "mostly", "less often", "more rarely", "very rarely",
    "less commonly", "most commonly", "particularly", "especially",
)

# 'limited to short-term management of spasticity' -> 'short-term management of spasticity'
INDICATION_FRAMING: tuple[str, ...] = (
    r"(?:largely |mostly |now |currently )?(?:limited|restricted|confined) to",
    r"for", r"as", r"primarily", r"mainly", r"chiefly", r"largely",
    r"(?:the )?(?:symptomatic )?relief of (?:the )?symptoms (?:of|from|due to)",
    # a purpose with its duration or manner before the condition (LABELLING.md IN1, IN3): 'short-term
    # management of X', 'symptomatic relief of X'
    r"(?:the )?(?:(?:short|long)[- ]term|symptomatic|chronic|acute|intermittent) (?:treatment|therapy|management|relief|control|prevention|prophylaxis) (?:of|for)",
    # a purpose verb as a gerund: 'for controlling X', 'treating and preventing X'
    r"(?:treating|controlling|preventing|managing|relieving)(?: (?:and|or) (?:treating|controlling|preventing|managing|relieving))?",
)

# 'and several solid organ tumors' -> 'and solid organ tumors' (quantifiers before a list item)
QUANTIFIERS: tuple[str, ...] = ("several", "many", "various", "numerous", "some",
                               r"a (?:wide |broad |large )?(?:variety|range|number) of")

# A side-effect list introduced by one of these is not of *common* side effects
# ('Uncommon but potentially severe adverse events include ...').
NOT_COMMON_QUALIFIERS = re.compile(
    r"\b(?:uncommon|rare|rarer|infrequent|less common|serious|severe|life[- ]threatening|"
    r"idiosyncratic|unusual|immune[- ]related)\b",
    re.I,
)

# Nouns naming organisms rather than conditions ('activity against many fungal species').
ORGANISM_NOUNS = re.compile(
    r"\b(?:species|organisms?|bacteria|fungi|viruses|strains|pathogens|microbes|parasites)\b", re.I
)


def _leading(patterns) -> re.Pattern:
    return re.compile(r"^(?:%s)\s+" % "|".join(f"(?:{p})" for p in patterns), re.I)


_FREQ = _leading(FREQUENCY_ADVERBS)
_FRAME = _leading(INDICATION_FRAMING)
_QUANT = re.compile(r"(^|,\s+|\s(?:and|or)\s+)(?:%s)\s+" % "|".join(QUANTIFIERS), re.I)


def strip_frequency(item: str) -> str:
    """Remove a leading frequency adverb ('occasionally hypotension' -> 'hypotension')."""
    out = _FREQ.sub("", item, count=1)
    return out if out.strip() else item


def strip_framing(phrase: str) -> str:
    """Remove leading framing of an indication ('limited to X', 'for X', 'relief of symptoms of X')."""
    prev = None
    while prev != phrase:
        prev = phrase
        out = _FRAME.sub("", phrase, count=1)
        phrase = out if out.strip() else phrase
    return phrase


def strip_quantifiers(phrase: str) -> str:
    """Remove quantifiers before list items ('leukemia and several solid tumors')."""
    return _QUANT.sub(lambda m: m.group(1), phrase)
