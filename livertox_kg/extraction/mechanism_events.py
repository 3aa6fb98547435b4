"""Events: verbs ('X inhibits Y'), gerunds ('acts by inhibiting Y'), nominals ('inhibition of Y'), passives
with the drug as agent ('Y is inhibited by X').

General verbs ('prevents', 'reduces') count only in a mechanism context (a cue, or a stronger action
earlier in the sentence); an action after 'thereby' or 'leading to' is a consequence of the
mechanism (``CONSEQUENTIAL``). Each reader returns ``(action text, text where the target starts, its
offset, exact, relation)`` or None.
"""

from __future__ import annotations

import re

from . import grounding
from .context import Context
from .lexicon import Action, mechanism_words
from .mechanism_nouns import premodifiers
from .mechanism_phrase import action_of, classifiers_before, hyphen_target, is_location, subtree_end, target_text
from .parse import PRONOUN_SUBJECT, noun_mentions, subject_is_agent

CONSEQUENTIAL = "consequence"  # marker: an action read after 'thus', 'thereby'
CONSEQUENCE = frozenset("thus thereby hence consequently".split())


def _action_subject(tok) -> bool:
    """The sentence's subject is an action noun other than ``tok`` ('The beta-blockade is ..., acting on Y',
    'Beta-1 blockade reduces Y by slowing Z'): its predicate gives nothing (tests/LABELLING.md S6)."""
    if any(c.dep_ == "auxpass" for c in tok.sent.root.children):
        return False  # 'Activation of Y is prevented by X' (S2)
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.i != tok.i and c.pos_ == "NOUN" and action_of(c) is not None
               and action_of(c).form == "event" and not c.lower_.endswith("ing") for c in tok.sent.root.children) \
        and tok.i not in {t.i for c in tok.sent.root.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}


def event_statement(ctx: Context, doc, tok, action: Action, strong_seen: bool, stated: frozenset = frozenset()):
    if _action_subject(tok):
        return None
    if not action.strong and not (strong_seen or _cued(doc, tok) or _drug_agent(ctx, tok, molecular=True)
                                  or _molecular_process(tok) or _process_of_drug(ctx, tok)):
        return None
    # 'thus increasing Y'; 'X binding to Y prevents Z': what the drug's action (the subject) brings about
    consequence = tok.i and doc[tok.i - 1].lower_ in CONSEQUENCE or any(
        c.dep_ == "csubj" and action_of(c) is not None for c in tok.children)
    # ('thus increasing Y' with a general verb: a link of the chain too, tests/LABELLING.md K1; a clinical
    # object gives no item, T9)
    # 'leading to reduction in Y', 'which results in inhibition of Y': an effect of the mechanism
    consequence = consequence or tok.dep_ == "pobj" and tok.head.head.lower_ in mechanism_words("consequence")
    found = _parsed_event(ctx, doc, tok, action)
    infinitive = tok.i and doc[tok.i - 1].lower_ in ("to", "that", "which") and tok.lower_ in (action.lemma,
                                                                                                action.lemma + "e")
    if found is None:
        found = _shared_object(ctx, doc, tok, action)
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if found is None and action.form != "verb" and (FINITE.search(tok.lower_) or infinitive) and (
            not action.needs or nxt is not None and nxt.lower_ in action.needs):
        found = _finite_verb_fallback(ctx, doc, tok, action)
    if found is None and (strong_seen or stated):
        found = _chained(doc, tok, action, stated)
        consequence = consequence or found is not None
    if found is None:
        return None
    action_text, rest, tpos, exact = found
    lead = classifiers_before(doc, tok.i)
    if lead:
        action_text = doc.text[lead[0].idx:tok.idx] + action_text
    first = lead[0] if lead else tok
    shared = doc[first.i - 2] if first.i >= 2 and doc[first.i - 1].lower_ in ("and", "or") else None
    if shared is not None and _shares_object(shared, _nominal_gerund(doc, tok, action) or tok.pos_ == "NOUN"):
        action_text = doc.text[shared.idx:first.idx] + action_text  # 'modification and cross linking of'
    # 'an agonist of Y, thereby activating Z': a downstream effect of the mechanism, kept as a
    # statement but never linked as the drug's own target
    return action_text, rest, tpos, exact, CONSEQUENTIAL if consequence else None


