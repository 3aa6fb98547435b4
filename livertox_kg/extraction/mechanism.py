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
are kept, neither is linked as the drug's target (only kind ``target`` is). Negated clauses yield nothing; hedged ones are marked.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from . import cues, grounding
from .context import Context, Found, ok, runs_to_cut
from .lexicon import Action, actions, mechanism_words
from .parse import PRONOUN_SUBJECT, base_forms, noun_mentions, parse, subject_is_agent
from .phrases import cut, first_top, words
from ..sentences import Sentence

TARGET_END = (
    r"[;.]|,?\s(?:but|which|that|thereby|thus|whereas|while|although|resulting|leading|causing|"
    r"unlike|similar to)\b|"
    r",\s(?!(?:particularly|especially|such as|notably|mainly|primarily|namely)\b|"
    r"(?:[\w-]+,\s)*[\w-]+,?\s(?:and|or)\s)|,?\sincluding\b|\s(?:both|either)\s(?=\w+ly\b)|\s(?:via|through)\s|"
    r"\sand (?=(?:is|are|was|were|has|have|had|may|can|also|thereby|thus|acts|belongs)\b|"
    r"\w+s (?:by|as|to|on|at|with|in|the|a|an|both)\b)|"
    r"\s(?:in|for) (?:the )?(?:treatment|therapy|management)\b|"
    r"\s(?:and|or|as well as) an?\s|\sby \w+ing\b|\s(?:for|via) (?:incorporation|use)\b|"
    r"\sand (?=anti[a-z]+s?\b)|"
    r"\s(?:in|among) (?:\w+ )?(?:women|men|patients|adults|children|persons|people)\b|"
    # a coordinated infinitive is another statement ('to block X and to inactivate Y'); an indefinite
    # article inside a target starts an apposition ('CD20 a cell surface antigen found on ...')
    r",?\s(?:and|or) to \w+\b|\s(?:a|an)\s(?=\w)|"
    # a time ('during depolarization'), a reduced relative ('monoamine oxidase used in ...') or a
    # contrast ('with less activity against Y') closes the target
    r"\sduring\b|\s(?:in|from) (?:vitro|vivo|cell cultures?|animal models?|(?:several |many |large |controlled )*"
    r"(?:clinical )?(?:trials|studies))\b|\s(?:used|approved|indicated|given)\s(?=in|for|as|to|by)\b|"
    r",?\s(?:with (?:less|little|no|minimal|weaker|lesser)|without)\b"
)
NOUN_PREPS = ("of", "at", "on", "for", "to", "against")
EXAMPLES = frozenset("particularly especially notably namely mainly primarily".split())
CONSEQUENTIAL = "consequence"  # marker: an action read after 'thus', 'thereby'
CONSEQUENCE = frozenset("thus thereby hence consequently".split())
HAVE = frozenset(("have", "has", "had", "having", "exert", "exerts", "show", "shows"))


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


def rule_mechanism(ctx: Context) -> Iterator[Found]:
    for sent in ctx.intro() + ctx.descriptive() + ctx.sentences("mechanism_of_injury"):
        text = sent.stated
        # about the drug, or about its class ('SSRIs increase ...', 'The quinolones are believed to ...');
        # who does what is checked on the parse
        about = ctx.mentions_agent(text) or re.search(r"\bit\b|\b[A-Z0-9-]{2,}s\b|^(?:The|These) [\w-]+s\b", text) \
            or _opens_with_nominal(text)
        if not _prefilter().search(text) or not about:
            continue
        doc = parse(text)
        strong_seen = False
        for tok in doc:
            action = action_of(tok)
            if action is None:
                continue
            if action.form == "noun":
                found = _noun_statement(ctx, doc, tok, action) if tok.pos_ in ("NOUN", "PROPN") else None
            elif _names_property(doc, tok):
                found = _property_statement(ctx, doc, tok)
            else:
                found = _event_statement(ctx, doc, tok, action, strong_seen)
            if found is None:
                continue
            strong_seen = strong_seen or action.strong
            action_text, rest, tpos, exact, relation = found
            downstream = relation is CONSEQUENTIAL
            relation = action.relation if relation in (None, CONSEQUENTIAL) else relation
            yield from _facts(ctx, sent, action_text, rest, tpos, exact, tok.idx, relation, action, downstream)


