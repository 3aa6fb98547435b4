"""Identity and product fields: summary, US approval year, brand names, chemical description."""

from __future__ import annotations

import re
from typing import Iterator

from .context import Context, Found, ok, runs_to_cut, section_lines
from .lexicon import actions
from .phrases import clean_item, cut, first_top
from ..model import Fact
from ..sentences import Sentence, fold_span

# chemistry words of the first word of a description ('semisynthetic tetracycline', 'racemic mixture')
CHEMICAL_LEAD = re.compile(
    r"^(?:semisynthetic|synthetic|complex|cyclic|macrocyclic|heterocyclic|halogenated|saturated|unsaturated|"
    r"naturally occurring|racemic|human|humanized|chimeric|recombinant|monoclonal|inorganic|organic|"
    r"hydroxylated|methylated|fluorinated|chlorinated|nitrated|sulfonated|keto|l-enantiomer|d-enantiomer)\b",
    re.I,
)
CHEMICAL_CUES = re.compile(
    r"\b(?:derivatives?|analog(?:ue)?s?|congeners?|acids?|esters?|salts?|alkaloids?|steroids?|"
    r"glycosides?|flavonoids?|terpenes?|peptides?|polypeptides?|proteins?|antibod(?:y|ies)|"
    r"halogenated|gas|compounds?|rings?|molecules?|synthetic|mixtures?|oligosaccharides?|lactones?|mustards?|"
    r"complex(?:es)?|enantiomers?|disulfides?|\w+(?:cyclines?|idinones?|olides?|ulfides?|amines?)|"
    r"\w+(?:azines?|azoles?|azepines?|amines?|amides?|idines?|osides?|olones?))\b",
    re.I,
)
# a chemical class by its morphology: the suffixes of chemical nomenclature ('-azine', '-one',
# '-ate', '-oid', ...) on a long word, except everyday words with those endings
CHEMICAL_MORPH = re.compile(
    r"\b(?!(?:medicines?|vaccines?|routines?|disciplines?|machines?|hormones?|substrates?|candidates?|"
    r"intermediates?|moderate|appropriate|adequate|alternate|separate|immediate|ultimate|estimate|"
    r"protocols?|alcohols?|patients?|genes?|controls?|membranes?|guidelines?|baseline|medicine|"
    r"combinations?|deterrents?|anti\w+)\b)"
    r"[a-z][a-z-]{5,}(?:ines?|ides?|ates?|oles?|ones?|anes?|enes?|ols?|oids?|oses?|yls?|iums?)\b",
    re.I,
)
EVALUATIVE = re.compile(
    r"^(?:(?:potent|popular|commonly used|widely used|frequently used|new|newer|novel|important|"
    r"well[- ]known|orally (?:available|active)|oral|parenteral|highly|very|relatively)[, ]+)+",
    re.I,
)
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


APPROVAL = re.compile(r"\bapproved\b(?P<mid>[^.;]{0,120}?)(?:\b(?:in|since|during) |[\[(])(?P<year>1[89]\d\d|20\d\d)\b")
US = re.compile(r"United States|\bU\.S\.|\bUSA?\b|\bFDA\b")


def rule_approval(ctx: Context) -> Iterator[Found]:
    for sent in ctx.prose():
        for m in APPROVAL.finditer(sent.stated):
            if US.search(sent.stated) and ok(sent, m.start(), m.end()) and "not" not in m.group("mid"):
                yield ctx.fact("approval_year_us", int(m.group("year")), sent, m.start())
                return


