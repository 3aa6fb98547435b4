"""Mechanism of action from the dependency parse: an action word and the noun phrase it applies to.

An action (``data/lexicon/mechanism-actions.tsv``) is found by its base form in any word form:

- a noun naming the drug by its action, predicated of it ('X is a potent inhibitor of Y', 'acts
  as an agonist at Y', 'a nucleoside analogue and Y inhibitor', 'an antibody to Y'): the target is
  the object of its preposition, or its pre-modifiers ('a Y inhibitor'); evaluative words
  ('potent, orally available') are skipped; classifiers right before the action word belong to it
  ('nonsteroidal inhibitor', 'reuptake inhibitor', 'competitively inhibiting');
- an event: a verb whose subject is the drug ('X inhibits Y', 'is believed to block the reuptake
  of Y', 'may also act directly on Y', 'an antimetabolite which inhibits Y'), or a gerund or
  nominal form after a mechanism cue ('acts by inhibiting Y', 'mediated by inhibition of Y', 'its
  mechanism of action is ..., binding to Y'). General verbs ('prevents', 'reduces') count only in
  a mechanism context (a cue, or a stronger action earlier in the sentence).

The target keeps the monograph's wording (the evaluation compares it with hand labels written
verbatim): it is the object's subtree, cut at the first clause boundary. :mod:`.grounding` adds
one identifier per real-world target ('Cox-1 and -2' is two). A statement about a process
('inhibiting protein synthesis') is a mechanism item of kind ``process``, and an action stated as
a consequence of another ('an agonist of Y, thereby activating Z') one of kind ``downstream``: both
are kept, neither is linked as the drug's target (only kind ``target`` is). Negated clauses yield
nothing; hedged ones are marked.

This module finds the statements of a sentence and makes them facts; the readers are
:mod:`.mechanism_nouns` (noun actions, properties), :mod:`.mechanism_events` (verbs, gerunds,
nominals, passives) and :mod:`.mechanism_phrase` (action words, where a target phrase ends).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from . import cues, grounding
from .context import Context, Found, ok, runs_to_cut
from .lexicon import Action, actions, mechanism_words
from .mechanism_events import CONSEQUENTIAL, caused_statement, event_statement, subject_nominal
from .mechanism_nouns import names_property, noun_statement, property_statement
from .mechanism_phrase import action_of, target_text
from .mechanism_table import action_words, adjective, cut_target, split_target
from .parse import base_forms, parse
from .phrases import first_top, words
from ..sentences import Sentence


@lru_cache(maxsize=1)
def _prefilter() -> re.Pattern:
    """Sentences without a word that could be an action are not parsed."""
    stems = set()
    for a in actions().values():
        if a.needs and len(a.lemma) <= 4:  # 'act on', 'bind to': the word with its preposition
            stems.add(rf"{a.lemma}\w*\s+(?:\w+ly\s+)?(?:{'|'.join(a.needs)})\b")
        else:
            stems.add(re.escape(a.lemma[: max(4, len(a.lemma) - 3)]))
    return re.compile(r"\b(?:%s)" % "|".join(sorted(stems)), re.I)


def mechanism_sentences(ctx: Context) -> Iterator:
    """The sentences :func:`rule_mechanism` parses: an action word, about the drug or its class."""
    for sent in ctx.intro() + ctx.descriptive() + ctx.sentences("mechanism_of_injury"):
        text = sent.stated
        if not _prefilter().search(text):
            continue
        # about the drug, or about its class ('SSRIs increase ...', 'The quinolones are believed to ...');
        # who does what is checked on the parse
        about = ctx.mentions_agent(text) or re.search(r"\bit\b|\b[A-Z0-9-]{2,}s\b|^(?:The|These) [\w-]+s\b|^Both (?:drugs|agents)\b", text) \
            or _opens_with_nominal(text) or _about_class(ctx, text)
        if about:
            yield sent


def rule_mechanism(ctx: Context) -> Iterator[Found]:
    for sent in mechanism_sentences(ctx):
        text = sent.stated
        doc = parse(text)
        strong_seen = False
        stated: set[int] = set()  # tokens of the actions stated so far in this sentence
        for tok in doc:
            action = action_of(tok)
            for noun, rest, tpos in caused_statement(ctx, doc, tok, strong_seen):
                caused = Action(noun.lower(), "acts_on", "event", (), False)
                yield from _facts(ctx, sent, noun, rest, tpos, False, doc[tok.i].idx, "acts_on", caused, True)
            if action is None:
                continue
            subject = subject_nominal(ctx, doc, tok, action) if action.form == "event" else None
            if subject is not None:
                found = subject + (None,)
            elif action.form == "noun":
                found = noun_statement(ctx, doc, tok, action) if tok.pos_ in ("NOUN", "PROPN") else None
            elif names_property(doc, tok):
                found = property_statement(ctx, doc, tok)
            else:
                found = event_statement(ctx, doc, tok, action, strong_seen, frozenset(stated))
            if found is None:
                continue
            strong_seen = strong_seen or action.strong
            action_text, rest, tpos, exact, relation = found
            downstream = relation is CONSEQUENTIAL
            relation = action.relation if relation in (None, CONSEQUENTIAL) else relation
            facts = list(_facts(ctx, sent, action_text, rest, tpos, exact, tok.idx, relation, action, downstream))
            if facts:
                stated.add(tok.i)
            yield from facts


CLASS_OPENING = re.compile(r"(?:(?:The|These|All) )?((?:[A-Za-z][\w-]* ){0,2}?[A-Za-z][\w-]*?)s (?!of\b)", re.I)


CLASS_INSIDE = re.compile(r"\bthe ([a-z][\w-]{4,}?)s\b")


def _about_class(ctx: Context, text: str) -> bool:
    """'Macrolide antibiotics act by ...', 'The alkylating agents act by ...', 'The activity of the
    benzodiazepines is mediated by ...': a sentence about a plural class the page says the drug
    belongs to ('X is a macrolide antibiotic'); who does what is checked on the parse."""
    opening = CLASS_OPENING.match(text)
    classes = {m.group(1) for m in CLASS_INSIDE.finditer(text)}
    if opening is not None and len(opening.group(1)) >= 5:
        classes.add(opening.group(1))
    for name in classes:
        member = re.compile(r"\b(?:a|an)\s+(?:[\w-]+\s+){0,3}?%s\b" % re.escape(name), re.I)
        if any(member.search(s.stated) and ctx.mentions_agent(s.stated) for s in ctx.prose()):
            return True
    return False


def _opens_with_nominal(text: str) -> bool:
    """'Inhibition of Y prevents ...': a sentence whose subject is a bare nominal action (the drug's,
    in its own monograph; checked on the parse by :func:`.mechanism_events._bare_subject`), or 'The
    alpha blockade is directed at Y' (:func:`.mechanism_events._own_action_subject`)."""
    m = re.match(r"(?:The )?([A-Za-z][a-z]+) of\b", text) or re.match(
        r"(?:The |Its )?(?:[\w]+[ -]){0,3}?([a-z]+) (?:by [\w-]+ )?(?:is|was|has|may|appears|\w+s)\b", text, re.I)
    return bool(m) and any(f in actions() and actions()[f].form == "event" for f in base_forms(m.group(1)))