def action_of(tok) -> Action | None:
    """The :class:`~.lexicon.Action` a token states, by its base form, or None."""
    table = actions()
    return next((table[f] for f in base_forms(tok.text) if f in table), None)


def _opens_with_nominal(text: str) -> bool:
    """'Inhibition of Y prevents ...': a sentence whose subject is a bare nominal action (the drug's,
    in its own monograph; checked on the parse by :func:`_bare_subject`)."""
    m = re.match(r"([A-Z][a-z]+) of\b", text)
    return bool(m) and any(f in actions() and actions()[f].form == "event" for f in base_forms(m.group(1)))


def _singular(word: str) -> str:
    return word[:-1] if word.lower().endswith(("ors", "ists", "ers", "ants")) else word


def _is_noun_action(tok) -> bool:
    a = action_of(tok)
    return a is not None and a.form == "noun" and tok.pos_ in ("NOUN", "PROPN")


def _classifiers_before(doc, i: int) -> list:
    """Classifier words right before token ``i`` ('nonsteroidal', 'competitively', 'reuptake')."""
    out = []
    j = i - 1
    while j >= 0 and doc[j].lower_ in mechanism_words("classifier"):
        out.insert(0, doc[j])
        j -= 1
    return out


# ---------------------------------------------------------------------------------------------
# noun actions: 'X is a (potent) inhibitor of Y', 'a Y inhibitor', 'has antagonist activity against Y'


def _noun_statement(ctx: Context, doc, tok, action: Action):
    relation = None
    head = tok
    # '(H2 blocker)' after 'a histamine type 2 receptor antagonist': a gloss of the action before it
    opening = next((t for t in reversed(doc[:tok.i]) if t.text in "()"), None)
    if opening is not None and opening.text == "(" and opening.i and (
            _is_noun_action(doc[opening.i - 1]) or tok.i - opening.i <= 3 and any(
                _is_noun_action(t) for t in doc[max(0, opening.i - 2):opening.i])):
        return None
    if action.lemma == "activity":
        # 'has (antagonist) activity against Y': only with an action word before it, or a target
        # the lexicon knows ('activity against many bacteria' is a spectrum, not a mechanism)
        before = doc[tok.i - 1] if tok.i else None
        prior = action_of(before) if before is not None else None
        if prior is not None and prior.form == "noun":
            relation, head = prior.relation, before
            # the small model may tag 'antagonist' in 'has antagonist activity' as a verb
            if not (_object_of_have(ctx, tok) or any(t.lower_ in HAVE for t in doc[max(0, tok.i - 3):tok.i])):
                return None
        elif not _object_of_have(ctx, tok):
            return None
    elif not (_predicated(ctx, tok) or _after_copula(ctx, doc, tok)):
        return None
    preps = action.needs or NOUN_PREPS
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    lead = [t.text for t in _classifiers_before(doc, head.i)]
    # the action as one drug's: 'selective serotonin reuptake inhibitors (SSRIs)' -> 'reuptake inhibitor'
    words_ = lead + [t.text for t in doc[head.i:tok.i]] + [_singular(tok.text)]
    # ('antibody to Y': the small model may take 'to' for an infinitive marker)
    if nxt is not None and nxt.lower_ in preps and (nxt.pos_ == "ADP" or action.needs):
        obj = next((c for c in nxt.children if c.dep_ in ("pobj", "pcomp")), None)
        # the object's left edge; when the parser did not attach one, the words after the preposition
        start = obj.left_edge.idx if obj is not None else (nxt.idx + len(nxt.text) + 1)
        if start >= len(doc.text):
            return None
        if action.needs:  # 'antibody to', 'activity against': the preposition is part of the action
            words_.append(nxt.text)
        end = _subtree_end(doc, obj) if obj is not None else None
        # (every target a lexicon target: 'activity against many bacteria' is a spectrum)
        if action.lemma == "activity" and relation is None and not all(
                grounding.lexicon_target(i) for i in grounding.target_ids(
                    _target_text(doc.text[start:end] if end else doc.text[start:]), "activity")):
            return None
        return " ".join(words_), doc.text[start:end] if end else doc.text[start:], start, False, relation
    if action.needs:
        return None
    middle = _premodifiers(doc, tok)
    # classifiers right before the head belong to the action, leading ones to neither
    while middle and middle[-1].lower_ in mechanism_words("classifier"):
        middle.pop()
    while middle and (middle[0].lower_ in mechanism_words("classifier")
                      or middle[0].lower_ in mechanism_words("evaluative") or middle[0].is_punct):
        middle.pop(0)
    if not middle or any(t.lower_ in mechanism_words("container") for t in middle):
        return None
    if middle[0].pos_ in ("PRON", "DET"):
        return None
    if next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ in ("of", "at", "on")), None) is not None:
        return None  # 'a Y inhibitor of Z': ambiguous, leave it
    start, end = middle[0].idx, middle[-1].idx + len(middle[-1].text)
    return " ".join(words_), doc.text[start:end], start, True, relation


