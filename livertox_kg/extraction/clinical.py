"""Clinical and hepatotoxicity fields: common side effects, ALT elevation rate, likelihood score,
injury pattern, latency, hepatic metabolism, outcomes, discontinuation thresholds,
cross-sensitivity."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterator

from . import cues
from .context import Context, Found, ok, runs_to_cut
from .phrases import cut, drop_explanations, list_items, split_ness

RATE = (
    # qualifiers may stack ('approximately up to 12%'); a share may be a fraction ('almost half of')
    r"(?:(?:less|fewer|more|greater) than |up to |approximately |about |nearly |almost |roughly |"
    r"as many as |as few as |~\s?)*(?:\d+(?:\.\d+)?%(?:(?: to |-|–| and )\d+(?:\.\d+)?%)?|"
    r"(?:one[- ]|a )?(?:half|third|quarter|fourth|fifth|tenth)s?(?= of))"
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


SIDE_EFFECTS = (
    re.compile(r"\b(?:most )?(?:common(?:ly reported)?|frequent|typical) (?:side effects|adverse (?:effects|events|reactions))"
               r"(?: (?:of|with|from|during) [\w -]+?)? (?:are|include|includes|consist of|were) (?P<list>.+)", re.I),
    re.compile(r"\b(?:side effects|adverse (?:effects|events|reactions)) (?:commonly |most commonly |frequently )?"
               r"(?:include|includes) (?P<list>.+)", re.I),
    # 'side effects are not common but can include ...', 'dose limiting side effects including ...',
    # 'has few side effects, but can cause ...', 'side effects are common but transient, and include ...'
    re.compile(r"\b(?:side effects|adverse (?:effects|events|reactions))\b(?P<mid>[^.;]{0,80}?)\b"
               r"(?:(?:can|may|might|could|commonly|frequently|often|typically|usually) )?"
               r"(?:include|includes|including|cause|causes|such as) (?P<list>.+)", re.I),
)
SE_END = (
    r"[;.]|,\s(?:symptoms?|which|that|but|although|all of|most of|some of|many of|several of|"
    r"and (?:these|they|are|is|may))\b|"
    r"\s(?:which|that|in up to|in \d|occurring|particularly|especially|(?:for|in|by|with|of|to) which)\b"
)
QUALIFIER = re.compile(r"(?<=\band),\s+(?:with|in|at|during|after|on)\s[^,;]{3,40},(?=\s)")


def rule_side_effects(ctx: Context) -> Iterator[Found]:
    for sent in ctx.intro() + ctx.descriptive():
        for rx in SIDE_EFFECTS:
            for m in rx.finditer(sent.stated):
                # the negation that matters is the one of the list's clause ('Side effects are not
                # common but can include headache ...': the list is stated)
                if not ok(sent, m.start("list")):
                    continue
                head = sent.stated[: m.start("list")]
                if "mid" in rx.groupindex and re.search(r"\b(?:due to|because|reduce|prevent|avoid|lessen|minimi[sz]e)\b",
                                                        m.group("mid"), re.I) and "including" not in m.group(0):
                    continue
                if cues.NOT_COMMON_QUALIFIERS.search(head) and not re.search(r"\bcommon", head, re.I):
                    continue  # 'Uncommon but potentially severe adverse events include ...'
                start = m.start("list")
                # 'those typical of anticholinergics including drowsiness, ...'
                lead = re.match(r"those\b[^,;.]*?\b(?:including|such as)\s+", m.group("list"), re.I)
                if lead:
                    start += lead.end()
                phrase = cut(sent.stated[start:], SE_END)
                # 'fatigue and, with long term use, hyperlipidemia': a qualifier after the conjunction
                # is no item
                bare = QUALIFIER.sub("", phrase)
                listed = replace(sent, text=sent.text[:start] + bare + sent.text[start + len(phrase):])
                for item in split_ness(list_items(listed, start, start + len(bare))):
                    yield ctx.fact("common_side_effects", drop_explanations(cues.strip_frequency(item)), sent, m.start())


ALT_SUBJ = r"(?:ALT|AST|[Aa]minotransferases?|[Tt]ransaminases?|[Ll]iver enzymes?|[Ss]erum enzymes?|[Ll]iver tests?)"
ALT_RATE = (
    re.compile(rf"(?P<rate>{RATE}) of (?:[\w-]+ ){{0,4}}?(?:patients|subjects|persons|recipients|users|people|adults|children)\b"
               rf"[^.;]{{0,60}}?\b(?:develop|have|had|experience|show)\w*\b[^.;]{{0,60}}?\b{ALT_SUBJ}"),
    re.compile(rf"(?:\b{ALT_SUBJ}[^.;]{{0,30}}?(?:elevations?|abnormalities)|\belevations? (?:in|of) (?:serum )?{ALT_SUBJ})"
               rf"[^.;]{{0,60}}?\b(?:in|among) (?P<rate>{RATE})(?: of|(?=\s*\()|$)"),
    # 'a low rate (1% to 2%) of transient serum enzyme elevations'
    re.compile(rf"\((?P<rate>{RATE})\) of (?:[\w-]+ ){{0,3}}?(?:serum )?{ALT_SUBJ}"),
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


