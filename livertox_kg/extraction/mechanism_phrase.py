"""Reading the words of a mechanism statement: the action word (by its base form, with the classifiers
before it) and where the target phrase it applies to ends.

The target keeps the monograph's wording (the evaluation compares it with hand labels written
verbatim): it is the object's subtree (:func:`subtree_end`), cut at the first clause boundary
(``TARGET_END``, :func:`target_text`).
"""

from __future__ import annotations

import re

from .lexicon import Action, actions, mechanism_words
from .parse import base_forms
from .phrases import cut, words

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
    r",?\s(?:with (?:less|little|no|minimal|weaker|lesser)|without)\b|"
    # a reduced relative of place ('receptors present on smooth muscle'), the organisms acted in
    # ('in susceptible organisms'), 'as well as', a second nominal event ('and the triggering of')
    r"\s(?:present|found|expressed|located)\s(?=on|in|at|throughout|within)\b|"
    r"\sin (?:\w+ )?(?:organisms|microorganisms|bacteria|fungi|parasites|viruses)\b|"
    r",?\sas well as\b|\sso (?:that|as to)\b|,?\s(?:and|or) the \w+ing of\b"
)
EXAMPLES = frozenset("particularly especially notably namely mainly primarily".split())


def action_of(tok) -> Action | None:
    """The :class:`~.lexicon.Action` a token states, by its base form, or None."""
    table = actions()
    return next((table[f] for f in base_forms(tok.text) if f in table), None)


def singular(word: str) -> str:
    return word[:-1] if word.lower().endswith(("ors", "ists", "ers", "ants")) else word


def is_noun_action(tok) -> bool:
    a = action_of(tok)
    return a is not None and a.form == "noun" and tok.pos_ in ("NOUN", "PROPN")


def classifiers_before(doc, i: int) -> list:
    """Classifier words right before token ``i`` ('nonsteroidal', 'competitively', 'reuptake')."""
    out = []
    j = i - 1
    while j >= 0:
        if doc[j].lower_ in mechanism_words("classifier"):
            out.insert(0, doc[j])
            j -= 1
        elif j >= 2 and doc[j - 1].text == "-" and doc[j - 2:j + 1].text.lower() in mechanism_words("classifier"):
            out[:0] = list(doc[j - 2:j + 1])  # 'post-synaptic', tokenised at the hyphen
            j -= 3
        else:
            break
    return out


def hyphen_target(doc, tok):
    """A7: 'alpha-blockade', 'beta-blocker': the cue after the last hyphen is the action, the part before
    it the target."""
    start = doc.text.rfind(" ", 0, tok.idx) + 1
    target = doc.text[start:tok.idx - 1]
    if not target or not target[0].isalnum():
        return None
    return tok.text, target, start, True


def subtree_end(doc, obj) -> int:
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


def is_location(text: str) -> bool:
    """'the spinal cord', 'the central nervous system': a place of action, not a target."""
    head = cut(text, TARGET_END + r"|\s(?:in|of|and|or|to|by|with|through)\b")
    ws = [w.lower() for w in words(head)]
    return bool(ws) and ws[-1] in mechanism_words("location")


def target_text(rest: str) -> str:
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

