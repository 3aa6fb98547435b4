"""Indications and off-label uses: whole conditions, one per item."""

from __future__ import annotations

import re
from typing import Iterator

from . import cues
from . import grounding
from .context import Context, Found, ok, runs_to_cut
from .lexicon import indication_words
from .parse import FRAME, parse, subject_is_agent
from .phrases import MODIFIERS, _adjective, clean_item, drop_explanations, drop_therapy_notes, cut, first_top, list_items, split_series, split_top

THERAPY = r"(?:treatment|management|relief|prevention|prophylaxis|(?:immuno|chemo)?therapy|control|symptomatic relief)"
# a second purpose coordinated with the first, with its own duration or setting modifier: 'prophylaxis and
# chronic treatment of', 'therapy or post-exposure prevention of'
MORE_THERAPY = (rf"(?: (?:and|or) (?:(?:short|long)[- ]term |chronic |acute |symptomatic |post-?exposure |"
                rf"pre-?exposure |maintenance |adjunctive |adjuvant |the )?{THERAPY})?")
# adverbs before a preposition, also coordinated: 'used orally, topically and parenterally for'
ADVS = r"(?:\w+ly(?:,?\s+(?:and\s+|or\s+)?))*"
# a purpose stated as lowering a risk: 'to decrease the risk of (recurrence of) stroke'
RISK = r"to (?:decrease|reduce|lower|lessen|minimize) the (?:risk|incidence|frequency|rate) of (?:(?:recurrences?|relapses?) of )?"

# a purpose frame that opens a coordinated piece of an indication list: 'as either monotherapy or
# adjunctive therapy for', 'as adjunctive treatment with antidepressants for', 'as prophylaxis against',
# 'as single agent in'
PURPOSE_AS = (rf"(?:as (?:either )?(?:(?:an? )?(?:monotherapy|single agent|(?:adjunct|adjunctive|adjuvant|first[- ]line|"
              rf"second[- ]line|primary|initial|maintenance|{THERAPY[3:-1]})(?: therapy| treatment| agent)?)(?:\s+or\s+|\s+and\s+)?)+"
              rf"(?:\s+with [^,;]*?)?\s+(?:(?:for|of|in|against)\s+|{RISK}))")
# where a list of indications goes on with another purpose: 'A and as adjunctive therapy for B',
# 'A, for B and C', 'A and for B'
PURPOSE_NEXT = (rf"(?:{PURPOSE_AS}|for\s+(?!example\b|instance\b)|"
                # 'A, and in B' (IN7): a second setting of use, not a population or a manner
                rf"in\s+(?!(?:the|a|an|patients|persons|people|adults|children|women|men|combination|conjunction|vitro|vivo|addition|"
                rf"some|many|most|all|both|doses?|high|low)\b)(?=[a-z])|{THERAPY}{MORE_THERAPY} (?:of|for)\s|"
                rf"in (?:the )?(?:(?:short|long)[- ]term |chronic |acute |symptomatic )?{THERAPY} (?:of|for)\s)")
# ('A and subsequently for B': an adverb before the second purpose belongs to neither item)
PURPOSE_SPLIT = rf"(?:,\s*(?:and\s+)?|\s+and\s+)(?:(?:later|subsequently|also|more recently|recently|then) )?(?={PURPOSE_NEXT})"

LIST_END = (
    r"[;.]|,\s(?:which|that|who|and|but|whereas|while|either|although|particularly|especially|because|not)\b|"
    r"\snot (?:related|due|caused|associated)\b|"
    r"\s(?:either|due to|alone or|in combination|as well as|but|whereas|while|because)\b|"
    r"\s(?:and|or) (?:is|are|was|were|has|have|had|its|it|can|could|may|might|should|must|will|would)\b"
)
# Indication lists go on past 'as well as' ('X as well as relief of symptoms of Y'), past a coordinated
# purpose ('A and as adjunctive therapy for B', 'A and as either monotherapy or ...') and past 'due to'
# (an organism qualifier is dropped, a cause stays with its item: see ORGANISM_QUALIFIER, ATTACHED),
# and stop at a trailing clause ('hypothyroidism, with more than 20 million prescriptions filled yearly').
INDICATION_END = (
    LIST_END.replace("|as well as|", "|").replace(r"\s(?:either|due to|", r"(?<!\bas)\s(?:either|")
    .replace(r",\s(?:which|that|who|and|", r",\s(?:which|that|who|")
    + r"|,\s(?:with|accounting|making|representing|resulting|as (?!well as|(?:either )?(?:an? )?(?:monotherapy|"
      r"single agent|adjunct|adjunctive|adjuvant|therapy|treatment|prophylaxis|prevention)\b))\b|"
      r"\s(?:in|within) the United States\b|"
      # a time qualifier after a comma ('X, during the last trimester')
      r",\s(?:during|when|until|once)\b|"
      # a participial clause about how the drug acts ('hyperkalemia, acting by binding potassium')
      r",\s(?:acting|working|binding|blocking|inhibiting|targeting|leading|allowing|requiring)\b|"
      r"\s(?:or|and) (?:long|short)[- ]term\b|\sand (?:current |its |the |other |later )?indications?\b|\s(?:both )?in vitro\b|"
      r"\s(?:in|within) (?:clinical|randomized) trials\b|\s(?:is|are|was|were)\b|\s(?:in|since) (?:19|20)\d\d\b(?!\s+and\s+(?:for|in|as)\b)|"
      r"\s(?:although|though)\b|\s(?:unresponsive|refractory|intolerant) to\b|,\san?\s|"
      # a second purpose led by an adverb: '... or postoperatively to reverse X' (read by 'to reverse')
      r"\s(?:or|and) \w+ly(?: to\b|\s*$)|"
      # a patient who did not respond qualifies the patient ('acne in a patient who has failed to respond ...')
      r"\swho (?:has |have |had )?(?:failed|not responded|did not|does not|do not|cannot|progressed|relapsed)\b|\s(?:both )?in vivo\b|,\sboth (?:for|in|as)\b|"
      # a relative clause of place and a reduced relative ('tuberculosis used only in combination')
      r"\swhere\b|\s(?:used|given|administered|taken)\b|"
      r",\s(?:based|depending)\s(?:up)?on\b|"
      # an absolute clause ('X, the usual dose being 10 mg daily')
      r",\s(?:the\s)?(?:[\w-]+\s){0,3}being\b|"
      # an appended qualifier led by a frequency adverb ('breast cancer, usually after resection')
      r",\s(?:usually|often|typically|generally|commonly|frequently|sometimes)\s|"
      # a relative clause with a finite verb qualifies the condition ('major depression that has not
      # responded to ...')
      r"\s(?:that|which)\s(?:\w+\s)?(?:has|have|had|is|are|was|were|do|does|did|can|cannot|could|may|will|fails?|failed|responds?|responded)\b")