BRAND_PATTERNS = (
    re.compile(rf"\b(?:brand|trade|proprietary|commercial)[ -]names?(?: of| such as| including| like|,)? (?P<list>{BRANDLIST})"),
    re.compile(rf"\b(?:available|marketed|sold|formulations?) under (?:the )?names? (?:of |such as |including |like )?(?P<list>{BRANDLIST})"),
    re.compile(rf"\b(?i:brand|trade) names? (?:for|of) [\w -]+? (?:include|includes|are|is) (?P<list>{BRANDLIST})"),
    re.compile(rf"\b(?:marketed|sold) (?:as|under) (?:the (?:brand |trade )?names? )?(?P<list>{BRANDLIST})"),
    # '... generically and under the name Zyvox', 'under the commercial name of Trileptal'
    re.compile(rf"\bunder (?:the )?(?:brand |trade |commercial |proprietary )?names? (?:of )?(?P<list>{BRANDLIST})"),
)
COMBINATION_PATTERNS = (
    re.compile(rf"\b(?i:combinations?)\b[^.;]*?\((?P<list>{BRANDLIST})(?:,? and (?:generics?|others))?\)"),
    re.compile(rf"\b(?i:combinations?)\b[^.;]*?\bunder (?:the )?(?:brand |trade |commercial )?names? (?:such as |of |including |like )?"
               rf"(?P<list>{BRANDLIST})"),
    re.compile(rf"\b(?i:combination) (?:products?|formulations?|preparations?|tablets?)\b[^.;]*?\b(?:such as|including|like) "
               rf"(?P<list>{BRANDLIST})"),
    re.compile(rf"\b(?i:combinations?)\b[^.;]*?\b(?:available|marketed|sold) as (?P<list>{BRANDLIST})"),
)
NOT_BRANDS = frozenset({"generic", "generics", "and", "or"})
GLOSSED_BRAND = re.compile(r"(?P<pre>[^(),;]{3,80})\((?P<b>[A-Z][a-z][\w]*(?:[ -][A-Z0-9][\w]*)?)\)")
FORM_WORD = re.compile(r"\b(?:tablets?|capsules?|formulations?|suspensions?|solutions?|injections?|implants?|"
                       r"patch(?:es)?|creams?|gels?|sprays?|inhalers?|preparations?|administration|use)\b", re.I)


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
                if runs_to_cut(sent, m.end()) and not sent.stated[m.end():].lstrip().startswith((",", ";")):
                    names = names[:-1]  # 'include Vibramycin, Oracea, Ad[cut]': the last complete one stays
                fld = "combination_brand_names" if _in_combination(sent.stated, m.start()) else "brand_names"
                for b in names:
                    yield ctx.fact(fld, b, sent, m.start())
        for rx in COMBINATION_PATTERNS:
            for m in rx.finditer(sent.stated):
                if not ok(sent, m.start("list")) or not _in_combination(sent.stated, m.start("list")):
                    continue
                names = _brands(m.group("list"))
                if runs_to_cut(sent, m.end()):
                    names = names[:-1]
                for b in names:
                    if re.search(r"[a-z]", b):  # brand names, not abbreviations like (HIV)
                        yield ctx.fact("combination_brand_names", b, sent, m.start())
        # 'in combination with Y (Brand1) and with Z (Brand2)': every parenthesised name after it
        first = re.search(r"\b(?i:combinations?)\b", sent.stated)
        if first and ok(sent, first.start()):
            for m in re.finditer(rf"\((?P<list>{BRANDLIST})(?:,? and (?:generics?|others))?\)", sent.stated[first.end():]):
                if runs_to_cut(sent, first.end() + m.end()):
                    continue
                for b in _brands(m.group("list")):
                    if re.search(r"[a-z]", b):
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


def _in_combination(text: str, pos: int) -> bool:
    """'in combination with X under the brand name Y', 'X in a fixed combination with Y and Z under
    the brand name W': the brand names the combination; not so when the combination is one use of
    the drug coordinated with another ('alone and in combination with others and under the brand
    ...'), or when a new clause starts between them ('..., and it is available as ...')."""
    if re.match(r"\s*(?:the |an? )?(?:fixed[- ])?(?:dose )?combinations?\b", text, re.I):
        return True  # 'A fixed combination of X and Y is available under the brand name Z'
    i = text.rfind("combination", 0, pos)
    if i < 0:
        return False
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


DESCRIPTION = re.compile(
    r"^(?P<chem>(?:Structurally|Chemically),\s+)?(?P<subj>[A-Z]?[\w-]+(?: [\w-]+){0,2}?)(?: \([^)]*\))?"
    # an apposition naming the drug otherwise: 'X (...), also called Y, is a ...'
    r"(?:,\s+(?:also\s+)?(?:called|known as|termed|named)\s+[^,]+,)? "
    r"(?:is|are) (?P<art>(?:a|an) )?(?P<np>.+)$", re.I
)
USE_LEAD = re.compile(r"(?:(?:\w+ly|more|most) )+(?:used|prescribed|known|available|active) (?=\w)", re.I)
# '(a commonly used antihistamine)' after the description is a gloss of its last word
APPOSITIVE = re.compile(r"\s*\((?:an?|the|e\.g\.|i\.e\.|such as)\s[^()]*\)$", re.I)
NP_END = (
    r",\s|\s(?:that|which|who|similar to|used|commonly|widely|associated|derived|in|for|"
    r"belonging|related|unrelated|structurally|available|approved|known|whose|where|whereby|"
    r"produced|obtained|isolated|extracted|found|originally|first|given|administered|classified|considered|"
    r"described|contained|to|with (?:a |an )?(?:broad|wide|narrow|spectrum|activity|potent|antibacterial)|"
    r"with (?!(?:a|an|one|two|three|four)\b))\b|"
    r"\sand (?=(?:is|are|was|has|have|can|may|belongs|acts|an?)\b|\w+s\b)|[.;]"
)


