"""Dose forms and strengths, and the recommended adult dose."""

from __future__ import annotations

import re
from typing import Iterator

from .context import Context, Found, ok, runs_to_cut
from .lexicon import cue_table, read_tsv
from .phrases import cut
from ..sentences import Sentence


def _words(role: str) -> str:
    """The words of one role in dose-forms.tsv as an alternation, longest first."""
    words = sorted({r["word"].lower() for r in read_tsv("dose-forms.tsv") if r["role"] == role},
                   key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in words)


CONTAINER = rf"(?:{_words('container')})"
FORMNOUN = rf"(?:{_words('form')}|{_words('container')})"
# a strength in parentheses after a form: 'an oral solution (1 mg/mL)', 'tablets (10 and 15 mg)'
AMOUNT = r"\((?:[^()]*\d[^()]*)\)"
STOP = r"(?!(?:in|of|and|or|as|the|a|an|with|under|are|is|also|both|by|for|to)\b)"
MOD = rf"{STOP}[a-z][\w-]*\s+"
# a form noun phrase, or a coordinated list of them sharing one purpose ('gels, foam, lotion and creams
# for topical use', 'capsules and tablets', 'oral and parenteral forms')
# a word of a purpose phrase, with an abbreviation in parentheses ('intravenous (iv)')
PWORD = r"[a-z][\w-]*(?: \([a-z]{1,4}\))?\s+"
# the drug itself after a form, with its salt: 'tablets of drugq hydrochloride' (checked to name the agent)
OF_AGENT = rf"(?: of (?!\d)[A-Za-z][\w-]+(?: (?:{_words('salt')}))?\b)"
FORMHEAD = rf"{FORMNOUN}(?:\s+{FORMNOUN})?{OF_AGENT}?"  # a compound head: 'liquid solution', 'powder formulation'
FORMPH = (rf"(?:(?:{MOD}){{0,2}}?{STOP}[a-z][\w-]*\s+(?:and|or)\s+)?(?:{MOD}){{0,3}}?{FORMHEAD}"
          rf"(?:(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:an?\s+)?(?:{MOD}){{0,2}}?{FORMNOUN}(?![\w-]))*"
          # what the form is for: 'for intravenous use', 'powder for oral suspension'
          rf"(?:\s+for\s+(?:{PWORD}){{0,4}}?(?:use|administration|injections?|infusions?|inhalation)\b|"
          rf"\s+for\s+(?:[a-z][\w-]*\s+){{0,2}}?{FORMNOUN}\b|"
          rf"\s+for\s+[a-z][\w-]*(?:\s+(?!(?:and|or|in|as|under|with)\b)[a-z][\w-]*){{0,2}}?)?")
NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
# a unit, or a concentration of one per another ('mg/mL', 'mg/0.8 mL', 'mg/24 hours', 'mcg/actuation')
BASE_UNIT = r"(?:mg|mcg|µg|g|mL|ml|IU|units|grams?|milligrams?|micrograms?)"
UNIT = (rf"(?:{BASE_UNIT}(?:/\s?(?:{NUM}\s?)?(?:mL|ml|L|kg|m2|hours?|day|dose|actuation|spray|inhalation)\b)?|%)"
        r"(?![A-Za-z])")