# the organisms an infection is due to are no part of the condition ('skin infections due to
# susceptible bacteria', 'pneumonia due to staphylococci (either methicillin-sensitive or -resistant)',
# 'infections caused by Staphylococcus aureus or pyogenes')
ORGANISM = (r"(?:[^,;()]{0,80}?\b\w*(?:organisms?|bacteria|species|strains|pathogens|microbes|fungi|viruses|cocci|bacilli)\b|"
            # a genus, or a binomial ('Staphylococcus aureus'), not an eponymous condition ('Alzheimer disease')
            r"[A-Z][a-z]{3,}(?:\s+(?!(?:disease|syndrome|disorders?|lymphoma|sarcoma|palsy|infections?)\b)[a-z]{3,})?"
            r"(?=\s+or\s+[a-z]|\s+\(|[,.;)]|$))(?:\s+\([^()]*\))?")
ORGANISMS_NAMED = (rf"(?:,?\s+(?:such as|including|e\.g\.,?)\s+(?:\(but not limited to\)\s+)?{ORGANISM}"
                   rf"(?:(?:,\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+){ORGANISM})*)?")
ORGANISM_QUALIFIER = re.compile(
    rf",?\s+(?:due to|caused by)\s+(?:(?:susceptible|sensitive|resistant)\s+agents\b{ORGANISMS_NAMED}|"
    rf"{ORGANISM}(?:(?:\s+or\s+|\s+and\s+|,\s+)(?:{ORGANISM}|[a-z]{{4,}}(?=[,.;]|$)))*)")
