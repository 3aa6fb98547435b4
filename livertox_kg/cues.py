"""Negation and hedging cues, and clause splitting for their scope.

A cue applies to the clause it occurs in: sentences are cut into clauses at contrastive
conjunctions and semicolons, so 'has not been implicated in X, but recently has been implicated
in Y' negates only the first half. The tables are plain data; edit them, not the rules.
"""

from __future__ import annotations

import re

# cue -> regex. Any of these in a clause makes positive facts from that clause unsafe.
NEGATION_CUES: dict[str, str] = {
    "not": r"\bnot\b(?! only\b)",
    "n't": r"n't\b",
    "no": r"\bno\b(?!\.)",
    "never": r"\bnever\b",
    "none": r"\bnone\b",
    "neither/nor": r"\b(?:neither|nor)\b",
    "unknown": r"\bunknown\b",
    "unclear": r"\bunclear\b",
    "uncertain": r"\buncertain\b",
    "lack of": r"\black(?:s|ing)? (?:of|any)\b",
    "absence of": r"\babsence of\b",
    "failed to": r"\bfail(?:ed|s)? to\b",
    "unlikely": r"\bunlikely\b",
    "ruled out": r"\bruled? out\b",
    "rather than": r"\brather than\b",
    "instead of": r"\binstead of\b",
    "no longer": r"\bno longer\b",
}

# cue -> regex. A fact read from a clause with one of these is marked hedged.
HEDGE_CUES: dict[str, str] = {
    "believed": r"\bbelieved\b",
    "thought to": r"\bthought to\b",
    "may": r"\bmay\b",
    "might": r"\bmight\b",
    "could": r"\bcould\b",
    "possibly": r"\bpossibl[ey]\b",
    "probably": r"\bprobabl[ey]\b",
    "likely": r"(?<!un)\blikely\b",
    "purported": r"\bpurported(?:ly)?\b",
    "suggest": r"\bsuggest(?:s|ed|ing|ion)?\b",
    "appears": r"\bappears? to\b",
    "seems": r"\bseems? to\b",
    "presumed": r"\bpresum(?:ed|ably)\b",
    "putative": r"\bputative\b",
    "reportedly": r"\breportedly\b",
    "proposed": r"\bproposed\b",
    "hypothesized": r"\bhypothesi[sz]ed\b",
    "perhaps": r"\bperhaps\b",
}

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


def negated_at(text: str, pos: int, end: int | None = None) -> bool:
    """True when a negation cue in the clause at ``pos`` (up to ``end`` if given) reaches ``pos``."""
    s, e = clause_at(text, pos)
    for m in _NEG.finditer(text, s, e if end is None else max(pos, min(end, e))):
        if m.start() < pos:
            between = text[m.end():pos]
            t = SCOPE_TERMINATORS.search(between)
            if t and between[: t.start()].strip():
                continue
        return True
    return False


def hedged_at(text: str, pos: int) -> bool:
    s, e = clause_at(text, pos)
    return hedged(text[s:e])