CAUSE_BEFORE = re.compile(r"\b(?:due to|as a result of|because of|owing to)\s+(?:the\s+|its\s+|\w+ly\s+)*$", re.I)


def _hedged_cause(text: str, pos: int) -> bool:
    """'is believed to be due to inhibition of Y': the hedge frames the cause, which is the mechanism."""
    m = CAUSE_BEFORE.search(text[:pos])
    if m is None:
        return False
    start, _ = cues.clause_at(text, m.start())
    return cues.hedged(text[start:m.start()])


def action_of_word(word: str) -> Action | None:
    return next((actions()[f] for f in base_forms(word) if f in actions()), None)


def _names_target(phrase: str, action: str) -> bool:
    ids = grounding.target_ids(phrase, action)
    return any(grounding.lexicon_target(i) or grounding.molecular_head(i) for i in ids)


def _facts(ctx: Context, sent: Sentence, action: str, rest: str, tpos: int, exact: bool, apos: int,
           relation: str, word: Action, downstream: bool = False, split: bool = True) -> Iterator[Found]:
    """Facts from an action and the text where its target starts (``exact``: the text is the
    whole target, else it is cut at the first clause boundary)."""
    target = rest if exact else target_text(rest)
    # 'stabilize lysosomal membranes inhibiting phagocytosis': a participle of an action word after a
    # complete noun phrase starts a clause of its own
    participle = None
    if not exact:
        for pm in re.finditer(r"(?<=[a-z]s)\s+(\w+ing)\b", target):
            if first_top(target[pm.start():], r"\s") == 0 and any(
                    f in actions() for f in base_forms(pm.group(1))):
                target = target[:pm.start()]
                participle = pm
                break
    if participle is not None:
        # ... and states what the first action does: 'binding to ribosomes inhibiting protein synthesis'
        then = next(actions()[f] for f in base_forms(participle.group(1)) if f in actions())
        if then.strong and then.form != "noun":
            after = participle.end() + len(rest[participle.end():]) - len(rest[participle.end():].lstrip())
            yield from _facts(ctx, sent, participle.group(1), rest[after:], tpos + after, False,
                              tpos + participle.start(1), then.relation, then, True)
    # 'replacing toxic bile acids with <the drug>': the drug itself closes the target
    for wm in re.finditer(r"\s(?:with|by|than)\s+([\w-]+)", target):
        if ctx.mentions_agent(wm.group(1)):
            target = target[:wm.start()]
            break
    if re.match(r"(?:and|or|but)\b", target):  # 'binding to and disrupting ...'
        return
    if not target.strip():
        return
    # an excerpt cut inside the target (before the table ends it) leaves the action without one
    ends_at = cut_target(target)
    if runs_to_cut(sent, tpos + max(0, target.find(ends_at)) + len(ends_at) if ends_at else tpos + len(target)):
        return
    pos = min(apos, tpos)
    if not ok(sent, pos):
        return
    if re.search(r"\bunknown\b", sent.stated[pos:tpos]):
        return
    process = mechanism_words("process")
    for cm in re.finditer(r"\s+and\s+", target if split else ""):
        if first_top(target[cm.start():], r"\s+and\s+") != 0:
            continue
        left, right = words(target[:cm.start()]), words(target[cm.end():])
        if len(left) < 2 or len(right) < 2 or "," in target[:cm.start()]:
            continue
        if re.search(r"\sof\s", target[:cm.start()]) and not re.match(r"\w+ing\s", target[cm.end():]):
            continue  # inside an 'of'-phrase the coordination stays whole (C8) unless a gerund starts a statement
        if right[-1].lower() in process and left[-1].lower() not in process and not adjective(left[-1]):
            # 'the viral DNA polymerase and chain termination'; 'binding to Y receptors and increasing
            # insulin secretion': a coordinated gerund of an action word is a statement of its own
            gm = re.match(r"(\w+ing)\s+(?=\w)", target[cm.end():])
            then = action_of_word(gm.group(1)) if gm else None
            if then is not None and then.form != "noun":
                at = tpos + cm.end() + gm.end()
                yield from _facts(ctx, sent, gm.group(1), sent.stated[at:], at, False, tpos + cm.end(),
                                  then.relation, then)
            target = target[:cm.start()]
            break
        if left[-1].lower() in process and right[-1].lower() not in process:
            # 'fungal triglyceride and phospholipid synthesis and fungal ... enzyme activity': two
            # statements, a process and a target; what names no molecule is another consequence
            # ('inhibition of DNA synthesis and apoptosis of dividing cells')
            if not _names_target(target[cm.end():], action):
                target = target[:cm.start()]
                break
            yield from _facts(ctx, sent, action, target[:cm.start()], tpos, True, apos, relation, word, downstream,
                              split=False)
            tpos += cm.end()
            target = target[cm.end():]
            break
    # the item as the decision table writes it (tests/LABELLING.md): the bare action word, the target
    # cut at its first boundary, coordinations split
    said = action_words(action)
    cut_to = cut_target(target)
    if not cut_to:
        return  # points back to something named elsewhere (T7)
    hedge = cues.hedged_at(sent.stated, pos, max(tpos + len(target), apos + len(action))) \
        or _hedged_cause(sent.stated, pos)
    whole = " ".join(w for w in (said.opens, cut_to, said.closes) if w)
    for piece, source in split_target(whole):
        for word_ in said.words:
            yield from _item(ctx, sent, pos, word_, piece, source, relation, action, downstream, hedge)