ATTACHED = r",?\s(?:caused by|due to|resulting from|secondary to|associated with)\s"
# the verbs of a purpose: 'to treat X', 'to alleviate X', 'to protect against X'
PURPOSE_VERB = r"treat|prevent|manage|control|relieve|reverse|alleviate|ease|protect against"
INDICATION_PATTERNS = (
    re.compile(rf"\bindicated (?:primarily |mainly |chiefly |only |also )?(?:for|in|as) (?:the |an? )?"
               rf"(?:(?:(?:symptomatic|palliative|(?:short|long)[- ]term|chronic|acute|initial|primary|first[- ]line|"
               rf"second[- ]line|adjunctive|adjuvant) )?{THERAPY}{MORE_THERAPY} (?:of|in|for) )?(?P<list>.+)"),
    re.compile(rf"\b(?:applied|adjunct|adjunctive therapy) to (?:the )?{THERAPY} (?:of|for) (?P<list>.+)"),
    # the list stops before a second purpose ('to treat A or postoperatively to reverse B')
    # ('to treat or prevent A': coordinated purpose verbs share the list)
    re.compile(rf"\bto (?P<verb>{PURPOSE_VERB}) "
               rf"(?:(?:and|or|and/or) (?:{PURPOSE_VERB}) )?"
               rf"(?P<list>(?:(?!\bto (?:{PURPOSE_VERB})\b).)+)"),
    # 'The major use is (treatment or prevention of) X'
    re.compile(rf"\b(?i:the )?(?:major|main|primary|principal|chief|usual|common|most common) uses? (?:of [\w -]+? )?(?:is|are|was|were|include|includes) "
               rf"(?:(?:the )?{THERAPY}{MORE_THERAPY} (?:of|for|in) )?(?P<list>.+)"),
    re.compile(r"\b(?i:i)ndications? (?:for [\w -]+? )?(?:is|are|include|includes) (?:(?:limited|restricted|confined) to )?(?:the )?(?P<list>.+)"),
    re.compile(rf"\b(?:used|given|administered|prescribed|employed|available)\b[^.;]{{0,60}}?\b(?:for|in|as) (?:the |an? )?(?:(?:a )?means of )?(?:adjuvant |adjunctive |adjunct )?"
               rf"(?:(?:short|long)[- ]term |chronic |symptomatic )?"
               rf"{THERAPY}{MORE_THERAPY} (?:of|in|for|against) (?P<list>.+)"),
    # 'indications now include', 'indications have broadened to', 'were extended to', 'several indications including'
    re.compile(r"\b(?i:i)ndications?\b[^.;]{0,60}?\b(?:now |also )?(?:include[sd]?|including|"
               r"(?:broadened|extended|expanded) to(?: include)?) (?:the )?(?P<list>.+)"),
    re.compile(r"\b(?:for|of) the indications? of (?P<list>.+)"),
    re.compile(r"\bapprov(?:ed|al) for use in (?!(?:[A-Z][a-z]+ ){0,2}?[A-Z][a-z]+,? (?:in|since|during) (?:19|20)\d\d\b)(?!the United States\b|the U\.?S\.?\b|\d|(?:children|adults|patients)(?! with\b)|"
               r"combination|Europe|Canada|Japan|many|several|other)(?P<list>.+)"),
    re.compile(rf"\b(?:is|are|was|were|remains?) (?:considered |now |currently )?(?:an? |the )?(?:first[- ]line |"
               rf"standard |mainstay of |preferred )?{THERAPY} (?:for|of|in) (?P<list>.+)"),
    re.compile(rf"\b(?:helpful|beneficial|useful|effective|efficacious) (?:for|in) (?:treating|preventing|managing|controlling|"
               rf"(?:the )?{THERAPY}{MORE_THERAPY} (?:of|for|in)) (?P<list>.+)"),
    # 'which has led to its use in A, B and C' (a pregnancy or a population is no use's condition)
    re.compile(rf"\bits (?:current |clinical |widespread |main )?use (?:in|for) (?:the )?(?:{THERAPY}{MORE_THERAPY} (?:of|for|in) )?"
               rf"(?!pregnan|lactation|patients|children|adults|women|men|the elderly|elderly|combination|clinical|"
               rf"practice|this|these|such|an?\b|\d)(?P<list>.+)"),
    # ('poorly effective in X' denies the use: IN8)
    re.compile(r"(?<!poorly )(?<!minimally )(?<!marginally )(?<!less )\b(?:helpful|beneficial|useful|effective) in (?:the )?(?!combination|conjunction|patients|children|"
               r"adults|some|many|most|a |an |\w+ing\b)(?P<list>.+)"),
    re.compile(rf"\bused (?:primarily |mainly |commonly |also |widely |largely )?"
               rf"(?:as an? (?:[\w-]+ ){{1,5}}?(?=to (?:improve|prevent|treat|control|manage|relieve)\b))?"
               rf"(?P<verb>{RISK}|to [a-z]+ )"
               r"(?:(?:and|or|and/or) (?:treat|prevent|manage|control|relieve|reverse) )?(?P<list>.+)"),
    re.compile(r"\bapproved for use as an? (?:(?! in )[\w -])+? in (?!the United States\b|the U\.?S\.?\b|\d)(?P<list>.+)"),
    re.compile(r"\b(?:active|effective|efficacious|useful) (?:against|in|for) [^.;]*?\bincluding (?P<list>.+)"),
    re.compile(r"\b(?:active|effective) against [^.;]*?\b(?:organisms|bacteria|species|pathogens|strains) "
               r"(?:that|which) cause (?P<list>.+)"),
    re.compile(r"\b(?:[\w-]+ )?activity against (?P<list>.+)"),
    # 'approved (for use in the United States in 1998) for the therapy of', 'received accelerated approval
    # for use in the United States in 2011 for the treatment of'
    re.compile(rf"\bapprov(?:ed|al) (?:[^.;]{{0,60}}? )?(?:for|as) (?:the |an? )?(?:adjuvant |adjunctive |adjunct )?{THERAPY} "
               rf"(?:of|in|for) (?P<list>.+)"),
    # 'approved for use in the United States in 1996 for A (and subsequently for B)'
    re.compile(r"\bapprov(?:ed|al) [^.;]{0,60}?\bin (?:19|20)\d\d (?:for (?!use\b|the\b|an?\b|\d|(?:adjuvant |adjunctive |adjunct )?"
               rf"{THERAPY}\b)|in (?=(?:[\w-]+ ){{0,2}}?(?:patients|adults|children|persons) (?:with|who have|having)\b))(?P<list>.+)"),
    # 'widely used for minor and outpatient surgical procedures': read only when the parse shows the
    # drug is what is used (USED_FOR below)
    re.compile(rf"\b(?:used|prescribed|employed) {ADVS}(?:in (?:[\w-]+ ){{0,2}}?(?:medicine|remedies) )?(?:as an? (?:[\w-]+ ){{1,3}}?)?for (?!(?:the |an? )?(?:adjuvant |adjunctive |adjunct )?(?:(?:short|long)[- ]term )?"
               rf"{THERAPY}\b|an?\b|\d|several|many|up to|years|decades|centuries|more|less|over|"
               r"(?:long|short)(?:er)?(?:[- ]term)? (?:periods?|times?|courses?|durations?|intervals?)\b|"
               r"this|that|these|its|their|such|other)(?P<list>.+)"),
)
# 'X is approved for A and for B' (IN2, IN3): a condition right after 'approved for'
APPROVED_FOR = re.compile(rf"\b(?:is|are|was|were|been|being|now|also|later|subsequently) approved (?:only |also |initially |first )?for "
                          rf"(?!use\b|the\b|an?\b|\d|marketing|sale|children|adults|patients|this\b|these\b|that\b|those\b|such\b|its\b|their\b|other\b|(?:adjuvant |adjunctive |adjunct )?{THERAPY}\b)(?P<list>.+)")
USED_IN = re.compile(rf"\bused {ADVS}(?:as an? [\w -]+? )?in (?!(?:the |an? )?(?:adjuvant |adjunctive |adjunct )?"
                     rf"(?:(?:short|long)[- ]term |chronic |acute |symptomatic )?{THERAPY}\b|combination|clinical|practice|developing|countries|hospitals?|settings?|"
                     r"patients|children|adults|doses|the |a |an |this|these|its|their|many|several|some|most|"
                     r"high|low|both|other|\d)(?P<list>.+)")
