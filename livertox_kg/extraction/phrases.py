"""Phrase analysis on strings: top-level (unparenthesised) cuts and splits, list items,
shared-head coordinations."""

from __future__ import annotations

import re

from ..sentences import Sentence

PREPOSITIONS = frozenset("of in from for with at to on by as against due including such".split())
MODIFIERS = frozenset(
    "acute chronic recurrent severe mild moderate partial generalized primary secondary advanced "
    "early refractory complicated uncomplicated".split()
)


def first_top(s: str, pattern: str, flags: int = 0) -> int:
    """Offset of the first match of ``pattern`` outside parentheses/brackets, or len(s)."""
    depth_at, depth = [], 0
    for ch in s:
        if ch in "([":
            depth += 1
        depth_at.append(depth)
        if ch in ")]":
            depth = max(0, depth - 1)
    for m in re.finditer(pattern, s, flags):
        if m.start() >= len(depth_at) or depth_at[m.start()] == 0:
            return m.start()
    return len(s)


def cut(s: str, pattern: str) -> str:
    return s[: first_top(s, pattern)].strip(" ,;:")


def words(s: str) -> list[str]:
    return re.sub(r"\([^)]*\)", " ", s).split()


def split_top(s: str, pattern: str) -> list[str]:
    """Split ``s`` at top-level (unparenthesised) matches of ``pattern``."""
    parts, pos = [], 0
    while True:
        rest = s[pos:]
        i = first_top(rest, pattern)
        if i >= len(rest):
            parts.append(rest)
            return parts
        m = re.compile(pattern).match(rest, i)
        parts.append(rest[:i])
        pos += m.end() if m.end() > i else i + 1


def clean_item(s: str) -> str:
    s = s.strip(" ,;:.")
    s = re.sub(r"^(?:and|or)\s+", "", s)
    s = re.sub(r"\s+(?:and|or)$", "", s)
    s = re.sub(r"^(?:the)\s+", "", s, flags=re.I)
    return s.strip(" ,;:.")


def _adjective(word: str) -> bool:
    """A word that likely modifies a shared head ('partial and generalized seizures')."""
    w = word.lower()
    return w in MODIFIERS or re.search(
        r"(?:al|ic|ive|ous|ed|ar|ary|ent|ant|ile|ful|less|able|ible|ory|oid)$", w) is not None


def split_series(s: str, series: bool = False) -> list[str]:
    """Split a list phrase into items, keeping shared-head coordinations ('partial and
    generalized seizures') and modifier series ('coronary, cerebrovascular and peripheral artery
    disease') whole."""
    s = s.strip(" ,;:.")
    if not s:
        return []
    # comma segments; a non-final segment 'generalized and social anxiety disorder' is one item
    # (an adjective coordinated under a shared head), the list conjunction comes before the last
    items, heads = [], []
    segs = split_top(s, r",\s+(?:(?:and|or)\s+)?")
    for k, seg in enumerate(segs):
        mm = re.fullmatch(r"([\w-]+)\s+(?:and|or)\s+(\S.*)", seg.strip())
        if k < len(segs) - 1 and mm and _adjective(mm.group(1)) and len(words(mm.group(2))) > 1:
            items.append(clean_item(seg))
            heads.append(mm.group(2))
        else:
            for part, head in _conjuncts(seg):
                items.append(clean_item(part))
                heads.append(head)
    keep = [i for i, it in enumerate(items) if it]
    items, heads = [items[i] for i in keep], [heads[i] for i in keep]
    has_comma = first_top(s, r",") < len(s)
    commas = len(split_top(s, r",")) - 1
    ends_conj = re.search(r"(?:^|[\s,])(?:and|or)\s+\S+(?:\s+\S+){0,3}$", s) is not None
    short = all(len(words(h)) <= 3 and not (set(w.lower() for w in words(h)) & PREPOSITIONS) for h in heads[:-1])
    if has_comma and (ends_conj or series or commas >= 2) and short and heads and len(words(heads[-1])) <= (
        5 if commas >= 2 else 3) and (commas >= 2 or not (set(w.lower() for w in words(heads[-1])) & PREPOSITIONS)):
        return items
    # 'A, B and C after failure of D': short noun phrases before the last conjunction, a longer last
    # item (its complement is its own)
    if has_comma and len(heads) > len(segs) >= 2 and all(
            len(words(h)) <= 4 and not (set(w.lower() for w in words(h)) & PREPOSITIONS) for h in heads[:-1]):
        return items
    # conjunctions between conjuncts of the same shape (both one word, or both phrases)
    out, start = [], 0
    for m in re.finditer(r"\s+and\s+", s):
        if first_top(s[m.start():], r"\s+and\s+") != 0:
            continue
        left = s[start:m.start()]
        left_seg = left[left.rfind(",") + 1:] if first_top(left, ",") < len(left) else left
        right = s[m.end():]
        right_seg = right[: first_top(right, r",|\s+and\s+|\s+or\s+")]
        nl, nr = len(words(left_seg)), len(words(right_seg))
        shared_head = nl == 1 and nr > 1 and _adjective(left_seg.strip())
        # 'rheumatoid arthritis and psoriasis': a phrase without a complement and a noun
        noun_after = (nl > 1 and nr == 1 and not _adjective(right_seg.strip())
                      and not (set(w.lower() for w in words(left_seg)) & PREPOSITIONS))
        if (nl > 1 and nr > 1) or (nl == 1 and nr == 1) or (nl == 1 and nr > 1 and not shared_head) or noun_after:
            out.append(left)
            start = m.end()
    out.append(s[start:])
    return [c for c in (clean_item(o) for o in out) if c]


