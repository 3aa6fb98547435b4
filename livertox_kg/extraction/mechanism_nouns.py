"""Noun actions: the drug named by its action ('X is a potent inhibitor of Y', 'acts as an agonist at Y',
'a Y inhibitor', 'has antagonist activity against Y'), and properties ('X has Y blocking activity').

Each reader returns ``(action text, text where the target starts, its offset, exact, relation)`` or
None; ``exact`` says the text is the whole target (pre-modifiers), else it is cut by
:func:`.mechanism_phrase.target_text`.
"""

from __future__ import annotations

from . import grounding
from .context import Context
from .lexicon import Action, mechanism_words
from .mechanism_table import cut_target
from .mechanism_phrase import action_of, classifiers_before, hyphen_target, is_noun_action, singular, subtree_end, target_text
from .parse import subject_is_agent

NOUN_PREPS = ("of", "at", "on", "for", "to", "against")
HAVE = frozenset(("have", "has", "had", "having", "exert", "exerts", "show", "shows"))


def noun_statement(ctx: Context, doc, tok, action: Action):
    relation = None
    head = tok
    # '(H2 blocker)' after 'a histamine type 2 receptor antagonist': a gloss of the action before it
    opening = next((t for t in reversed(doc[:tok.i]) if t.text in "()"), None)
    if opening is not None and opening.text == "(" and opening.i and (
            is_noun_action(doc[opening.i - 1]) or tok.i - opening.i <= 3 and any(
                is_noun_action(t) for t in doc[max(0, opening.i - 2):opening.i])):
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
    before = classifiers_before(doc, head.i)
    lead = [doc.text[before[0].idx:before[-1].idx + len(before[-1].text)]] if before else []
    # the action as one drug's: 'selective serotonin reuptake inhibitors (SSRIs)' -> 'reuptake inhibitor'
    words_ = lead + [t.text for t in doc[head.i:tok.i]] + [singular(tok.text)]
    # ('antibody to Y': the small model may take 'to' for an infinitive marker)
    if nxt is not None and nxt.lower_ in preps and (nxt.pos_ == "ADP" or action.needs):
        obj = next((c for c in nxt.children if c.dep_ in ("pobj", "pcomp")), None)
        # the object's left edge; when the parser did not attach one, the words after the preposition
        start = obj.left_edge.idx if obj is not None else (nxt.idx + len(nxt.text) + 1)
        if start >= len(doc.text):
            return None
        if action.needs:  # 'antibody to', 'activity against': the preposition is part of the action
            words_.append(nxt.text)
        end = subtree_end(doc, obj) if obj is not None else None
        # (every target a molecule: 'activity against many bacteria' is a spectrum, S5)
        if action.lemma == "activity" and relation is None and not all(
                grounding.lexicon_target(i) or grounding.molecular_head(i) for i in grounding.target_ids(
                    cut_target(target_text(doc.text[start:end] if end else doc.text[start:])), "activity")):
            return None
        return " ".join(words_), doc.text[start:end] if end else doc.text[start:], start, False, relation
    if action.needs:
        return None
    if tok.i and doc[tok.i - 1].text == "-" and tok.idx == doc[tok.i - 1].idx + 1:
        found = hyphen_target(doc, tok)  # 'a cardioselective beta-blocker': A7
        return None if found is None else found + (relation,)
    middle = premodifiers(doc, tok)
    # classifiers right before the head belong to the action, leading ones to neither
    own = classifiers_before(doc, tok.i)
    middle = [t for t in middle if not own or t.i < own[0].i]
    first = own[0] if own else tok
    if not middle and first.i >= 2 and doc[first.i - 1].lower_ == "and" and is_noun_action(doc[first.i - 2]):
        # 'a Y partial agonist and post-synaptic antagonist': the second action shares the first's target
        other = doc[first.i - 2]
        others = classifiers_before(doc, other.i)
        middle = [t for t in premodifiers(doc, other) if not others or t.i < others[0].i]
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


def premodifiers(doc, tok) -> list:
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
        if t.lower_ in mechanism_words("evaluative") or t.dep_ in ("det", "poss", "predet") or is_noun_action(t):
            break
        if t.text in "([":
            if depth == 0:
                break  # the action noun is inside a parenthesis: '(H2 blocker)'
            depth -= 1
        else:  # a bracket may sit inside a token: 'serotonin (5-HT)-2A receptor'
            depth += t.text.count(")") + t.text.count("]") - t.text.count("(") - t.text.count("[")
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
            t = next((a for a in t.ancestors if is_noun_action(a)), t.head)
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


def names_property(doc, tok) -> bool:
    """An action participle before a property noun: 'receptor blocking activity'."""
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return (tok.lower_.endswith("ing") and nxt is not None and nxt.lower_ in mechanism_words("property")
            and action_of(tok).form != "noun")


def property_statement(ctx: Context, doc, tok):
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