# 'it is also used in combination with other agents in head and neck cancer'
USED_WITH = re.compile(rf"\bused {ADVS}(?:alone (?:and|or) )?in combination with (?:(?!\b(?:and|or|is|are)\b)[\w -])*? (?:in|for) "
                       rf"(?!(?:the |an? )?{THERAPY}\b|patients|children|adults|the |a |an |\d)(?P<list>.+)")
# 'X is now recommended only for A', 'X is often reserved for patients with A' (the drug as subject)
RESERVED_FOR = re.compile(r"\b(?:recommended|reserved) (?:only )?for (?:use in )?(?P<list>.+)")
# 'X is a second line drug in the therapy of A', 'used only as a secondary agent in the treatment of A'
AGENT_IN = re.compile(rf"\b(?:is|are|was|remains|as) (?:(?:\w+ly|also|still|now) )?(?:an? |the )(?:[\w-]+ ){{0,4}}?"
                      rf"(?:drug|agent|medication|option)s? (?:in|for) (?:the )?(?:[\w-]+ )?{THERAPY} (?:of|for) (?P<list>.+)")
# 'X has been used in patients with A' (the drug as subject; not 'should be used cautiously in patients
# with B', a precaution)
USED_IN_PATIENTS = re.compile(rf"(?<!\bbe )\b(?:used|given|prescribed) (?!(?:cautiously|carefully)\b){ADVS}(?:in|for) "
                              rf"(?:[\w-]+ ){{0,2}}?(?:patients|persons|people|adults|children|women|men) "
                              rf"(?:with|who have|having) (?P<list>.+)")
USED_FOR = INDICATION_PATTERNS[-1]
INDICATION_PATTERNS = INDICATION_PATTERNS + (USED_IN, USED_WITH, RESERVED_FOR, AGENT_IN, USED_IN_PATIENTS, APPROVED_FOR)
NEEDS_DRUG_SUBJECT = (USED_FOR, USED_IN, USED_WITH, RESERVED_FOR, USED_IN_PATIENTS)
TREAT_VERBS = frozenset(re.sub(r"^to ", "", v) for v in PURPOSE_VERB.split("|"))
THERAPY_OF = re.compile(rf"^(?:the )?{THERAPY}{MORE_THERAPY} (?:of|against|for|in) ")
COORDINATED_THERAPY = re.compile(
    rf"^(?:the )?{THERAPY} (?:of|against|for|in) (?P<a>.+?) and (?:for |in )?(?:the )?{THERAPY} (?:of|against|for|in) (?P<b>.+)$"
)


def _head(np: str) -> str:
    """'chronic or recurrent urinary tract infections' -> 'urinary tract infections'."""
    m = re.match(r"^[\w-]+(?: (?:or|and) [\w-]+)+ (?P<h>.+)$", np)
    if m:
        return m.group("h")
    first, _, rest = np.partition(" ")
    return rest if first.lower() in MODIFIERS and rest else np


MODIFIER_TAGS = frozenset(("ADJ", "ADV", "VERB", "PUNCT", "CCONJ", "PART"))


# an age after a population: 'aged 65 and over', 'children 12 years of age and older'
AGE = (r"(?:\s+(?:aged|over|under|older than|younger than|of age|as (?:young|old) as)\b[\w -]*?|"
       r"\s+\d+(?: (?:to|and) \d+)? (?:years?|months?)(?: of age)?(?: (?:and|or) (?:older|over|above|younger|under))?)?")


def _population_patterns() -> tuple[re.Pattern, re.Pattern]:
    pops = "|".join(re.escape(w) for w in indication_words("population"))
    age = AGE
    lead = re.compile(rf"^(?:(?:for|in) )?(?:[\w-]+ )?(?:{pops}){age} (?:with|who have|having) ", re.I)
    tail = re.compile(rf"\s+(?:in|for|among) (?:an? |the )?(?:(?:adult|pediatric|elderly|older|young|hospitalized|critically ill)\s+)?"
                      rf"(?:{pops}){age}(?:\s+(?:and|or)\s+(?:{pops}){age})?"
                      # what qualifies the population: 'with X', 'who have X', a participle ('desiring pregnancy')
                      rf"(?: (?:with|who \w+|having|\w+ing) [^,;]+)?$", re.I)
    return lead, tail


def _population_qualifier() -> re.Pattern:
    """'gonorrhea and syphilis in penicillin-allergic patients, ...': a population inside a list
    qualifies the item before it and is no part of the condition."""
    pops = "|".join(re.escape(w) for w in indication_words("population"))
    return re.compile(rf"\s+(?:both\s+)?(?:in|among) (?:[\w-]+\s+){{0,2}}?(?:{pops}){AGE}(?:\s+and\s+(?:in\s+)?(?:[\w-]+\s+)?(?:{pops}){AGE})?"
                      # a population at risk, whatever the list of risks ('in persons at high risk for A, B and C'; IN6)
                      rf"(?:(?=,|$)|\s+at (?:high |higher |increased |greater |elevated )?risk (?:for|of) [^;]+$)",
                      re.I)