# numbers in a list may each carry the unit ('5 mg, 10 mg and 20 mg', '2.5 mg to 10 mg')
NUMU = rf"{NUM}(?: ?{UNIT})?"
NUMS = rf"{NUMU}(?:(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|to)\s+){NUMU})*"
# a strength after a form: 'of 10, 20 and 40 mg', 'ranging from 20 to 100 mg', with a concentration
# after it ('vials of 10 and 50 mL in concentrations of 20 mg/mL')
USE = rf"(?: for (?:{PWORD}){{0,3}}?(?:use|administration|injections?|infusions?|inhalation)\b)?"
STRENGTH = (rf"(?:(?:(?:of|ranging from) {NUMS} ?{UNIT}(?: {AMOUNT})?"
            rf"(?: in (?:concentrations|strengths|doses) of {NUMS} ?{UNIT})?"
            # 'in 50, 150 and 450 mg amounts', 'in 20 and 50 mg vials [5 mg/mL]', 'in 1 or 2 grams per vial'
            rf"|in {NUMS} ?{UNIT} (?:{FORMNOUN}|amounts|strengths|sizes|per (?:vial|tablet|capsule|dose)\b)(?: \[[^\]]*\])?"
            # 'an oral tablet in strengths of 5 and 10 mg'
            rf"|in (?:strengths|sizes|concentrations|doses) of {NUMS} ?{UNIT}"
            # what the form is packed in: 'a solution for injection in prefilled pens', 'in single use vials of 100 mg'
            rf"|in (?:{MOD}){{0,3}}?{CONTAINER}\b(?: of {NUMS} ?{UNIT})?"
            rf"){USE}"
            # a parenthesised strength: 'tablets (5 mg) and capsules (10 mg)', with a purpose (DF5)
            rf"|{AMOUNT}{USE})")
# where, between 'available' and the forms: 'available in the United States in parenteral formulations'
WHERE = (r"(?:in (?:the )?(?:United States|U\.S\.|Europe|Canada) )?"
         # how it is sold: 'available (both) by prescription and over the counter in capsules'
         r"(?:(?:both )?(?:by prescription|over[- ]the[- ]counter)(?: (?:and|or) (?:by prescription|over[- ]the[- ]counter))? )?"
         # 'available generically and under the brand name Xyz in vials of ...'
         r"(?:(?:generically|in (?:multiple |several )?generic forms?)(?: and)? )?"
         r"(?:under the (?:brand|trade) names? (?:of )?[A-Z][\w-]* )?")
# a strength left open: 'syrup in various concentrations'
VARIOUS = r" in (?:various|several|multiple|different) (?:concentrations|strengths|doses)"
# an article and an evaluative modifier before a form are not part of it ('as a more reliably absorbed
# microemulsion formulation')
LEAD = r"(?:(?:an?|the|both|either) )?(?:(?:more|less|most) (?:[a-z]+ly )?[a-z]+ed )?"


# forms as the subject of 'available': coordinated, with a purpose and a strength in parentheses
SMOD = r"(?!(?i:in|of|and|or|as|the|a|an|with|under|are|is|also|both|by|for|to|have|has)\b)[A-Za-z][\w-]*\s+"
SUBJECT_FORMS = (rf"(?:{SMOD}){{0,3}}?(?i:{FORMNOUN}){OF_AGENT}?(?:(?:,\s*(?:and\s+)?|\s+(?:and|or)\s+)(?:{SMOD}){{0,3}}?{FORMNOUN})*"
                 # its strengths: 'patches of drugq in amounts of 5 and 10 mg/24 hours are available'
                 rf"(?: in (?:amounts|doses|strengths|sizes|concentrations) of {NUMS} ?{UNIT})?"
                 rf"(?: for (?:{PWORD}){{1,4}}?(?:use|administration|injections?|infusions?)\b)?(?: {AMOUNT})?")
AVAILABLE_VERB = r"(?:is|are|became|(?:has|have) (?:also |now |recently )?(?:become|been made))"
# 'available in several formulations including tablets, capsules and oral solutions'
INCLUDING = re.compile(rf"\b(?:forms?|formulations?|preparations?|products?),? (?:including|such as|like) {LEAD}"
                       rf"(?P<piece>{FORMPH}(?: {STRENGTH}| {AMOUNT})?)(?![\w-])")