PREMOD_POS = frozenset(("NOUN", "PROPN", "NUM", "ADJ", "X", "SYM"))


def _premodifiers(doc, tok) -> list:
    """The contiguous words before a noun action that modify it (by part of speech, which the small
    model tags more reliably than it attaches compounds), without determiners and evaluative
    words: 'a potent, orally available dopamine type 2 (D2) receptor antagonist' -> dopamine type
    2 (D2) receptor. A conjunction is kept when the word before it modifies this noun ('serotonin
    and norepinephrine reuptake inhibitor'), not when it heads a phrase of its own ('a nucleoside
    analogue and Y inhibitor')."""
    out = []
    j = tok.i - 1
    span = {tok.i}
    depth = 0
    while j >= 0:
        t = doc[j]
        if t.lower_ in mechanism_words("evaluative") or t.dep_ in ("det", "poss", "predet") or _is_noun_action(t):
            break
        if t.text in ")]":
            depth += 1
        elif t.text in "([":
            if depth == 0:
                break  # the action noun is inside a parenthesis: '(H2 blocker)'
            depth -= 1
        if t.pos_ == "CCONJ":
            left = doc[j - 1] if j else None
            if left is None or not (left.head.i in span or left.head.i > j):
                break
        elif t.is_punct:
            if t.text not in "()-/[]":
                break
        elif t.pos_ == "VERB":
            # only a participle joined by a hyphen: 'angiotensin-converting enzyme', not 'centrally acting'
            if t.tag_ not in ("VBG", "VBN") or j + 1 >= tok.i or not (j and doc[j - 1].text == "-"):
                break
        elif t.pos_ not in PREMOD_POS:
            break
        out.insert(0, t)
        span.add(j)
        j -= 1
    while out and (out[0].is_punct and out[0].text != "(" or out[0].pos_ == "CCONJ"):
        out.pop(0)
    return out


def _predicated(ctx: Context, tok) -> bool:
    """True when the noun action names the drug: 'X is an inhibitor', 'acts as an agonist',
    'X, an inhibitor of ...', 'a nucleoside analogue and inhibitor of ...'."""
    t = tok
    for _ in range(4):
        if t.dep_ == "conj":
            # 'an agonist at Y and an antagonist at Z' (parsed as a conjunct of Y): the action noun
            # the coordination hangs under
            t = next((a for a in t.ancestors if _is_noun_action(a)), t.head)
            continue
        if t.dep_ == "appos":
            t = t.head
            continue
        if t.dep_ in ("nmod", "compound") and any(c.dep_ == "cc" for c in t.children):
            # 'an A receptor antagonist and B diuretic': the small model hangs the first conjunct,
            # with its own 'and', under the second as a modifier; it is a conjunct of it
            t = t.head
            continue
        if t.dep_ == "pobj" and t.head.lower_ == "as":
            return True
        if t.dep_ in ("attr", "oprd"):
            return subject_is_agent(ctx.mentions_agent, t.head)
        if t.dep_ == "ROOT":
            return True  # a heading-like fragment: 'Potent inhibitor of ...'
        return False
    return False


