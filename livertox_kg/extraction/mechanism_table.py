"""The mechanism decision table (tests/LABELLING.md) applied to a statement the readers found: the bare
action word, where the target ends, and coordinations split with their shared words distributed.

The readers (:mod:`.mechanism_nouns`, :mod:`.mechanism_events`) find an action and the text it applies
to; this module writes the item as the table does:

- :func:`action_words` (rows A1-A6): the one word that names what the drug does ('binding to' ->
  binding, 'partial agonist' -> agonist, 'agonist activity at' -> agonist, 'causing inhibition of'
  -> inhibition); two coordinated actions are two ('binding to and disrupting' -> binding,
  disrupting); the process noun after a verb opens the target ('blocks the reuptake of Y' -> blocks,
  'reuptake of Y'); a classifier of the target before an action noun closes it ('Y reuptake
  inhibitor' -> inhibitor, 'Y reuptake').
- :func:`cut_target` (T1-T5, T7): the target ends before a preposition other than 'of', a relative
  pronoun, a comma that opens no list, 'such as'/'including'; a leading article or quantifier is
  dropped; a target that points back ('this receptor') gives no item.
- :func:`split_target` (C1-C8): one piece per conjunct of a coordination before the first 'of';
  whole conjuncts stay as written (C1), modifiers coordinated under a shared head get the shared
  words before and after them (C2-C5) and name the span they came from; a coordination inside an
  'of'-phrase or a bracket stays whole (C8).

Word lists are data (``data/lexicon/mechanism-words.tsv``: target-end, target-drop,
back-reference, light, causal, target-classifier).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import actions, mechanism_words
from .parse import base_forms
from .phrases import first_top


def _is_noun_plural(word: str) -> bool:
    """'inhibitors', 'blockers': a plural agent noun, no verb."""
    return re.search(r"(?:ors|ers|ists|ants|ions|ades)$", word.lower()) is not None


def _is_action(word: str) -> bool:
    return any(f in actions() for f in base_forms(word))


@dataclass(frozen=True)
class ActionWords:
    words: tuple[str, ...]  # the action word(s), as written (agent nouns in the singular)
    opens: str = ""  # words that open the target ('reuptake of')
    closes: str = ""  # words that close the target ('reuptake')


def _singular(word: str) -> str:
    """A2: an agent noun in the singular ('antagonists' -> 'antagonist'); other forms as written."""
    if re.search(r"(?:or|ist|er|ant|ody)s$", word, re.I) and not word.lower().endswith("ss"):
        return word[:-1]
    if word.lower().endswith("bodies"):
        return word[:-3] + "y"
    return word


def action_words(action: str) -> ActionWords:
    """The action word(s) of an action as a reader wrote it, and what of it belongs to the target."""
    text = re.sub(r"\s+at the level of$", "", action.strip(), flags=re.I)
    toks = text.split()
    trailing_of = bool(toks) and toks[-1].lower() == "of"
    ends = mechanism_words("target-end") | mechanism_words("target-drop") | {"of", "its", "their"}
    while len(toks) > 1 and toks[-1].lower() in ends:
        toks.pop()
    marks = [i for i, t in enumerate(toks) if _is_action(t.strip(",")) and t.lower() != "cross"]
    if not marks:
        return ActionWords((action.strip(),))
    # A3: a light word after an action word is no part of it; a causal verb before another action is not one
    marks = [i for k, i in enumerate(marks) if not (k and toks[i].lower() in mechanism_words("light"))]
    while len(marks) > 1 and toks[marks[0]].lower() in mechanism_words("causal"):
        marks.pop(0)
    found, kept = [], []
    for k, i in enumerate(marks):
        word = toks[i].strip(",")
        if i and toks[i - 1].lower() == "cross":  # 'cross linking': one word written open (A1)
            word = f"{toks[i - 1]} {word}"
        # A5: 'binding to and disrupting', 'modification and cross linking': each action; an action word
        # after another without a coordinator is the process it acts on ('inhibiting the binding of')
        if k and not re.search(r"\b(?:and|or)\b", " ".join(toks[kept[-1] + 1:i]).lower()):
            break
        found.append(_singular(word))
        kept.append(i)
    first, last = kept[0], kept[-1]
    # A6: the process noun after a verb opens the target ('blocks the reuptake of', 'decreases intestinal absorption of')
    after = [t for t in toks[last + 1:] if not (t.lower().endswith("ly") or t.lower() in ends)]  # A8
    opens = " ".join(after) + " of" if after and trailing_of else ""
    # T6: a classifier of the target right before the action noun ('reuptake inhibitor') closes the target
    before = [t for t in toks[:first] if t.lower() in mechanism_words("target-classifier")]
    closes = " ".join(before)
    return ActionWords(tuple(found), opens, closes)


BOUNDARY = None


def _boundary() -> re.Pattern:
    global BOUNDARY
    if BOUNDARY is None:
        preps = "|".join(sorted(mechanism_words("target-end") | mechanism_words("post-head"), key=len, reverse=True))
        BOUNDARY = re.compile(
            r"[;:.](?:\s|$)|\s(?:%s)\s|\s(?:which|that|who|whose|where|whereby)\b|,?\s(?:such as|including|"
            r"particularly|especially|notably|namely|mainly|primarily)\b|,?\s(?:and|or|but)\s+(?:%s)\b|,\s"
            % (preps, "|".join(sorted(mechanism_words("denial")))), re.I)
    return BOUNDARY


def _list_follows(rest: str) -> bool:
    """After a comma: more list members up to the list's coordinator ('B, C and D'), none of them
    holding a boundary, so the comma is the list's and not the end of the target."""
    inner = _boundary().pattern.replace(r"|,\s", "")
    rest = rest.lstrip()
    if re.match(r"(?:and|or|and/or)\s", rest):
        return True  # the serial comma: 'A, B, and C'
    while rest:
        nxt = first_top(rest, r",")
        seg = rest[:nxt]
        coord = re.search(r"\s(?:and|or|and/or|as well as)\s", seg)
        stop = first_top(seg, inner, re.I)
        if coord is not None:
            return stop > coord.start()
        if stop < len(seg) or nxt >= len(rest):
            return False
        rest = rest[nxt + 1:].lstrip()
        if re.match(r"(?:and|or|and/or)\s", rest):
            return True
    return False