CHAIN_BEFORE = frozenset(("thereby", "thus", "hence", "consequently", "so", ",", "to"))


def _shared_object(ctx: Context, doc, tok, action: Action):
    """A5: 'X binds to and inactivates Y' when the parser left the preposition without an object: both
    actions apply to what follows the second."""
    if not action.needs or tok.i + 4 >= len(doc):
        return None
    prep, conj, second = doc[tok.i + 1], doc[tok.i + 2], doc[tok.i + 3]
    if prep.lower_ not in action.needs or any(c.dep_ == "pobj" for c in prep.children) \
            or conj.lower_ not in ("and", "or") or action_of(second) is None or second.pos_ != "VERB":
        return None
    if not (subject_is_agent(ctx.mentions_agent, tok) or _cued(doc, tok)):
        return None
    start = doc[tok.i + 4].idx
    return doc.text[tok.idx:start].strip(), doc.text[start:], start, False


def _governor(noun):
    """The action word whose target a noun is ('an inhibitor of Y': Y's is 'inhibitor')."""
    t = noun
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    if t.dep_ == "pobj":
        if t.head.lower_ not in ("of", "to", "at", "on", "against", "for", "with", "between"):
            return None  # 'unlike Y that ...': a comparison, not what the action applies to
        t = t.head
    elif t.dep_ not in ("dobj", "obj", "nsubjpass"):
        return None
    return t.head if t.head.i != t.i else None


def _chained(doc, tok, action: Action, stated: frozenset = frozenset()):
    """tests/LABELLING.md K1/K2: after the drug's action in the same sentence, a participle or purpose
    infinitive chained to it ('..., thereby inhibiting Y', '..., halting Y', '... Y to increase Z') is a
    link of the chain, whatever the parser made of the verb before it."""
    prev = doc[tok.i - 1] if tok.i else None
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    gov = _governor(tok.head) if tok.dep_ == "relcl" else None
    if gov is not None and gov.i in stated and subj is not None and subj.lower_ in ("which", "that"):
        # K3: '... an inhibitor of Y, which blocks Z': the drug's action does it (an action word; what a
        # target normally does is said with other verbs: 'which supplies', 'which is responsible for')
        obj = _event_object(tok, action, True)
        if obj is None:
            return None
        return tok.text, doc.text[obj.left_edge.idx:subtree_end(doc, obj)], obj.left_edge.idx, False
    j = tok.i - 1
    while j > 0 and doc[j].pos_ == "ADV":
        j -= 1
    if stated and j > 0 and doc[j].lower_ in ("and", "but") and FINITE.search(tok.lower_) and j < tok.i \
            and tok.i + 1 < len(doc) and (doc[j - 1].pos_ != "NOUN" or doc[j - 1].i > min(stated)):
        # C9: a coordinated predicate of the stated action ('X blocks Y and (also) inhibits Z') shares its
        # subject, whatever the parser attached the verb to
        start = tok.i + 1
        if action.needs and doc[start].lower_ in action.needs:
            start += 1
        elif action.needs and action.form != "verb" or doc[start].pos_ == "ADP":
            return None  # 'and acts by binding ...': a frame word, not the action's object
        if start >= len(doc) or doc[start].is_punct:
            return None
        return tok.text, doc.text[doc[start].idx:], doc[start].idx, False
    if prev is None or prev.lower_ not in CHAIN_BEFORE or not (
            tok.tag_ == "VBG" and prev.lower_ != "to" or tok.tag_ == "VB" and prev.lower_ == "to"):
        return None
    if prev.lower_ == "to" and tok.i >= 2 and doc[tok.i - 2].lower_ in mechanism_words("causal") | {"used", "given"}:
        return None
    obj = _event_object(tok, action, True)
    if obj is None or obj.i <= tok.i:
        return None
    start = obj.left_edge.idx
    if doc[obj.left_edge.i].pos_ == "ADP":
        return None
    return tok.text, doc.text[start:subtree_end(doc, obj)], start, False