# what comes after the condition: the agents that cause it, how or when it is used, a clause
TRAILING = re.compile(
    r"\s+(?:(?:due to|caused by)\s+(?:susceptible|sensitive|resistant)\b.*|(?:as|in) (?:a |an )?(?:single agent|"
    r"monotherapy|adjunct(?:ive)?(?: therapy)?|first[- ]line(?: therapy| treatment)?|combination)\b.*|in (?:19|20)\d\d\b.*|"
    r"in the United States\b.*|where\b.*|(?:ages?|aged) \d.*|for (?:more than |over |nearly |almost |many |several |\d+ )+(?:years|decades)\b.*|"
    r"(?:in )?both (?:in )?(?:adults|children|men|women) and (?:in )?(?:adults|children|men|women)\b.*|both in vitro\b.*|in vitro\b.*|(?:usually|often|typically)\b.*|"
    r"(?:in|with) combination\b.*|in patients\b.*|(?:both )?in men and women\b.*|"
    # the treatment history is no part of the condition ('carcinoma after failure of prior therapy')
    r"(?:after|following|despite) (?:the )?(?:failure|progression|relapse|intolerance|prior|previous|earlier|"
    r"(?:one|two|three|\d) or more|at least)\b.*|"
    r"as an? [\w -]+? agent\b.*|to (?:both |either )?(?:induce|maintain|prevent|treat|reduce|improve)\b.*)$", re.I)
# the phases of a therapy, also coordinated: 'initial, consolidation and maintenance therapy of'
PHASE = r"(?:initial|primary|induction|consolidation|maintenance|salvage|adjuvant|neoadjuvant|palliative|first[- ]line|second[- ]line)"
PHASES = rf"{PHASE}(?:(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+){PHASE})* {THERAPY} (?:of|for|in)\s+"
PURPOSE_OF = "|".join(re.escape(w) for w in indication_words("purpose_of"))
LEADING = re.compile(
    rf"^(?:{PURPOSE_AS}|{PHASES}|(?:[\w-]+\s+)?(?:{PURPOSE_OF}) (?:of|in)\s+|(?:for|in|as) (?:the )?(?:adjunctive |adjuvant |symptomatic |initial |long-term |short-term |chronic |acute )?"
    rf"(?:{THERAPY}|chemotherapy){MORE_THERAPY} (?:of|for|in)\s+|(?:chemotherapy|therapy|treatment) for\s+|"
    rf"(?:for|in) (?!the\b)|treated\s+|(?:prevention|prophylaxis) (?:of|against)\s+|other\s+|"
    rf"(?:several |various |many |all )?forms of\s+|(?:chemo|immuno)therapy (?:of|for)\s+|"
    rf"(?:the )?(?:drug |agent |treatment |therapy )?(?:of )?choice (?:for|in)\s+|"
    rf"to (?:improve|prolong|increase) survival (?:after|in|of)\s+|(?:relapses?|recurrences?) (?:of|in)\s+|"
    rf"(?:in combination )?with [\w-]+ (?:for|in)\s+|(?:some |special |potent |good )?activity against\s+|"
    rf"(?:an? )?adjunct(?:ive therapy)? to [^,;]*? (?:for|in) (?:the )?(?:{THERAPY} (?:of|for|in)\s+)?)", re.I)
# organisms, not conditions: "-todes" worm classes (not "episodes"), '-cocci', Latin binomials after 'activity against'
ORGANISMS = re.compile(r"\b\w+(?:todes|cocci|bacilli|mycetes)\b|\bspectrum\b|^(?:HIV|HBV|HCV|HIV-1|HIV-2)$|"
                       r"\bvirus(?: \([^()]*\))?$", re.I)
BINOMIAL = re.compile(r"^[A-Z][a-z]+ [a-z]{3,}(?: \([^()]*\))?$")


def condition_word(word: str) -> bool:
    """A noun that names a condition by itself ('syndrome', 'dysarthria', 'hepatitis'): a head,
    never a modifier of the next conjunct (data/lexicon/indication-words.tsv)."""
    w = re.sub(r"^\W+|\W+$", "", word.lower())
    if w in indication_words("condition_head"):
        return True
    return any(w.endswith(suf) and len(w) > len(suf) + 2 for suf in indication_words("condition_suffix"))


def names_class(item: str) -> bool:
    """'autoimmune diseases', 'several autoimmune conditions', 'cancers': a class of conditions (a
    hypernym before a list, or too vague), no condition of its own."""
    ws = re.findall(r"[\w-]+", item.lower())
    return bool(ws) and ws[-1] in indication_words("class_head") and all(
        w in indication_words("class_modifier") or w in indication_words("class_head") or w in ("and", "or")
        for w in ws[:-1])


# 'to reduce the risk of cardiovascular mortality in patients with coronary artery disease', 'adjuvant
# therapy in patients with X': when what comes before the population names no condition, the
# population's condition is the indication
WITH_CONDITION = re.compile(r"^(?P<pre>.+?)\s+(?:in|for|among) (?:[\w-]+\s+){0,2}?(?:patients|persons|people|adults|children|"
                            r"individuals|subjects|women|men)(?: (?:with|who have|having)) (?P<x>.+)$", re.I)


# frequency and focus adverbs before an item are framing ('mainly ovarian ... cancers', 'rarely in X')
FRAMING_ADVERB = re.compile(r"^(?:(?:only|mainly|mostly|largely|primarily|chiefly|particularly|especially|usually|typically|"
                            r"commonly|occasionally|rarely|often|sometimes|also|both)\s+)+(?:in\s+|for\s+)?", re.I)
# keeping a normal state is a purpose; the condition is what it follows ('maintenance of normal sinus
# rhythm after conversion of atrial fibrillation')
NORMAL_STATE = re.compile(r"^(?:(?:subsequent|long-term)\s+)?(?:maintenance|restoration|preservation) of (?:a )?normal\b"
                          r"[^,;]*?(?:\s(?:after|following) (?:(?:conversion|cardioversion|treatment|termination) of )?"
                          r"(?P<x>.+))?$", re.I)


