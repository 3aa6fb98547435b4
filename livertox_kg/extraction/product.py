"""Identity and product fields: summary, US approval year, brand names."""

from __future__ import annotations

import re
from typing import Iterator

from .context import Context, Found, ok, runs_to_cut, section_lines
from .lexicon import brand_substances
from .phrases import clean_item
from ..model import Fact
from ..sentences import Sentence, fold_span

BRAND = r"[A-Z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*(?:\s+[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)*"
BRANDLIST = rf"{BRAND}(?:(?:,\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+){BRAND})*"


def rule_summary(ctx: Context) -> Iterator[Found]:
    sec = ctx.mono.section("introduction")
    if sec is not None and sec.text.strip():
        start, end = sec.start, sec.end
        key = "introduction"
    else:
        body = [s for s in ctx.sentences("body") if s.paragraph == 0]
        if not body:
            return
        start, end, key = body[0].start, body[-1].end, "body"
    text = fold_span(ctx.mono, start, end)
    sent = Sentence(text, start, end, key, 0)
    yield Found(Fact("summary", text, ctx.evidence(sent)))


APPROVAL = re.compile(r"\bapprov(?:ed|al)\b(?P<mid>[^.;]{0,160}?)(?:\b(?:in|since|during) |[\[(])(?P<year>1[89]\d\d|20\d\d)\b")
# the noun form with the year fronted: 'In 2017, X became the first agent to receive FDA approval'
FRONTED = re.compile(r"^(?:In|By) (?P<year>1[89]\d\d|20\d\d), (?P<mid>[^.;]*?)\bapproval\b")
YEAR = re.compile(r"(?:\b(?:in|since|during) |[\[(])(?P<year>1[89]\d\d|20\d\d)\b")
US = re.compile(r"United States|\bU\.S\.|\bUSA?\b|\bFDA\b")


def _us_year(text: str, m: re.Match) -> int:
    """The year of the US approval: 'approved in France in 1988, ... and the United States in 2000'
    names places before their years, so the year read is the first one with the US between it and
    the year (or the approval word) before; else the first year after the approval word."""
    prev = m.start("mid")
    for y in YEAR.finditer(text, m.start("year") - 8 if m.start("year") >= 8 else 0):
        if y.start("year") < m.start("year"):
            continue
        if US.search(text, prev, y.start()):
            return int(y.group("year"))
        prev = y.end()
    return int(m.group("year"))


def rule_approval(ctx: Context) -> Iterator[Found]:
    for sent in ctx.prose():
        text = sent.stated
        if not US.search(text):
            continue
        m = FRONTED.match(text)  # the fronted year is the approval's, not a later one in the sentence
        if m and ok(sent, m.start(), m.end()) and "not" not in m.group("mid"):
            yield ctx.fact("approval_year_us", int(m.group("year")), sent, m.start())
            return
        for m in APPROVAL.finditer(text):
            if ok(sent, m.start(), m.end()) and "not" not in m.group("mid"):
                yield ctx.fact("approval_year_us", _us_year(text, m), sent, m.start())
                return


BRAND_PATTERNS = (
    re.compile(rf"\b(?:brand|trade|proprietary|commercial)[ -]names?(?: of| such as| including| like|,)? (?P<list>{BRANDLIST})"),
    re.compile(rf"\b(?:available|marketed|sold|formulations?) under (?:the )?names? (?:of |such as |including |like )?(?P<list>{BRANDLIST})"),
    re.compile(rf"\b(?i:brand|trade) names? (?:for|of) [\w -]+? (?:include|includes|are|is) (?P<list>{BRANDLIST})"),
    re.compile(rf"\b(?:marketed|sold) (?:as|under) (?:the (?:brand |trade )?names? )?(?P<list>{BRANDLIST})"),
    # '... generically and under the name Zyvox', 'under the commercial name of Trileptal'
    re.compile(rf"\bunder (?:the )?(?:brand |trade |commercial |proprietary )?names? (?:of )?(?P<list>{BRANDLIST})"),
)
# a combination cue: 'in combination with', 'coformulated with' ('combined with' is as often a regimen as a product)
COMBINED = r"(?i:combinations?|co-?formulated)"
COMBINATION_PATTERNS = (
    re.compile(rf"\b{COMBINED}\b[^.;]*?[(\[](?P<list>{BRANDLIST})(?:,? and (?:generics?|others))?[)\]]"),
    re.compile(rf"\b{COMBINED}\b[^.;]*?\bunder (?:the )?(?:brand |trade |commercial )?names? (?:such as |of |including |like )?"
               rf"(?P<list>{BRANDLIST})"),
    re.compile(rf"\b(?i:combination) (?:products?|formulations?|preparations?|tablets?)\b[^.;]*?\b(?:such as|including|like) "
               rf"(?P<list>{BRANDLIST})"),
    re.compile(rf"\b{COMBINED}\b[^.;]*?\b(?:available|marketed|sold) as (?P<list>{BRANDLIST})"),
    # 'the combination product Combiq'
    re.compile(rf"\b(?i:combination) (?:products?|formulations?|preparations?|tablets?|pills?) (?:called |named |known as )?"
               rf"(?P<list>{BRANDLIST})"),

)
PRODUCT_VERB = re.compile(r"\b(?:available|marketed|sold|supplied|approved|co-?formulated)\b")
NAMED_AS = re.compile(rf"\b(?:as|called|named|termed|known as) (?P<list>{BRANDLIST})")
# 'Combiq, a fixed combination of X and Y, ...': the name in apposition to a combination
APPOSED = re.compile(rf"^(?P<list>{BRAND})(?:\s*\([^()]*\))?,\s+(?:an?|the)\s+(?:[\w-]+\s+){{0,2}}?combination\b")
NOT_BRANDS = frozenset({"generic", "generics", "and", "or"})
GLOSSED_BRAND = re.compile(r"(?P<pre>[^(),;]{3,80})\((?P<b>[A-Z][a-z][\w]*(?:[ -][A-Z0-9][\w]*)?)\)")
FORM_WORD = re.compile(r"\b(?:tablets?|capsules?|formulations?|suspensions?|solutions?|injections?|implants?|"
                       r"patch(?:es)?|creams?|gels?|sprays?|inhalers?|preparations?|administration|use)\b", re.I)