def _shares_object(tok, nominal: bool) -> bool:
    """An event word coordinated before another of the same form (two nominals, two gerunds) without
    an object of its own shares the other's: 'causing modification and cross linking of DNA', 'by
    modifying and cross linking purine bases' (not 'alpha adrenergic stimulation and blocking Y')."""
    a = action_of(tok)
    return (a is not None and a.form != "noun" and tok.lower_.endswith("ing") != nominal
            and not any(c.dep_ in ("prep", "dobj", "obj") for c in tok.rights))


# 'Drugq inhibits aromatase' where the parser took 'inhibits' for a noun: the verb form, the drug
# right before it (through auxiliaries and adverbs), and the words after it
FINITE = re.compile(r"(?:[^s]s|ed)$")
SUBJECT_BEFORE = re.compile(
    r"(?:^|\b(?:that|and|but|;|,)\s+)(?P<subj>[\w-]+(?:\s+[\w-]+)?)"
    # a pronunciation or a comparison between subject and verb: 'X (pron' un ci a tion), like other PPIs,'
    r"(?:,?\s*\([^()]*\))?(?:,?\s+like (?:the )?(?:other|many|most|all) [\w-]+(?:\s+[\w-]+)?,)?\s+"
    r"(?:(?:also|may|might|can|could|probably|possibly|likely|further|directly|selectively|potently|"
    r"competitively|reversibly|irreversibly)\s+)*"
    # raising: 'X has been found to inhibit', 'X is believed to block', 'X appears to inhibit'
    r"(?:(?:(?:has|have|had) been |is |are |was |were )?(?:found|believed|thought|shown|known|reported)"
    r" to\s+|(?:appears?|seems?) to\s+)?$", re.I)


def _finite_verb_fallback(ctx: Context, doc, tok, action: Action):
    m = SUBJECT_BEFORE.search(doc.text[:tok.idx])
    if m is None or not (PRONOUN_SUBJECT.match(m.group("subj")) or ctx.mentions_agent(m.group("subj"))):
        # 'converted to metabolites that block Y': a relative clause on the drug's product
        relative = tok.i >= 2 and doc[tok.i - 1].lower_ in ("that", "which") and doc[tok.i - 2].pos_ == "NOUN"
        if not (relative and noun_mentions(ctx.mentions_agent, doc[tok.i - 2])):
            return None
    start = tok.idx + len(tok.text) + 1
    if start >= len(doc.text) or not doc.text[start:start + 1].isalnum():
        return None
    if action.needs and doc[tok.i + 1].lower_ in action.needs and tok.i + 2 < len(doc):
        # 'Drugq binds to Y' with the verb parsed as a noun: the target starts after its preposition
        start = doc[tok.i + 2].idx
        return f"{tok.text} {doc[tok.i + 1].text}", doc.text[start:], start, False
    if doc[tok.i + 1].pos_ == "ADP":
        return None  # 'forms covalent links with DNA': a noun with its preposition, no verb's object
    return tok.text, doc.text[start:], start, False