def _head_part(low: str) -> str:
    """The noun phrase before its complement or participle ('vomiting' of 'vomiting caused by
    chemotherapy', 'replication' of 'viral replication in cells')."""
    return re.split(r"\s(?:of|in|for|with|after|from|to|by|at|on|caused|induced|associated|due|related|secondary)\s", low)[0]


def condition(item: str, members_follow: bool = False) -> str | None:
    """The condition an indication item names, without populations, purpose words and
    explanations; None when the item names none ('prevention', 'children', a molecular target)."""
    lead, tail = _population_patterns()
    item = drop_therapy_notes(drop_explanations(item))
    item = FRAMING_ADVERB.sub("", item)
    m = WITH_CONDITION.match(item)
    if m and not any(condition_word(w) for w in m.group("pre").split()):
        item = m.group("x")
    m = NORMAL_STATE.match(item)
    if m:  # 'maintenance of normal sinus rhythm (after conversion of X)': a state kept, no condition
        if not m.group("x"):
            return None
        item = m.group("x")
    prev = None
    while prev != item:
        prev = item
        item = TRAILING.sub("", LEADING.sub("", item)).strip(" ,")
    item = tail.sub("", lead.sub("", item))
    purposes = "|".join(re.escape(w) for w in indication_words("purpose"))
    item = re.sub(rf"^(?:the )?(?:{purposes}) (?:for|against) ", "", item, flags=re.I)
    item = clean_item(item)
    low = item.lower()
    if not item or low in indication_words("purpose") or low in indication_words("population"):
        return None
    if low.split()[-1] in indication_words("purpose") and not any(condition_word(w) for w in low.split()):
        return None  # 'short term use', 'chronic therapy': a purpose with its duration, no condition
    if re.match(r"as an?\s", low):
        return None  # 'as a sleep aid': a role of the drug, no condition
    if len(low) < 3 or low in ("latter", "former", "these", "those", "others", "vivo", "vitro"):
        return None
    if re.fullmatch(r"\w+ly|always|often|also|now|still|currently", low) and not condition_word(low):
        return None  # an adverb left over from the sentence ('usually'), no condition
    if low.split()[-1] in indication_words("site") and low.split()[-1] not in ("tract", "joint") and all(
            w in indication_words("site") or w in ("and", "or", "the") for w in re.findall(r"[\w-]+", low)):
        return None  # 'urinary tract' (cut from 'urinary tract but not systemic infections'): no condition
    if re.search(r"\b(?:with|of|for|in|to|and|or|the|tract)$", low) or ORGANISMS.search(item):
        return None  # a fragment ('choice in patients with') or organisms ('nematodes (Ascaris)')
    if re.search(r"(?:chemo)?therapy$|\bregimens?$", low):
        return None  # 'cancer chemotherapy': a treatment, not a condition
    if re.fullmatch(rf"(?:for |in )?(?:{'|'.join(re.escape(w) for w in indication_words('population'))})", low):
        return None
    # the head noun: the last word before a complement ('replication' in 'viral replication in cells')
    if _head_part(low).split()[-1] in indication_words("not_condition_head"):
        return None  # 'fungal agents', 'viral replication': an agent or a process, no condition
    if grounding.lexicon_target(item):  # the drug's target, not a condition
        return None
    if names_class(item) and not members_follow:
        # 'autoimmune diseases', 'cancers': a class, no condition -- unless its members follow ('infections
        # such as pneumonia': class and members are items, IN7)
        return None
    return item


def _generic_class(phrase: str) -> bool:
    """'severe autoimmune conditions', 'serious bacterial, fungal and parasitic conditions' before
    'including'/'such as': a generic head ('conditions', 'disorders', ...) with only adjectives before
    it names the class of the members that follow, no condition of its own."""
    ws = re.findall(r"[\w-]+", phrase.lower())
    return (len(ws) > 0 and ws[-1] in indication_words("generic_head")
            and all(w in ("and", "or") or w in indication_words("class_modifier") or _adjective(w) for w in ws[:-1]))


def _merge_modifiers(phrase: str, items: list[str]) -> list[str]:
    """'locally advanced, unresectable or metastatic pancreatic cancer': items made only of
    modifiers (adjectives, adverbs, participles by their part-of-speech tags) share the head of
    the next item, so the coordination stays one condition."""
    if len(items) < 2:
        return items
    doc = parse(FRAME + phrase + ".")
    spans, pos = [], 0
    for it in items:
        i = phrase.find(it, pos)
        if i < 0:
            return items
        spans.append((i, i + len(it)))
        pos = i + len(it)
    sites = set(indication_words("site"))

    def modifier_only(s: int, e: int) -> bool:
        toks = [t for t in doc if len(FRAME) + s <= t.idx < len(FRAME) + e and not t.is_punct]
        if not toks or condition_word(toks[-1].text):
            return False  # 'dysarthria, tic disorders': a condition noun heads its own conjunct
        # 'short term diagnostic and surgical procedures', 'moderate-to-severe systemic or skin,
        # intra-abdominal ... infections': a conjunct ending in an adjective or a site has no head noun
        # of its own
        return (all(t.pos_ in MODIFIER_TAGS or t.lower_ in sites for t in toks)
                or (toks[-1].pos_ == "ADJ" and (toks[-1].dep_ == "amod" or _adjective(toks[-1].text)))
                or toks[-1].lower_ in sites)

    def eponym(j: int) -> bool:
        """'dementia in Alzheimer and Parkinson disease': a name without a head shares the next
        conjunct's head when that conjunct is a name and a condition noun."""
        last, nxt = items[j].split()[-1], items[j + 1].split()
        return (re.fullmatch(r"[A-Z][a-z]+(?:['’]s)?", last) is not None and not condition_word(last)
                and len(nxt) == 2 and nxt[0][:1].isupper() and condition_word(nxt[1]))
    def eponym_pair(j: int) -> bool:
        """'Hodgkin and non-Hodgkin lymphomas': 'X and non-X N' shares the head N."""
        word = re.sub(r"['’]s$", "", items[j].lower())
        return " " not in word and re.match(rf"non-?{re.escape(word)}\b", items[j + 1].lower()) is not None
    out, k = [], 0
    while k < len(items):
        j = k
        while j < len(items) - 1 and (modifier_only(*spans[j]) or eponym_pair(j) or eponym(j) or (
                len(items[j].split()) == 1 and _adjective(items[j]) and len(items[j + 1].split()) > 1)):
            j += 1
        out.append(items[k] if j == k else phrase[spans[k][0]:spans[j][1]])
        k = j + 1
    return out