def cut_target(target: str) -> str:
    """T1-T5: the target up to its first boundary, without a leading article or quantifier; '' when it
    points back to something named elsewhere (T7)."""
    t = " ".join(target.split())
    pos = 0
    last_comma = 0
    while True:
        i = pos + first_top(t[pos:], _boundary().pattern, re.I)
        if i >= len(t):
            break
        if t.startswith(",", i) and not re.match(r",\s(?:such as|including|particularly|especially|notably|namely|"
                                                  r"mainly|primarily)\b", t[i:], re.I):
            # a comma of a list being split (C rows), while the list's last coordinator is still to come
            closed = last_comma > 0 and re.search(r"\s(?:and|or|as well as)\s", t[last_comma:i]) is not None
            if not closed and _list_follows(t[i + 1:]):
                pos = last_comma = i + 1
                continue
            before, after = t[last_comma:i].split(), t[i + 1:].split()
            lead = [w for w in before if w.lower() not in mechanism_words("target-drop")]
            if len(lead) == 1 and (adjective(lead[0]) or lead[0].lower().endswith("ly")) and len(after) > 1 \
                    and after[0].lower() not in mechanism_words("target-drop"):
                pos = last_comma = i + 1  # 'the active, catalytic site of Y': stacked modifiers (C10)
                continue
        t = t[:i]
        break
    # a coordinated verb starts another predicate ('Y and induces Z', 'Y and also inhibits Z')
    for m in re.finditer(r"\s(?:and|or|but)\s+(?:also\s+)?([a-z]+s)\b", t):
        if first_top(t[m.start():], r"\s") == 0 and (
                _is_action(m.group(1)) or m.group(1).lower() in mechanism_words("causal")) and not _is_noun_plural(m.group(1)):
            t = t[:m.start()]
            break
    t = t.strip(" ,;:")
    t = re.sub(r"(?:,|\s+(?:and|or|but|of))+$", "", t).strip(" ,")
    t = re.sub(r"^(?:one|some|several|each|many|all|any|most|both) of (?:the )?", "", t, flags=re.I)  # T11
    drop = mechanism_words("target-drop")
    ws = t.split()
    while ws and ws[0].lower() in drop:
        ws.pop(0)
    t = " ".join(ws)
    top = re.sub(r"\([^()]*\)", " ", t).lower().split()
    if any(w.strip(",") in mechanism_words("back-reference") for w in top):
        return ""
    return t


COORD = re.compile(r",\s*(?:and/or|and|or)\s+|,\s*|\s+(?:and/or|and|or|as well as)\s+", re.I)
HEAD = re.compile(r"(?:receptors?|channels?|pumps?|transporters?|enzymes?|\w{3,}ases?|subunits?|proteins?|"
                  r"antigens?|kinases?|ribosomes?|sites?|factors?|hormones?|cells?|membranes?|walls?)$", re.I)


def _bare(part: str) -> list[str]:
    return re.sub(r"\s*\([^()]*\)", "", part).split()


def _fold(word: str) -> str:
    return re.sub(r"s$", "", word.lower())


def adjective(word: str) -> bool:
    """A word that reads as an adjective by its ending ('neural', 'fungal', 'oxidative')."""
    return re.search(r"(?:al|ic|ive|ous|ar|ary|ent|ant|ile|oid)$", word.lower()) is not None