def _parsed_event(ctx: Context, doc, tok, action: Action):
    verbal = tok.pos_ in ("VERB", "AUX") or tok.tag_ in ("VBG", "VBN", "VBZ", "VBD", "VBP")
    if action.form == "verb" and not verbal:
        return None
    if verbal and _nominal_gerund(doc, tok, action):
        verbal = False  # 'causing cross linking of DNA': a gerund with 'of' reads as a nominal
        if not _cued(doc, tok):
            return None
    elif verbal:
        # ('The beta-blockade is nonselective, acting on Y': the predicate of an action as subject gives
        # nothing, tests/LABELLING.md S6; the subject does, :func:`subject_nominal`)
        if _own_action_subject(ctx, tok):
            return None
        own = False
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
            return _passive_event(ctx, doc, tok)  # 'Y is inhibited by X'
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if tok.lower_.endswith("ing") and nxt is not None and nxt.lower_ in mechanism_words("container"):
            return None  # 'alkylating agents': a class name, not an event
        if _purpose_of_use(tok):
            return None  # 'is used in the treatment of cancer and to stimulate Y': a use
        gerund = tok.tag_ == "VBG" and tok.dep_ in ("pcomp", "pobj", "advcl", "acl", "appos", "conj", "xcomp",
                                                   "amod", "dobj", "dep", "csubj")
        if gerund:
            # ('producing Y stimulation and blocking Z': a gerund the parser coordinated with the verb's object)
            object_conj = tok.dep_ == "conj" and tok.head.dep_ == "dobj" and subject_is_agent(
                ctx.mentions_agent, tok.head.head)
            if not (_cued(doc, tok) or subject_is_agent(ctx.mentions_agent, tok) or own or object_conj
                    or _by_drug(ctx, tok, action, verbal)) or _other_antecedent(ctx, tok):
                return None
        elif not (subject_is_agent(ctx.mentions_agent, tok) or _relative_on_kind(ctx, tok) or own):
            return None
    elif tok.pos_ in ("NOUN", "PROPN"):
        produced = _produced(ctx, doc, tok, action)
        if produced is not None:
            return produced
        if not (_cued(doc, tok) or _bare_subject(doc, tok, action)
                or _by_drug(ctx, tok, action, verbal)) or _other_antecedent(ctx, tok):
            return None
        if any(c.lower_ in ("mediated", "induced") or c.lower_.endswith(("-mediated", "-induced")) for c in tok.lefts):
            return None  # 'GABA mediated inhibition of synaptic transmission': another agent's event
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
    end = tok.right_edge.idx + len(tok.right_edge.text) if tok.dep_ in ("nsubj", "nsubjpass", "csubj") \
        else subtree_end(doc, obj)
    # 'binding to and blocking Y': the first action shares the object
    if tok.i >= 3 and doc[tok.i - 1].lower_ == "and" and doc[tok.i - 2].pos_ == "ADP":
        first = action_of(doc[tok.i - 3])
        if first is not None and doc[tok.i - 2].lower_ in first.needs:
            action_text = doc.text[doc[tok.i - 3].idx:tok.idx] + action_text
    # 'block the reuptake of Y': the object word stays in the action, Y is the target
    m = re.match(r"(?:the |its )?(?:[\w-]+ )?(%s) of " % "|".join(map(re.escape, mechanism_words("object"))),
                 doc.text[start:], re.I)
    if m and verbal and obj.lower_ in mechanism_words("object"):
        if is_location(doc.text[start + m.end():]):
            return None  # 'acts at the level of the spinal cord': a place, not a target
        action_text = (action_text + " " + doc.text[start:start + m.end()].strip()).strip()
        start += m.end()
    elif m and obj.lower_ == "level" and is_location(doc.text[start + m.end():]):
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
    ids = grounding.target_ids(target_text(phrase), action)
    return any(grounding.lexicon_target(i) or grounding.molecular_head(i) for i in ids)


ANAPHORIC = frozenset("this these that those its their such".split())  # T7 (not 'the')


def _bare_subject(doc, tok, action: Action) -> bool:
    """'Inhibition of Y prevents ...' opening the sentence, without an article (the drug's action,
    newly stated), of a target named in full (not 'this pathway', 'its receptor'), and strong."""
    if not action.strong or tok.lower_ in mechanism_words("result-noun") or tok.dep_ not in ("nsubj", "nsubjpass") or not (
            tok.i == 0 or tok.i == 1 and doc[0].lower_ == "the"):
        return False
    if any(c.dep_ == "agent" for c in tok.head.children):
        return False  # 'Activation of Y is prevented by X': the passive's subject is its target (S2)
    obj = _event_object(tok, action, False)
    if obj is None or any(t.lower_ in ANAPHORIC for t in obj.subtree if t.i < obj.i):
        return False
    return _names_molecule(doc.text[obj.left_edge.idx:subtree_end(doc, obj)], tok.text)