DOSE_FORM_PATTERNS = (
    # available in tablets of 10, 20 and 40 mg (and extended release tablets of 400 mg)
    re.compile(rf"\b(?:in|as|available|include|includes|including|formulations? of(?= {FORMNOUN}\b)) {LEAD}(?P<piece>{FORMPH} {STRENGTH}(?:(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:an? )?{FORMPH} {STRENGTH})*)"),
    # available in 500 and 750 mg tablets
    # (and 20 mg capsules)
    re.compile(rf"\b(?:in|as) (?:an? )?(?P<piece>{NUMS} ?{UNIT} (?:{MOD}){{0,2}}?{FORMNOUN}(?:\s+(?:and|or)\s+{FORMNOUN})?\b{OF_AGENT}?"
               rf"(?: of {NUM} ?{UNIT})?{USE}"
               rf"(?:(?:,\s*(?:and\s+)?|\s+and\s+)(?:an? )?{NUMS} ?{UNIT} (?:{MOD}){{0,2}}?{FORMNOUN}\b{OF_AGENT}?{USE})*)"),
    # chewable tablets are available in doses of 2, 5 and 25 mg / Generic formulations are available (25 mg)
    # 'Topical creams and gels are also available', 'a formulation for monthly injection has also become available'
    re.compile(rf"(?<![\w-])(?P<piece>(?P<form>{SUBJECT_FORMS}) {AVAILABLE_VERB} (?:also |now |currently |only |recently )?"
               rf"available(?P<amount> (?:in (?:doses|strengths|sizes|concentrations) of|in|as) {NUMS} ?{UNIT}| \({NUMS} ?{UNIT}\))?)"),
    # usually in doses of 200, 400 or 800 mg
    re.compile(rf"\bin (?:doses|strengths) of (?P<piece>{NUMS} ?{UNIT})"),
    # supplied as tablets
    re.compile(rf"\b(?:available|supplied|marketed|sold) (?:\w+ )?{WHERE}(?:as|in) {LEAD}(?P<piece>{FORMPH}(?: {AMOUNT}|{VARIOUS})?)(?! of \d)(?![\w-])"),
    # the further pieces of an 'available' list: '..., as orally disintegrating tablets (10 and 15 mg) and as
    # a solution for intramuscular injection', 'as well as in parenteral forms', 'and in injectable forms'
    INCLUDING,
    re.compile(rf"(?:(?:,|\band)\s+(?:also\s+)?(?:as|in)|\bas well as(?:\s+(?:as|in))?|\band(?= an? )) {LEAD}(?P<piece>{FORMPH}(?: {AMOUNT}| {STRENGTH}|{VARIOUS})?)(?![\w-])"),
)
FURTHER = DOSE_FORM_PATTERNS[-1]
# 'available in tablets of 20, 30 and 4[cut]': the strengths are cut, the form is stated
CUT_STRENGTH = re.compile(rf"\b(?:available|supplied) (?:\w+ )?{WHERE}(?:as|in) {LEAD}(?P<piece>{FORMPH}) of {NUM}[\d.,\s]*(?:(?:and|or)\s*[\d.]*)?$")
# a sentence whose subject is one capitalised name ('Escitalopram was approved ... and is available ...')
SUBJECT = re.compile(r"^(?!(?:It|This|These|They|Both|All|Most|Many|Some|Oral|Parenteral|Generic)\b)"
                     r"([A-Z][a-z][\w-]+) (?:is|are|was|were|has|have)\b")


# DF2: a coordination of forms each with its own strengths splits into pieces: at a separator after a
# strength (and its purpose) before a form ('tablets of 5 mg, capsules of 10 mg', 'tablets (5 mg) and
# capsules'), or after a strength-first form before the next strength ('10 mg tablets and 20 mg capsules')
PIECE_SEP = re.compile(r"(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|as well as)\s+)(?:(?:also\s+)?(?:as|in)\s+)?(?:an?\s+)?")
ENDS_STRENGTH = re.compile(rf"(?:\d ?{UNIT}|\))(?:{USE})?$")
ENDS_FIRST_FORM = re.compile(rf"\d ?{UNIT} (?:[\w-]+ ){{0,2}}?{FORMNOUN}{OF_AGENT}?(?:{USE})?$", re.I)