def _kind_shared(parts: list[str], target: str) -> list[tuple[str, str | None]]:
    """Whole conjuncts (C1), but a leading modifier naming a kind, organ, place or organism is shared by
    every noun conjunct that has no modifier of its own (C12: 'bacterial DNA ligase and helicase IV')."""
    first = parts[0].split()
    lead = first[0] if len(first) > 1 else ""
    if lead.lower() not in mechanism_words("kind-modifier") or any(
            adjective(p.split()[0]) or p.split()[0].lower() in mechanism_words("kind-modifier") for p in parts[1:]):
        return [(p, None) for p in parts]
    return [(parts[0], target)] + [(f"{lead} {p}", target) for p in parts[1:]]


def _plural_phrase(part: str) -> bool:
    """'serotonin levels': a phrase of its own, its head a plural noun."""
    ws = _bare(part)
    return len(ws) > 1 and re.search(r"[^su]s$", ws[-1]) is not None and not adjective(ws[-1])


def _same_shape(a: str, b: str) -> bool:
    """'5-HT6' and '5-HT7', 'beta-1' and 'beta-2': members of one series."""
    pa, pb = re.sub(r"\d+\w*$", "", a), re.sub(r"\d+\w*$", "", b)
    return len(pa) >= 2 and pa.lower() == pb.lower() and pa != a


def split_target(target: str) -> list[tuple[str, str | None]]:
    """(piece, the span it was distributed from or None) for each conjunct of a coordination (C1-C8)."""
    of = first_top(target, r"\sof\s")
    head, tail = target[:of], target[of:]
    parts, pos = [], 0
    while True:
        i = pos + first_top(head[pos:], COORD.pattern, re.I)
        if i >= len(head):
            parts.append(head[pos:])
            break
        m = COORD.match(head, i)
        parts.append(head[pos:i])
        pos = m.end()
    if not re.search(r"\s(?:and|or|and/or|as well as)\s", re.sub(r"\([^()]*\)", "", head), re.I):
        return [(target, None)]  # stacked modifiers ('active, catalytic site'): no list (C10)
    drop = mechanism_words("target-drop")
    parts = [re.sub(r"^(?:%s)\s+" % "|".join(drop), "", p.strip(), flags=re.I) for p in parts]
    if len(parts) < 2 or not all(_bare(p) or p.endswith("-") for p in parts):
        return [(target, None)]
    last = parts[-1]
    last_words = last.split()
    if tail and all(len(p.split()) == 1 and not p.endswith("-") for p in parts[:-1]) and len(last.split()) <= 2:
        # 'cleavage and processing of Y', 'the active and catalytic site of Y': the 'of'-phrase (and the
        # head) after the last conjunct are shared (C2)
        after = " ".join(last.split()[1:])
        return [(" ".join(w for w in (p, after) if w) + tail, target) for p in parts[:-1]] + [(last + tail, target)]
    if tail:  # 'strand transfer activity and integration of the provirus': whole conjuncts (C1)
        return [(p, None) for p in parts[:-1]] + [(last + tail, None)]
    # the last conjunct's own word (with a bracket right after it) and the words it shares after it
    own = 1
    if own < len(last_words) and last_words[own].startswith("("):
        while own < len(last_words) and not last_words[own].endswith(")"):
            own += 1
        own += 1
    shared_after = " ".join(last_words[own:])
    out: list[tuple[str, str | None]] = []
    earlier = parts[:-1]
    whole = all(not p.endswith("-") and (len(last_words) == 1 or _fold(_bare(p)[-1]) == _fold(_bare(last)[-1])
                                         or HEAD.search(_bare(p)[-1]) is not None or _plural_phrase(p))
                for p in earlier)
    if any(p.endswith("-") for p in earlier) and not shared_after:  # 'alpha- and beta-receptors'
        rest = re.sub(r"^[^-\s]+-", "", last)
        return [(p + rest if p.endswith("-") else p, target) for p in earlier] + [(last, target)]
    if whole or not shared_after or all(adjective(w) for w in shared_after.split()):
        # ('serotonin and alpha-1 adrenergic antagonist': an adjective alone is no shared head)
        return _kind_shared(parts, target)
    # C4: leading words of the first conjunct not parallel to a conjunct are shared before
    first = earlier[0].split()
    shared_before = ""
    if len(first) > 1 and not first[-1].endswith("-") and not first[-1].endswith(")"):
        lead = first[:-1]
        if all(adjective(w) or w.endswith(("'s", "’s")) for w in lead) or _same_shape(first[-1], last_words[0]):
            shared_before = " ".join(lead)
            earlier = [" ".join(first[-1:])] + earlier[1:]
    for p in earlier:
        if p.endswith("-"):  # C3: 'alpha- and beta-adrenergic receptor'
            joined = p + re.sub(r"^[^-\s]+-", "", last_words[0])
            piece = " ".join(w for w in (shared_before, joined, shared_after) if w)
        else:
            piece = " ".join(w for w in (shared_before, p, shared_after) if w)
        out.append((piece, target))
    out.append((" ".join(w for w in (shared_before, last) if w), target))
    return out