# nouns naming the drug by its action ('an inhibitor of ...'): such a phrase is a mechanism, not chemistry
NOUN_ACTIONS = frozenset(a.lemma for a in actions().values() if a.form == "noun" and a.strong and not a.needs)
# a therapeutic class after a chemical name: 'ketolide antibiotic', 'synthetic triazole fungicidal agent'
CLASS_TAIL = re.compile(
    r"(?<=(?:ide|ine|ole|one|ate|oid)) (?:(?:fungicidal|antifungal|antibacterial|antiviral|anticonvulsant|"
    r"antineoplastic|anesthetic|antibiotic) ?(?:agent|drug|medication)?|agent|drug)$",
    re.I,
)


def rule_chemical(ctx: Context) -> Iterator[Found]:
    for sent in ctx.descriptive() + ctx.intro():
        m = DESCRIPTION.match(sent.stated)
        if not m or not ctx.mentions_agent(m.group("subj")):
            continue
        start = m.start("np")
        # 'a previously widely used halogenated ... agent': how much it is used is no part of it
        lead = USE_LEAD.match(sent.stated, start)
        if lead:
            start = lead.end()
        np = cut(sent.stated[start:], NP_END)
        # a lone adjective or name before a comma is coordinated or restated by what follows:
        # 'a synthetic, nitrogen mustard-like alkylating agent', 'a tetrahydrolipstatin, a saturated
        # derivative of lipstatin'
        rest = sent.stated[start + len(np):]
        if len(np.split()) == 1 and re.match(r",\s+(?:(?:a|an)\s+)?[\w-]+\s+[\w-]", rest):
            more = re.match(r",\s+(?:(?:a|an)\s+)?", rest)
            start = start + len(np) + more.end()
            np = cut(sent.stated[start:], NP_END)
        # 'Chemically, X is 2,6-diisopropylphenol', 'X is tetraethylthiuram disulfide'
        if not (m.group("art") or m.group("chem") or CHEMICAL_CUES.search(np)):
            continue
        if not ok(sent, start, start + len(np)):
            continue
        np = EVALUATIVE.sub("", np).strip()
        if not np or runs_to_cut(sent, start + len(np)):
            continue
        gloss = APPOSITIVE.search(np)
        if gloss and not re.search(r"\b(?:derivatives?|analogu?es?|acids?|esters?|salts?|congeners?)\b", gloss.group()):
            # a class gloss goes ('(a commonly used antihistamine)'), a chemical one stays
            # ('(a para-aminobenzoic acid derivative)')
            np = np[: gloss.start()]
        np = re.sub(r"^the\s+", "", np, flags=re.I)
        np = re.sub(r"\s*\([A-Za-z0-9-]{1,8}\)$", "", np)  # a trailing abbreviation: '(LdT)'
        # a synonym or abbreviation in parentheses ('nucleoside analogue (cytosine arabinoside: ara-C)');
        # a chemical gloss stays ('benzamide (a para-aminobenzoic acid derivative)')
        np = re.sub(r"\s*\([^()]*:[^()]*\)$", "", np)
        # 'imidazole derivative and fungicidal agent': keep the chemical conjunct
        conj = first_top(np, r"\s+and\s+")
        if conj < len(np):
            left, right = np[:conj], np[conj:].strip()[4:]
            if CHEMICAL_CUES.search(left.split()[-1]) and not CHEMICAL_CUES.search(right):
                np = left
        if any(w.lower().rstrip("s") in NOUN_ACTIONS for w in re.findall(r"[\w-]+", np)):
            continue
        if len(np.split()) == 1 and CHEMICAL_LEAD.match(np):
            continue  # 'a synthetic, nonsteroidal antiandrogen': one adjective is no description
        if not re.search(r"(?:lactone|ketone)\b", np):
            np = CLASS_TAIL.sub("", np)
        # the head noun of the phrase (before its complement) named as a chemical class by its morphology
        head = (np[: first_top(np, r"\s(?:of|with|containing|that|from)\s")].split() or [""])[-1]
        if m.group("chem") or CHEMICAL_CUES.search(np) or CHEMICAL_LEAD.search(np) or CHEMICAL_MORPH.fullmatch(head):
            yield ctx.fact("chemical_description", np, sent, start)
            return