def _pieces(piece: str) -> list[str]:
    """One piece per form with its own strengths (DF2); forms sharing strengths, or a list of
    strengths, stay one piece (DF3)."""
    out, start = [], 0
    for m in PIECE_SEP.finditer(piece):
        left, right = piece[start:m.start()], piece[m.end():]
        if not right or _inside_brackets(piece, m.start()):
            continue
        if (ENDS_STRENGTH.search(left) and re.match(r"[a-z]", right, re.I) and re.search(FORMNOUN, right, re.I)) or \
                (ENDS_FIRST_FORM.search(left) and re.match(r"\d", right)):
            out.append(left)
            start = m.end()
    out.append(piece[start:])
    return [p.strip() for p in out if p.strip()]


def _inside_brackets(text: str, pos: int) -> bool:
    return text[:pos].count("(") > text[:pos].count(")")


# what may stand between two forms of one run (DF4): a comma, a conjunction, 'as'/'in', an article
RUN_GAP = re.compile(r"\s*,?\s*(?:(?:and|or)\s+)?(?:also\s+)?(?:(?:as|in)\s+)?(?:an?\s+)?")
ENDS_PURPOSE = re.compile(rf"{USE}$|\bfor\s+[\w\s-]+$")


def _join_bare_runs(kept: list) -> list:
    """Forms without strengths of their own that follow one another in one sentence are one piece, as
    written ('teas, capsules and as an herbal tea'; DF4); a strength or a purpose ends a piece (DF2)."""
    out = []
    for p in kept:
        if out:
            q = out[-1]
            text = p[2].stated
            qs = text.find(q[1])
            ps = text.find(p[1], qs + len(q[1])) if qs >= 0 else -1
            bare = not re.search(r"\d", q[1] + p[1]) and not re.search(r"\bfor\b", q[1])
            if q[2] is p[2] and bare and ps >= 0 and RUN_GAP.fullmatch(text, qs + len(q[1]), ps):
                out[-1] = (q[0], text[qs:ps + len(p[1])], q[2], q[3])
                continue
        out.append(p)
    return out


def rule_dose_forms(ctx: Context) -> Iterator[Found]:
    pieces: list[tuple[int, str, Sentence, int]] = []
    for order, sent in enumerate(ctx.descriptive()):
        text = sent.stated
        subj = SUBJECT.match(text)
        if subj and not (ctx.mentions_agent(subj.group(1)) or re.fullmatch(FORMNOUN, subj.group(1), re.I)):
            continue  # 'Escitalopram ... is available in tablets of ...': another drug's products
        for rx in DOSE_FORM_PATTERNS:
            for m in rx.finditer(text):
                if not ok(sent, m.start()) or runs_to_cut(sent, m.end()):
                    continue
                piece = m.group("piece")
                if "form" in rx.groupindex and not m.group("amount"):
                    piece = m.group("form")
                if re.search(r"\b(?:generic|combination|over-the-counter|nonprescription|prescription)\b", piece, re.I) \
                        and not re.search(r"\d", piece):
                    continue  # 'Over-the-counter formulations are also available': a market, not a form
                # an article or a quantifier before the form is no part of it ('An extended release form
                # is also available' -> 'extended release form')
                piece = re.sub(r"^(?:(?i:an?|the)|several|multiple|various|many|different)\s+", "", piece)
                if re.fullmatch(r"(?:oral |other )?(?:forms?|formulations?)", piece, re.I):
                    continue  # 'multiple formulations': no form named
                if rx is DOSE_FORM_PATTERNS[3] and (not re.search(r"availab|formulation|tablet|capsule", text) or
                                                    re.search(r"\b(?:given|administered|taken|dosed)\s+$", text[:m.start()])):
                    continue  # 'is usually given in doses of 250 to 500 mg': a dose, not a strength
                if rx in (FURTHER, INCLUDING) and not re.search(r"\bavailable\b", text[:m.start()]):
                    continue
                named = [w for w in re.findall(r"\bof (?!\d)([A-Za-z][\w-]+)", piece)
                         if not re.fullmatch(FORMNOUN, w, re.I) and w.lower() not in ("use", "administration")]
                if any(not ctx.mentions_agent(w) for w in named):
                    continue  # 'solutions of otherdrug': another drug's product
                for k, part in enumerate(_pieces(piece)):
                    pieces.append((order * 10000 + m.start("piece") + k, part, sent, m.start()))
        cut_off = CUT_STRENGTH.search(text) if sent.truncated else None
        if cut_off and ok(sent, cut_off.start()):
            pieces.append((order * 10000 + cut_off.start("piece"), cut_off.group("piece"), sent, cut_off.start()))
    pieces.sort(key=lambda p: p[0])
    kept = []
    for p in pieces:
        low = p[1].lower()
        if any(low != q[1].lower() and low in q[1].lower() for q in pieces):
            continue
        if any(low == q[1].lower() for q in kept):
            continue
        kept.append(p)
    kept = _join_bare_runs(kept)
    if kept:
        value = "; ".join(p[1] for p in kept)
        yield ctx.fact("dose_forms_and_strengths", value, kept[0][2], kept[0][3])