def _brands(s: str) -> list[str]:
    items = [clean_item(x) for x in re.split(r",\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+", s)]
    return [re.sub(r"[®™©]", "", i).strip() for i in items if i and i.lower() not in NOT_BRANDS]


def rule_brands(ctx: Context) -> Iterator[Found]:
    named: set[str] = set()
    for found in _stated_brands(ctx):
        named.add(_brand_key(str(found.fact.value)))
        yield found
    yield from _listed_brands(ctx, named)


def _stated_brands(ctx: Context) -> Iterator[Found]:
    """Brand names the sentence's construction marks as such ('under the brand names A, B and C')."""
    for sent in ctx.prose():
        for rx in BRAND_PATTERNS:
            for m in rx.finditer(sent.stated):
                if not ok(sent, m.start()):
                    continue
                names = _brands(m.group("list"))
                if runs_to_cut(sent, m.end()) and not sent.stated[m.end():].lstrip().startswith((",", ";")):
                    names = names[:-1]  # 'include Vibramycin, Oracea, Ad[cut]': the last complete one stays
                fld = "combination_brand_names" if _in_combination(sent.stated, m.start()) else "brand_names"
                for b in names:
                    yield ctx.fact(fld, b, sent, m.start())
        for rx in COMBINATION_PATTERNS + (APPOSED,):
            for m in rx.finditer(sent.stated):
                if not ok(sent, m.start("list")) or not (rx is APPOSED or _in_combination(sent.stated, m.start("list"))):
                    continue
                if rx is APPOSED and ctx.mentions_agent(m.group("list")):
                    continue
                names = _brands(m.group("list"))
                if runs_to_cut(sent, m.end()):
                    names = names[:-1]
                for b in names:
                    if re.search(r"[a-z]", b):  # brand names, not abbreviations like (HIV)
                        yield ctx.fact("combination_brand_names", b, sent, m.start())
        # 'in combination with Y (Brand1) and with Z (Brand2)': every parenthesised name after it
        first = re.search(rf"\b{COMBINED}\b", sent.stated)
        if first and ok(sent, first.start()):
            for m in re.finditer(rf"[(\[](?P<list>{BRANDLIST})(?:,? and (?:generics?|others))?[)\]]", sent.stated[first.end():]):
                if runs_to_cut(sent, first.end() + m.end()):
                    continue
                for b in _brands(m.group("list")):
                    if re.search(r"[a-z]", b):
                        yield ctx.fact("combination_brand_names", b, sent, first.start())
        # 'in combination with Y as Brand1 and with Z as Brand2', '... a combination tablet with Y called
        # Brand': a capitalised name after 'as', 'called', 'named' or 'known as' names the combination
        if first and ok(sent, first.start()):
            for m in NAMED_AS.finditer(sent.stated, first.end()):
                if not _in_combination(sent.stated, m.start()) or runs_to_cut(sent, m.end()):
                    continue
                if m.group().startswith("as ") and not PRODUCT_VERB.search(sent.stated, 0, m.start()):
                    continue  # 'used in combination with others as First line therapy': a role, not a product
                for b in _brands(m.group("list")):
                    if re.search(r"[a-z]", b) and not ctx.mentions_agent(b):
                        yield ctx.fact("combination_brand_names", b, sent, first.start())
        # 'injectable suspensions of naltrexone (Vivitrol)', 'formulations are also available for
        # intrathecal administration (DepoCyt)': a name in parentheses after the drug or a dose form
        if re.search(r"\bavailable\b|\bformulations?\b", sent.stated):
            for m in GLOSSED_BRAND.finditer(sent.stated):
                last = m.group("pre").split()[-1] if m.group("pre").split() else ""
                # right after the drug's name or a dose form ('solutions of methylnaltrexone (Relistor)'
                # names another drug's brand)
                if not (ctx.mentions_agent(last) or FORM_WORD.fullmatch(last)) or not ok(sent, m.start("b")):
                    continue
                if _in_combination(sent.stated, m.start("b")) or m.group("b").lower() in NOT_BRANDS:
                    continue
                yield ctx.fact("brand_names", m.group("b"), sent, m.start("b"))
    for sent, agent, names in _trade_lines(ctx):
        for b in names:
            yield ctx.fact("brand_names", b, sent, 0, hedge=False, agent=agent)