TRANSPORT = re.compile(r"^(?:the\s+)?((?:re)?uptake|release) of\s+", re.I)


def _item(ctx: Context, sent: Sentence, pos: int, action: str, target: str, source: str | None, relation: str,
          said: str, downstream: bool, hedge: bool) -> Iterator[Found]:
    """One mechanism item: its kind ('target' links the drug to one IRI per real-world target; a
    'process' or 'downstream' statement is kept, never a target link) and its grounded targets."""
    process = mechanism_words("process")
    # 'the reuptake of serotonin', 'the release of glutamate': the transported molecule names the target
    transport = TRANSPORT.match(target)
    link = target[transport.end():] if transport else target
    hint = f"{said} {transport.group(1)}" if transport else said
    if relation == "inhibitor" and ("release" in said.lower() or transport and transport.group(1).lower() == "release"
                                    or re.search(r"\brelease$", target, re.I)):
        relation = "release_inhibitor"
    ws = [w.lower().strip(",") for w in words(link)]
    if not ws:
        return
    # the head word: the last word before a complement ('insulin release from beta cells')
    head = words(link[: first_top(link, r"\s(?:of|from|in|on|at|by|to|within|into|for)\s")]) or ws
    # a process ('protein synthesis') or what happens to a substance ('the breakdown of GABA') is no target link
    of_process = len(head) < len(ws) and head[-1].lower() in mechanism_words("object")
    is_process = (head[-1].lower().strip(",") in process or ws[0] in process or of_process) and not transport
    ids = [] if is_process else grounding.target_ids(link, hint)
    if not is_process and not (any(grounding.lexicon_target(i) for i in ids) or relation == "release_inhibitor"
                               or any(grounding.molecular_head(i) for i in ids)):
        # no molecular target named ('prevents the strand transfer activity', 'blocks the euphoric
        # effects of opiates', 'inhibiting the maturation of T cells'): kept, never a target link
        is_process = True
    cell_function = head[-1].lower() == "function" and any(w.lower() in mechanism_words("cell-modifier") for w in head)
    if head[-1].lower() in mechanism_words("outcome") or ws[0] in mechanism_words("outcome") \
            or head[-1].lower() in mechanism_words("clinical-head") and not cell_function \
            or any(w.lower() in mechanism_words("clinical-modifier") for w in head[:-1]) \
            or action.lower() in mechanism_words("no-action-noun") or action.lower().endswith("dilation"):
        return  # 'reduces the risk of stroke', 'relieving pain': a clinical effect, not a mechanism (T9)
    kind = "process" if is_process else "downstream" if downstream else "target"
    value = {"action": action, "target": target, "relation": relation, "kind": kind,
             "targets": [] if is_process else ids}
    if source is not None:
        value["target_from"] = source
    yield ctx.fact("mechanism", value, sent, pos, hedge=hedge)