# a dose is a number, or a count of units ('one tablet daily', 'a single infusion of X (85 mg/m2)')
DOSE_START = r"(?=\d|(?:one|two|three|four|a|an) (?:single )?(?:oral |intravenous |daily |weekly )?(?:tablets?|capsules?|infusions?|injections?|doses?|puffs?)\b)"
DOSE = re.compile(
    r"\b(?i:recommended|usual|typical|standard|suggested)(?P<qual>(?: (?:adult|starting|initial|induction|maintenance|daily|"
    r"oral|total))*) (?:range of (?:\w+ )?)?(?:doses?|dosages?|regimens?|dosing)(?: regimen)?"
    # what the dose is for: 'of X for adults', 'used to treat schizophrenia'
    r"(?P<for>(?: (?:for|in|of) [^,;]*?| (?:used|given|recommended) (?:to|for|in) [^,;]*?)*)? (?:is|are|was|were|being|ranges from|of) "
    # 'the recommended regimen is to start with 0.5 mg once daily' (RD1: the frame is dropped)
    r"(?:to (?:start|begin) (?:with|at) )?"
    rf"(?P<dose>{DOSE_START}.+)"
)
# 'The dose of drugq for adults is 10 mg once daily': no qualifier, ranked after the qualified forms
PLAIN_DOSE = re.compile(
    # also after a fronted phrase: 'For gout, the dose of X is 100 mg daily' (RD6)
    r"(?:^(?:In [a-z]+ )?|(?<=, ))(?:The|the) (?:daily |oral |adult )?(?:dose|dosage)(?P<for>(?: (?:for|in|of) [^,;]*?)*)? (?:is|are) "
    rf"(?P<dose>{DOSE_START}.+)"
)
GIVEN = re.compile(
    r"\b(?:is|are) (?:typically |usually |generally |commonly |normally )?(?:given|administered|taken|dosed|started|initiated|begun) "
    # a route adverb between: 'given orally in doses of', 'administered intravenously at a dose of'
    r"(?:[a-z]+ly )?(?:in|at|as) (?:(?:an? )?(?:doses?|dosages?) of (?=\d))?(?P<dose>(?:(?:an? )?(?:doses?|concentrations?|amounts?) [^.;]*?)?\d[^.;]*)"
)
# who takes it as the subject: 'Adults take 1 to 2 grams every 8 hours', 'whereas adults receive 200 mg' (RD4, RD7)
TAKERS = re.compile(
    r"\b(?P<qual>(?i:adults|adult patients|patients|most patients|children|infants))(?: (?:typically|usually|generally|commonly|normally))? "
    rf"(?:take|receive|are given|are treated with|are prescribed) (?P<dose>{DOSE_START}.+)"
)
TYPICAL = re.compile(
    r"\b(?:typically|usually|generally|commonly) (?:given )?as (?P<dose>\d[^.;]*?\b(?:daily|weekly|hourly|"
    r"times|every \d+ hours)\b[^.;]*)"
)
# where a dose ends (RD3, RD4): before titration, limits and conditions (data/lexicon/dose-ends.tsv), with the
# comma or 'and' before them; combination partners and fixed stages stay (RD2)
DOSE_ENDS = "|".join(f"(?:{p})" for p in cue_table("dose-ends.tsv").values())
DOSE_END = (rf"[;]|\.(?!\d)|(?:,\s*(?:and\s+)?|\s+and\s+|\s+)(?:{DOSE_ENDS})|"
            r",\s(?:whereas|while|although|which|but|"
            r"and (?:it|is|are|should|may|can|the)|continued|until|(?!increasing|escalating|titrating|rising)\w+ing)\b|"
            r"\sand (?:it|this) (?:is|was|can|should|may)\b|\sin (?:adults|children|patients)\b|"
            # what follows the dose is part of the regimen only when it is a dose too ('followed by 50 mg
            # every 12 hours'), not when it is how the dose changes ('followed by increases at weekly intervals')
            r",?\sfollowed by (?!(?:[\w-]+ ){0,2}\d|(?:a|an|one|two|three) |doses? of)")