def _other_antecedent(ctx: Context, tok) -> bool:
    """The event's clause is a relative clause about something else: 'calcineurin, which is
    responsible for activating Y', 'boosters which improve its kinetics by inhibiting Y',
    'pathways that lead to activation of Y'. A consequence after 'which' ('uncoiling the DNA
    helix, which results in inhibition of Y') refers to the whole statement before it."""
    t = tok
    for _ in range(6):
        if t.head.i == t.i:
            return False
        t = t.head
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            sentential = subj.lower_ == "which" and t.lower_ in mechanism_words("consequence")
            return subj.lower_ in ("which", "that", "who") and t.dep_ == "relcl" and not sentential and \
                not noun_mentions(ctx.mentions_agent, t.head)
    return False


def _before(ctx: Context, doc, tok, middle: list):
    """The action read with the words before it as its target (T6), unless they name the drug."""
    start = middle[0].idx
    target = doc.text[start:middle[-1].idx + len(middle[-1].text)]
    if ctx.mentions_agent(target):
        return None  # 'Drugq blocks Y' with the verb parsed as a noun: the drug is no target
    return tok.text, target, start, True


def subject_nominal(ctx: Context, doc, tok, action: Action):
    """S6/A7/T6: an action noun as the sentence's subject, its target before it ('The alpha-blockade by X
    is reversible' -> blockade, alpha; 'Beta-1 adrenergic blockade reduces ...' -> blockade, Beta-1
    adrenergic); its predicate gives nothing. None when the noun has an object of its own ('Inhibition
    of Y prevents ...', read by :func:`event_statement`) or names another agent's action."""
    if not (action.strong and action.form == "event" and tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass")
            and not tok.lower_.endswith("ing")) or tok.lower_ in mechanism_words("result-noun"):
        return None
    if any(c.dep_ == "prep" and c.lower_ in ("of", "between") for c in tok.children):
        return None
    by = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"), None)
    agent = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    if agent is not None and not noun_mentions(ctx.mentions_agent, agent):
        return None  # 'blockade by another drug'
    if any(c.dep_ in ("det", "poss") and c.lower_ not in ("the",) for c in tok.children):
        return None  # 'its blockade', 'this inhibition': points back (T7)
    if tok.i and doc[tok.i - 1].text == "-" and tok.idx == doc[tok.i - 1].idx + 1:
        return hyphen_target(doc, tok)
    middle = [t for t in premodifiers(doc, tok) if t.lower_ not in mechanism_words("evaluative")
              and t.lower_ not in mechanism_words("classifier")]
    if not middle:
        return None
    return _before(ctx, doc, tok, middle)


def _own_action_subject(ctx: Context, tok) -> bool:
    """'The beta-blockade is nonselective, acting on Y', 'The alpha blockade is directed at Y': the
    subject is the drug's own action, named as a bare nominal (no 'of'/'by' naming another agent)."""
    v = tok
    for _ in range(3):
        subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            a = action_of(subj)
            return (a is not None and a.form == "event" and subj.pos_ == "NOUN"
                    and any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "its") for c in subj.children)
                    and not any(c.dep_ == "prep" and c.lower_ in ("of", "by") for c in subj.children)
                    and not subj.lower_.endswith("ing"))
        if v.dep_ not in ("advcl", "conj", "xcomp") or v.head.i == v.i:
            return False
        v = v.head
    return False


KIND = frozenset("derivative derivatives analogue analogues analog analogs form prodrug ester salt isomer".split())


def _relative_on_kind(ctx: Context, tok) -> bool:
    """'X is a synthetic derivative of vitamin A that binds to Y': a relative clause the parser hung on
    the noun after 'of' is about the kind the drug is (a derivative, analogue or form of it)."""
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if tok.dep_ != "relcl" or subj is None or subj.lower_ not in ("that", "which"):
        return False
    of = tok.head.head
    kind = of.head
    return (tok.head.dep_ == "pobj" and of.lower_ == "of" and kind.lower_ in KIND
            and noun_mentions(ctx.mentions_agent, kind))