def _after_copula(ctx: Context, doc, tok) -> bool:
    """'X is a small molecule tyrosine kinase receptor inhibitor' when the parser took a modifier for a
    verb: the drug opens the sentence, then 'is a(n)', then only modifiers up to the action noun."""
    j = tok.i - 1
    while j > 0 and (doc[j].pos_ in PREMOD_POS or doc[j].lower_ in mechanism_words("evaluative")
                     or doc[j].text in "-,()"):
        j -= 1
    if j < 2 or doc[j].lower_ not in ("a", "an") or doc[j - 1].lower_ not in ("is", "are", "was", "were"):
        return False
    return ctx.mentions_agent(doc[0].text) and not any(t.pos_ in ("VERB", "AUX") for t in doc[1:j - 1])


def _object_of_have(ctx: Context, tok) -> bool:
    """'X has (antagonist) activity against Y', 'X is an inhibitor with potent activity against Y'."""
    t = tok
    while t.dep_ in ("conj", "appos") and t.head.i != t.i:
        t = t.head
    if t.dep_ == "pobj" and t.head.lower_ == "with" and t.head.head.pos_ in ("NOUN", "PROPN"):
        return _predicated(ctx, t.head.head)
    return t.dep_ == "dobj" and t.head.lower_ in HAVE and subject_is_agent(ctx.mentions_agent, t.head)


# ---------------------------------------------------------------------------------------------
# properties: 'X has alpha- and beta-adrenergic receptor blocking activity'


def _names_property(doc, tok) -> bool:
    """An action participle before a property noun: 'receptor blocking activity'."""
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return (tok.lower_.endswith("ing") and nxt is not None and nxt.lower_ in mechanism_words("property")
            and action_of(tok).form != "noun")


def _property_statement(ctx: Context, doc, tok):
    """The words between 'has/with' and the participle are its target; the property is the drug's
    when 'has/with' governs it and the sentence names the drug."""
    j = tok.i - 1
    while j >= 0 and not (doc[j].pos_ in ("AUX", "VERB", "DET", "PRON") or doc[j].lower_ in HAVE
                          or doc[j].lower_ in ("with", "both", "either", "of", "by")
                          or doc[j].lower_ in mechanism_words("evaluative") or doc[j].text in ",;:("):
        j -= 1
    first = j + 1
    while j >= 0 and (doc[j].lower_ in ("both", "either") or doc[j].lower_ in mechanism_words("evaluative")):
        j -= 1
    if first >= tok.i or j < 0 or not (doc[j].lower_ in HAVE or doc[j].lower_ == "with"):
        return None
    if not any(t.pos_ in ("NOUN", "PROPN") for t in doc[first:tok.i]) or not ctx.mentions_agent(doc.text):
        return None
    start, end = doc[first].idx, doc[tok.i - 1].idx + len(doc[tok.i - 1].text)
    return tok.text, doc.text[start:end], start, True, None


# ---------------------------------------------------------------------------------------------
# events: verbs ('inhibits Y'), gerunds ('by inhibiting Y'), nominals ('inhibition of Y')