# the words a cut leaves are complete, but a phrase the cut runs into is not: a participle or time
# phrase at the cut ('1 gram given either o[cut]', 'once a day during concurrent radiation t[cut]')
CUT_PHRASE = re.compile(r"\s+(?:given|taken|administered|during|until|before|after|followed)\b(?:\s+[\w-]+){0,3}$")
AMOUNT_AND_TIMES = r"\d\s*(?:mg|g|mcg|µg|units|%|grams?)\b.*\b(?:daily|weekly|hours?|times|day)\b"
# a partner drug's own dose in parentheses ('800 mg every 8 hours with or without ritonavir (usually
# 100 to 200 mg twice daily)') belongs to the partner
PARTNER_DOSE = re.compile(r"(\bwith(?: or without)? [\w/-]+) \([^()]*\d[^()]*\)$")


def rule_dose(ctx: Context) -> Iterator[Found]:
    candidates = []
    for sent in ctx.descriptive():
        for rx, rank in ((DOSE, 1), (PLAIN_DOSE, 2), (TAKERS, 2), (GIVEN, 3), (TYPICAL, 3)):
            for m in rx.finditer(sent.stated):
                dose = re.sub(r"^an? (?=single\b)", "", cut(m.group("dose"), DOSE_END))
                # a negation after the dose's end ('..., not to exceed 40 mg daily') is no part of it
                if not ok(sent, m.start(), m.start("dose") + max(len(dose), 1)):
                    continue
                if dose and runs_to_cut(sent, m.start("dose") + len(dose)):
                    # '400 mg once daily o[cut]': the complete words before the cut, when they still
                    # state an amount and how often
                    dose = re.sub(r"(?:\s+(?:in|or|and|with|for|to|of|at|by|on|as|either))+$", "", dose).rstrip(" ,;")
                    shorter = CUT_PHRASE.sub("", dose)
                    if shorter != dose and re.search(AMOUNT_AND_TIMES, shorter):
                        dose = shorter
                    if not re.search(AMOUNT_AND_TIMES, dose):
                        continue
                dose = PARTNER_DOSE.sub(r"\1", dose)
                if not dose:
                    continue
                # who the dose is for: the qualifier, the for-phrase and the clause before it ('In children
                # the dose is ...'); a children's dose is never the value (RD7)
                clause = re.split(r"[,;]|\b(?:whereas|while|but)\b", sent.stated[:m.start("dose")])[-1]
                scope = " ".join(filter(None, (clause, m.groupdict().get("qual"), m.groupdict().get("for"))))
                if re.search(r"\b(?:child|children|pediatric|infants?|neonates?|adolescents?)\b", scope, re.I) and \
                        not re.search(r"\badults?\b", scope, re.I):
                    continue
                r = rank
                if rank == 1 and re.search(r"\badults?\b", scope):
                    r = 0
                candidates.append((r, sent.start, dose, sent, m.start()))
    if candidates:
        r, _, dose, sent, pos = min(candidates, key=lambda c: (c[0], c[1]))
        yield ctx.fact("recommended_adult_dose", dose, sent, pos)