DEMONSTRATIVE = frozenset("this these that those its their such".split())


def _by_drug(ctx: Context, tok, action: Action, verbal: bool) -> bool:
    """'Inhibition of the proteasome by X', 'antibody binding to PD-L1 by X': the event's agent is the
    drug, its object named in full (not 'this enzyme')."""
    by = next((c for c in tok.rights if c.dep_ in ("prep", "agent") and c.lower_ == "by"), None)
    agent = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    if agent is None or not noun_mentions(ctx.mentions_agent, agent):
        return False
    obj = _event_object(tok, action, verbal)
    return obj is not None and not any(t.lower_ in DEMONSTRATIVE for t in obj.subtree)


def _molecular_process(tok) -> bool:
    """A general verb whose object is a molecular process of a named substance states a mechanism:
    'prevents the breakdown of GABA', 'slows the metabolism of levodopa', 'interrupts the binding of
    HIV to ...' (not 'increases the metabolism of other drugs')."""
    obj = next((c for c in tok.rights if c.dep_ in ("dobj", "obj")), None)
    if obj is None or obj.lower_ not in mechanism_words("object") | mechanism_words("process"):
        return False
    of = next((c for c in obj.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    substance = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    return substance is not None and substance.pos_ in ("NOUN", "PROPN") and not any(
        t.lower_ in mechanism_words("container") or t.lower_ in ("other", "many", "several", "some")
        for t in substance.subtree)


def _process_of_drug(ctx: Context, tok) -> bool:
    """A general verb whose subject is the drug and whose object is a process ('X reduces cerebral oxygen
    consumption', 'X increases insulin secretion'): the drug acts on a biological process (S1)."""
    obj = next((c for c in tok.rights if c.dep_ in ("dobj", "obj")), None)
    if obj is None or tok.pos_ != "VERB" or obj.lower_ not in mechanism_words("process"):
        return False
    if any(t.lower_ in mechanism_words("container") or t.lower_ == "other" for t in obj.subtree):
        return False  # 'increases the metabolism of other drugs': an interaction (S5)
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "csubj")), None)
    if subj is not None and action_of(subj) is not None:
        return False  # 'The inhibition of Y by X reduces Z': what the action leads to (S6)
    return subject_is_agent(ctx.mentions_agent, tok)


PRODUCE = frozenset("produce produces producing produced exert exerts exerting exerted".split())


def _produced(ctx: Context, doc, tok, action: Action):
    """'X ..., producing alpha adrenergic stimulation': a nominal the drug produces, its target before it."""
    if not (action.strong and tok.dep_ == "dobj" and tok.head.lower_ in PRODUCE
            and subject_is_agent(ctx.mentions_agent, tok.head)) or _event_object(tok, action, False) is not None:
        return None
    middle = [t for t in premodifiers(doc, tok) if t.lower_ not in mechanism_words("evaluative")]
    if not middle or not any(t.pos_ in ("NOUN", "PROPN") for t in middle):
        return None
    return _before(ctx, doc, tok, middle)


USE = frozenset("used use approved indicated given prescribed".split())