def _event_statement(ctx: Context, doc, tok, action: Action, strong_seen: bool):
    if not action.strong and not (strong_seen or _cued(doc, tok) or _drug_agent(ctx, tok, molecular=True)):
        return None
    consequence = tok.i and doc[tok.i - 1].lower_ in CONSEQUENCE
    if consequence and not action.strong:
        return None  # 'thus increasing serotonin levels': an effect, not the mechanism
    # 'leading to reduction in Y', 'which results in inhibition of Y': an effect of the mechanism
    consequence = consequence or tok.dep_ == "pobj" and tok.head.head.lower_ in mechanism_words("consequence")
    found = _parsed_event(ctx, doc, tok, action)
    if found is None and action.form != "verb" and FINITE.search(tok.lower_) and not action.needs:
        found = _finite_verb_fallback(ctx, doc, tok)
    if found is None:
        return None
    action_text, rest, tpos, exact = found
    lead = _classifiers_before(doc, tok.i)
    if lead:
        action_text = doc.text[lead[0].idx:tok.idx] + action_text
    # 'an agonist of Y, thereby activating Z': a downstream effect of the mechanism, kept as a
    # statement but never linked as the drug's own target
    return action_text, rest, tpos, exact, CONSEQUENTIAL if consequence else None


# 'Drugq inhibits aromatase' where the parser took 'inhibits' for a noun: the verb form, the drug
# right before it (through auxiliaries and adverbs), and the words after it
FINITE = re.compile(r"(?:[^s]s|ed)$")
SUBJECT_BEFORE = re.compile(
    r"(?:^|\b(?:that|and|but|;|,)\s+)(?P<subj>[\w-]+(?:\s+[\w-]+)?)\s+"
    r"(?:(?:also|may|might|can|could|probably|possibly|likely|further|directly|selectively|potently|"
    r"competitively|reversibly|irreversibly)\s+)*$", re.I)


def _finite_verb_fallback(ctx: Context, doc, tok):
    m = SUBJECT_BEFORE.search(doc.text[:tok.idx])
    if m is None or not (PRONOUN_SUBJECT.match(m.group("subj")) or ctx.mentions_agent(m.group("subj"))):
        return None
    start = tok.idx + len(tok.text) + 1
    if start >= len(doc.text) or not doc.text[start:start + 1].isalnum():
        return None
    return tok.text, doc.text[start:], start, False


def _parsed_event(ctx: Context, doc, tok, action: Action):
    verbal = tok.pos_ in ("VERB", "AUX") or tok.tag_ in ("VBG", "VBN", "VBZ", "VBD", "VBP")
    if action.form == "verb" and not verbal:
        return None
    if verbal:
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
            return _passive_event(ctx, doc, tok)  # 'Y is inhibited by X'
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if tok.lower_.endswith("ing") and nxt is not None and nxt.lower_ in mechanism_words("container"):
            return None  # 'alkylating agents': a class name, not an event
        gerund = tok.tag_ == "VBG" and tok.dep_ in ("pcomp", "pobj", "advcl", "acl", "appos", "conj", "xcomp",
                                                   "amod", "dobj")
        if gerund:
            if not (_cued(doc, tok) or subject_is_agent(ctx.mentions_agent, tok)) or _other_antecedent(ctx, tok):
                return None
        elif not subject_is_agent(ctx.mentions_agent, tok):
            return None
    elif tok.pos_ in ("NOUN", "PROPN"):
        if not (_cued(doc, tok) or _bare_subject(doc, tok, action)):
            return None
    else:
        return None
    obj = _event_object(tok, action, verbal)
    if obj is None:
        return None
    start = obj.left_edge.idx
    action_text = doc.text[tok.idx:start].strip()
    if doc[obj.left_edge.i].lower_ in ("both", "either") and obj.left_edge.i < obj.i:
        start = doc[obj.left_edge.i + 1].idx  # 'inactivates both fibrin-bound and unbound thrombin'
    between = doc[tok.i + 1:obj.left_edge.i]
    if any(t.pos_ in ("NOUN", "PROPN", "VERB") and t.lower_ not in mechanism_words("object") for t in between):
        # 'blocks estrogen synthesis' with 'estrogen' parsed as the object: the words after the verb
        nxt = next((t for t in doc[tok.i + 1:] if not (t.pos_ == "ADV" or t.lower_ in action.needs)), None)
        if nxt is None:
            return None
        start = nxt.idx
        action_text = doc.text[tok.idx:start].strip()
    if len(action_text.split()) > 6:
        return None
    # a subject ('Inhibition of Y on the surface of Z prevents ...') ends where its phrase ends
    end = tok.right_edge.idx + len(tok.right_edge.text) if tok.dep_ in ("nsubj", "nsubjpass") else _subtree_end(doc, obj)
    # 'binding to and blocking Y': the first action shares the object
    if tok.i >= 3 and doc[tok.i - 1].lower_ == "and" and doc[tok.i - 2].pos_ == "ADP":
        first = action_of(doc[tok.i - 3])
        if first is not None and doc[tok.i - 2].lower_ in first.needs:
            action_text = doc.text[doc[tok.i - 3].idx:tok.idx] + action_text
    # 'block the reuptake of Y': the object word stays in the action, Y is the target
    m = re.match(r"(?:the |its )?(?:[\w-]+ )?(%s) of " % "|".join(map(re.escape, mechanism_words("object"))),
                 doc.text[start:], re.I)
    if m and verbal and obj.lower_ in mechanism_words("object"):
        if _is_location(doc.text[start + m.end():]):
            return None  # 'acts at the level of the spinal cord': a place, not a target
        action_text = (action_text + " " + doc.text[start:start + m.end()].strip()).strip()
        start += m.end()
    elif m and obj.lower_ == "level" and _is_location(doc.text[start + m.end():]):
        return None
    return action_text, doc.text[start:end], start, False


