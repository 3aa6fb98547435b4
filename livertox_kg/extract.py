"""Extract facts from a read :class:`~livertox_kg.model.Monograph` by general textual rules.

Each rule reads sentences (or table lines) of some sections and yields :class:`Fact` objects
whose ``field`` is a key of :data:`livertox_kg.fields.FIELDS`. Rules never name a drug: the
agent is whatever the monograph is about. A clause carrying a negation cue yields no positive
fact; a clause carrying a hedge cue yields facts marked ``hedged``. A sentence cut off by the end
of a truncated document only contributes what its complete words state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import cues
from .fields import FIELDS
from .model import AgentRecord, Evidence, Fact, Monograph, Section
from .sentences import Sentence, fold_span, section_sentences
from .text_reader import agent_names, formula_rows, infer_name

INTRO = ("introduction",)
DESCRIPTIVE = ("background", "overview")
CLINICAL = ("hepatotoxicity", "mechanism_of_injury", "outcome_and_management", "case_report")
NAMED = frozenset(
    (
        "overview", "introduction", "background", "hepatotoxicity", "likelihood_score",
        "mechanism_of_injury", "outcome_and_management", "drug_class", "product_information",
        "representative_trade_names", "drug_class_product", "complete_labeling",
        "chemical_formula_and_structure", "case_report", "annotated_bibliography", "body",
    )
)

# ---------------------------------------------------------------------------------------------
# Shared vocabulary (general English / pharmacology, no drug names)

PREPOSITIONS = frozenset("of in from for with at to on by as against due including such".split())
ACTIONS = {
    "agonist": "agonist", "antagonist": "antagonist", "inhibitor": "inhibitor",
    "blocker": "blocker", "activator": "activator", "modulator": "modulator",
    "stimulant": "activator", "inducer": "activator",
}
ACTION_CLASSIFIERS = frozenset(
    "nonnucleoside non-nucleoside nucleoside nucleotide selective nonselective non-selective "
    "competitive noncompetitive non-competitive reversible irreversible partial full inverse "
    "allosteric direct indirect specific mixed dual".split()
)
PROCESS_TARGETS = frozenset(
    "replication synthesis formation production growth proliferation secretion absorption "
    "transcription translation metabolism".split()
)
CHEMICAL_CUES = re.compile(
    r"\b(?:derivatives?|analogu?es?|congeners?|acids?|esters?|salts?|alkaloids?|steroids?|"
    r"glycosides?|flavonoids?|terpenes?|peptides?|polypeptides?|proteins?|antibod(?:y|ies)|"
    r"halogenated|gas|compounds?|rings?|molecules?|synthetic|"
    r"\w+(?:azines?|azoles?|azepines?|amines?|amides?|idines?|osides?|olones?))\b",
    re.I,
)
EVALUATIVE = re.compile(
    r"^(?:(?:potent|popular|commonly used|widely used|frequently used|new|newer|novel|important|"
    r"well[- ]known|orally (?:available|active)|oral|parenteral|highly|very|relatively)[, ]+)+",
    re.I,
)
THERAPY = r"(?:treatment|management|relief|prevention|prophylaxis|therapy|control|symptomatic relief)"
MODIFIERS = frozenset(
    "acute chronic recurrent severe mild moderate partial generalized primary secondary advanced "
    "early refractory complicated uncomplicated".split()
)
FORMNOUN = (
    r"(?:tablets?|capsules?|caplets?|formulations?|solutions?|suspensions?|injections?|syrups?|"
    r"elixirs?|creams?|ointments?|gels?|lotions?|patch(?:es)?|suppositor(?:y|ies)|drops|sprays?|"
    r"powders?|lozenges?|granules|vials?|infusions?|liquids?|inhalers?|ampou?les?|packets?|"
    r"sachets?|films?|implants?|pens?)"
)
STOP = r"(?!(?:in|of|and|or|as|the|a|an|with|under|are|is|also|both|by|for|to)\b)"
MOD = rf"{STOP}[a-z][\w-]*\s+"
FORMPH = rf"(?:(?:{MOD}){{0,2}}?{STOP}[a-z][\w-]*\s+(?:and|or)\s+)?(?:{MOD}){{0,3}}?{FORMNOUN}(?: (?:and|or) (?:{MOD}){{0,2}}?{FORMNOUN})?(?:\s+(?:for|as)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){{0,2}}?)?"
NUM = r"\d+(?:\.\d+)?"
NUMS = rf"{NUM}(?:(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|to)\s+){NUM})*"
UNIT = r"(?:mg/mL|mg/ml|mcg/mL|mg/kg|mg|mcg|µg|g|mL|ml|IU|units|grams?|milligrams?|%)(?![A-Za-z])"
BRAND = r"[A-Z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*(?:\s+[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)*"
BRANDLIST = rf"{BRAND}(?:(?:,\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+){BRAND})*"
RATE = (
    r"(?:(?:less|fewer|more|greater) than |up to |approximately |about |nearly |almost |"
    r"as many as |as few as |~\s?)?\d+(?:\.\d+)?%(?:(?: to |-|–| and )\d+(?:\.\d+)?%)?"
)
WORDNUM = r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"
DURATION = (
    rf"(?:(?:less than|more than|over|under|up to|within|about|approximately|around|between|"
    rf"as long as|as short as)\s+)?(?:{WORDNUM}|a few|several|a)"
    rf"(?:\s*(?:to|-|–|and)\s*{WORDNUM})?\s+(?:days?|weeks?|months?|years?)\b"
)
OUTCOMES = (
    ("acute_liver_failure", r"(?:acute |fulminant )?(?:liver|hepatic) failure|fulminant hepatitis"),
    ("chronic_hepatitis", r"chronic hepatitis(?![-\w])"),
    ("vanishing_bile_duct_syndrome", r"vanishing bile duct syndrome|vanishing bile ducts"),
    ("cirrhosis", r"cirrhosis"),
    ("death", r"\bdeaths?\b|\bfatal(?:ity|ities)?\b|\bdied\b"),
    ("liver_transplantation", r"liver transplant(?:ation)?|\btransplantation\b"),
)
_OUTCOME_RES = tuple((k, re.compile(p, re.I)) for k, p in OUTCOMES)


# ---------------------------------------------------------------------------------------------
# Context


@dataclass
class Found:
    """A fact before it is assigned to agents; ``agent`` pins it to one named agent."""

    fact: Fact
    agent: str | None = None


@dataclass
class Context:
    mono: Monograph
    name: str
    agents: list[str]
    _cache: dict[str, list[Sentence]] = field(default_factory=dict)

    def sentences(self, *keys: str) -> list[Sentence]:
        out: list[Sentence] = []
        for sec in self.mono.sections:
            if sec.key in keys or ("*" in keys and sec.key not in NAMED):
                out.extend(self._section(sec))
        return out

    def _section(self, sec: Section) -> list[Sentence]:
        k = f"{sec.key}:{sec.start}"
        if k not in self._cache:
            self._cache[k] = section_sentences(self.mono, sec)
        return self._cache[k]

    def intro(self) -> list[Sentence]:
        """The introduction, or the first paragraph of a heading-less body."""
        if self.mono.section("introduction") is not None:
            return self.sentences("introduction")
        return [s for s in self.sentences("body") if s.paragraph == 0]

    def descriptive(self) -> list[Sentence]:
        """Background-like prose: Background, or the body after its first paragraph."""
        return self.sentences(*DESCRIPTIVE) + [s for s in self.sentences("body") if s.paragraph > 0]

    def clinical(self) -> list[Sentence]:
        return self.sentences(*CLINICAL, "*") + [s for s in self.sentences("body") if s.paragraph > 0]

    def prose(self) -> list[Sentence]:
        return self.intro() + self.descriptive()

    def evidence(self, sent: Sentence) -> Evidence:
        return Evidence(self.mono.source, sent.section, sent.text, sent.start, sent.end)

    def fact(self, fld: str, value, sent: Sentence, pos: int = 0, hedge: bool | None = None,
             agent: str | None = None) -> Found:
        if fld not in FIELDS:
            raise KeyError(fld)
        if hedge is None:
            hedge = cues.hedged_at(sent.stated, pos)
        return Found(Fact(fld, value, self.evidence(sent), hedged=hedge), agent)

    def mentions_agent(self, text: str) -> bool:
        low = text.lower()
        if re.match(r"\s*(?:it|its|this|these)\b", low):
            return True
        names = self.agents + [self.name]
        names += [part for n in names for part in re.split(r"\s*[-/]\s*|\s+and\s+", n) if len(part) >= 4]
        return any(re.search(rf"\b{re.escape(n.lower())}\b", low) for n in names)


def ok(sent: Sentence, pos: int, end: int | None = None) -> bool:
    """True when the clause of ``sent`` at ``pos`` is not negated; with ``end``, only the
    clause text before ``end`` (the extracted phrase and what leads to it) is considered."""
    return not cues.negated_at(sent.stated, pos, end)


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
    s = re.sub(r"^(?:the)\s+", "", s, flags=re.I)
    return s.strip(" ,;:.")


def _adjective(word: str) -> bool:
    """A word that likely modifies a shared head ('partial and generalized seizures')."""
    w = word.lower()
    return w in MODIFIERS or re.search(
        r"(?:al|ic|ive|ous|ed|ar|ary|ent|ant|ile|ful|less|able|ible|ory)$", w) is not None


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
            for part in split_top(seg, r"\s+(?:and|or)\s+"):
                items.append(clean_item(part))
                heads.append(part)
    keep = [i for i, it in enumerate(items) if it]
    items, heads = [items[i] for i in keep], [heads[i] for i in keep]
    has_comma = first_top(s, r",") < len(s)
    ends_conj = re.search(r"(?:^|[\s,])(?:and|or)\s+\S+(?:\s+\S+){0,3}$", s) is not None
    if has_comma and (ends_conj or series) and all(
        len(words(h)) <= 3 and not (set(w.lower() for w in words(h)) & PREPOSITIONS) for h in heads
    ):
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
        if (nl > 1 and nr > 1) or (nl == 1 and nr == 1) or (nl == 1 and nr > 1 and not shared_head):
            out.append(left)
            start = m.end()
    out.append(s[start:])
    return [c for c in (clean_item(o) for o in out) if c]


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
    dangling = re.search(r"(?:,\s*|\s+)(?:and|or)$", phrase)
    if dangling:  # 'nausea, headache and [cut]': the cut item came after the conjunction
        return split_series(phrase[: dangling.start()], series=True)
    items = split_series(phrase, series=True)
    ended = text[start:].rstrip()[len(phrase):len(phrase) + 1] in (",", ";", ")", ".")
    return items if ended or phrase.endswith((",", ";", ")")) else items[:-1]


def runs_to_cut(sent: Sentence, end: int) -> bool:
    """A phrase reaching the end of a truncated sentence may be incomplete."""
    return sent.truncated and end >= len(sent.stated.rstrip(" ,;:"))


# ---------------------------------------------------------------------------------------------
# Rules


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


APPROVAL = re.compile(r"\bapproved\b(?P<mid>[^.;]{0,120}?)\b(?:in|since|during) (?P<year>1[89]\d\d|20\d\d)\b")
US = re.compile(r"United States|\bU\.S\.|\bUSA?\b|\bFDA\b")


def rule_approval(ctx: Context) -> Iterator[Found]:
    for sent in ctx.prose():
        for m in APPROVAL.finditer(sent.stated):
            if US.search(sent.stated) and ok(sent, m.start()) and "not" not in m.group("mid"):
                yield ctx.fact("approval_year_us", int(m.group("year")), sent, m.start())
                return


BRAND_PATTERNS = (
    re.compile(rf"\b(?:brand|trade|proprietary|commercial)[ -]names?(?: of| such as| including| like|,)? (?P<list>{BRANDLIST})"),
    re.compile(rf"\b(?:available|marketed|sold|formulations?) under (?:the )?names? (?:of |such as |including |like )?(?P<list>{BRANDLIST})"),
    re.compile(rf"\b(?:brand|trade) names? (?:for|of) [\w -]+? (?:include|includes|are|is) (?P<list>{BRANDLIST})"),
    re.compile(rf"\b(?:marketed|sold) (?:as|under) (?:the (?:brand |trade )?names? )?(?P<list>{BRANDLIST})"),
)
COMBINATION_PATTERNS = (
    re.compile(rf"\bcombination\b[^.;]*?\((?P<list>{BRANDLIST})(?:,? and (?:generics?|others))?\)"),
    re.compile(rf"\bcombination\b[^.;]*?\bunder (?:the )?names? (?:such as |of |including |like )?(?P<list>{BRANDLIST})"),
    re.compile(rf"\bcombination (?:products?|formulations?|preparations?)\b[^.;]*?\b(?:such as|including|like) (?P<list>{BRANDLIST})"),
)
NOT_BRANDS = frozenset({"generic", "generics", "and", "or"})


def _brands(s: str) -> list[str]:
    items = [clean_item(x) for x in re.split(r",\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+", s)]
    return [re.sub(r"[®™©]", "", i).strip() for i in items if i and i.lower() not in NOT_BRANDS]


def rule_brands(ctx: Context) -> Iterator[Found]:
    for sent in ctx.prose():
        for rx in BRAND_PATTERNS:
            for m in rx.finditer(sent.stated):
                if not ok(sent, m.start()):
                    continue
                names = _brands(m.group("list"))
                if runs_to_cut(sent, m.end()):
                    names = names[:-1]
                fld = "combination_brand_names" if _in_combination(sent.stated, m.start()) else "brand_names"
                for b in names:
                    yield ctx.fact(fld, b, sent, m.start())
        for rx in COMBINATION_PATTERNS:
            for m in rx.finditer(sent.stated):
                if not ok(sent, m.start("list")):
                    continue
                names = _brands(m.group("list"))
                if runs_to_cut(sent, m.end()):
                    names = names[:-1]
                for b in names:
                    if re.search(r"[a-z]", b):  # brand names, not abbreviations like (HIV)
                        yield ctx.fact("combination_brand_names", b, sent, m.start())
    for sent, agent, names in _trade_lines(ctx):
        for b in names:
            yield ctx.fact("brand_names", b, sent, 0, hedge=False, agent=agent)


def _in_combination(text: str, pos: int) -> bool:
    """'in combination with X under the brand name Y': the brand names the combination
    (not so when coordinated: 'alone and in combination with others and under the brand ...')."""
    i = text.rfind("combination", 0, pos)
    return i >= 0 and not re.search(r",|\band\b|\bas well as\b", text[i:pos])


TRADE_LINE = re.compile(r"^(?P<agent>\S.*?)\s+[–—-]\s+(?P<names>\S.*)$")


def _lines(ctx: Context, key: str) -> Iterator[tuple[Sentence, str]]:
    """Non-empty lines of the sections ``key`` as (sentence-like span, stripped line)."""
    mono = ctx.mono
    complete = mono.text[-1:].isspace()
    for sec in mono.sections:
        if sec.key != key:
            continue
        pos = sec.start
        for raw in sec.text.split("\n"):
            line = raw.strip()
            if line:
                s = pos + raw.index(line)
                e = s + len(line)
                if e >= len(mono.text.rstrip()) and not complete:
                    break  # cut off by truncation
                yield Sentence(" ".join(line.split()), s, e, key, 0), line
            pos += len(raw) + 1


def _trade_lines(ctx: Context) -> Iterator[tuple[Sentence, str, list[str]]]:
    for sent, line in _lines(ctx, "representative_trade_names"):
        m = TRADE_LINE.match(line)
        if m:
            names = [re.sub(r"[®™©]", "", n).strip() for n in m.group("names").split(",")]
            names = [n for n in names if n and n.lower() not in NOT_BRANDS]
            yield sent, m.group("agent").strip(), names


DESCRIPTION = re.compile(
    r"^(?P<chem>(?:Structurally|Chemically),\s+)?(?P<subj>[A-Z]?[\w-]+(?: [\w-]+){0,2}?)(?: \([^)]*\))? "
    r"(?:is|are) (?P<art>(?:a|an) )?(?P<np>.+)$", re.I
)
# '(a commonly used antihistamine)' after the description is a gloss of its last word
APPOSITIVE = re.compile(r"\s*\((?:an?|the|e\.g\.|i\.e\.|such as)\s[^()]*\)$", re.I)
NP_END = (
    r",\s|\s(?:that|which|who|similar to|used|commonly|widely|associated|derived|in|for|"
    r"belonging|related|structurally|available|approved|known)\b|"
    r"\sand (?=(?:is|are|was|has|have|can|may|belongs|acts)\b|\w+s\b)|[.;]"
)


def rule_chemical(ctx: Context) -> Iterator[Found]:
    for sent in ctx.descriptive() + ctx.intro():
        m = DESCRIPTION.match(sent.stated)
        if not m or not ctx.mentions_agent(m.group("subj")):
            continue
        if not (m.group("art") or m.group("chem")):  # 'Chemically, X is 2,6-diisopropylphenol'
            continue
        np = cut(m.group("np"), NP_END)
        if not ok(sent, m.start("np"), m.start("np") + len(np)):
            continue
        np = EVALUATIVE.sub("", np).strip()
        if not np or runs_to_cut(sent, m.start("np") + len(np)):
            continue
        np = APPOSITIVE.sub("", np)
        # 'imidazole derivative and fungicidal agent': keep the chemical conjunct
        conj = first_top(np, r"\s+and\s+")
        if conj < len(np):
            left, right = np[:conj], np[conj:].strip()[4:]
            if CHEMICAL_CUES.search(left.split()[-1]) and not CHEMICAL_CUES.search(right):
                np = left
        if re.search(r"\b(?:%s)s?\b" % "|".join(ACTIONS), np, re.I):
            continue
        if m.group("chem") or CHEMICAL_CUES.search(np):
            yield ctx.fact("chemical_description", np, sent, m.start("np"))
            return


TARGET_END = (
    r"[;.]|,?\s(?:but|which|that|thereby|thus|whereas|while|although|resulting|leading|causing)\b|"
    r",\s(?!(?:particularly|especially|including|such as|notably|mainly|primarily|namely)\b)|"
    r"\sand (?=(?:is|are|was|were|has|have|had|may|can|also|thereby|thus|acts|belongs)\b|"
    r"\w+s (?:by|as|to|on|at|with|in|the|a|an)\b)|"
    r"\s(?:in|for) (?:the )?(?:treatment|therapy|management)\b"
)
MECH_NOUN = re.compile(
    r"\b(?:is|are|was|as) (?:also )?an? (?P<pre>(?:[\w-]+,? ){0,4}?)(?P<head>%s)s? (?:of|at|on|for) (?=(?P<target>.+))"
    % "|".join(ACTIONS)
)
MECH_VERB = re.compile(
    r"\b(?P<action>(?P<verb>inhibit|block|antagoni[sz]e|activate|stimulate|modulate)(?:s|es)?"
    r"(?P<obj> the (?:release|reuptake|uptake|synthesis|production|activity|action|effects?|function) of)?|"
    r"acts? (?:directly |primarily |mainly |selectively |centrally |peripherally )?(?:on|upon)) "
    r"(?=(?P<target>.+))"
)
# Gerund and nominal forms, read only after a mechanism cue ('acts by inhibiting X', 'works by several
# mechanisms, including inhibition of X', 'its mechanism of action is ..., binding to X').
GERUND_RELATION = {
    "inhibiting": "inhibitor", "inhibition of": "inhibitor", "blocking": "blocker", "blockade of": "blocker",
    "antagonizing": "antagonist", "antagonising": "antagonist", "antagonism of": "antagonist",
    "activating": "activator", "activation of": "activator", "stimulating": "activator",
    "stimulation of": "activator", "modulating": "modulator", "modulation of": "modulator",
    "binding to": "acts_on", "acting on": "acts_on",
}
MECH_GERUND = re.compile(
    r"\b(?P<action>(?P<verb>%s)(?P<obj> the (?:release|reuptake|uptake|synthesis|production|activity|action|"
    r"effects?|function) of)?) (?=(?P<target>.+))" % "|".join(GERUND_RELATION)
)
MECH_CUE = re.compile(r"\b(?:acts?|works?|acting|working)\b[^.;]{0,80}?\b(?:by|through|via)\b|\bmechanisms?\b", re.I)
# Pre-modifier form: 'as a central alpha-adrenergic agonist', 'is a serotonin and norepinephrine
# reuptake inhibitor' (the target precedes the head; 'inhibitor of X' is MECH_NOUN's).
MECH_PREMOD = re.compile(
    r"\b(?:is|are|was|as)(?: (?:a )?both| also)? an? (?P<target>(?:[\w-]+ ){0,3}?[\w-]+(?: (?:and|or) [\w-]+)?) "
    r"(?P<action>(?:(?:re)?uptake |release )?(?P<head>%s))s?\b(?! (?:of|at|on|for|to)\b)" % "|".join(ACTIONS)
)
NOT_PREMOD_TARGET = re.compile(r"\b(?:drug|agent|medication|compound|class|the|a|an|its)\b", re.I)
VERB_RELATION = {
    "inhibit": "inhibitor", "block": "blocker", "antagonise": "antagonist", "antagonize": "antagonist",
    "activate": "activator", "stimulate": "activator", "modulate": "modulator",
}
AUX = (
    r"(?:(?:is|are|was|were|be|been|has|have|may|might|can|could|also|primarily|mainly|directly|"
    r"selectively|reversibly|irreversibly|competitively|potently|believed|thought|considered|"
    r"presumed|purported|known|said|likely|appears|seems|to|further|probably|possibly)\s+)*"
)
AUX_ONLY = re.compile(rf"^\s*{AUX}$", re.I)
# 'Orphenadrine has anticholinergic activity and may act centrally on ...': coordinated predicate
COORD_PREFIX = re.compile(
    rf"^(?:[A-Z]\w+,\s*)?(?P<subj>[\w-]+(?: [\w-]+)?|it)(?: \([^)]*\))?\s+(?:has|have|is|are|was|were|acts?)\b"
    rf"[^,;]*?\band\s+{AUX}$",
    re.I,
)
SUBJECT_PREFIX = re.compile(
    rf"^(?:[A-Z]\w+,\s*)?(?P<subj>[\w-]+(?: [\w-]+)?|it|this (?:drug|agent|compound))(?: \([^)]*\))?\s+{AUX}$",
    re.I,
)


def _target(sent: Sentence, m: re.Match) -> str | None:
    target = cut(m.group("target"), TARGET_END)
    if re.match(r"(?:and|or|but)\b", target):  # 'binding to and disrupting ...'
        return None
    if not target or runs_to_cut(sent, m.start("target") + len(target)):
        return None
    # 'X synthesis and Y enzyme activity': a process conjunct is not a target, the other may be
    for cm in re.finditer(r"\s+and\s+", target):
        left = words(target[: cm.start()])
        if first_top(target[cm.start():], r"\s+and\s+") == 0 and left and left[-1].lower() in PROCESS_TARGETS:
            target = target[cm.end():]
            break
    target = re.sub(r"^the\s+", "", target)
    target = re.sub(r"\s+activity$", "", target)
    ws = [w.lower() for w in words(target)]
    if not ws or ws[-1] in PROCESS_TARGETS or ws[0] in PROCESS_TARGETS:
        return None
    if re.search(r"\b(?:%s) of\b" % "|".join(PROCESS_TARGETS), target, re.I):  # 'lipid synthesis of X'
        return None
    return target


def rule_mechanism(ctx: Context) -> Iterator[Found]:
    for sent in ctx.descriptive() + ctx.sentences("mechanism_of_injury"):
        text = sent.stated
        if not ctx.mentions_agent(text):
            continue
        for m in MECH_NOUN.finditer(text):
            if not ok(sent, m.start()) or re.search(r"\bunknown\b", text[m.start():m.end()]):
                continue
            target = _target(sent, m)
            if target is None:
                continue
            mods = [w.strip(",") for w in m.group("pre").split()]
            action = " ".join([w for w in mods if w.lower() in ACTION_CLASSIFIERS] + [m.group("head")])
            value = {"action": action, "target": target, "relation": ACTIONS[m.group("head")]}
            yield ctx.fact("mechanism", value, sent, m.start())
        for m in MECH_VERB.finditer(text):
            cs, _ce = cues.clause_at(text, m.start())
            prefix = text[cs:m.start()]
            sm = SUBJECT_PREFIX.match(prefix) or COORD_PREFIX.match(prefix)
            if not (AUX_ONLY.match(prefix) or (sm and ctx.mentions_agent(sm.group("subj")))):
                continue
            if not ok(sent, m.start()):
                continue
            target = _target(sent, m)
            if target is None:
                continue
            verb = (m.group("verb") or "").lower()
            relation = "acts_on" if not verb else VERB_RELATION.get(verb, "acts_on")
            if m.group("obj") and "release" in m.group("obj"):
                relation = "release_inhibitor" if verb == "inhibit" else relation
            value = {"action": m.group("action"), "target": target, "relation": relation}
            yield ctx.fact("mechanism", value, sent, m.start())
        for m in MECH_GERUND.finditer(text):
            cue = MECH_CUE.search(text, 0, m.start())
            if not cue or not ok(sent, m.start()):
                continue
            target = _target(sent, m)
            if target is None:
                continue
            relation = GERUND_RELATION[m.group("verb")]
            if m.group("obj") and "release" in m.group("obj") and relation == "inhibitor":
                relation = "release_inhibitor"
            value = {"action": m.group("action"), "target": target, "relation": relation}
            yield ctx.fact("mechanism", value, sent, m.start())
        for m in MECH_PREMOD.finditer(text):
            if not ok(sent, m.start()) or runs_to_cut(sent, m.end()):
                continue
            mods = m.group("target").split()
            lead = []
            while mods and mods[0].lower() in ACTION_CLASSIFIERS:
                lead.append(mods.pop(0))
            target = EVALUATIVE.sub("", " ".join(mods)).strip()
            if not target or NOT_PREMOD_TARGET.search(target) or target.lower() in ACTION_CLASSIFIERS:
                continue
            value = {"action": " ".join(lead + [m.group("action")]), "target": target,
                     "relation": ACTIONS[m.group("head")]}
            yield ctx.fact("mechanism", value, sent, m.start())


LIST_END = (
    r"[;.]|,\s(?:which|that|who|and|but|whereas|while|either|although|particularly|especially|because)\b|"
    r"\s(?:either|due to|alone or|in combination|as well as|but|whereas|while|because)\b|"
    r"\s(?:and|or) (?:is|are|was|were|has|have|had|its|it|can|could|may|might|should|must|will|would)\b"
)
# Indication lists go on past 'as well as' ('X as well as relief of symptoms of Y').
INDICATION_END = LIST_END.replace("|as well as|", "|")
# 'joint pain, caused by A, B and C': the participle phrase belongs to the item before it
ATTACHED = r",?\s(?:caused by|resulting from|secondary to|associated with)\s"
INDICATION_PATTERNS = (
    re.compile(rf"\bindicated (?:primarily |mainly |chiefly |only |also )?(?:for|in) (?:the )?"
               rf"(?:{THERAPY}(?: and {THERAPY})? (?:of|in) )?(?P<list>.+)"),
    re.compile(r"\bindications? (?:for [\w -]+? )?(?:is|are|include|includes) (?:the )?(?P<list>.+)"),
    re.compile(rf"\bused\b[^.;]{{0,60}}?\b(?:for|in|as) (?:the |an? )?(?:adjuvant |adjunctive |adjunct )?{THERAPY} "
               rf"(?:of|in) (?P<list>.+)"),
    re.compile(r"\bused (?:primarily |mainly |commonly |also |widely |largely )?to (?P<verb>[a-z]+) (?P<list>.+)"),
    re.compile(r"\bapproved for use as an? (?:(?! in )[\w -])+? in (?!the United States\b|the U\.?S\.?\b|\d)(?P<list>.+)"),
    re.compile(r"\b(?:active|effective|efficacious|useful) (?:against|in|for) [^.;]*?\bincluding (?P<list>.+)"),
    re.compile(r"\b(?:active|effective) against [^.;]*?\b(?:organisms|bacteria|species|pathogens|strains) "
               r"(?:that|which) cause (?P<list>.+)"),
    re.compile(r"\b(?:[\w-]+ )?activity against (?P<list>.+)"),
)
TREAT_VERBS = frozenset("treat manage prevent control relieve".split())
COORDINATED_THERAPY = re.compile(
    rf"^(?:the )?{THERAPY} (?:of|against|for|in) (?P<a>.+?) and (?:the )?{THERAPY} (?:of|against|for|in) (?P<b>.+)$"
)


def _head(np: str) -> str:
    """'chronic or recurrent urinary tract infections' -> 'urinary tract infections'."""
    m = re.match(r"^[\w-]+(?: (?:or|and) [\w-]+)+ (?P<h>.+)$", np)
    if m:
        return m.group("h")
    first, _, rest = np.partition(" ")
    return rest if first.lower() in MODIFIERS and rest else np


def _indication_items(phrase: str) -> list[str]:
    phrase = cues.strip_quantifiers(cues.strip_framing(phrase))
    inc = first_top(phrase, r"\s(?:including|such as)\s")
    if inc < len(phrase):  # 'fungal infections including A, B and C': the named ones
        phrase = re.sub(r"^\s(?:including|such as)\s", "", phrase[inc:])
    if first_top(phrase, r"\sas well as\s") < len(phrase):
        return [i for part in split_top(phrase, r"\s+as well as\s+") for i in _indication_items(part)]
    att = first_top(phrase, ATTACHED)
    if att < len(phrase):
        items = _indication_items(phrase[:att])
        return items[:-1] + [items[-1] + phrase[att:]] if items else []
    m = COORDINATED_THERAPY.match(phrase)
    if m:
        a, b = m.group("a").strip(), m.group("b").strip()
        if len(a.split()) == 1 and a.lower() in MODIFIERS:
            a = f"{a} {_head(b)}"
        return split_series(a) + [b]
    phrase = re.sub(rf"^(?:the )?{THERAPY} (?:of|against|for|in) ", "", phrase)
    return split_series(phrase)


def rule_indications(ctx: Context) -> Iterator[Found]:
    for sent in ctx.prose():
        text = sent.stated
        for rx in INDICATION_PATTERNS:
            for m in rx.finditer(text):
                cs, ce = cues.clause_at(text, m.start())
                if not ok(sent, m.start()) or re.search(r"off[- ]label", text[cs:ce], re.I):
                    continue
                phrase = cut(m.group("list"), INDICATION_END)
                end = m.start("list") + len(phrase)
                if "activity against" in m.group(0) and cues.ORGANISM_NOUNS.search(phrase):
                    continue  # 'activity against many fungal species': organisms, not conditions
                if "verb" in rx.groupindex and m.group("verb") not in TREAT_VERBS:
                    if runs_to_cut(sent, end) or len(phrase.split()) < 1:
                        continue
                    items = [f"{m.group('verb')} {phrase}"]
                else:
                    items = _indication_items(phrase)
                    if runs_to_cut(sent, end) and not text.rstrip().endswith((",", ";")):
                        items = items[:-1]
                for item in items:
                    if item and item.lower() not in ("several other conditions",):
                        yield ctx.fact("indications", item, sent, m.start())


OFF_LABEL = re.compile(r"\boff[- ]label\b(?P<rest>[^.;]*)", re.I)


def rule_off_label(ctx: Context) -> Iterator[Found]:
    for sent in ctx.prose():
        for m in OFF_LABEL.finditer(sent.stated):
            if not ok(sent, m.start()):
                continue
            rest = m.group("rest")
            for rx in (r"\bincluding (?P<l>.+)", r"\bto (?:help with|help|treat|manage|prevent|aid in|aid|promote) (?P<l>.+)",
                       rf"\b(?:for|in) (?:the )?{THERAPY} of (?P<l>.+)", r"^\s*for (?!several|other|many|various)(?P<l>.+)"):
                mm = re.search(rx, rest)
                if mm:
                    start = m.start("rest") + mm.start("l")
                    phrase = cut(mm.group("l"), LIST_END)
                    for item in list_items(sent, start, start + len(phrase)):
                        yield ctx.fact("off_label_uses", item, sent, m.start())
                    break


DOSE_FORM_PATTERNS = (
    # available in tablets of 10, 20 and 40 mg (and extended release tablets of 400 mg)
    re.compile(rf"\b(?:in|as|available) (?P<piece>{FORMPH} of {NUMS} ?{UNIT}(?: (?:and|or) {FORMPH} of {NUMS} ?{UNIT})*)"),
    # available in 500 and 750 mg tablets
    re.compile(rf"\b(?:in|as) (?P<piece>{NUMS} ?{UNIT} (?:{MOD}){{0,2}}?{FORMNOUN})\b"),
    # chewable tablets are available in doses of 2, 5 and 25 mg / Generic formulations are available (25 mg)
    re.compile(rf"(?<![\w-])(?P<piece>(?P<form>(?:{STOP}[A-Za-z][\w-]*\s+){{0,3}}?{FORMNOUN}) (?:is|are) (?:also |now |currently |only )?"
               rf"available(?P<amount> (?:in doses of|in strengths of|in|as) {NUMS} ?{UNIT}| \({NUMS} ?{UNIT}\))?)"),
    # usually in doses of 200, 400 or 800 mg
    re.compile(rf"\bin (?:doses|strengths) of (?P<piece>{NUMS} ?{UNIT})"),
    # supplied as tablets
    re.compile(rf"\b(?:available|supplied|marketed|sold) (?:\w+ )?(?:as|in) (?P<piece>{FORMPH})(?! of \d)\b"),
)


def rule_dose_forms(ctx: Context) -> Iterator[Found]:
    pieces: list[tuple[int, str, Sentence, int]] = []
    for order, sent in enumerate(ctx.descriptive()):
        text = sent.stated
        for rx in DOSE_FORM_PATTERNS:
            for m in rx.finditer(text):
                if not ok(sent, m.start()) or runs_to_cut(sent, m.end()):
                    continue
                piece = m.group("piece")
                if "form" in rx.groupindex and not m.group("amount"):
                    piece = m.group("form")
                if re.search(r"\b(?:generic|combination)\b", piece, re.I) and not re.search(r"\d", piece):
                    continue
                if rx is DOSE_FORM_PATTERNS[3] and not re.search(r"availab|formulation|tablet|capsule", text):
                    continue
                pieces.append((order * 10000 + m.start("piece"), piece, sent, m.start()))
    pieces.sort(key=lambda p: p[0])
    kept = []
    for p in pieces:
        low = p[1].lower()
        if any(low != q[1].lower() and low in q[1].lower() for q in pieces):
            continue
        if any(low == q[1].lower() for q in kept):
            continue
        kept.append(p)
    if kept:
        value = "; ".join(p[1] for p in kept)
        yield ctx.fact("dose_forms_and_strengths", value, kept[0][2], kept[0][3])


DOSE = re.compile(
    r"\b(?:recommended|usual|typical|standard|suggested)(?P<qual>(?: (?:adult|starting|initial|maintenance|daily|oral|total))*) "
    r"(?:dose|dosage|regimen|dosing)(?P<for> (?:for|in) [^,;]*?)? (?:is|are|ranges from|of) (?P<dose>\d.+)"
)
GIVEN = re.compile(
    r"\b(?:is|are) (?:typically |usually |generally |commonly |normally )?(?:given|administered|taken|dosed) "
    r"(?:in|at) (?P<dose>(?:doses?|concentrations?|amounts?) [^.;]*?\d[^.;]*)"
)
TYPICAL = re.compile(
    r"\b(?:typically|usually|generally|commonly) (?:given )?as (?P<dose>\d[^.;]*?\b(?:daily|weekly|hourly|"
    r"times|every \d+ hours)\b[^.;]*)"
)
DOSE_END = r"[;]|\.(?!\d)|,\s(?:whereas|while|but|although|which|and (?:is|are|should|may|can|the))\b"


def rule_dose(ctx: Context) -> Iterator[Found]:
    candidates = []
    for sent in ctx.descriptive():
        for rx, rank in ((DOSE, 1), (GIVEN, 3), (TYPICAL, 3)):
            for m in rx.finditer(sent.stated):
                if not ok(sent, m.start()):
                    continue
                dose = cut(m.group("dose"), DOSE_END)
                if not dose or runs_to_cut(sent, m.start("dose") + len(dose)):
                    continue
                scope = " ".join(filter(None, (m.groupdict().get("qual"), m.groupdict().get("for"))))
                r = rank
                if rank == 1 and re.search(r"\badults?\b", scope):
                    r = 0
                elif re.search(r"\b(?:child|children|pediatric|infants?)\b", scope):
                    r = 4
                candidates.append((r, sent.start, dose, sent, m.start()))
    if candidates:
        r, _, dose, sent, pos = min(candidates, key=lambda c: (c[0], c[1]))
        yield ctx.fact("recommended_adult_dose", dose, sent, pos)


SIDE_EFFECTS = (
    re.compile(r"\b(?:most )?(?:common(?:ly reported)?|frequent|typical) (?:side effects|adverse (?:effects|events|reactions))"
               r"(?: (?:of|with|from|during) [\w -]+?)? (?:are|include|includes|consist of|were) (?P<list>.+)", re.I),
    re.compile(r"\b(?:side effects|adverse (?:effects|events|reactions)) (?:commonly |most commonly |frequently )?"
               r"(?:include|includes) (?P<list>.+)", re.I),
)
SE_END = (
    r"[;.]|,\s(?:symptoms?|which|that|but|although|all of|most of|and (?:these|they|are|is|may))\b|"
    r"\s(?:which|that|in up to|in \d|occurring|particularly|especially)\b"
)


def rule_side_effects(ctx: Context) -> Iterator[Found]:
    for sent in ctx.descriptive():
        for rx in SIDE_EFFECTS:
            for m in rx.finditer(sent.stated):
                if not ok(sent, m.start()):
                    continue
                head = sent.stated[: m.start("list")]
                if cues.NOT_COMMON_QUALIFIERS.search(head) and not re.search(r"\bcommon", head, re.I):
                    continue  # 'Uncommon but potentially severe adverse events include ...'
                start = m.start("list")
                # 'those typical of anticholinergics including drowsiness, ...'
                lead = re.match(r"those\b[^,;.]*?\b(?:including|such as)\s+", m.group("list"), re.I)
                if lead:
                    start += lead.end()
                phrase = cut(sent.stated[start:], SE_END)
                for item in split_ness(list_items(sent, start, start + len(phrase))):
                    yield ctx.fact("common_side_effects", cues.strip_frequency(item), sent, m.start())


ALT_SUBJ = r"(?:ALT|AST|aminotransferases?|transaminases?|liver enzymes?|serum enzymes?|liver tests?)"
ALT_RATE = (
    re.compile(rf"(?P<rate>{RATE}) of (?:[\w-]+ ){{0,4}}?(?:patients|subjects|persons|recipients|users|people|adults|children)\b"
               rf"[^.;]{{0,60}}?\b(?:develop|have|had|experience|show)\w*\b[^.;]{{0,60}}?\b{ALT_SUBJ}"),
    re.compile(rf"(?:\b{ALT_SUBJ}[^.;]{{0,30}}?elevations?|\belevations? (?:in|of) (?:serum )?{ALT_SUBJ})"
               rf"[^.;]{{0,60}}?\b(?:in|among) (?P<rate>{RATE}) of"),
)


def rule_alt_rate(ctx: Context) -> Iterator[Found]:
    for sent in ctx.clinical() + ctx.descriptive():
        for rx in ALT_RATE:
            for m in rx.finditer(sent.stated):
                if ok(sent, m.start()) and re.search(r"elevat|abnormal|rais|increase", sent.stated, re.I):
                    yield ctx.fact("alt_elevation_rate", m.group("rate"), sent, m.start())
                    return


LIKELIHOOD = re.compile(
    r"Likelihood scores?(?:\s*\((?P<agent>[^)]+)\))?\s*:\s*(?P<score>[A-EX])(?P<star>\*)?(?![\w])"
    r"(?:\s*\[(?P<qual>[A-Za-z]+)\])?(?:\s*\((?P<desc>[^()]*(?:\([^()]*\)[^()]*)*)\))?",
    re.I,
)


def rule_likelihood(ctx: Context) -> Iterator[Found]:
    for sent in ctx.sentences("likelihood_score"):
        for m in LIKELIHOOD.finditer(sent.stated):
            agent = m.group("agent").strip() if m.group("agent") else None
            score = m.group("score").upper() + (m.group("star") or "")
            yield ctx.fact("likelihood_score", score, sent, m.start(), hedge=False, agent=agent)
            if m.group("qual"):
                yield ctx.fact("likelihood_qualifier", m.group("qual"), sent, m.start(), hedge=False, agent=agent)
            if m.group("desc"):
                yield ctx.fact("likelihood_description", " ".join(m.group("desc").split()), sent,
                               m.start(), hedge=False, agent=agent)


PATTERN_VALUES = r"hepatocellular|cholestatic|mixed"
INJURY = (
    re.compile(rf"\bpattern of (?:liver |serum enzyme |enzyme )?(?:injury|enzyme elevations?|elevations?|abnormalities|hepatitis)"
               rf" (?:was|is|are|were|(?:has|have)(?: (?:typically|usually|generally|often|mostly))? been)"
               rf"(?: (?:typically|usually|generally|often|most commonly|predominantly|mostly))? "
               rf"(?P<p>{PATTERN_VALUES})(?:(?:,| or| and| to)+ (?P<p2>{PATTERN_VALUES}))?", re.I),
    re.compile(rf"\b(?P<p>{PATTERN_VALUES})(?:(?:,| or| and| to)+ (?P<p2>{PATTERN_VALUES}))? pattern\b", re.I),
)


def rule_injury(ctx: Context) -> Iterator[Found]:
    for sent in ctx.clinical():
        for rx in INJURY:
            for m in rx.finditer(sent.stated):
                if not ok(sent, m.start()) or runs_to_cut(sent, m.end()):
                    continue
                for g in ("p", "p2"):
                    if m.group(g):
                        yield ctx.fact("injury_patterns", m.group(g).lower(), sent, m.start())


LATENCY = (
    re.compile(rf"\blatency(?: (?:to|of) (?:onset|jaundice|symptoms|injury|presentation)(?: of [\w ]+?)?)?"
               rf"(?: (?:was|is|has been|were|are|ranged|ranges|varied|varies)(?: (?:usually|typically|generally|often|from|between))?| of) "
               rf"(?P<d>{DURATION})", re.I),
    re.compile(rf"\bonset (?:of [\w ]+? )?(?:(?:is|was|occurs?|occurred|usually|typically|generally|often|most often)\s+)*"
               rf"within (?P<d>{DURATION})", re.I),
)


def rule_latency(ctx: Context) -> Iterator[Found]:
    for sent in ctx.clinical():
        for rx in LATENCY:
            for m in rx.finditer(sent.stated):
                if ok(sent, m.start()) and not runs_to_cut(sent, m.end()):
                    yield ctx.fact("latency", m.group("d"), sent, m.start())


METABOLISM = (
    re.compile(r"\bhepatic metabolism\s*\((?P<v>[^)]*?\d[^)]*?%)\)", re.I),
    re.compile(r"\bmetaboli[sz]ed (?:by|in) the liver[^.;]*?\((?P<v>[~≈<>]?\s?\d+(?:\.\d+)?%)\)", re.I),
    re.compile(r"(?P<v>[~≈]?\d+(?:\.\d+)?%) (?:of [\w ]+? )?(?:is|are|undergoes?) (?:\w+ )?metaboli[sz]ed (?:by|in) the liver", re.I),
    re.compile(r"\b(?P<v>extensive(?:ly)?|minimal(?:ly)?|negligibl[ey]|partial(?:ly)?|largely|little|rapid(?:ly)?)"
               r"(?: hepatic metabolism| metaboli[sz]ed (?:by|in) the liver)", re.I),
)


def rule_metabolism(ctx: Context) -> Iterator[Found]:
    sents = ctx.clinical() + ctx.descriptive()
    for rx in METABOLISM:
        for sent in sents:
            for m in rx.finditer(sent.stated):
                if ok(sent, m.start()):
                    yield ctx.fact("hepatic_metabolism", m.group("v").strip(), sent, m.start())
                    return


NOT_REPORTED = (
    re.compile(r"\bno (?:\w+ )?(?:reports?|cases?|instances?|examples?|evidence|descriptions?) of (?P<span>[^;]+)", re.I),
    re.compile(r"(?P<span>[^;,]+?) (?:has|have|had) not been (?:reported|described|documented|observed|seen)", re.I),
    re.compile(r"\b(?:has|have|had) not been (?:linked|implicated|associated) (?:to|with|in) (?P<span>[^;]+)", re.I),
    re.compile(r"\bwithout (?:any )?(?:evidence of |development of )?(?P<span>[^;,]+)", re.I),
)
POSITIVE_OUTCOME = re.compile(
    r"\b(?:reported|described|led to|lead to|leading to|resulted in|resulting in|result in|required|requiring|"
    r"progress(?:ed|ion|es)? to|died|fatal|cases? of|instances? of|implicated in|linked to|causes?|caused|causing|"
    r"associated with|developed|underwent|need for|reports? of|mentioned|noted|documented|development of)\b",
    re.I,
)


def rule_outcomes(ctx: Context) -> Iterator[Found]:
    for sent in ctx.intro() + ctx.clinical():
        text = sent.stated
        covered: list[tuple[int, int]] = []
        for rx in NOT_REPORTED:
            for m in rx.finditer(text):
                span_s, span_e = m.span("span")
                covered.append((span_s, span_e))
                for key, orx in _OUTCOME_RES:
                    om = orx.search(text, span_s, span_e)
                    if om and not runs_to_cut(sent, om.end()):
                        yield ctx.fact("outcomes_not_reported", key, sent, m.start())
        for key, orx in _OUTCOME_RES:
            for om in orx.finditer(text):
                if any(s <= om.start() < e for s, e in covered) or runs_to_cut(sent, om.end()):
                    continue
                cs, ce = cues.clause_at(text, om.start())
                clause = text[cs:ce]
                if cues.negated(clause) or not POSITIVE_OUTCOME.search(clause):
                    continue
                hedge = cues.hedged(clause) or re.search(r"\bcan\b", clause) is not None
                yield ctx.fact("outcomes_reported", key, sent, om.start(), hedge=hedge)


THRESHOLD = re.compile(
    r"(?P<cmp>(?:greater|more|higher) than|above|over|exceeding|in excess of|>|≥)\s*(?P<n>\d+(?:\.\d+)?)\s*"
    r"(?:times|x|×|-fold|fold)\s*(?:the )?(?:upper limit of (?:the )?normal(?: range)?|ULN)(?: \(ULN\))?",
    re.I,
)
STOP_CUE = re.compile(r"discontinu|\bstop(?:ping|ped)?\b|\bwithdraw|cessation|\bhalt", re.I)


def rule_thresholds(ctx: Context) -> Iterator[Found]:
    for sent in ctx.clinical():
        text = sent.stated
        prev = 0
        for m in THRESHOLD.finditer(text):
            cs, ce = cues.clause_at(text, m.start())
            segment = text[prev:m.start()]
            prev = m.end()
            if not STOP_CUE.search(text[cs:]) or cues.negated(text[cs:ce]) or runs_to_cut(sent, m.end()):
                continue
            p = re.search(r"\b(?:persist\w*|sustained|remain\w*)\b", segment, re.I)
            start = prev - len(m.group()) - (len(segment) - p.start()) if p else m.start()
            n = float(m.group("n"))
            value = {"multiple_uln": int(n) if n.is_integer() else n, "persistent": bool(p),
                     "text": text[start:m.end()]}
            yield ctx.fact("discontinuation_thresholds", value, sent, m.start())


CROSS = re.compile(r"\bcross[- ]?(?:sensitivity|reactivity|hepatotoxicity)\b", re.I)
AMONG = re.compile(r"\bamong (?P<a>[^.;]+)|\b(?:with|to) (?P<b>(?:other|related|similar)\b[^.;]+)", re.I)


def rule_cross(ctx: Context) -> Iterator[Found]:
    for sent in ctx.clinical():
        m = CROSS.search(sent.stated)
        if not m:
            continue
        text = sent.stated
        am = AMONG.search(text, m.end())
        among = None
        if am:
            among = cut(am.group("a") or am.group("b"),
                        r",\s|\s(?:and|but|which|although|because|may|might|can|could|is|are|has|have|"
                        r"was|were|should|would|will|occur\w*|appears?|seems?)\b")
            if runs_to_cut(sent, am.start() + len(among) + 8):
                among = None
        value = {"suspected": not cues.negated_at(text, m.start()), "among": among, "text": text}
        yield ctx.fact("cross_sensitivity", value, sent, m.start())


def rule_classes(ctx: Context) -> Iterator[Found]:
    for sent in ctx.sentences("drug_class"):
        m = re.match(r"Drug Class(?:es)?:\s*(?P<c>.+?)\.?$", sent.stated, re.I)
        if m and not runs_to_cut(sent, m.end()):
            yield ctx.fact("drug_classes", m.group("c").strip(), sent, 0, hedge=False)
    for sent, line in _lines(ctx, "drug_class_product"):
        yield ctx.fact("drug_class_paths", " ".join(line.split()), sent, 0, hedge=False)


def normalise_formula(raw: str) -> str:
    """'C10-H12-Cl-N-O2' -> 'C10H12ClNO2' (separators removed, hydrate dots kept)."""
    return re.sub(r"[-\s]", "", raw).strip(".")


def rule_chemistry(ctx: Context) -> Iterator[Found]:
    sec = ctx.mono.section("chemical_formula_and_structure")
    if sec is None:
        return
    complete = ctx.mono.text[-1:].isspace()
    for m in formula_rows(ctx.mono):
        s, e = sec.start + m.start(), sec.start + m.end()
        if e >= len(ctx.mono.text.rstrip()) and not complete:
            continue
        sent = Sentence(" ".join(m.group().split()), s, e, sec.key, 0)
        agent = m.group("name").strip()
        yield ctx.fact("cas_number", m.group("cas"), sent, 0, hedge=False, agent=agent)
        yield ctx.fact("molecular_formula", normalise_formula(m.group("formula")), sent, 0, hedge=False, agent=agent)


RULES: tuple[Callable[[Context], Iterable[Found]], ...] = (
    rule_summary, rule_approval, rule_brands, rule_chemical, rule_mechanism, rule_indications,
    rule_off_label, rule_dose_forms, rule_dose, rule_side_effects, rule_alt_rate, rule_likelihood,
    rule_injury, rule_latency, rule_metabolism, rule_outcomes, rule_thresholds, rule_cross,
    rule_classes, rule_chemistry,
)


# ---------------------------------------------------------------------------------------------


def _key(value) -> str:
    if isinstance(value, dict):
        return repr(sorted((k, str(v).lower()) for k, v in value.items() if k != "relation"))
    return str(value).lower()


def extract(monograph: Monograph) -> list[AgentRecord]:
    """Extract the facts of a monograph: one :class:`AgentRecord` per agent it covers."""
    name = monograph.title or infer_name(monograph) or Path(monograph.source).stem
    agents = agent_names(monograph)
    if len(agents) < 2:
        agents = [name]
    ctx = Context(monograph, name, agents)
    found: list[Found] = []
    seen: set[tuple[str, str, str | None]] = set()
    for rule in RULES:
        for f in rule(ctx):
            k = (f.fact.field, _key(f.fact.value), f.agent and f.agent.lower())
            if k not in seen:
                seen.add(k)
                found.append(f)
    if len(agents) == 1:
        return [AgentRecord(agents[0], monograph, [f.fact for f in found])]
    records = {a.lower(): AgentRecord(a, monograph) for a in agents}
    for f in found:
        targets = _assign(f, agents)
        for a in targets:
            records[a.lower()].facts.append(f.fact)
    return list(records.values())


def _assign(f: Found, agents: list[str]) -> list[str]:
    if f.agent:
        hit = [a for a in agents if a.lower() == f.agent.lower()]
        return hit or agents
    quote = f.fact.evidence.quote.lower() if f.fact.evidence else ""
    hit = [a for a in agents if re.search(rf"\b{re.escape(a.lower())}\b", quote)]
    if f.fact.field in ("summary",):
        return agents
    return hit or agents


__all__ = ["extract", "normalise_formula", "split_series", "RULES"]