# a capitalised name and up to two more words ('Oxtellar XR', 'Gris-PEG'): the longest FDA lists is taken
NAME_START = re.compile(r"\b[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*\b")
NAME_WORD = re.compile(r" (?:[A-Z0-9][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)\b")


def _brand_key(name: str) -> str:
    """The key of brand-names.tsv: lower case, hyphens and runs of spaces folded to one space."""
    return " ".join(re.sub(r"[®™©]", "", name).replace("-", " ").lower().split())


def _listed_brands(ctx: Context, named: set[str]) -> Iterator[Found]:
    """'X is available as Leukeran in tablets of 2 mg', '... and as film coated tablets as Gris-PEG',
    'A (liposome), B (lipid complex)': a capitalised name of the prose that FDA's UNII Names list gives
    as a brand of the agent itself (``data/lexicon/brand-names.tsv``) is a brand name, whatever the
    construction around it. A brand FDA lists under another substance ('solutions of a related drug
    (Brand)') or that no construction and no listing names is left alone; so is a name the other
    brand rules already read. A brand FDA lists under two or more substances, or named after a
    combination cue, is a combination's."""
    listed = brand_substances()
    own = {_brand_key(a): a for a in ctx.agents}
    for sent in ctx.prose():
        text = sent.stated
        for m in NAME_START.finditer(text):
            ends = [m.end()]
            while len(ends) < 3 and (w := NAME_WORD.match(text, ends[-1])):
                ends.append(w.end())
            for end in reversed(ends):
                key = _brand_key(text[m.start():end])
                substances = listed.get(key)
                if substances is None:
                    continue
                agents = [own[s] for s in substances if s in own]
                name = text[m.start():end]
                if (agents and key not in named and not ctx.mentions_agent(name) and ok(sent, m.start())
                        and not runs_to_cut(sent, end)):
                    named.add(key)
                    fld = ("combination_brand_names" if len(substances) > 1 or _in_combination(text, m.start())
                           else "brand_names")
                    yield ctx.fact(fld, name, sent, m.start(), agent=agents[0] if len(ctx.agents) > 1 else None)
                break


def _in_combination(text: str, pos: int) -> bool:
    """'in combination with X under the brand name Y', 'X in a fixed combination with Y and Z under
    the brand name W': the brand names the combination; not so when the combination is one use of
    the drug coordinated with another ('alone and in combination with others and under the brand
    ...'), or when a new clause starts between them ('..., and it is available as ...')."""
    if re.match(r"\s*(?:the |an? )?(?:fixed[- ])?(?:dose )?combinations?\b", text, re.I):
        return True  # 'A fixed combination of X and Y is available under the brand name Z'
    cues = list(re.finditer(rf"\b{COMBINED}\b", text[:pos]))
    if not cues:
        return False
    i = cues[-1].start()
    between = text[i:pos]
    if re.search(r"\b(?:alone|singly|by itself|as monotherapy)\s+(?:and|or)\s+(?:in\s+)?(?:(?:a|the)\s+)?$", text[:i]):
        return not re.search(r",|\band\b|\bas well as\b", between)
    return not re.search(r"\bas well as\b|,\s+(?:and\s+|but\s+)?(?:it|they|this|(?:it |they )?(?:is|are|was|were))\b|"
                         r"\b(?:and|but)\s+(?:it\s+|they\s+)?(?:is|are)\s+(?:also\s+)?available\b", between)


TRADE_LINE = re.compile(r"^(?P<agent>\S.*?)\s+[–—-]\s+(?P<names>\S.*)$")


def _trade_lines(ctx: Context) -> Iterator[tuple[Sentence, str, list[str]]]:
    for sent, line in section_lines(ctx, "representative_trade_names"):
        m = TRADE_LINE.match(line)
        if m:
            names = [re.sub(r"[®™©]", "", n).strip() for n in m.group("names").split(",")]
            names = [n for n in names if n and n.lower() not in NOT_BRANDS]
            yield sent, m.group("agent").strip(), names