def _passive_event(ctx: Context, doc, tok):
    """'Y is prevented by X' (X the drug): the passive subject is the target, the participle the action;
    without the drug as agent a passive says nothing about the drug's action."""
    subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    if subj is None or not _drug_agent(ctx, tok):
        return None
    first = subj.left_edge.i
    # a word the small model hung on the verb, inside the subject ('PD-1 receptor engagement')
    while first > 0 and doc[first - 1].head.i == tok.i and doc[first - 1].dep_ not in ("mark", "advmod", "punct") \
            and not doc[first - 1].is_punct and doc[first - 1].pos_ not in ("SCONJ", "DET"):
        first -= 1
    if doc[first].pos_ == "DET":
        first += 1
    last = subj.right_edge
    start = doc[first].idx
    return tok.text, doc.text[start:last.idx + len(last.text)], start, True


def _drug_agent(ctx: Context, tok, molecular: bool = False) -> bool:
    """A passive whose agent is the drug: 'Y is prevented by X' states X's action (with ``molecular``,
    only when its subject names a molecular target: 'Z was replaced by X' is history)."""
    by = next((c for c in tok.children if c.dep_ == "agent"), None)
    agent = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    if agent is None or not noun_mentions(ctx.mentions_agent, agent):
        return False
    subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    return not molecular or subj is not None and _names_molecule(" ".join(t.text for t in subj.subtree), tok.text)


def _names_molecule(phrase: str, action: str) -> bool:
    ids = grounding.target_ids(_target_text(phrase), action)
    return any(grounding.lexicon_target(i) or grounding.molecular_head(i) for i in ids)


ANAPHORIC = frozenset("this these that those its their such the".split())


def _bare_subject(doc, tok, action: Action) -> bool:
    """'Inhibition of Y prevents ...' opening the sentence, without an article (the drug's action,
    newly stated), of a target named in full (not 'this pathway', 'its receptor'), and strong."""
    if not action.strong or tok.i != 0 or tok.dep_ not in ("nsubj", "nsubjpass"):
        return False
    obj = _event_object(tok, action, False)
    if obj is None or any(t.lower_ in ANAPHORIC for t in obj.subtree if t.i < obj.i):
        return False
    return _names_molecule(doc.text[obj.left_edge.idx:_subtree_end(doc, obj)], tok.text)


def _other_antecedent(ctx: Context, tok) -> bool:
    """The gerund's clause is a relative clause about something else: 'calcineurin, which is
    responsible for activating Y', 'boosters which improve its kinetics by inhibiting Y'."""
    t = tok
    for _ in range(6):
        if t.head.i == t.i:
            return False
        t = t.head
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return subj.lower_ in ("which", "that", "who") and t.dep_ == "relcl" and \
                not noun_mentions(ctx.mentions_agent, t.head)
    return False