def _open_parenthesis_end(text: str, start: int) -> int | None:
    """A list that starts inside a parenthesis ends at its closing bracket ('as an adaptogen (to treat A
    and B), an aphrodisiac ...'): the offset of that bracket from ``start``, None outside parentheses."""
    depth = 0
    for ch in text[:start]:
        depth += ch in "(["
        depth -= ch in ")]" and depth > 0
    if not depth:
        return None
    for i, ch in enumerate(text[start:]):
        depth += ch in "(["
        depth -= ch in ")]"
        if depth == 0:
            return i
    return None


def _drug_is_used(ctx: Context, text: str, pos: int) -> bool:
    """'X is widely used for Y' (X the drug, also through 'an agent that is used for'), not
    'intermittent dosing is used for Y'."""
    doc = parse(text)
    used = next((t for t in doc if t.idx == pos), None)
    return used is not None and subject_is_agent(ctx.mentions_agent, used)


# a complement inside a list phrase: its commas and conjunctions are not the list's
COMPLEMENT = r"\s(?:of|in|for|with|from|at|to|due to|caused by|associated with|after|during|among)\s"


def _indication_items(phrase: str) -> list[str]:
    # 'many fungal infections including A, B and C': a quantified class is named by its members only
    quantified = re.search(r"\b(?:many|several|various|numerous|a (?:wide |broad |large )?(?:variety|range|number) of)\s[^,;]*?"
                           r"\s(?:including|such as)\s", phrase, re.I) is not None
    phrase = _population_qualifier().sub("", cues.strip_quantifiers(cues.strip_framing(phrase)))
    # 'bronchospasm in patients with asthma and emphysema': after a condition, the population and its
    # conditions qualify it (their conjunctions are not the list's); with no condition before, the
    # population's conditions are the items (see WITH_CONDITION)
    m = WITH_CONDITION.match(phrase)
    if (m and condition_word(m.group("pre").split()[-1]) and not re.search(r",|\s(?:and|or)\s", m.group("pre"))
            and "," not in m.group("x")):
        phrase = m.group("pre")
    elif m and not any(condition_word(w) for w in m.group("pre").split()) and not re.search(r",|\s(?:and|or)\s", m.group("pre")):
        phrase = m.group("x")  # 'reduction of eye pressure in patients with A or B': A and B are the items
    if first_top(phrase, PURPOSE_SPLIT) < len(phrase):
        parts = [LEADING.sub("", p.strip()) or p.strip() for p in split_top(phrase, PURPOSE_SPLIT) if p.strip()]
        out = []
        for k, part in enumerate(parts):
            if k < len(parts) - 1 and first_top(part, ",") < len(part):
                # 'A, B, and as adjunctive therapy for C': the series before the purpose piece has
                # lost its conjunction to it, so its commas separate items
                segs = [clean_item(x) for x in split_top(part, r",\s+(?:(?:and|or)\s+)?")]
                out += [i for seg in _merge_modifiers(part, [x for x in segs if x]) for i in _indication_items(seg)]
            else:
                out += _indication_items(part)
        return out
    inc = first_top(phrase, r",?\s(?:including|such as)\s(?:\(but not limited to\)\s)?")
    if inc < len(phrase):
        # 'mild-to-moderate bacterial infections including A, B and C': the class and the named ones;
        # a quantified class ('many fungal infections including ...') only by its members
        m = re.compile(r",?\s(?:including|such as)\s(?:\(but not limited to\)\s)?").match(phrase, inc)
        before, named = phrase[:inc], phrase[m.end():]
        head = [] if quantified or _generic_class(before) else _indication_items(before)
        return head + _indication_items(named)
    if first_top(phrase, r"\sas well as\s") < len(phrase):
        return [i for part in split_top(phrase, r"\s+as well as\s+") for i in _indication_items(part)]
    att = first_top(phrase, ATTACHED)
    if att < len(phrase):
        if re.fullmatch(r"[\w-]+(?: [\w-]+)? (?:and|or) [\w-]+(?: [\w-]+)?", phrase[:att]) and not re.search(r",", phrase[:att]):
            return [phrase]  # 'rash and itching due to X': the phrase after both is shared, one item (IN5)
        items = _indication_items(phrase[:att])
        return items[:-1] + [items[-1] + phrase[att:]] if items else []
    m = COORDINATED_THERAPY.match(phrase)
    if m:
        a, b = m.group("a").strip(), m.group("b").strip()
        if len(a.split()) == 1 and a.lower() in MODIFIERS:
            a = f"{a} {_head(b)}"
        return split_series(a) + _indication_items(b)
    phrase = re.sub(rf"^(?:the )?{THERAPY}{MORE_THERAPY} (?:of|against|for|in) ", "", phrase)
    prev = None
    while prev != phrase:
        prev, phrase = phrase, LEADING.sub("", phrase) or phrase
    if first_top(phrase, COMPLEMENT) < len(phrase):  # 'X in persons at high risk for A, B and C'
        return [THERAPY_OF.sub("", i) or i for i in _merge_modifiers(phrase, split_series(phrase))]
    # a lone letter or number is no conjunct of its own: 'influenza A and B', 'hepatitis B or C' share the head
    segments = [clean_item(x) for x in split_top(phrase, r",\s+(?:(?:and|or)\s+)?|(?<!\b[A-Z0-9])\s+(?:and|or)\s+(?![A-Z0-9]\b)")]
    items = _merge_modifiers(phrase, [x for x in segments if x])
    # '... and prevention and treatment of malaria': a purpose that heads an item is no part of it
    return [THERAPY_OF.sub("", i) or i for i in items]