def _purpose_of_use(tok) -> bool:
    """An infinitive governed by a verb of use: 'is used to stimulate Y', 'is used for A and to reduce B'."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    t = tok
    while t.dep_ in ("conj", "xcomp", "advcl") and t.head.i != t.i:
        t = t.head
        if t.lower_ in USE:
            return True
    return False


NOMINAL_PREPS = ("of", "between")


def _nominal_gerund(doc, tok, action: Action) -> bool:
    """A gerund of an event word right before 'of' or 'between' is a nominal ('the cross linking of
    DNA', 'cross linking between DNA strands'), not a verb with an object."""
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return (tok.tag_ == "VBG" and action.form == "event" and not action.needs and nxt is not None
            and nxt.lower_ in NOMINAL_PREPS and nxt.head.i == tok.i)


def _event_object(tok, action: Action, verbal: bool):
    """The head token of what the event applies to."""
    if action.needs:
        prep = next((c for c in tok.rights if c.dep_ in ("prep", "agent") and c.lower_ in action.needs), None)
        if prep is None:
            # 'binds bile acids in the intestine': a verb that takes its object directly as well (right after it)
            obj = next((c for c in tok.rights if c.dep_ in ("dobj", "obj")), None) if verbal else None
            return obj if obj is not None and obj.left_edge.i == tok.i + 1 else None
        return next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
    if not verbal:
        prep = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ in NOMINAL_PREPS), None)
        # coordinated prepositions share the object: 'cross linking between and within DNA strands'
        while prep is not None and not any(c.dep_ == "pobj" for c in prep.children):
            prep = next((c for c in prep.children if c.dep_ == "conj" and c.pos_ == "ADP"), None)
        return None if prep is None else next((c for c in prep.children if c.dep_ == "pobj"), None)
    return next((c for c in tok.rights if c.dep_ in ("dobj", "obj")), None)


CAUSE = frozenset((("to", "due"), ("of", "result"), ("of", "because"), ("to", "owing")))


def _cued(doc, tok) -> bool:
    """A gerund or nominal counts after a mechanism cue ('acts by', 'mechanism', 'mediated by',
    'believed to work ...') or as the object of 'by/through/via'."""
    head = tok.head
    # ('would be affected by alteration in Y': a passive's agent is no means of the drug's)
    if tok.dep_ in ("pobj", "pcomp") and head.lower_ in ("by", "through", "via") and head.dep_ != "agent":
        return True
    if tok.dep_ == "pobj" and (head.lower_, head.head.lower_) in CAUSE:
        return True  # 'due to disruption of Y', 'as a result of inhibition of Y'
    if tok.dep_ == "conj" and head.i < tok.i and head.tag_ == tok.tag_ == "VBG":
        return _cued(doc, head)  # 'by binding to and inactivating Y'
    return any(t.lower_ in mechanism_words("cue") for t in doc[:tok.i])



def caused_statement(ctx: Context, doc, tok, strong_seen: bool):
    """tests/LABELLING.md A3/K1: after a causal verb the noun it brings about is the action ('causing
    accumulation of Y', 'which results in a decrease in Y', 'leads to depletion of Y'), in a sentence
    that has stated the drug's action, or with the drug as the causal verb's subject. A noun that acts
    on nothing ('death of the bacteria', 'efflux of X') gives no item. Returns [(noun, target text,
    offset)]."""
    if tok.lower_ not in mechanism_words("causal") or not (strong_seen or subject_is_agent(ctx.mentions_agent, tok)):
        return []
    if _action_subject(tok):
        return []  # what an action as subject leads to (S6)
    first = next((c for c in tok.rights if c.dep_ in ("dobj", "obj")), None)
    if first is None:
        prep = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ in ("in", "to")), None)
        first = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if first is None:
        return []
    nouns = [first] + [c for c in first.subtree if c.dep_ == "conj" and c.head.i == first.i]
    out, shared = [], None
    for noun in reversed(nouns):  # 'increase and release of Y': a conjunct without its own object shares the next one's
        said = action_of(noun)
        if noun.pos_ not in ("NOUN", "PROPN") or said is not None and said.form != "verb":
            continue  # an event noun ('inhibition of Y') is read by event_statement
        if noun.lower_ in mechanism_words("no-action-noun") or noun.lower_ in mechanism_words("outcome"):
            continue
        links = ("of", "in") if noun.lower_ in mechanism_words("change-noun") else ("of",)  # A10
        prep = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ in links), None)
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else shared
        if obj is None:
            continue
        shared = obj
        out.append((noun.text, doc.text[obj.left_edge.idx:subtree_end(doc, obj)], obj.left_edge.idx))
    return list(reversed(out))