def _event_object(tok, action: Action, verbal: bool):
    """The head token of what the event applies to."""
    if action.needs:
        prep = next((c for c in tok.rights if c.dep_ in ("prep", "agent") and c.lower_ in action.needs), None)
        if prep is None:
            return None
        return next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
    if not verbal:
        prep = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
        return None if prep is None else next((c for c in prep.children if c.dep_ == "pobj"), None)
    return next((c for c in tok.rights if c.dep_ in ("dobj", "obj")), None)


def _subtree_end(doc, obj) -> int:
    """End offset of the object's phrase: where a coordinated verb or a relative or adverbial
    clause begins ('binds to the active site of thrombin and inactivates ...'); the end of the
    sentence otherwise (the clause-boundary cut of TARGET_END then applies)."""
    inside = {t.i for t in obj.subtree}
    for t in doc[obj.i + 1:]:
        if t.lower_ in EXAMPLES:
            break  # 'excitatory neurotransmitters, particularly glutamate and aspartate'
        nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
        prev = doc[t.i - 1] if t.i else None
        if prev is not None and prev.pos_ == "ADV" and t.i > 1:
            prev = doc[t.i - 2]
        # a coordinated verb: 'and inactivates', 'and competitively inhibiting' (not 'and collecting
        # duct', nor a noun the small model tags as a verb: 'and serotonin (5-HT1A) receptors')
        verb_conj = (t.dep_ == "conj" and prev is not None and (prev.pos_ == "CCONJ" or prev.text == ",")
                     and (t.tag_ == "VBZ" and t.lower_.endswith("s") or t.tag_ == "VBD" and t.lower_.endswith("ed")
                          or t.tag_ == "VBG" and t.lower_.endswith("ing")
                          and not (nxt is not None and nxt.pos_ in ("NOUN", "PROPN"))))
        clause = t.dep_ in ("relcl", "advcl") and t.head.i not in inside and (
            t.tag_ in ("VBZ", "VBD", "VBP") or t.left_edge.lower_ in ("which", "that", "who", "whereby", "where"))
        if verb_conj or clause:
            last = t.left_edge.i - 1 if t.left_edge.i > obj.i else t.i - 1
            while last > obj.i and (doc[last].pos_ in ("CCONJ", "PUNCT") and doc[last].text not in ")]"
                                    or doc[last].lower_ in ("both", "either")):
                last -= 1
            return doc[last].idx + len(doc[last].text)
    return len(doc.text)


def _is_location(text: str) -> bool:
    """'the spinal cord', 'the central nervous system': a place of action, not a target."""
    head = cut(text, TARGET_END + r"|\s(?:in|of|and|or|to|by|with|through)\b")
    ws = [w.lower() for w in words(head)]
    return bool(ws) and ws[-1] in mechanism_words("location")


def _cued(doc, tok) -> bool:
    """A gerund or nominal counts after a mechanism cue ('acts by', 'mechanism', 'mediated by',
    'believed to work ...') or as the object of 'by/through/via'."""
    head = tok.head
    if tok.dep_ in ("pobj", "pcomp") and head.lower_ in ("by", "through", "via"):
        return True
    return any(t.lower_ in mechanism_words("cue") for t in doc[:tok.i])


# ---------------------------------------------------------------------------------------------
# the target phrase


def _target_text(rest: str) -> str:
    target = cut(rest, TARGET_END)
    opened = target.count("(") - target.count(")")
    if opened > 0:  # 'cyclooxygenases (Cox-1 and Cox-2' cut inside its parenthesis: close it
        close = rest.find(")", len(target))
        if close >= 0 and "(" not in rest[len(target):close]:
            target = rest[:close + 1]
    # a synonym gloss is no part of the target: '(also known as ...)', '(i.e. ...)'
    target = re.sub(r"\s*\((?:also (?:known as|called|termed)|i\.e\.|e\.g\.)[^()]*\)", "", target)
    # ('objective responses in a proportion ...' cut at the article): a preposition left dangling goes
    target = re.sub(r"(?:,|\s+(?:and|or|but|in|of|on|at|to|for|with|by|from))+$", "", target.strip())
    return re.sub(r"^(?:the|a|an|both|either)\s+", "", target).strip(" ,")