def rule_indications(ctx: Context) -> Iterator[Found]:
    for sent in ctx.prose():
        text = sent.stated
        consumed: list[tuple[int, int]] = []
        for rx in INDICATION_PATTERNS:
            for m in rx.finditer(text):
                cs, ce = cues.clause_at(text, m.start())
                # a negation cue after the list ('... in patients with atrial fibrillation not related
                # to valvular disease') does not deny the indication
                inside = _open_parenthesis_end(text, m.start("list"))
                whole = m.group("list")[:inside]
                list_end = m.start("list") + len(cut(whole, INDICATION_END))
                # an off-label use is a use too (LABELLING.md IN8)
                if not ok(sent, m.start(), list_end):
                    continue
                if NOT_APPROVED.search(text[list_end:]):
                    continue  # 'effective in A and B, but is not approved for these conditions'
                if EXPERIMENTAL.search(text[m.start():max(ce, list_end)]):
                    continue  # 'activity against X in vitro', '... in animal models': a finding, no indication
                if rx in NEEDS_DRUG_SUBJECT and not _drug_is_used(ctx, text, m.start()):
                    continue
                if any(s <= m.start("list") < e for s, e in consumed):
                    continue  # the same list, already read by another wording
                phrase = cut(whole, INDICATION_END)
                end = m.start("list") + len(phrase)
                phrase = ORGANISM_QUALIFIER.sub("", phrase)
                if rx is USED_IN and re.search(r"\sfor (?:its|their)\s", phrase):
                    continue  # 'used in gardening for its flowers': a setting and a reason, no condition
                if rx is USED_IN and set(re.findall(r"[a-z]+", phrase.lower())) & set(indication_words("not_condition")):
                    continue  # 'used in Ayurvedic medicine for centuries'
                consumed.append((m.start("list"), max(end, m.start("list") + 1)))
                lead = text[m.start():m.start("list")]  # the wording before the list, not the list
                if "activity against" in lead and (cues.ORGANISM_NOUNS.search(phrase) or any(
                        grounding.lexicon_target(w) or grounding.molecular_head(w)
                        for w in re.split(r",\s*|\s+(?:and|or)\s+", phrase))):
                    continue  # 'activity against many fungal species': organisms (or targets), not conditions
                verb = m.group("verb") if "verb" in rx.groupindex else None
                risk = verb is not None and re.match(RISK, verb) is not None
                verb = re.sub(r"^to ", "", verb).strip() if verb else verb
                if verb == "help":  # 'to help in smoking cessation', 'to help treat X': framing of the purpose
                    m_help = re.match(r"(?:in|with|to)\s+|(?=treat|prevent|manage|control|relieve)", phrase)
                    verb = None if m_help else verb
                    phrase = phrase[m_help.end():] if m_help else phrase
                    phrase = re.sub(r"^(?:treat|prevent|manage|control|relieve)\s+", "", phrase)
                if verb and verb not in TREAT_VERBS and not risk:
                    if runs_to_cut(sent, end) or len(phrase.split()) < 1:
                        continue
                    items = [f"{verb} {phrase}"]
                else:
                    items = _indication_items(phrase)
                    if runs_to_cut(sent, end) and not text.rstrip().endswith((",", ";")):
                        items = items[:-1]
                for item in items:
                    members = bool(item) and re.search(rf"(?<![\w-]){re.escape(item)},?\s(?:including|such as)\s", phrase) is not None
                    item = condition(item, members) if item else None
                    if item and "against" in lead and BINOMIAL.match(item):
                        continue  # 'activity against Toxoplasma gondii': an organism
                    if item and ctx.mentions_agent(item) and not re.match(r"(?i)(?:it|its|this|these)\b", item):
                        continue  # 'the use of X is reserved for ...': the drug, no condition
                    if item and item.lower() not in ("several other conditions",):
                        yield ctx.fact("indications", item, sent, m.start())


EXPERIMENTAL = re.compile(r"\b(?:%s)\b" % "|".join(re.escape(w) for w in indication_words("experimental")), re.I)


NOT_APPROVED = re.compile(r"^[^.;]*?\b(?:not|never)\s+(?:been\s+|yet\s+|formally\s+|officially\s+|currently\s+)*"
                          r"(?:approved|licensed|indicated)\s+(?:for|in)\s+(?:these|this|those|such)\b", re.I)


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