def _conjuncts(seg: str) -> list[tuple[str, str]]:
    """(conjunct, its head phrase) of one comma segment; a lone adjective before 'and' shares the
    head after it ('both the polyarticular and systemic forms of X' is one item)."""
    out: list[tuple[str, str]] = []
    for part in split_top(seg, r"\s+(?:and|or)\s+"):
        if out and out[-1][0] == out[-1][1] and _lone_adjective(out[-1][0]) and len(words(part)) > 1:
            out[-1] = (f"{out[-1][0]} and {part}", part)
        else:
            out.append((part, part))
    return out


def _lone_adjective(part: str) -> bool:
    ws = [w for w in words(part) if w.lower() not in ("both", "either", "the", "a", "an")]
    return len(ws) == 1 and _adjective(ws[0])


def split_ness(items: list[str]) -> list[str]:
    """'drowsiness blurred vision' (a missing comma) -> 'drowsiness', 'blurred vision'."""
    out = []
    for it in items:
        m = re.fullmatch(r"(\w+ness)\s+(?!(?:of|in|and|or|with|from|at)\b)(\w+(?:\s+\w+)*)", it)
        out.extend([m.group(1), m.group(2)] if m and len(it.split()) >= 3 else [it])
    return out


def list_items(sent: Sentence, start: int, end: int) -> list[str]:
    """Items of the list at sent.stated[start:end]; a list cut off by truncation loses its
    last item unless punctuation shows the item ended."""
    text = sent.stated
    if not (sent.truncated and end >= len(text.rstrip(" ,;:"))):
        return split_series(text[start:end])
    phrase = text[start:end].rstrip()
    if end >= len(text.rstrip()) and sent.text[len(text):].strip() in ("and", "or"):
        phrase += " and"  # 'nausea, headache and[cut]': the cut word is the conjunction, 'headache' ended
    dangling = re.search(r"(?:,\s*|\s+)(?:and|or)$", phrase)
    if dangling:  # 'nausea, headache and [cut]': the cut item came after the conjunction
        return split_series(phrase[: dangling.start()], series=True)
    items = split_series(phrase, series=True)
    ended = text[start:].rstrip()[len(phrase):len(phrase) + 1] in (",", ";", ")", ".")
    return items if ended or phrase.endswith((",", ";", ")")) else items[:-1]



# explanations in parentheses ('(a cancer of white blood cells)', '(oily stools and fat-soluble
# vitamin malabsorption)'); abbreviations and short glosses ('(HIV)', '(river blindness)') stay
EXPLANATION = re.compile(r"\s*\((?:(?:a|an|the|i\.e\.|e\.g\.|which|that|such as|including|usually|often)\b[^()]*|"
                         r"[^()]*\s[^()]*\s[^()]*\s[^()]*)\)", re.I)


def drop_explanations(item: str) -> str:
    return EXPLANATION.sub("", item)


# how the drug is given, in parentheses after a condition, is no part of it ('(combined with X)',
# '(X alone)', '(in combination with X)', '(with or without X)')
THERAPY_NOTE = re.compile(r"\s*\((?:(?:combined|in combination|together|with|plus)\b[^()]*|[^()]*\balone)\)", re.I)


def drop_therapy_notes(item: str) -> str:
    return THERAPY_NOTE.sub("", item)