def _facts(ctx: Context, sent: Sentence, action: str, rest: str, tpos: int, exact: bool, apos: int,
           relation: str, word: Action, downstream: bool = False, split: bool = True) -> Iterator[Found]:
    """Facts from an action and the text where its target starts (``exact``: the text is the
    whole target, else it is cut at the first clause boundary)."""
    target = rest if exact else _target_text(rest)
    # 'stabilize lysosomal membranes inhibiting phagocytosis': a participle of an action word after a
    # complete noun phrase starts a clause of its own
    if not exact:
        for pm in re.finditer(r"(?<=[a-z]s)\s+(\w+ing)\b", target):
            if first_top(target[pm.start():], r"\s") == 0 and any(
                    f in actions() for f in base_forms(pm.group(1))):
                target = target[:pm.start()]
                break
    # 'replacing toxic bile acids with <the drug>': the drug itself closes the target
    for wm in re.finditer(r"\s(?:with|by|than)\s+([\w-]+)", target):
        if ctx.mentions_agent(wm.group(1)):
            target = target[:wm.start()]
            break
    if re.match(r"(?:and|or|but)\b", target):  # 'binding to and disrupting ...'
        return
    if not target.strip() or runs_to_cut(sent, tpos + len(target)):
        return
    pos = min(apos, tpos)
    if not ok(sent, pos):
        return
    if re.search(r"\bunknown\b", sent.stated[pos:tpos]):
        return
    if "release" in action.lower() and relation == "inhibitor":
        relation = "release_inhibitor"
    process = mechanism_words("process")
    for cm in re.finditer(r"\s+and\s+", target if split else ""):
        if first_top(target[cm.start():], r"\s+and\s+") != 0:
            continue
        left, right = words(target[:cm.start()]), words(target[cm.end():])
        if len(left) < 2 or len(right) < 2 or "," in target[:cm.start()]:
            continue
        if right[-1].lower() in process and left[-1].lower() not in process:
            target = target[:cm.start()]  # 'the viral DNA polymerase and chain termination'
            break
        if left[-1].lower() in process and right[-1].lower() not in process:
            # 'fungal triglyceride and phospholipid synthesis and fungal ... enzyme activity': two
            # statements, a process and a target
            yield from _facts(ctx, sent, action, target[:cm.start()], tpos, True, apos, relation, word, downstream,
                              split=False)
            tpos += cm.end()
            target = target[cm.end():]
            break
    ws = [w.lower().strip(",") for w in words(target)]
    if not ws:
        return
    # the head word: the last word before a complement ('insulin release from beta cells')
    head = words(target[: first_top(target, r"\s(?:of|from|in|on|at|by|to|within|into|for)\s")]) or ws
    is_process = head[-1].lower().strip(",") in process or ws[0] in process
    ids = [] if is_process else grounding.target_ids(target, action)
    if not is_process and not (any(grounding.lexicon_target(i) for i in ids) or relation == "release_inhibitor"
                               or any(grounding.molecular_head(i) for i in ids)):
        # no molecular target named ('prevents the strand transfer activity', 'blocks the euphoric
        # effects of opiates', 'inhibiting the maturation of T cells'): kept, never a target link
        is_process = True
    if head[-1].lower() in mechanism_words("outcome") or ws[0] in mechanism_words("outcome"):
        return  # 'reduces the risk of stroke': a clinical effect, not a mechanism
    kind = "process" if is_process else "downstream" if downstream else "target"
    value = {"action": action, "target": target, "relation": relation, "kind": kind,
             "targets": [] if is_process else ids}
    hedge = cues.hedged_at(sent.stated, pos, max(tpos + len(target), apos + len(action)))
    yield ctx.fact("mechanism", value, sent, pos, hedge=hedge)
